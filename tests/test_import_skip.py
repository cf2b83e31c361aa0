import csv
import io

from odoo.tests import HttpCase, new_test_user, tagged

from .common import json_call

OPTIONS = {"quoting": '"', "separator": ",", "has_headers": True, "encoding": "utf-8"}


@tagged("post_install", "-at_install")
class TestImportSkipBadRows(HttpCase):
    """The Import button's "Skip record" (``import_skip_records``) on a safety
    model, over JSON-RPC as the web client sends it: the good rows are
    imported in the same run, each bad row is reported once with its line and
    field, and nothing of a bad row is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.advocate = new_test_user(
            cls.env, login="skip_advocate", groups="victim_safety_planning.group_safety_advocate"
        )
        cls.survivors = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create(
                [
                    {"name": name}
                    for name in (
                        "Amélie Durand",
                        "Ольга Петрова",
                        "فاطمة الزهراء",
                        "Zoë Ñúñez",
                        "Мария Иванова",
                    )
                ]
            )
        )

    def setUp(self):
        super().setUp()
        self.authenticate("skip_advocate", "skip_advocate")

    def _import(self, model, header, rows, options, dryrun=False):
        data = io.StringIO()
        csv.writer(data).writerows([header, *rows])
        wizard_id = (
            self.env["base_import.import"]
            .with_user(self.advocate)
            .create(
                {
                    "res_model": model,
                    "file": data.getvalue().encode(),
                    "file_type": "text/csv",
                    "file_name": "import.csv",
                }
            )
            .id
        )
        answer = json_call(
            self,
            "base_import.import",
            "execute_import",
            [[wizard_id], header, header, dict(OPTIONS, **options)],
            {"dryrun": dryrun},
            muted=["odoo.sql_db"],
        )
        self.assertNotIn("error", answer, answer.get("error"))
        return answer["result"]

    def _plans(self):
        return self.env["safety.plan"].search([("survivor_id", "in", self.survivors.ids)])

    def _reported(self, result):
        return [
            (message["record"], message["rows"]["from"], message.get("field"))
            for message in result["messages"]
        ]

    def test_plans_good_rows_in_bad_rows_reported(self):
        header = ["survivor_id", "situation_type", "review_interval_days", "last_review_date"]
        a, b, c, d, e = self.survivors.mapped("name")
        rows = [
            [a, "stalking", "", ""],
            [b, "volcano", "", ""],  # bad selection key
            [c, "stalking", "0", ""],  # refused by create
            [d, "stalking", "", "2025-01-15"],
            [e, "stalking", "", "2025-02-30"],  # impossible date
        ]
        skip = {"import_skip_records": ["situation_type"]}
        # the client's test run: the same report, nothing written
        result = self._import("safety.plan", header, rows, skip, dryrun=True)
        self.assertEqual(
            self._reported(result),
            [(1, 1, "situation_type"), (2, 2, "review_interval_days"), (4, 4, "last_review_date")],
            result["messages"],
        )
        self.assertFalse(self._plans())

        result = self._import("safety.plan", header, rows, skip)
        expected = [
            (1, 1, "situation_type"),
            (2, 2, "review_interval_days"),
            (4, 4, "last_review_date"),
        ]
        self.assertEqual(self._reported(result), expected, result["messages"])
        self.assertEqual({m["type"] for m in result["messages"]}, {"warning"})
        for message in result["messages"]:
            self.assertNotIn("set by Odoo", message["message"], "a good row blamed")
        plans = self._plans()
        self.assertEqual(sorted(result["ids"]), sorted(plans.ids))
        self.assertEqual(plans.survivor_id, self.survivors[0] | self.survivors[3])
        self.assertEqual(
            plans.filtered(
                lambda p: p.survivor_id == self.survivors[3]
            ).last_review_date.isoformat(),
            "2025-01-15",
        )
        self.assertTrue(all(plans.mapped("name")), "every imported plan has its reference")

    def test_without_skip_the_file_is_refused_whole(self):
        header = ["survivor_id", "situation_type"]
        a, b = self.survivors[:2].mapped("name")
        result = self._import(
            "safety.plan", header, [[a, "stalking"], [b, "volcano"]], {"import_skip_records": []}
        )
        self.assertFalse(result["ids"])
        self.assertEqual(
            [(m["type"], m["record"], m.get("field")) for m in result["messages"]],
            [("error", 1, "situation_type")],
        )
        self.assertFalse(self._plans())

    def test_survivors_good_rows_in_bad_rows_reported(self):
        header = ["name", "phone_national", "email"]
        rows = [
            ["Ana Lúcia Ferreira", "(415) 555-0134", "ana.ferreira@example.org"],
            ["Mia Bad", "123", ""],  # not a phone number
            ["Дарья Соколова", "+44 20 7946 0958", ""],
            ["ليلى حسن", "", ""],
        ]
        result = self._import(
            "safety.survivor", header, rows, {"import_skip_records": ["phone_national"]}
        )
        self.assertEqual([m["record"] for m in result["messages"]], [1], result["messages"])
        self.assertIn("Mia Bad", result["messages"][0]["message"])
        Survivor = self.env["safety.survivor"]
        imported = Survivor.browse(result["ids"])
        self.assertEqual(
            imported.mapped("name"), ["Ana Lúcia Ferreira", "Дарья Соколова", "ليلى حسن"]
        )
        self.assertFalse(Survivor.search([("name", "=", "Mia Bad")]), "nothing half-written")

    def test_more_bad_rows_than_core_lists_in_one_pass(self):
        # core stops listing after 10 refused rows: every bad row is still
        # reported, once, and every good row goes in
        header = ["name", "phone_national"]
        good = ["Ana Lúcia Ferreira", "Дарья Соколова", "ليلى حسن", "Zoë Ñúñez"]
        rows = [[f"Mia Bad {n}", "123"] for n in range(12)]
        rows[5:5] = [[good[0], ""], [good[1], ""]]
        rows += [[good[2], ""], [good[3], "(415) 555-0134"]]
        result = self._import(
            "safety.survivor", header, rows, {"import_skip_records": ["phone_national"]}
        )
        bad_lines = [n for n, row in enumerate(rows) if row[0].startswith("Mia Bad")]
        self.assertEqual([m["record"] for m in result["messages"]], bad_lines, result["messages"])
        for message in result["messages"]:
            self.assertIn(rows[message["record"]][0], message["message"])
        Survivor = self.env["safety.survivor"]
        self.assertEqual(Survivor.browse(result["ids"]).mapped("name"), good)
        self.assertFalse(Survivor.search([("name", "like", "Mia Bad")]))
