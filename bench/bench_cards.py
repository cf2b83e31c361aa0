"""Print 200 wallet cards in one batch (one PDF through wkhtmltopdf) and
report the time and peak memory, ours and wkhtmltopdf's."""

import resource
import time

from common import open_registry

CARDS = 200


def main():
    odoo, registry = open_registry()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        plans = env["safety.plan"].search([], limit=CARDS)
        if len(plans) < CARDS:
            print(f"only {len(plans)} plans in the bench database: run bench_plans.py first")
        wizard = env["safety.card.print.wizard"].create({"plan_ids": [(6, 0, plans.ids)]})
        started = time.perf_counter()
        wizard.action_print()
        cards = env["safety.card"].search(
            [("plan_id", "in", plans.ids)], order="id desc", limit=len(plans)
        )
        pdf, _format = (
            env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("victim_safety_planning.action_report_safety_card", cards.ids)
        )
        elapsed = time.perf_counter() - started
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"{len(cards)} cards, {len(pdf) / 1024:.0f} KiB PDF: {elapsed:.1f} s; "
            f"peak memory {own:.0f} MiB (Odoo), {children:.0f} MiB (wkhtmltopdf)"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
