"""An advocate's plans as the web client shows them, among 100,000 plans:
the kanban as the menu opens it, with the "My Plans" filter
(``web_search_read`` with the kanban view's specification, and
the kanban grouped by state as it opens, ``web_read_group`` unfolding each
column), and the number of queries opening one of their plans' form takes
(``web_read`` with the form's specification).

Prints medians and counts; never asserts timings. Runs on the volume
database (bench/volume.py).
"""

from bench_access_log import form_specification
from common import median_ms
from volume import HOLDER_PLANS, open_volume_registry, volume_users

RUNS = 25
# What the kanban card asks for: its fields, many2ones by name, and what the
# activity and avatar widgets read (mail's KanbanActivity field dependencies).
KANBAN_SPECIFICATION = {
    "name": {},
    "survivor_id": {"fields": {"display_name": {}}},
    "situation_type": {},
    "risk_level": {},
    "next_review_date": {},
    "is_review_overdue": {},
    "color": {},
    "state": {},
    "activity_ids": {"fields": {}},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": {"fields": {"display_name": {}}},
    "advocate_id": {"fields": {"display_name": {}}},
}


def my_plans_domain(env, user):
    """The "My Plans" filter the plans' menu opens with, from the search view."""
    from lxml import etree

    from odoo.tools.safe_eval import safe_eval

    arch = env["safety.plan"].get_views([(False, "search")])["views"]["search"]["arch"]
    node = etree.fromstring(arch).find(".//filter[@name='my_plans']")
    return safe_eval(node.get("domain"), {"uid": user.id})


def main():
    odoo, registry = open_volume_registry()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        holder, _supervisor = volume_users(env)
        Plan = env["safety.plan"].with_user(holder)
        total = env["safety.plan"].search_count([])
        print(f"volume: {total} plans, {Plan.search_count([])} of them the advocate's")

        domain = my_plans_domain(env, holder)

        def kanban():
            env.invalidate_all()
            return Plan.web_search_read(domain, KANBAN_SPECIFICATION, limit=HOLDER_PLANS)

        def kanban_by_state():
            env.invalidate_all()
            return Plan.with_context(read_group_expand=True).web_read_group(
                domain,
                ["state"],
                ["__count"],
                auto_unfold=True,
                unfold_read_specification=KANBAN_SPECIFICATION,
                unfold_read_default_limit=HOLDER_PLANS,
            )

        for jit in ("on", "off"):
            # the advocate's rule (advocate or team member) is estimated to match
            # half the plans: PostgreSQL JIT-compiles the count when it is on
            cr.execute(f"SET LOCAL jit = {jit}")
            print(
                f"advocate's kanban, web_search_read of {len(kanban()['records'])} plans, "
                f"JIT {jit}: median {median_ms(kanban, RUNS):.1f} ms"
            )
            print(
                f"advocate's kanban grouped by state, web_read_group, JIT {jit}: "
                f"median {median_ms(kanban_by_state, RUNS):.1f} ms"
            )
        cr.execute("RESET jit")

        spec = form_specification(env)
        plan = Plan.search([], limit=1, order="id")
        plan.web_read(spec)  # warm caches (rules, groups), as a running server has them
        env.invalidate_all()
        before = cr.sql_log_count
        plan.web_read(spec)
        print(
            f"plan form web_read ({len(plan.step_ids)} steps, "
            f"{len(plan.emergency_contact_ids)} contacts): {cr.sql_log_count - before} queries"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
