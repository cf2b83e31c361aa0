"""Purges: @api.autovacuum methods that work in batches and never crash on
a retention setting someone typed by hand."""

from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from odoo.addons.victim_safety_planning.models import safety_access_log, safety_card_scan

from .common import SafetyCommon

RETENTION_PARAM = "victim_safety_planning.access_log_retention_days"


@tagged("post_install", "-at_install")
class TestHousekeeping(SafetyCommon):
    def _age_log_lines(self, lines, days):
        self.env.cr.execute(
            "UPDATE safety_access_log SET timestamp = now() - %s * interval '1 day' WHERE id IN %s",
            [days, tuple(lines.ids)],
        )
        lines.invalidate_recordset()

    def test_purges_are_autovacuum_methods(self):
        for model, method in (
            ("safety.access.log", "_gc_access_log"),
            ("safety.card.scan", "_gc_card_scans"),
        ):
            with self.subTest(model=model):
                self.assertTrue(getattr(type(self.env[model]), method)._autovacuum)
        crons = (
            self.env["ir.cron"]
            .with_context(active_test=False)
            .search([("model_id.model", "in", ["safety.access.log", "safety.card.scan"])])
        )
        self.assertFalse(crons.filtered(lambda c: "purge" in (c.code or "")))

    def test_bad_retention_setting_falls_back_on_the_default(self):
        """A retention typed by hand in the system parameters (a word, a
        negative or a huge number) neither crashes the purge nor erases the
        log: the default applies."""
        Log = self.env["safety.access.log"]
        for value in ("two years", "-5", "99999999999999", "1e3", ""):
            with self.subTest(value=value):
                old = Log._log(self.plan, "read")
                recent = Log._log(self.plan, "read")
                self._age_log_lines(old, safety_access_log.DEFAULT_RETENTION_DAYS + 1)
                self._age_log_lines(recent, safety_access_log.DEFAULT_RETENTION_DAYS - 1)
                self.env["ir.config_parameter"].set_param(RETENTION_PARAM, value)
                self.assertEqual(Log._gc_access_log(), (1, 0))
                self.assertFalse(old.exists())
                self.assertTrue(recent.exists())

    def test_access_log_purge_works_in_batches(self):
        Log = self.env["safety.access.log"]
        lines = Log.browse()
        for _index in range(5):
            lines |= Log._log(self.plan, "read")
        self._age_log_lines(lines, 800)
        with patch.object(safety_access_log, "PURGE_BATCH", 2):
            self.assertEqual(Log._gc_access_log(), (2, 1), "more to remove: called again")
            self.assertEqual(Log._gc_access_log(), (2, 1))
            self.assertEqual(Log._gc_access_log(), (1, 0))
        self.assertFalse(lines.exists())


@tagged("post_install", "-at_install")
class TestCardScanPurge(TransactionCase):
    def test_card_requests_are_forgotten_after_a_day_in_batches(self):
        Scan = self.env["safety.card.scan"]
        old = Scan.create([{"client_hash": f"old-{index}"} for index in range(3)])
        recent = Scan.create({"client_hash": "recent"})
        self.env.cr.execute(
            "UPDATE safety_card_scan SET scanned_at = now() - interval '25 hours' WHERE id IN %s",
            [tuple(old.ids)],
        )
        with patch.object(safety_card_scan, "PURGE_BATCH", 2):
            self.assertEqual(Scan._gc_card_scans(), (2, 1))
            self.assertEqual(Scan._gc_card_scans(), (1, 0))
        Scan.invalidate_model()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
