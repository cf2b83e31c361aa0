from datetime import timedelta

import psycopg2

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
        if not self.env.context.get("safety_access_log_write"):
            raise UserError(self.env._("Access log entries are written by the system only."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        # append-only by design: no path may change an entry
        raise UserError(self.env._("The access log is append-only: entries cannot be changed."))

    def unlink(self):
        if not self.env.context.get("safety_access_log_purge"):
            raise UserError(
                self.env._(
                    "The access log is append-only: entries are only removed by "
                    "the retention purge configured in Settings."
                )
            )
        return super().unlink()

    @api.model
    def _log(self, records, action):
        if not records:
            return self.browse()
        if self.env.cr.readonly:
            # a read-only route (/web/content) served a survivor's file: ask the
            # HTTP layer to replay the request in a read/write transaction, so
            # that the download is never served without its log line
            raise psycopg2.errors.ReadOnlySqlTransaction(
                "Safety Planning access log needs a read/write transaction"
            )
        now = fields.Datetime.now()
        user = self.env.user
        company_id = self.env.company.id
        # sudo: logging must work for every reader, including those who may not
        # create log entries themselves; values are ids only
        return (
            self.sudo()
            .with_context(safety_access_log_write=True)
            .create(
                [
                    {
                        "timestamp": now,
                        "user_id": user.id,
                        "model": records._name,
                        "res_id": record_id,
                        "action": action,
                        "company_id": company_id,
                    }
                    for record_id in records.ids
                ]
            )
        )

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
            old = self.sudo().search([("timestamp", "<", limit)], limit=batch)
            if not old:
                break
            old.with_context(safety_access_log_purge=True).unlink()
            if self.env.context.get("ir_cron_progress_id"):
                self.env["ir.cron"]._commit_progress(len(old))
