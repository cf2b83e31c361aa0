from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SafetyCommon, json_call
from .funder_common import FunderCommon


@tagged("post_install", "-at_install")
class TestFunderService(FunderCommon):
    def test_service_defaults_and_person_key(self):
        today = date.today()
        service = (
            self.env["safety.service"]
            .with_user(self.advocate)
            .create({"plan_id": self.plan.id, "service_code_id": self.code["C1"].id})
        )
        from odoo import fields

        self.assertEqual(
            service.date,
            fields.Date.context_today(self.env["safety.service"].with_user(self.advocate)),
        )
        self.assertLessEqual(service.date, today.replace(year=today.year + 1))
        self.assertEqual(service.user_id, self.advocate)
        self.assertEqual(service.survivor_id, self.survivor)
        self.assertEqual(service.person_key, self.survivor.person_key)
        self.assertEqual(len(self.survivor.person_key), 16)
        other = self.env["safety.survivor"].create({"name": "Zoë Ølsen"})
        self.assertNotEqual(other.person_key, self.survivor.person_key)
        self.assertEqual(self.plan.service_ids, service)
        self.assertEqual(self.survivor.service_ids, service)

    def test_age_band_from_birthdate(self):
        survivor = self.env["safety.survivor"].create({"name": "Ana García"})
        self.assertEqual(survivor.age_band, "not_reported")
        self.assertEqual(survivor.gender, "not_reported")
        survivor.age_band = "25_59"
        self.assertEqual(survivor.age_band, "25_59")
        survivor.birthdate = date(date.today().year - 70, 1, 1)
        self.assertEqual(survivor.age_band, "60_plus")

    def test_sent_referral_records_its_service(self):
        shelter = self.env["res.partner"].create(
            {"name": "Casa Segura", "is_company": True, "safety_resource_type": "shelter"}
        )
        referral = (
            self.env["safety.referral"]
            .with_user(self.advocate)
            .create(
                {
                    "plan_id": self.plan.id,
                    "partner_id": shelter.id,
                    "is_consent_overridden": True,
                    "override_reason": "Tonight",
                }
            )
        )
        referral.action_send()
        service = self.env["safety.service"].search([("referral_id", "=", referral.id)])
        self.assertEqual(service.service_code_id.code, "A3")
        self.assertEqual(service.plan_id, self.plan)
        self.assertEqual(service.user_id, self.advocate)

    def test_service_rules(self):
        service = self.env["safety.service"].create(
            {"plan_id": self.plan.id, "service_code_id": self.code["C1"].id, "notes": "Nota"}
        )
        Service = self.env["safety.service"]
        self.assertEqual(
            Service.with_user(self.advocate).search([("id", "=", service.id)]), service
        )
        self.assertFalse(Service.with_user(self.advocate_other).search([("id", "=", service.id)]))
        # another team: the answer of a record that does not exist
        self.assertEqual(service.with_user(self.advocate_other).read(["notes"]), [])
        self.assertEqual(
            Service.with_user(self.supervisor).search([("id", "=", service.id)]), service
        )
        with self.assertRaises(AccessError):
            service.with_user(self.outsider).read(["notes"])
        # a helpline worker may read services of their own calls only
        self.assertEqual(service.with_user(self.hotline).read(["notes"]), [])
        with self.assertRaises(AccessError):
            Service.with_user(self.advocate_other).create({"plan_id": self.plan.id})
        with self.assertRaises(AccessError):
            Service.with_user(self.hotline).create({"plan_id": self.plan.id})

    def test_hotline_worker_sees_own_calls_only(self):
        Call = self.env["safety.hotline.call"]
        call = Call.with_user(self.hotline).create({"channel": "text", "duration_minutes": 8})
        self.assertTrue(call.is_anonymous)
        call.with_user(self.hotline).action_add_hotline_service()
        self.assertEqual(call.service_ids.service_code_id.code, "C2")
        self.assertEqual(call.service_ids.duration_minutes, 8)
        self.assertEqual(
            call.service_ids.with_user(self.hotline).read(["duration_minutes"])[0][
                "duration_minutes"
            ],
            8,
        )
        self.assertFalse(Call.with_user(self.hotline_other).search([("id", "=", call.id)]))
        self.assertEqual(call.with_user(self.hotline_other).read(["notes"]), [])
        self.assertEqual(call.service_ids.with_user(self.hotline_other).read(["notes"]), [])
        # anonymous contacts are nobody's case: advocates don't see them
        self.assertFalse(Call.with_user(self.advocate_other).search([("id", "=", call.id)]))
        for model in ("safety.plan", "safety.survivor", "safety.funder.report"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.hotline).search([])
        # their statistics: a grouped count of their own contacts
        groups = Call.with_user(self.hotline).formatted_read_group(
            [], ["channel"], ["__count", "duration_minutes:sum"]
        )
        self.assertEqual(groups[0]["__count"], 1)
        with self.assertRaises(AccessError):
            self.env["safety.funder.report"].with_user(self.advocate).search([])

    def test_hotline_worker_menus(self):
        """The app opens on the helpline for a helpline worker: no menu of
        plans, records or reports, whose screens would only refuse them."""
        Menu = self.env["ir.ui.menu"].with_user(self.hotline)
        visible = Menu.browse(Menu._visible_menu_ids())
        root = self.env.ref("victim_safety_planning.safety_planning_menu_root")
        tops = visible.filtered(lambda menu: menu.parent_id == root)
        self.assertEqual(
            tops,
            self.env.ref("victim_safety_planning.safety_hotline_top_menu"),
            tops.mapped("name"),
        )
        advocate_menus = self.env["ir.ui.menu"].with_user(self.advocate)
        self.assertIn(
            self.env.ref("victim_safety_planning.safety_plan_top_menu").id,
            advocate_menus._visible_menu_ids(),
        )

    def test_start_intake_carries_services(self):
        call = (
            self.env["safety.hotline.call"]
            .with_user(self.hotline)
            .create({"channel": "phone", "duration_minutes": 25})
        )
        call.with_user(self.hotline).action_add_hotline_service()
        with self.assertRaisesRegex(UserError, "Only an advocate"):
            call.with_user(self.hotline).action_start_intake()
        # the call is in nobody's queue until the caller agrees
        self.assertFalse(
            self.env["safety.hotline.call"].with_user(self.advocate).search([("id", "=", call.id)])
        )
        call.with_user(self.hotline).write(
            {"has_intake_consent": True, "caller_name": "Zhang Wěi 张伟"}
        )
        queue = self.env["safety.hotline.call"].with_user(self.advocate).search([])
        self.assertIn(call, queue)
        action = call.with_user(self.advocate).action_start_intake()
        plan = self.env["safety.plan"].browse(action["res_id"])
        self.assertEqual(plan.survivor_id.name, "Zhang Wěi 张伟")
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.advocate_id, self.advocate)
        self.assertEqual(call.service_ids.plan_id, plan)
        self.assertEqual(call.service_ids.person_key, plan.survivor_id.person_key)
        self.assertFalse(call.caller_name)
        self.assertFalse(call.is_anonymous)
        # the helpline worker keeps the contact, not the plan
        self.assertTrue(call.with_user(self.hotline).read(["duration_minutes"]))
        with self.assertRaises(AccessError):
            plan.with_user(self.hotline).read(["name"])
        with self.assertRaisesRegex(UserError, "already has"):
            call.with_user(self.advocate).action_start_intake()

    def test_caller_name_needs_consent(self):
        from odoo.exceptions import ValidationError

        with self.assertRaisesRegex(ValidationError, "agree to an intake"):
            self.env["safety.hotline.call"].with_user(self.hotline).create(
                {"channel": "phone", "caller_name": "Somebody"}
            )
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self.env["safety.hotline.call"].with_user(self.hotline).create(
                {"channel": "phone", "date": datetime(2100, 1, 1)}
            )


