from odoo import api, models, tools
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL


class MailFollowers(models.Model):
    """Followers of a survivor's records: only Safety Planning members
    follow them, and only those who may read a record see who follows it
    (every internal user may read followers in core, which would list the
    ids of plans and survivors)."""

    _inherit = "mail.followers"

    @api.model
    @tools.ormcache(cache="stable")
    def _safety_thread_models(self):
        # asked on every followers' search and mail: known once per registry
        return tuple(
            sorted(
                name
                for name in self.env["safety.confidential.mixin"]._safety_confidential_model_names()
                if "message_follower_ids" in self.env[name]
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        """Last line of defence: whatever path subscribes someone (auto-subscribe
        of an author, an import, a direct create), a non-member never follows
        a survivor's record and so never gets its messages."""
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        checked = [
            v for v in vals_list if v.get("res_model") in confidential and v.get("partner_id")
        ]
        if checked:
            allowed = set(
                self.env["res.users"]._safety_member_partner_ids(
                    [vals["partner_id"] for vals in checked]
                )
            )
            vals_list = [
                vals
                for vals in vals_list
                if vals.get("res_model") not in confidential
                or not vals.get("partner_id")
                or vals["partner_id"] in allowed
            ]
        return super().create(vals_list)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs):
        if not (self.env.su or bypass_access):
            domain = Domain(domain)
            models = self._safety_searched_models(domain)
            if models:
                domain &= self._safety_readable_domain(models)
        return super()._search(domain, offset, limit, order, bypass_access=bypass_access, **kwargs)

    @api.model
    def search_fetch(self, domain, field_names=None, offset=0, limit=None, order=None):
        # another app's followers come with their columns: reading them later
        # by id would first ask which models the rows belong to
        if field_names == [] and not self._safety_searched_models(Domain(domain), by_id=False):
            field_names = None
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    @api.model
    def _safety_searched_models(self, domain, by_id=True):
        """The survivors' models whose followers ``domain`` may find: none
        for a conjunction naming other models (a lead's chatter) or rows of
        theirs (reading followers found), so that other apps' searches carry
        no subquery of ours."""
        models = self._safety_thread_models()
        tokens = list(domain)
        if not models or "|" in tokens or "!" in tokens:
            return models
        conditions = {token[:2]: token[2] for token in tokens if isinstance(token, tuple)}
        if ("res_model", "=") in conditions:
            return tuple(name for name in models if name == conditions["res_model", "="])
        if ("res_model", "in") in conditions:
            return tuple(name for name in models if name in conditions["res_model", "in"])
        ids = conditions.get(("id", "in"))
        if by_id and isinstance(ids, list | tuple | set) and all(isinstance(i, int) for i in ids):
            # rows read by id: only the survivors' models they belong to
            rows = self.env.execute_query(
                SQL(
                    "SELECT DISTINCT res_model FROM mail_followers "
                    "WHERE id IN %s AND res_model IN %s",
                    tuple(ids) or (0,),
                    models,
                )
            )
            return tuple(row[0] for row in rows)
        return models

    @api.model
    def _safety_readable_domain(self, models):
        """Followers of ordinary records, and of the survivors' records of
        ``models`` the user may read."""
        domain = Domain("res_model", "not in", models)
        for model_name in models:
            Model = self.env[model_name].with_context(active_test=False)
            if Model.has_access("read"):
                domain |= Domain("res_model", "=", model_name) & Domain(
                    "res_id", "in", Model._search([])
                )
        return domain

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not self:
            return result
        models = self._safety_thread_models()
        # sudo: which record a follower row points at decides whether it may be read
        rows = self.sudo().filtered(lambda follower: follower.res_model in models)
        forbidden = self.browse()
        for model_name, followers in rows.grouped("res_model").items():
            records = (
                self.env[model_name]
                .with_context(active_test=False)
                .browse(set(followers.mapped("res_id")))
            )
            readable = set(records._filtered_access("read").ids)
            forbidden |= followers.filtered(lambda f, ok=readable: f.res_id not in ok)
        if not forbidden:
            return None
        return forbidden.with_env(self.env), lambda: AccessError(
            self.env._("You are not allowed to access these followers.")
        )
