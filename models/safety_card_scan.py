from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

SCANS_PER_MINUTE = 20
# rows removed per autovacuum call: the vacuum calls again while more remain
PURGE_BATCH = 10000


class SafetyCardScan(models.Model):
    """One row per verification request, keyed by a hash of the client
    address, to rate-limit token guessing across workers."""

    _name = "safety.card.scan"
    _description = "Safety Card Verification Request"
    _order = "id desc"
    _log_access = False

    client_hash = fields.Char(required=True, index=True)
    scanned_at = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _register_request(self, client_hash):
        """Count a request of the client and return True, or return False
        without writing anything when the client is over the limit (a
        refused request does not push the client's next minute further)."""
        # one client's requests are counted one at a time, across workers
        self.env.cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                f"safety.card.scan:{client_hash}",
            )
        )
        since = fields.Datetime.now() - timedelta(minutes=1)
        recent = self.search_count([("client_hash", "=", client_hash), ("scanned_at", ">=", since)])
        if recent >= SCANS_PER_MINUTE:
            return False
        self.create({"client_hash": client_hash})
        return True

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
