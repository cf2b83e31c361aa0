"""Print 50 safety plans in one PDF (one wkhtmltopdf run) and report the
time, the pages and the peak memory, ours and wkhtmltopdf's. The plans are
made here (starter steps, three contacts, two places, an order each) and
rolled back afterwards."""

import resource
import subprocess
import tempfile
import time
from datetime import timedelta

from common import open_registry

PLANS = 50
WKHTMLTOPDF_PEAKS = []


def _measured_run_wkhtmltopdf(bin_path):
    """Odoo's _run_wkhtmltopdf, with the peak memory of wkhtmltopdf itself
    measured by GNU time: a child forked from Odoo starts with Odoo's
    resident set, which RUSAGE_CHILDREN would report instead."""

    def run(args):
        with tempfile.NamedTemporaryFile("r") as peak:
            process = subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", peak.name, bin_path, *args],
                capture_output=True,
                encoding="utf-8",
                check=False,
            )
            WKHTMLTOPDF_PEAKS.append(int(peak.read().split()[-1]) / 1024)
        return process

    return run


def main():
    odoo, registry = open_registry()
    from odoo.addons.base.models import ir_actions_report

    ir_actions_report._run_wkhtmltopdf = _measured_run_wkhtmltopdf(ir_actions_report._wkhtml().bin)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        env.company.country_id = env.ref("base.us")
        today = odoo.fields.Date.today()
        survivors = env["safety.survivor"].create(
            [{"name": f"Bénédicte Bench {i}", "lang": "en_US"} for i in range(PLANS)]
        )
        plans = env["safety.plan"].create(
            [
                {
                    "survivor_id": survivor.id,
                    "situation_type": "domestic_violence",
                    "emergency_contact_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Tía Inés",
                                "phone": "+1 415 555 0121",
                                "is_safe_to_call": True,
                            },
                        ),
                        (
                            0,
                            0,
                            {
                                "name": "Neighbour",
                                "phone": "+1 415 555 0122",
                                "is_safe_to_call": True,
                            },
                        ),
                        (
                            0,
                            0,
                            {
                                "name": "Work friend",
                                "phone": "+1 415 555 0123",
                                "is_safe_to_call": True,
                            },
                        ),
                    ],
                    "location_ids": [
                        (0, 0, {"name": "Harbor House", "is_address_confidential": True}),
                        (
                            0,
                            0,
                            {"name": "Library", "street": "1 Library Square", "city": "Riverside"},
                        ),
                    ],
                    "protective_order_ids": [
                        (
                            0,
                            0,
                            {
                                "order_type": "final",
                                "case_number": "RCV-1",
                                "issue_date": today - timedelta(days=10),
                            },
                        ),
                    ],
                }
                for survivor in survivors
            ]
        )
        plans.action_activate()
        steps = env["safety.plan.step"].search_count([("plan_id", "in", plans.ids)])
        env.flush_all()
        queries_before = cr.sql_log_count
        started = time.perf_counter()
        pdf, _format = (
            env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("victim_safety_planning.report_safety_plan", plans.ids)
        )
        elapsed = time.perf_counter() - started
        queries = cr.sql_log_count - queries_before
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = max(WKHTMLTOPDF_PEAKS)
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        print(
            f"{len(plans)} plans ({steps} steps), {pages} pages, {len(pdf) / 1024:.0f} KiB PDF: "
            f"{elapsed:.1f} s, {queries} queries; peak memory {own:.0f} MiB (Odoo), "
            f"{children:.0f} MiB (wkhtmltopdf)"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
