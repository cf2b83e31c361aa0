"""Printing is linear in the text it prints.

1. Why it was not: wkhtmltopdf (Qt WebKit) lays out an inline element with
   ``dir="auto"`` (how the plan prints each text, so Arabic and Hebrew read
   right to left) in a time that grows much faster than its length; the same
   text in a block does not. Measured on bare HTML, one wkhtmltopdf run each.
2. So every printed text has a limit (doc/integrity.md): a plan whose texts
   are all at their limits prints in a time linear in their number, and a
   text longer than its limit, written before the limits existed, is refused
   at once with a message saying which one to shorten.
The plan is made here and rolled back afterwards."""

import subprocess
import tempfile
import time

from common import open_registry

LENGTHS = (5_000, 10_000, 20_000, 40_000)


def wkhtmltopdf_seconds(bin_path, body):
    with tempfile.TemporaryDirectory() as folder:
        html = f"{folder}/page.html"
        with open(html, "w", encoding="utf-8") as page:
            page.write(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>')
        started = time.perf_counter()
        subprocess.run([bin_path, "-q", html, f"{folder}/page.pdf"], check=False)
        return time.perf_counter() - started


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
    from odoo.exceptions import UserError

    from odoo.addons.base.models.ir_actions_report import _wkhtml
    from odoo.addons.victim_safety_planning.models.safety_value_guard import (
        FIELD_TEXT_LIMITS,
        TEXT_LIMITS,
    )

    bin_path = _wkhtml().bin
    for label, template in (
        ('inline <span dir="auto">', '<ul><li><span dir="auto">{}</span></li></ul>'),
        ('block <li dir="auto">', '<ul><li dir="auto">{}</li></ul>'),
    ):
        rows = []
        for n in LENGTHS:
            seconds = wkhtmltopdf_seconds(bin_path, template.format(("safe place " * n)[:n]))
            rows.append(f"{n / 1000:g} k {seconds:.1f} s")
        print(f"wkhtmltopdf, one text in {label}: " + ", ".join(rows))

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        env.company.country_id = env.ref("base.us")
        survivor = env["safety.survivor"].create({"name": "Renée Linear", "lang": "en_US"})
        plan = env["safety.plan"].create({"survivor_id": survivor.id, "step_ids": [(5,)]})
        step_limit = FIELD_TEXT_LIMITS["safety.plan.step.name"]
        char_limit = TEXT_LIMITS["char"]
        contexts = ("home", "work_school", "leaving", "technology")
        rows = []
        for count in (10, 20, 40):
            plan.step_ids.unlink()
            env["safety.plan.step"].create(
                [
                    {
                        "plan_id": plan.id,
                        "name": ("word " * step_limit)[:step_limit],
                        "context": contexts[i % 4],
                    }
                    for i in range(count)
                ]
            )
            elapsed, pages = render(env, plan)
            rows.append(f"{count} steps {elapsed:.1f} s ({pages} p)")
        print(f"steps of {step_limit} characters (the limit): " + ", ".join(rows))
        env["safety.emergency.contact"].create(
            [
                {
                    "plan_id": plan.id,
                    "name": ("name " * char_limit)[:char_limit],
                    "relationship": ("kin " * char_limit)[:char_limit],
                    "phone": "+1 415 555 0121",
                    "is_safe_to_call": True,
                }
                for _i in range(5)
            ]
        )
        env["safety.location"].create(
            [
                {
                    "plan_id": plan.id,
                    "name": ("place " * char_limit)[:char_limit],
                    "street": ("road " * char_limit)[:char_limit],
                }
                for _i in range(5)
            ]
        )
        elapsed, pages = render(env, plan)
        print(
            f"largest allowed texts (40 steps of {step_limit}, 5 contacts and 5 places with "
            f"{char_limit}-character texts): {elapsed:.1f} s, {pages} pages"
        )
        # a step written before the limits (as superuser: users are refused)
        plan.step_ids[:1].name = "x" * 200_000
        started = time.perf_counter()
        try:
            render(env, plan)
            outcome = "printed"
        except UserError:
            outcome = "refused"
        print(
            f"a 200 kB step written before the limits: {outcome} in "
            f"{1000 * (time.perf_counter() - started):.0f} ms"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
