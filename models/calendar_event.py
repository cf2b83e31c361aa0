from odoo import api, models
from odoo.exceptions import ValidationError


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events._safety_protect()
        return events

    def write(self, vals):
        res = super().write(vals)
        if {"res_model_id", "res_model", "res_id", "partner_ids", "privacy"} & set(vals):
            self._safety_protect()
        return res

    def _safety_protect(self):
        """Meetings about a survivor's records are private and only Safety
        Planning members attend: attendees receive invitations with the
        subject, place and guests."""
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        # sudo: reads the linked model and attendees only, to protect them
        events = self.sudo().filtered(lambda e: e.res_model in confidential and e.res_id)
        for event in events:
            member_ids = self.env["res.users"]._safety_member_partner_ids(event.partner_ids.ids)
            outsiders = event.partner_ids - event.partner_ids.browse(member_ids)
            if outsiders:
                raise ValidationError(
                    self.env._(
                        "This meeting concerns a confidential safety plan: only Safety "
                        "Planning users may attend. Remove %(names)s from the attendees.",
                        names=", ".join(outsiders.mapped("name")),
                    )
                )
            if event.privacy != "private":
                event.privacy = "private"
