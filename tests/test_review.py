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


@tagged("post_install", "-at_install")
class TestReviewSchedule(SafetyCommon):
    def _activities(self, plans):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "safety.plan"),
                ("res_id", "in", plans.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("victim_safety_planning.mail_activity_type_safety_review").id,
                ),
            ]
        )

    def test_sync_is_exact_and_idempotent(self):
        Plan = self.env["safety.plan"]
        plans = Plan.create(
            [
                {
                    "survivor_id": self.survivor.id,
                    "advocate_id": self.advocate.id,
                    "risk_level": level,
                    "state": "active",
                }
                for level in ("low", "high", "critical")
            ]
        )
        draft = Plan.create({"survivor_id": self.survivor.id, "advocate_id": self.advocate.id})
        Plan._cron_sync_review_activities(batch_size=2)
        activities = self._activities(plans | draft)
        self.assertEqual(len(activities), 3)
        for plan in plans:
            activity = activities.filtered(lambda a, p=plan: a.res_id == p.id)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.date_deadline, plan.next_review_date)
            self.assertEqual(activity.user_id, self.advocate)
        # a second run changes nothing
        self.assertEqual(Plan._cron_sync_review_activities(batch_size=2), 0)
        self.assertEqual(self._activities(plans | draft), activities)
        # cadence, reassignment, closing, duplicates
        plans[0].risk_level = "critical"
        plans[1].advocate_id = self.advocate_other
        plans[2].action_close()
        activities[:1].copy()
        Plan._cron_sync_review_activities(batch_size=2)
        after = self._activities(plans)
        self.assertEqual(len(after), 2)
        first = after.filtered(lambda a: a.res_id == plans[0].id)
        self.assertEqual(first.date_deadline, plans[0].next_review_date)
        second = after.filtered(lambda a: a.res_id == plans[1].id)
        self.assertEqual(second.user_id, self.advocate_other)
        self.assertFalse(after.filtered(lambda a: a.res_id == plans[2].id))
        self.assertEqual(Plan._cron_sync_review_activities(batch_size=2), 0)
