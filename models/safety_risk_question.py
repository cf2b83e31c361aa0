from odoo import api, fields, models

from .safety_plan import ASSESSED_LEVELS
from .value_checks import check_not_blank


class SafetyRiskQuestion(models.Model):
    _name = "safety.risk.question"
    _description = "Risk Checklist Question"
    _inherit = ["safety.risk.template.part"]
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "safety.risk.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    category = fields.Char(translate=True, help="Questions are grouped by category.")
    name = fields.Char(string="Question", required=True, translate=True)
    help_text = fields.Text(translate=True)
    weight = fields.Float(default=1.0, help="Points a yes adds with the weighted sum method.")
    is_critical = fields.Boolean(
        string="Critical",
        help="A yes sets the risk to at least the critical level below, whatever the score.",
    )
    critical_level = fields.Selection(
        [level for level in ASSESSED_LEVELS if level[0] != "none"],
        string="At Least",
        default="high",
    )

    _weight_positive = models.Constraint(
        "CHECK(weight >= 0)",
        "A question's weight cannot be negative: use 0 for a question that only informs.",
    )

    @api.constrains("name")
    def _check_name(self):
        check_not_blank(self, "name")
