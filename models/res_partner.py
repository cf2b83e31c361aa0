from odoo import api, fields, models
from odoo.exceptions import UserError

from .safety_address_mixin import address_values

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
    """Ordinary contacts hold nothing that says someone is a survivor: every
    other app reads partners by id and copies their fields as superuser.
    Survivors live in the vault (safety.survivor); a contact only offers
    members a way there."""

    _inherit = "res.partner"

    safety_resource_type = fields.Selection(
        RESOURCE_TYPES,
        string="Safety Resource",
        index="btree_not_null",
        help="Set on organisations that survivors can be referred to.",
    )
    safety_hsds_id = fields.Char(
        string="HSDS ID",
        copy=False,
        index="btree_not_null",
        groups="victim_safety_planning.group_safety_advocate",
        help="The organisation's identifier in the Open Referral (HSDS) resource directory.",
    )
    safety_service_ids = fields.One2many(
        "safety.resource.service",
        "partner_id",
        string="Services",
        groups="victim_safety_planning.group_safety_advocate",
    )
    safety_site_ids = fields.One2many(
        "safety.location",
        "partner_id",
        string="Sites",
        domain=[("plan_id", "=", False)],
        groups="victim_safety_planning.group_safety_advocate",
        help="The organisation's sites in the resource directory; a shelter's confidential "
        "address is kept here, for Safety Planning members only.",
    )
    safety_survivor_ids = fields.One2many(
        "safety.survivor",
        "partner_id",
        string="Survivors",
        groups="victim_safety_planning.group_safety_advocate",
    )
    safety_survivor_count = fields.Integer(
        compute="_compute_safety_survivor_count",
        groups="victim_safety_planning.group_safety_advocate",
    )

    @api.depends("safety_survivor_ids")
    @api.depends_context("uid")
    def _compute_safety_survivor_count(self):
        # counted as the member who reads: another team's survivor stays unknown
        counts = dict(
            self.env["safety.survivor"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.safety_survivor_count = counts.get(partner, 0)

    def action_create_safety_plan(self):
        """Register the person in the vault from this contact's details and open
        a draft plan. The contact itself stays exactly as it was."""
        self.ensure_one()
        if self.is_company:
            raise UserError(
                self.env._(
                    "“%(name)s” is a company: a safety plan is for one person. Open the "
                    "person among its contacts, or create them as an Individual, then "
                    "“Create Safety Plan” there.",
                    name=self.name,
                )
            )
        survivor = self.safety_survivor_ids[:1] or self.env["safety.survivor"].create(
            self._safety_survivor_values()
        )
        return survivor.action_create_plan()

    def _safety_survivor_values(self):
        self.ensure_one()
        values = {
            "name": self.name,
            "email": self.email,
            **address_values(self),
            "lang": self.lang,
            "partner_id": self.id,
            "company_id": (self.company_id or self.env.company).id,
        }
        # a number another app accepted may fail our check: the advocate then
        # types it in the vault rather than being stopped here
        phone = self._phone_format(fname="phone", raise_exception=False) if self.phone else False
        if phone:
            values["phone"] = phone
        return values

    def action_view_safety_survivors(self):
        self.ensure_one()
        survivors = self.safety_survivor_ids
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Survivor"),
            "res_model": "safety.survivor",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.id)],
        }
        if len(survivors) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=survivors.id)
        return action
