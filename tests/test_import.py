import csv
import io

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SafetyCommon

OPTIONS = {"quoting": '"', "separator": ",", "has_headers": True, "encoding": "utf-8"}


@tagged("post_install", "-at_install")
class TestImport(SafetyCommon):
    """Odoo's Import button on survivors, plans and emergency contacts: good
    rows go in, bad rows are reported by row and field, nothing is
    half-written, and a dry run uses no plan reference."""

    def _import(self, model, header, rows, dryrun=False):
        data = io.StringIO()
        csv.writer(data).writerows([header, *rows])
        wizard = (
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
        )
        return wizard.execute_import(header, header, OPTIONS, dryrun=dryrun)

    def _errors(self, result):
        return [m for m in result["messages"] if m["type"] == "error"]

    def test_survivors(self):
        header = ["name", "phone_national", "email", "city"]
        good = [
            ["Ana Lúcia Ferreira", "(415) 555-0134", "ana.ferreira@example.org", "Oakdale"],
            ["Дарья Соколова", "+44 20 7946 0958", "", "Leeds"],
        ]
        result = self._import("safety.survivor", header, [*good, ["Mia Bad", "123", "", ""]])
        errors = self._errors(result)
        self.assertEqual([error["record"] for error in errors], [2], "the bad row, once")
        self.assertIn("Mia Bad", errors[0]["message"])
        Survivor = self.env["safety.survivor"]
        self.assertFalse(Survivor.search([("name", "=", "Ana Lúcia Ferreira")]), "all or nothing")
        result = self._import("safety.survivor", header, good)
        self.assertFalse(result["messages"])
        imported = Survivor.browse(result["ids"])
        self.assertEqual(imported.mapped("phone"), ["+14155550134", "+442079460958"])
        self.assertEqual(imported.registered_by_id, self.advocate)

    def test_plans_and_their_emergency_contacts(self):
        sequence = self.env.ref("victim_safety_planning.seq_safety_plan")
        self.assertEqual(sequence.implementation, "no_gap")
        next_number = sequence.number_next_actual
        header = [
            "survivor_id",
            "situation_type",
            "review_interval_days",
            "emergency_contact_ids/name",
            "emergency_contact_ids/phone_national",
        ]
        rows = [[self.survivor.name, "stalking", "", "Sister", "(415) 555-0135"]]
        dry = self._import("safety.plan", header, rows, dryrun=True)
        self.assertFalse(dry["messages"])
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, next_number, "a dry run uses no reference")
        bad = self._import(
            "safety.plan", header, [*rows, [self.survivor.name, "volcano", "", "Cousin", "911"]]
        )
        errors = self._errors(bad)
        self.assertEqual([(e["record"], e.get("field")) for e in errors], [(1, "situation_type")])
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, next_number, "a failed import neither")
        result = self._import("safety.plan", header, rows)
        self.assertFalse(result["messages"])
        plan = self.env["safety.plan"].browse(result["ids"])
        self.assertEqual(plan.review_interval_days, 7, "a blank cell follows the risk level")
        self.assertEqual(plan.emergency_contact_ids.phone, "+14155550135")
        contacts = self._import(
            "safety.emergency.contact",
            ["plan_id", "name", "phone_national", "is_safe_to_call"],
            [[plan.name, "Neighbour", "911", "True"], [plan.name, "Cousin", "12", "True"]],
        )
        self.assertEqual([e["record"] for e in self._errors(contacts)], [1])
        self.assertEqual(len(plan.emergency_contact_ids), 1, "nothing half-written")

    def test_other_team_s_plan_is_not_a_target(self):
        header = ["plan_id", "name", "phone_national"]
        # the plan is not found: the database refuses the row without one
        with mute_logger("odoo.sql_db"):
            result = (
                self.env["base_import.import"]
                .with_user(self.advocate_other)
                .create(
                    {
                        "res_model": "safety.emergency.contact",
                        "file": f"{','.join(header)}\n{self.plan.name},Stranger,911\n".encode(),
                        "file_type": "text/csv",
                        "file_name": "import.csv",
                    }
                )
                .execute_import(header, header, OPTIONS)
            )
        self.assertTrue(self._errors(result))
        self.assertNotIn("Stranger", self.plan.emergency_contact_ids.mapped("name"))
