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
        if {"res_model_id", "res_id", "partner_ids", "privacy"} & set(vals):
            self._safety_protect()
        return res

    def _safety_confidential_events(self):
        confidential_models = self.env["mail.activity"]._safety_confidential_model_names()
        events = self.browse()
        # sudo: reads confidentiality flags and attendees only, to protect them
        for event in self.sudo():
            linked = (
                event.res_model in confidential_models
                and event.res_id
                and self.env[event.res_model]
                .browse(event.res_id)
                .exists()
                ._safety_confidential_records()
            )
            if linked or event.partner_ids._safety_confidential_records():
                events |= event
        return events

    def _safety_protect(self):
        """Meetings about a survivor are private and only safety members attend:
        attendees receive invitations with the subject, place and guests."""
        events = self._safety_confidential_events()
        for event in events.sudo():
            outsiders = event.partner_ids - event.partner_ids.browse(
                self.env["res.users"]._safety_member_partner_ids(event.partner_ids.ids)
            )
            if outsiders:
                raise ValidationError(
                    self.env._(
                        "This meeting concerns a confidential safety plan: only Safety "
                        "Planning users may attend. Remove %(names)s from the attendees.",
                        names=", ".join(outsiders.mapped("name")),
                    )
                )
            if event.privacy != "private":
                event.with_context(safety_calendar_protect=True).privacy = "private"
