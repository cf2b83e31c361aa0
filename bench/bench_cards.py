"""Print 200 wallet cards in one batch (one PDF through wkhtmltopdf) and
report the time and peak memory, ours and wkhtmltopdf's.

The plans are made here, in a transaction that is rolled back: each has
three emergency contacts and two places in Latin with accents, Cyrillic,
Arabic, Chinese and Vietnamese, so the fonts of every script are loaded."""

import logging
import resource
import time

from common import open_registry

CARDS = 200
CONTACTS = (
    ("José Peña Ibáñez", "+1 415 555 0121"),
    ("Светлана Орлова", "+1 415 555 0122"),
    ("فاطمة الحداد", "+1 415 555 0123"),
)
PLACES = (
    {"name": "王芳的家", "street": "12 Phố Huế", "city": "Hà Nội"},
    {"name": "Biblioteca Pública", "street": "1 Plaza Mayor", "city": "Riverside"},
)


def main():
    odoo, registry = open_registry()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        env.company.country_id = env.ref("base.us")
        env["ir.config_parameter"].set_param(
            "victim_safety_planning.card_base_url", "https://cards.example.org"
        )
        # no HTTP server here: wkhtmltopdf is refused the report style sheets
        # at once instead of waiting (the card carries its own styles)
        env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:9")
        logging.getLogger("odoo.addons.base.models.ir_actions_report").setLevel(logging.ERROR)
        env["res.partner"].create(
            {
                "name": "Statewide 24/7 Helpline",
                "is_company": True,
                "safety_resource_type": "hotline",
                "phone": "+1 415 555 0105",
            }
        )
        survivors = env["safety.survivor"].create(
            [{"name": f"Bench Cardholder {i}"} for i in range(CARDS)]
        )
        plans = env["safety.plan"].create(
            [
                {
                    "survivor_id": survivor.id,
                    "state": "active",
                    "step_ids": [],
                    "emergency_contact_ids": [
                        (0, 0, {"name": name, "phone": phone, "is_safe_to_call": True})
                        for name, phone in CONTACTS
                    ],
                    "location_ids": [(0, 0, values) for values in PLACES],
                }
                for survivor in survivors
            ]
        )
        env.flush_all()
        wizard = env["safety.card.print.wizard"].create({"plan_ids": [(6, 0, plans.ids)]})
        started = time.perf_counter()
        action = wizard.action_print()
        cards = env["safety.card"].browse(action["context"]["active_ids"])
        issued = time.perf_counter() - started
        pdf, _format = (
            env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("victim_safety_planning.action_report_safety_card", cards.ids)
        )
        elapsed = time.perf_counter() - started
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"{len(cards)} cards ({2 * len(cards)} pages, {len(pdf) / 1024:.0f} KiB PDF): "
            f"{elapsed:.1f} s ({issued:.1f} s to issue them); "
            f"peak memory {own:.0f} MiB (Odoo), {children:.0f} MiB (wkhtmltopdf)"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
