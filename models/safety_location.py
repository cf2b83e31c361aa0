from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .safety_address_mixin import address_values
from .value_checks import check_not_blank

LOCATION_TYPES = [
    ("friend_family", "Friend or family"),
    ("shelter", "Shelter"),
    ("police", "Police"),
    ("hospital", "Hospital"),
    ("community", "Community place"),
    ("workplace", "Workplace"),
    ("other", "Other"),
]


class SafetyLocation(models.Model):
    """A safe place of a plan, or, without a plan, a site of a resource
    organisation in the resource directory (HSDS locations). A shelter's
    street address lives here, never on the organisation's contact, which
    every other app reads."""

    _name = "safety.location"
    _description = "Safe Location"
    _inherit = ["safety.plan.child.mixin", "safety.address.mixin", "safety.phone.mixin"]
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        required=False,
        help="The plan this safe place is part of; empty for a site of the resource directory.",
    )
    # a directory site has no plan to take its company from
    company_id = fields.Many2one(
        "res.company",
        related=None,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    location_type = fields.Selection(LOCATION_TYPES, string="Type", required=True, default="other")
    partner_id = fields.Many2one(
        "res.partner",
        string="Resource",
        domain=[("safety_resource_type", "!=", False)],
        help="The organisation that runs this place, if any.",
    )
    is_open_24_7 = fields.Boolean(string="Open 24/7")
    is_address_confidential = fields.Boolean(
        string="Confidential Address",
        help="Shelters often keep their address secret: it is never printed on a card.",
    )
    notes = fields.Text(groups="victim_safety_planning.group_safety_advocate")
    hsds_id = fields.Char(
        string="HSDS ID",
        copy=False,
        index="btree_not_null",
        help="The site's identifier in the Open Referral directory it came from.",
    )
    service_ids = fields.Many2many(
        "safety.resource.service",
        "safety_resource_service_location_rel",
        "location_id",
        "service_id",
        string="Services",
        help="Services of the resource directory given at this site.",
    )

    _hsds_id_uniq = models.UniqueIndex(
        "(hsds_id, company_id) WHERE hsds_id IS NOT NULL",
        "An HSDS identifier names one site per company.",
    )

    @api.depends("plan_id.company_id")
    def _compute_company_id(self):
        for location in self:
            if location.plan_id:
                location.company_id = location.plan_id.company_id
            elif not location.company_id:
                location.company_id = self.env.company

    @api.constrains("plan_id", "partner_id")
    def _check_directory_site(self):
        for location in self:
            if not location.plan_id and not location.partner_id:
                raise ValidationError(
                    self.env._(
                        "The site %(name)s of the resource directory needs its “Resource”: "
                        "the organisation it belongs to.",
                        name=location.name,
                    )
                )

    @api.constrains("name")
    def _check_name(self):
        check_not_blank(self, "name")

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        partner = self.partner_id
        if not partner:
            return
        self.name = self.name or partner.name
        # the directory's site holds a shelter's real address (members only)
        site = self.env["safety.location"]
        if self.plan_id:
            site = site.search([("plan_id", "=", False), ("partner_id", "=", partner.id)], limit=1)
        if not self.street:
            self.update(address_values(site or partner))
        self.phone_national = self.phone_national or site.phone_national or partner.phone
        if site:
            self.is_address_confidential = self.is_address_confidential or (
                site.is_address_confidential
            )
        if partner.safety_resource_type == "shelter":
            self.location_type = "shelter"
            self.is_address_confidential = True
        elif partner.safety_resource_type == "law_enforcement":
            self.location_type = "police"

    @api.constrains("state_id", "country_id")
    def _check_state_country(self):
        for location in self:
            state = location.state_id
            if state and location.country_id and state.country_id != location.country_id:
                raise ValidationError(
                    self.env._(
                        "“%(state)s” is not a state of %(country)s: choose the state of the "
                        "safe place %(name)s again, or its country.",
                        state=state.name,
                        country=location.country_id.name,
                        name=location.name,
                    )
                )

    @api.constrains("partner_id")
    def _check_resource(self):
        for location in self:
            # sudo: only whether the contact is a resource organisation is read
            if location.partner_id and not location.partner_id.sudo().safety_resource_type:
                raise ValidationError(
                    self.env._(
                        "“Resource” of the safe place %(name)s must be a resource organisation "
                        "(a contact with a Safety Resource type): set its type in Safety "
                        "Planning > Resources, or leave the field empty.",
                        name=location.name,
                    )
                )

    def _phone_get_country(self):
        return {
            location.id: location.country_id
            or location.plan_id.survivor_id.country_id
            or location.plan_id.company_id.country_id
            for location in self
        }

    def _safety_phone_owner_label(self):
        self.ensure_one()
        return self.name or self.env._("Safe location")
