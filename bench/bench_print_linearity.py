"""Printing is linear in the text it prints: the time to print one plan
whose single step holds N characters, for growing N, as one paragraph of
words and as one unbroken word (what made wkhtmltopdf superlinear); then a
plan with every printed text at its largest allowed length. Texts above the
limits are written as superuser (the limits refuse them to users) to show
the print itself stays linear. Rolled back afterwards."""

import time

from common import open_registry

LENGTHS = (1_000, 5_000, 20_000, 50_000)


def render(env, plan):
    started = time.perf_counter()
    pdf, _format = (
        env["ir.actions.report"]
        .with_context(force_report_rendering=True)
        ._render_qweb_pdf("victim_safety_planning.report_safety_plan", plan.ids)
    )
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    return time.perf_counter() - started, pages


def main():
    odoo, registry = open_registry()
    from odoo.addons.victim_safety_planning.models.safety_value_guard import (
        FIELD_TEXT_LIMITS,
        TEXT_LIMITS,
    )

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        env.company.country_id = env.ref("base.us")
        survivor = env["safety.survivor"].create({"name": "Renée Linear", "lang": "en_US"})
        plan = env["safety.plan"].create({"survivor_id": survivor.id, "step_ids": [(5,)]})
        step = env["safety.plan.step"].create({"plan_id": plan.id, "name": "x", "context": "home"})
        base_time, _pages = render(env, plan)
        print(f"one short step: {base_time:.1f} s")
        for label, make in (
            ("words", lambda n: ("safe place " * (n // 11 + 1))[:n]),
            ("one unbroken word", lambda n: "x" * n),
        ):
            rows = []
            for length in LENGTHS:
                step.name = make(length)
                elapsed, pages = render(env, plan)
                rows.append(f"{length // 1000} kB {elapsed:.1f} s ({pages} p)")
            print(f"one step of {label}: " + ", ".join(rows))
        # every printed text at its limit
        step_limit = FIELD_TEXT_LIMITS["safety.plan.step.name"]
        char_limit = TEXT_LIMITS["char"]
        plan.step_ids.unlink()
        env["safety.plan.step"].create(
            [
                {"plan_id": plan.id, "name": "word " * (step_limit // 5), "context": context}
                for context in ("home", "work_school", "leaving", "technology")
                for _i in range(10)
            ]
        )
        env["safety.emergency.contact"].create(
            [
                {
                    "plan_id": plan.id,
                    "name": "y" * char_limit,
                    "relationship": "z" * char_limit,
                    "phone": "+1 415 555 0121",
                }
                for _i in range(5)
            ]
        )
        env["safety.location"].create(
            [
                {"plan_id": plan.id, "name": "w" * char_limit, "street": "v" * char_limit}
                for _i in range(5)
            ]
        )
        plan.action_activate()
        elapsed, pages = render(env, plan)
        print(
            f"largest allowed texts (40 steps of {step_limit}, 5 contacts and 5 places with "
            f"{char_limit}-character names): {elapsed:.1f} s, {pages} pages"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
