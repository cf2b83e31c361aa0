from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafetyRiskAnswer(models.Model):
    _name = "safety.risk.answer"
    _description = "Risk Assessment Answer"
    _inherit = ["safety.confidential.mixin"]
    _order = "assessment_id, sequence, id"

    assessment_id = fields.Many2one(
        "safety.risk.assessment", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="assessment_id.company_id", store=True, index=True)
    question_id = fields.Many2one("safety.risk.question", required=True, ondelete="restrict")
    sequence = fields.Integer(related="question_id.sequence", store=True)
    category = fields.Char(related="question_id.category")
    help_text = fields.Text(related="question_id.help_text")
    is_critical = fields.Boolean(related="question_id.is_critical")
    answer = fields.Selection(
        [("yes", "Yes"), ("no", "No"), ("unknown", "Unknown")],
    )

    _question_uniq = models.UniqueIndex(
        "(assessment_id, question_id)",
        "A question is answered once per assessment.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._safety_own_values(vals_list, "create")
        # a missing question would otherwise come back as a database error
        # about deleting records; what is not an id is the ORM's to refuse
        question_ids = {
            vals["question_id"] for vals in vals_list if isinstance(vals.get("question_id"), int)
        }
        questions = self.env["safety.risk.question"].browse(question_ids)
        if len(questions.exists()) != len(questions):
            raise ValidationError(
                self.env._(
                    "“Question” names a question that does not exist: answer the "
                    "questions of the assessment's checklist."
                )
            )
        assessments = self.env["safety.risk.assessment"].browse(
            {
                vals["assessment_id"]
                for vals in vals_list
                if isinstance(vals.get("assessment_id"), int)
            }
        )
        assessments._safety_check_draft()
        return super().create(vals_list)

    def write(self, vals):
        vals = self._safety_own_values([vals], "write")[0]
        target = vals.get("assessment_id")
        target = self.env["safety.risk.assessment"].browse(
            target if isinstance(target, int) else ()
        )
        (self.assessment_id | target)._safety_check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        self.assessment_id._safety_check_draft()

    @api.constrains("question_id", "assessment_id")
    def _check_question_of_checklist(self):
        for answer in self:
            if answer.question_id.template_id != answer.assessment_id.template_id:
                raise ValidationError(
                    self.env._(
                        "The question “%(question)s” is not part of the checklist "
                        "“%(checklist)s” of this assessment: only its own questions count.",
                        question=answer.question_id.name,
                        checklist=answer.assessment_id.template_id.name,
                    )
                )
