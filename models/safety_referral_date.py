from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class SafetyReferral(models.Model):
    _inherit = "safety.referral"

    @api.constrains("date")
    def _check_date_not_future(self):
        today = fields.Date.context_today(self)
        for referral in self:
            if referral.date and referral.date > today:
                raise ValidationError(
                    self.env._(
                        "The referral date %(date)s is in the future: a referral is dated "
                        "the day it is made, today or earlier. Use “Follow-up Date” for a "
                        "day to come.",
                        date=format_date(self.env, referral.date),
                    )
                )
