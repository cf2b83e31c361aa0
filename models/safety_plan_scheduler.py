import logging
from collections import defaultdict
from datetime import timedelta

from psycopg2.errors import UniqueViolation
from psycopg2.extensions import TransactionRollbackError

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

REVIEW_TYPE = "victim_safety_planning.mail_activity_type_safety_review"
CRON_BATCH_SIZE = 1000
# attempts to lock a batch, or to do it, while users' saves change its rows
ATTEMPTS = 2
# plan fields whose change moves, reassigns or removes the review activity
REVIEW_SYNC_FIELDS = frozenset(
    {
        "state",
        "active",
        "advocate_id",
        "risk_level",
        "risk_raise_level",
        "review_interval_days",
        "last_review_date",
        "activation_date",
        "next_review_date",
    }
)


class SafetyPlanScheduler(models.AbstractModel):
    """What keeps safety plans current, as a service the plans and the daily
    cron call: one open review activity per active plan, supervisors told of
    reviews long overdue, reminders before orders, releases and cards expire
    (doc/architecture.md tells how it copes with users' saves)."""

    _name = "safety.plan.scheduler"
    _description = "Safety Plan Scheduler"

    @api.model
    def _sync_reviews_as_writer(self, plans):
        """Move the plans' review activities after a change their writer was
        allowed to make (the ORM has just checked it)."""
        # sudo: whoever hands a plan to another advocate can no longer read it,
        # yet its activity must follow; members and server code only
        if plans and (self.env.su or self.env.user._is_safety_member()):
            self._sync_reviews(plans.sudo())

    # cron ---------------------------------------------------------------------
    @api.model
    def _keep_current(self, domain=None, batch_size=CRON_BATCH_SIZE):
        """Bring the plans matching ``domain`` (all by default) up to date, in
        committed batches; return the number of changes made."""
        Plan = self.env["safety.plan"]
        scope = Plan.with_context(active_test=False)._search(domain or []).subselect()
        escalations = self._escalation_candidates(scope)
        jobs = [
            (Plan, self._status_candidates(domain), self._process_status, batch_size),
            (Plan, self._review_candidates(scope), self._process_reviews, batch_size),
            # in one piece: each supervisor gets one digest per run
            (Plan, escalations, self._process_escalations, max(len(escalations), 1)),
        ]
        for model_name in self._reminder_models():
            Model = self.env[model_name]
            candidates = [row[0] for row in Model._safety_reminder_actions(scope)]
            jobs.append((Model, candidates, self._process_reminders, batch_size))
        remaining = sum(len(job[1]) for job in jobs)
        Cron = self.env["ir.cron"]
        changed = 0
        if not Cron._commit_progress(remaining=remaining):
            return changed
        for Model, ids, process, size in jobs:
            for batch_ids in split_every(size, ids):
                records = self._lock(Model.browse(batch_ids))
                if records:
                    changed += self._run_batch(records, process, scope)
                remaining -= len(batch_ids)
                if not Cron._commit_progress(len(batch_ids), remaining=remaining):
                    # out of time: the cron runs again soon for what is left
                    return changed
        return changed

    @api.model
    def _run_batch(self, records, process, scope):
        """Do one batch of work; when PostgreSQL refuses it (a deadlock, a
        serialization failure, a row a user's save inserted first), commit
        what is done and start the batch over once on a fresh snapshot, then
        leave it to the next run."""
        for attempt in range(ATTEMPTS):
            try:
                with self.env.cr.savepoint():
                    return process(records, scope)
            except (TransactionRollbackError, UniqueViolation):
                self.env.invalidate_all()
                self.env["ir.cron"]._commit_progress()
                if attempt + 1 < ATTEMPTS:
                    records = self._lock(records)
        _logger.info(
            "%s: a batch of %d records kept conflicting with other transactions, "
            "left for the next run",
            records._name,
            len(records),
        )
        return 0

    @api.model
    def _lock(self, records):
        """Lock and return the rows of ``records`` that no user's save holds:
        a row held by a save is left to the next run (the save keeps its
        plan's activity in step itself)."""
        for _attempt in range(ATTEMPTS):
            try:
                with self.env.cr.savepoint(flush=False):
                    locked = records.try_lock_for_update(allow_referencing=True)
            except TransactionRollbackError:
                # under repeatable read a row changed since the snapshot can't
                # be locked: commit what is done and lock on a fresh snapshot
                self.env["ir.cron"]._commit_progress()
                continue
            # values cached before the lock may be older than the rows
            self.env.invalidate_all()
            return locked
        _logger.info(
            "%s: %d records kept changing under users' saves, left for the next run",
            records._name,
            len(records),
        )
        return records.browse()

    # review status ------------------------------------------------------------
    @api.model
    def _status_candidates(self, domain):
        """Active plans whose stored review status the calendar has overtaken."""
        Plan = self.env["safety.plan"].with_context(active_test=False)
        overdue = Plan._safety_overdue_domain()
        active = Domain("state", "=", "active")
        stale = (overdue & Domain("review_status", "!=", "overdue")) | (
            active & ~overdue & Domain("review_status", "!=", "on_time")
        )
        return Plan.search(Domain(domain or []) & stale, order="id").ids

    @api.model
    def _process_status(self, plans, scope):
        # a recomputation creates nothing: running it twice is harmless
        self.env.add_to_compute(plans._fields["review_status"], plans)
        plans.flush_recordset(["review_status"])
        return len(plans)

    # review activities ----------------------------------------------------------
    @api.model
    def _review_candidates(self, scope):
        """Plans whose review activity is missing, duplicated, late to follow
        the plan (due date, assignee) or left on a plan no longer active."""
        review_type = self.env.ref(REVIEW_TYPE)
        # activities on a survivor's plan go to safety members only
        members = self.env["res.users"].search(self.env["res.users"]._safety_members_domain())
        rows = self.env.execute_query(
            SQL(
                """
                WITH wanted AS (
                    SELECT id, next_review_date, advocate_id, review_activity_id
                      FROM safety_plan
                     WHERE id IN (%(scope)s) AND state = 'active' AND active
                       AND advocate_id IN %(members)s
                ), open AS (
                    SELECT id, res_id, date_deadline, user_id
                      FROM mail_activity
                     WHERE res_model = 'safety.plan' AND activity_type_id = %(type)s
                       AND active AND res_id IN (%(scope)s)
                )
                SELECT w.id
                  FROM wanted w
             LEFT JOIN open o ON o.res_id = w.id
              GROUP BY w.id, w.next_review_date, w.advocate_id, w.review_activity_id
                HAVING count(o.id) <> 1
                    OR bool_or(o.date_deadline IS DISTINCT FROM w.next_review_date
                               OR o.user_id IS DISTINCT FROM w.advocate_id
                               OR o.id IS DISTINCT FROM w.review_activity_id)
                 UNION
                SELECT res_id FROM open WHERE res_id NOT IN (SELECT id FROM wanted)
              ORDER BY 1
                """,
                scope=scope,
                type=review_type.id,
                members=tuple(members.ids) or (0,),
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _process_reviews(self, plans, scope):
        return self._sync_reviews(plans)

    @api.model
    def _sync_reviews(self, plans):
        """Give each plan exactly one open review activity when it is active
        (assigned to its advocate, due on its next review date) and none
        otherwise. Returns the number of activities created, changed or
        removed."""
        if not plans:
            return 0
        review_type = self.env.ref(REVIEW_TYPE)
        # no "assigned to you" notification per activity: advocates see them
        # in their activity list
        Activity = self.env["mail.activity"].with_context(
            mail_activity_quick_update=True,
            tracking_disable=True,
            safety_scheduler_activity=True,
        )
        existing = Activity.search(
            [
                ("res_model", "=", plans._name),
                ("res_id", "in", plans.ids),
                ("activity_type_id", "=", review_type.id),
            ],
            order="id",
        )
        by_plan = existing.grouped("res_id")
        members = plans.advocate_id.filtered(lambda user: user._is_safety_member())
        to_unlink, to_create, kept = Activity, plans.browse(), {}
        reassign = defaultdict(lambda: Activity)
        for plan in plans:
            activities = by_plan.get(plan.id, Activity)
            if not (plan.state == "active" and plan.active and plan.next_review_date) or (
                plan.advocate_id not in members
            ):
                # an advocate who left the safety groups must not keep a
                # survivor's activity; the supervisor reassigns the plan
                to_unlink |= activities
                continue
            if not activities:
                to_create |= plan
                continue
            keep = plan.review_activity_id
            if keep not in activities:
                keep = activities[0]
            to_unlink |= activities - keep
            kept[plan] = keep
            if keep.user_id != plan.advocate_id:
                reassign[plan.advocate_id] |= keep
        to_unlink.unlink()
        changed = len(to_unlink)
        for user, activities in reassign.items():
            activities.write({"user_id": user.id})
            changed += len(activities)
        redate = defaultdict(lambda: Activity)
        for plan, keep in kept.items():
            if keep.date_deadline != plan.next_review_date:
                redate[plan.next_review_date] |= keep
        for deadline, activities in redate.items():
            activities.write({"date_deadline": deadline})
            changed += len(activities)
        model_id = self.env["ir.model"]._get_id(plans._name)
        created = Activity.create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": plan.id,
                    "activity_type_id": review_type.id,
                    "summary": review_type.with_context(
                        lang=plan.advocate_id.lang or self.env.lang
                    ).summary,
                    "date_deadline": plan.next_review_date,
                    "user_id": plan.advocate_id.id,
                }
                for plan in to_create
            ]
        )
        kept.update(zip(to_create, created, strict=True))
        for plan in plans:
            if plan.review_activity_id != kept.get(plan, Activity):
                plan.review_activity_id = kept.get(plan, False)
        return changed + len(created)

    # escalation -----------------------------------------------------------------
    @api.model
    def _escalation_candidates(self, scope, ids=None):
        """Active plans whose review is overdue by more than the Settings'
        threshold and whose supervisors were not told of this review yet."""
        days = self.env["safety.plan"]._get_reminder_days("review_escalation")
        limit = fields.Date.context_today(self) - timedelta(days=days)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM safety_plan
                 WHERE id IN (%(scope)s) %(ids)s AND state = 'active' AND active
                   AND next_review_date < %(limit)s
                   AND escalated_review_date IS DISTINCT FROM next_review_date
              ORDER BY id
                """,
                scope=scope,
                ids=SQL("AND id IN %s", tuple(ids)) if ids else SQL(),
                limit=limit,
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _process_escalations(self, plans, scope):
        """Tell the supervisors of their companies, in one message each, about
        the plans of this batch whose review is long overdue. Plans stay
        candidates while no supervisor could be told."""
        overdue = plans.browse(self._escalation_candidates(scope, plans.ids))
        told = plans.browse()
        if overdue:
            supervisors = self.env["res.users"].search(
                [
                    (
                        "all_group_ids",
                        "in",
                        self.env.ref("victim_safety_planning.group_safety_supervisor").ids,
                    ),
                    ("share", "=", False),
                    ("company_ids", "in", overdue.company_id.ids),
                ]
            )
            for supervisor in supervisors:
                batch = overdue.filtered(lambda p, s=supervisor: p.company_id in s.company_ids)
                if batch:
                    self._notify_overdue(batch, supervisor)
                    told |= batch
        for plan in told:
            plan.escalated_review_date = plan.next_review_date
        return len(told)

    @api.model
    def _notify_overdue(self, plans, supervisor):
        """One inbox message (or e-mail, as the supervisor prefers) listing the
        plans by reference, due date and advocate: no survivor is named."""
        env = self.with_context(lang=supervisor.lang or self.env.lang).env
        plans = plans.with_env(env).sorted(lambda p: (p.next_review_date, p.id))
        body = env["ir.qweb"]._render(
            "victim_safety_planning.safety_review_overdue_digest",
            {
                "plans": plans,
                "days": plans._get_reminder_days("review_escalation"),
                "today": fields.Date.context_today(self),
                # the public address of Settings, as on cards; Odoo's own
                # address while none is set
                "base_url": self.env["safety.card"]._safety_public_base_url(raise_if_invalid=False)
                or plans[:1].get_base_url(),
            },
        )
        env["mail.thread"].message_notify(
            partner_ids=supervisor.partner_id.ids,
            subject=env._("Overdue safety plan reviews"),
            body=body,
            subtype_xmlid="mail.mt_note",
        )

    # reminders --------------------------------------------------------------------
    @api.model
    def _reminder_models(self):
        return sorted(
            name
            for name in self.env.registry.descendants(["safety.expiry.reminder.mixin"], "_inherit")
            if not self.env[name]._abstract
        )

    @api.model
    def _process_reminders(self, records, scope):
        return records._safety_process_reminders(scope)
