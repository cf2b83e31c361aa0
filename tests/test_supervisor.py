import ast
import os
import re
from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tools import file_path

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.victim_safety_planning.models.safety_plan import LEVEL_ORDER

from .common import SafetyCommon

MODULE = "victim_safety_planning"


class TestSupervisorReports(SafetyCommon):
    """Issue 12, supervisor side: reports read in the order of their values,
    no sample data, each role opens lists on what it works on, and the
    dashboard counts what the supervisor may see and nothing for others."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["safety.plan"].with_user(cls.supervisor))
        Survivor = cls.env["safety.survivor"]
        Plan = cls.env["safety.plan"]
        cls.plans = Plan
        for index, level in enumerate(("critical", "high", "low", "medium")):
            survivor = Survivor.create({"name": f"Level {level}"})
            plan = Plan.create(
                {
                    "survivor_id": survivor.id,
                    "advocate_id": cls.advocate.id,
                    "emergency_contact_ids": [(0, 0, {"name": "Friend", "phone": "911"})],
                }
            )
            plan.with_user(cls.advocate).write(
                {"risk_raise_level": level, "risk_raise_reason": "Set up by the test"}
            )
            plan.action_activate()
            if index % 2:  # two of them long overdue for review
                plan.last_review_date = cls.today - timedelta(days=200)
            cls.plans |= plan

    def _views(self):
        ids = self.env["ir.model.data"].search(
            [("module", "=", MODULE), ("model", "=", "ir.ui.view")]
        )
        return self.env["ir.ui.view"].browse(ids.mapped("res_id"))

    def test_no_sample_data_in_any_view(self):
        """Supervisors saw Odoo's made-up plans ("REF0001 Thomas Passot") on
        an empty list: no view of this app may ask for sample records."""
        views = self._views()
        self.assertGreater(len(views), 20)
        for view in views:
            arch = etree.fromstring(view.arch_db)
            self.assertFalse(arch.xpath("//*[@sample]"), f"{view.xml_id} asks for sample data")

    def _groups(self, Model, domain, groupby, **kwargs):
        """Non-empty groups as grouped lists and kanbans ask for them: in the
        order of the field's group_expand (its selection's order)."""
        groups = Model.with_context(read_group_expand=True).formatted_read_group(
            domain, [groupby], ["__count"], **kwargs
        )
        return [(group[groupby], group["__count"]) for group in groups if group["__count"]]

    def test_risk_levels_group_in_level_order(self):
        groups = self._groups(
            self.env["safety.plan"].with_user(self.supervisor),
            [("id", "in", self.plans.ids)],
            "risk_level",
        )
        levels = [level for level, _count in groups]
        self.assertEqual(levels, ["low", "medium", "high", "critical"])
        self.assertEqual(levels, sorted(levels, key=LEVEL_ORDER.index))

    def test_status_series_come_on_time_first(self):
        """Stacked series follow the order of their groups: on time first,
        overdue or late after, whatever the alphabet says."""
        Plan = self.env["safety.plan"].with_user(self.supervisor)
        self.assertEqual(
            self._groups(Plan, [("id", "in", self.plans.ids)], "review_status"),
            [("on_time", 2), ("overdue", 2)],
        )
        plan = self.plans[0]
        Review = self.env["safety.review"]
        reviews = Review.create(
            [
                {
                    "plan_id": plan.id,
                    "feels_safe_score": 5,
                    "date": self.today,
                    "due_date": self.today - timedelta(days=3),
                    "state": "done",
                },
                {
                    "plan_id": plan.id,
                    "feels_safe_score": 6,
                    "date": self.today,
                    "due_date": self.today,
                    "state": "done",
                },
            ]
        )
        self.assertEqual(reviews.mapped("timeliness"), ["late", "on_time"])
        Review = Review.with_user(self.supervisor)
        domain = [("id", "in", reviews.ids)]
        self.assertEqual(
            [value for value, _count in self._groups(Review, domain, "timeliness")],
            ["on_time", "late"],
        )
        # descending order is honoured too
        groups = self._groups(Review, domain, "timeliness", order="timeliness desc")
        self.assertEqual([value for value, _count in groups], ["late", "on_time"])

    def test_each_role_opens_lists_on_its_work(self):
        Actions = self.env["ir.actions.act_window"]
        for xmlid in (
            "safety_plan_action",
            "safety_protective_order_action",
            "safety_consent_action",
        ):
            full = f"{MODULE}.{xmlid}"
            advocate = ast.literal_eval(
                Actions.with_user(self.advocate)._for_xml_id(full)["context"]
            )
            self.assertEqual(advocate.get("search_default_my_plans"), 1, xmlid)
            for user in (self.supervisor, self.manager):
                context = ast.literal_eval(Actions.with_user(user)._for_xml_id(full)["context"])
                self.assertNotIn("search_default_my_plans", context, (xmlid, user.login))
                self.assertEqual(context.get("search_default_filter_active"), 1, xmlid)
        # the web client loads actions with sudo(): the reader still counts
        action = self.env.ref(f"{MODULE}.safety_plan_action")
        loaded = action.with_user(self.supervisor).sudo()._get_action_dict()
        self.assertIn("filter_active", loaded["context"])

    def test_dashboard_counts_what_the_supervisor_sees(self):
        data = self.env["safety.dashboard"].with_user(self.supervisor).get_dashboard_data()
        mine = [row for row in data["review_status"]["advocates"] if row["id"] == self.advocate.id]
        self.assertEqual(len(mine), 1)
        self.assertEqual((mine[0]["on_time"], mine[0]["overdue"]), (2, 2))
        # each figure lists exactly its records
        Plan = self.env["safety.plan"].with_user(self.supervisor)
        self.assertEqual(Plan.search(mine[0]["domain_overdue"]), self.plans[1] | self.plans[3])
        levels = {row["level"]: row for row in data["risk_levels"]}
        self.assertEqual([row["level"] for row in data["risk_levels"]], LEVEL_ORDER[::-1])
        self.assertTrue(self.plans[0] in Plan.search(levels["critical"]["domain"]))
        self.assertEqual(
            levels["critical"]["count"], Plan.search_count(levels["critical"]["domain"])
        )
        for key in ("reviews_quarter", "expiring", "incidents_month"):
            self.assertIn(key, data)

    def test_dashboard_follows_record_rules(self):
        """A supervisor of another company counts none of this company's plans."""
        other_company = self.env["res.company"].create({"name": "Other Agency"})
        other_supervisor = mail_new_test_user(
            self.env,
            login="vsp_supervisor_other_company",
            groups=f"{MODULE}.group_safety_supervisor",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        self.assertTrue(other_supervisor.has_group(f"{MODULE}.group_safety_supervisor"))
        data = self.env["safety.dashboard"].with_user(other_supervisor).get_dashboard_data()
        self.assertFalse(data["review_status"]["advocates"])
        self.assertFalse(sum(row["count"] for row in data["risk_levels"]))

    def test_dashboard_refused_outside_supervision(self):
        for user in (self.advocate, self.outsider):
            with self.assertRaises(AccessError):
                self.env["safety.dashboard"].with_user(user).get_dashboard_data()
        menu = self.env.ref(f"{MODULE}.safety_dashboard_menu")
        self.assertEqual(menu.group_ids, self.env.ref(f"{MODULE}.group_safety_supervisor"))


class TestAppPresentation(SafetyCommon):
    def test_demo_ships_an_assessment_history(self):
        """The assessment graph needs more than one dot on a demo plan."""
        demo_plans = self.env["safety.plan"].search(
            [
                (
                    "id",
                    "in",
                    self.env["ir.model.data"]
                    .search([("module", "=", MODULE), ("model", "=", "safety.plan")])
                    .mapped("res_id"),
                )
            ]
        )
        self.assertTrue(demo_plans, "the tests run on the demo database")
        confirmed = demo_plans.assessment_ids.filtered(lambda a: a.state == "confirmed")
        per_plan = {
            plan: len(confirmed.filtered(lambda a, p=plan: a.plan_id == p)) for plan in demo_plans
        }
        self.assertGreaterEqual(max(per_plan.values()), 2)
        self.assertGreaterEqual(len([n for n in per_plan.values() if n >= 2]), 2)

    def test_manifest_and_description_page(self):
        manifest_path = file_path(f"{MODULE}/__manifest__.py")
        with open(manifest_path, encoding="utf-8") as manifest_file:
            manifest = ast.literal_eval(manifest_file.read())
        self.assertEqual(
            manifest["website"], "https://github.com/victim-safety-planning/victim_safety_planning"
        )
        description = os.path.join(os.path.dirname(manifest_path), "static", "description")
        with open(os.path.join(description, "index.html"), encoding="utf-8") as page:
            html = page.read()
        for topic in (
            "checklist",
            "wallet card",
            "incident",
            "protective order",
            "release",
            "report",
            "dashboard",
            "confidential",
        ):
            self.assertTrue(topic in html.lower(), f"the description page says nothing of {topic}")
        self.assertNotIn("flagged <em>Survivor</em>", html, "survivors no longer live on contacts")
        images = re.findall(r'src="([^"]+\.png)"', html)
        for name in ("plan_form.png", "risk_checklist.png", "wallet_card.png", "dashboard.png"):
            self.assertIn(name, images)
        for image in images:
            self.assertTrue(os.path.isfile(os.path.join(description, image)), image)
