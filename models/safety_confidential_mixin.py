from odoo import api, models


class SafetyConfidentialMixin(models.AbstractModel):
    """Helpers and guards shared by every model that holds survivor data (the
    safety models, survivors in res.partner, intake leads in crm.lead)."""

    _name = "safety.confidential.mixin"
    _description = "Safety Planning Confidentiality Helpers"

    def _safety_confidential_records(self):
        """Hook: the records of ``self`` that hold survivor data."""
        return self

    @api.model
    def _safety_placeholder_name(self):
        return self.env._("Confidential")

    def _safety_mask_display_names(self):
        """Replace display names of confidential records with a placeholder for
        users outside the safety groups. Called at the end of
        ``_compute_display_name``, which depends on the uid, so a sudo() read
        made on a non-member's behalf still gets the placeholder."""
        if self.env.user._is_safety_member():
            return
        # sudo: the flag deciding what to hide is itself hidden from non-members
        confidential = self.sudo()._safety_confidential_records()
        placeholder = self._safety_placeholder_name()
        for record in self:
            if record.id and record in confidential:
                record.display_name = placeholder

    def _safety_filter_followers(self, partner_ids):
        """Drop non-members from followers / recipients of confidential records."""
        if not partner_ids:
            return partner_ids
        confidential = self.sudo()._safety_confidential_records()
        if not confidential:
            return partner_ids
        return self.env["res.users"]._safety_member_partner_ids(partner_ids)

    def _safety_log_access(self, action):
        """Write one access-log line per confidential record, no values."""
        records = self.sudo()._safety_confidential_records()
        if records:
            self.env["safety.access.log"]._log(records, action)

    def _safety_filter_recipients(self, recipients):
        """Notification recipients of confidential records: safety members only.
        Email-only addresses and the survivor are dropped (a release of
        information is required before anything is sent outside)."""
        if not recipients or not self.sudo()._safety_confidential_records():
            return recipients
        group_id = self.env.ref("victim_safety_planning.group_safety_advocate").id
        return [r for r in recipients if r.get("uid") and group_id in (r.get("groups") or [])]

    # Overrides below reach the models that list this mixin first in their
    # _inherit; res.partner's own display-name compute calls the helper.
    @api.depends_context("uid")
    def _compute_display_name(self):
        super()._compute_display_name()
        self._safety_mask_display_names()

    def web_read(self, specification):
        result = super().web_read(specification)
        # one line per record opened in a form; lists (web_search_read) are not
        # "opening" a record and would flood the log
        if len(self) == 1:
            self._safety_log_access("read")
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._safety_log_access("export")
        return result
