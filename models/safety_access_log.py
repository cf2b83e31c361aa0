from collections import defaultdict
from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

ACTIONS = [
    ("open", "Opened"),
    ("read", "Read through the API"),
    ("export", "Exported"),
    ("print", "Printed"),
    ("download", "Downloaded"),
    ("write", "Changed"),
    ("scan", "Card scanned"),
    ("erase", "Erased"),
    ("send", "Sent to another organisation"),
    ("grant", "Safety Planning access given"),
]

# What counts as looking at a survivor's file for the curiosity alert (a card
# scan is the card holder's, an erasure is a manager's decision).
CURIOSITY_ACTIONS = ("open", "read", "export", "print", "download", "write")
CURIOSITY_PARAM = "victim_safety_planning.curiosity_alert"
CURIOSITY_THRESHOLD_PARAM = "victim_safety_planning.curiosity_threshold"
CURIOSITY_DONE_PARAM = "victim_safety_planning.curiosity_last_day"
DEFAULT_CURIOSITY_THRESHOLD = 20
# days a late curiosity run still looks back at (a server that was down)
CURIOSITY_CATCH_UP_DAYS = 7
RETENTION_PARAM = "victim_safety_planning.access_log_retention_days"
DEFAULT_RETENTION_DAYS = 730
PURGE_BATCH = 10000


