from odoo.tests import HttpCase, new_test_user, tagged

from .common import json_call


@tagged("post_install", "-at_install")
class TestWizardMisuse(HttpCase):
    """Wizards used the wrong way over JSON-RPC get a clear error: printing
    with no plan, a print dialog opened on another team's plan, referring a
    lead twice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.us")
        cls.advocate = new_test_user(
            cls.env,
            login="misuse_advocate",
            groups="victim_safety_planning.group_safety_advocate,sales_team.group_sale_salesman",
        )
        cls.other = new_test_user(
            cls.env, login="misuse_other", groups="victim_safety_planning.group_safety_advocate"
        )
        survivor = cls.env["safety.survivor"].with_user(cls.other).create({"name": "Jürgen Öz"})
        cls.other_plan = (
            cls.env["safety.plan"].with_user(cls.other).create({"survivor_id": survivor.id})
        )
        mine = cls.env["safety.survivor"].with_user(cls.advocate).create({"name": "李娜"})
        cls.plan = cls.env["safety.plan"].with_user(cls.advocate).create({"survivor_id": mine.id})

    def setUp(self):
        super().setUp()
        self.authenticate("misuse_advocate", "misuse_advocate")

    def _rpc(self, model, method, args, kwargs=None):
        return json_call(self, model, method, args, kwargs, muted=["odoo.http"])

    def _error(self, answer):
        self.assertIn("error", answer, f"accepted: {answer.get('result')}")
        return answer["error"]["data"]

    def test_print_dialogs_opened_on_another_team_s_plan(self):
        context = {"active_model": "safety.plan", "active_ids": self.other_plan.ids}
        for model in ("safety.card.print.wizard", "safety.plan.print.wizard"):
            with self.subTest(model=model):
                error = self._error(
                    self._rpc(model, "default_get", [["plan_ids"]], {"context": context})
                )
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
                self.assertNotIn("Jürgen", error["message"])
        # their own plan opens
        context["active_ids"] = self.plan.ids
        answer = self._rpc(
            "safety.card.print.wizard", "default_get", [["plan_ids"]], {"context": context}
        )
        self.assertEqual(answer["result"]["plan_ids"], [[6, 0, self.plan.ids]])

    def test_printing_with_no_plan(self):
        for model in ("safety.card.print.wizard", "safety.plan.print.wizard"):
            with self.subTest(model=model):
                wizard_id = self._rpc(model, "create", [{}])["result"]
                error = self._error(self._rpc(model, "action_print", [[wizard_id]]))
                self.assertEqual(error["name"], "odoo.exceptions.UserError")
                self.assertIn("Plans", error["message"])

    def test_referring_a_lead_twice(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Help",
                "contact_name": "Ana Núñez",
                "email_from": "ana@example.org",
                "user_id": self.advocate.id,
            }
        )
        wizard = self._rpc(
            "safety.lead.refer.wizard",
            "create",
            [{"lead_id": lead.id, "advocate_id": self.advocate.id, "name": "Ana Núñez"}],
        )["result"]
        self.assertNotIn("error", self._rpc("safety.lead.refer.wizard", "action_refer", [[wizard]]))
        again = self._rpc(
            "safety.lead.refer.wizard",
            "create",
            [{"lead_id": lead.id, "advocate_id": self.advocate.id, "name": "Ana Núñez"}],
        )
        if "error" not in again:
            again = self._rpc("safety.lead.refer.wizard", "action_refer", [[again["result"]]])
        error = self._error(again)
        self.assertIn(error["name"], ("odoo.exceptions.UserError", "odoo.exceptions.AccessError"))
