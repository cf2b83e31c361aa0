from datetime import timedelta

from odoo import api, fields, models, sql_db
from odoo.tools import SQL

SCANS_PER_MINUTE = 20
# rows removed per autovacuum call: the vacuum calls again while more remain
PURGE_BATCH = 10000


class SafetyCardScan(models.Model):
    """One counter per client address (a hash of it) and minute, to
    rate-limit token guessing across workers: the checks a client made since
    ``scanned_at``, the start of its current minute."""

    _name = "safety.card.scan"
    _description = "Safety Card Verification Requests"
    _order = "id desc"
    _log_access = False

    client_hash = fields.Char(required=True)
    scanned_at = fields.Datetime(
        string="Minute Started", required=True, index=True, default=fields.Datetime.now
    )
    request_count = fields.Integer(string="Checks", required=True, default=1)

    _client_hash_uniq = models.Constraint(
        "UNIQUE(client_hash)", "A client address has one verification counter."
    )

    def init(self):
        # rows of the first version held one row per request: keep the
        # newest per client so that the counter's unique key can be set
        self.env.cr.execute(
            SQL(
                """DELETE FROM safety_card_scan s USING safety_card_scan newer
                    WHERE newer.client_hash = s.client_hash AND newer.id > s.id"""
            )
        )
        # the unique key indexes the client: its former index is redundant
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS safety_card_scan__client_hash_index"))

    @api.model
    def _register_request(self, client_hash):
        """Count a check of the client: False once it made its checks for this
        minute. One upsert in a transaction of its own, so that parallel
        requests can't let one more through."""
        with self.env.registry.cursor() as cr:
            if isinstance(cr, sql_db.Cursor):
                # not a test cursor wrapping a test's transaction: a new one
                cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
            return self._register_request_on(cr, client_hash)

    @api.model
    def _register_request_on(self, cr, client_hash):
        now = fields.Datetime.now()
        cr.execute(
            SQL(
                """INSERT INTO safety_card_scan AS s (client_hash, scanned_at, request_count)
                   VALUES (%(client)s, %(now)s, 1)
              ON CONFLICT (client_hash) DO UPDATE
                      SET scanned_at = CASE WHEN s.scanned_at <= %(expired)s
                                            THEN %(now)s ELSE s.scanned_at END,
                          request_count = CASE WHEN s.scanned_at <= %(expired)s
                                               THEN 1 ELSE s.request_count + 1 END
                    WHERE s.scanned_at <= %(expired)s OR s.request_count < %(limit)s
                RETURNING s.request_count""",
                client=client_hash,
                now=now,
                expired=now - timedelta(minutes=1),
                limit=SCANS_PER_MINUTE,
            )
        )
        return bool(cr.fetchone())

    @api.autovacuum
    def _gc_card_scans(self):
        """Forget requests older than a day (the limit looks back a minute),
        in batches: (removed, more to remove)."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM safety_card_scan WHERE id IN "
                "(SELECT id FROM safety_card_scan WHERE scanned_at < %s LIMIT %s)",
                fields.Datetime.now() - timedelta(days=1),
                PURGE_BATCH,
            )
        )
        removed = self.env.cr.rowcount
        return removed, int(removed == PURGE_BATCH)
