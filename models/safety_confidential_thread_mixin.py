from odoo import api, models, tools
from odoo.exceptions import UserError

from .res_users import ADVOCATE_GROUP


class SafetyConfidentialThreadMixin(models.AbstractModel):
    """Chatter of records holding survivor data: only Safety Planning members
    are mentioned in them or notified about them (mail.followers keeps
    anyone else from following them). Nothing
    is sent outside (no email-only recipient, no customer): a release of
    information is the only way anything leaves the agency. The one
    exception is the survivor's own address when they marked email safe;
    writing or texting them otherwise is refused with the safe ways."""

    _name = "safety.confidential.thread.mixin"
    _description = "Safety Planning Confidential Chatter"
    _inherit = ["safety.confidential.mixin", "mail.thread"]

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        group_id = self.env["ir.model.data"]._xmlid_to_res_id(ADVOCATE_GROUP)
        safe_email = len(self) == 1 and self._safety_reach_survivor()._safety_safe_email()
        return [
            r
            for r in recipients
            if (r.get("uid") and group_id in (r.get("groups") or []))
            or (safe_email and r.get("email_normalized") == safe_email)
        ]

    # The thread first: core checks the new message (naming its id) before
    # the thread, and a made-up id fails elsewhere again. Asking for the
    # thread first gives core's own answer, the same for a real and a
    # made-up id: the model's access error to a non-member, a missing
    # record to a member the rules keep out.
    def _safety_check_thread_access(self):
        if not self.env.su:
            self.check_access("read")

    def message_post(self, **kwargs):
        self._safety_check_thread_access()
        partner_ids = list(kwargs.get("partner_ids") or [])
        self._safety_check_mail_reach(partner_ids, kwargs.get("outgoing_email_to"))
        if partner_ids:
            kwargs["partner_ids"] = self._safety_recipient_partner_ids(partner_ids)
        return super().message_post(**kwargs)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        self._safety_check_thread_access()
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def message_unsubscribe(self, partner_ids=None):
        self._safety_check_thread_access()
        return super().message_unsubscribe(partner_ids=partner_ids)

    def activity_schedule(self, act_type_xmlid="", date_deadline=None, summary="", note="", **kw):
        # the models using this mixin are activity mixins too (plan, survivor)
        self._safety_check_thread_access()
        return super().activity_schedule(
            act_type_xmlid=act_type_xmlid,
            date_deadline=date_deadline,
            summary=summary,
            note=note,
            **kw,
        )

    def _partner_find_from_emails(self, records_emails, *args, **kwargs):
        # /mail/partner/from_email reads the record (its company...) without
        # asking whether the caller may: a made-up id failed, a real one answered
        if not self.env.su:
            self.browse([record.id for record in records_emails if record]).check_access("read")
        return super()._partner_find_from_emails(records_emails, *args, **kwargs)

    def _message_sms(self, body, subtype_id=False, partner_ids=False, number_field=False, **kwargs):
        """Texting a survivor (SMS app installed) is refused unless texting is
        marked safe. Only called when the SMS app is installed."""
        numbers = list(kwargs.get("sms_numbers") or [])
        numbers += list((kwargs.get("sms_pid_to_number") or {}).values())
        if number_field or (partner_ids is False and kwargs.get("sms_numbers") is None):
            # the record's own number: the survivor's, on their record
            field_name = number_field or "phone"
            numbers += [record[field_name] for record in self if field_name in record._fields]
        # sudo: the partners' numbers are only compared with the survivor's
        partners = self.env["res.partner"].sudo().browse(partner_ids or [])
        numbers += partners.mapped("phone")
        for record in self:
            record._safety_reach_survivor()._safety_check_reach("text", numbers)
        return super()._message_sms(
            body,
            subtype_id=subtype_id,
            partner_ids=partner_ids,
            number_field=number_field,
            **kwargs,
        )

    def _message_get_suggested_recipients_batch(self, **kwargs):
        # The survivor is never suggested: picking a suggestion makes Odoo
        # create a contact with that address, which every other app then
        # sees. Only a contact that already holds their address (one the
        # agency linked, email marked safe) may be written to.
        suggested = super()._message_get_suggested_recipients_batch(**kwargs)
        for record in self:
            survivor = record._safety_reach_survivor()
            if not survivor:
                continue
            own = {
                tools.email_normalize(email, strict=False)
                for email in (survivor.email, survivor.partner_id.email)
                if email
            }
            suggested[record.id] = [
                recipient
                for recipient in suggested[record.id]
                if tools.email_normalize(recipient.get("email") or "", strict=False) not in own
            ]
        return suggested

    # reaching the survivor ------------------------------------------------------
    def _safety_reach_survivor(self):
        """The survivor this record is about (a survivor, a plan's survivor)."""
        self.ensure_one()
        # sudo: used to compare addresses and read the safe-contact choices only
        record = self.sudo()
        if record._name == "safety.survivor":
            return record
        if "survivor_id" in record._fields:
            return record.survivor_id
        return self.env["safety.survivor"]

    def _safety_check_mail_reach(self, partner_ids, email_to=False):
        """Refuse mail to the survivor's own address (as a recipient partner
        or a raw address) unless email is marked safe."""
        # sudo: the recipients' addresses are only compared with the survivor's
        emails = self.env["res.partner"].sudo().browse(partner_ids).mapped("email")
        emails += tools.email_split(email_to or "")
        if not any(emails):
            return
        for record in self:
            record._safety_reach_survivor()._safety_check_reach("email", emails)

    def _safety_recipient_partner_ids(self, partner_ids):
        """Who may receive a message of the record: Safety Planning members,
        and the survivor at their own address when email is marked safe."""
        allowed = self.env["res.users"]._safety_member_partner_ids(partner_ids)
        safe_email = len(self) == 1 and self._safety_reach_survivor()._safety_safe_email()
        if safe_email:
            # sudo: only the partners' addresses are compared
            partners = self.env["res.partner"].sudo().browse(partner_ids)
            allowed += partners.filtered(lambda p: p.email_normalized == safe_email).ids
        return [pid for pid in partner_ids if pid in allowed]

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
