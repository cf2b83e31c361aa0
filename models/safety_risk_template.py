from odoo import api, fields, models
from odoo.exceptions import UserError

from .safety_plan import LEVEL_ORDER
from .value_checks import check_not_blank

SCORING_METHODS = [
    ("weighted_sum", "Weighted sum of yes answers"),
    ("yes_count", "Count of yes answers"),
]


class SafetyRiskTemplate(models.Model):
    _name = "safety.risk.template"
    _description = "Risk Checklist"
    _order = "sequence, name, version desc, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Html(translate=True)
    method = fields.Selection(
        SCORING_METHODS, string="Scoring", required=True, default="weighted_sum"
    )
    version = fields.Integer(default=1, readonly=True, copy=False)
    previous_version_id = fields.Many2one("safety.risk.template", readonly=True, copy=False)
    question_ids = fields.One2many(
        "safety.risk.question", "template_id", string="Questions", copy=True
    )
    threshold_ids = fields.One2many(
        "safety.risk.threshold", "template_id", string="Thresholds", copy=True
    )
    assessment_count = fields.Integer(compute="_compute_assessment_count")
    is_used = fields.Boolean(
        compute="_compute_assessment_count",
        help="Confirmed assessments use this version: edit a new version instead.",
    )

    @api.constrains("name")
    def _check_name(self):
        check_not_blank(self, "name")

    def _compute_assessment_count(self):
        # sudo: counts only; managers edit checklists whatever plans they see
        counts = dict(
            self.env["safety.risk.assessment"]
            .sudo()
            ._read_group(
                [("template_id", "in", self.ids), ("state", "=", "confirmed")],
                ["template_id"],
                ["__count"],
            )
        )
        for template in self:
            template.assessment_count = counts.get(template, 0)
            template.is_used = bool(template.assessment_count)

    # Fields whose change would alter how past assessments were scored.
    _SCORING_FIELDS = ("method", "question_ids", "threshold_ids")

    def write(self, vals):
        if set(vals) & set(self._SCORING_FIELDS):
            self._check_not_used()
        return super().write(vals)

    def _check_not_used(self):
        used = self.filtered("is_used")
        if used:
            raise UserError(
                self.env._(
                    "“%(name)s” (version %(version)s) has confirmed assessments whose "
                    "scores must not change. Click “New Version” and edit the copy.",
                    name=used[0].name,
                    version=used[0].version,
                )
            )

    def action_new_version(self):
        """Copy the checklist with its questions and thresholds, archive this
        version, and open the copy: past assessments keep pointing here."""
        self.ensure_one()
        new = self.copy(
            {
                "name": self.name,
                "version": self.version + 1,
                "previous_version_id": self.id,
            }
        )
        self.active = False
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _level_for_score(self, score, yes_questions):
        """Level for a score: the highest threshold reached, raised by any
        critical question answered yes."""
        self.ensure_one()
        level = "none"
        for threshold in self.threshold_ids.sorted(lambda t: LEVEL_ORDER.index(t.level)):
            if score >= threshold.min_score:
                level = threshold.level
        critical = yes_questions.filtered("is_critical").mapped("critical_level")
        return max([level, *critical], key=LEVEL_ORDER.index)
