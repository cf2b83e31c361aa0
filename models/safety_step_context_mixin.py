from odoo import api, fields, models

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


class SafetyStepContextMixin(models.AbstractModel):
    """Steps, and the starter steps they come from, belong to a part of the
    survivor's life and are listed in the order of a plan, not
    alphabetically."""

    _name = "safety.step.context.mixin"
    _description = "Safety Plan Step Context"

    context = fields.Selection(
        STEP_CONTEXTS, required=True, default="home", group_expand="_group_expand_context"
    )
    context_sequence = fields.Integer(compute="_compute_context_sequence", store=True)

    @api.depends("context")
    def _compute_context_sequence(self):
        order = {key: index for index, (key, _label) in enumerate(STEP_CONTEXTS)}
        for record in self:
            record.context_sequence = order.get(record.context, len(order))

    def _group_expand_context(self, values, domain):
        return [key for key, _label in STEP_CONTEXTS if key in values]
