from odoo import api, fields, models
from odoo.exceptions import ValidationError

SERVICE_STATUSES = [
    ("active", "Active"),
    ("inactive", "Inactive"),
    ("defunct", "Defunct"),
    ("temporarily closed", "Temporarily closed"),
]


class SafetyResourceService(models.Model):
    """A service a resource organisation offers (emergency shelter, protective
    order clinic, counseling in Spanish): what a referral asks for. The
    resource directory, exchanged with other agencies and 211 lines as Open
    Referral HSDS. It says nothing about any survivor."""

    _name = "safety.resource.service"
    _description = "Resource Service"
    _order = "partner_id, sequence, name, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, index="trigram", translate=False)
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("safety_resource_type", "!=", False)],
    )
    alternate_name = fields.Char()
    description = fields.Text()
    url = fields.Char(string="Website")
    email = fields.Char()
    phone = fields.Char(help="The service's own number, as published.")
    status = fields.Selection(SERVICE_STATUSES, required=True, default="active")
    location_ids = fields.Many2many(
        "safety.location",
        "safety_resource_service_location_rel",
        "service_id",
        "location_id",
        string="Locations",
        domain="[('plan_id', '=', False), ('partner_id', '=', partner_id)]",
        help="The organisation's sites where the service is given.",
    )
    hsds_id = fields.Char(
        string="HSDS ID",
        copy=False,
        index="btree_not_null",
        help="The service's identifier in the Open Referral directory it came from.",
    )
    company_id = fields.Many2one(
        "res.company", index=True, default=lambda self: self.env.company, required=True
    )
    active = fields.Boolean(default=True)

    _hsds_id_uniq = models.UniqueIndex(
        "(hsds_id, company_id) WHERE hsds_id IS NOT NULL",
        "An HSDS identifier names one service per company.",
    )

    @api.constrains("partner_id")
    def _check_partner(self):
        for service in self:
            # sudo: only whether the contact is a resource organisation is read
            if not service.partner_id.sudo().safety_resource_type:
                raise ValidationError(
                    self.env._(
                        "“Organisation” of the service %(name)s must be a resource "
                        "organisation (a contact with a Safety Resource type): set its type "
                        "in Safety Planning > Resources first.",
                        name=service.name,
                    )
                )

    @api.constrains("location_ids", "partner_id")
    def _check_locations(self):
        for service in self:
            wrong = service.location_ids.filtered(
                lambda loc, service=service: loc.plan_id or loc.partner_id != service.partner_id
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "“Locations” of the service %(name)s must be sites of %(partner)s "
                        "from the resource directory, not %(location)s.",
                        name=service.name,
                        partner=service.partner_id.name,
                        location=wrong[0].name,
                    )
                )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for service in self:
            service.display_name = service.name
