from odoo import api, fields, models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "safety.confidential.thread.mixin"]

    is_safety_intake = fields.Boolean(
        string="Safety Intake",
        index=True,
        copy=False,
        groups="victim_safety_planning.group_safety_advocate",
        help="A referral or request for help from a survivor: hidden from users "
        "outside the Safety Planning groups.",
    )
    safety_plan_id = fields.Many2one(
        "safety.plan",
        string="Safety Plan",
        index="btree_not_null",
        copy=False,
        groups="victim_safety_planning.group_safety_advocate",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._safety_flag_survivor_leads(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("partner_id"):
            self._safety_flag_survivor_leads([vals])
        return super().write(vals)

    @api.model
    def _safety_flag_survivor_leads(self, vals_list):
        """A lead about a survivor copies their contact details: make it an
        intake so that it is hidden from non-members like the survivor is
        (this also covers leads created by the email gateway)."""
        partner_ids = {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        if not partner_ids:
            return
        # sudo: the flags are hidden from the (possibly non-member) creator
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        confidential = set(partners._safety_confidential_records().ids)
        for vals in vals_list:
            if vals.get("partner_id") in confidential:
                vals["is_safety_intake"] = True

    def _safety_confidential_records(self):
        return self.filtered("is_safety_intake")

    def action_open_safety_plan(self):
        """Open the lead's plan, or a new plan for the lead's survivor, creating
        the survivor's contact from the lead when the lead has none."""
        self.ensure_one()
        if self.safety_plan_id:
            return {
                "type": "ir.actions.act_window",
                "res_model": "safety.plan",
                "res_id": self.safety_plan_id.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        survivor = self.partner_id
        if not survivor:
            name = self.contact_name or self.partner_name or self.name
            survivor = self.env["res.partner"].create(
                dict(
                    self._prepare_customer_values(name),
                    is_survivor=True,
                    is_confidential=True,
                )
            )
            self.partner_id = survivor
        elif not survivor.is_survivor:
            survivor.write({"is_survivor": True, "is_confidential": True})
        self.is_safety_intake = True
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Safety Plan"),
            "res_model": "safety.plan",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_survivor_id": survivor.id,
                "default_lead_id": self.id,
                "default_company_id": (self.company_id or self.env.company).id,
            },
        }
