from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

RETENTION_MONTHS_PARAM = "victim_safety_planning.retention_months"
BATCH_SIZE = 200


class SafetyRetention(models.AbstractModel):
    """Retention: the files of survivors whose plans were all closed more
    than N months ago (Settings; 0 keeps everything) are purged in batches:
    narratives, notes, attachments, messages, contact details and identity go,
    each service stays as a de-identified row (doc/funder-reports.md)."""

    _name = "safety.retention"
    _description = "Safety Planning Retention"

    @api.model
    def _retention_months(self):
        # sudo: Settings are read for every user the setting applies to
        value = self.env["ir.config_parameter"].sudo().get_param(RETENTION_MONTHS_PARAM, 0)
        try:
            value = int(value)
        except (TypeError, ValueError):
            return 0
        return value if 0 < value <= 1200 else 0

    @api.model
    def _retention_candidates(self, limit=None):
        """Survivors with at least one plan, every plan closed before the
        cut-off, none on legal hold."""
        months = self._retention_months()
        Survivor = self.env["safety.survivor"].sudo().with_context(active_test=False)
        if not months:
            return Survivor
        cutoff = fields.Date.context_today(self) - relativedelta(months=months)
        Plan = self.env["safety.plan"].sudo().with_context(active_test=False)
        kept = Plan._search(
            [
                "|",
                "|",
                ("state", "!=", "closed"),
                ("closed_date", ">=", cutoff),
                ("is_legal_hold", "=", True),
            ]
        )
        return Survivor.search(
            [("has_plan", "=", True), ("plan_ids", "not any", [("id", "in", kept)])],
            limit=limit,
            order="id",
        )

    @api.model
    def action_preview(self):
        """What the next purge would remove, for a manager."""
        if not self.env.user.has_group("victim_safety_planning.group_safety_manager"):
            raise AccessError(
                self.env._("Only Safety Planning managers see the retention preview.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Files the retention purge would remove"),
            "res_model": "safety.survivor",
            "view_mode": "list",
            "domain": [("id", "in", self._retention_candidates().ids)],
            "context": {"active_test": False},
        }

    @api.model
    def _cron_retention_purge(self):
        Cron = self.env["ir.cron"]
        while True:
            survivors = self._retention_candidates(limit=BATCH_SIZE)
            if not survivors:
                return
            self._purge(survivors)
            remaining = len(self._retention_candidates())
            if not Cron._commit_progress(len(survivors), remaining=remaining):
                return

    @api.model
    def _purge(self, survivors):
        """Purge ``survivors``' files; their services stay de-identified.
        Each purge is a line of the access history ("erase")."""
        # sudo: runs as the cron or after the manager check of the preview;
        # a purge must reach every record of the file whatever the rules
        Wizard = self.env["safety.erase.wizard"].sudo()
        for survivor in survivors.sudo():
            Wizard.create({"survivor_id": survivor.id, "confirmation": "ERASE"}).action_erase()
        return True
