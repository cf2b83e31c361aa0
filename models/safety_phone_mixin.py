import phonenumbers
from phonenumbers import shortnumberinfo

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# RFC 3966 keeps an extension next to an E.164 number: "+14155550123;ext=12"
EXTENSION_SEPARATOR = ";ext="


class SafetyPhoneMixin(models.AbstractModel):
    """A phone number kept in E.164 (emergency numbers as dialled, with an
    extension) and shown in the national format of the record's country."""

    _name = "safety.phone.mixin"
    _description = "Safety Planning Phone Number"

    phone = fields.Char(
        string="Phone (E.164)",
        help="Stored in international E.164 format, e.g. +14155550123.",
    )
    phone_national = fields.Char(
        string="Phone",
        compute="_compute_phone_national",
        inverse="_inverse_phone_national",
        help="Type the number as the survivor would dial it; numbers from another "
        "country start with + and the country code.",
    )

    # the country the number is shown for is read with the number
    @api.depends(lambda self: ["phone", *filter(None, [self._phone_get_country_field()])])
    def _compute_phone_national(self):
        countries = self._phone_get_country()
        for record in self:
            record.phone_national = record._safety_phone_display(countries.get(record.id))

    def _inverse_phone_national(self):
        for record in self:
            record.phone = record.phone_national

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._safety_own_values(vals_list, "create")
        for vals in vals_list:
            self._safety_phone_prepare(vals)
            if vals.get("phone"):
                vals["phone"] = self.new(vals)._safety_phone_e164(vals["phone"])
        return super().create(vals_list)

    def write(self, vals):
        vals = self._safety_own_values([vals], "write")[0]
        self._safety_phone_prepare(vals)
        if not vals.get("phone") or not self:
            return super().write(vals)
        # each record reads the number against its own country
        by_number = {}
        for record in self:
            number = self.new(vals, origin=record)._safety_phone_e164(vals["phone"])
            by_number[number] = by_number.get(number, self.browse()) | record
        for number, records in by_number.items():
            super(SafetyPhoneMixin, records).write(dict(vals, phone=number))
        return True

    @api.onchange("phone_national")
    def _onchange_phone_national(self):
        # said in the dialog at once (an emergency contact of a plan not saved
        # yet reaches the server's checks only at the plan's Save)
        if not self.phone_national:
            return None
        try:
            self._safety_phone_e164(self.phone_national)
        except ValidationError as error:
            return {
                "warning": {"title": self.env._("Check the phone number"), "message": error.args[0]}
            }
        return None

    # hooks ------------------------------------------------------------------
    def _safety_phone_owner_label(self):
        """Name that an error message gives for the record."""
        self.ensure_one()
        return self.display_name

    # helpers ----------------------------------------------------------------
    @api.model
    def _safety_phone_prepare(self, vals):
        # the national field is an input for the stored one: one write, not two
        if "phone_national" in vals:
            vals["phone"] = vals.pop("phone_national")

    def _safety_phone_e164(self, number):
        """``number`` in E.164 (with its extension), or as dialled for a short
        emergency number; a ValidationError names the record, the number and
        how to fix it."""
        self.ensure_one()
        number = number.strip()
        if not number:
            return False
        country = self._phone_get_country().get(self.id) or self.env.company.country_id
        region = (country.code or "").upper() or None
        if region and shortnumberinfo.is_valid_short_number_for_region(
            self._safety_phone_parse_short(number, region), region
        ):
            return number
        try:
            e164 = self._phone_format(
                number=number, country=country, force_format="E164", raise_exception=True
            )
        except UserError:
            e164 = False
        if not e164:
            raise ValidationError(self._safety_phone_error(number, country))
        extension = phonenumbers.parse(number, region).extension
        return f"{e164}{EXTENSION_SEPARATOR}{extension}" if extension else e164

    def _safety_phone_error(self, number, country):
        """The message refusing ``number``: one whole sentence per case, as
        translators need them."""
        owner = self._safety_phone_owner_label()
        if country:
            return self.env._(
                "“%(number)s”, the phone number of “%(owner)s”, is not a valid number "
                "in %(country)s. Check the digits, or type it with its country code, "
                "e.g. +44 20 7946 0958.",
                number=number,
                owner=owner,
                country=country.name,
            )
        return self.env._(
            "“%(number)s”, the phone number of “%(owner)s”, is not a valid number. "
            "Type it with its country code, e.g. +44 20 7946 0958.",
            number=number,
            owner=owner,
        )

    @api.model
    def _safety_phone_parse_short(self, number, region):
        try:
            return phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            return phonenumbers.PhoneNumber()

    def _safety_phone_display(self, country=None):
        """The stored number as the survivor would dial it: national format at
        home, international abroad, short numbers as they are."""
        number = self.phone
        if not number or not number.startswith("+"):
            return number or False
        try:
            parsed = phonenumbers.parse(number, None)
        except phonenumbers.NumberParseException:
            return number
        home = (country.code or "").upper() if country else None
        if home and phonenumbers.region_code_for_number(parsed) == home:
            fmt = phonenumbers.PhoneNumberFormat.NATIONAL
        else:
            fmt = phonenumbers.PhoneNumberFormat.INTERNATIONAL
        return phonenumbers.format_number(parsed, fmt)
