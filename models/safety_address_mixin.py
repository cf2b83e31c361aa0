from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The postal address fields, named as res.partner and crm.lead name them: an
# address is copied from a contact or a lead to the vault field by field.
ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")


def address_values(record):
    """The address of ``record`` (a contact, a lead, a survivor, a place) as
    values to write or to create a record with."""
    return {
        name: record._fields[name].convert_to_write(record[name], record) for name in ADDRESS_FIELDS
    }


class SafetyAddressMixin(models.AbstractModel):
    """A postal address in the vault (a survivor's, a safe place's)."""

    _name = "safety.address.mixin"
    _description = "Safety Planning Address"

    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    state_id = fields.Many2one("res.country.state", domain="[('country_id', '=?', country_id)]")
    country_id = fields.Many2one("res.country")

    @api.constrains("state_id", "country_id")
    def _check_address_state_country(self):
        for record in self:
            state = record.state_id
            if state and record.country_id and state.country_id != record.country_id:
                raise ValidationError(
                    self.env._(
                        "“%(state)s” is not a state of %(country)s: choose the state of the "
                        "address again, or its country.",
                        state=state.name,
                        country=record.country_id.name,
                    )
                )
