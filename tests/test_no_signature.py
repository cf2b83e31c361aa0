import json
import logging
import re

from markupsafe import Markup

from odoo import models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.service.model import get_public_method
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SafetyCommon

_logger = logging.getLogger(__name__)

MODULE = "victim_safety_planning"
MUTED = ("odoo.http", "odoo.models", "odoo.addons", "odoo.sql_db", "odoo.service", "py.warnings")

# Arguments each method is called with (besides the ids): enough for the call
# to reach the records. A method left out is called without arguments: a
# TypeError names no record and is the same for every id.
ARGS = {
    "read": ([], {}),
    "web_read": ([{"display_name": {}}], {}),
    "check_access": (["read"], {}),
    "has_access": (["read"], {}),
    "export_data": ([["display_name"]], {}),
    "onchange": ([{}, [], {"display_name": {}}], {}),
    "write": ([{}], {}),
    "copy": ([], {}),
    "fetch": ([["display_name"]], {}),
    "update_field_translations": (["display_name", {}], {}),
    "get_field_translations": (["display_name"], {}),
    "message_post": ([], {"body": "Hello", "message_type": "comment"}),
    "message_subscribe": ([], {"partner_ids": "__own_partner__"}),
    "message_unsubscribe": ([], {"partner_ids": "__own_partner__"}),
    "activity_schedule": ([], {"act_type_xmlid": "mail.mail_activity_data_todo"}),
    "message_get_followers": ([], {}),
}
# Methods that would change or remove the control's record: called for the
# control inside a savepoint rolled back after the call.
ROLE_LOGINS = ("nosig_outsider", "nosig_other_team", "nosig_other_company")
ID_RE = re.compile(r"\d+")


def method_names(env, model_name):
    """(public methods taking ids, {skipped method: reason}) of ``model_name``
    among the methods of BaseModel and mail.thread (with mail.activity.mixin,
    the plan's and survivor's activities), as call_kw sees them."""
    names = {name for name in dir(models.BaseModel) if not name.startswith("_")}
    for mixin in ("mail.thread", "mail.activity.mixin"):
        names |= {name for name in dir(type(env[mixin])) if not name.startswith("_")}
    model = env[model_name]
    taking_ids, skipped = [], {}
    for name in sorted(names):
        if not hasattr(type(model), name):
            continue
        try:
            method = get_public_method(model, name)
        except (AccessError, AttributeError):  # private or absent: call_kw refuses it by name
            continue
        if getattr(method, "_api_model", False):
            skipped[name] = "@api.model: call_kw calls it without ids"
        elif not callable(method) or isinstance(getattr(type(model), name), property):
            skipped[name] = "not a method"
        else:
            taking_ids.append(name)
    return taking_ids, skipped


