"""Plan creation (with starter steps and phone normalisation) and the
advocate's plan list, on a realistic case load.

Prints medians; never asserts timings. Data it creates is committed to the
bench database and reused on later runs.
"""

import statistics
import time

from common import open_registry

PLANS = 5000
ADVOCATES = 25


def main():
    odoo, registry = open_registry()
    from odoo.tests.common import new_test_user

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        env.company.country_id = env.ref("base.us")
        users = env["res.users"].search([("login", "=like", "bench_advocate_%")])
        for index in range(len(users), ADVOCATES):
            users |= new_test_user(
                env,
                login=f"bench_advocate_{index}",
                groups="victim_safety_planning.group_safety_advocate",
            )
        existing = env["safety.plan"].search_count([])
        missing = PLANS - existing
        if missing > 0:
            survivors = env["safety.survivor"].create(
                [{"name": f"Bench Survivor {existing + i}"} for i in range(missing)]
            )
            started = time.perf_counter()
            batch = 500
            for start in range(0, missing, batch):
                env["safety.plan"].create(
                    [
                        {
                            "survivor_id": survivor.id,
                            "advocate_id": users[i % ADVOCATES].id,
                            "situation_type": "stalking",
                            "state": "active",
                            "emergency_contact_ids": [
                                (0, 0, {"name": "Sister", "phone_national": "415 555 2671"}),
                                (0, 0, {"name": "Hotline", "phone_national": "+1 800 799 7233"}),
                            ],
                        }
                        for i, survivor in enumerate(survivors[start : start + batch], start)
                    ]
                )
                env.cr.commit()
            elapsed = time.perf_counter() - started
            print(
                f"created {missing} plans with starter steps and 2 contacts: "
                f"{elapsed:.1f} s ({1000 * elapsed / missing:.1f} ms per plan)"
            )
        total = env["safety.plan"].search_count([])
        steps = env["safety.plan.step"].search_count([])
        print(f"volume: {total} plans, {steps} steps, {ADVOCATES} advocates")

        advocate = users[0]
        Plan = env["safety.plan"].with_user(advocate)
        fields_list = [
            "name",
            "survivor_id",
            "advocate_id",
            "risk_level",
            "state",
            "next_review_date",
            "step_count",
            "step_done_count",
        ]
        timings = {"list (80 plans)": [], "overdue filter": [], "kanban read_group": []}
        for _ in range(15):
            env.invalidate_all()
            t0 = time.perf_counter()
            Plan.search_read([], fields_list, limit=80)
            timings["list (80 plans)"].append(time.perf_counter() - t0)
            env.invalidate_all()
            t0 = time.perf_counter()
            Plan.search_count([("is_review_overdue", "=", True)])
            timings["overdue filter"].append(time.perf_counter() - t0)
            env.invalidate_all()
            t0 = time.perf_counter()
            Plan.formatted_read_group([], ["state"], ["__count"])
            timings["kanban read_group"].append(time.perf_counter() - t0)
        for label, values in timings.items():
            print(f"advocate {label}: median {1000 * statistics.median(values):.1f} ms")
        cr.rollback()


if __name__ == "__main__":
    main()
