import time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import json_call

CLEAN_ERRORS = {
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.UserError",
    # survivor data the caller may not see answers as missing, as the link guard does
    "odoo.exceptions.AccessError",
}


@tagged("post_install", "-at_install")
class TestIntegrityValues(HttpCase):
    """Values of their field's type only, as an integration sends them over
    JSON-RPC: anything else is a clean error naming the field and the fix,
    with nothing written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.advocate = new_test_user(
            cls.env, login="values_advocate", groups="victim_safety_planning.group_safety_advocate"
        )
        cls.manager = new_test_user(
            cls.env,
            login="values_manager",
            groups="victim_safety_planning.group_safety_manager,base.group_system",
        )
        cls.survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create({"name": "Zoë Ångström", "is_safe_to_call": False})
        )
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create(
                {
                    "survivor_id": cls.survivor.id,
                    "emergency_contact_ids": [
                        (0, 0, {"name": "Сестра Мария", "phone": "+1 415 555 2671"})
                    ],
                }
            )
        )
        cls.step = cls.plan.step_ids[:1]

    def setUp(self):
        super().setUp()
        self.authenticate("values_advocate", "values_advocate")

    def _rpc(self, model, method, args, kwargs=None):
        return json_call(self, model, method, args, kwargs, muted=["odoo.http", "odoo.sql_db"])

    def assertRefused(self, answer, *words):
        self.assertIn("error", answer, f"accepted: {answer.get('result')}")
        data = answer["error"]["data"]
        self.assertIn(data["name"], CLEAN_ERRORS, data.get("debug", "")[-800:])
        for word in words:
            self.assertIn(word, data["message"])
        return data["message"]

    def test_booleans_take_true_false_or_one_zero_only(self):
        for model, record, name in (
            ("safety.survivor", self.survivor, "is_safe_to_call"),
            ("safety.plan.step", self.step, "is_done"),
        ):
            for value in ("no", "false", "yes", "0", 2, {"a": 1}, [1]):
                with self.subTest(field=name, value=value):
                    message = self.assertRefused(
                        self._rpc(model, "write", [record.ids, {name: value}]), "true or false"
                    )
                    self.assertIn(record._fields[name].string, message)
                    record.invalidate_recordset()
                    self.assertFalse(record[name], "nothing written")
            self.assertTrue(self._rpc(model, "write", [record.ids, {name: 1}]).get("result"))
            record.invalidate_recordset()
            self.assertTrue(record[name])
            self.assertTrue(self._rpc(model, "write", [record.ids, {name: False}]).get("result"))
        answer = self._rpc(
            "safety.survivor", "create", [{"name": "Lí Wěi", "is_safe_to_text": "no"}]
        )
        self.assertRefused(answer, "Safe to Text")
        self.assertFalse(self.env["safety.survivor"].search([("name", "=", "Lí Wěi")]))

    def test_create_with_a_list_is_a_clear_error(self):
        for model in ("safety.plan", "safety.survivor", "safety.emergency.contact"):
            with self.subTest(model=model):
                self.assertRefused(
                    self._rpc(model, "create", [[["name", "x"]]]), "field names and values"
                )
        self.assertRefused(
            self._rpc("safety.plan", "write", [self.plan.ids, ["notes", "x"]]),
            "field names and values",
        )

    def test_dates_from_1900_to_2200(self):
        for value in ("0001-01-01", "1899-12-31", "2201-01-01", "2025-02-30", "31/12/2020", 12):
            with self.subTest(value=value):
                self.assertRefused(
                    self._rpc("safety.plan", "write", [self.plan.ids, {"last_review_date": value}]),
                    "Last Review",
                )
        self.assertRefused(
            self._rpc("safety.survivor", "write", [self.survivor.ids, {"birthdate": "1850-05-01"}]),
            "1900-01-01",
        )
        answer = self._rpc(
            "safety.survivor", "write", [self.survivor.ids, {"birthdate": "1900-01-01"}]
        )
        self.assertTrue(answer.get("result"), answer)

    def test_integers_within_bounds_and_interval_zero_refused(self):
        self.assertRefused(
            self._rpc("safety.plan", "write", [self.plan.ids, {"review_interval_days": 0}]),
            "Review Every",
        )
        self.plan.invalidate_recordset()
        self.assertEqual(self.plan.review_interval_days, 7, "not replaced by the default")
        for value in (2**31, 10**20, "abc", [1], 1.5):
            with self.subTest(value=value):
                self.assertRefused(
                    self._rpc(
                        "safety.plan", "write", [self.plan.ids, {"review_interval_days": value}]
                    ),
                    "Review Every",
                )

    def test_settings_interval_out_of_range(self):
        self.authenticate("values_manager", "values_manager")
        for value in (2**31, -1, "abc"):
            with self.subTest(value=value):
                message = self.assertRefused(
                    self._rpc(
                        "res.config.settings", "create", [{"safety_review_days_critical": value}]
                    ),
                    "Critical risk",
                )
                self.assertIn("3650", message)

    def test_selection_keys_and_records(self):
        self.assertRefused(
            self._rpc("safety.plan", "write", [self.plan.ids, {"situation_type": "volcano"}]),
            "Situation",
            "stalking",
        )
        self.assertRefused(
            self._rpc("safety.survivor", "write", [self.survivor.ids, {"country_id": "France"}]),
            "Country",
        )
        self.assertRefused(
            self._rpc("safety.survivor", "write", [self.survivor.ids, {"country_id": 999999999}]),
            "does not exist",
        )
        self.assertRefused(
            self._rpc("safety.plan", "write", [self.plan.ids, {"step_ids": [(4, 999999999)]}]),
            "does not exist",
        )
        self.assertRefused(
            self._rpc("safety.plan", "write", [self.plan.ids, {"step_ids": "abc"}]), "commands"
        )

    def test_texts_nul_and_length(self):
        self.assertRefused(
            self._rpc("safety.plan.step", "write", [self.step.ids, {"name": "safe\x00place"}]),
            "NUL",
        )
        self.assertRefused(
            self._rpc("safety.plan.step", "write", [self.step.ids, {"name": "x" * 20_000}]),
            "at most 500",
        )
        self.assertRefused(
            self._rpc("safety.plan", "write", [self.plan.ids, {"notes": "<p>a\x00b</p>"}]), "NUL"
        )
        self.assertRefused(
            self._rpc("safety.plan.step", "write", [self.step.ids, {"name": {"a": 1}}]),
            "send text",
        )

    def test_survivor_state_belongs_to_country(self):
        state = self.env.ref("base.state_us_5")
        answer = self._rpc(
            "safety.survivor",
            "write",
            [self.survivor.ids, {"state_id": state.id, "country_id": self.env.ref("base.fr").id}],
        )
        self.assertRefused(answer, "is not a state of")
        self.survivor.invalidate_recordset()
        self.assertFalse(self.survivor.state_id)

    def test_texts_too_long_to_print_are_named(self):
        # a step written before the limits existed (as superuser: users are refused)
        self.step.sudo().name = "x" * 20_000
        report = self.env["ir.actions.report"].with_user(self.advocate)
        started = time.perf_counter()
        with self.assertRaisesRegex(UserError, "shorten it to 500"):
            report.with_context(force_report_rendering=True)._render_qweb_pdf(
                "victim_safety_planning.report_safety_plan", self.plan.ids
            )
        self.assertLess(time.perf_counter() - started, 5, "refused before wkhtmltopdf runs")
