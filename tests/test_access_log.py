import json
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SafetyCommon, json_call

# What the plan's form asks for when it opens: the survivor shown by name,
# the steps and contacts read through their own models (nested web_reads,
# some of which come back to the plan for its display name).
PLAN_FORM_SPEC = {
    "name": {},
    "state": {},
    "survivor_id": {"fields": {"display_name": {}}},
    "advocate_id": {"fields": {"display_name": {}}},
    "step_ids": {
        "fields": {"name": {}, "is_done": {}, "plan_id": {"fields": {"display_name": {}}}},
        "limit": 40,
    },
    "emergency_contact_ids": {"fields": {"name": {}, "phone": {}}},
}


class AccessLogCommon(SafetyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["safety.access.log"]
        cls.plan.emergency_contact_ids = [(0, 0, {"name": "Neighbour", "phone": "+14155552671"})]
        cls.survivor_2 = cls.env["safety.survivor"].create({"name": "Sam Second"})
        cls.survivor_3 = cls.env["safety.survivor"].create({"name": "Tao Third"})

    def _lines(self, **filters):
        # the users made for the tests were given access: grants aren't reads
        domain = [("action", "!=", "grant")]
        domain += [(name, "=", value) for name, value in filters.items()]
        return self.Log.search(domain, order="id")

    def _shape(self, lines):
        return sorted((line.action, line.model, line.res_id) for line in lines)


@tagged("post_install", "-at_install")
class TestAccessLog(AccessLogCommon):
    def test_line_holds_ids_of_record_plan_survivor_and_record_company(self):
        other_company = self.env["res.company"].create({"name": "Northside Shelter"})
        self.supervisor.company_ids += other_company
        survivor = self.env["safety.survivor"].create(
            {"name": "Ola Other-Company", "company_id": other_company.id}
        )
        plan = self.env["safety.plan"].create(
            {"survivor_id": survivor.id, "company_id": other_company.id}
        )
        step = plan.step_ids[:1] or self.env["safety.plan.step"].create(
            {"plan_id": plan.id, "name": "Pack a bag", "context": "leaving"}
        )
        # the reader works in the first company: the line goes to the record's
        line = self.Log.with_user(self.supervisor)._log(step, "read")
        self.assertEqual(self.supervisor.company_id, self.env.company)
        self.assertEqual(
            (line.model, line.res_id, line.plan_id, line.survivor_id, line.company_id),
            ("safety.plan.step", step.id, plan, survivor, other_company),
        )
        answer_line = self.Log._log(self._answer(), "read")
        self.assertEqual((answer_line.plan_id, answer_line.survivor_id), (self.plan, self.survivor))
        survivor_line = self.Log._log(self.survivor, "read")
        self.assertEqual(
            (survivor_line.plan_id, survivor_line.survivor_id), (self.Log.plan_id, self.survivor)
        )
        # ids only: no value of the record is copied into the log
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM safety_access_log WHERE id = %s", [line.id])
        self.assertNotIn("Ola", str(self.env.cr.fetchall()))

    def _answer(self):
        general = self.env.ref("victim_safety_planning.safety_risk_template_general")
        assessment = self.env["safety.risk.assessment"].create(
            {"plan_id": self.plan.id, "template_id": general.id}
        )
        return assessment.answer_ids[:1]

    def test_server_reads_and_writes_outside_a_request_log_nothing(self):
        # crons, computes and Odoo's own code read and write without a person
        # asking: only what a request asks for is an access
        plan = self.plan.with_user(self.advocate)
        plan.web_read(PLAN_FORM_SPEC)
        plan.read(["name"])
        plan.search_read([], ["name"])
        plan.write({"situation_type": "stalking"})
        self.assertFalse(self._lines())

    def test_exports_are_logged_per_record(self):
        self.advocate.group_ids += self.env.ref("base.group_allow_export")
        plan = self.plan.with_user(self.advocate)
        plan.export_data(["name", "survivor_id/name", "step_ids/name"])
        self.assertEqual(self._shape(self._lines()), [("export", "safety.plan", self.plan.id)])

    def test_record_in_words_for_supervisors_only(self):
        line = self.Log._log(self.plan, "read")
        gone = self.env["safety.plan.step"].create(
            {"plan_id": self.plan.id, "name": "Temporary", "context": "home"}
        )
        gone_line = self.Log._log(gone, "write")
        gone.unlink()
        as_supervisor = (line | gone_line).with_user(self.supervisor)
        self.assertEqual(as_supervisor[0].record_display, f"Safety Plan {self.plan.name}")
        self.assertEqual(as_supervisor[0].survivor_id.display_name, "Robin Fictional")
        self.assertEqual(as_supervisor[0].plan_id.display_name, self.plan.name)
        self.assertEqual(
            as_supervisor[1].record_display, f"Safety Plan Step #{gone.id} (no longer exists)"
        )
        labels = dict(as_supervisor._fields["action"]._description_selection(self.env))
        self.assertEqual(labels[line.action], "Read through the API")
        # nobody else reads the log; were a line handed to them, no name
        # comes with it
        for user in (self.advocate, self.outsider):
            with self.assertRaises(AccessError):
                line.with_user(user).read(["record_display"])
            self.assertEqual(line.with_user(user).sudo().record_display, "Confidential")

    def test_access_history_of_survivor_and_plan(self):
        step = self.plan.step_ids[:1]
        other_plan = self.env["safety.plan"].create({"survivor_id": self.survivor_2.id})
        on_survivor = self.Log._log(self.survivor, "open")
        on_plan = self.Log._log(self.plan, "open")
        on_step = self.Log._log(step, "write")
        on_contact = self.Log._log(self.plan.emergency_contact_ids, "read")
        elsewhere = self.Log._log(other_plan, "open")
        Log = self.Log.with_user(self.supervisor)
        action = self.survivor.with_user(self.supervisor).action_safety_access_history()
        self.assertEqual(Log.search(action["domain"]), on_survivor | on_plan | on_step | on_contact)
        action = self.plan.with_user(self.supervisor).action_safety_access_history()
        self.assertEqual(Log.search(action["domain"]), on_plan | on_step | on_contact)
        self.assertNotIn(elsewhere, Log.search(action["domain"]))
        # the log's search finds a survivor's or a plan's lines by name
        self.assertEqual(
            Log.search([("survivor_id", "ilike", "Robin")]),
            on_survivor | on_plan | on_step | on_contact,
        )
        self.assertEqual(Log.search([("plan_id", "in", other_plan.ids)]), elsewhere)
        # advocates and outsiders have no access history to open
        for user in (self.advocate, self.advocate_other):
            with self.assertRaises(AccessError):
                self.plan.with_user(user).action_safety_access_history()
        with self.assertRaises(AccessError):
            self.plan.with_user(self.outsider).action_safety_access_history()
        with self.assertRaises(AccessError):
            self.Log.with_user(self.outsider).search([])

    def test_erased_survivor_keeps_the_erasure_line(self):
        line = self.Log._log(self.survivor_3, "erase")
        self.survivor_3.unlink()
        self.assertEqual((line.model, line.res_id), ("safety.survivor", line.res_id))
        self.assertTrue(line.exists())
        self.assertFalse(line.survivor_id)
        self.assertEqual(line.survivor_ref, line.res_id, "the id stays, as the record's does")

    def test_retention_is_an_autovacuum(self):
        old = self.Log._log(self.plan, "read")
        recent = self.Log._log(self.plan, "export")
        self.env.cr.execute(
            "UPDATE safety_access_log SET timestamp = now() - interval '800 days' WHERE id = %s",
            [old.id],
        )
        self.Log.invalidate_model()
        self.assertEqual(self.Log._gc_access_log(), (1, 0))
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.env["ir.config_parameter"].set_param(
            "victim_safety_planning.access_log_retention_days", 0
        )
        self.env.cr.execute(
            "UPDATE safety_access_log SET timestamp = now() - interval '8000 days' WHERE id = %s",
            [recent.id],
        )
        self.assertEqual(self.Log._gc_access_log(), (0, 0))
        self.assertTrue(recent.exists(), "0 keeps the log forever")

    # curiosity alert ----------------------------------------------------------
    def _open_survivors_yesterday(self, user, survivors):
        lines = self.Log.browse()
        for survivor in survivors:
            lines |= self.Log.with_user(user)._log(survivor, "open")
            lines |= self.Log.with_user(user)._log(survivor.plan_ids, "read")
        self.env.cr.execute(
            "UPDATE safety_access_log SET timestamp = now() - interval '1 day' WHERE id IN %s",
            [tuple(lines.ids)],
        )
        self.Log.invalidate_model()

    def _alerts(self, supervisor):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", supervisor.partner_id.ids),
                ("subject", "=", "Unusual number of survivors' files opened"),
            ]
        )

    def test_curiosity_alert_names_counts_not_survivors(self):
        params = self.env["ir.config_parameter"]
        survivors = self.survivor | self.survivor_2 | self.survivor_3
        self._open_survivors_yesterday(self.advocate, survivors)
        self._open_survivors_yesterday(self.advocate_other, survivors[:2])
        self.Log._cron_curiosity_alert()
        self.assertFalse(self._alerts(self.supervisor), "off by default")
        params.set_param("victim_safety_planning.curiosity_alert", True)
        params.set_param("victim_safety_planning.curiosity_threshold", 2)
        params.set_param("victim_safety_planning.curiosity_last_day", False)
        self.Log._cron_curiosity_alert()
        alert = self._alerts(self.supervisor)
        self.assertEqual(len(alert), 1, "one message, about the one user above the threshold")
        body = str(alert.body)
        self.assertIn("Ada Advocate", body)
        self.assertIn("3 survivors", body)
        self.assertIn("Opened: 3", body)
        for name in ("Robin", "Sam", "Tao", self.plan.name):
            self.assertNotIn(name, body)
        self.assertNotIn("Otto", body, "at the threshold is not above it")
        # the manager (a supervisor too) hears of it; nobody hears of themselves
        self.assertEqual(len(self._alerts(self.manager)), 1)
        # a day is looked at once
        self.Log._cron_curiosity_alert()
        self.assertEqual(len(self._alerts(self.supervisor)), 1)

    def test_curiosity_counts_only_the_supervisors_companies(self):
        params = self.env["ir.config_parameter"]
        params.set_param("victim_safety_planning.curiosity_alert", True)
        params.set_param("victim_safety_planning.curiosity_threshold", 2)
        elsewhere = self.env["res.company"].create({"name": "Elsewhere Shelter"})
        other_supervisor = new_test_user(
            self.env,
            login="vsp_supervisor_elsewhere",
            groups="victim_safety_planning.group_safety_supervisor",
            company_id=elsewhere.id,
            company_ids=elsewhere.ids,
        )
        self._open_survivors_yesterday(
            self.advocate, self.survivor | self.survivor_2 | self.survivor_3
        )
        self.Log._cron_curiosity_alert()
        self.assertEqual(len(self._alerts(self.supervisor)), 1)
        self.assertFalse(self._alerts(other_supervisor), "no count from another company")

    def test_curiosity_threshold_setting_is_checked(self):
        settings = self.env["res.config.settings"].create(
            {"safety_curiosity_alert": True, "safety_curiosity_threshold": 0}
        )
        with self.assertRaisesRegex(ValidationError, "Curiosity threshold"):
            settings.execute()


