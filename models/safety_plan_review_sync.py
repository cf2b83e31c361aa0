from collections import defaultdict

from odoo import api, models

REVIEW_TYPE = "victim_safety_planning.mail_activity_type_safety_review"


class SafetyPlan(models.Model):
    _inherit = "safety.plan"

    @api.model
    def _cron_sync_review_activities(self, batch_size=1000):
        """Keep exactly one open review activity per active plan, assigned to
        its advocate and due on its next review date; none on other plans.

        Idempotent (a second run writes nothing), batched by plan id with a
        fixed number of queries per batch, and safe with several workers: each
        batch locks its plans (SKIP LOCKED), so two runs never handle the same
        plan at the same time."""
        review_type = self.env.ref(REVIEW_TYPE)
        Activity = self.env["mail.activity"].with_context(
            mail_activity_quick_update=True, tracking_disable=True
        )
        # plans that left the active state lose their review activity
        stale = Activity.search(
            [
                ("res_model", "=", self._name),
                ("activity_type_id", "=", review_type.id),
                ("res_id", "not in", self._search([("state", "=", "active")])),
            ]
        )
        stale.unlink()
        last_id, processed = 0, 0
        while True:
            plans = self.search(
                [("state", "=", "active"), ("id", ">", last_id)], order="id", limit=batch_size
            )
            if not plans:
                break
            last_id = plans[-1].id
            self.env.cr.execute(
                "SELECT id FROM safety_plan WHERE id IN %s FOR UPDATE SKIP LOCKED",
                [tuple(plans.ids)],
            )
            locked = self.browse(row[0] for row in self.env.cr.fetchall())
            processed += self._sync_review_activities_batch(locked, review_type, Activity)
            if self.env.context.get("ir_cron_progress_id"):
                self.env["ir.cron"]._commit_progress(len(plans))
        return processed

    @api.model
    def _sync_review_activities_batch(self, plans, review_type, Activity):
        existing = Activity.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", plans.ids),
                ("activity_type_id", "=", review_type.id),
            ],
            order="id",
        )
        by_plan = defaultdict(lambda: Activity.browse())
        for activity in existing:
            by_plan[activity.res_id] |= activity
        to_create, duplicates, updates = (
            [],
            Activity.browse(),
            defaultdict(lambda: Activity.browse()),
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        for plan in plans:
            activities = by_plan.get(plan.id)
            if not activities:
                to_create.append(
                    {
                        "res_model_id": model_id,
                        "res_id": plan.id,
                        "activity_type_id": review_type.id,
                        "summary": review_type.summary,
                        "date_deadline": plan.next_review_date,
                        "user_id": plan.advocate_id.id,
                    }
                )
                continue
            keep, extra = activities[0], activities[1:]
            duplicates |= extra
            if (keep.date_deadline, keep.user_id) != (plan.next_review_date, plan.advocate_id):
                updates[(plan.next_review_date, plan.advocate_id.id)] |= keep
        duplicates.unlink()
        for (deadline, user_id), activities in updates.items():
            activities.write({"date_deadline": deadline, "user_id": user_id})
        Activity.create(to_create)
        return len(to_create) + sum(len(a) for a in updates.values()) + len(duplicates)
