from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .safety_step_context_mixin import STEP_CONTEXTS  # noqa: F401 - imported from here


class SafetyPlanStep(models.Model):
    _name = "safety.plan.step"
    _description = "Safety Plan Step"
    _inherit = ["safety.plan.child.mixin", "safety.step.context.mixin"]
    _order = "plan_id, context_sequence, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True)
    discreet_name = fields.Char(
        string="Discreet Wording",
        help="How the step prints on a discreet plan; a step without one prints as written "
        "when it says nothing of what the plan is about, else not at all.",
    )
    description = fields.Text(groups="victim_safety_planning.group_safety_advocate")
    is_done = fields.Boolean(string="Done")
    template_id = fields.Many2one(
        "safety.step.template",
        string="Starter Step",
        ondelete="set null",
        help="The starter step this step was loaded from, if any.",
    )

    @api.constrains("name")
    def _check_name(self):
        for step in self:
            if not (step.name or "").strip():
                raise ValidationError(
                    self.env._("Write the step in “Step”: an empty step can't be followed.")
                )
