from odoo import models

# An attachment's content; its thumbnail (a PDF's first page, shown in the
# chatter) is not the document.
ATTACHMENT_CONTENT_FIELDS = ("raw", "datas", "db_datas")


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        stream = super()._record_to_stream(record, field_name)
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        if record._name in confidential:
            record._safety_log_access("download")
        elif record._name == "ir.attachment" and field_name in ATTACHMENT_CONTENT_FIELDS:
            # sudo: the caller checked the attachment; only the record it
            # belongs to is read, to log the download there
            attachment = record.sudo()
            if attachment.res_model in confidential and attachment.res_id:
                self.env[attachment.res_model].browse(attachment.res_id)._safety_log_access(
                    "download"
                )
        return stream
