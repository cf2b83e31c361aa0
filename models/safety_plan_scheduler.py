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
    """What keeps safety plans current: one open review activity per active
    plan, supervisors told of reviews long overdue, reminders before orders,
    releases and cards expire. The daily cron does all of it in batches;
    plan changes keep the review activity in step at once."""

    _name = "safety.plan.scheduler"
    _description = "Safety Plan Scheduler"

    review_activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The open “Safety plan review” activity the scheduler keeps for this plan.",
    )
    escalated_review_date = fields.Date(
        string="Supervisors Told Of",
        readonly=True,
        copy=False,
        help="The overdue review date supervisors were told about: they hear of each "
        "overdue review once.",
    )

    review_status = fields.Selection(
        [("on_time", "On time"), ("overdue", "Overdue")],
        compute="_compute_review_status",
        store=True,
        index=True,
        help="Whether the plan's review is overdue, as of its last change or the "
        "scheduler's last daily run.",
    )

    @api.depends("state", "next_review_date")
    def _compute_review_status(self):
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.state != "active" or not plan.next_review_date:
                plan.review_status = False
            else:
                plan.review_status = "overdue" if plan._safety_is_overdue(today) else "on_time"

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        plans.filtered(lambda plan: plan.state == "active")._safety_sync_reviews_as_writer()
        return plans

    def write(self, vals):
        result = super().write(vals)
        if REVIEW_SYNC_FIELDS.intersection(vals):
            self._safety_sync_reviews_as_writer()
        return result

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # The scheduler's activities subscribe nobody: the advocate follows the
        # plan from the save that made them its advocate. Subscribing again
        # here raced users' saves on mail_followers (deadlocks, "a partner
        # cannot follow twice"). The key only spares a subscription.
        if self.env.context.get("safety_scheduler_activity"):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _safety_sync_reviews_as_writer(self):
        """The review activity follows a change its author was allowed to make.
        sudo: a safety member who hands a plan to another advocate can no
        longer read it, yet its activity must move to the new advocate; the
        ORM has just checked their right to make the change."""
        if self.env.su or self.env.user._is_safety_member():
            self.sudo()._safety_sync_reviews()

    # cron -------------------------------------------------------------------
    @api.model
    def _cron_keep_plans_current(self):
        return self._safety_keep_current()

    @api.model
    def _safety_keep_current(self, domain=None, batch_size=CRON_BATCH_SIZE):
        """Bring the plans matching ``domain`` (all by default) up to date:
        review status, review activities, escalation of overdue reviews,
        expiry reminders.
        Returns the number of review statuses refreshed, activities created,
        changed or removed, and plans escalated.

        Candidates are found with one query per kind of work, then handled
        in batches of ``batch_size`` records with a fixed number of queries
        each; every batch is committed (``ir.cron._commit_progress``), so a
        crash loses at most one batch and the cron resumes where work is
        left. Idempotent: a second run finds no candidate. ir.cron never runs
        it twice at once; what races it are users' saves (see
        ``_safety_lock`` and ``_safety_run_batch``)."""
        scope = self.with_context(active_test=False)._search(domain or []).subselect()
        escalations = self._safety_escalation_candidates(scope)
        jobs = [
            (self, self._safety_status_candidates(domain), "_safety_process_status", batch_size),
            (self, self._safety_review_candidates(scope), "_safety_process_reviews", batch_size),
            # in one piece: each supervisor gets one digest per run
            (self, escalations, "_safety_process_escalations", max(len(escalations), 1)),
        ]
        for model_name in self._safety_reminder_models():
            Model = self.env[model_name]
            candidates = [row[0] for row in Model._safety_reminder_actions(scope)]
            jobs.append((Model, candidates, "_safety_process_reminders", batch_size))
        remaining = sum(len(job[1]) for job in jobs)
        Cron = self.env["ir.cron"]
        changed = 0
        if not Cron._commit_progress(remaining=remaining):
            return changed
        for Model, ids, method, size in jobs:
            for batch_ids in split_every(size, ids):
                records = self._safety_lock(Model.browse(batch_ids))
                if records:
                    changed += self._safety_run_batch(records, method, scope)
                remaining -= len(batch_ids)
                if not Cron._commit_progress(len(batch_ids), remaining=remaining):
                    # out of time: the cron runs again soon for what is left
                    return changed
        return changed

    @api.model
    def _safety_run_batch(self, records, method, scope):
        """Do one batch of work. Users keep saving plans while the scheduler
        runs: when PostgreSQL refuses the batch (a deadlock, a serialization
        failure, or a row a concurrent save inserted first), what is done so
        far is committed and the batch starts over once on a fresh snapshot;
        if it fails again it is left to the next run. One batch never ends
        the run."""
        for attempt in range(ATTEMPTS):
            try:
                with self.env.cr.savepoint():
                    return getattr(records, method)(scope)
            except (TransactionRollbackError, UniqueViolation):
                self.env.invalidate_all()
                self.env["ir.cron"]._commit_progress()
                if attempt + 1 < ATTEMPTS:
                    records = self._safety_lock(records)
        _logger.info(
            "%s: a batch of %d records kept conflicting with other transactions, "
            "left for the next run",
            records._name,
            len(records),
        )
        return 0

    @api.model
    def _safety_lock(self, records):
        """Lock the rows of ``records`` that no user's save holds, and return
        them: a row held by a save is left to the next run (the save keeps
        the plan's activity in step itself). Under repeatable read, a row a
        save changed after this run's snapshot can't be locked: PostgreSQL
        refuses, and the lock is taken again on a fresh snapshot, so the run
        never acts on what it can't see."""
        for _attempt in range(ATTEMPTS):
            try:
                with self.env.cr.savepoint(flush=False):
                    locked = records.try_lock_for_update(allow_referencing=True)
            except TransactionRollbackError:
                # commit what is done: the next attempt reads a fresh snapshot
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

    # review status ---------------------------------------------------------------
    @api.model
    def _safety_status_candidates(self, domain):
        """Active plans whose stored review status the calendar has overtaken."""
        overdue = self._safety_overdue_domain()
        active = Domain("state", "=", "active")
        stale = (overdue & Domain("review_status", "!=", "overdue")) | (
            active & ~overdue & Domain("review_status", "!=", "on_time")
        )
        plans = self.with_context(active_test=False).search(
            Domain(domain or []) & stale, order="id"
        )
        return plans.ids

    def _safety_process_status(self, scope):
        # a recomputation creates nothing: running it twice is harmless
        self.env.add_to_compute(self._fields["review_status"], self)
        self.flush_recordset(["review_status"])
        return len(self)

    # review activities ---------------------------------------------------------
    @api.model
    def _safety_review_candidates(self, scope):
        """Plans whose review activity is missing, duplicated, late to follow
        the plan (due date, assignee) or left on a plan that is no longer
        active."""
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

    def _safety_process_reviews(self, scope):
        return self._safety_sync_reviews()

    def _safety_sync_reviews(self):
        """Give each plan of ``self`` exactly one open review activity when it
        is active (assigned to its advocate, due on its next review date) and
        none otherwise. Returns the
        number of activities created, changed or removed."""
        if not self:
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
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", review_type.id),
            ],
            order="id",
        )
        by_plan = existing.grouped("res_id")
        members = self.advocate_id.filtered(lambda user: user._is_safety_member())
        to_unlink, to_create, kept = Activity, self.browse(), {}
        reassign = defaultdict(lambda: Activity)
        for plan in self:
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
        model_id = self.env["ir.model"]._get_id(self._name)
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
        for plan in self:
            if plan.review_activity_id != kept.get(plan, Activity):
                plan.review_activity_id = kept.get(plan, False)
        return changed + len(created)

    # escalation --------------------------------------------------------------
    @api.model
    def _safety_escalation_candidates(self, scope, ids=None):
        """Active plans whose review is overdue by more than the Settings'
        threshold and whose supervisors were not told of this review yet."""
        days = self._get_reminder_days("review_escalation")
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

    def _safety_process_escalations(self, scope):
        """Tell the supervisors of their companies, in one message each, about
        the plans of this batch whose review is long overdue. Plans stay
        candidates while no supervisor could be told."""
        overdue = self.browse(self._safety_escalation_candidates(scope, self.ids))
        told = self.browse()
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
                plans = overdue.filtered(lambda p, s=supervisor: p.company_id in s.company_ids)
                if plans:
                    plans._safety_notify_overdue(supervisor)
                    told |= plans
        for plan in told:
            plan.escalated_review_date = plan.next_review_date
        return len(told)

    def _safety_notify_overdue(self, supervisor):
        """One inbox message (or e-mail, as the supervisor prefers) listing the
        plans by reference, due date and advocate: no survivor is named."""
        env = self.with_context(lang=supervisor.lang or self.env.lang).env
        plans = self.with_env(env).sorted(lambda p: (p.next_review_date, p.id))
        body = env["ir.qweb"]._render(
            "victim_safety_planning.safety_review_overdue_digest",
            {
                "plans": plans,
                "days": self._get_reminder_days("review_escalation"),
                "today": fields.Date.context_today(self),
                # the public address of Settings, as on cards; Odoo's own
                # address while none is set
                "base_url": self.env["safety.card"]._safety_public_base_url(raise_if_invalid=False)
                or self[:1].get_base_url(),
            },
        )
        env["mail.thread"].message_notify(
            partner_ids=supervisor.partner_id.ids,
            subject=env._("Overdue safety plan reviews"),
            body=body,
            subtype_xmlid="mail.mt_note",
        )

    # reminders -----------------------------------------------------------------
    @api.model
    def _safety_reminder_models(self):
        return sorted(
            name
            for name in self.env.registry.descendants(["safety.expiry.reminder.mixin"], "_inherit")
            if not self.env[name]._abstract
        )
