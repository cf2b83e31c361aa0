from odoo import fields, models
from odoo.exceptions import UserError


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

    def write(self, vals):
        if any(answer.assessment_id.state == "confirmed" for answer in self):
            raise UserError(
                self.env._("The answers of a confirmed risk assessment cannot be changed.")
            )
        return super().write(vals)
