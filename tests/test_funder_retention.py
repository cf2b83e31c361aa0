from datetime import date

from odoo.tests import tagged

from .funder_common import FunderCommon


@tagged("post_install", "-at_install")
class TestFunderRetention(FunderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(
            "victim_safety_planning.fiscal_year_start_month", "10"
        )
        cls.env["ir.config_parameter"].set_param("victim_safety_planning.retention_months", "6")
        cls.env.user.tz = "UTC"
        cls._build_fiscal_year()
        cls.plans = cls.p1 | cls.p2 | cls.p3 | cls.p4 | cls.p5
        cls.plans.write({"state": "closed"})
        cls.plans.write({"closed_date": date(2026, 4, 1)})
        cls.p1.service_ids[:1].notes = "Amélie was at her sister's"
        # a contact of P5 that led to an intake: its notes go with the file
        cls.call = cls.env["safety.hotline.call"].create(
            {"channel": "phone", "has_intake_consent": True, "caller_name": "José Núñez"}
        )
        cls.call.write(
            {
                "survivor_id": cls.p5.survivor_id.id,
                "caller_name": False,
                "is_anonymous": False,
                "notes": "José called from a payphone",
            }
        )

    def test_same_figures_after_the_purge(self):
        Retention = self.env["safety.retention"]
        reports = [self._report(2026, q) for q in (1, 2, 3, 4)] + [self._report(2027, 1)]
        submitted = reports[0]
        submitted.action_submit()
        before = [report._pmt_figures() for report in reports]
        # P3 is served in FY2027 Q1, its plan kept under legal hold
        self.p3.is_legal_hold = True
        self.assertEqual(
            Retention._retention_candidates().ids,
            (self.p1 | self.p2 | self.p4 | self.p5).survivor_id.sorted("id").ids,
        )
        preview = Retention.action_preview()
        self.assertEqual(len(self.env["safety.survivor"].search(preview["domain"])), 4)
        keys = (self.p1 | self.p5).survivor_id.mapped("person_key")
        survivor_ids = (self.p1 | self.p2 | self.p4 | self.p5).survivor_id.ids
        Retention._purge(Retention._retention_candidates())
        self.env.invalidate_all()
        self.assertFalse(self.env["safety.survivor"].browse(survivor_ids).exists())
        self.assertTrue(self.p3.exists())
        after = [report._pmt_figures() for report in reports]
        self.assertEqual(after, before)
        services = self.env["safety.service"].search([("person_key", "in", keys)])
        self.assertEqual(len(services), 4)  # P1's two, P5's two
        self.assertTrue(all(services.mapped("is_deidentified")))
        self.assertFalse(any(services.mapped("notes")))
        self.assertFalse(services.survivor_id)
        self.assertFalse(services.plan_id)
        self.assertFalse(self.call.notes)
        self.assertFalse(self.call.is_anonymous)
        logs = self.env["safety.access.log"].search(
            [
                ("model", "=", "safety.survivor"),
                ("res_id", "in", survivor_ids),
                ("action", "=", "erase"),
            ]
        )
        self.assertEqual(len(logs), 4)
        # nothing left to purge; a second run changes nothing
        self.assertFalse(Retention._retention_candidates())

    def test_off_by_default_and_open_plans_kept(self):
        self.env["ir.config_parameter"].set_param("victim_safety_planning.retention_months", "0")
        self.assertFalse(self.env["safety.retention"]._retention_candidates())
        self.env["ir.config_parameter"].set_param("victim_safety_planning.retention_months", "6")
        self.p1.state = "draft"
        self.assertNotIn(self.p1.survivor_id, self.env["safety.retention"]._retention_candidates())
