import json
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import json_call

MODULE = "victim_safety_planning"
LONG_STEP = "Keep copies of the protective order at work, in the car and with a neighbour"


class SupervisorUiCommon(HttpCase):
    """An agency of its own (a company nobody else in the database works
    for), so the supervisor's screens show exactly the test's data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agency = cls.env["res.company"].create(
            {"name": "Dashboard Agency", "country_id": cls.env.ref("base.us").id}
        )
        company = {"company_id": cls.agency.id, "company_ids": [(6, 0, cls.agency.ids)]}
        cls.supervisor = new_test_user(
            cls.env,
            login="tour_supervisor",
            password="tour_supervisor",
            name="Sam Supervisor",
            groups=f"{MODULE}.group_safety_supervisor",
            **company,
        )
        cls.advocate = new_test_user(
            cls.env,
            login="tour_dash_advocate",
            password="tour_dash_advocate",
            name="Dana Dashboard",
            groups=f"{MODULE}.group_safety_advocate",
            **company,
        )
        cls.today = fields.Date.context_today(cls.env["safety.plan"].with_user(cls.supervisor))
        cls.plans = cls.env["safety.plan"]
        for index, (name, level) in enumerate(
            (("Dash Overdue 1", "critical"), ("Dash Overdue 2", "high"), ("Dash On Time", "low"))
        ):
            survivor = cls.env["safety.survivor"].create(
                {"name": name, "company_id": cls.agency.id}
            )
            plan = cls.env["safety.plan"].create(
                {
                    "survivor_id": survivor.id,
                    "advocate_id": cls.advocate.id,
                    "company_id": cls.agency.id,
                    "emergency_contact_ids": [(0, 0, {"name": "Friend", "phone": "911"})],
                    "step_ids": [(0, 0, {"context": "legal", "name": LONG_STEP})],
                }
            )
            plan.with_user(cls.advocate).write(
                {"risk_raise_level": level, "risk_raise_reason": "Set up by the test"}
            )
            plan.action_activate()
            if index < 2:
                plan.last_review_date = cls.today - timedelta(days=200)
            cls.plans |= plan


@tagged("post_install", "-at_install")
class TestSupervisorDashboardUi(SupervisorUiCommon):
    browser_size = "1440x900"

    def test_dashboard_clicks_through_to_the_records(self):
        self.start_tour(
            "/odoo/safety-dashboard",
            "victim_safety_planning_dashboard_tour",
            login="tour_supervisor",
        )

    def test_reports_colours_and_gaps(self):
        # on time, then late, in one month; nothing the month after; then 8
        plan = self.plans[0]
        month = self.today.replace(day=1)
        first = (month - timedelta(days=75)).replace(day=10)
        last = (month - timedelta(days=10)).replace(day=10)
        self.env["safety.review"].create(
            [
                {
                    "plan_id": plan.id,
                    "date": first,
                    "due_date": first,
                    "feels_safe_score": 3,
                    "state": "done",
                },
                {
                    "plan_id": plan.id,
                    "date": first,
                    "due_date": first - timedelta(days=5),
                    "feels_safe_score": 5,
                    "state": "done",
                },
                {
                    "plan_id": plan.id,
                    "date": last,
                    "due_date": last,
                    "feels_safe_score": 8,
                    "state": "done",
                },
            ]
        )
        self.start_tour(
            "/odoo/action-victim_safety_planning.safety_plan_review_status_action",
            "victim_safety_planning_report_tour",
            login="tour_supervisor",
        )

    @mute_logger("odoo.http")
    def test_dashboard_refused_over_json_rpc(self):
        """Someone outside supervision calling the dashboard's method gets an
        access error and no figure."""
        new_test_user(
            self.env,
            login="tour_outsider",
            password="tour_outsider",
            groups="base.group_user,sales_team.group_sale_manager",
        )
        for login in ("tour_outsider", "tour_dash_advocate"):
            self.authenticate(login, login)
            body = json_call(self, "safety.dashboard", "get_dashboard_data", [])
            self.assertNotIn("result", body, login)
            self.assertEqual(body["error"]["data"]["name"], "odoo.exceptions.AccessError", login)
            self.assertNotIn("Dash Overdue", json.dumps(body))
        self.authenticate("tour_supervisor", "tour_supervisor")
        body = json_call(self, "safety.dashboard", "get_dashboard_data", [])
        self.assertEqual(body["result"]["review_status"]["overdue"], 2)

    def test_plan_tabs_fit_at_1440(self):
        self.start_tour(
            f"/odoo/safety-plans/{self.plans[0].id}",
            "victim_safety_planning_plan_tabs_tour",
            login="tour_supervisor",
        )


@tagged("post_install", "-at_install")
class TestPlanPhoneUi(SupervisorUiCommon):
    browser_size = "390x844"
    touch_enabled = True

    def test_referrals_as_cards_on_a_phone(self):
        survivor = self.env["safety.survivor"].create(
            {"name": "Phone Referral", "company_id": self.agency.id}
        )
        plan = self.env["safety.plan"].create(
            {
                "survivor_id": survivor.id,
                "advocate_id": self.advocate.id,
                "company_id": self.agency.id,
            }
        )
        plan.sudo().write({"referral_date": fields.Datetime.now()})
        self.start_tour(
            "/odoo/safety-referrals",
            "victim_safety_planning_referral_phone_tour",
            login="tour_dash_advocate",
        )

    def test_steps_whole_on_a_phone(self):
        self.start_tour(
            f"/odoo/safety-plans/{self.plans[0].id}",
            "victim_safety_planning_plan_phone_tour",
            login="tour_dash_advocate",
        )
