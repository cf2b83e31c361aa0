import logging

from odoo import api, models, tools
from odoo.fields import Domain

_logger = logging.getLogger(__name__)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    # incoming mail ------------------------------------------------------------
    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        """Mail from a survivor's address never reaches another app (a lead, a
        task, a vendor bill, a reply on an old thread): it lands on the
        survivor's plan as a message for its team. Decided before core's
        routing, which could bounce the mail back to the sender or let the
        alias's model create its record and acknowledge it."""
        if not message_dict.get("is_bounce"):
            target = self._safety_thread_for_email(message_dict.get("email_from"))
            if target:
                _logger.info(
                    "Routing mail with Message-Id %s to a safety record",
                    message_dict.get("message_id"),
                )
                # sudo: only where the replied-to message belongs is read
                parent = self.env["mail.message"].sudo().browse(message_dict.get("parent_id"))
                if not (parent and (parent.model, parent.res_id) == (target._name, target.id)):
                    # a reply to another app's message: its author is not pinged
                    message_dict.pop("parent_id", None)
                    message_dict.pop("is_internal", None)
                return [(target._name, target.id, {}, self.env.ref("base.user_root").id, None)]
        return super().message_route(
            message, message_dict, model=model, thread_id=thread_id, custom_values=custom_values
        )

    @api.model
    def _safety_routes_confidential(self, routes):
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        return bool(routes) and all(route[0] in confidential for route in routes)

    @api.model
    def _message_parse_post_process(self, message, message_dict, routes):
        values = super()._message_parse_post_process(message, message_dict, routes)
        if self._safety_routes_confidential(routes):
            # whoever else the mail was addressed to may not read it once it
            # is on a survivor's record: members only
            values["partner_ids"] = self.env["res.users"]._safety_member_partner_ids(
                values.get("partner_ids") or []
            )
        return values

    @api.model
    def _detect_loop_sender(self, message, message_dict, routes):
        # a survivor writing often is not a mail loop: never bounce them
        if self._safety_routes_confidential(routes):
            return False
        return super()._detect_loop_sender(message, message_dict, routes)

    @api.model
    def _safety_thread_for_email(self, email_from):
        """The record where mail from ``email_from`` belongs when it is a
        survivor's address: their newest open plan, else the survivor."""
        email = tools.email_normalize(email_from or "", strict=False)
        if not email:
            return False
        # sudo: the gateway runs for whoever sent the mail; only the record to
        # post on is looked up, nothing is returned to the sender
        survivor = (
            self.env["safety.survivor"]
            .sudo()
            .search([("email_normalized", "=", email)], order="id desc", limit=1)
        )
        if not survivor:
            return False
        plans = survivor.plan_ids.filtered(lambda plan: plan.state != "closed")
        return plans.sorted(lambda plan: (plan.state == "active", plan.id))[-1:] or survivor

    def _safety_transfer_to(self, target):
        """Move the conversation of ``self`` (messages with their tracking
        values, attachments) onto ``target``, a record holding survivor data,
        and leave no user outside Safety Planning a way back to it: their
        notifications, stars and recipient entries go, and a message they
        wrote keeps their email address but no longer their authorship.
        Activities on ``self`` are removed (their assignees may be outsiders).

        Runs as superuser: callers check that the user may refer the records."""
        target.ensure_one()
        # sudo: the callers (referral wizard, website form diversion) checked
        # that the records may be moved; their outsiders' links are removed
        env = self.sudo().env
        messages = env["mail.message"].search(
            [("model", "=", self._name), ("res_id", "in", self.ids)]
        )
        attachments = env["ir.attachment"].search(
            Domain("res_model", "=", self._name) & Domain("res_id", "in", self.ids)
            | Domain("id", "in", messages.attachment_ids.ids)
        )
        involved = (
            messages.author_id
            | messages.partner_ids
            | messages.starred_partner_ids
            | messages.notification_ids.res_partner_id
        )
        members = env["res.partner"].browse(
            env["res.users"]._safety_member_partner_ids(involved.ids)
        )
        users = (
            env["res.users"]
            .with_context(active_test=False)
            .search([("partner_id", "in", involved.ids)])
        )
        outsiders = users.partner_id - members
        messages.notification_ids.filtered(lambda n: n.res_partner_id in outsiders).unlink()
        messages.write(
            {
                "model": target._name,
                "res_id": target.id,
                "record_company_id": target.company_id.id if "company_id" in target else False,
            }
        )
        for message in messages:
            values = {}
            if message.partner_ids & outsiders:
                values["partner_ids"] = [
                    (3, partner.id) for partner in message.partner_ids & outsiders
                ]
            if message.starred_partner_ids & outsiders:
                values["starred_partner_ids"] = [
                    (3, partner.id) for partner in message.starred_partner_ids & outsiders
                ]
            if message.author_id in outsiders:
                values.update(
                    author_id=False,
                    email_from=message.email_from or message.author_id.email_formatted,
                )
            if values:
                message.write(values)
        attachments.write({"res_model": target._name, "res_id": target.id})
        env["mail.activity"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ).unlink()
        return messages
