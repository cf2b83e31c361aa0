from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .test_ui_supervisor import SupervisorUiCommon

LONG = (
    "Tía Mária-José Ñúñez-Александрова, the neighbour upstairs on the fourth floor "
    "(ask for her at the bakery on Rue de la République)"
)
LONG_NUMBER = "+1 202-555-0143 ext. 123456"
LONG_WORD = "Supercalifragilisticexpialidocious-Straße-Überlandweg-Nord"


@tagged("post_install", "-at_install")
class TestPhoneFitUi(SupervisorUiCommon):
    """At 390 px every tab of a plan full of long texts, its checklist and
    its survivor's form are readable without sideways scrolling."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        plan = cls.plans[0]
        today = fields.Date.context_today(plan.with_user(cls.advocate))
        plan.survivor_id.write(
            {
                "name": f"Анна-Мария 李 بنت {LONG_WORD}",
                "preferred_name": LONG_WORD,
                "email": f"{LONG_WORD.lower()}@very-long-domain-name.example.com",
                "safe_contact_times": LONG,
                "safe_contact_notes": LONG,
            }
        )
        plan.write(
            {
                "notes": LONG,
                "emergency_contact_ids": [
                    (
                        0,
                        0,
                        {
                            "name": LONG,
                            "relationship": "Second cousin on her mother's side",
                            "phone_national": LONG_NUMBER,
                            "code_word": LONG_WORD,
                        },
                    )
                ],
                "location_ids": [
                    (
                        0,
                        0,
                        {
                            "name": LONG,
                            "city": LONG_WORD,
                            "phone_national": LONG_NUMBER,
                            "is_open_24_7": True,
                        },
                    )
                ],
            }
        )
        env = cls.env
        respondent = env["safety.respondent"].create(
            {
                "plan_id": plan.id,
                "name": f"Jean-Baptiste {LONG_WORD}",
                "aliases": LONG,
                "vehicle": LONG,
                "workplace": LONG,
            }
        )
        env["safety.household.member"].create(
            {
                "plan_id": plan.id,
                "name": f"Zoë {LONG_WORD}",
                "relationship": "Daughter from the first marriage",
                "school": LONG,
                "is_at_risk": True,
            }
        )
        order = env["safety.protective.order"].create(
            {
                "plan_id": plan.id,
                "court": LONG,
                "case_number": LONG_NUMBER,
                "issue_date": today - timedelta(days=10),
                "expiry_date": today + timedelta(days=170),
                "respondent_id": respondent.id,
            }
        )
        env["safety.court.hearing"].create(
            {
                "plan_id": plan.id,
                "order_id": order.id,
                "court": LONG,
                "date": fields.Datetime.now() + timedelta(days=7),
                "accompanied_by_id": cls.advocate.id,
            }
        )
        env["safety.service"].create({"plan_id": plan.id, "notes": LONG})
        env["safety.incident"].create({"plan_id": plan.id, "description": LONG})
        cls.assessment = (
            env["safety.risk.assessment"]
            .with_user(cls.advocate)
            .create(
                {
                    "plan_id": plan.id,
                    "template_id": env.ref(
                        "victim_safety_planning.safety_risk_template_general"
                    ).id,
                }
            )
        )
        cls.assessment.answer_ids[:3].answer = "unknown"

    def test_plan_tabs_fit(self):
        self.start_tour(
            f"/odoo/safety-plans/{self.plans[0].id}",
            "victim_safety_planning_phone_fit_tour",
            login="tour_dash_advocate",
        )

    def test_checklist_fits(self):
        self.start_tour(
            "/odoo/action-victim_safety_planning.safety_risk_assessment_action/"
            f"{self.assessment.id}",
            "victim_safety_planning_phone_fit_tour",
            login="tour_dash_advocate",
        )

    def test_survivor_fits(self):
        self.start_tour(
            f"/odoo/safety-survivors/{self.plans[0].survivor_id.id}",
            "victim_safety_planning_phone_fit_tour",
            login="tour_dash_advocate",
        )
