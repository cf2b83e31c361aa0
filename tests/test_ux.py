from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestAdvocateUx(SafetyCommon):
    """The rough edges an advocate's first week found (issue 12)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the chatter lines are what these tests look at: tracking on
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.plan = cls.plan.with_env(cls.env)
        cls.survivor.preferred_name = "Robbie"
        cls.recipient = cls.env["res.partner"].create(
            {"name": "Eastside Legal Aid", "is_company": True}
        )

    def _activate(self, plan):
        plan = plan.with_user(self.advocate)
        plan.write(
            {
                "risk_raise_level": "high",
                "risk_raise_reason": "Threats since the intake",
                "emergency_contact_ids": [
                    (0, 0, {"name": "Friend", "phone": "+1 415 555 2671", "is_safe_to_call": True})
                ],
            }
        )
        plan.action_activate()
        return plan

    # new emergency contacts are not vetted -----------------------------------
    def test_new_contact_not_safe_to_call(self):
        contact = (
            self.env["safety.emergency.contact"]
            .with_user(self.advocate)
            .create({"plan_id": self.plan.id, "name": "Neighbour", "phone": "+1 415 555 2671"})
        )
        self.assertFalse(contact.is_safe_to_call, "an unvetted contact is not printed on a card")

    # the survivor's name in lists of a plan's records -------------------------
    @freeze_time("2026-05-04")
    def test_survivor_name_in_lists(self):
        Incident = self.env["safety.incident"].with_user(self.advocate)
        incident = Incident.create({"plan_id": self.plan.id, "kind": "near_miss"})
        result = Incident.web_search_read(
            [("id", "=", incident.id)], {"plan_id": {}, "survivor_name": {}}
        )
        self.assertEqual(result["records"][0]["survivor_name"], "Robbie")
        for model in ("safety.protective.order", "safety.consent", "safety.risk.assessment"):
            field = self.env[model]._fields["survivor_name"]
            self.assertEqual(field.groups, "victim_safety_planning.group_safety_advocate", model)
        # no preferred name: the name
        self.plan.survivor_id.preferred_name = False
        self.assertEqual(incident.with_user(self.advocate).survivor_name, "Robin Fictional")

    # dates and phones checked in the dialog ----------------------------------
    @freeze_time("2026-05-04")
    def test_release_dates_checked_in_dialog(self):
        Consent = self.env["safety.consent"].with_user(self.advocate)
        result = Consent.onchange(
            {
                "plan_id": self.plan.id,
                "signed_date": "2026-03-01",
                "expiry_date": "2026-02-28",
            },
            ["expiry_date"],
            {"plan_id": {}, "signed_date": {}, "expiry_date": {}},
        )
        self.assertIn(
            "Expiry Date 02/28/2026 is before the Signed Date 03/01/2026",
            result["warning"]["message"],
            "in the dialog, in the user's date format",
        )
        result = Consent.onchange(
            {"plan_id": self.plan.id, "signed_date": "2026-03-01", "expiry_date": "2026-09-01"},
            ["expiry_date"],
            {"plan_id": {}, "signed_date": {}, "expiry_date": {}},
        )
        self.assertNotIn("warning", result)
        with self.assertRaisesRegex(ValidationError, "02/28/2026"):
            Consent.create(
                {
                    "plan_id": self.plan.id,
                    "recipient_id": self.recipient.id,
                    "purpose": "Housing",
                    "scope": "Name",
                    "signed_date": date(2026, 3, 1),
                    "expiry_date": date(2026, 2, 28),
                }
            )

    @freeze_time("2026-05-04")
    def test_order_dates_checked_in_dialog(self):
        result = (
            self.env["safety.protective.order"]
            .with_user(self.advocate)
            .onchange(
                {"plan_id": self.plan.id, "issue_date": "2026-03-01", "expiry_date": "2026-02-01"},
                ["expiry_date"],
                {"plan_id": {}, "issue_date": {}, "expiry_date": {}},
            )
        )
        self.assertIn(
            "02/01/2026 is before the Issue Date 03/01/2026", result["warning"]["message"]
        )

    def test_phone_checked_in_dialog(self):
        Contact = self.env["safety.emergency.contact"].with_user(self.advocate)
        spec = {"plan_id": {}, "name": {}, "phone_national": {}}
        result = Contact.onchange(
            {"plan_id": self.plan.id, "name": "Aunt", "phone_national": "12"},
            ["phone_national"],
            spec,
        )
        self.assertIn("not a valid number", result["warning"]["message"])
        result = Contact.onchange(
            {"plan_id": self.plan.id, "name": "Aunt", "phone_national": "(415) 555-2671"},
            ["phone_national"],
            spec,
        )
        self.assertNotIn("warning", result)

    # starter steps -----------------------------------------------------------
    def test_load_steps_skips_deleted_ones(self):
        plan = self.plan.with_user(self.advocate)
        self.assertTrue(plan.loaded_step_template_ids, "a new plan remembers its starter steps")
        deleted = plan.step_ids[:2]
        deleted_names = deleted.mapped("name")
        deleted.unlink()
        action = plan.action_load_steps()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("No new starter steps", action["params"]["message"])
        for name in deleted_names:
            self.assertNotIn(name, plan.step_ids.mapped("name"), "a deleted step stays deleted")
        plan.situation_type = "stalking"
        new = (
            self.env["safety.step.template"].search([("situation_type", "=", "stalking")])
            - plan.loaded_step_template_ids
        )
        self.assertTrue(new)
        action = plan.action_load_steps()
        self.assertEqual(action["params"]["message"], f"{len(new)} starter steps added.")
        self.assertLessEqual(new, plan.step_ids.template_id)

    # one chatter line per event ----------------------------------------------
    @freeze_time("2026-05-04")
    def test_review_posts_one_line(self):
        plan = self._activate(self.plan)
        review = (
            self.env["safety.review"]
            .with_user(self.advocate)
            .create({"plan_id": plan.id, "feels_safe_score": 6, "outcome": "no_change"})
        )
        before = plan.message_ids
        review.action_done()
        self.env.flush_all()
        new = plan.message_ids - before
        self.assertEqual(len(new), 1, new.mapped("body"))
        self.assertIn("feels safe 6/10", new.body)

    @freeze_time("2026-05-04")
    def test_order_and_release_post_on_plan(self):
        before = self.plan.message_ids
        self.env["safety.protective.order"].with_user(self.advocate).create(
            {
                "plan_id": self.plan.id,
                "order_type": "final",
                "court": "County Court",
                "case_number": "CV-1",
                "issue_date": date(2026, 4, 1),
                "conditions": "Stay 500 feet away",
            }
        )
        self.env["safety.consent"].with_user(self.advocate).create(
            {
                "plan_id": self.plan.id,
                "recipient_id": self.recipient.id,
                "purpose": "Housing",
                "scope": "Name only",
                "signed_date": date(2026, 4, 1),
                "expiry_date": date(2026, 10, 1),
            }
        )
        new = self.plan.message_ids - before
        self.assertEqual(len(new), 2)
        bodies = " ".join(new.mapped("body"))
        self.assertIn("Protective order", bodies)
        self.assertIn("does not expire", bodies)
        self.assertIn("Release of information to Eastside Legal Aid recorded", bodies)
        self.assertIn("10/01/2026", bodies)
        self.assertNotIn("500 feet", bodies, "the order's conditions stay on the order")
        self.assertNotIn("Name only", bodies, "what may be shared stays on the release")

    # labels --------------------------------------------------------------------
    def test_labels_read_as_words(self):
        def label(model, field):
            return self.env[model]._fields[field]._description_string(self.env)

        self.assertEqual(
            label("safety.card.print.wizard", "contact_limit"), "Maximum Emergency Contacts"
        )
        self.assertEqual(label("safety.risk.assessment", "unanswered_count"), "Questions Left")
        self.assertEqual(label("safety.plan", "escalated_review_date"), "Overdue Review Reported")
        self.assertEqual(self.env["safety.card"]._fields["lang"].type, "selection")
        # x2many dialogs are titled "Create <label>": one record, singular
        arch = self.env["safety.plan"].get_views([(False, "form")])["views"]["form"]["arch"]
        for field, singular in (
            ("location_ids", "Safe Location"),
            ("emergency_contact_ids", "Emergency Contact"),
            ("protective_order_ids", "Protective Order"),
            ("consent_ids", "Release of Information"),
        ):
            self.assertIn(f'name="{field}" string="{singular}"', arch)
