from odoo import api, models
from odoo.exceptions import ValidationError


class SafetyValidityMixin(models.AbstractModel):
    """A record valid from one date until an expiry date: wrong dates are
    said in its dialog at once (``_safety_dates_warning``) and refused when
    saved (``_safety_dates_error``)."""

    _name = "safety.validity.mixin"
    _description = "Safety Planning Validity Dates"

    # the date fields ``_safety_dates_error`` reads
    _safety_validity_date_fields = ("expiry_date",)

    def _safety_dates_error(self):
        """What is wrong with the record's dates, in the user's date format, or False."""
        self.ensure_one()
        return False

    @api.constrains(lambda self: self._safety_validity_date_fields)
    def _check_validity_dates(self):
        for record in self:
            error = record._safety_dates_error()
            if error:
                raise ValidationError(error)

    def _safety_dates_warning(self):
        error = self._safety_dates_error()
        if error:
            return {"warning": {"title": self.env._("Check the dates"), "message": error}}
        return None
