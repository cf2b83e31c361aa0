from odoo import fields, models

from .safety_plan import SITUATION_TYPES


class SafetyStepTemplate(models.Model):
    _name = "safety.step.template"
    _description = "Safety Plan Starter Step"
    _inherit = ["safety.step.context.mixin", "safety.input.guard.mixin"]
    _order = "context_sequence, sequence, id"

    name = fields.Char(string="Step", required=True, translate=True)
    description = fields.Text(translate=True)
    situation_type = fields.Selection(
        SITUATION_TYPES,
        string="Situation",
        help="Leave empty for a step that every plan starts with.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
