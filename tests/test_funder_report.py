import csv
import io
import random
from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .funder_common import FunderCommon


@tagged("post_install", "-at_install")
class TestFunderReport(FunderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(
            "victim_safety_planning.fiscal_year_start_month", "10"
        )
        cls.env.user.tz = "UTC"
        cls._build_fiscal_year()

    def test_period_of_a_quarter(self):
        report = self._report(2026, 2)
        self.assertEqual((report.date_from, report.date_to), (date(2026, 1, 1), date(2026, 3, 31)))
        self.assertEqual(report.name, "VOCA FY2026 Q2")
        report = self._report(2027, 1)
        self.assertEqual(
            (report.date_from, report.date_to), (date(2026, 10, 1), date(2026, 12, 31))
        )

    def test_q2_figures_written_by_hand(self):
        figures = self._report(2026, 2)._pmt_figures()
        self.assertEqual(figures["individuals_served"], 4)  # P1, P2, P4, P5
        self.assertEqual(figures["new_individuals"], 3)  # P2, P4, P5; P1 continuing
        self.assertEqual(figures["anonymous_contacts"], 1)
        demographics = figures["demographics"]
        self.assertEqual(
            {k: v for k, v in demographics["age"].items() if v},
            {"18_24": 1, "60_plus": 1, "not_reported": 1},
        )
        self.assertEqual(
            {k: v for k, v in demographics["gender"].items() if v},
            {"male": 1, "female": 1, "not_reported": 1},
        )
        self.assertEqual(
            {k: v for k, v in demographics["race_ethnicity"].items() if v},
            {"multiple_races": 1, "asian": 1, "not_reported": 1},
        )
        for block in ("age", "gender", "race_ethnicity"):
            self.assertEqual(sum(demographics[block].values()), figures["new_individuals"])
        self.assertEqual(
            {k: v for k, v in figures["victimization"].items() if v},
            {"domestic_violence": 2, "stalking": 1, "elder_abuse": 1},
        )
        self.assertEqual(figures["multiple_victimizations"], 1)
        self.assertEqual(
            {k: v for k, v in figures["special_classifications"].items() if v}, {"lep": 1}
        )
        # P2 helped to fill the claim; P4 only handed the form
        self.assertEqual(figures["compensation_assisted"], 1)
        services = figures["services"]
        self.assertEqual(services["A"]["individuals"], 1)
        self.assertEqual(services["A"]["times"]["A2"], 1)
        self.assertEqual(services["A"]["times"]["A1"], 0)
        self.assertEqual(services["B"]["individuals"], 1)
        self.assertEqual(services["B"]["times"]["B4"], 1)
        # P1 once, P5 twice, the anonymous caller once: 4 times, 2 individuals
        self.assertEqual(services["C"]["times"]["C2"], 4)
        self.assertEqual(services["C"]["individuals"], 2)
        self.assertEqual(services["D"]["individuals"], 0)
        self.assertEqual(set(services), {"A", "B", "C", "D", "E"})
        self.assertEqual(len(services["E"]["times"]), 11)

    def test_other_quarters_and_the_next_fiscal_year(self):
        q1 = self._report(2026, 1)._pmt_figures()
        self.assertEqual((q1["individuals_served"], q1["new_individuals"]), (1, 1))
        self.assertEqual(q1["services"]["A"]["times"]["A1"], 1)
        self.assertEqual(q1["anonymous_contacts"], 0)
        q4 = self._report(2026, 4)._pmt_figures()
        self.assertEqual((q4["individuals_served"], q4["new_individuals"]), (1, 1))
        # P3 was 15 at the service of August 2026
        self.assertEqual(q4["demographics"]["age"]["13_17"], 1)
        self.assertEqual(q4["demographics"]["gender"]["not_reported"], 1)
        # a new fiscal year makes everyone new again
        next_q1 = self._report(2027, 1)._pmt_figures()
        self.assertEqual((next_q1["individuals_served"], next_q1["new_individuals"]), (1, 1))
        self.assertEqual(next_q1["services"]["D"]["times"]["D1"], 1)

    def test_submit_freezes_the_figures(self):
        report = self._report(2026, 2)
        report.action_submit()
        self.assertEqual(report.state, "submitted")
        self._service(self.p5, date(2026, 3, 2), "C2")
        self.assertEqual(report._pmt_figures()["services"]["C"]["times"]["C2"], 4)
        self.assertEqual(self._report(2026, 2)._pmt_figures()["services"]["C"]["times"]["C2"], 5)
        with self.assertRaisesRegex(UserError, "frozen"):
            report.date_to = date(2026, 3, 30)
        with self.assertRaisesRegex(UserError, "already submitted"):
            report.action_submit()

    def test_exports_carry_no_name_no_id_no_text(self):
        self.p1.survivor_id.safe_contact_notes = "Say you are from the library"
        report = self._report(2026, 2)
        for content in (report._csv_content(), report._csv_content(suppressed=True)):
            text = content.decode()
            for plan in (self.p1, self.p2, self.p4, self.p5):
                self.assertNotIn(plan.survivor_id.name, text)
                self.assertNotIn(plan.name, text)
                self.assertNotIn(plan.survivor_id.person_key, text)
            self.assertNotIn("library", text)
            rows = list(csv.reader(io.StringIO(text)))
            self.assertEqual(rows[0], ["section", "code", "label", "value"])
            self.assertEqual(rows[1][:2], ["totals", "individuals_served"])
        self.assertIn("Amélie", self.p1.survivor_id.name)
        html = report.figures_html
        self.assertNotIn("Amélie", html)
        self.assertIn("Anonymous contacts", html)
        action = report.action_export_csv()
        self.assertTrue(action["url"].startswith("/web/content/"))
        xlsx = report._xlsx_content()
        self.assertEqual(xlsx[:2], b"PK")
        import zipfile

        with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
            strings = archive.read("xl/sharedStrings.xml").decode()
        self.assertIn("Anonymous contacts", strings)
        self.assertNotIn("Amélie", strings)
        self.assertNotIn("李娜", strings)

    def test_data_quality_panel(self):
        service = self.env["safety.service"].create(
            {"plan_id": self.p5.id, "date": date(2026, 3, 3)}
        )
        report = self._report(2026, 2)
        self.assertEqual(report.quality_services_without_code, 1)
        domain = report.action_open_services_without_code()["domain"]
        self.assertEqual(self.env["safety.service"].search(domain), service)
        # P5 told nothing; P2 no birthdate but a band; P4 complete
        self.assertEqual(report.quality_new_without_demographics, 1)
        domain = report.action_open_new_without_demographics()["domain"]
        self.assertEqual(self.env["safety.survivor"].search(domain), self.p5.survivor_id)

    def test_bad_input(self):
        today = date.today()
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self._service(self.p1, today.replace(year=today.year + 1), "A1")
        old = self.env["safety.funder.code"].create(
            {
                "code_list": "service",
                "code": "A9",
                "name": "Retired service",
                "category": "A",
                "date_start": "2019-10-01",
                "date_end": "2025-12-31",
            }
        )
        with self.assertRaisesRegex(ValidationError, "valid from"):
            self.env["safety.service"].create(
                {"plan_id": self.p1.id, "date": date(2026, 1, 5), "service_code_id": old.id}
            )
        with self.assertRaisesRegex(ValidationError, "not a service code"):
            self.env["safety.service"].create(
                {
                    "plan_id": self.p1.id,
                    "date": date(2026, 1, 5),
                    "service_code_id": self._code("victimization", "stalking").id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "two fiscal years"):
            self.env["safety.funder.report"].create(
                {"fiscal_year": 2026, "date_from": date(2026, 9, 1), "date_to": date(2026, 10, 31)}
            )
        with self.assertRaisesRegex(ValidationError, "before its"):
            self.env["safety.funder.report"].create(
                {"fiscal_year": 2026, "date_from": date(2026, 3, 1), "date_to": date(2026, 2, 1)}
            )
        with self.assertRaisesRegex(ValidationError, "plan, a survivor or a helpline"):
            self.env["safety.service"].create({"date": date(2026, 1, 5)})

    def test_fiscal_year_start_month_setting(self):
        self.env["ir.config_parameter"].set_param(
            "victim_safety_planning.fiscal_year_start_month", "1"
        )
        report = self._report(2026, 1)
        self.assertEqual((report.date_from, report.date_to), (date(2026, 1, 1), date(2026, 3, 31)))
        # P1 is new again: calendar 2025's October does not count in 2026
        self.assertEqual(report._pmt_figures()["new_individuals"], 4)

    def test_suppression_leaves_no_cell_derivable(self):
        Report = self.env["safety.funder.report"]
        figures = self._report(2026, 2)._pmt_figures()
        suppressed = Report._suppress(figures, 10)
        self.assertIsNone(suppressed["individuals_served"])
        self.assertEqual(suppressed["services"]["D"]["individuals"], 0)
        rng = random.Random(21)
        for _ in range(300):
            blocks = {}
            total = rng.randint(0, 60)
            for block, keys in (("age", 6), ("gender", 4), ("race_ethnicity", 9)):
                cells = [0] * keys
                for _i in range(total):
                    cells[rng.randrange(keys)] += 1
                blocks[block] = {str(i): v for i, v in enumerate(cells)}
            figures["new_individuals"] = total
            figures["demographics"] = blocks
            threshold = rng.randint(1, 10)
            result = Report._suppress(figures, threshold)
            for block, cells in result["demographics"].items():
                for key, value in cells.items():
                    original = blocks[block][key]
                    if 0 < original <= threshold:
                        self.assertIsNone(value)
                    if value is not None:
                        self.assertEqual(value, original)
                if result["new_individuals"] is not None:
                    hidden = [k for k, v in cells.items() if v is None]
                    self.assertNotEqual(len(hidden), 1, (block, blocks[block], threshold))
