import json
import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SafetyCommon, json_call

NAME = "Ottilie Brandywine-Nakamura"
EMAIL = "ottilie.brandywine@example.org"
PHONE_DIGITS = "4155550188"
STREET = "27 Foxglove Terrace"


@tagged("post_install", "-at_install")
class TestLeakPaths(HttpCase):
    """The paths that handed out survivors when they were contacts, tried
    again over JSON-RPC as a salesman with 'own documents only' and as an
    outsider holding every other app's rights. Survivor, plan and card ids
    are sent wherever a contact id is expected: what comes back is an
    unrelated contact or nothing, never the survivor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.advocate = new_test_user(
            cls.env, login="leak_advocate", groups="victim_safety_planning.group_safety_advocate"
        )
        cls.salesman = new_test_user(
            cls.env, login="leak_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.outsider = SafetyCommon._new_outsider(cls.env, login="leak_outsider")
        cls.survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create(
                {
                    "name": NAME,
                    "email": EMAIL,
                    "phone": f"+1 {PHONE_DIGITS}",
                    "street": STREET,
                }
            )
        )
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create(
                {
                    "survivor_id": cls.survivor.id,
                    "emergency_contact_ids": [
                        (
                            0,
                            0,
                            {"name": "Aunt", "phone": "+1 415 555 0121", "is_safe_to_call": True},
                        )
                    ],
                }
            )
        )
        cls.plan.action_activate()
        cls.card = cls.env["safety.card"].with_user(cls.advocate).create({"plan_id": cls.plan.id})
        cls.needles = (NAME, EMAIL, PHONE_DIGITS, STREET, cls.plan.name, cls.card.sudo().token)
        cls.ids = {
            "survivor": cls.survivor.id,
            "plan": cls.plan.id,
            "card": cls.card.id,
        }

    def _rpc(self, model, method, args, kwargs=None, debug=False):
        # refusals are the point: core logs each one (and the database errors
        # an id that points nowhere gives) as a warning or an error
        return json_call(
            self, model, method, args, kwargs, debug=debug, muted=["odoo.http", "odoo.sql_db"]
        )

    def assertNothingOfTheSurvivor(self, answer, path):
        text = json.dumps(answer, default=str).casefold()
        for needle in self.needles:
            self.assertNotIn(needle.casefold(), text, f"{path} leaked {needle!r}")

    def _as_each_outsider(self):
        for login in ("leak_salesman", "leak_outsider"):
            self.authenticate(login, login)
            yield login

    def _contact_spec(self):
        return {
            "display_name": {},
            "name": {},
            "email": {},
            "phone": {},
            "street": {},
            "city": {},
        }

    # onchange with survivor, plan and card ids as a contact ------------------------
    def test_onchange_with_foreign_ids_as_contacts(self):
        paths = [
            (
                "crm.lead",
                "partner_id",
                {"contact_name": {}, "email_from": {}, "phone": {}, "street": {}},
            ),
            ("res.partner", "parent_id", {"street": {}, "city": {}, "display_name": {}}),
            ("project.task", "partner_id", {"partner_phone": {}, "email_cc": {}}),
            ("hr.employee", "work_contact_id", {"work_email": {}, "work_phone": {}}),
            ("res.partner.bank", "partner_id", {"holder_name": {}}),
            ("sale.order", "partner_id", {"partner_invoice_id": {}, "partner_shipping_id": {}}),
        ]
        tried = 0
        for login in self._as_each_outsider():
            for model, field_name, spec in paths:
                if model not in self.env:
                    continue
                spec = dict(spec, **{field_name: {"fields": self._contact_spec()}})
                spec = {
                    name: value for name, value in spec.items() if name in self.env[model]._fields
                }
                for kind, record_id in self.ids.items():
                    with self.subTest(login=login, model=model, kind=kind):
                        answer = self._rpc(
                            model, "onchange", [[], {field_name: record_id}, [field_name], spec]
                        )
                        self.assertNothingOfTheSurvivor(answer, f"{model}.onchange({kind})")
                        tried += 1
        self.assertGreaterEqual(tried, 12, "at least crm.lead and res.partner are installed")

    def test_creating_records_that_point_at_foreign_ids(self):
        for login in self._as_each_outsider():
            for kind, record_id in self.ids.items():
                answers = [
                    self._rpc(
                        "res.partner",
                        "create",
                        [
                            {
                                "name": f"Work address {login} {kind}",
                                "parent_id": record_id,
                                "type": "other",
                            }
                        ],
                    )
                ]
                created = answers[0].get("result")
                if created:
                    answers.append(
                        self._rpc(
                            "res.partner",
                            "web_read",
                            [created],
                            {
                                "specification": {
                                    "display_name": {},
                                    "street": {},
                                    "parent_id": {"fields": {"display_name": {}}},
                                }
                            },
                        )
                    )
                    answers.append(
                        self._rpc("res.partner", "name_search", [], {"name": "Work address"})
                    )
                if "hr.employee" in self.env and login == "leak_outsider":
                    answers.append(
                        self._rpc(
                            "hr.employee",
                            "create",
                            [{"name": f"Employee {kind}", "work_contact_id": record_id}],
                        )
                    )
                    employee = answers[-1].get("result")
                    if employee:
                        answers.append(
                            self._rpc(
                                "hr.employee",
                                "web_read",
                                [employee],
                                {
                                    "specification": {
                                        "work_email": {},
                                        "work_phone": {},
                                        "work_contact_id": {"fields": {"display_name": {}}},
                                    }
                                },
                            )
                        )
                if "res.partner.bank" in self.env and login == "leak_outsider":
                    answers.append(
                        self._rpc(
                            "res.partner.bank",
                            "create",
                            [{"acc_number": f"DE{record_id}{kind}", "partner_id": record_id}],
                        )
                    )
                    bank = answers[-1].get("result")
                    if bank:
                        answers.append(
                            self._rpc(
                                "res.partner.bank",
                                "web_read",
                                [bank],
                                {
                                    "specification": {
                                        "holder_name": {},
                                        "partner_id": {"fields": {"display_name": {}}},
                                    }
                                },
                            )
                        )
                with self.subTest(login=login, kind=kind):
                    self.assertNothingOfTheSurvivor(answers, f"create with {kind} id")

    def test_followers_and_channel_members_with_foreign_ids(self):
        self.authenticate("leak_outsider", "leak_outsider")
        lead = self.env["crm.lead"].create({"name": "Follow me", "user_id": self.outsider.id})
        answers = []
        for record_id in self.ids.values():
            answers.append(
                self._rpc(
                    "crm.lead", "message_subscribe", [[lead.id]], {"partner_ids": [record_id]}
                )
            )
        answers.append(
            self._rpc(
                "mail.followers",
                "search_read",
                [[("res_model", "in", ["crm.lead", "safety.plan", "safety.survivor"])]],
                {"fields": ["res_model", "res_id", "partner_id", "name", "email"]},
            )
        )
        answers.append(self._rpc("safety.plan", "message_subscribe", [[self.plan.id]], {}))
        if "discuss.channel" in self.env:
            channel = self.env["discuss.channel"].with_user(self.outsider).create({"name": "Leaky"})
            answers.append(
                self._rpc(
                    "discuss.channel",
                    "add_members",
                    [[channel.id]],
                    {"partner_ids": list(self.ids.values())},
                )
            )
            answers.append(
                self._rpc(
                    "discuss.channel.member",
                    "search_read",
                    [[("channel_id", "=", channel.id)]],
                    {"fields": ["partner_id"]},
                )
            )
        self.assertNothingOfTheSurvivor(answers, "followers and members")
        self.assertFalse(
            [
                row
                for row in answers[len(self.ids)]["result"]
                if row["res_model"] in ("safety.plan", "safety.survivor")
            ],
            "nobody outside lists who follows a plan",
        )

    # no "exists but hidden" oracle -------------------------------------------------
    def test_same_answer_for_existing_and_missing_ids(self):
        missing = 987654321

        def normalise(answer, record_id):
            error = answer.get("error")
            if error:
                # what a caller reads: the error's kind and message (the debug
                # traceback names source lines, not records)
                error = {"name": error["data"]["name"], "message": error["data"]["message"]}
            text = json.dumps(error or answer.get("result"), default=str)
            # ids only, not the same digits inside a date or a time
            # (not a line number of a traceback that happens to equal the id)
            # nor inside a hash or a token (hex digits and letters around it)
            return re.sub(rf"(?<![-:\w])(?<!line )({record_id}|{missing})(?![-:\w])", "ID", text)

        calls = [
            ("read", lambda rid: [[rid], ["display_name"]], {}),
            ("web_read", lambda rid: [[rid]], {"specification": {"display_name": {}}}),
            ("onchange", lambda rid: [[rid], {}, [], {"display_name": {}}], {}),
            ("message_subscribe", lambda rid: [[rid]], {}),
        ]
        for login in ("leak_outsider", "leak_salesman"):
            self.authenticate(login, login)
            for model, record_id in (
                ("safety.survivor", self.survivor.id),
                ("safety.plan", self.plan.id),
                ("safety.card", self.card.id),
            ):
                for method, args, kwargs in calls:
                    for debug in (False, True):
                        with self.subTest(login=login, model=model, method=method, debug=debug):
                            existing = self._rpc(model, method, args(record_id), kwargs, debug)
                            absent = self._rpc(model, method, args(missing), kwargs, debug)
                            self.assertEqual(
                                normalise(existing, record_id), normalise(absent, missing)
                            )
                            self.assertNothingOfTheSurvivor(existing, f"{model}.{method}")
            # web routes: same status, same body
            routes = (
                ("/web/content/safety.plan/%s/notes", self.plan.id),
                ("/web/image/safety.survivor/%s/display_name", self.survivor.id),
                ("/report/pdf/victim_safety_planning.report_safety_card/%s", self.card.id),
            )
            for url, record_id in routes:
                with mute_logger("odoo.http", "werkzeug"):
                    existing = self.url_open(url % record_id)
                    absent = self.url_open(url % missing)
                with self.subTest(login=login, url=url):
                    self.assertEqual(existing.status_code, absent.status_code)
                    self.assertNotIn(NAME.encode(), existing.content)
            for route, params in (
                ("/mail/thread/messages", {"thread_model": "safety.plan", "fetch_params": {}}),
                (
                    "/mail/message/post",
                    {"thread_model": "safety.plan", "post_data": {"body": "hello"}},
                ),
            ):
                answers = []
                for record_id in (self.plan.id, missing):
                    with mute_logger("odoo.http"):
                        answers.append(
                            self.url_open(
                                route,
                                data=json.dumps(
                                    {
                                        "jsonrpc": "2.0",
                                        "method": "call",
                                        "params": dict(params, thread_id=record_id),
                                    }
                                ),
                                headers={"Content-Type": "application/json"},
                            ).json()
                        )
                with self.subTest(login=login, route=route):
                    self.assertEqual(
                        normalise(answers[0], self.plan.id), normalise(answers[1], self.plan.id)
                    )
                    self.assertNothingOfTheSurvivor(answers[0], route)
