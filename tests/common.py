from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import mail_new_test_user

SAFETY_MODELS = (
    "safety.survivor",
    "safety.plan",
    "safety.plan.step",
    "safety.emergency.contact",
    "safety.location",
    "safety.step.template",
    "safety.access.log",
    "safety.risk.template",
    "safety.risk.question",
    "safety.risk.threshold",
    "safety.risk.assessment",
    "safety.risk.answer",
    "safety.card",
    "safety.card.scan",
    "safety.review",
    "safety.protective.order",
    "safety.consent",
    "safety.incident",
    "safety.respondent",
    "safety.leave.item",
    "safety.resource.service",
    "safety.referral",
    "safety.service",
    "safety.hotline.call",
    "safety.funder.report",
    "safety.funder.code",
    "safety.household.member",
    "safety.court.hearing",
)


def json_call(case, model, method, args, kwargs=None, route="call_kw", debug=False, muted=()):
    """``model.method(*args, **kwargs)`` over JSON-RPC as the web client
    calls it, in the HttpCase ``case``'s session: the answer (``result`` or
    ``error``). ``muted``: loggers whose warnings the call is expected to
    log (core logs each refusal)."""
    url = f"/web/dataset/{route}/{model}/{method}" + ("?debug=1" if debug else "")
    with mute_logger(*muted):
        response = case.url_open(
            url,
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            },
        )
    case.assertEqual(response.status_code, 200)
    return response.json()


class RaisesInTransactionMixin:
    """``assertRaises`` wraps its block in a savepoint and rolls it back:
    a check made after it sees the savepoint's work, not the code's. This
    runs the call in the test's transaction without a savepoint, flushes
    what it may have written before raising and drops the cache, so that
    the caller's checks read what the code really left behind."""

    def assertRaisesInTransaction(self, exception, func, regex=None):
        try:
            func()
        except exception as error:
            self.env.flush_all()
            self.env.invalidate_all()
            if regex:
                self.assertRegex(str(error), regex)
            return error
        self.fail(f"{exception.__name__} not raised")
        return None


class SafetyCommon(RaisesInTransactionMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.us")
        cls.advocate = mail_new_test_user(
            cls.env,
            login="vsp_advocate",
            name="Ada Advocate",
            groups="victim_safety_planning.group_safety_advocate",
        )
        cls.advocate_other = mail_new_test_user(
            cls.env,
            login="vsp_advocate_other",
            name="Otto Other-Team",
            groups="victim_safety_planning.group_safety_advocate",
        )
        cls.supervisor = mail_new_test_user(
            cls.env,
            login="vsp_supervisor",
            name="Sue Supervisor",
            groups="victim_safety_planning.group_safety_supervisor",
        )
        cls.manager = mail_new_test_user(
            cls.env,
            login="vsp_manager",
            name="Max Manager",
            groups="victim_safety_planning.group_safety_manager",
        )
        cls.outsider = cls._new_outsider(cls.env)
        cls.survivor = (
            cls.env["safety.survivor"]
            .with_user(cls.advocate)
            .create({"name": "Robin Fictional", "country_id": cls.env.ref("base.us").id})
            .with_env(cls.env)
        )
        cls.plan = (
            cls.env["safety.plan"]
            .with_user(cls.advocate)
            .create({"survivor_id": cls.survivor.id, "situation_type": "domestic_violence"})
            .with_env(cls.env)
        )

    def _raise_risk(self, plans, level, user=None):
        """Raise the risk level of ``plans`` by hand, as their advocate would."""
        for plan in plans:
            plan.with_user(user or plan.advocate_id).write(
                {"risk_raise_level": level, "risk_raise_reason": "Set up by the test"}
            )
        return plans

    def _plan_activities(self, plans, xmlid):
        """The open activities of type ``xmlid`` on ``plans``."""
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "safety.plan"),
                ("res_id", "in", plans.ids),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    @classmethod
    def _new_outsider(cls, env, login="vsp_outsider"):
        """An internal user holding every group of every installed app except
        the safety-planning ones (and the settings group, which implies them)."""
        excluded = (
            env.ref("victim_safety_planning.group_safety_advocate")
            | env.ref("victim_safety_planning.group_safety_hotline")
            | env.ref("base.group_portal")
            | env.ref("base.group_public")
            | env.ref("base.default_user_group")
        )
        groups = (
            env["res.groups"].search([]).filtered(lambda g: not excluded & (g | g.all_implied_ids))
        )
        return new_test_user(env, login=login, name="Olive Outsider", group_ids=groups.ids)
