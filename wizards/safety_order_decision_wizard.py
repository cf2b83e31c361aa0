from odoo import fields, models

from ..models.safety_protective_order import DECISIONS


class SafetyOrderDecisionWizard(models.TransientModel):
    """Record that the court dismissed, vacated or modified a protective
    order: the order stops being in effect and its card is revoked."""

    _name = "safety.order.decision.wizard"
    _description = "Protective Order Decision"
    _inherit = ["safety.link.guard.mixin"]

    order_id = fields.Many2one("safety.protective.order", required=True, ondelete="cascade")
    decision = fields.Selection(DECISIONS, required=True, default="dismissed")
    date = fields.Date(string="Decision Date", required=True, default=fields.Date.context_today)
    note = fields.Text(required=True, help="What the court decided, as the decision says it.")
    is_new_order = fields.Boolean(
        string="Record the Modified Order",
        default=True,
        help="Open a new order with the same details, issued on the decision date, to "
        "enter the modified terms; print its card for the survivor.",
    )

    def action_confirm(self):
        self.ensure_one()
        order = self.order_id
        order._safety_decide(self.decision, self.date, self.note)
        if self.decision != "modified" or not self.is_new_order:
            return {"type": "ir.actions.act_window_close"}
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Modified Order"),
            "res_model": "safety.protective.order",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_plan_id": order.plan_id.id,
                "default_order_type": order.order_type,
                "default_court": order.court,
                "default_case_number": order.case_number,
                "default_respondent_id": order.respondent_id.id,
                "default_issue_date": self.date,
                "default_expiry_date": order.expiry_date,
                "default_conditions": order.conditions,
                "default_firearms_surrender": order.firearms_surrender,
            },
        }
