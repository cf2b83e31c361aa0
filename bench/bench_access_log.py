"""What the access log costs a reader: opening a plan's form (its web_read
and the transaction around it, commit included) and an API search_read of
80 plans, with the log line(s) and with logging switched off (patched here,
in the bench only), alternately in one run; and the same open on a read-only
cursor, as a read replica serves it, where the line goes through a short
transaction of its own on the primary.

Prints medians and ratios; never asserts timings. The plans it needs (80)
and a supervisor are committed to the bench database and reused; the log
lines it writes are removed at the end.
"""

import statistics
import time
from types import SimpleNamespace
from unittest.mock import patch

from common import open_registry

PLANS = 80
RUNS = 61


class FakeRequest:
    """What the access log reads of a request: the route and the RPC call."""

    def __init__(self, path, model, method):
        self.httprequest = SimpleNamespace(path=path)
        key = "__model__" if path.startswith("/json/2/") else "model"
        self.params = {key: model, key.replace("model", "method"): method}


def form_specification(env):
    """What the web client asks for when it opens the plan's form: each
    field of the form, many2ones by name, x2many rows by name (40 at most)."""
    from lxml import etree

    arch = env["safety.plan"].get_views([(False, "form")])["views"]["form"]["arch"]
    spec = {}
    for node in etree.fromstring(arch).iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        field = env["safety.plan"]._fields.get(node.get("name"))
        if not field:
            continue
        if field.type == "many2one":
            spec[field.name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            spec[field.name] = {"fields": {"display_name": {}}, "limit": 40}
        else:
            spec[field.name] = {}
    return spec


def main():
    odoo, registry = open_registry()
    from odoo.http import _request_stack
    from odoo.tests.common import new_test_user

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        supervisor = env["res.users"].search([("login", "=", "bench_access_supervisor")])
        if not supervisor:
            supervisor = new_test_user(
                env,
                login="bench_access_supervisor",
                groups="victim_safety_planning.group_safety_supervisor",
            )
        missing = PLANS - env["safety.plan"].search_count([])
        if missing > 0:
            survivors = env["safety.survivor"].create(
                [{"name": f"Bench Access Survivor {index}"} for index in range(missing)]
            )
            env["safety.plan"].create(
                [
                    {
                        "survivor_id": survivor.id,
                        "emergency_contact_ids": [(0, 0, {"name": "Sister"})],
                    }
                    for survivor in survivors
                ]
            )
        plan_id = env["safety.plan"].search([], limit=1).id
        spec = form_specification(env)
        uid = supervisor.id

    Log = registry["safety.access.log"]
    original_log = Log._log

    def no_log(self, records, action):
        return self.browse()

    def open_form(readonly=False):
        with registry.cursor() as cr:
            if readonly:
                # as a replica's cursor: the transaction refuses any write
                cr.connection.set_session(readonly=True)
            try:
                env = odoo.api.Environment(cr, uid, {})
                env["safety.plan"].browse(plan_id).web_read(spec)
            finally:
                if readonly:
                    cr.rollback()
                    cr.connection.set_session(readonly=False)

    def search_read_80():
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, uid, {})
            env["safety.plan"].search_read([], ["name", "state", "survivor_id"], limit=PLANS)

    scenarios = {
        "open a plan's form": (
            FakeRequest("/web/dataset/call_kw/safety.plan/web_read", "safety.plan", "web_read"),
            open_form,
        ),
        "open a plan's form, read-only cursor (replica)": (
            FakeRequest("/web/dataset/call_kw/safety.plan/web_read", "safety.plan", "web_read"),
            lambda: open_form(readonly=True),
        ),
        f"search_read of {PLANS} plans (API)": (
            FakeRequest("/json/2/safety.plan/search_read", "safety.plan", "search_read"),
            search_read_80,
        ),
    }
    with registry.cursor() as cr:
        cr.execute("SELECT coalesce(max(id), 0) FROM safety_access_log")
        before = cr.fetchone()[0]
    for label, (fake_request, func) in scenarios.items():
        timings = {"logged": [], "off": []}
        _request_stack.push(fake_request)
        try:
            func()  # warm-up: caches, prepared plans
            for _ in range(RUNS):
                for mode in ("logged", "off"):
                    with patch.object(Log, "_log", original_log if mode == "logged" else no_log):
                        started = time.perf_counter()
                        func()
                        timings[mode].append(time.perf_counter() - started)
        finally:
            _request_stack.pop()
        logged = 1000 * statistics.median(timings["logged"])
        off = 1000 * statistics.median(timings["off"])
        print(
            f"{label}: {logged:.2f} ms with the log, {off:.2f} ms without "
            f"(median of {RUNS}): {logged / off:.2f}x, {logged - off:+.2f} ms"
        )
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM safety_access_log WHERE id > %s", [before])
        written = cr.fetchone()[0]
        expected = (RUNS + 1) * (1 + 1 + PLANS)
        print(f"lines written: {written} (expected {expected}: one per plan per access)")
        # the bench's lines are not anyone's access: SQL, as the purge does
        cr.execute("DELETE FROM safety_access_log WHERE id > %s", [before])


if __name__ == "__main__":
    main()
