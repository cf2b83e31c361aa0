from odoo import models

# An attachment's content; its thumbnail (a PDF's first page, shown in the
# chatter) is not the document.
ATTACHMENT_CONTENT_FIELDS = ("raw", "datas", "db_datas")


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        stream = super()._record_to_stream(record, field_name)
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        if record._name == "ir.attachment":
            # sudo: the attachment was already checked by the caller; we only
            # read which record it belongs to, to log the download there
            attachment = record.sudo()
            if (
                field_name in ATTACHMENT_CONTENT_FIELDS
                and attachment.res_model in confidential
                and attachment.res_id
            ):
                self.env[attachment.res_model].browse(attachment.res_id)._safety_log_access(
                    "download"
                )
        elif record._name in confidential:
            record._safety_log_access("download")
        return stream
