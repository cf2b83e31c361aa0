from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestProtectiveOrder(SafetyCommon):
    def _order(self, **vals):
        return (
            self.env["safety.protective.order"]
            .with_user(self.advocate)
            .create({"plan_id": self.plan.id, "issue_date": date(2026, 1, 5), **vals})
        )

    @freeze_time("2026-05-04")
    def test_state_from_expiry_date(self):
        orders = {
            "never": self._order(order_type="final"),
            "in_15_days": self._order(expiry_date=date(2026, 5, 19)),
            "in_14_days": self._order(expiry_date=date(2026, 5, 18)),
            "today": self._order(expiry_date=date(2026, 5, 4)),
            "yesterday": self._order(expiry_date=date(2026, 5, 3)),
        }
        expected = {
            "never": "active",
            "in_15_days": "active",
            "in_14_days": "expiring",
            "today": "expiring",
            "yesterday": "expired",
        }
        self.assertEqual({key: order.state for key, order in orders.items()}, expected)
        self.assertEqual(set(self.plan.protective_order_ids.ids), {o.id for o in orders.values()})

        Order = self.env["safety.protective.order"].with_user(self.advocate)
        ids = [order.id for order in orders.values()]

        def found(domain):
            records = Order.search([("id", "in", ids), *domain])
            return {key for key, order in orders.items() if order in records}

        self.assertEqual(found([("state", "in", ["active"])]), {"never", "in_15_days"})
        self.assertEqual(found([("state", "in", ["expiring"])]), {"in_14_days", "today"})
        self.assertEqual(found([("state", "in", ["expired"])]), {"yesterday"})
        self.assertEqual(
            found([("state", "in", ["expiring", "expired"])]), {"in_14_days", "today", "yesterday"}
        )
        self.assertEqual(found([("state", "=", "expired")]), {"yesterday"})
        self.assertEqual(found([("state", "!=", "active")]), {"in_14_days", "today", "yesterday"})

        # the lead time is the order reminder of Settings
        self.env["ir.config_parameter"].set_param("victim_safety_planning.order_reminder_days", 3)
        self.env.invalidate_all()
        self.assertEqual(orders["in_14_days"].state, "active")
        self.assertEqual(found([("state", "in", ["expiring"])]), {"today"})

    @freeze_time("2026-05-04")
    def test_bad_dates(self):
        with self.assertRaisesRegex(
            ValidationError, "Expiry Date 01/04/2026 is before the Issue Date"
        ):
            self._order(expiry_date=date(2026, 1, 4))
        with self.assertRaisesRegex(ValidationError, "Issue Date 05/05/2026 is in the future"):
            self._order(issue_date=date(2026, 5, 5))
        order = self._order(issue_date=date(2026, 5, 4), expiry_date=date(2026, 5, 4))
        with self.assertRaisesRegex(ValidationError, "Expiry Date"):
            order.expiry_date = date(2026, 5, 1)

    def test_display_name_masked_for_outsider(self):
        order = self._order(order_type="temporary", case_number="CV-77")
        self.assertEqual(order.display_name, "Temporary order CV-77")
        self.assertEqual(order.with_user(self.outsider).sudo().display_name, "Confidential")
        self.assertEqual(self._order(order_type="final").display_name, "Final order")

    def test_access(self):
        order = self._order(
            case_number="CV-88", respondent_name="Kyle Marsh", conditions="Stay 100 yards away"
        )
        Outsider = self.env["safety.protective.order"].with_user(self.outsider)
        with self.assertRaises(AccessError):
            order.with_user(self.outsider).read(["issue_date"])
        with self.assertRaises(AccessError):
            Outsider.search([])
        with self.assertRaises(AccessError):
            Outsider.create({"plan_id": self.plan.id, "issue_date": date(2026, 1, 5)})
        with self.assertRaises(AccessError):
            Outsider.formatted_read_group([], ["court"], ["__count"])
        outsider_fields = Outsider.fields_get()
        for name in ("case_number", "respondent_name", "conditions"):
            self.assertNotIn(name, outsider_fields)
        # another team's advocate: the answer of an order that does not exist
        self.assertEqual(order.with_user(self.advocate_other).read(["issue_date"]), [])
        self.assertFalse(
            self.env["safety.protective.order"].with_user(self.advocate_other).search([])
        )
        with self.assertRaises(AccessError):
            self.env["safety.protective.order"].with_user(self.advocate_other).create(
                {"plan_id": self.plan.id, "issue_date": date(2026, 1, 5)}
            )
        # supervisors read, advocates don't delete, managers do
        self.assertEqual(
            order.with_user(self.supervisor).read(["case_number"])[0]["case_number"], "CV-88"
        )
        with self.assertRaises(AccessError):
            order.with_user(self.advocate).unlink()
        order.with_user(self.manager).unlink()
        self.assertFalse(order.exists())

    def test_order_with_incidents_is_kept(self):
        order = self._order()
        self.env["safety.incident"].with_user(self.advocate).create(
            {"plan_id": self.plan.id, "kind": "order_violation", "protective_order_id": order.id}
        )
        # no savepoint: a row deleted before the check would stay deleted
        self.assertRaisesInTransaction(
            UserError, order.with_user(self.manager).unlink, "Incidents are recorded"
        )
        self.assertTrue(order.exists())
