from odoo import api, models
from odoo.exceptions import UserError

from .res_users import ADVOCATE_GROUP


class SafetyConfidentialThreadMixin(models.AbstractModel):
    """Chatter of records holding survivor data: only Safety Planning members
    are mentioned in them or notified about them (mail.followers keeps
    anyone else from following them). Nothing
    is sent outside (no email-only recipient, no customer): a release of
    information is the only way anything leaves the agency."""

    _name = "safety.confidential.thread.mixin"
    _description = "Safety Planning Confidential Chatter"
    _inherit = ["safety.confidential.mixin", "mail.thread"]

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        group_id = self.env.ref(ADVOCATE_GROUP).id
        return [r for r in recipients if r.get("uid") and group_id in (r.get("groups") or [])]

    def message_post(self, **kwargs):
        if kwargs.get("partner_ids"):
            kwargs["partner_ids"] = self.env["res.users"]._safety_member_partner_ids(
                list(kwargs["partner_ids"])
            )
        return super().message_post(**kwargs)

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        # no mail creates a survivor's record: a reply to a deleted plan would
        # otherwise open a new one as superuser
        raise UserError(
            self.env._("Incoming mail cannot create a %(model)s.", model=self._description)
        )

    @api.model
    def _mail_get_partner_fields(self, introspect_fields=False):
        # nobody in the record is a "customer" to write to: survivors are not
        # partners, and a linked contact must never receive a plan's mail
        return []