class SafetyAccessLog(models.Model):
    """Append-only audit trail: who touched which confidential record, when
    and how. Only ids are kept (the record, and the plan and survivor it
    belongs to); no field value is ever copied here. Supervisors see the
    record in words, computed when they read the line."""

    _name = "safety.access.log"
    _description = "Safety Planning Access Log"
    _order = "timestamp desc, id desc"
    _log_access = False

    timestamp = fields.Datetime(string="When", required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="Who", readonly=True, index=True)
    action = fields.Selection(ACTIONS, string="What", required=True, readonly=True)
    model = fields.Selection(
        selection="_selection_model", string="Record Type", required=True, readonly=True
    )
    res_id = fields.Integer(string="Record ID", readonly=True)
    record_display = fields.Char(string="Record", compute="_compute_record_display")
    # ids, not foreign keys: a line costs no lock on the plan or the survivor
    # it names, and keeps their ids once they are erased
    plan_ref = fields.Integer(
        string="Plan ID",
        readonly=True,
        index="btree_not_null",
        help="The plan the record belongs to, when it belongs to one.",
    )
    survivor_ref = fields.Integer(
        string="Survivor ID",
        readonly=True,
        index="btree_not_null",
        help="The survivor whose file the record is part of.",
    )
    plan_id = fields.Many2one("safety.plan", compute="_compute_owners", search="_search_plan_id")
    survivor_id = fields.Many2one(
        "safety.survivor",
        compute="_compute_owners",
        search="_search_survivor_id",
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)

    _record_idx = models.Index("(model, res_id)")

    @api.model
    def _selection_model(self):
        # the record types in the reader's language (ir.model names are
        # translated): "Safety Plan", "Incident", not "safety.plan"
        names = self.env["safety.confidential.mixin"]._safety_confidential_model_names()
        # a user given Safety Planning access (action "grant") is a line too
        names = names | {"res.users"}
        labels = {
            model.model: model.name
            for model in self.env["ir.model"].sudo().search([("model", "in", list(names))])
        }
        return sorted(((name, labels.get(name) or name) for name in names), key=lambda i: i[1])

    @api.depends("model", "res_id")
    @api.depends_context("uid")
    def _compute_record_display(self):
        """The record in words ("Safety Plan SP-0003"), for supervisors only;
        its display name is masked when they may not read it."""
        is_supervisor = self.env.user.has_group("victim_safety_planning.group_safety_supervisor")
        labels = dict(self._fields["model"]._description_selection(self.env))
        placeholder = self.env["safety.confidential.mixin"]._safety_placeholder_name()
        ids_by_model = defaultdict(set)
        for line in self:
            if line.model in self.env and line.res_id:
                ids_by_model[line.model].add(line.res_id)
        names = {}
        if is_supervisor:
            for model_name, ids in ids_by_model.items():
                # display_name masks what the supervisor may not read
                for record in self.env[model_name].browse(ids).exists():
                    names[model_name, record.id] = record.display_name
        for line in self:
            label = labels.get(line.model, line.model or "")
            if not is_supervisor:
                line.record_display = placeholder
            elif (line.model, line.res_id) in names:
                line.record_display = f"{label} {names[line.model, line.res_id]}"
            else:
                line.record_display = self.env._(
                    "%(type)s #%(id)s (no longer exists)", type=label, id=line.res_id
                )

    @api.depends("plan_ref", "survivor_ref")
    def _compute_owners(self):
        """The plan and survivor, while they exist; their names are masked
        for whoever may not read them (the confidential mixin)."""
        plans = self.env["safety.plan"].browse(set(self.mapped("plan_ref")) - {0}).exists()
        survivors = (
            self.env["safety.survivor"].browse(set(self.mapped("survivor_ref")) - {0}).exists()
        )
        for line in self:
            line.plan_id = plans.browse(line.plan_ref) & plans
            line.survivor_id = survivors.browse(line.survivor_ref) & survivors

    def _search_plan_id(self, operator, value):
        return self._search_ref("plan_ref", "safety.plan", operator, value)

    def _search_survivor_id(self, operator, value):
        return self._search_ref("survivor_ref", "safety.survivor", operator, value)

    def _search_ref(self, ref, model_name, operator, value):
        """Lines by plan or survivor: by id, or by name among the records the
        user may read (a name the user can't see finds nothing)."""
        if operator in ("in", "not in"):
            return [(ref, operator, [v for v in value if isinstance(v, int)])]
        if operator in ("any", "not any"):
            found = self.env[model_name]._search(value)
            return [(ref, "in" if operator == "any" else "not in", found)]
        return NotImplemented

    @api.model_create_multi
    def create(self, vals_list):
        # only the server writes entries (_log, with SQL): no access right
        # lets a user create one, and no context lifts this
        if not self.env.su:
            raise UserError(self.env._("Access log entries are written by the system only."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        # append-only by design: no path may change an entry
        raise UserError(self.env._("The access log is append-only: entries cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_purge(self):
        # the retention purge deletes with SQL; nothing else removes entries
        raise UserError(
            self.env._(
                "The access log is append-only: entries are only removed by "
                "the retention purge configured in Settings."
            )
        )

    # writing lines --------------------------------------------------------------
    @api.model
    def _log(self, records, action):
        """One line per record, ids only, in one INSERT (through a transaction
        of its own when the request's is read-only, as core's res.device)."""
        records = records.browse([id_ for id_ in records._ids if isinstance(id_, int)])
        if not records:
            return self.browse()
        if hasattr(records, "_safety_log_select"):
            select = records._safety_log_select()
        else:
            select = SQL("SELECT unnest(%s::int[]), NULL::int, NULL::int, NULL::int", records.ids)
        insert = SQL(
            """
            INSERT INTO safety_access_log
                   (timestamp, user_id, model, action, res_id, company_id, plan_ref, survivor_ref)
            SELECT %(timestamp)s, %(user_id)s, %(model)s, %(action)s, line.*
              FROM (%(select)s) AS line
         RETURNING id
            """,
            timestamp=fields.Datetime.now(),
            user_id=self.env.uid,
            model=records._name,
            action=action,
            select=select,
        )
        if self.env.cr.readonly:
            # as res.device: the read-only transaction has nothing to keep, and
            # ending it lets a read/write one be opened beside it (on the
            # primary when the request is served by a replica)
            self.env.cr.rollback()
            with self.env.registry.cursor(readonly=False) as cr:
                cr.execute(insert)
            return self.browse()
        # one INSERT whatever the number of lines (ids only, never changed)
        self.env.cr.execute(insert)
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    # retention ------------------------------------------------------------------
    @api.autovacuum
    def _gc_access_log(self):
        """Remove lines older than the retention set in Settings (0 keeps
        them forever), in batches: (removed, more to remove)."""
        # a value that isn't a number of days falls back on the default
        days = self.env["safety.plan"]._get_days_setting(
            RETENTION_PARAM, DEFAULT_RETENTION_DAYS, minimum=0
        )
        if days <= 0:
            return 0, 0
        limit = fields.Datetime.now() - timedelta(days=days)
        self.env.cr.execute(
            """
            DELETE FROM safety_access_log WHERE id IN (
                SELECT id FROM safety_access_log WHERE timestamp < %s LIMIT %s)
            """,
            [limit, PURGE_BATCH],
        )
        deleted = self.env.cr.rowcount
        return deleted, int(deleted == PURGE_BATCH)

    # curiosity alert ------------------------------------------------------------
    @api.model
    def _cron_curiosity_alert(self):
        """Tell supervisors, once a day per user, when someone looked at more
        survivors' files in a day (UTC) than the threshold set in Settings.
        Each completed day is looked at once, missed days up to a week back."""
        # sudo: the scheduled action reads and records its own settings
        params = self.env["ir.config_parameter"].sudo()
        if not params.get_param(CURIOSITY_PARAM):
            return
        threshold = self.env["safety.plan"]._get_days_setting(
            CURIOSITY_THRESHOLD_PARAM, DEFAULT_CURIOSITY_THRESHOLD, minimum=1
        )
        yesterday = fields.Date.today() - timedelta(days=1)
        first = yesterday - timedelta(days=CURIOSITY_CATCH_UP_DAYS - 1)
        done = fields.Date.to_date(params.get_param(CURIOSITY_DONE_PARAM) or None)
        if done:
            first = max(first, done + timedelta(days=1))
        day = first
        while day <= yesterday:
            self._safety_curiosity_day(day, threshold)
            params.set_param(CURIOSITY_DONE_PARAM, fields.Date.to_string(day))
            if self.env.context.get("ir_cron_progress_id"):
                # each day told is kept, whatever happens to the next one
                self.env["ir.cron"]._commit_progress(1)
            day += timedelta(days=1)

    @api.model
    def _safety_curiosity_day(self, day, threshold):
        """One message per supervisor and user whose count of distinct
        survivors looked at on ``day``, in the supervisor's companies, is
        above ``threshold``. The message gives counts, never survivors."""
        start = datetime.combine(day, time.min)
        counts = defaultdict(lambda: defaultdict(int))  # (user, company) -> action -> survivors
        totals = defaultdict(int)  # (user, company) -> survivors
        domain = [
            ("timestamp", ">=", start),
            ("timestamp", "<", start + timedelta(days=1)),
            ("action", "in", CURIOSITY_ACTIONS),
            ("survivor_ref", "!=", False),
        ]
        # sudo: the cron counts every line; nothing but counts leaves here
        Log = self.sudo()
        for user, company, survivors in Log._read_group(
            domain, ["user_id", "company_id"], ["survivor_ref:count_distinct"]
        ):
            totals[user, company] = survivors
        if not any(total > threshold for total in totals.values()):
            return
        for user, company, action, survivors in Log._read_group(
            domain, ["user_id", "company_id", "action"], ["survivor_ref:count_distinct"]
        ):
            counts[user, company][action] = survivors
        supervisors = self.env["res.users"].search(
            [
                (
                    "all_group_ids",
                    "in",
                    self.env.ref("victim_safety_planning.group_safety_supervisor").ids,
                ),
                ("share", "=", False),
            ]
        )
        users = self.env["res.users"].browse({user.id for user, _company in totals})
        for supervisor in supervisors:
            for user in users - supervisor:
                keys = [(user, company) for company in supervisor.company_ids]
                # a survivor belongs to one company: the sums count each once
                total = sum(totals.get(key, 0) for key in keys)
                if total <= threshold:
                    continue
                by_action = defaultdict(int)
                for key in keys:
                    for action, survivors in counts[key].items():
                        by_action[action] += survivors
                self._safety_notify_curiosity(supervisor, user, day, total, threshold, by_action)

    @api.model
    def _safety_notify_curiosity(self, supervisor, user, day, total, threshold, by_action):
        env = self.with_context(lang=supervisor.lang or self.env.lang).env
        labels = dict(self._fields["action"]._description_selection(env))
        details = ", ".join(
            env._("%(action)s: %(count)s", action=labels[action], count=by_action[action])
            for action, _label in ACTIONS
            if by_action.get(action)
        )
        text = env._(
            "On %(day)s, %(user)s looked at the files of %(count)s survivors, more than "
            "the %(threshold)s set in Settings (%(details)s). Their Access Log shows "
            "which; a busy day may have a good reason: ask them before anything else.",
            day=format_date(env, day),
            user=user.name,
            count=total,
            threshold=threshold,
            details=details,
        )
        env["mail.thread"].message_notify(
            partner_ids=supervisor.partner_id.ids,
            subject=env._("Unusual number of survivors' files opened"),
            body=Markup("<p>%s</p>") % text,
            subtype_xmlid="mail.mt_note",
        )
