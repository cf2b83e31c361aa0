from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestReview(SafetyCommon):
    def _active_plan(self):
        plan = self.plan.with_user(self.advocate)
        plan.write(
            {
                "risk_raise_level": "high",
                "risk_raise_reason": "Threats since the intake",
                "emergency_contact_ids": [(0, 0, {"name": "Friend", "phone": "+1 415 555 2671"})],
            }
        )
        plan.action_activate()
        return plan

    def _review_activities(self, plan):
        return self._plan_activities(
            plan, "victim_safety_planning.mail_activity_type_safety_review"
        )

    @freeze_time("2026-05-04")
    def test_completing_a_review_moves_the_next_date(self):
        plan = self._active_plan()
        self.assertEqual(plan.next_review_date, date(2026, 5, 18))
        activity = self._review_activities(plan)
        self.assertEqual(activity.date_deadline, date(2026, 5, 18), "scheduled on activation")
        self.assertEqual(activity.user_id, self.advocate)
        # "Start Review" on the activity opens the review of its plan
        action = activity.with_user(self.advocate).action_start_safety_review()
        self.assertEqual(action["res_model"], "safety.review")
        self.assertEqual(action["context"]["default_plan_id"], plan.id)
        review = (
            self.env["safety.review"]
            .with_user(self.advocate)
            .with_context(**action["context"])
            .create(
                {"date": date(2026, 5, 3), "changes": "Moved in with sister", "outcome": "updated"}
            )
        )
        self.assertEqual(review.due_date, date(2026, 5, 18))
        self.assertEqual(review.advocate_id, self.advocate)
        self.assertEqual(review.timeliness, "on_time")
        with self.assertRaisesRegex(UserError, "Feels Safe"):
            review.action_done()
        review.feels_safe_score = 6
        review.action_done()
        self.assertEqual(review.state, "done")
        self.assertEqual(plan.last_review_date, date(2026, 5, 3))
        self.assertEqual(plan.next_review_date, date(2026, 5, 17), "14 days at high risk")
        self.assertFalse(activity.active, "the review activity is marked done")
        following = self._review_activities(plan)
        self.assertEqual(len(following), 1, "the next review is scheduled at once")
        self.assertEqual(following.date_deadline, date(2026, 5, 17))
        self.assertEqual(plan.review_activity_id, following)
        self.assertIn("feels safe 6/10", plan.message_ids[0].body)

    @freeze_time("2026-06-20")
    def test_late_review_is_counted_late(self):
        plan = self._active_plan()
        plan.last_review_date = date(2026, 5, 1)
        self.assertEqual(plan.next_review_date, date(2026, 5, 15))
        review = (
            self.env["safety.review"]
            .with_user(self.advocate)
            .create({"plan_id": plan.id, "feels_safe_score": 4})
        )
        self.assertEqual(review.timeliness, "late")
        review.action_done()
        self.assertEqual(plan.next_review_date, date(2026, 7, 4))
        self.assertEqual(review.timeliness, "late", "the review keeps the date it was due")

    def test_start_review_only_from_review_activities(self):
        plan = self._active_plan()
        todo = plan.activity_schedule("mail.mail_activity_data_todo", user_id=self.advocate.id)
        with self.assertRaisesRegex(UserError, "Safety plan review"):
            todo.with_user(self.advocate).action_start_safety_review()
        activity = self._review_activities(plan)
        with self.assertRaises(AccessError):
            activity.with_user(self.advocate_other).action_start_safety_review()

    def test_bad_input(self):
        plan = self._active_plan()
        Review = self.env["safety.review"].with_user(self.advocate)
        with self.assertRaisesRegex(ValidationError, "in the future"):
            Review.create({"plan_id": plan.id, "date": date.today() + timedelta(days=1)})
        with self.assertRaisesRegex(ValidationError, "1 to 10"):
            Review.create({"plan_id": plan.id, "feels_safe_score": 11})

    def test_reviews_stay_inside(self):
        review = (
            self.env["safety.review"].with_user(self.advocate).create({"plan_id": self.plan.id})
        )
        with self.assertRaises(AccessError):
            review.with_user(self.outsider).read(["feels_safe_score"])
        # another team: the answer of a review that does not exist
        self.assertEqual(review.with_user(self.advocate_other).read(["feels_safe_score"]), [])
        self.assertTrue(review.with_user(self.supervisor).read(["feels_safe_score"]))
        action = self.plan.with_user(self.advocate).action_start_review()
        self.assertEqual(action["context"]["default_plan_id"], self.plan.id)
