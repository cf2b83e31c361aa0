from odoo import api, fields, models

from .safety_plan import SITUATION_TYPES
from .safety_plan_step import STEP_CONTEXTS


class SafetyStepTemplate(models.Model):
    _name = "safety.step.template"
    _description = "Safety Plan Starter Step"
    _order = "context_sequence, sequence, id"

    name = fields.Char(string="Step", required=True, translate=True)
    description = fields.Text(translate=True)
    context = fields.Selection(STEP_CONTEXTS, required=True, default="home")
    context_sequence = fields.Integer(compute="_compute_context_sequence", store=True)
    situation_type = fields.Selection(
        SITUATION_TYPES,
        string="Situation",
        help="Leave empty for a step that every plan starts with.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.depends("context")
    def _compute_context_sequence(self):
        order = {key: index for index, (key, _label) in enumerate(STEP_CONTEXTS)}
        for template in self:
            template.context_sequence = order.get(template.context, 99)
