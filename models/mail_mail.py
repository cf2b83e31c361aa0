from odoo import api, models, tools


class MailMail(models.Model):
    _inherit = "mail.mail"

    @api.model_create_multi
    def create(self, vals_list):
        """Every email Odoo sends from a survivor's record (chatter, mail
        composer in either mode, mail templates) is created here: one that
        goes to the survivor's own address is refused unless email is marked
        safe for them."""
        mails = super().create(vals_list)
        mails._safety_check_survivor_reach()
        return mails

    def _safety_check_survivor_reach(self):
        thread_models = self.env["mail.followers"]._safety_thread_models()
        # sudo: the mails were just created by the caller; only their record
        # and recipients' addresses are read, to compare with the survivor's
        mails = self.sudo().filtered(lambda mail: mail.model in thread_models and mail.res_id)
        for mail in mails:
            record = self.env[mail.model].sudo().browse(mail.res_id).exists()
            if not record:
                continue
            emails = tools.email_split(mail.email_to or "") + tools.email_split(mail.email_cc or "")
            emails += mail.recipient_ids.mapped("email")
            record._safety_reach_survivor()._safety_check_reach("email", emails)
