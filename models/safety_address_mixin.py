from odoo import fields, models

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
