from odoo import models


class SafetyConfidentialThreadMixin(models.AbstractModel):
    """Chatter of records holding survivor data: only safety members follow
    them, are mentioned in them or are notified about them.

    It inherits mail.thread so that, even on models that were threads before
    (res.partner, crm.lead), these overrides sit between the model's own
    mail mixins and mail.thread in the method resolution order."""

    _name = "safety.confidential.thread.mixin"
    _description = "Safety Planning Confidential Chatter"
    _inherit = ["safety.confidential.mixin", "mail.thread"]

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        partner_ids = self._safety_filter_followers(partner_ids)
        return super()._message_subscribe(partner_ids, subtype_ids, customer_ids)

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        return self._safety_filter_recipients(recipients)

    def message_post(self, **kwargs):
        if kwargs.get("partner_ids"):
            kwargs["partner_ids"] = self._safety_filter_followers(list(kwargs["partner_ids"]))
        return super().message_post(**kwargs)
