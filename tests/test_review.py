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
                "risk_level": "high",
                "emergency_contact_ids": [(0, 0, {"name": "Friend", "phone": "+1 415 555 2671"})],
            }
        )
        plan.action_activate()
        return plan

    @freeze_time("2026-05-04")
    def test_completing_a_review_moves_the_next_date(self):
        plan = self._active_plan()
        self.assertEqual(plan.next_review_date, date(2026, 5, 18))
        activity = plan.activity_schedule(
            "victim_safety_planning.mail_activity_type_safety_review",
            date_deadline=plan.next_review_date,
            user_id=self.advocate.id,
        )
        review = (
            self.env["safety.review"]
            .with_user(self.advocate)
            .create(
                {"plan_id": plan.id, "date": date(2026, 5, 3), "changes": "Moved in with sister"}
            )
        )
        with self.assertRaisesRegex(UserError, "Feels Safe"):
            review.action_done()
        review.feels_safe_score = 6
        review.action_done()
        self.assertEqual(review.state, "done")
        self.assertEqual(plan.last_review_date, date(2026, 5, 3))
        self.assertEqual(plan.next_review_date, date(2026, 5, 17), "14 days at high risk")
        self.assertFalse(activity.active, "the review activity is marked done")

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
        for user in (self.outsider, self.advocate_other):
            with self.assertRaises(AccessError):
                review.with_user(user).read(["feels_safe_score"])
        self.assertTrue(review.with_user(self.supervisor).read(["feels_safe_score"]))
        action = self.plan.with_user(self.advocate).action_start_review()
        self.assertEqual(action["context"]["default_plan_id"], self.plan.id)
