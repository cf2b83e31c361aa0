from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..models.safety_plan import SITUATION_TYPES

DELETE_PARAM = "victim_safety_planning.referral_delete_lead"


class SafetyLeadReferWizard(models.TransientModel):
    """Refer a CRM lead to Safety Planning: the person goes into the vault
    (a new survivor, or one already registered), a draft plan is opened for
    them, the lead's messages and attachments move to the plan and the lead
    is scrubbed."""

    _name = "safety.lead.refer.wizard"
    _description = "Refer a Lead to Safety Planning"
    _inherit = ["safety.link.guard.mixin"]

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade")
    survivor_id = fields.Many2one(
        "safety.survivor",
        string="Already Registered As",
        help="Leave empty to register the person from the lead's details.",
    )
    name = fields.Char(string="Full Name")
    email = fields.Char()
    phone = fields.Char()
    advocate_id = fields.Many2one(
        "res.users",
        required=True,
        domain=lambda self: self.env["res.users"]._safety_members_domain(),
    )
    situation_type = fields.Selection(
        SITUATION_TYPES, string="Situation", required=True, default="domestic_violence"
    )
    duplicate_info = fields.Html(compute="_compute_duplicate_info", sanitize=False)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lead = self.env["crm.lead"].browse(values.get("lead_id"))
        if lead:
            lead.check_access("read")
            lead_values = lead._safety_survivor_values()
            for name in ("name", "email", "phone"):
                if name in fields_list and not values.get(name):
                    values[name] = lead_values[name]
            if "advocate_id" in fields_list and not values.get("advocate_id"):
                salesperson = lead.user_id
                values["advocate_id"] = (
                    salesperson
                    if salesperson and salesperson._is_safety_member()
                    else self.env.user
                ).id
        return values

    @api.depends("survivor_id", "name", "email", "phone")
    def _compute_duplicate_info(self):
        for wizard in self:
            if wizard.survivor_id or not wizard.name:
                wizard.duplicate_info = False
                continue
            candidate = self.env["safety.survivor"].new(wizard._survivor_values())
            wizard.duplicate_info = candidate._safety_duplicate_info()

    def _survivor_values(self):
        self.ensure_one()
        values = self.lead_id._safety_survivor_values()
        values.update(name=self.name or values["name"], email=self.email, phone=self.phone)
        return values

    def action_refer(self):
        self.ensure_one()
        if not self.env.user._is_safety_member():
            raise AccessError(self.env._("Only Safety Planning users can refer a lead."))
        lead = self.lead_id
        lead.check_access("read")
        survivor = self.survivor_id or self.env["safety.survivor"].create(self._survivor_values())
        advocate = self.advocate_id
        Plan = self.env["safety.plan"]
        handed_over = advocate != self.env.user and not self.env.user.has_group(
            "victim_safety_planning.group_safety_supervisor"
        )
        if handed_over:
            # sudo: a member doing intake hands the survivor to a colleague
            # (the plan's constraint checks the colleague is a member even so):
            # the plan is the colleague's from its first line, and the member
            # who referred keeps no access
            Plan = Plan.sudo()
        plan = Plan.create(
            {
                "survivor_id": survivor.id,
                "advocate_id": advocate.id,
                "situation_type": self.situation_type,
                "company_id": survivor.company_id.id,
            }
        )
        # sudo: the member was checked above; who referred and when are the
        # system's (a client can't write them) and list the plan in Referrals
        plan.sudo().write({"referred_by_id": self.env.uid, "referral_date": fields.Datetime.now()})
        # sudo: the member was checked above and may read the lead; moving its
        # conversation and scrubbing it needs rights on messages and leads
        # that belong to the sales team
        lead.sudo()._safety_transfer_to(plan)
        plan.message_post(
            body=self.env._(
                "Referred from a CRM lead by %(user)s: the lead's messages and attachments "
                "are here; the lead keeps nothing about the survivor.",
                user=self.env.user.name,
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        # sudo: a setting every member's referral follows
        delete = self.env["ir.config_parameter"].sudo().get_param(DELETE_PARAM)
        # sudo: as above, the member may read the lead but not always write it
        lead.sudo()._safety_scrub(delete=bool(delete))
        # the wizard's row holds the person's name and numbers until the
        # transient vacuum: gone now, so that an erasure leaves nothing behind
        self.unlink()
        if handed_over:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "success",
                    "message": self.env._(
                        "Referred to %(advocate)s: the plan is theirs now.",
                        advocate=advocate.name,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return {
            "type": "ir.actions.act_window",
            "res_model": "safety.plan",
            "res_id": plan.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
