import importlib.util
import json

from markupsafe import Markup

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools.misc import file_path

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SafetyCommon

ADVOCATE_GROUP = "victim_safety_planning.group_safety_advocate"
DRIVE = "Drive Ximena Núñez-Ōta to 14 Rue des Tilleuls"
CODE_WORD = "Code word: подсолнух 向日葵"


class MembershipMixin:
    """A member entangled with a plan and its survivor the ways core keeps
    after access ends: following both, an open activity on each, a note of
    theirs, a message they are notified of (inbox) and one they starred."""

    def _entangle(self, user, plan):
        survivor = plan.survivor_id
        partner = user.partner_id
        plan.sudo().message_subscribe(partner_ids=partner.ids)
        survivor.sudo().message_subscribe(partner_ids=partner.ids)
        for record in (plan, survivor):
            record.sudo().activity_schedule(
                "mail.mail_activity_data_todo", summary=DRIVE, user_id=user.id
            )
        # their own note: core lets an author read it whatever the record's rules
        plan.with_user(user).message_post(
            body=Markup("<p>%s</p>") % CODE_WORD,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        # a message of the team naming them: an inbox entry
        notified = plan.sudo().message_post(
            author_id=self.env.ref("base.partner_root").id,
            body=Markup("<p>Where is the go-bag, %s?</p>") % user.name,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=partner.ids,
        )
        notified.sudo().starred_partner_ids = [Command.link(partner.id)]
        self.env.flush_all()
        self.assertTrue(self._links(user, plan)["notifications"], "the member was notified")

    def _links(self, user, plan):
        """What ties ``user`` to the plan and its survivor (as superuser)."""
        records = [("safety.plan", plan.id), ("safety.survivor", plan.survivor_id.id)]
        env = self.env(su=True)
        messages = env["mail.message"].search(
            [
                "|",
                "&",
                ("model", "=", "safety.plan"),
                ("res_id", "=", plan.id),
                "&",
                ("model", "=", "safety.survivor"),
                ("res_id", "=", plan.survivor_id.id),
            ]
        )
        pid = user.partner_id.id
        followers = env["mail.followers"]
        activities = env["mail.activity"]
        for model, res_id in records:
            followers |= followers.search(
                [("res_model", "=", model), ("res_id", "=", res_id), ("partner_id", "=", pid)]
            )
            activities |= activities.search(
                [("res_model", "=", model), ("res_id", "=", res_id), ("user_id", "=", user.id)]
            )
        return {
            "emails": env["mail.mail"].search(
                [
                    ("mail_message_id", "in", messages.ids),
                    ("recipient_ids", "in", [pid]),
                    ("state", "=", "outgoing"),
                ]
            ),
            "followers": followers,
            "activities": activities,
            "notifications": env["mail.notification"].search(
                [("mail_message_id", "in", messages.ids), ("res_partner_id", "=", pid)]
            ),
            "starred": messages.filtered(lambda m: pid in m.starred_partner_ids.ids),
            "messages": messages,
        }

    def assertNothingLeft(self, user, plan, sweep=True):
        """Swept as ``user``: nothing of the plan nor of its survivor."""
        self.env.flush_all()
        self.env.invalidate_all()
        links = self._links(user, plan)
        for kind in ("followers", "activities", "notifications", "starred", "emails"):
            self.assertFalse(links[kind], f"{user.name} keeps {kind} of the plan")
        if not sweep:
            return
        as_user = self.env(user=user)
        ids = {("safety.plan", plan.id), ("safety.survivor", plan.survivor_id.id)}
        found = as_user["mail.message"].search_read([], ["model", "res_id", "body"])
        self.assertFalse([m for m in found if (m["model"], m["res_id"]) in ids])
        self.assertNotIn(CODE_WORD, json.dumps(found, default=str))
        for message in links["messages"]:
            self.assertFalse(message.with_user(user).has_access("read"))
        with self.assertRaises(AccessError):
            links["messages"].with_user(user).read(["body"])
        activities = as_user["mail.activity"].search_read([], ["res_model", "res_id", "summary"])
        self.assertFalse([a for a in activities if (a["res_model"], a["res_id"]) in ids])
        self.assertNotIn(DRIVE, json.dumps(activities, default=str))
        followers = as_user["mail.followers"].search_read([("partner_id", "=", user.partner_id.id)])
        self.assertFalse([f for f in followers if (f["res_model"], f["res_id"]) in ids])
        needaction = as_user["mail.message"].search([("needaction", "=", True)])
        self.assertFalse(needaction.filtered(lambda m: (m.model, m.res_id) in ids))


class TestMembership(MembershipMixin, SafetyCommon):
    """Access ends with membership in the same transaction: each way of
    leaving a plan (team, advocacy, the groups, archiving, a referral handed
    to a colleague) leaves the former member nothing of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.teammate = mail_new_test_user(
            cls.env,
            login="vsp_teammate",
            name="Лиля Teammate",
            groups=ADVOCATE_GROUP,
            notification_type="inbox",
        )
        cls.plan.team_member_ids = [Command.link(cls.teammate.id)]

    def assertHandedTo(self, heir, plan, former):
        activities = self.env["mail.activity"].search(
            [("summary", "=", DRIVE), ("user_id", "=", heir.id)]
        )
        self.assertEqual(len(activities), 2, "both activities go to the plan's advocate")
        self.assertEqual(
            {(a.res_model, a.res_id) for a in activities},
            {("safety.plan", plan.id), ("safety.survivor", plan.survivor_id.id)},
        )
        told = self.env["mail.message"].search(
            [("model", "=", "safety.plan"), ("res_id", "=", plan.id)], order="id desc", limit=1
        )
        # notified, unless they made the change themselves (an author is not)
        self.assertIn(heir.partner_id, told.partner_ids, "the advocate is told")
        self.assertIn(former.name, told.body)
        self.assertNotIn(DRIVE, told.body, "the note is discreet: no summary")

    def test_leaving_the_team(self):
        self._entangle(self.teammate, self.plan)
        self.plan.with_user(self.advocate).team_member_ids = [Command.unlink(self.teammate.id)]
        self.assertNothingLeft(self.teammate, self.plan)
        self.assertHandedTo(self.advocate, self.plan, self.teammate)
        self.assertTrue(self._links(self.advocate, self.plan)["followers"])

    def test_handing_the_plan_over(self):
        self._entangle(self.advocate, self.plan)
        self.assertTrue(self._links(self.advocate, self.plan)["emails"], "notified by email")
        self.plan.with_user(self.advocate).advocate_id = self.advocate_other
        self.assertNothingLeft(self.advocate, self.plan)
        self.assertHandedTo(self.advocate_other, self.plan, self.advocate)

    def test_moved_to_sales(self):
        self._entangle(self.teammate, self.plan)
        self.teammate.write(
            {
                "group_ids": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("sales_team.group_sale_salesman").id,
                        ]
                    )
                ]
            }
        )
        self.assertFalse(self.teammate._is_safety_member())
        self.assertNothingLeft(self.teammate, self.plan)
        self.assertHandedTo(self.advocate, self.plan, self.teammate)

    def test_removed_from_the_group_s_side(self):
        self.teammate.group_ids = [Command.link(self.env.ref("base.group_user").id)]
        self._entangle(self.teammate, self.plan)
        self.env.ref(ADVOCATE_GROUP).write({"user_ids": [Command.unlink(self.teammate.id)]})
        self.assertFalse(self.teammate._is_safety_member())
        self.assertNothingLeft(self.teammate, self.plan)

    def test_archived(self):
        self._entangle(self.teammate, self.plan)
        self.teammate.action_archive()
        # an archived user can't sign in: what they were linked to is gone
        self.assertNothingLeft(self.teammate, self.plan, sweep=False)
        self.assertHandedTo(self.advocate, self.plan, self.teammate)

    def test_advocate_leaving_the_groups_leaves_activities_unassigned(self):
        """The plan's own advocate leaves: nobody to hand to, the activities
        wait unassigned on the plan for its supervisor."""
        self._entangle(self.advocate, self.plan)
        self.advocate.write({"group_ids": [Command.set([self.env.ref("base.group_user").id])]})
        self.assertNothingLeft(self.advocate, self.plan)
        activities = self.env["mail.activity"].search([("summary", "=", DRIVE)])
        self.assertEqual(len(activities), 2)
        self.assertFalse(activities.user_id)

    def test_who_still_reads_keeps_everything(self):
        """A supervisor taken off the team still sees the plan: nothing removed."""
        self.plan.team_member_ids = [Command.link(self.supervisor.id)]
        self._entangle(self.supervisor, self.plan)
        self.plan.with_user(self.advocate).team_member_ids = [Command.unlink(self.supervisor.id)]
        self.env.flush_all()
        links = self._links(self.supervisor, self.plan)
        self.assertEqual(len(links["followers"]), 2)
        self.assertEqual(len(links["activities"]), 2)
        self.assertTrue(links["notifications"])

    def test_referral_handed_to_a_colleague(self):
        self.advocate.group_ids += self.env.ref("sales_team.group_sale_salesman_all_leads")
        lead = self.env["crm.lead"].create(
            {
                "name": "Walk-in",
                "contact_name": "Ximena Núñez-Ōta",
                "phone": "+1 415 555 2674",
                "description": f"<p>{CODE_WORD}</p>",
                "user_id": self.advocate.id,
            }
        )
        lead.message_post(
            author_id=self.advocate.partner_id.id,
            body=Markup("<p>She called from a friend's phone</p>"),
            message_type="comment",
        )
        lead.message_subscribe(partner_ids=self.advocate.partner_id.ids)
        wizard = Form(
            self.env["safety.lead.refer.wizard"]
            .with_user(self.advocate)
            .with_context(default_lead_id=lead.id)
        )
        wizard.advocate_id = self.advocate_other
        wizard.phone_owner = "survivor"
        wizard.save().action_refer()
        plan = self.env["safety.plan"].search([("survivor_id.name", "=", "Ximena Núñez-Ōta")])
        self.assertEqual(plan.advocate_id, self.advocate_other)
        self.assertNothingLeft(self.advocate, plan)
        self.assertTrue(self._links(self.advocate_other, plan)["activities"])

    def test_a_plan_s_team_sees_its_messages(self):
        """Control: the rule only hides what a user may not read."""
        self._entangle(self.teammate, self.plan)
        found = self.env(user=self.teammate)["mail.message"].search(
            [("model", "=", "safety.plan"), ("res_id", "=", self.plan.id)]
        )
        self.assertIn(CODE_WORD, "".join(found.mapped("body")))


class TestGrantsAreLogged(SafetyCommon):
    """Nobody opens the vault unseen: each grant of a Safety Planning group
    is in the access history and the safety managers are told."""

    def _grant_lines(self, user):
        return self.env["safety.access.log"].search(
            [("model", "=", "res.users"), ("res_id", "=", user.id), ("action", "=", "grant")]
        )

    def _told(self, manager, user):
        return self.env["mail.message"].search(
            [
                ("notified_partner_ids", "in", manager.partner_id.ids),
                ("body", "ilike", user.name),
                ("subject", "=", "Safety Planning access given"),
            ]
        )

    def test_group_given_to_a_user(self):
        clerk = new_test_user(self.env, login="vsp_clerk", name="Chloé Clerk 陈")
        self.assertFalse(self._grant_lines(clerk))
        clerk.with_user(self.env.ref("base.user_admin")).write(
            {"group_ids": [Command.link(self.env.ref(ADVOCATE_GROUP).id)]}
        )
        line = self._grant_lines(clerk)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.user_id, self.env.ref("base.user_admin"))
        self.assertEqual(line.with_user(self.supervisor).record_display, "User Chloé Clerk 陈")
        self.assertTrue(self._told(self.manager, clerk))

    def test_admin_giving_themselves_access(self):
        """An administrator of access rights adding themselves breaks the
        glass; so does making someone an administrator of Settings, which
        implies the managers' group."""
        admin = new_test_user(
            self.env, login="vsp_it", name="Жиль IT", groups="base.group_erp_manager"
        )
        self.assertFalse(admin._is_safety_member())
        admin.with_user(admin).write({"group_ids": [Command.link(self.env.ref(ADVOCATE_GROUP).id)]})
        self.assertTrue(admin._is_safety_member())
        line = self._grant_lines(admin)
        self.assertEqual(line.user_id, admin)
        self.assertTrue(self._told(self.manager, admin))
        clerk = new_test_user(self.env, login="vsp_clerk2", name="Clerk Two")
        clerk.with_user(self.env.ref("base.user_admin")).write(
            {"group_ids": [Command.link(self.env.ref("base.group_system").id)]}
        )
        self.assertTrue(clerk.has_group("victim_safety_planning.group_safety_manager"))
        self.assertTrue(self._grant_lines(clerk))

    def test_new_user_created_with_a_group(self):
        user = new_test_user(self.env, login="vsp_new_adv", name="Nour نور", groups=ADVOCATE_GROUP)
        self.assertTrue(self._grant_lines(user))

    def test_other_groups_are_not_logged(self):
        user = new_test_user(self.env, login="vsp_sales", groups="sales_team.group_sale_salesman")
        user.write({"group_ids": [Command.link(self.env.ref("base.group_allow_export").id)]})
        self.assertFalse(self._grant_lines(user))


@tagged("post_install", "-at_install")
class TestMembershipHttp(MembershipMixin, HttpCase):
    """The web client of a member moved to Sales: its messaging data and
    inbox hold nothing of the survivor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate = new_test_user(
            cls.env, login="vsp_http_adv", name="Ada Http", groups=ADVOCATE_GROUP
        )
        cls.teammate = new_test_user(
            cls.env,
            login="vsp_http_mate",
            name="Teo Http",
            groups=ADVOCATE_GROUP,
            notification_type="inbox",
        )
        cls.survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create({"name": "Ximena Núñez-Ōta", "street": "14 Rue des Tilleuls"})
        )
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create({"survivor_id": cls.survivor.id, "team_member_ids": [cls.teammate.id]})
            .with_env(cls.env)
        )

    def _web_client(self):
        self.authenticate("vsp_http_mate", "vsp_http_mate")
        answers = [
            self.make_jsonrpc_request(
                "/mail/data",
                {"fetch_params": ["init_messaging", "failures", "systray_get_activities"]},
            ),
            self.make_jsonrpc_request("/mail/inbox/messages", {}),
            self.make_jsonrpc_request("/mail/starred/messages", {}),
            self.make_jsonrpc_request("/mail/history/messages", {}),
        ]
        return json.dumps(answers, default=str)

    def test_moved_to_sales(self):
        self._entangle(self.teammate, self.plan)
        before = self._web_client()
        self.assertIn("go-bag", before, "control: the inbox showed the message")
        self.teammate.write(
            {
                "group_ids": [
                    Command.set(
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("sales_team.group_sale_salesman").id,
                        ]
                    )
                ]
            }
        )
        self.assertNothingLeft(self.teammate, self.plan)
        after = self._web_client()
        for needle in ("go-bag", "Ximena", "Tilleuls", CODE_WORD, self.plan.name):
            self.assertNotIn(needle, after)


class TestAdvocateRights(SafetyCommon):
    """Advocates get what their screens need, not "Contact Creation" (bank
    accounts, the partner merge)."""

    def test_no_contact_creation_group(self):
        partner_manager = self.env.ref("base.group_partner_manager")
        self.assertNotIn(partner_manager, self.advocate.all_group_ids)
        Bank = self.env["res.partner.bank"].with_user(self.advocate)
        for operation in ("create", "write", "unlink"):
            self.assertFalse(Bank.has_access(operation), operation)
        Merge = self.env["base.partner.merge.automatic.wizard"].with_user(self.advocate)
        self.assertFalse(Merge.has_access("create"))

    def test_advocate_adds_contacts_from_a_plan(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.advocate)
            .create({"name": "Maison d'Accueil Étoile", "safety_resource_type": "shelter"})
        )
        partner.with_user(self.advocate).write({"phone": "+1 415 555 0199"})
        contact = (
            self.env["safety.emergency.contact"]
            .with_user(self.advocate)
            .create(
                {
                    "plan_id": self.plan.id,
                    "name": "Étoile",
                    "partner_id": partner.id,
                    "phone": "+1 415 555 0199",
                }
            )
        )
        self.assertEqual(contact.partner_id, partner)

    def test_migration_removes_the_implied_group(self):
        advocate_group = self.env.ref(ADVOCATE_GROUP)
        partner_manager = self.env.ref("base.group_partner_manager")
        advocate_group.implied_ids = [Command.link(partner_manager.id)]
        self.assertIn(partner_manager, self.advocate.all_group_ids)
        path = file_path("victim_safety_planning/migrations/19.0.2.2.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("vsp_post_migrate_19_0_2_2_0", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "19.0.2.1.0")
        self.env.invalidate_all()
        self.assertNotIn(partner_manager, advocate_group.implied_ids)
        self.assertNotIn(partner_manager, self.advocate.all_group_ids)
