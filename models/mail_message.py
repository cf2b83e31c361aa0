from collections import defaultdict

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL


class MailMessage(models.Model):
    """Messages of a survivor's records are read through the record only:
    core also lets their author, creator, recipients and notified partners
    read them, which outlives membership (a member who referred a lead to a
    colleague, an advocate moved to Sales)."""

    _inherit = "mail.message"

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs):
        query = super()._search(domain, offset, limit, order, bypass_access=bypass_access, **kwargs)
        if self.env.su or bypass_access or not self._safety_may_find_ours(domain):
            return query
        if query.is_empty():
            return query
        # core's search for a user returns known ids: no query is repeated
        ids = query.get_result_ids()
        hidden = self._safety_unreadable_ids(ids)
        if not hidden:
            return query
        return self.browse(id_ for id_ in ids if id_ not in hidden)._as_query(order)

    @api.model
    def _safety_may_find_ours(self, domain):
        """Whether ``domain`` may find messages of survivors' records: not
        when it names only other models (another app's chatter), so that
        their searches cost nothing more."""
        models = self.env["mail.followers"]._safety_thread_models()
        tokens = list(Domain(domain))
        if not models or "|" in tokens or "!" in tokens:
            return bool(models)
        for token in tokens:
            if isinstance(token, tuple) and len(token) == 3 and token[0] == "model":
                if token[1] == "=" and token[2] not in models:
                    return False
                if token[1] == "in" and isinstance(token[2], list | tuple | set):
                    if not set(token[2]) & set(models):
                        return False
        return True

    def _get_forbidden_access(self, operation):
        forbidden = super()._get_forbidden_access(operation)
        if operation in ("read", "write"):
            rest = self - forbidden
            hidden = rest._safety_unreadable_ids(rest._ids)
            if hidden:
                forbidden += self.browse(id_ for id_ in rest._ids if id_ in hidden)
        return forbidden

    @api.model
    def _safety_unreadable_ids(self, ids):
        """Ids among ``ids`` of messages on survivors' records the user may
        not read."""
        ids = [id_ for id_ in ids if isinstance(id_, int)]
        models = self.env["mail.followers"]._safety_thread_models()
        if not ids or not models or self.env.su:
            return set()
        self.flush_model(["model", "res_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id, model, res_id FROM mail_message "
                "WHERE id = ANY(%s) AND model IN %s AND res_id IS NOT NULL",
                ids,
                models,
            )
        )
        by_model = defaultdict(lambda: defaultdict(list))
        for id_, model_name, res_id in rows:
            by_model[model_name][res_id].append(id_)
        hidden = set()
        for model_name, by_record in by_model.items():
            Model = self.env[model_name].with_context(active_test=False)
            readable = (
                set(Model.search([("id", "in", list(by_record))]).ids)
                if self.env["ir.model.access"].check(model_name, "read", raise_exception=False)
                else set()
            )
            for res_id, message_ids in by_record.items():
                if res_id not in readable:
                    hidden.update(message_ids)
        return hidden

    def copy_data(self, default=None):
        # core reads messages as superuser (mail.message.fetch) and checks
        # access in read() only: copy_data() and copy() over RPC handed any
        # message's body to any user. Checked here as read() does, for the
        # messages of every app alike (a check for ours only would be a sign).
        if not self.env.su:
            self.check_access("read")
        return super().copy_data(default=default)