@tagged("post_install", "-at_install")
class TestNoSignature(HttpCase):
    """Every public method that takes ids, over /web/dataset/call_kw, answers
    a survivor's record exactly as a record that does not exist (a survivor,
    a plan, a respondent), and an attachment and a message of a plan as
    those of a plan that does not exist: same HTTP
    status, error class and message once ids are masked. Tried as an
    outsider holding every other app's rights, another team's advocate and
    another company's supervisor; the plan's advocate, as a control, finds
    the records."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        env.company.country_id = env.ref("base.us")
        cls.advocate = mail_new_test_user(
            env,
            login="nosig_advocate",
            name="Zoé Adwokat",
            groups=f"{MODULE}.group_safety_advocate",
        )
        other_team = mail_new_test_user(
            env,
            login="nosig_other_team",
            name="Ольга Другая",
            groups=f"{MODULE}.group_safety_advocate",
        )
        other_company = env["res.company"].create({"name": "وكالة أخرى"})
        other_supervisor = mail_new_test_user(
            env,
            login="nosig_other_company",
            name="另一位主管",
            groups=f"{MODULE}.group_safety_supervisor",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        outsider = SafetyCommon._new_outsider(env, login="nosig_outsider")
        cls.roles = (outsider, other_team, other_supervisor)
        survivor = (
            env["safety.survivor"]
            .with_user(cls.advocate)
            .create({"name": "Inès Müller-Ivanova", "country_id": env.ref("base.us").id})
        )
        plan = (
            env["safety.plan"]
            .with_user(cls.advocate)
            .create({"survivor_id": survivor.id, "situation_type": "domestic_violence"})
        )
        respondent = (
            env["safety.respondent"]
            .with_user(cls.advocate)
            .create({"plan_id": plan.id, "name": "Kwame Oduya"})
        )
        attachment = (
            env["ir.attachment"]
            .with_user(cls.advocate)
            .create(
                {
                    "name": "statement.txt",
                    "raw": b"statement",
                    "res_model": "safety.plan",
                    "res_id": plan.id,
                }
            )
        )
        message = plan.with_user(cls.advocate).message_post(
            body=Markup("<p>Met Inès</p>"), message_type="comment"
        )

        def missing(model_name):
            table = SQL.identifier(env[model_name]._table)
            return env.execute_query(SQL("SELECT COALESCE(MAX(id), 0) + 1000 FROM %s", table))[0][0]

        # the counterparts of the attachment and the message: those of a plan
        # that does not exist (core answers a made-up attachment or message
        # id unlike a forbidden one, for every app)
        missing_plan_id = missing("safety.plan")
        orphan_attachment = env["ir.attachment"].create(
            {
                "name": "statement.txt",
                "raw": b"statement",
                "res_model": "safety.plan",
                "res_id": missing_plan_id,
            }
        )
        orphan_message = env["mail.message"].create(
            {
                "body": "<p>Met Inès</p>",
                "message_type": "comment",
                "model": "safety.plan",
                "res_id": missing_plan_id,
                "author_id": cls.advocate.partner_id.id,
                "reply_to": message.reply_to,
            }
        )

        # (model, real id, the id it must answer like)
        cls.cases = [
            ("safety.survivor", survivor.id, missing("safety.survivor")),
            ("safety.plan", plan.id, missing("safety.plan")),
            ("safety.respondent", respondent.id, missing("safety.respondent")),
            ("ir.attachment", attachment.id, orphan_attachment.id),
            ("mail.message", message.id, orphan_message.id),
        ]
        env.flush_all()

    def _call(self, user, model, method, record_id):
        args, kwargs = ARGS.get(method, ([], {}))
        kwargs = {
            key: [user.partner_id.id] if value == "__own_partner__" else value
            for key, value in kwargs.items()
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": [[record_id], *args],
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        answer = response.json() if response.status_code == 200 else {}
        error = answer.get("error")
        if error:
            data = error.get("data") or {}
            shown = (data.get("name"), data.get("message"))
        else:
            shown = ("result", json.dumps(answer.get("result"), sort_keys=True, default=str))
        return (response.status_code, *(ID_RE.sub("#", str(part)) for part in shown))

    def _call_rolled_back(self, user, model, method, record_id):
        """The call, its changes undone (a control may archive or delete)."""
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT nosig_call")
        try:
            return self._call(user, model, method, record_id)
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT nosig_call")
            self.env.invalidate_all()

    def test_every_method_answers_alike(self):
        differences = []
        tried = 0
        found_by_control = {}
        skipped_all = {}
        counts = {}
        for model, real_id, like_id in self.cases:
            methods, skipped = method_names(self.env, model)
            counts[model] = len(methods)
            skipped_all.update({f"{model}.{name}": reason for name, reason in skipped.items()})
            for user in self.roles:
                self.authenticate(user.login, user.login)
                for method in methods:
                    with mute_logger(*MUTED):
                        real = self._call_rolled_back(user, model, method, real_id)
                        like = self._call_rolled_back(user, model, method, like_id)
                    tried += 2
                    if real != like:
                        differences.append((user.login, model, method, real, like))
            # the control: the plan's advocate finds the records
            self.authenticate(self.advocate.login, self.advocate.login)
            found = 0
            for method in methods:
                with mute_logger(*MUTED):
                    real = self._call_rolled_back(self.advocate, model, method, real_id)
                    like = self._call_rolled_back(self.advocate, model, method, like_id)
                tried += 2
                found += real != like
            found_by_control[model] = found
        _logger.info(
            "no-signature sweep: %d calls; methods per model %s x 2 ids x %d roles (%s) "
            "+ the plan's advocate as control; %d skipped (%s); the control's answers "
            "differ on %s methods",
            tried,
            counts,
            len(self.roles),
            ", ".join(ROLE_LOGINS),
            len(skipped_all),
            "; ".join(f"{name}: {reason}" for name, reason in sorted(skipped_all.items())),
            found_by_control,
        )
        for difference in differences:
            _logger.info("answers differ: %s", difference)
        self.assertEqual(differences, [], "a real id must answer as its counterpart")
        for model, _real_id, _like_id in self.cases:
            self.assertGreater(
                found_by_control[model],
                3,
                f"the plan's advocate must find the {model} record (read, web_read, ...)",
            )


class TestNoSignaturePaths(SafetyCommon):
    """The paths of issue 20 one by one, as each role: external ids, imports,
    posting and following."""

    def _missing(self, model_name):
        table = SQL.identifier(self.env[model_name]._table)
        return self.env.execute_query(SQL("SELECT COALESCE(MAX(id), 0) + 1000 FROM %s", table))[0][
            0
        ]

    def _answer(self, call):
        """(error class, message with ids masked) or ("result", masked result)."""
        try:
            with self.env.cr.savepoint():
                result = call()
        except (AccessError, MissingError, UserError, ValueError) as error:
            return type(error).__name__, ID_RE.sub("#", str(error))
        return "result", ID_RE.sub("#", repr(result))

    def test_external_ids_for_readers_only(self):
        self.env["ir.model.data"].create(
            {
                "module": "__import__",
                "name": "robin_fictional",
                "model": "safety.survivor",
                "res_id": self.survivor.id,
            }
        )
        Survivor = self.env["safety.survivor"]
        self.assertEqual(
            self.survivor.with_user(self.advocate).get_external_id(),
            {self.survivor.id: "__import__.robin_fictional"},
        )
        missing = Survivor.browse(self._missing("safety.survivor"))
        for user in (self.advocate_other, self.outsider):
            with self.subTest(user=user.login):
                real = self._answer(
                    lambda user=user: self.survivor.with_user(user).get_external_id()
                )
                made_up = self._answer(lambda user=user: missing.with_user(user).get_external_id())
                self.assertEqual(real, made_up)
                self.assertNotIn("robin", str(real))
        self.assertEqual(
            self.survivor.with_user(self.advocate_other).get_external_id(),
            {self.survivor.id: ""},
        )
        with self.assertRaises(AccessError):
            self.survivor.with_user(self.outsider).get_external_id()

    def test_imported_external_ids_name_nobody(self):
        Survivor = self.env["safety.survivor"].with_user(self.advocate)
        result = Survivor.load(["id", "name"], [["ines_muller", "Inès Müller"]])
        self.assertFalse(result["messages"], result["messages"])
        survivor = Survivor.browse(result["ids"])
        xml_id = survivor.sudo().get_external_id()[survivor.id]
        self.assertRegex(xml_id, r"^__import__\.safety_[0-9a-f]{32}$")
        self.assertNotIn("ines", xml_id)
        # the same file again updates the same record
        again = Survivor.load(["id", "name"], [["ines_muller", "Inès Müller-Weiß"]])
        self.assertEqual(again["ids"], result["ids"])
        self.assertEqual(survivor.name, "Inès Müller-Weiß")
        # a plan's file pointing at the survivor by the same id finds them
        plans = self.env["safety.plan"].with_user(self.advocate)
        loaded = plans.load(["survivor_id/id"], [["ines_muller"]])
        self.assertFalse(loaded["messages"], loaded["messages"])
        self.assertEqual(plans.browse(loaded["ids"]).survivor_id, survivor)

    def test_chatter_answers_real_and_made_up_alike(self):
        missing_plan = self.env["safety.plan"].browse(self._missing("safety.plan"))
        calls = {
            "message_post": lambda plan: plan.message_post(body="Hi", message_type="comment"),
            "message_subscribe": lambda plan: plan.message_subscribe(
                partner_ids=plan.env.user.partner_id.ids
            ),
            "message_unsubscribe": lambda plan: plan.message_unsubscribe(
                partner_ids=plan.env.user.partner_id.ids
            ),
            "activity_schedule": lambda plan: plan.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.advocate.id
            ),
        }
        for user in (self.outsider, self.advocate_other):
            for name, call in calls.items():
                with self.subTest(user=user.login, method=name):
                    real = self._answer(
                        lambda call=call, user=user: call(self.plan.with_user(user))
                    )
                    made_up = self._answer(
                        lambda call=call, user=user: call(missing_plan.with_user(user))
                    )
                    self.assertEqual(real, made_up)
                    self.assertNotEqual(real[0], "result")
                    self.assertNotIn("mail.message", real[1])
        # the plan's advocate posts
        message = self.plan.with_user(self.advocate).message_post(body="Hi")
        self.assertTrue(message)


@tagged("post_install", "-at_install")
class TestNoSignatureMailRoutes(HttpCase):
    """The /mail/* routes answer a plan the caller may not read exactly as a
    plan that does not exist: an outsider, another team's advocate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env = env
        cls.advocate = mail_new_test_user(
            env, login="route_advocate", groups=f"{MODULE}.group_safety_advocate"
        )
        cls.other_team = mail_new_test_user(
            env, login="route_other_team", groups=f"{MODULE}.group_safety_advocate"
        )
        cls.outsider = SafetyCommon._new_outsider(env, login="route_outsider")
        survivor = env["safety.survivor"].with_user(cls.advocate).create({"name": "Шарлотта Ли"})
        cls.plan = (
            env["safety.plan"]
            .with_user(cls.advocate)
            .create({"survivor_id": survivor.id, "situation_type": "domestic_violence"})
        )
        cls.plan.with_user(cls.advocate).message_post(body="Met", message_type="comment")
        table = SQL.identifier("safety_plan")
        cls.missing_id = env.execute_query(
            SQL("SELECT COALESCE(MAX(id), 0) + 1000 FROM %s", table)
        )[0][0]
        env.flush_all()

    def _routes(self, user, plan_id):
        partner_ids = user.partner_id.ids
        thread = {"thread_model": "safety.plan", "thread_id": plan_id}
        return {
            "/mail/data": {
                "fetch_params": [
                    ["mail.thread", {**thread, "request_list": ["followers", "attachments"]}]
                ]
            },
            "/mail/thread/messages": thread,
            "/mail/thread/recipients": thread,
            "/mail/thread/recipients/get_suggested_recipients": thread,
            "/mail/partner/from_email": {**thread, "emails": ["someone@example.com"]},
            "/mail/message/post": {
                **thread,
                "post_data": {"body": "Hello", "message_type": "comment"},
            },
            "/mail/thread/subscribe": {
                "res_model": "safety.plan",
                "res_id": plan_id,
                "partner_ids": partner_ids,
            },
            "/mail/thread/unsubscribe": {
                "res_model": "safety.plan",
                "res_id": plan_id,
                "partner_ids": partner_ids,
            },
        }

    def _answer(self, route, params):
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        answer = response.json() if response.status_code == 200 else {}
        error = answer.get("error")
        if error:
            shown = (
                (error.get("data") or {}).get("name"),
                (error.get("data") or {}).get("message"),
            )
        else:
            shown = ("result", json.dumps(answer.get("result"), sort_keys=True, default=str))
        return (response.status_code, *(ID_RE.sub("#", str(part)) for part in shown))

    def test_mail_routes_answer_alike(self):
        tried = 0
        for user in (self.outsider, self.other_team):
            self.authenticate(user.login, user.login)
            real_routes = self._routes(user, self.plan.id)
            missing_routes = self._routes(user, self.missing_id)
            for route, params in real_routes.items():
                with self.subTest(user=user.login, route=route), mute_logger(*MUTED):
                    real = self._answer(route, params)
                    made_up = self._answer(route, missing_routes[route])
                    tried += 2
                    self.assertEqual(real, made_up)
                    self.assertNotIn("Шарлотта", real[2])
                    self.assertNotIn("Met", real[2])
        _logger.info("mail routes: %d calls, %d routes x 2 ids x 2 roles", tried, len(real_routes))
        # the control: the plan's advocate reads the thread
        self.authenticate(self.advocate.login, self.advocate.login)
        answer = self._answer(
            "/mail/thread/messages", {"thread_model": "safety.plan", "thread_id": self.plan.id}
        )
        self.assertIn("Met", answer[2])
