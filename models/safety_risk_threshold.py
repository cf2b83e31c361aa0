from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .safety_plan import ASSESSED_LEVELS, LEVEL_ORDER


class SafetyRiskThreshold(models.Model):
    _name = "safety.risk.threshold"
    _description = "Risk Checklist Threshold"
    _inherit = ["safety.risk.template.part"]
    _order = "template_id, min_score, id"

    template_id = fields.Many2one(
        "safety.risk.template", required=True, index=True, ondelete="cascade"
    )
    level = fields.Selection(
        [level for level in ASSESSED_LEVELS if level[0] != "none"], required=True
    )
    min_score = fields.Float(
        string="From Score", required=True, help="Scores from this value up reach the level."
    )

    _level_uniq = models.Constraint(
        "UNIQUE(template_id, level)", "Each level can have only one threshold per checklist."
    )

    @api.constrains("level", "min_score", "template_id")
    def _check_increasing(self):
        for template in self.template_id:
            thresholds = template.threshold_ids.sorted(lambda t: LEVEL_ORDER.index(t.level))
            for lower, higher in pairwise(thresholds):
                if higher.min_score <= lower.min_score:
                    raise ValidationError(
                        self.env._(
                            "Thresholds of “%(template)s” must strictly increase with the "
                            "level: “%(higher)s” starts at %(high_score)s, which is not above "
                            "“%(lower)s” at %(low_score)s.",
                            template=template.name,
                            higher=dict(self._fields["level"]._description_selection(self.env))[
                                higher.level
                            ],
                            high_score=higher.min_score,
                            lower=dict(self._fields["level"]._description_selection(self.env))[
                                lower.level
                            ],
                            low_score=lower.min_score,
                        )
                    )
