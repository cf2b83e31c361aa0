from datetime import date, timedelta

from odoo.tests import HttpCase, new_test_user, tagged

from .common import json_call

CLEAN_ERRORS = {
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
}


@tagged("post_install", "-at_install")
class TestIntegrity(HttpCase):
    """The model enforces every rule, whatever a client sends: each case is a
    JSON-RPC call as the plan's advocate, as an integration would make it,
    and must come back as a clean error naming the field, with nothing
    written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.advocate = new_test_user(
            cls.env,
            login="integrity_advocate",
            groups="victim_safety_planning.group_safety_advocate",
        )
        cls.other_advocate = new_test_user(
            cls.env,
            login="integrity_other",
            groups="victim_safety_planning.group_safety_advocate",
        )
        cls.employee = new_test_user(cls.env, login="integrity_employee", groups="base.group_user")
        Survivor = cls.env["safety.survivor"].with_user(cls.advocate)
        cls.survivor = Survivor.create({"name": "Ilse Nørgaard"})
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create(
                {
                    "survivor_id": cls.survivor.id,
                    "emergency_contact_ids": [
                        (0, 0, {"name": "Sister", "phone": "+1 415 555 2671"})
                    ],
                }
            )
        )
        cls.recipient = cls.env["res.partner"].create({"name": "County Legal Aid"})

    def setUp(self):
        super().setUp()
        self.authenticate("integrity_advocate", "integrity_advocate")

    def _rpc(self, model, method, args, kwargs=None):
        return json_call(self, model, method, args, kwargs, muted=["odoo.http"])

    def assertRefused(self, answer, *words):
        """A clean error (no traceback of the database or the ORM) whose
        message holds ``words``."""
        self.assertIn("error", answer, f"accepted: {answer.get('result')}")
        data = answer["error"]["data"]
        self.assertIn(data["name"], CLEAN_ERRORS, data.get("debug", "")[-600:])
        for word in words:
            self.assertIn(word, data["message"])

    def _write(self, record, values):
        return self._rpc(record._name, "write", [record.ids, values])

    def _create(self, model, values):
        return self._rpc(model, "create", [values])

    # risk integrity ---------------------------------------------------------------
    def test_risk_level_comes_from_assessments_or_a_reasoned_raise(self):
        self.assertEqual(self.plan.risk_level, "not_assessed")
        self.assertEqual(self.plan.review_interval_days, 7, "unassessed: reviewed soon")
        self.assertRefused(self._write(self.plan, {"risk_level": "low"}), "Risk Level")
        self.assertRefused(
            self._write(self.plan, {"risk_raise_level": "high"}), "Reason for Raising"
        )
        self.assertRefused(
            self._write(self.plan, {"risk_raise_level": "none", "risk_raise_reason": "calm"}),
            "higher than the current risk level",
        )
        answer = self._write(
            self.plan, {"risk_raise_level": "critical", "risk_raise_reason": "Bought a gun"}
        )
        self.assertTrue(answer.get("result"), answer)
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.risk_level, "critical")
        self.assertIn("Bought a gun", str(self.plan.message_ids.mapped("body")))
        # lowering by hand is refused, however it is tried
        for values in (
            {"risk_raise_level": "low", "risk_raise_reason": "Calmer now"},
            {"risk_raise_level": False},
            {"risk_level": "low"},
        ):
            with self.subTest(values=values):
                self.assertRefused(self._write(self.plan, values))
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.risk_level, "critical")
        # a new confirmed assessment lowers it
        assessment = (
            self.env["safety.risk.assessment"]
            .with_user(self.advocate)
            .create({"plan_id": self.plan.id})
        )
        assessment.answer_ids.write({"answer": "no"})
        assessment.action_confirm()
        self.assertEqual(self.plan.risk_level, "low")

    def test_review_interval_may_only_be_shortened(self):
        self._write(self.plan, {"risk_raise_level": "critical", "risk_raise_reason": "Threats"})
        self.assertRefused(self._write(self.plan, {"review_interval_days": 365}), "between 1 and 7")
        self.assertRefused(
            self._write(self.plan, {"review_interval_days": 999999999}), "Review Every"
        )
        self.assertRefused(self._write(self.plan, {"review_interval_days": -3}))
        self.assertTrue(self._write(self.plan, {"review_interval_days": 3}).get("result"))
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.review_interval_days, 3)

    # system fields -------------------------------------------------------------------
    def test_system_fields_are_not_writable(self):
        for values in (
            {"name": "SP/1999/00001"},
            {"activation_date": "2020-01-01"},
            {"next_review_date": "2099-01-01"},
            {"close_date": "2020-01-01"},
        ):
            with self.subTest(values=values):
                self.assertRefused(self._write(self.plan, values), "set by Odoo")
        self.assertRefused(
            self._write(self.plan, {"last_review_date": "9999-12-31"}), "Last Review Date"
        )
        created = self._create(
            "safety.plan",
            {"survivor_id": self.survivor.id, "name": "MINE-1", "activation_date": "2020-01-01"},
        )
        self.assertRefused(created, "set by Odoo")

    def test_activation_needs_an_emergency_contact_whatever_the_path(self):
        survivor = self.env["safety.survivor"].with_user(self.advocate).create({"name": "Kai"})
        self.assertRefused(
            self._create("safety.plan", {"survivor_id": survivor.id, "state": "active"}),
            "no emergency contact",
        )
        plan = self.env["safety.plan"].with_user(self.advocate).create({"survivor_id": survivor.id})
        self.assertRefused(self._write(plan, {"state": "active"}), "no emergency contact")
        self.plan.action_activate()
        self.assertRefused(
            self._write(self.plan, {"emergency_contact_ids": [(5, 0, 0)]}), "no emergency contact"
        )

    def test_team_members_must_be_safety_members(self):
        self.assertRefused(
            self._write(self.plan, {"team_member_ids": [(4, self.employee.id)]}),
            "Safety Planning groups",
        )
        self.assertRefused(
            self._write(self.plan, {"advocate_id": self.employee.id}), "Safety Planning groups"
        )
        self.assertTrue(
            self._write(self.plan, {"team_member_ids": [(4, self.other_advocate.id)]}).get("result")
        )

    # reviews, releases, assessments stay as they were -------------------------------
    def test_reviews_are_completed_only_by_their_button(self):
        self.assertRefused(
            self._create(
                "safety.review", {"plan_id": self.plan.id, "state": "done", "feels_safe_score": 5}
            ),
            "Complete Review",
        )
        review = (
            self.env["safety.review"]
            .with_user(self.advocate)
            .create({"plan_id": self.plan.id, "feels_safe_score": 6})
        )
        self.assertRefused(self._write(review, {"state": "done"}), "Complete Review")
        self.assertRefused(
            self._write(review, {"date": (date.today() + timedelta(days=3)).isoformat()}),
            "future",
        )
        review.action_done()
        self.assertRefused(self._write(review, {"feels_safe_score": 9}), "completed review")

    def test_a_revoked_release_stays_revoked(self):
        consent = (
            self.env["safety.consent"]
            .with_user(self.advocate)
            .create(
                {
                    "plan_id": self.plan.id,
                    "recipient_id": self.recipient.id,
                    "purpose": "Housing",
                    "scope": "Address",
                    "expiry_date": date.today() + timedelta(days=30),
                }
            )
        )
        self.assertRefused(
            self._write(consent, {"revoked_date": date.today().isoformat()}), "Revoke"
        )
        consent.action_revoke()
        self.assertRefused(self._write(consent, {"revoked_date": False}), "revoked")
        self.assertRefused(self._write(consent, {"purpose": "Anything"}), "revoked")
        for field_name in ("purpose", "scope"):
            with self.subTest(field=field_name):
                self.assertRefused(
                    self._create(
                        "safety.consent",
                        {
                            "plan_id": self.plan.id,
                            "recipient_id": self.recipient.id,
                            "purpose": "Housing",
                            "scope": "Address",
                            field_name: "   ",
                            "expiry_date": (date.today() + timedelta(days=9)).isoformat(),
                        },
                    ),
                    "Fill in",
                )

    def test_assessments_are_confirmed_by_confirm_only(self):
        assessment = (
            self.env["safety.risk.assessment"]
            .with_user(self.advocate)
            .create({"plan_id": self.plan.id})
        )
        self.assertRefused(self._write(assessment, {"state": "confirmed"}), "Confirm")
        self.assertRefused(
            self._create("safety.risk.assessment", {"plan_id": self.plan.id, "state": "confirmed"}),
            "Confirm",
        )
        # an answer to another checklist's question does not count
        other_question = self.env.ref("victim_safety_planning.safety_risk_template_count_q01")
        self.assertRefused(
            self._create(
                "safety.risk.answer",
                {
                    "assessment_id": assessment.id,
                    "question_id": other_question.id,
                    "answer": "yes",
                },
            ),
            "not part of the checklist",
        )
        self.assertRefused(
            self._create(
                "safety.risk.answer",
                {"assessment_id": assessment.id, "question_id": 999999, "answer": "yes"},
            ),
            "does not exist",
        )
        assessment.answer_ids.write({"answer": "no"})
        assessment.action_confirm()
        self.assertRefused(self._write(assessment.answer_ids[:1], {"answer": "yes"}), "confirmed")

    # bad values get clean errors ------------------------------------------------------
    def test_bad_values_are_named(self):
        cases = [
            ("safety.plan", self.plan, {"situation_type": "volcano"}, "Situation"),
            ("safety.survivor", self.survivor, {"lang": "xx_XX"}, "Language"),
            ("safety.survivor", self.survivor, {"name": "Nul\x00byte"}, "Full Name"),
            ("safety.survivor", self.survivor, {"birthdate": "31/31/2020"}, "Date of Birth"),
            ("safety.survivor", self.survivor, {"country_id": 999999}, "Country"),
            ("safety.plan", self.plan, {"review_interval_days": "soon"}, "Review Every"),
            ("safety.plan.step", self.plan.step_ids[:1], {"name": "   "}, "Step"),
        ]
        for _model, record, values, word in cases:
            with self.subTest(values=values):
                self.assertRefused(self._write(record, values), word)

    def test_safe_places(self):
        base = {"plan_id": self.plan.id, "name": "Aunt's flat"}
        self.assertRefused(
            self._create(
                "safety.location",
                dict(
                    base,
                    country_id=self.env.ref("base.fr").id,
                    state_id=self.env.ref("base.state_us_5").id,
                ),
            ),
            "not a state of",
        )
        self.assertRefused(
            self._create("safety.location", dict(base, partner_id=self.recipient.id)),
            "resource organisation",
        )

    def test_emergency_numbers_and_extensions(self):
        Contact = self.env["safety.emergency.contact"].with_user(self.advocate)
        for number in ("911", "988"):
            contact = Contact.create({"plan_id": self.plan.id, "name": "Help", "phone": number})
            self.assertEqual(contact.phone, number)
            self.assertEqual(contact.phone_national, number)
        office = Contact.create(
            {"plan_id": self.plan.id, "name": "Office", "phone": "(415) 555-0133 ext. 12"}
        )
        self.assertEqual(office.phone, "+14155550133;ext=12")
        self.assertEqual(office.phone_national, "(415) 555-0133 ext. 12")
        self.assertRefused(
            self._create(
                "safety.emergency.contact", {"plan_id": self.plan.id, "name": "X", "phone": "123"}
            ),
            "not a valid number",
        )
