from odoo import api, fields, models

RESOURCE_TYPES = [
    ("advocacy", "Advocacy"),
    ("shelter", "Shelter"),
    ("law_enforcement", "Law enforcement"),
    ("counseling", "Counseling"),
    ("legal_aid", "Legal aid"),
    ("medical", "Medical"),
    ("hotline", "Hotline"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_survivor = fields.Boolean(
        string="Survivor",
        index=True,
        copy=False,
        groups="victim_safety_planning.group_safety_advocate",
    )
    is_confidential = fields.Boolean(
        string="Confidential",
        index=True,
        copy=False,
        groups="victim_safety_planning.group_safety_advocate",
        help="Hidden from every user outside the Safety Planning groups.",
    )
    safety_plan_ids = fields.One2many(
        "safety.plan",
        "survivor_id",
        string="Safety Plans",
        groups="victim_safety_planning.group_safety_advocate",
    )
    safety_plan_count = fields.Integer(
        compute="_compute_safety_plan_count",
        groups="victim_safety_planning.group_safety_advocate",
    )
    safety_resource_type = fields.Selection(
        RESOURCE_TYPES,
        string="Safety Resource",
        index="btree_not_null",
        help="Set on organisations that survivors can be referred to.",
    )

    @api.depends("safety_plan_ids")
    def _compute_safety_plan_count(self):
        counts = dict(
            self.env["safety.plan"]._read_group(
                [("survivor_id", "in", self.ids)], ["survivor_id"], ["__count"]
            )
        )
        for partner in self:
            partner.safety_plan_count = counts.get(partner, 0)

    def action_create_safety_plan(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Safety Plan"),
            "res_model": "safety.plan",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_survivor_id": self.id,
                "default_company_id": (self.company_id or self.env.company).id,
            },
        }

    def action_view_safety_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "victim_safety_planning.safety_plan_action"
        )
        action["domain"] = [("survivor_id", "=", self.id)]
        action["context"] = {"default_survivor_id": self.id}
        if self.safety_plan_count == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.safety_plan_ids.id
        return action
