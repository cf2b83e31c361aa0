from odoo import api, fields, models
from odoo.exceptions import ValidationError

STEP_CONTEXTS = [
    ("home", "At home"),
    ("work_school", "At work or school"),
    ("leaving", "When leaving"),
    ("after_leaving", "After leaving"),
    ("children", "With children"),
    ("technology", "Technology safety"),
    ("emotional", "Emotional support"),
    ("legal", "Legal steps"),
]


class SafetyPlanStep(models.Model):
    _name = "safety.plan.step"
    _description = "Safety Plan Step"
    _inherit = ["safety.confidential.mixin"]
    _order = "plan_id, context_sequence, sequence, id"

    plan_id = fields.Many2one(
        "safety.plan", string="Plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    context = fields.Selection(
        STEP_CONTEXTS, required=True, default="home", group_expand="_group_expand_context"
    )
    context_sequence = fields.Integer(compute="_compute_context_sequence", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True)
    description = fields.Text(groups="victim_safety_planning.group_safety_advocate")
    is_done = fields.Boolean(string="Done")

    @api.constrains("name")
    def _check_name(self):
        for step in self:
            if not (step.name or "").strip():
                raise ValidationError(
                    self.env._("Write the step in “Step”: an empty step can't be followed.")
                )

    def _group_expand_context(self, values, domain):
        # keep the contexts in the order of a plan, not alphabetical
        return [key for key, _label in STEP_CONTEXTS if key in values]

    @api.depends("context")
    def _compute_context_sequence(self):
        order = {key: index for index, (key, _label) in enumerate(STEP_CONTEXTS)}
        for step in self:
            step.context_sequence = order.get(step.context, 99)
