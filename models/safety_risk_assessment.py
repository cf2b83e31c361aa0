from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safety_plan import ASSESSED_LEVELS, LEVEL_ORDER


class SafetyRiskAssessment(models.Model):
    _name = "safety.risk.assessment"
    _description = "Risk Assessment"
    _inherit = ["safety.plan.child.mixin", "safety.survivor.name.mixin"]
    _order = "date desc, id desc"

    template_id = fields.Many2one(
        "safety.risk.template",
        string="Checklist",
        required=True,
        ondelete="restrict",
        default=lambda self: self.env["safety.risk.template"].search([], limit=1),
    )
    method = fields.Selection(related="template_id.method")
    date = fields.Date(required=True, default=fields.Date.context_today)
    assessor_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
    )
    confirm_date = fields.Datetime(
        string="Confirmed On",
        readonly=True,
        copy=False,
        help="A plan's risk level follows its latest confirmed assessment.",
    )
    answer_ids = fields.One2many("safety.risk.answer", "assessment_id", string="Answers")
    score = fields.Float(compute="_compute_score", store=True)
    computed_level = fields.Selection(ASSESSED_LEVELS, compute="_compute_score", store=True)
    judgement_level = fields.Selection(
        ASSESSED_LEVELS,
        string="Professional Judgement",
        help="The assessor may raise the level above the computed one, never lower it.",
    )
    judgement_reason = fields.Text(
        string="Reason", groups="victim_safety_planning.group_safety_advocate"
    )
    risk_level = fields.Selection(ASSESSED_LEVELS, compute="_compute_risk_level", store=True)
    unanswered_count = fields.Integer(string="Questions Left", compute="_compute_unanswered_count")
    use_previous_answers = fields.Boolean(
        string="Start from Previous Answers",
        store=False,
        help="Fill the answers from the plan's last confirmed assessment with this checklist.",
    )

    @api.depends("answer_ids.answer", "answer_ids.question_id", "template_id")
    def _compute_score(self):
        for assessment in self:
            yes = assessment.answer_ids.filtered(lambda a: a.answer == "yes")
            if assessment.template_id.method == "yes_count":
                score = len(yes)
            else:
                score = sum(yes.question_id.mapped("weight"))
            assessment.score = score
            # nothing answered yet: no level, rather than the lowest one
            answered = assessment.answer_ids.filtered("answer")
            assessment.computed_level = (
                assessment.template_id._level_for_score(score, yes.question_id)
                if assessment.template_id and answered
                else False
            )

    @api.depends("answer_ids.answer")
    def _compute_unanswered_count(self):
        for assessment in self:
            assessment.unanswered_count = len(
                assessment.answer_ids.filtered(lambda a: not a.answer)
            )

    @api.depends("computed_level", "judgement_level")
    def _compute_risk_level(self):
        for assessment in self:
            if not (assessment.computed_level or assessment.judgement_level):
                # nothing answered nor judged yet: no level, not "None"
                assessment.risk_level = False
                continue
            levels = [assessment.computed_level or "none", assessment.judgement_level or "none"]
            assessment.risk_level = max(levels, key=LEVEL_ORDER.index)

    @api.depends("plan_id.name")
    def _compute_display_name(self):
        # the names come from _safety_display_name; the mixin masks them
        return super()._compute_display_name()

    def _safety_display_name(self):
        # not "safety.risk.assessment,NewId_0x..." in the breadcrumb
        self.ensure_one()
        if self.plan_id.name:
            return self.env._("Assessment of %(plan)s", plan=self.plan_id.name)
        return self.env._("New assessment")

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for assessment in self:
            if assessment.date and assessment.date > today:
                raise ValidationError(
                    self.env._(
                        "“Date” of the risk assessment (%(date)s) is in the future: assess "
                        "with today's date or an earlier one.",
                        date=assessment.date,
                    )
                )

    @api.constrains("judgement_level", "computed_level", "judgement_reason")
    def _check_judgement(self):
        for assessment in self:
            judgement = assessment.judgement_level
            if not judgement or judgement == assessment.computed_level:
                continue
            computed = assessment.computed_level or "none"
            if LEVEL_ORDER.index(judgement) < LEVEL_ORDER.index(computed):
                raise ValidationError(
                    self.env._(
                        "Professional judgement can raise the risk level but never lower "
                        "it: the answers give “%(computed)s”. Choose that level or a higher "
                        "one in “Professional Judgement”.",
                        computed=dict(
                            self._fields["computed_level"]._description_selection(self.env)
                        )[computed],
                    )
                )
            # sudo: the reason's field is for members; a constraint checks it whoever writes
            if not (assessment.sudo().judgement_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Write in “Reason” why you raise the level to “%(level)s”.",
                        level=dict(self._fields["computed_level"]._description_selection(self.env))[
                            judgement
                        ],
                    )
                )

    @api.onchange("template_id", "use_previous_answers")
    def _onchange_template_id(self):
        if self.state == "draft" and self.template_id:
            self.answer_ids = [Command.clear()] + [
                Command.create(vals) for vals in self._prepare_answer_values()
            ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._safety_check_confirmation_fields(vals)
        assessments = super().create(vals_list)
        for assessment, vals in zip(assessments, vals_list, strict=True):
            if not assessment.answer_ids:
                use_previous = vals.get("use_previous_answers")
                assessment.write(
                    {
                        "answer_ids": [
                            Command.create(v)
                            for v in assessment.with_context(
                                safety_use_previous=use_previous
                            )._prepare_answer_values()
                        ]
                    }
                )
        return assessments

    @api.model
    def _safety_check_confirmation_fields(self, vals):
        # an assessment is confirmed by Confirm, which checks its answers
        if not self.env.su and {"state", "confirm_date"} & set(vals):
            raise ValidationError(
                self.env._(
                    "An assessment is confirmed with its “Confirm” button, once every "
                    "question is answered; its state can't be written."
                )
            )

    def write(self, vals):
        self._safety_check_confirmation_fields(vals)
        self._safety_check_draft()
        return super().write(vals)

    def _safety_check_draft(self):
        # superuser paths (demo data, migrations) may date a confirmed one
        if not self.env.su and any(a.state == "confirmed" for a in self):
            raise UserError(
                self.env._(
                    "A confirmed risk assessment cannot be changed. Start a new "
                    "assessment from the plan (it can reuse these answers)."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        # only the erasure of a survivor, a server-side path running as
        # superuser, deletes confirmed assessments
        if not self.env.su and any(a.state == "confirmed" for a in self):
            raise UserError(self.env._("A confirmed risk assessment cannot be deleted."))

    def _prepare_answer_values(self):
        previous = {}
        if self.use_previous_answers or self.env.context.get("safety_use_previous"):
            last = self.search(
                [
                    ("plan_id", "=", self.plan_id.id),
                    ("template_id", "=", self.template_id.id),
                    ("state", "=", "confirmed"),
                ],
                limit=1,
            )
            previous = {a.question_id.id: a.answer for a in last.answer_ids}
        return [
            {"question_id": question.id, "answer": previous.get(question.id, False)}
            for question in self.template_id.question_ids
        ]

    def _safety_confirmation_note(self):
        self.ensure_one()
        labels = dict(self._fields["computed_level"]._description_selection(self.env))
        if self.judgement_level and self.judgement_level != self.computed_level:
            return self.env._(
                "Risk assessed with “%(checklist)s”: score %(score)s, level %(level)s, "
                "raised from %(computed)s by professional judgement: %(reason)s",
                checklist=self.template_id.name,
                score=f"{self.score:g}",
                level=labels[self.risk_level],
                computed=labels[self.computed_level],
                # sudo: posted on the plan's chatter, which members only read
                reason=self.sudo().judgement_reason,
            )
        return self.env._(
            "Risk assessed with “%(checklist)s”: score %(score)s, level %(level)s.",
            checklist=self.template_id.name,
            score=f"{self.score:g}",
            level=labels[self.risk_level],
        )

    def action_confirm(self):
        for assessment in self:
            unanswered = assessment.answer_ids.filtered(lambda a: not a.answer)
            if unanswered:
                raise UserError(
                    self.env._(
                        "Answer every question before confirming (yes, no or unknown). "
                        "Unanswered:\n%(questions)s",
                        questions="\n".join(f"- {a.question_id.name}" for a in unanswered),
                    )
                )
            assessment.check_access("write")
            # sudo: the state and its date are the system's (a client can't write
            # them); the user's right to confirm was checked just above
            assessment.sudo().write({"state": "confirmed", "confirm_date": fields.Datetime.now()})
            plan = assessment.plan_id
            # the new level moves the review at once, as a change of the plan would
            self.env["safety.plan.scheduler"]._sync_reviews_as_writer(plan)
            # the reassessment an incident asked for is done
            plan.activity_feedback(
                ["victim_safety_planning.mail_activity_type_safety_reassessment"],
                feedback=self.env._("Risk reassessed."),
                only_automated=False,
            )
            plan.message_post(
                body=Markup("<p>%s</p>") % assessment._safety_confirmation_note(),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        if len(self) == 1:
            # back to the plan, where the new level and review date show
            return {
                "type": "ir.actions.act_window",
                "res_model": "safety.plan",
                "res_id": self.plan_id.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return True