@tagged("post_install", "-at_install")
class TestFunderJsonRpc(HttpCase):
    """The new models over JSON-RPC as an outsider, another team's advocate
    and a helpline worker: nothing of a plan's services, calls or reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = {}
        for login, group in (
            ("vsp_advocate", "group_safety_advocate"),
            ("vsp_advocate_other", "group_safety_advocate"),
            ("vsp_hotline", "group_safety_hotline"),
            ("vsp_hotline_other", "group_safety_hotline"),
        ):
            users[login] = new_test_user(
                cls.env, login=login, groups=f"victim_safety_planning.{group}"
            )
        cls.advocate = users["vsp_advocate"]
        cls.hotline = users["vsp_hotline"]
        SafetyCommon._new_outsider(cls.env, login="vsp_outsider")
        survivor = cls.env["safety.survivor"].create({"name": "Robin Fictional"})
        cls.plan = cls.env["safety.plan"].create(
            {"survivor_id": survivor.id, "advocate_id": cls.advocate.id}
        )
        cls.code = {
            c.code: c for c in cls.env["safety.funder.code"].search([("code_list", "=", "service")])
        }

    def _call(self, model, method, args, kwargs=None):
        return json_call(self, model, method, args, kwargs, muted=("odoo.http", "odoo.models"))

    def test_new_models_over_json_rpc(self):
        service = self.env["safety.service"].create(
            {
                "plan_id": self.plan.id,
                "service_code_id": self.code["B4"].id,
                "notes": "Robin secret",
            }
        )
        call = self.env["safety.hotline.call"].create(
            {"channel": "chat", "notes": "Robin called", "user_id": self.hotline.id}
        )
        report = self.env["safety.funder.report"].create({"fiscal_year": 2026, "quarter": "2"})
        records = {
            "safety.service": service,
            "safety.hotline.call": call,
            "safety.funder.report": report,
        }
        for login in ("vsp_outsider", "vsp_advocate_other", "vsp_hotline_other", "vsp_hotline"):
            self.authenticate(login, login)
            for model, record in records.items():
                if login == "vsp_hotline" and model == "safety.hotline.call":
                    continue
                with self.subTest(login=login, model=model):
                    answers = [
                        self._call(
                            model, "web_read", [record.ids], {"specification": {"display_name": {}}}
                        ),
                        self._call(
                            model,
                            "web_search_read",
                            [],
                            {
                                "domain": [("id", "=", record.id)],
                                "specification": {"display_name": {}},
                            },
                        ),
                        self._call(model, "read", [record.ids, ["display_name"]]),
                        self._call(
                            model,
                            "search_read",
                            [],
                            {"domain": [("id", "=", record.id)], "fields": ["id"]},
                        ),
                        self._call(
                            model,
                            "formatted_read_group",
                            [],
                            {
                                "domain": [("id", "=", record.id)],
                                "groupby": [],
                                "aggregates": ["__count"],
                            },
                        ),
                    ]
                    for answer in answers:
                        text = str(answer)
                        self.assertNotIn("Robin", text)
                        result = answer.get("result")
                        if isinstance(result, dict):
                            result = result.get("records")
                        if isinstance(result, list) and result and "__count" in result[0]:
                            self.assertEqual(result[0]["__count"], 0)
                        elif result:
                            self.assertNotIn(record.id, [r.get("id") for r in result])
        # the helpline worker reads the contact they logged, nothing of the plan
        self.authenticate("vsp_hotline", "vsp_hotline")
        answer = self._call(
            "safety.hotline.call", "web_read", [call.ids], {"specification": {"notes": {}}}
        )
        self.assertEqual(answer["result"][0]["notes"], "Robin called")
        answer = self._call(
            "safety.plan", "web_search_read", [], {"domain": [], "specification": {"name": {}}}
        )
        self.assertIn("error", answer)
