from odoo import api, fields, models


class SafetyPlan(models.Model):
    _inherit = "safety.plan"

    service_ids = fields.One2many("safety.service", "plan_id", string="Services", copy=False)
    closed_date = fields.Date(
        compute="_compute_closed_date",
        store=True,
        copy=False,
        help="The day the plan was closed: retention counts from it.",
    )
    is_legal_hold = fields.Boolean(
        string="Legal Hold",
        tracking=True,
        copy=False,
        help="Keep this plan and its survivor past the retention period (a court case, "
        "a subpoena): the retention purge skips them.",
    )

    @api.depends("state")
    def _compute_closed_date(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.state != "closed":
                plan.closed_date = False
            elif not plan.closed_date:
                plan.closed_date = today
