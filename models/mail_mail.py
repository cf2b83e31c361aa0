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
        thread_models = {
            name
            for name in self.env["safety.confidential.mixin"]._safety_confidential_model_names()
            if hasattr(self.env[name], "_safety_reach_survivor")
        }
        # sudo: the mails were just created by the caller; only their record
        # and recipients' addresses are read, to compare with the survivor's
        for mail in self.sudo():
            if mail.model not in thread_models or not mail.res_id:
                continue
            record = self.env[mail.model].sudo().browse(mail.res_id).exists()
            if not record or record._abstract:
                continue
            emails = tools.email_split(mail.email_to or "") + tools.email_split(mail.email_cc or "")
            emails += mail.recipient_ids.mapped("email")
            record._safety_reach_survivor()._safety_check_reach("email", emails)
