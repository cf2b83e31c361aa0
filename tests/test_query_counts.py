import email
from email import policy

from lxml import etree

from odoo import Command
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SafetyCommon

MAIL = """From: "{name}" <{email}>
To: "Sales" <sales@example.com>
Subject: {subject}
Message-ID: <{message_id}@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Could you call me back?
"""


def view_specification(Model, view_type="form"):
    """What the web client asks ``web_read`` for when it opens the view:
    every field of the view, many2ones by name, x2many lines with the fields
    of their embedded list (40 lines at most)."""

    def walk(node, Model):
        spec = {}
        for child in node.iterchildren():
            if not isinstance(child.tag, str):
                continue
            field = Model._fields.get(child.get("name")) if child.tag == "field" else None
            if child.tag != "field":
                for name, value in walk(child, Model).items():
                    spec.setdefault(name, value)
            elif field is None:
                continue
            elif field.type == "many2one":
                spec[field.name] = {"fields": {"display_name": {}}}
            elif field.type in ("one2many", "many2many"):
                lines = {}
                for view in child.iterchildren("list", "kanban"):
                    lines.update(walk(view, Model.env[field.comodel_name]))
                spec[field.name] = {"fields": lines or {"display_name": {}}, "limit": 40}
            else:
                spec[field.name] = {}
        return spec

    arch = Model.get_views([(False, view_type)])["views"][view_type]["arch"]
    return walk(etree.fromstring(arch), Model)


