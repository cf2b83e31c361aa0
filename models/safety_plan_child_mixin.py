from odoo import fields, models


class SafetyPlanChildMixin(models.AbstractModel):
    """A record that is part of one plan: it goes when the plan goes, and is
    filed under the plan's company, which the company rules read."""

    _name = "safety.plan.child.mixin"
    _description = "Safety Plan Record"
    _inherit = ["safety.confidential.mixin"]

    plan_id = fields.Many2one("safety.plan", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
