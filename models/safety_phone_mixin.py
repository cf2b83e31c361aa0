import phonenumbers

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafetyPhoneMixin(models.AbstractModel):
    """Keep a phone number in E.164 and show it in the national format of the
    survivor's country, so that cards and calls never depend on how an advocate
    happened to type the number."""

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
        help="Type the number as the survivor would dial it; numbers from "
        "another country start with + and the country code.",
    )

    @api.depends("phone")
    def _compute_phone_national(self):
        for record in self:
            record.phone_national = record._safety_phone_format(record.phone)

    def _inverse_phone_national(self):
        for record in self:
            record.phone = record.phone_national

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._safety_phone_normalize()
        return records

    def write(self, vals):
        res = super().write(vals)
        if not self.env.context.get("safety_phone_normalizing"):
            self._safety_phone_normalize()
        return res

    # hooks ----------------------------------------------------------------
    def _safety_phone_country(self):
        """Country the number is read against when it has no + prefix."""
        self.ensure_one()
        return self.env.company.country_id

    def _safety_phone_owner_label(self):
        """Name that an error message gives for the record."""
        self.ensure_one()
        return self.display_name

    # helpers --------------------------------------------------------------
    def _safety_phone_normalize(self):
        for record in self:
            if not record.phone:
                continue
            normalized = record._safety_phone_parse(record.phone)
            if normalized != record.phone:
                record.with_context(safety_phone_normalizing=True).write({"phone": normalized})

    def _safety_phone_parse(self, number):
        """Return ``number`` in E.164, or raise a ValidationError saying which
        record and number are wrong and how to fix it."""
        self.ensure_one()
        country = self._safety_phone_country()
        region = country.code.upper() if country and country.code else None
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            parsed = None
        if (
            parsed is None
            or not phonenumbers.is_possible_number(parsed)
            or not phonenumbers.is_valid_number(parsed)
        ):
            raise ValidationError(
                self.env._(
                    "The phone number “%(number)s” of “%(owner)s” is not a valid "
                    "number%(where)s. Check the digits, or type it with its "
                    "country code, e.g. +44 20 7946 0958.",
                    number=number,
                    owner=self._safety_phone_owner_label(),
                    where=self.env._(" in %(country)s", country=country.name) if country else "",
                )
            )
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    def _safety_phone_format(self, number):
        if not number:
            return False
        try:
            parsed = phonenumbers.parse(number, None)
        except phonenumbers.NumberParseException:
            return number
        country = self._safety_phone_country() if len(self) == 1 else False
        home = country.code.upper() if country and country.code else None
        if home and phonenumbers.region_code_for_number(parsed) == home:
            fmt = phonenumbers.PhoneNumberFormat.NATIONAL
        else:
            fmt = phonenumbers.PhoneNumberFormat.INTERNATIONAL
        return phonenumbers.format_number(parsed, fmt)
