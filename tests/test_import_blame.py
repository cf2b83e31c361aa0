import csv
import io

from odoo.tests import HttpCase, new_test_user, tagged

from .common import json_call

OPTIONS = {"quoting": '"', "separator": ",", "has_headers": True, "encoding": "utf-8"}


@tagged("post_install", "-at_install")
class TestImportBlame(HttpCase):
    """A plan import with good and bad rows, over JSON-RPC as the Import
    button sends it: each bad row is reported with its line and field, the
    good rows are never blamed, and impossible dates are reported per line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.advocate = new_test_user(
            cls.env, login="blame_advocate", groups="victim_safety_planning.group_safety_advocate"
        )
        Survivor = cls.env["safety.survivor"].with_user(cls.advocate)
        cls.survivors = Survivor.create(
            [{"name": "Amélie Durand"}, {"name": "Ольга Петрова"}, {"name": "فاطمة الزهراء"}]
        )

    def setUp(self):
        super().setUp()
        self.authenticate("blame_advocate", "blame_advocate")

    def _import(self, header, rows):
        data = io.StringIO()
        csv.writer(data).writerows([header, *rows])
        # the Import button uploads the file through its own route, then calls
        # execute_import over JSON-RPC
        wizard_id = (
            self.env["base_import.import"]
            .with_user(self.advocate)
            .create(
                {
                    "res_model": "safety.plan",
                    "file": data.getvalue().encode(),
                    "file_type": "text/csv",
                    "file_name": "plans.csv",
                }
            )
            .id
        )
        answer = json_call(
            self,
            "base_import.import",
            "execute_import",
            [[wizard_id], header, header, OPTIONS],
            muted=["odoo.sql_db"],
        )
        return answer["result"]

    def _errors(self, result):
        return sorted(
            (message["record"], message.get("field"))
            for message in result["messages"]
            if message["type"] == "error"
        )

    def test_bad_rows_are_named_good_rows_are_not(self):
        header = ["survivor_id", "situation_type", "review_interval_days"]
        a, b, c = self.survivors.mapped("name")
        rows = [[a, "stalking", ""], [b, "volcano", ""], [c, "stalking", "0"]]
        result = self._import(header, rows)
        self.assertEqual(self._errors(result), [(1, "situation_type"), (2, "review_interval_days")])
        for message in result["messages"]:
            self.assertNotIn("set by Odoo", message["message"], "a good row blamed")
        self.assertFalse(
            self.env["safety.plan"].search([("survivor_id", "in", self.survivors.ids)])
        )
        # the good row alone goes in
        result = self._import(header, rows[:1])
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 1)

    def test_impossible_dates_reported_per_line(self):
        header = ["survivor_id", "last_review_date"]
        a, b, c = self.survivors.mapped("name")
        rows = [[a, "2025-02-30"], [b, "2025-01-15"], [c, "2025-13-01"]]
        result = self._import(header, rows)
        self.assertEqual(
            [record for record, _field in self._errors(result)], [0, 2], result["messages"]
        )
        self.assertFalse(
            self.env["safety.plan"].search([("survivor_id", "in", self.survivors.ids)])
        )

    def test_create_does_not_change_the_caller_s_values(self):
        Plan = self.env["safety.plan"].with_user(self.advocate)
        vals = {"survivor_id": self.survivors[0].id, "review_interval_days": False}
        before = dict(vals)
        Plan.create([vals])
        self.assertEqual(vals, before)
        contact_vals = {"name": "Brother", "phone_national": "+1 415 555 2672"}
        before = dict(contact_vals)
        plan = Plan.search([("survivor_id", "=", self.survivors[0].id)])
        create_vals = dict(contact_vals, plan_id=plan.id)
        create_before = dict(create_vals)
        self.env["safety.emergency.contact"].with_user(self.advocate).create([create_vals])
        self.assertEqual(create_vals, create_before)
        plan.emergency_contact_ids[:1].write(contact_vals)
        self.assertEqual(contact_vals, before)
