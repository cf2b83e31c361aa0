import json
import re

from odoo.tests import HttpCase, new_test_user, tagged

from .common import SafetyCommon, json_call

SECRET = "Zoë Шевченко-秘密"
MISSING = 987654321


@tagged("post_install", "-at_install")
class TestHouseholdCourtRpc(HttpCase):
    """The models of household members, court hearings and signed releases
    over JSON-RPC, as a non-member holding every other app's rights, as an
    advocate of another team and as a supervisor of another company: they
    get nothing, and an existing id answers as a missing one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        group = "victim_safety_planning.group_safety_advocate"
        cls.advocate = new_test_user(cls.env, login="hc_advocate", groups=group)
        cls.other_advocate = new_test_user(cls.env, login="hc_other", groups=group)
        other_company = cls.env["res.company"].create({"name": "Другое агентство"})
        cls.other_supervisor = new_test_user(
            cls.env,
            login="hc_other_company",
            groups="victim_safety_planning.group_safety_supervisor",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        SafetyCommon._new_outsider(cls.env, login="hc_outsider")
        survivor = cls.env["safety.survivor"].with_user(cls.advocate).create({"name": SECRET})
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create({"survivor_id": survivor.id})
            .with_env(cls.env)
        )
        cls.records = cls._new_records()

    @classmethod
    def _new_records(cls):
        """{model: (record, its field to read)}: one record of each new model,
        holding the secret."""
        env = cls.env(user=cls.advocate)
        member = env["safety.household.member"].create(
            {"plan_id": cls.plan.id, "name": SECRET, "school": SECRET}
        )
        hearing = env["safety.court.hearing"].create(
            {"plan_id": cls.plan.id, "date": "2030-01-15 09:00:00", "court": SECRET}
        )
        recipient = cls.env["res.partner"].create({"name": "Refugio Norte", "is_company": True})
        consent = env["safety.consent"].create(
            {
                "plan_id": cls.plan.id,
                "recipient_id": recipient.id,
                "purpose": "Intake",
                "scope": "Name",
                "expiry_date": "2099-01-01",
                "signed_by": SECRET,
                "is_signed_on_paper": True,
            }
        )
        return {
            "safety.consent": (consent.with_env(cls.env), "signed_by"),
            "safety.household.member": (member.with_env(cls.env), "school"),
            "safety.court.hearing": (hearing.with_env(cls.env), "court"),
        }

    def _call(self, model, method, args, kwargs=None):
        # the refusals are the point: odoo.http logs each one as a warning
        return json_call(self, model, method, args, kwargs, muted=["odoo.http"])

    def _normalise(self, answer, record_id):
        error = answer.get("error")
        if error:
            error = {"name": error["data"]["name"], "message": error["data"]["message"]}
        text = json.dumps(error or answer.get("result"), default=str)
        return re.sub(rf"(?<![-:\w])({record_id}|{MISSING})(?![-:\w])", "ID", text)

    def test_outsiders_get_nothing(self):
        for login in ("hc_outsider", "hc_other", "hc_other_company"):
            self.authenticate(login, login)
            for model, (record, field) in self.records.items():
                spec = {"display_name": {}, field: {}}
                with self.subTest(login=login, model=model):
                    found = self._call(
                        model, "web_search_read", [], {"domain": [], "specification": spec}
                    )
                    self.assertNotIn(SECRET, json.dumps(found, ensure_ascii=False))
                    self.assertFalse((found.get("result") or {}).get("records"))
                    named = self._call(model, "name_search", [], {"name": SECRET[:3]})
                    self.assertFalse(named.get("result"))
                    grouped = self._call(
                        model,
                        "formatted_read_group",
                        [],
                        {"domain": [], "groupby": ["plan_id"], "aggregates": ["__count"]},
                    )
                    self.assertFalse(grouped.get("result"))
                    for method, args, kwargs in (
                        ("read", lambda rid, f=field: [[rid], [f]], {}),
                        ("web_read", lambda rid: [[rid]], {"specification": spec}),
                        ("onchange", lambda rid, s=spec: [[rid], {}, [], s], {}),
                    ):
                        existing = self._call(model, method, args(record.id), kwargs)
                        self.assertNotIn(SECRET, json.dumps(existing, ensure_ascii=False))
                        if method == "read" and login == "hc_outsider":
                            self.assertIn("error", existing)
                        # a real id and a made-up one answer alike, for everyone
                        absent = self._call(model, method, args(MISSING), kwargs)
                        self.assertEqual(
                            self._normalise(existing, record.id),
                            self._normalise(absent, MISSING),
                            method,
                        )

    def test_members_read_them(self):
        self.authenticate("hc_advocate", "hc_advocate")
        for model, (record, field) in self.records.items():
            with self.subTest(model=model):
                read = self._call(model, "web_read", [[record.id]], {"specification": {field: {}}})
                self.assertIn(SECRET, json.dumps(read["result"], ensure_ascii=False))
