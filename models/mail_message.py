from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def copy_data(self, default=None):
        # core reads messages as superuser (mail.message.fetch) and checks
        # access in read() only: copy_data() and copy() over RPC handed any
        # message's body to any user. Checked here as read() does, for the
        # messages of every app alike (a check for ours only would be a sign).
        if not self.env.su:
            self.check_access("read")
        return super().copy_data(default=default)
