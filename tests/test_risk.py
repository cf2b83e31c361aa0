from datetime import timedelta

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestRiskAssessment(SafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.weighted = cls.env["safety.risk.template"].create(
            {
                "name": "Weighted test checklist",
                "method": "weighted_sum",
                "question_ids": [
                    Command.create({"name": "Threats", "category": "A", "weight": 3}),
                    Command.create({"name": "Jealousy", "category": "A", "weight": 2}),
                    Command.create({"name": "Isolation", "category": "B", "weight": 1}),
                    Command.create(
                        {
                            "name": "Strangulation",
                            "category": "B",
                            "weight": 0,
                            "is_critical": True,
                            "critical_level": "critical",
                        }
                    ),
                ],
                "threshold_ids": [
                    Command.create({"level": "low", "min_score": 0}),
                    Command.create({"level": "medium", "min_score": 3}),
                    Command.create({"level": "high", "min_score": 5}),
                ],
            }
        )
        cls.counted = cls.env["safety.risk.template"].create(
            {
                "name": "Count test checklist",
                "method": "yes_count",
                "question_ids": [Command.create({"name": f"Item {i}"}) for i in range(1, 6)],
                "threshold_ids": [
                    Command.create({"level": "low", "min_score": 0}),
                    Command.create({"level": "medium", "min_score": 2}),
                    Command.create({"level": "high", "min_score": 4}),
                ],
            }
        )

    def _assess(self, template, answers, **vals):
        assessment = (
            self.env["safety.risk.assessment"]
            .with_user(self.advocate)
            .create(dict({"plan_id": self.plan.id, "template_id": template.id}, **vals))
        )
        for answer, value in zip(assessment.answer_ids, answers, strict=True):
            answer.answer = value
        return assessment

    def test_weighted_sum_and_thresholds(self):
        assessment = self._assess(self.weighted, ["yes", "no", "no", "no"])
        self.assertEqual((assessment.score, assessment.computed_level), (3, "medium"))
        assessment.answer_ids[1].answer = "yes"
        self.assertEqual((assessment.score, assessment.computed_level), (5, "high"))
        assessment.answer_ids[:2].answer = "unknown"
        self.assertEqual((assessment.score, assessment.computed_level), (0, "low"))

    def test_yes_count_and_critical_override(self):
        assessment = self._assess(self.counted, ["yes", "yes", "no", "no", "unknown"])
        self.assertEqual((assessment.score, assessment.computed_level), (2, "medium"))
        critical = self._assess(self.weighted, ["no", "no", "no", "yes"])
        self.assertEqual(critical.score, 0)
        self.assertEqual(critical.computed_level, "critical", "a critical yes forces its level")

    def test_judgement_may_raise_never_lower(self):
        assessment = self._assess(self.weighted, ["yes", "no", "no", "no"])
        with self.assertRaisesRegex(ValidationError, "never lower"):
            assessment.write({"judgement_level": "low", "judgement_reason": "Seems calm"})
        with self.assertRaisesRegex(ValidationError, "Reason"):
            assessment.write({"judgement_level": "high", "judgement_reason": False})
        assessment.write({"judgement_level": "high", "judgement_reason": "New partner has a gun"})
        self.assertEqual(assessment.risk_level, "high")

    def test_confirm_sets_plan_level_and_review(self):
        assessment = self._assess(self.weighted, ["yes", "yes", "no", None])
        level_before = self.plan.risk_level
        # no savepoint: a state written before the check would stay
        self.assertRaisesInTransaction(UserError, assessment.action_confirm, "Strangulation")
        self.assertEqual(assessment.state, "draft", "nothing half-written")
        self.assertEqual(self.plan.risk_level, level_before)
        assessment.answer_ids[3].answer = "no"
        self.plan.emergency_contact_ids = [(0, 0, {"name": "Friend", "phone": "+1 415 555 2671"})]
        self.plan.with_user(self.advocate).action_activate()
        assessment.action_confirm()
        self.assertEqual(assessment.state, "confirmed")
        self.assertEqual(self.plan.risk_level, "high")
        self.assertEqual(self.plan.review_interval_days, 14)
        self.assertEqual(
            self.plan.next_review_date,
            self.plan.activation_date + timedelta(days=14),
        )
        self.assertIn("score 5", self.plan.message_ids[0].body)
        with self.assertRaises(UserError):
            assessment.score = 1
        with self.assertRaises(UserError):
            assessment.answer_ids[0].answer = "no"
        with self.assertRaises(UserError):
            assessment.unlink()
        self.assertEqual(self.plan.assessment_count, 1)

    def test_start_from_previous_answers(self):
        first = self._assess(self.counted, ["yes", "no", "yes", "no", "unknown"])
        first.action_confirm()
        second = (
            self.env["safety.risk.assessment"]
            .with_user(self.advocate)
            .create(
                {
                    "plan_id": self.plan.id,
                    "template_id": self.counted.id,
                    "use_previous_answers": True,
                }
            )
        )
        self.assertEqual(second.answer_ids.mapped("answer"), ["yes", "no", "yes", "no", "unknown"])
        fresh = (
            self.env["safety.risk.assessment"]
            .with_user(self.advocate)
            .create({"plan_id": self.plan.id, "template_id": self.counted.id})
        )
        self.assertFalse(any(fresh.answer_ids.mapped("answer")))

    def test_form_shows_score_live(self):
        form = Form(
            self.env["safety.risk.assessment"]
            .with_user(self.advocate)
            .with_context(default_plan_id=self.plan.id)
        )
        form.template_id = self.weighted
        self.assertEqual(len(form.answer_ids), 4)
        with form.answer_ids.edit(0) as line:
            line.answer = "yes"
        self.assertEqual(form.score, 3)
        self.assertEqual(form.computed_level, "medium")

    def test_versioning_keeps_old_scores(self):
        assessment = self._assess(self.weighted, ["yes", "yes", "no", "no"])
        assessment.action_confirm()
        self.assertEqual((assessment.score, assessment.risk_level), (5, "high"))
        Template = self.env["safety.risk.template"].with_user(self.manager)
        used = Template.browse(self.weighted.id)
        with self.assertRaisesRegex(UserError, "New Version"):
            used.question_ids[0].weight = 10
        with self.assertRaisesRegex(UserError, "New Version"):
            used.write({"method": "yes_count"})
        with self.assertRaisesRegex(UserError, "New Version"):
            used.threshold_ids[0].unlink()
        action = used.action_new_version()
        new = Template.browse(action["res_id"])
        self.assertEqual((new.version, new.previous_version_id), (2, used))
        self.assertFalse(used.active)
        new.question_ids.filtered(lambda q: q.name == "Threats").weight = 10
        later = self._assess(new, ["yes", "yes", "no", "no"])
        self.assertEqual(later.score, 12)
        assessment.invalidate_recordset()
        self.assertEqual((assessment.score, assessment.risk_level), (5, "high"))
        self.assertEqual(assessment.template_id, used)

    def test_bad_configuration(self):
        with self.assertRaisesRegex(ValidationError, "strictly increase"):
            self.env["safety.risk.template"].with_user(self.manager).create(
                {
                    "name": "Broken",
                    "threshold_ids": [
                        Command.create({"level": "low", "min_score": 5}),
                        Command.create({"level": "high", "min_score": 5}),
                    ],
                }
            )
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.CheckViolation):
            self.env["safety.risk.question"].with_user(self.manager).create(
                {"template_id": self.counted.id, "name": "Negative", "weight": -1}
            )
            self.env.flush_all()

    def test_access_limited_to_safety_groups(self):
        assessment = self._assess(self.weighted, ["yes", "no", "no", "no"])
        with self.assertRaises(AccessError):
            assessment.with_user(self.outsider).read(["score"])
        # another team: the answer of records that do not exist
        self.assertEqual(assessment.with_user(self.advocate_other).read(["score"]), [])
        self.assertEqual(assessment.answer_ids.with_user(self.advocate_other).read(["answer"]), [])
        self.assertTrue(assessment.with_user(self.supervisor).read(["score"]))
        with self.assertRaises(AccessError):
            self.weighted.with_user(self.advocate).write({"name": "Mine"})
        self.assertTrue(self.weighted.with_user(self.advocate).read(["name"]))

    def test_shipped_checklists(self):
        general = self.env.ref("victim_safety_planning.safety_risk_template_general")
        self.assertGreaterEqual(len(general.question_ids), 16)
        self.assertTrue(general.question_ids.filtered("is_critical"))
        count = self.env.ref("victim_safety_planning.safety_risk_template_count")
        assessment = self._assess(count, ["yes"] * 14 + ["no"] * 6)
        self.assertEqual(assessment.computed_level, "high")
        assessment.answer_ids[:4].answer = "no"
        self.assertEqual((assessment.score, assessment.computed_level), (10, "medium"))
        trigger = self.env.ref("victim_safety_planning.safety_risk_template_trigger")
        one_trigger = self._assess(trigger, ["yes"] + ["no"] * 10)
        self.assertEqual(one_trigger.computed_level, "high")
        four_others = self._assess(trigger, ["no"] * 3 + ["yes"] * 4 + ["no"] * 4)
        self.assertEqual(four_others.computed_level, "high")
        three_others = self._assess(trigger, ["no"] * 3 + ["yes"] * 3 + ["no"] * 5)
        self.assertEqual(three_others.computed_level, "low")

    # what the advocate reads on the checklist and in the plan's chatter
    def test_no_answer_no_level(self):
        assessment = self._assess(self.weighted, [None, None, None, None])
        self.assertFalse(assessment.computed_level, "nothing answered: not Low")
        self.assertFalse(assessment.risk_level, "nothing answered: not None")
        self.assertEqual(assessment.unanswered_count, 4)

    def test_display_name(self):
        assessment = self._assess(self.weighted, ["no", "no", "no", "no"])
        self.assertEqual(assessment.display_name, f"Assessment of {self.plan.name}")
        new = self.env["safety.risk.assessment"].new({})
        self.assertEqual(new.display_name, "New assessment")

    def test_chatter_says_why_raised(self):
        assessment = self._assess(self.weighted, ["yes", "yes", "no", "no"])
        assessment.write({"judgement_level": "critical", "judgement_reason": "Bought a gun"})
        assessment.action_confirm()
        note = self.plan.message_ids[0].body
        self.assertIn(
            "level Critical, raised from High by professional judgement: Bought a gun", note
        )
