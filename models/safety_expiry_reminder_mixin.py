from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.misc import format_date


class SafetyExpiryReminderMixin(models.AbstractModel):
    """Plan records with an ``expiry_date`` whose advocate the scheduler
    reminds once per expiry date (doc/architecture.md)."""

    _name = "safety.expiry.reminder.mixin"
    _description = "Safety Planning Expiry Reminders"
    # the lead time's key in Settings (order, consent, card) and the reminder's activity type
    _safety_reminder_kind = None
    _safety_reminder_activity_type = None

    reminded_expiry_date = fields.Date(
        readonly=True,
        copy=False,
        help="The expiry date the advocate was reminded of: one reminder per expiry date.",
    )
    # deleting an activity looks its record up: without it, a scan of every record
    reminder_activity_id = fields.Many2one(
        "mail.activity",
        string="Reminder",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )

    # hooks ------------------------------------------------------------------
    @api.model
    def _safety_reminder_live_sql(self, alias):
        """SQL condition on the row ``alias`` for records that may still be
        reminded (e.g. not revoked)."""
        return SQL("TRUE")

    def _safety_reminder_summary(self):
        """The reminder's one-line summary, in the advocate's language; it
        names no survivor, only the record."""
        raise NotImplementedError

    # expiry state -----------------------------------------------------------
    def _safety_expiry_state(self):
        """active, expiring (inside the reminder window) or expired, from the
        expiry date; a record without one never expires."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if not self.expiry_date or self.expiry_date > self._safety_expiry_limit(today):
            return "active"
        return "expired" if self.expiry_date < today else "expiring"

    @api.model
    def _safety_expiry_state_domains(self):
        """The domains of ``_safety_expiry_state``'s values, for searches."""
        today = fields.Date.context_today(self)
        limit = self._safety_expiry_limit(today)
        return {
            "active": Domain("expiry_date", "=", False) | Domain("expiry_date", ">", limit),
            "expiring": Domain("expiry_date", ">=", today) & Domain("expiry_date", "<=", limit),
            "expired": Domain("expiry_date", "<", today),
        }

    @api.model
    def _safety_expiry_limit(self, today):
        days = self.env["safety.plan"]._get_reminder_days(self._safety_reminder_kind)
        return fields.Date.add(today, days=days)

    # helpers ----------------------------------------------------------------
    def _safety_format_expiry(self):
        self.ensure_one()
        return format_date(self.env, self.expiry_date)

    @api.model
    def _safety_reminder_actions(self, scope_sql, ids=None):
        """Rows (id, withdraw, remind) of the records whose reminder must be
        withdrawn or written, in one query (run again on each locked batch)."""
        today = fields.Date.context_today(self)
        live = SQL(
            "(%s AND p.state = 'active' AND p.active)",
            self._safety_reminder_live_sql(SQL.identifier("r")),
        )
        withdraw = SQL(
            """(a.id IS NOT NULL
                AND (NOT %s OR r.expiry_date IS DISTINCT FROM r.reminded_expiry_date))""",
            live,
        )
        remind = SQL(
            """(%s AND r.expiry_date BETWEEN %s AND %s
                AND r.reminded_expiry_date IS DISTINCT FROM r.expiry_date)""",
            live,
            today,
            self._safety_expiry_limit(today),
        )
        return self.env.execute_query(
            SQL(
                """
                SELECT r.id, %(withdraw)s, %(remind)s
                  FROM %(table)s r
                  JOIN safety_plan p ON p.id = r.plan_id
             LEFT JOIN mail_activity a ON a.id = r.reminder_activity_id AND a.active
                 WHERE r.plan_id IN (%(scope)s) %(id_filter)s AND (%(withdraw)s OR %(remind)s)
              ORDER BY r.id
                """,
                withdraw=withdraw,
                remind=remind,
                table=SQL.identifier(self._table),
                scope=scope_sql,
                id_filter=SQL("AND r.id IN %s", tuple(ids)) if ids else SQL(),
            )
        )

    def _safety_process_reminders(self, scope_sql):
        """Handle a locked batch: withdraw stale reminders, create due ones."""
        rows = {row[0]: row[1:] for row in self._safety_reminder_actions(scope_sql, self.ids)}
        withdraw = self.filtered(lambda r: rows.get(r.id, (False, False))[0])
        remind = self.filtered(lambda r: rows.get(r.id, (False, False))[1])
        withdraw.reminder_activity_id.unlink()
        # assignees must be safety members (mail.activity checks it); a plan
        # left with a former advocate waits for its supervisor to reassign it
        remind = remind.filtered(lambda r: r.plan_id.advocate_id._is_safety_member())
        activity_type = self.env.ref(self._safety_reminder_activity_type)
        model_id = self.env["ir.model"]._get_id("safety.plan")
        activities = (
            self.env["mail.activity"]
            .with_context(
                mail_activity_quick_update=True,
                tracking_disable=True,
                safety_scheduler_activity=True,
            )
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": record.plan_id.id,
                        "activity_type_id": activity_type.id,
                        "summary": record.with_context(
                            lang=record.plan_id.advocate_id.lang or self.env.lang
                        )._safety_reminder_summary(),
                        "date_deadline": record.expiry_date,
                        "user_id": record.plan_id.advocate_id.id,
                    }
                    for record in remind
                ]
            )
        )
        created = dict(zip(remind, activities, strict=True))
        for record, activity in created.items():
            record.write(
                {"reminder_activity_id": activity.id, "reminded_expiry_date": record.expiry_date}
            )
        (withdraw - remind).write({"reminder_activity_id": False})
        return len(created) + len(withdraw)
