from odoo import api, models
from odoo.exceptions import ValidationError


class SafetyValidityMixin(models.AbstractModel):
    """A plan record valid from one date until an expiry date (a protective
    order from its issue, a release from its signature): its dates are said
    wrong in its dialog at once, and refused when saved.

    One hook: ``_safety_dates_error``. A model's onchange on its own date
    fields returns ``_safety_dates_warning()``: a dialog of a plan not saved
    yet does not reach the constraint before the plan's own Save."""

    _name = "safety.validity.mixin"
    _description = "Safety Planning Validity Dates"

    @api.model
    def _safety_validity_date_fields(self):
        """The fields ``_safety_dates_error`` reads, for the constraint."""
        return ["expiry_date"]

    def _safety_dates_error(self):
        """What is wrong with the record's dates, in the user's date format, or False."""
        self.ensure_one()
        return False

    @api.constrains(lambda self: self._safety_validity_date_fields())
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
