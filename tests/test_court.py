from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import tagged

from . import card_pdf
from .card_common import CardCase
from .common import SafetyCommon

HEARING_TYPE = "victim_safety_planning.mail_activity_type_safety_hearing"


@tagged("post_install", "-at_install")
class TestCourtHearing(SafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("victim_safety_planning.hearing_reminder_days", 5)
        cls.order = (
            cls.env["safety.protective.order"]
            .with_user(cls.advocate)
            .create(
                {
                    "plan_id": cls.plan.id,
                    "order_type": "temporary",
                    "issue_date": fields.Date.today() - timedelta(days=3),
                    "expiry_date": fields.Date.today() + timedelta(days=20),
                    "case_number": "FL-2026-0042",
                }
            )
            .with_env(cls.env)
        )

    def _hearing(self, when, user=None, **values):
        return (
            self.env["safety.court.hearing"]
            .with_user(user or self.advocate)
            .create({"plan_id": self.plan.id, "date": when, **values})
        )

    def test_reminder_before_the_hearing(self):
        Hearing = self.env["safety.court.hearing"].with_user(self.advocate)
        today = fields.Date.context_today(Hearing)
        when = fields.Datetime.now().replace(hour=12, minute=0, second=0) + timedelta(days=12)
        hearing = self._hearing(when, order_id=self.order.id, court="Tribunal de Família")
        self.assertEqual(self.plan.court_hearing_ids, hearing)
        self.assertEqual(self.order.hearing_ids, hearing)
        reminder = self._plan_activities(self.plan, HEARING_TYPE)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder, hearing.reminder_activity_id)
        self.assertEqual(reminder.user_id, self.advocate)
        due = fields.Date.context_today(Hearing, timestamp=when) - timedelta(days=5)
        self.assertEqual(reminder.date_deadline, due)
        self.assertNotIn("Robin", reminder.summary, "the reminder names no survivor")
        # the hearing moves: the same reminder moves with it
        hearing.write({"date": when + timedelta(days=7)})
        self.assertEqual(self._plan_activities(self.plan, HEARING_TYPE), reminder)
        self.assertEqual(reminder.date_deadline, due + timedelta(days=7))
        # a hearing in two days: reminded today, never in the past
        soon = self._hearing(fields.Datetime.now() + timedelta(days=2))
        self.assertEqual(soon.reminder_activity_id.date_deadline, today)
        # a hearing already held gets none; deleting a hearing withdraws its reminder
        held = self._hearing(fields.Datetime.now() - timedelta(days=1))
        self.assertFalse(held.reminder_activity_id)
        soon.unlink()
        self.assertEqual(self._plan_activities(self.plan, HEARING_TYPE), reminder)

    def test_reminder_days_setting_checked(self):
        settings = self.env["res.config.settings"].create({"safety_hearing_reminder_days": -1})
        with self.assertRaisesRegex(ValidationError, "Court hearings"):
            settings.set_values()
        self.env["res.config.settings"].create({"safety_hearing_reminder_days": 10}).set_values()
        self.assertEqual(self.env["safety.court.hearing"]._safety_reminder_days(), 10)

    def test_accompaniment_recorded(self):
        hearing = self._hearing(
            fields.Datetime.now() + timedelta(days=4), accompanied_by_id=self.advocate.id
        )
        self.assertFalse(hearing.is_accompaniment_recorded, "not before it took place")
        hearing.write({"date": fields.Datetime.now() - timedelta(hours=2), "outcome": "granted"})
        self.assertTrue(hearing.is_accompaniment_recorded)
        self.assertFalse(hearing.reminder_activity_id, "a held hearing needs no reminder")
        bodies = self.plan.message_ids.mapped("body")
        self.assertTrue(any("accompanied the survivor" in body for body in bodies))
        [values] = hearing._safety_accompaniment_service_values()
        self.assertEqual(values["plan_id"], self.plan.id)
        self.assertEqual(values["survivor_id"], self.survivor.id)
        self.assertEqual(values["user_id"], self.advocate.id)
        self.assertEqual(values["service_code"], "E4")
        self.assertEqual(values["duration_minutes"], 60)
        service = self.env["safety.service"].search([("hearing_id", "=", hearing.id)])
        self.assertEqual(service.service_code_id.code, "E4", "going to court is counted once")
        self.assertEqual((service.plan_id, service.user_id), (self.plan, self.advocate))
        with self.assertRaises(UserError):
            hearing.with_user(self.advocate).write({"is_accompaniment_recorded": False})

    def test_links_checked(self):
        with self.assertRaisesRegex(ValidationError, "Accompanied By"):
            self._hearing(fields.Datetime.now(), accompanied_by_id=self.outsider.id)
        survivor = self.env["safety.survivor"].create({"name": "Другой"})
        other_plan = self.env["safety.plan"].create({"survivor_id": survivor.id})
        with self.assertRaisesRegex(ValidationError, "Protective Order"):
            self.env["safety.court.hearing"].create(
                {"plan_id": other_plan.id, "date": datetime.now(), "order_id": self.order.id}
            )

    def test_members_only(self):
        hearing = self._hearing(fields.Datetime.now() + timedelta(days=9), court="法院")
        with self.assertRaises(AccessError):
            hearing.with_user(self.outsider).read(["court"])
        # another team: the answer of a record that does not exist
        self.assertEqual(hearing.with_user(self.advocate_other).read(["court"]), [])
        self.assertFalse(self.env["safety.court.hearing"].with_user(self.advocate_other).search([]))
        with self.assertRaises(AccessError):
            self._hearing(fields.Datetime.now(), user=self.advocate_other)
        self.assertIn(
            hearing, self.env["safety.court.hearing"].with_user(self.supervisor).search([])
        )
        # the team's calendar opens
        views = (
            self.env["safety.court.hearing"]
            .with_user(self.advocate)
            .get_views([(False, "calendar"), (False, "search")])
        )
        self.assertIn("calendar", views["views"])

    def test_decisions_end_the_order(self):
        Wizard = self.env["safety.order.decision.wizard"].with_user(self.advocate)
        action = (
            self.order.with_user(self.advocate).with_context(decision="vacated").action_decide()
        )
        self.assertEqual(action["context"]["default_decision"], "vacated")
        today = fields.Date.context_today(Wizard)
        with self.assertRaisesRegex(ValidationError, "Decision Date"):
            Wizard.create(
                {
                    "order_id": self.order.id,
                    "decision": "vacated",
                    "date": today + timedelta(1),
                    "note": "x",
                }
            ).action_confirm()
        Wizard.create(
            {"order_id": self.order.id, "decision": "vacated", "date": today, "note": "Vacado"}
        ).action_confirm()
        self.assertEqual(self.order.state, "vacated")
        self.assertEqual(self.order.decision_date, today)
        self.assertFalse(self.order._safety_is_in_effect())
        Order = self.env["safety.protective.order"].with_user(self.advocate)
        self.assertIn(self.order, Order.search([("state", "in", ["vacated"])]))
        self.assertNotIn(self.order, Order.search([("state", "in", ["active", "expiring"])]))
        self.assertTrue(any("revoked" in body for body in self.plan.message_ids.mapped("body")))
        with self.assertRaisesRegex(UserError, "already"):
            self.order.with_user(self.advocate)._safety_decide("dismissed", today, "again")
        # another team's order: the answer of a record that does not exist
        with self.assertRaises(MissingError):
            self.order.with_user(self.advocate_other)._safety_decide("dismissed", today, "x")

    def test_modified_order_opens_its_successor(self):
        today = fields.Date.context_today(self.env["safety.plan"].with_user(self.advocate))
        action = (
            self.env["safety.order.decision.wizard"]
            .with_user(self.advocate)
            .create(
                {"order_id": self.order.id, "decision": "modified", "date": today, "note": "Nuevo"}
            )
            .action_confirm()
        )
        self.assertEqual(self.order.state, "modified")
        self.assertEqual(action["res_model"], "safety.protective.order")
        context = action["context"]
        self.assertEqual(context["default_case_number"], "FL-2026-0042")
        self.assertEqual(context["default_issue_date"], today)
        successor = (
            self.env["safety.protective.order"]
            .with_user(self.advocate)
            .with_context(**context)
            .create({})
        )
        self.assertEqual(successor.state, "active")
        self.assertEqual(successor.plan_id, self.plan)


