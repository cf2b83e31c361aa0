from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

ACTIONS = [
    ("read", "Read"),
    ("write", "Write"),
    ("export", "Export"),
    ("print", "Print"),
    ("download", "Download"),
    ("scan", "Card scan"),
    ("erase", "Erase"),
]


class SafetyAccessLog(models.Model):
    """Append-only audit trail: who touched which confidential record, when
    and how. No field value is ever copied here."""

    _name = "safety.access.log"
    _description = "Safety Planning Access Log"
    _order = "timestamp desc, id desc"
    _log_access = False

    timestamp = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", string="User", readonly=True, index=True)
    model = fields.Char(required=True, readonly=True, index=True)
    res_id = fields.Integer(string="Record ID", readonly=True, index=True)
    action = fields.Selection(ACTIONS, required=True, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        # only the server writes entries (through _log, as superuser): no
        # access right lets a user create one, and no context lifts this
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

    @api.model
    def _log(self, records, action):
        """One line per record of ``records``, with the record's company and
        no values. A read-only request (a download, possibly served by a read
        replica) writes its lines through a short read/write transaction of
        its own, as core's res.device does, instead of being replayed."""
        if not records:
            return self.browse()
        now = fields.Datetime.now()
        with_company = "company_id" in records._fields
        # sudo: the record's company files the line, whoever reads it
        vals_list = [
            {
                "timestamp": now,
                "user_id": self.env.uid,
                "model": records._name,
                "res_id": record.id,
                "action": action,
                "company_id": record.sudo().company_id.id if with_company else False,
            }
            for record in records
        ]
        if self.env.cr.readonly:
            # as res.device: the read-only transaction has nothing to keep, and
            # ending it lets a read/write one be opened beside it
            self.env.cr.rollback()
            with self.env.registry.cursor(readonly=False) as cr:
                # sudo: logging works for every reader, ids only
                self.with_env(self.env(cr=cr, su=True)).create(vals_list)
            return self.browse()
        # sudo: logging works for every reader, ids only
        return self.sudo().create(vals_list)

    @api.model
    def _cron_purge(self):
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("victim_safety_planning.access_log_retention_days", 730)
        )
        if days <= 0:
            return
        limit = fields.Datetime.now() - timedelta(days=days)
        batch = 10000
        while True:
            self.env.cr.execute(
                """
                DELETE FROM safety_access_log WHERE id IN (
                    SELECT id FROM safety_access_log WHERE timestamp < %s LIMIT %s)
                """,
                [limit, batch],
            )
            deleted = self.env.cr.rowcount
            if not deleted:
                break
            if self.env.context.get("ir_cron_progress_id"):
                self.env["ir.cron"]._commit_progress(deleted)
