"""The plans' list as each role opens it: ``web_search_read`` of 80 plans
with what the list view shows (plus the steps-done counts of the plan's
progress), among the 5,000 plans of bench_plans.py and among the 100,000 of
the volume database (bench/volume.py). Advocates open it on "My Plans",
supervisors and managers on the active plans. Goal: under 100 ms among
5,000 and under 150 ms among 100,000, for every role.

Prints medians and query counts; never asserts timings.
"""

from bench_plan_kanban import KANBAN_SPECIFICATION
from common import median_ms, open_registry
from lxml import etree
from volume import open_volume_registry, volume_users

RUNS = 15
LIMIT = 80
# what the list's activity widget reads beside its columns, and the plan's progress
WIDGET_FIELDS = {
    **{name: spec for name, spec in KANBAN_SPECIFICATION.items() if name.startswith("activity_")},
    "step_count": {},
    "step_done_count": {},
}


def list_specification(env):
    """The list view's fields, many2ones and many2manys by name."""
    Plan = env["safety.plan"]
    arch = Plan.get_views([(False, "list")])["views"]["list"]["arch"]
    spec = {}
    for node in etree.fromstring(arch).iter("field"):
        field = Plan._fields[node.get("name")]
        if field.type in ("many2one", "many2many", "one2many"):
            spec[field.name] = {"fields": {"display_name": {}}}
        else:
            spec[field.name] = {}
    return {**spec, **WIDGET_FIELDS}


def bench(env, label, users):
    from odoo.tests.common import new_test_user

    users = dict(users)
    users["manager"] = new_test_user(
        env,
        login="bench_list_manager",
        groups="victim_safety_planning.group_safety_manager",
    )
    spec = list_specification(env)
    domains = {
        "advocate": lambda user: [("member_ids", "in", user.id)],
        "supervisor": lambda user: [("state", "=", "active")],
        "manager": lambda user: [("state", "=", "active")],
    }
    for role, user in users.items():
        Plan = env["safety.plan"].with_user(user)
        domain = domains[role](user)

        def read(Plan=Plan, domain=domain):
            env.invalidate_all()
            return Plan.web_search_read(domain, spec, limit=LIMIT)

        records = read()["records"]  # warm caches, as a running server has them
        env.invalidate_all()
        before = env.cr.sql_log_count
        read()
        queries = env.cr.sql_log_count - before
        print(
            f"{label}, {role}: list of {len(records)} plans with step counts, "
            f"median {median_ms(read, RUNS):.1f} ms, {queries} queries"
        )


def main():
    # the volume first: it is copied from the bench database, which must then
    # have no open connection
    odoo, registry = open_volume_registry()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        holder, supervisor = volume_users(env)
        total = env["safety.plan"].search_count([])
        bench(env, f"among {total} plans", {"advocate": holder, "supervisor": supervisor})
        cr.rollback()
    odoo, registry = open_registry()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        from odoo.tests.common import new_test_user

        advocate = env["res.users"].search([("login", "=", "bench_advocate_0")])
        supervisor = new_test_user(
            env,
            login="bench_list_supervisor",
            groups="victim_safety_planning.group_safety_supervisor",
        )
        total = env["safety.plan"].search_count([])
        bench(env, f"among {total} plans", {"advocate": advocate, "supervisor": supervisor})
        cr.rollback()


if __name__ == "__main__":
    main()
