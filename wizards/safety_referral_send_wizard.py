from odoo import api, fields, models


class SafetyReferralSendWizard(models.TransientModel):
    """E-mail a referral sheet to the one address the survivor's release
    allows. The message itself names nobody: the sheet, attached, carries
    what the release lets the organisation know."""

    _name = "safety.referral.send.wizard"
    _description = "Send a Referral Sheet"
    _inherit = ["safety.link.guard.mixin"]

    referral_id = fields.Many2one("safety.referral", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="referral_id.partner_id", string="Organisation")
    email_to = fields.Char(string="To", compute="_compute_email_to")
    lang = fields.Char(string="Language", compute="_compute_email_to")
    subject = fields.Char(required=True)
    body = fields.Html(required=True, sanitize_style=True)

    @api.depends("referral_id")
    def _compute_email_to(self):
        languages = dict(self.env["res.lang"].get_installed())
        for wizard in self:
            referral = wizard.referral_id
            wizard.email_to = referral and referral._safety_email_to()
            lang = referral and referral._safety_sheet_lang()
            wizard.lang = languages.get(lang, lang) if lang else False

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        referral = self.env["safety.referral"].browse(
            values.get("referral_id") or self.env.context.get("default_referral_id")
        )
        if referral:
            referral.check_access("read")
            referral._safety_check_gate()
            referral._safety_email_to()
            subject, body = referral._safety_sheet_email()
            values.setdefault("subject", subject)
            values.setdefault("body", body)
        return values

    def action_send(self):
        self.ensure_one()
        referral = self.referral_id
        referral.check_access("write")
        referral._safety_send_sheet(referral._safety_email_to(), self.subject, self.body)
        self.unlink()
        return {"type": "ir.actions.act_window_close"}
