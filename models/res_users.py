from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, models
from odoo.tools import SQL

ADVOCATE_GROUP = "victim_safety_planning.group_safety_advocate"
MANAGER_GROUP = "victim_safety_planning.group_safety_manager"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        granted = {user: user._safety_group_snapshot() for user in users}
        users._safety_membership_changed(dict.fromkeys(users, frozenset()), granted)
        return users

    def write(self, vals):
        if not ({"group_ids", "active"} & vals.keys()) or not self.ids:
            return super().write(vals)
        before = {user: user._safety_group_snapshot() for user in self}
        result = super().write(vals)
        self._safety_membership_changed(
            before, {user: user._safety_group_snapshot() for user in self}
        )
        return result

    def action_archive(self):
        # core deletes an archived user's activities: on survivors' records
        # they go to the plan's advocate instead (sudo: as core's own cleanup)
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        for user in self.sudo():
            activities = (
                self.env["mail.activity"]
                .sudo()
                .search([("user_id", "=", user.id), ("res_model", "in", list(confidential))])
            )
            if activities:
                user._safety_hand_activities(activities)
        return super().action_archive()

    def _is_safety_member(self):
        """Whether this user belongs to a Safety Planning group. Works under
        sudo() too: it asks about the user, not about the environment."""
        self.ensure_one()
        return self.has_group(ADVOCATE_GROUP)

    @api.model
    def _safety_members_domain(self, xmlid=ADVOCATE_GROUP):
        """Users of a Safety Planning group (the advocates' by default), for
        searches and the domains of fields choosing them. The group's id
        comes from a cached lookup: this runs on every read of such a field."""
        return [("all_group_ids", "in", [self.env["ir.model.data"]._xmlid_to_res_id(xmlid)])]

    @api.model
    def _safety_member_partner_ids(self, partner_ids):
        """Keep only the partners of internal users who are safety members:
        nobody else may follow, be notified about or be invited to a survivor's
        records."""
        if not partner_ids:
            return []
        # sudo: the caller may be a member who cannot read other users; we only
        # read group membership of the given partners' users, nothing else
        members = (
            self.sudo()
            .with_context(active_test=True)
            .search([("partner_id", "in", list(partner_ids)), *self._safety_members_domain()])
        )
        allowed = set(members.partner_id.ids)
        return [pid for pid in partner_ids if pid in allowed]

    # membership -----------------------------------------------------------------
    @api.model
    def _safety_group_ids(self):
        """Every group of this addon (its levels and the settings' groups)."""
        rows = self.env.execute_query(
            SQL(
                "SELECT res_id FROM ir_model_data WHERE module = %s AND model = %s",
                "victim_safety_planning",
                "res.groups",
            )
        )
        return frozenset(row[0] for row in rows)

    def _safety_group_snapshot(self):
        """The addon's groups this user holds (implied ones included), none
        when archived."""
        self.ensure_one()
        # sudo: group membership of the user, whoever changes it
        user = self.sudo().with_context(active_test=False)
        user.invalidate_recordset(["active", "group_ids", "all_group_ids"])
        if not user.active:
            return frozenset()
        return frozenset(user.all_group_ids.ids) & self._safety_group_ids()

    def _safety_membership_changed(self, before, after):
        """After a change of groups or of the active flag: users who lost a
        Safety Planning group lose what they followed and were assigned,
        users who gained one are written to the access history and the
        safety managers are told."""
        lost = self.browse(user.id for user in before if before[user] - after.get(user, set()))
        if lost:
            lost._safety_revoke()
        granted = {
            user: after[user] - before.get(user, frozenset())
            for user in after
            if after[user] - before.get(user, frozenset())
        }
        if granted:
            self._safety_log_grants(granted)

    def _safety_revoke(self, plans=None):
        """Access ends with membership: for each user of ``self``, every
        survivor's record they may no longer read (of ``plans`` and their
        survivors when given, else of every confidential model) stops being
        followed by them, their open activities on it go to the plan's
        advocate (who is told) or are left unassigned for its supervisor, and
        their inbox entries and stars of its messages are removed. Called in
        the transaction that changed the membership, after the change."""
        # sudo: runs right after a change of membership the ORM allowed (groups,
        # archiving, a plan's advocate or team, a referral); it only removes the
        # user's own links to records they may no longer read
        for user in self.sudo().with_context(active_test=False):
            lost = user._safety_lost_records(plans)
            if lost:
                user._safety_drop_links(lost)

    def _safety_candidates(self, plans=None):
        """{model: ids} of the survivors' records the user follows, is
        assigned an activity on, or has inbox entries or stars of."""
        self.ensure_one()
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        threads = self.env["mail.followers"]._safety_thread_models()
        scope = None
        if plans is not None:
            plans = plans.sudo()
            scope = {"safety.plan": set(plans.ids), "safety.survivor": set(plans.survivor_id.ids)}
        pid = self.partner_id.id
        queries = [
            SQL(
                "SELECT res_model, res_id FROM mail_followers "
                "WHERE partner_id = %s AND res_model IN %s",
                pid,
                threads or ("",),
            ),
            SQL(
                "SELECT res_model, res_id FROM mail_activity "
                "WHERE user_id = %s AND res_model IN %s",
                self.id,
                tuple(confidential) or ("",),
            ),
            SQL(
                "SELECT m.model, m.res_id FROM mail_notification n "
                "JOIN mail_message m ON m.id = n.mail_message_id "
                "WHERE n.res_partner_id = %s AND m.model IN %s",
                pid,
                threads or ("",),
            ),
            SQL(
                "SELECT m.model, m.res_id FROM mail_message_res_partner_starred_rel s "
                "JOIN mail_message m ON m.id = s.mail_message_id "
                "WHERE s.res_partner_id = %s AND m.model IN %s",
                pid,
                threads or ("",),
            ),
        ]
        self.env["mail.followers"].flush_model()
        self.env["mail.activity"].flush_model()
        self.env["mail.notification"].flush_model()
        self.env["mail.message"].flush_model()
        found = defaultdict(set)
        for query in queries:
            for model_name, res_id in self.env.execute_query(query):
                if res_id and (
                    scope is None or model_name not in scope or res_id in scope[model_name]
                ):
                    found[model_name].add(res_id)
        return found

    def _safety_lost_records(self, plans=None):
        """{model: ids} of the candidates the user may no longer read."""
        self.ensure_one()
        found = self._safety_candidates(plans)
        if not found:
            return {}
        if not (self.active and not self.share and self._is_safety_member()):
            return found
        lost = {}
        # as the user, in all their companies: what they can still read stays
        user_env = self.env(
            user=self.id,
            su=False,
            context={
                "active_test": False,
                "allowed_company_ids": self.company_ids.ids,
            },
        )
        for model_name, ids in found.items():
            Model = user_env[model_name]
            if not user_env["ir.model.access"].check(model_name, "read", raise_exception=False):
                lost[model_name] = ids
                continue
            readable = set(Model.search([("id", "in", list(ids))]).ids)
            if ids - readable:
                lost[model_name] = ids - readable
        return lost

    def _safety_drop_links(self, lost):
        """Remove the user's links to the records ``lost`` ({model: ids})."""
        self.ensure_one()
        pid = self.partner_id.id
        env = self.env
        for model_name, ids in lost.items():
            ids = list(ids)
            env["mail.followers"].search(
                [("res_model", "=", model_name), ("res_id", "in", ids), ("partner_id", "=", pid)]
            ).unlink()
            messages = env["mail.message"].search(
                [("model", "=", model_name), ("res_id", "in", ids)]
            )
            env["mail.notification"].search(
                [("mail_message_id", "in", messages.ids), ("res_partner_id", "=", pid)]
            ).unlink()
            # emails of those messages not sent yet: not to them any more
            mails = env["mail.mail"].search(
                [
                    ("mail_message_id", "in", messages.ids),
                    ("state", "=", "outgoing"),
                    ("recipient_ids", "in", [pid]),
                ]
            )
            alone = mails.filtered(
                lambda m: m.recipient_ids.ids == [pid] and not (m.email_to or m.email_cc)
            )
            alone.unlink()
            (mails - alone).write({"recipient_ids": [Command.unlink(pid)]})
            starred = messages.filtered(lambda m: pid in m.starred_partner_ids.ids)
            starred.write({"starred_partner_ids": [Command.unlink(pid)]})
            activities = env["mail.activity"].search(
                [("res_model", "=", model_name), ("res_id", "in", ids), ("user_id", "=", self.id)]
            )
            if activities:
                self._safety_hand_activities(activities)

    def _safety_hand_activities(self, activities):
        """Give the user's ``activities`` (on records they may no longer
        read) to the advocate of each record's plan, with a note telling
        them; left unassigned when the plan has no advocate in the groups."""
        self.ensure_one()
        Activity = activities.with_context(mail_activity_quick_update=True)
        for (model_name, res_id), record_activities in activities.grouped(
            lambda a: (a.res_model, a.res_id)
        ).items():
            record = self.env[model_name].browse(res_id).exists()
            if not record:
                continue
            heir = self._safety_heir(record)
            record_activities = Activity.browse(record_activities.ids)
            record_activities.write({"user_id": heir.id or False})
            if not hasattr(record, "message_post"):
                continue
            heir_env = self.with_context(lang=heir.lang or self.env.lang).env
            if heir:
                body = heir_env._(
                    "%(count)s open activities of %(user)s, who no longer works on this "
                    "record, are now assigned to %(heir)s.",
                    count=len(record_activities),
                    user=self.name,
                    heir=heir.name,
                )
            else:
                body = heir_env._(
                    "%(count)s open activities of %(user)s, who no longer works on this "
                    "record, are unassigned: choose who takes them over.",
                    count=len(record_activities),
                    user=self.name,
                )
            record.with_context(mail_post_autofollow=False).message_post(
                body=Markup("<p>%s</p>") % body,
                partner_ids=heir.partner_id.ids,
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )

    def _safety_heir(self, record):
        """Who takes over this user's activities on ``record``: the advocate
        of its plan (the survivor's current plan), when still a member."""
        self.ensure_one()
        if record._name == "safety.plan":
            plans = record
        elif record._name == "safety.survivor":
            plans = record.with_context(active_test=False).plan_ids.sorted(
                lambda p: (p.active, p.state == "active", p.id), reverse=True
            )
        elif "plan_id" in record._fields:
            plans = record.plan_id
        else:
            plans = self.env["safety.plan"]
        for plan in plans:
            advocate = plan.advocate_id
            if advocate != self and advocate.active and advocate._is_safety_member():
                return advocate
        return self.browse()

    # grants ---------------------------------------------------------------------
    def _safety_log_select(self):
        # access history lines of users (a grant): the user's id and company
        return SQL(
            "SELECT id, company_id, NULL::int, NULL::int FROM res_users WHERE id = ANY(%s)",
            self.ids,
        )

    def _safety_log_grants(self, granted):
        """Each user given a Safety Planning group ({user: group ids}) is
        written to the access history and the safety managers are told:
        nobody, an administrator included, opens the vault unseen."""
        # sudo: the access history and the managers' list are the system's; the
        # change of groups was allowed by the ORM
        Log = self.env["safety.access.log"].sudo()
        for user in granted:
            Log._log(user, "grant")
        # the users given access are told by the access itself, not by this note
        managers = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    *self._safety_members_domain(MANAGER_GROUP),
                    ("share", "=", False),
                    ("id", "not in", [user.id for user in granted]),
                ]
            )
        )
        groups = self.env["res.groups"].sudo().browse(set().union(*granted.values()))
        for manager in managers:
            env = self.with_context(lang=manager.lang or self.env.lang).env
            lines = Markup("").join(
                Markup("<li>%s</li>")
                % env._(
                    "%(user)s: %(groups)s",
                    user=user.name,
                    groups=", ".join(
                        groups.browse(group_ids).with_env(env).sorted("id").mapped("name")
                    ),
                )
                for user, group_ids in granted.items()
            )
            env["mail.thread"].sudo().message_notify(
                partner_ids=manager.partner_id.ids,
                subject=env._("Safety Planning access given"),
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    env._(
                        "%(actor)s gave access to survivors' records (Safety Planning) to:",
                        actor=self.env.user.name,
                    ),
                    lines,
                ),
                subtype_xmlid="mail.mt_note",
            )