@tagged("post_install", "-at_install")
class TestAccessLogHttp(HttpCase, AccessLogCommon):
    """The paths people take, over HTTP: the web client (call_kw and
    call_button) and API clients (/json/2, XML-RPC)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.advocate, cls.advocate_other, cls.supervisor, cls.outsider):
            user.password = user.login

    def _call(self, model, method, args, kwargs=None, route="call_kw"):
        # refusals are part of what is tried: odoo.http logs each as a warning
        return json_call(self, model, method, args, kwargs, route=route, muted=["odoo.http"])

    def test_opening_a_form_writes_one_line(self):
        self.authenticate("vsp_advocate", "vsp_advocate")
        result = self._call(
            "safety.plan", "web_read", [self.plan.ids], {"specification": PLAN_FORM_SPEC}
        )
        self.assertEqual(result["result"][0]["survivor_id"]["display_name"], "Robin Fictional")
        self.assertTrue(result["result"][0]["step_ids"])
        line = self._lines()
        self.assertEqual(self._shape(line), [("open", "safety.plan", self.plan.id)])
        self.assertEqual(
            (line.user_id, line.plan_id, line.survivor_id, line.company_id),
            (self.advocate, self.plan, self.survivor, self.plan.company_id),
        )
        self._call(
            "safety.survivor",
            "web_read",
            [self.survivor.ids],
            {"specification": {"name": {}, "plan_ids": {"fields": {"name": {}}}}},
        )
        self.assertEqual(
            self._shape(self._lines()),
            [("open", "safety.plan", self.plan.id), ("open", "safety.survivor", self.survivor.id)],
        )

    def test_lists_kanbans_groups_and_names_log_nothing(self):
        self.authenticate("vsp_supervisor", "vsp_supervisor")
        listed = self._call(
            "safety.plan",
            "web_search_read",
            [],
            {"domain": [], "specification": PLAN_FORM_SPEC, "limit": 80},
        )
        self.assertTrue(listed["result"]["records"])
        self._call(
            "safety.plan",
            "formatted_read_group",
            [],
            {"domain": [], "groupby": ["survivor_id"], "aggregates": ["__count"]},
        )
        self._call("safety.survivor", "name_search", [], {"name": "Robin"})
        self._call(
            "safety.plan",
            "web_name_search",
            [],
            {"name": "", "specification": {"display_name": {}, "survivor_id": {}}},
        )
        self.assertFalse(self._lines())

    def test_api_reads_write_one_line_per_record(self):
        self.authenticate("vsp_supervisor", "vsp_supervisor")
        other_plan = self.env["safety.plan"].create({"survivor_id": self.survivor_2.id})
        plans = self.env["safety.plan"].with_user(self.supervisor).search([])
        self.assertIn(other_plan, plans)
        found = self._call("safety.plan", "search_read", [], {"domain": [], "fields": ["name"]})
        self.assertEqual(len(found["result"]), len(plans))
        self.assertEqual(
            self._shape(self._lines()), sorted(("read", "safety.plan", plan.id) for plan in plans)
        )
        self.assertEqual(set(self._lines().user_id.ids), {self.supervisor.id})
        self._lines().invalidate_recordset()
        # read of a plan's records: one line each, on their own model
        contacts = self.plan.emergency_contact_ids
        self._call("safety.emergency.contact", "read", [contacts.ids, ["name", "phone"]])
        contact_lines = self._lines(model="safety.emergency.contact")
        self.assertEqual(
            self._shape(contact_lines), [("read", "safety.emergency.contact", contacts.id)]
        )
        self.assertEqual(contact_lines.plan_id, self.plan)
        # an empty answer logs nothing
        self._call("safety.plan", "search_read", [], {"domain": [("id", "=", 0)]})
        self.assertEqual(len(self._lines(model="safety.plan")), len(plans))

    def test_changes_write_one_line_per_record(self):
        self.authenticate("vsp_advocate", "vsp_advocate")
        saved = self._call(
            "safety.plan",
            "web_save",
            [
                self.plan.ids,
                {
                    "situation_type": "stalking",
                    "step_ids": [(0, 0, {"name": "Hide a key", "context": "home"})],
                },
            ],
            {"specification": PLAN_FORM_SPEC},
        )
        self.assertNotIn("error", saved)
        self.assertEqual(self.plan.situation_type, "stalking")
        self.assertEqual(self._shape(self._lines()), [("write", "safety.plan", self.plan.id)])
        # a button that changes the plan
        clicked = self._call("safety.plan", "action_activate", [self.plan.ids], route="call_button")
        self.assertNotIn("error", clicked)
        self.assertEqual(self.plan.state, "active")
        self.assertEqual(
            self._shape(self._lines()),
            [("write", "safety.plan", self.plan.id), ("write", "safety.plan", self.plan.id)],
        )
        # a step changed through its own model is a change to that step
        step = self.plan.step_ids[:1]
        self._call("safety.plan.step", "write", [step.ids, {"is_done": True}])
        line = self._lines(model="safety.plan.step")
        self.assertEqual(
            (line.action, line.res_id, line.plan_id, line.survivor_id),
            ("write", step.id, self.plan, self.survivor),
        )

    def test_read_only_request_logs_once_and_is_not_replayed(self):
        """A read-only request (as on a read replica) writes its line through
        a transaction of its own: once, with no ReadOnlySqlTransaction, no
        replay on a read/write cursor and no warning."""
        Log = type(self.env["safety.access.log"])
        original = Log._log
        cursors = []

        def spy(log, records, action):
            cursors.append(log.env.cr.readonly)
            return original(log, records, action)

        self.authenticate("vsp_advocate", "vsp_advocate")
        with (
            patch.object(Log, "_log", spy),
            self.assertNoLogs("odoo.http", "WARNING"),
            self.assertNoLogs("odoo.sql_db", "WARNING"),
        ):
            answer = json_call(
                self, "safety.plan", "web_read", [self.plan.ids], {"specification": PLAN_FORM_SPEC}
            )
        self.assertEqual(answer["result"][0]["id"], self.plan.id)
        self.assertEqual(cursors, [True], "one call, on the read-only cursor: no replay")
        self.assertEqual(self._shape(self._lines()), [("open", "safety.plan", self.plan.id)])

    def test_outsiders_and_other_teams_get_nothing_and_file_nothing(self):
        for login in ("vsp_outsider", "vsp_advocate_other"):
            self.authenticate(login, login)
            for model, method, args, kwargs in (
                ("safety.plan", "web_read", [self.plan.ids], {"specification": {"name": {}}}),
                ("safety.plan", "read", [self.plan.ids, ["name"]], {}),
                ("safety.survivor", "read", [self.survivor.ids, ["name"]], {}),
            ):
                answer = self._call(model, method, args, kwargs)
                if login == "vsp_advocate_other":
                    # the answer of an id that does not exist
                    self.assertEqual(answer.get("result"), [])
                else:
                    self.assertIn("error", answer)
                self.assertNotIn("Robin", str(answer))
            found = self._call("safety.plan", "search_read", [], {"fields": ["name"]})
            self.assertNotIn(self.plan.name, str(found))
            log = self._call("safety.access.log", "search_read", [], {"fields": ["res_id"]})
            self.assertIn("error", log)
        self.assertFalse(self._lines())

    def test_xmlrpc_and_json2_reads_are_logged(self):
        # XML-RPC is deprecated in Odoo 19 (and says so), not gone: clients use it
        with mute_logger("odoo.addons.rpc.controllers.xmlrpc"):
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                self.supervisor.id,
                "vsp_supervisor",
                "safety.survivor",
                "read",
                [self.survivor.ids, ["name"]],
            )
        self.assertEqual(
            self._shape(self._lines()), [("read", "safety.survivor", self.survivor.id)]
        )
        key = (
            self.env["res.users.apikeys"]
            .with_user(self.supervisor)
            .sudo()
            ._generate("rpc", "access log test", fields.Datetime.now() + timedelta(days=1))
        )
        response = self.url_open(
            "/json/2/safety.plan/web_read",
            data=json.dumps({"ids": self.plan.ids, "specification": {"name": {}}}),
            headers={
                "Authorization": f"bearer {key}",
                "Content-Type": "application/json",
                "X-Odoo-Database": self.env.cr.dbname,
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(
            self._shape(self._lines()),
            [("read", "safety.plan", self.plan.id), ("read", "safety.survivor", self.survivor.id)],
        )

    def _json2(self, model, method, **params):
        """``model.method(**params)`` over /json/2 with the supervisor's API key."""
        if not getattr(self, "_api_key", None):
            self._api_key = (
                self.env["res.users.apikeys"]
                .with_user(self.supervisor)
                .sudo()
                ._generate("rpc", "access log test", fields.Datetime.now() + timedelta(days=1))
            )
        response = self.url_open(
            f"/json/2/{model}/{method}",
            data=json.dumps(params),
            headers={
                "Authorization": f"bearer {self._api_key}",
                "Content-Type": "application/json",
                "X-Odoo-Database": self.env.cr.dbname,
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        return response.json()

    def _xmlrpc(self, model, method, args, kwargs=None):
        # XML-RPC is deprecated in Odoo 19 (and says so), not gone; so is read_group
        with mute_logger("odoo.addons.rpc.controllers.xmlrpc", "py.warnings"):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                self.supervisor.id,
                "vsp_supervisor",
                model,
                method,
                args,
                kwargs or {},
            )

    def test_integrations_reading_lists_and_groups_are_logged(self):
        """An integration's lists and group-bys that hand back survivor data
        are in the access history, one line per record read; counts by state
        hand back none, and the web client's lists stay unlogged."""
        plans = self.env["safety.plan"].with_user(self.supervisor).search([])
        every_plan = sorted(("read", "safety.plan", plan.id) for plan in plans)
        listed = self._json2(
            "safety.plan", "web_search_read", domain=[], specification={"name": {}}, limit=80
        )
        self.assertEqual(len(listed["records"]), len(plans))
        self.assertEqual(self._shape(self._lines()), every_plan)
        self._json2(
            "safety.plan",
            "formatted_read_group",
            domain=[],
            groupby=["state"],
            aggregates=["__count"],
        )
        self._json2(
            "safety.plan",
            "formatted_read_group",
            domain=[],
            groupby=["create_date:month", "advocate_id"],
            aggregates=["__count"],
        )
        self.assertEqual(len(self._lines()), len(plans), "counts name no survivor")
        groups = self._json2(
            "safety.plan",
            "formatted_read_group",
            domain=[],
            groupby=["survivor_id"],
            aggregates=["__count"],
        )
        self.assertIn("Robin Fictional", str(groups))
        self.assertEqual(self._shape(self._lines()), sorted(every_plan * 2))
        unfolded = self._json2(
            "safety.plan",
            "web_read_group",
            domain=[("id", "=", self.plan.id)],
            groupby=["state"],
            auto_unfold=True,
            unfold_read_specification={"name": {}},
        )
        self.assertIn(self.plan.name, str(unfolded))
        self.assertEqual(len(self._lines()), 2 * len(plans) + 1)
        # XML-RPC: a list of survivors, and a legacy read_group of their cities
        survivors = self.env["safety.survivor"].with_user(self.supervisor).search([])
        self._xmlrpc("safety.survivor", "web_search_read", [[]], {"specification": {"name": {}}})
        self._xmlrpc("safety.survivor", "read_group", [[], ["city"], ["city"]])
        self.assertEqual(
            self._shape(self._lines(model="safety.survivor")),
            sorted([("read", "safety.survivor", survivor.id) for survivor in survivors] * 2),
        )
        # the web client's list and grouped list of the same: nothing more
        count = len(self._lines())
        self.authenticate("vsp_supervisor", "vsp_supervisor")
        self._call(
            "safety.survivor",
            "web_search_read",
            [],
            {"domain": [], "specification": {"name": {}}, "limit": 80},
        )
        self._call(
            "safety.survivor",
            "web_read_group",
            [],
            {"domain": [], "groupby": ["city"], "aggregates": ["__count"], "auto_unfold": True},
        )
        self.assertEqual(len(self._lines()), count)


@tagged("post_install", "-at_install")
class TestAccessLogUi(HttpCase):
    """The web client, end to end: looking at plans in a kanban, a list and
    the review calendar logs nothing; opening one plan logs one line; a
    supervisor finds it in the survivor's Access History, in words."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advocate = new_test_user(
            cls.env,
            login="log_tour_advocate",
            name="Lou Logtour",
            groups="victim_safety_planning.group_safety_advocate",
        )
        new_test_user(
            cls.env,
            login="log_tour_supervisor",
            name="Sid Logtour",
            groups="victim_safety_planning.group_safety_supervisor",
        )
        cls.survivor = cls.env["safety.survivor"].create({"name": "Log Tour Survivor"})
        cls.plan = cls.env["safety.plan"].create(
            {
                "survivor_id": cls.survivor.id,
                "advocate_id": cls.advocate.id,
                "emergency_contact_ids": [(0, 0, {"name": "Tour Friend"})],
            }
        )
        cls.plan.action_activate()
        cls.plan.next_review_date = fields.Date.context_today(cls.plan)

    def test_web_client_opens_a_plan_once(self):
        Log = self.env["safety.access.log"]
        self.start_tour(
            "/odoo/safety-plans",
            "victim_safety_planning_access_log_tour",
            login="log_tour_advocate",
        )
        lines = Log.search([("user_id", "=", self.advocate.id)])
        self.assertEqual(
            [(line.action, line.model, line.res_id) for line in lines],
            [("open", "safety.plan", self.plan.id)],
        )
        self.start_tour(
            "/odoo/safety-survivors",
            "victim_safety_planning_access_history_tour",
            login="log_tour_supervisor",
        )
        lines = Log.search([("user_id.login", "=", "log_tour_supervisor")])
        self.assertEqual(
            [(line.action, line.model, line.res_id) for line in lines],
            [("open", "safety.survivor", self.survivor.id)],
        )
