from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import json_call

CLEAN_ERRORS = {
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    # a record rule's refusal of a survivor's record reads as a missing record
    "odoo.exceptions.MissingError",
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
        # core logs each refusal; the database's (a foreign key, a NUL byte) too
        return json_call(self, model, method, args, kwargs, muted=["odoo.http", "odoo.sql_db"])

    def assertRefused(self, answer, *words):
        """A clean error (no traceback of the database or the ORM) whose
        message holds ``words``."""
        self.assertIn("error", answer, f"accepted: {answer.get('result')}")
        data = answer["error"]["data"]
        self.assertIn(data["name"], CLEAN_ERRORS, data.get("debug", "")[-600:])
        for word in words:
            self.assertIn(word, data["message"])

    def assertNothingWritten(self, record, values):
        """A value that is not of its field's kind (an unknown choice, text
        for a number, a malformed date or command, a NUL byte) is refused by
        Odoo itself, with its own error as for any model, or ignored: either
        way the record keeps what it had."""
        before = {name: record.sudo()[name] for name in values}
        self._write(record, values)
        record.invalidate_recordset()
        self.assertEqual({name: record.sudo()[name] for name in values}, before)

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
        # cleared, it would show the registrant a survivor whose plan isn't theirs
        self.assertRefused(self._write(self.survivor, {"has_plan": False}), "set by Odoo")
        self.assertTrue(self.survivor.has_plan)

    def test_card_and_order_card_secrets_are_the_system_s(self):
        """A client that set a card's token ("aaaa") made the public page call
        it valid: tokens, numbers and dates of issue and revocation are set
        by the server only, whatever the client sends."""
        card = self.env["safety.card"].with_user(self.advocate).create({"plan_id": self.plan.id})
        token, number = card.sudo().token, card.number
        for values in (
            {"token": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
            {"number": "MINE0001"},
            {"issue_date": "2020-01-01"},
            {"revoked_date": False},
            {"revoke_reason": "lost"},
        ):
            with self.subTest(values=values):
                self.assertRefused(self._write(card, values), "set by Odoo")
                self.assertRefused(
                    self._create("safety.card", dict(values, plan_id=self.plan.id)), "set by Odoo"
                )
        # nor through the defaults a client may put in its context
        answer = self._rpc(
            "safety.card",
            "create",
            [{"plan_id": self.plan.id}],
            {"context": {"default_token": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}},
        )
        self.assertRefused(answer, "set by Odoo")
        card.invalidate_recordset()
        self.assertEqual((card.sudo().token, card.number), (token, number))
        self.assertEqual(
            self.env["safety.card"].sudo().search_count([("token", "like", "aaaa")]), 0
        )
        # a revoked card stays revoked
        card.with_user(self.advocate).action_revoke()
        self.assertRefused(self._write(card, {"revoked_date": False}), "set by Odoo")
        self.assertEqual(card.state, "revoked")
        # the order card's token likewise
        order_values = {
            "plan_id": self.plan.id,
            "order_type": "temporary",
            "issue_date": date.today().isoformat(),
        }
        self.assertRefused(
            self._create(
                "safety.protective.order",
                dict(order_values, card_token="bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
            ),
            "set by Odoo",
        )
        order = self.env["safety.protective.order"].with_user(self.advocate).create(order_values)
        self.assertRefused(
            self._write(order, {"card_token": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}), "set by Odoo"
        )
        order.with_user(self.advocate)._safety_ensure_card_token()
        self.assertRegex(order.sudo().card_token, r"^[A-Za-z0-9_-]{32}$")

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
            (self.survivor, {"lang": "xx_XX"}, "Language"),
            (self.survivor, {"country_id": 999999}, "Country"),
            (self.survivor, {"name": "   "}, "Full Name"),
            (self.plan.step_ids[:1], {"name": "   "}, "Step"),
        ]
        for record, values, word in cases:
            with self.subTest(values=values):
                self.assertRefused(self._write(record, values), word)

    def test_values_of_another_kind_are_odoo_s_to_refuse(self):
        """The ORM checks a value against its field's kind, as for any model
        of Odoo: nothing of these is written."""
        step = self.plan.step_ids[:1]
        cases = [
            (self.plan, {"situation_type": "volcano"}),
            (self.plan, {"situation_type": 42}),
            (self.plan, {"review_interval_days": "soon"}),
            (self.plan, {"risk_raise_level": "volcano", "risk_raise_reason": "x"}),
            (self.plan, {"company_id": "abc"}),
            (self.plan, {"survivor_id": [1, 2]}),
            (self.plan, {"step_ids": "abc"}),
            (self.plan, {"step_ids": [(99, 1)]}),
            (self.plan, {"team_member_ids": [(6, 0, "abc")]}),
            (self.survivor, {"name": "Nul\x00byte"}),
            (self.survivor, {"birthdate": "31/31/2020"}),
            (step, {"plan_id": [self.plan.id]}),
        ]
        for record, values in cases:
            with self.subTest(model=record._name, values=values):
                self.assertNothingWritten(record, values)
        Card = self.env["safety.card"].sudo()
        count = Card.search_count([])
        self.assertIn("error", self._create("safety.card", {"plan_id": "abc"}))
        self.assertEqual(Card.search_count([]), count)

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

    # a record can't move into a plan its writer can't see -----------------------------
    def test_nothing_moves_into_another_team_s_plan(self):
        """An advocate wrote plan_id of her step, place, incident, order,
        release, card, review and assessment to another team's plan, and that
        team saw them: refused for every model that belongs to a plan."""
        other_survivor = (
            self.env["safety.survivor"].with_user(self.other_advocate).create({"name": "Oda"})
        )
        theirs = (
            self.env["safety.plan"]
            .with_user(self.other_advocate)
            .create({"survivor_id": other_survivor.id})
        )
        Env = self.env(user=self.advocate)
        today = date.today()
        mine = {
            "safety.plan.step": self.plan.step_ids[:1],
            "safety.emergency.contact": self.plan.emergency_contact_ids[:1],
            "safety.location": Env["safety.location"].create(
                {"plan_id": self.plan.id, "name": "Gym"}
            ),
            "safety.incident": Env["safety.incident"].create({"plan_id": self.plan.id}),
            "safety.protective.order": Env["safety.protective.order"].create(
                {"plan_id": self.plan.id, "issue_date": today}
            ),
            "safety.consent": Env["safety.consent"].create(
                {
                    "plan_id": self.plan.id,
                    "recipient_id": self.recipient.id,
                    "purpose": "Housing",
                    "scope": "Address",
                    "expiry_date": today + timedelta(days=30),
                }
            ),
            "safety.card": Env["safety.card"].create({"plan_id": self.plan.id}),
            "safety.review": Env["safety.review"].create(
                {"plan_id": self.plan.id, "feels_safe_score": 5}
            ),
            "safety.risk.assessment": Env["safety.risk.assessment"].create(
                {"plan_id": self.plan.id}
            ),
            "safety.respondent": Env["safety.respondent"].create(
                {"plan_id": self.plan.id, "name": "Devon Pike"}
            ),
            "safety.household.member": Env["safety.household.member"].create(
                {"plan_id": self.plan.id, "name": "Niño Protegido"}
            ),
            "safety.court.hearing": Env["safety.court.hearing"].create(
                {"plan_id": self.plan.id, "date": "2030-01-07 09:00:00"}
            ),
            # a contact gets its plan from the intake only
            "safety.hotline.call": Env["safety.hotline.call"]
            .sudo()
            .create({"channel": "phone", "plan_id": self.plan.id})
            .with_env(Env),
            "safety.service": Env["safety.service"].create(
                {
                    "plan_id": self.plan.id,
                    "service_code_id": self.env["safety.funder.code"]
                    .search([("code_list", "=", "service"), ("code", "=", "C1")], limit=1)
                    .id,
                }
            ),
            "safety.referral": Env["safety.referral"].create(
                {
                    "plan_id": self.plan.id,
                    "partner_id": self.env["res.partner"]
                    .create({"name": "Casa Abierta", "safety_resource_type": "shelter"})
                    .id,
                }
            ),
        }
        confidential = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        with_plan = {
            name
            for name in confidential
            if "plan_id" in self.env[name]._fields
            and self.env[name]._fields["plan_id"].comodel_name == "safety.plan"
            and self.env[name]._fields["plan_id"].store
            and not self.env[name]._abstract
            and name not in ("safety.risk.answer", "safety.access.log")
        }
        self.assertLessEqual(with_plan, set(mine), "every model of a plan is tried")
        for model, record in mine.items():
            with self.subTest(model=model):
                self.assertTrue(record)
                self.assertRefused(self._write(record, {"plan_id": theirs.id}), "Plan")
                record.invalidate_recordset()
                self.assertEqual(record.sudo().plan_id, self.plan)
        self.assertRefused(self._write(self.plan, {"step_ids": [(4, theirs.step_ids[:1].id)]}))
        self.assertEqual(theirs.step_ids[:1].sudo().plan_id, theirs)

    def test_advocates_are_safety_members_whoever_sets_them(self):
        supervisor = new_test_user(
            self.env,
            login="integrity_supervisor",
            groups="victim_safety_planning.group_safety_supervisor",
        )
        portal = new_test_user(self.env, login="integrity_portal", groups="base.group_portal")
        self.authenticate("integrity_supervisor", "integrity_supervisor")
        for user in (self.employee, portal):
            with self.subTest(user=user.login):
                self.assertRefused(
                    self._create(
                        "safety.plan", {"survivor_id": self.survivor.id, "advocate_id": user.id}
                    ),
                    "Safety Planning groups",
                )
                self.assertRefused(
                    self._write(self.plan, {"team_member_ids": [(6, 0, [user.id])]}),
                    "Safety Planning groups",
                )
        self.assertTrue(supervisor)
        # nor by server code
        with self.assertRaises(ValidationError):
            self.plan.sudo().advocate_id = self.employee

    # overflow and unknown values ------------------------------------------------------
    def test_overflowing_and_unknown_values_are_named(self):
        survivor = self.env["safety.survivor"].with_user(self.advocate).create({"name": "Lu"})
        for values, word in (
            ({"review_interval_days": 999999999}, "Review Every"),
            ({"review_interval_days": -1000000000}, "Review Every"),
        ):
            with self.subTest(values=values):
                self.assertRefused(self._write(self.plan, values), word)
                self.assertRefused(
                    self._create("safety.plan", dict(values, survivor_id=survivor.id)), word
                )

    def test_values_an_integration_may_send_wrong(self):
        """What the fuzz of bench/fuzz_safety_models.py found: each is a clean
        error naming the field, never a crash or a silent save."""
        Env = self.env(user=self.advocate)
        card = Env["safety.card"].create({"plan_id": self.plan.id})
        review = Env["safety.review"].create({"plan_id": self.plan.id, "feels_safe_score": 5})
        future = (date.today() + timedelta(days=400)).isoformat()
        cases = [
            (self.plan, {"escalated_review_date": "2020-01-01"}, "set by Odoo"),
            (self.plan.step_ids[:1], {"name": False}, "Step"),
            (self.survivor, {"name": "   "}, "Full Name"),
            (self.survivor, {"birthdate": future}, "Date of Birth"),
            (self.plan.emergency_contact_ids[:1], {"name": ""}, "Name"),
            (card, {"reminded_expiry_date": "2020-01-01"}, "set by Odoo"),
            (card, {"expiry_date": "2001-01-01"}, "Expiry Date"),
            (review, {"due_date": "2099-01-01"}, "set by Odoo"),
        ]
        for record, values, word in cases:
            with self.subTest(model=record._name, values=values):
                self.assertRefused(self._write(record, values), word)
        self.assertRefused(
            self._create("safety.risk.assessment", {"plan_id": self.plan.id, "date": future}),
            "future",
        )

    def test_configuration_values_are_checked_too(self):
        manager = new_test_user(
            self.env,
            login="integrity_manager",
            groups="victim_safety_planning.group_safety_manager",
        )
        self.authenticate("integrity_manager", "integrity_manager")
        item = self.env["safety.leave.item"].with_user(manager).create({"name": "Keys"})
        template = self.env.ref("victim_safety_planning.safety_risk_template_count")
        for record, values, word in (
            (item, {"name": "  "}, "Item"),
            (template.threshold_ids[:1], {"template_id": 999999999}, "Template"),
        ):
            with self.subTest(model=record._name, values=values):
                self.assertRefused(self._write(record, values), word)
        for values in ({"name": "Ke\x00ys"}, {"sequence": 10**20}):
            with self.subTest(values=values):
                self.assertNothingWritten(item, values)
        Question = self.env["safety.risk.question"].sudo()
        count = Question.search_count([])
        answer = self._create("safety.risk.question", {"template_id": [1], "name": "Q"})
        self.assertIn("error", answer)
        self.assertEqual(Question.search_count([]), count)
