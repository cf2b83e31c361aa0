from odoo import fields, models


class SafetyPlan(models.Model):
    _inherit = "safety.plan"

    service_ids = fields.One2many("safety.service", "plan_id", string="Services", copy=False)
