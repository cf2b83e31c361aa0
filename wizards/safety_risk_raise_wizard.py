from odoo import api, fields, models

from ..models.safety_plan import ASSESSED_LEVELS, LEVEL_ORDER


class SafetyRiskRaiseWizard(models.TransientModel):
    """Raise a plan's risk level by hand, between two assessments, with the
    reason: something happened that the last checklist did not know. Only a
    new confirmed assessment lowers it."""

    _name = "safety.risk.raise.wizard"
    _description = "Raise a Plan's Risk Level"
    _inherit = ["safety.link.guard.mixin"]

    plan_id = fields.Many2one("safety.plan", required=True, ondelete="cascade")
    current_level = fields.Selection(related="plan_id.risk_level", string="Current Level")
    level = fields.Selection(
        ASSESSED_LEVELS,
        string="Raise To",
        required=True,
        compute="_compute_level",
        store=True,
        readonly=False,
        # computed before the INSERT: a create without a level is not a NULL
        precompute=True,
    )
    reason = fields.Text(
        required=True,
        help="What happened since the last assessment: it is kept on the plan and "
        "noted in its chatter.",
    )

    @api.depends("plan_id")
    def _compute_level(self):
        for wizard in self:
            index = LEVEL_ORDER.index(wizard.plan_id.risk_level or "not_assessed")
            wizard.level = LEVEL_ORDER[min(max(index + 1, 2), len(LEVEL_ORDER) - 1)]

    def action_raise(self):
        self.ensure_one()
        self.plan_id.write({"risk_raise_level": self.level, "risk_raise_reason": self.reason})
        return {"type": "ir.actions.act_window_close"}