@tagged("post_install", "-at_install")
class TestOrderCardCourt(CardCase):
    """The order card after the court's decision, and its full (Hope Card)
    side, as printed and as its QR code's page says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.plan = cls._new_plan(
            [{"name": "Dana Rivera", "phone": "+1 510 555 0121"}],
            name="María José Núñez",
            orders=[
                {
                    "order_type": "final",
                    "court": "Riverside County Superior Court",
                    "case_number": "RCV-DV-2025-2001",
                    "issue_date": today - timedelta(days=20),
                    "expiry_date": today + timedelta(days=300),
                    "conditions": "No contact.",
                    "firearms_surrender": "surrendered",
                    "firearms_surrender_date": today - timedelta(days=15),
                }
            ],
        )
        plan = cls.plan.with_user(cls.advocate)
        plan.survivor_id.birthdate = "1990-04-02"
        respondent = (
            cls.env["safety.respondent"]
            .with_user(cls.advocate)
            .create(
                {
                    "plan_id": cls.plan.id,
                    "name": "Дмитрий Петров",
                    "birthdate": "1985-11-20",
                    "sex": "male",
                    "height": "6 ft 1 in",
                    "weight": "190 lb",
                    "hair_color": "brown",
                    "eye_color": "blue",
                    "vehicle": "grey pickup",
                    "license_plate": "8ABC123",
                }
            )
        )
        cls.order = cls.plan.protective_order_ids
        cls.order.with_user(cls.advocate).respondent_id = respondent
        cls.env["safety.household.member"].with_user(cls.advocate).create(
            [
                {
                    "plan_id": cls.plan.id,
                    "name": "Lucía Núñez",
                    "birthdate": "2017-06-01",
                    "is_protected_by_order": True,
                },
                {"plan_id": cls.plan.id, "name": "Not Protected Kid"},
            ]
        )
        cls.card, _action = cls._issue(cls.plan, include_order_card=True, is_full_order_card=True)
        cls.pdf = cls._render(cls.card, "full_order")

    def test_full_card_prints_hope_card_fields(self):
        self.assertTrue(self.card.is_full_order_card)
        self.assertEqual(card_pdf.pdf_info(self.pdf)[0], 6)
        standard = card_pdf.normalize(card_pdf.pdf_text(self.pdf, 3, 4))
        self.assertIn("Lucía Núñez", standard, "protected persons on the order card")
        self.assertNotIn("María José", standard, "the standard order card names no survivor")
        full = card_pdf.normalize(card_pdf.pdf_text(self.pdf, 5, 6))
        for expected in (
            "Petitioner",
            "María José Núñez",
            "04/02/1990",
            "Lucía Núñez",
            "06/01/2017",
            "Дмитрий Петров",
            "11/20/1985",
            "Male",
            "6 ft 1 in · 190 lb",
            "brown · blue",
            "grey pickup 8ABC123",
            "Surrendered",
        ):
            self.assertIn(expected, full)
        self.assertNotIn("Not Protected Kid", card_pdf.pdf_text(self.pdf))

    def test_qr_page_says_not_in_effect_once_dismissed(self):
        url = f"/safety/order/{self.order.sudo().card_token}"
        self.assertIn("This order is in effect", self.url_open(url).text)
        today = fields.Date.context_today(self.order.with_user(self.advocate))
        self.order.with_user(self.advocate)._safety_decide("dismissed", today, "Desestimada")
        page = self.url_open(url).text
        self.assertIn("This order is not in effect", page)
        self.assertNotIn("Desestimada", page)
        self.assertNotIn("Riverside", page)
        # no new order card for an order that ended
        wizard = self._wizard(self.plan, include_order_card=True)
        self.assertFalse(wizard.has_active_order)