@tagged("post_install", "-at_install")
class TestQueryCounts(SafetyCommon):
    """What the hot paths cost in queries, whatever the size of the record
    and whatever other apps are installed. A count that grows is a
    regression; one that shrinks is logged by Odoo, to lower the figure."""

    def _web_read_count(self, records, spec):
        records.web_read(spec)  # warm the caches (rules, groups), as a server has them
        self.env.invalidate_all()
        count = self.env.cr.sql_log_count
        records.web_read(spec)
        return self.env.cr.sql_log_count - count

    def _plan_with_lines(self, count):
        survivor = self.env["safety.survivor"].create({"name": f"Lía Grande {count}"})
        return self.env["safety.plan"].create(
            {
                "survivor_id": survivor.id,
                "advocate_id": self.advocate.id,
                "step_ids": [
                    Command.create(
                        {"name": f"Step {index}", "context": "home", "is_done": index % 2}
                    )
                    for index in range(count)
                ],
                "emergency_contact_ids": [
                    Command.create({"name": f"Contact {index}", "phone": "+14155552671"})
                    for index in range(count)
                ],
                "location_ids": [
                    Command.create({"name": f"Place {index}"}) for index in range(count)
                ],
                "respondent_ids": [Command.create({"name": "Devon Pike"})],
                "protective_order_ids": [Command.create({"issue_date": "2026-01-05"})],
                "incident_ids": [Command.create({"kind": "incident"})],
                "household_member_ids": [
                    Command.create({"name": f"Niño {index}"}) for index in range(count)
                ],
                "court_hearing_ids": [
                    Command.create(
                        {"date": "2030-01-05 09:00:00", "accompanied_by_id": self.advocate.id}
                    )
                    for index in range(count)
                ],
            }
        )

    def test_plan_form_costs_the_same_whatever_its_lines(self):
        """One query per embedded list of the form (steps, contacts, places,
        people causing harm, orders, releases, assessments, incidents,
        reviews, services, household, hearings), whatever the number of lines."""
        Plan = self.env["safety.plan"].with_user(self.advocate)
        spec = view_specification(Plan)
        small, large = self._plan_with_lines(2), self._plan_with_lines(40)
        self.env.flush_all()
        plans = [plan.with_user(self.advocate) for plan in (small, large)]
        for plan in plans:  # a first read fills the caches (rules, groups, views)
            self._web_read_count(plan, spec)
        counts = [self._web_read_count(plan, spec) for plan in plans]
        self.assertEqual(counts[0], counts[1], "the same whatever the number of lines")
        self.env.invalidate_all()
        # the chatter's messages are checked against the plan's rules
        # (models/mail_message.py, doc/membership.md); the services list
        # costs 2, household and hearings 5
        with self.assertQueryCount(36):
            large.with_user(self.advocate).web_read(spec)

    def test_survivor_form_counts_other_apps_in_one_query(self):
        partner = self.env["res.partner"].create({"name": "Ruth Ordinaria"})
        self.env["crm.lead"].create({"name": "Quote", "partner_id": partner.id})
        self.survivor.partner_id = partner
        Survivor = self.env["safety.survivor"].with_user(self.supervisor)
        spec = view_specification(Survivor)
        survivor = self.survivor.with_user(self.supervisor)
        self.assertIn("1 Lead", survivor.partner_usage)
        links = self.env["safety.survivor"]._safety_partner_link_fields()
        self.assertGreater(len(links), 10, "every app's tables are counted")
        self._web_read_count(survivor, spec)
        self.env.invalidate_all()
        # 9, and 4 for the funder page: race, classifications, victimization, services
        with self.assertQueryCount(13):
            survivor.web_read(spec)

    def test_gateway_routing(self):
        Thread = self.env["mail.thread"]

        def route(sender):
            raw = MAIL.format(name="Hélène Dupré", email=sender, subject="Quote", message_id=sender)
            message = email.message_from_bytes(raw.encode(), policy=policy.SMTP)
            return Thread.message_route(message, Thread.message_parse(message), model="crm.lead")

        route("warm@example.com")
        # another app's mail: the addon adds one indexed lookup of the sender
        with self.assertQueryCount(1):
            self.assertFalse(Thread._safety_thread_for_email("helene.dupre@example.com"))
        with self.assertQueryCount(13):
            routes = route("helene.dupre@example.com")
        self.assertEqual(routes[0][0], "crm.lead")
        self.survivor.email = "robin.fictional@example.org"
        self.env.flush_all()
        with self.assertQueryCount(8):
            routes = route("robin.fictional@example.org")
        self.assertEqual(routes[0][:2], ("safety.plan", self.plan.id))

    def test_follower_search_on_another_app_s_record(self):
        """A member's chatter on a lead carries no subquery of ours."""
        member = mail_new_test_user(
            self.env,
            login="query_member",
            groups="victim_safety_planning.group_safety_advocate,"
            "sales_team.group_sale_salesman_all_leads",
        )
        lead = self.env["crm.lead"].create({"name": "Chairs"})
        lead.message_subscribe(partner_ids=member.partner_id.ids)
        Followers = self.env["mail.followers"].with_user(member)
        domain = [("res_id", "=", lead.id), ("res_model", "=", "crm.lead")]
        self.assertTrue(Followers.search(domain).partner_id)  # warm the caches (rules, groups)
        self.env.invalidate_all()
        # the chatter's count, its search and its rows read: as many as without the addon
        with self.assertQueryCount(3):
            Followers.search_count(domain)
            self.assertEqual(Followers.search(domain).partner_id, member.partner_id)
        # a plan's followers are filtered by what the member may read
        self.plan.message_subscribe(partner_ids=self.advocate.partner_id.ids)
        plan_domain = [("res_id", "=", self.plan.id), ("res_model", "=", "safety.plan")]
        self.assertTrue(Followers.with_user(self.advocate).search(plan_domain))
        self.assertFalse(Followers.search(plan_domain))

    def test_access_log_insert(self):
        Log = self.env["safety.access.log"].with_user(self.advocate)
        plans = self.plan | self.env["safety.plan"].create(
            [{"survivor_id": self.survivor.id} for _index in range(20)]
        )
        steps = plans.step_ids
        self.env.flush_all()
        for records in (self.plan, plans, steps):
            with self.subTest(model=records._name, count=len(records)):
                with self.assertQueryCount(1):
                    lines = Log._log(records, "read")
                self.assertEqual(len(lines), len(records))
