from odoo import api, fields, models

from .safety_plan import SITUATION_TYPES
from .value_checks import check_not_blank


class SafetyStepTemplate(models.Model):
    _name = "safety.step.template"
    _description = "Safety Plan Starter Step"
    _inherit = ["safety.step.context.mixin"]
    _order = "context_sequence, sequence, id"

    name = fields.Char(string="Step", required=True, translate=True)
    discreet_name = fields.Char(
        string="Discreet Wording",
        translate=True,
        help="How the step prints on a discreet plan: words that don't say what the plan "
        "is about, in case someone else finds it.",
    )
    description = fields.Text(translate=True)
    situation_type = fields.Selection(
        SITUATION_TYPES,
        string="Situation",
        help="Leave empty for a step that every plan starts with.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.constrains("name")
    def _check_name(self):
        check_not_blank(self, "name")
