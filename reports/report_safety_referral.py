from odoo import api, fields, models


class ReportSafetyReferral(models.AbstractModel):
    """The referral sheet: read as the user who prints or sends it (a
    non-member or another team gets the usual refusal), refused without a
    valid release or a recorded override, and carrying only what the
    release's scope allows."""

    _name = "report.victim_safety_planning.report_safety_referral"
    _description = "Referral Sheet Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        referrals = self.env["safety.referral"].browse(docids or [])
        referrals.check_access("read")
        return {
            "doc_ids": referrals.ids,
            "doc_model": "safety.referral",
            "docs": referrals,
            "sheets": {referral.id: referral._safety_sheet_values() for referral in referrals},
            "sender": self.env.user,
            "print_date": fields.Date.context_today(self),
        }
