"""What survivors cost everyone else: a salesman's contact name_search and a
search_read of 80 contacts on 200,000 contacts, with 20,000 survivors in the
vault (each linked to one of those contacts, as "Create Safety Plan" from a
contact does) and with the vault emptied, in the same transaction.

Since the vault, contacts carry no survivor flag and no record rule of the
addon: the cost should be none (ratios about 1.0). Prints medians and
ratios; never asserts timings. Contacts and survivors are inserted once with
SQL and reused on later runs.
"""

import time

from common import median_ms, open_registry

PARTNERS = 200_000
SURVIVORS = 20_000


def ensure_partners(env):
    cr = env.cr
    cr.execute("SELECT count(*) FROM res_partner WHERE name LIKE 'Bench Partner %%'")
    existing = cr.fetchone()[0]
    if existing < PARTNERS:
        template = env["res.partner"].create(
            {"name": "Bench Partner template", "city": "Springfield"}
        )
        env.flush_all()
        cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_name = 'res_partner'
                  AND column_name NOT IN ('id', 'name', 'complete_name', 'email')"""
        )
        cols = ", ".join(f'"{row[0]}"' for row in cr.fetchall())
        started = time.perf_counter()
        cr.execute(
            f"""
            INSERT INTO res_partner ({cols}, name, complete_name, email)
            SELECT {cols},
                   'Bench Partner ' || g || ' ' || md5(g::text),
                   'Bench Partner ' || g || ' ' || md5(g::text),
                   'bench' || g || '@example.org'
              FROM res_partner, generate_series(%s, %s) AS g
             WHERE res_partner.id = %s
            """,
            [existing + 1, PARTNERS, template.id],
        )
        print(f"inserted {PARTNERS - existing} contacts in {time.perf_counter() - started:.1f} s")
    cr.execute("SELECT count(*) FROM safety_survivor WHERE name LIKE 'Bench Vault %%'")
    if cr.fetchone()[0] < SURVIVORS:
        cr.execute(
            """
            INSERT INTO safety_survivor (name, company_id, partner_id, email, city, active,
                                         create_uid, write_uid, create_date, write_date)
            SELECT 'Bench Vault ' || p.name, %s, p.id, p.email, 'Springfield', TRUE,
                   1, 1, now(), now()
              FROM res_partner p
             WHERE p.name LIKE 'Bench Partner %%'
             ORDER BY p.id
             LIMIT %s
            """,
            [env.company.id, SURVIVORS],
        )
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE safety_survivor")
    cr.commit()


def main():
    odoo, registry = open_registry()
    from odoo.tests.common import new_test_user

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        ensure_partners(env)
        outsider = env["res.users"].search([("login", "=", "bench_outsider")]) or new_test_user(
            env, login="bench_outsider", groups="base.group_user,sales_team.group_sale_manager"
        )
        cr.commit()
        total = env["res.partner"].search_count([])
        survivors = env["safety.survivor"].search_count([])
        linked = env["safety.survivor"].search_count([("partner_id", "!=", False)])
        print(f"volume: {total} contacts, {survivors} survivors ({linked} linked to a contact)")
        Partner = env["res.partner"].with_user(outsider)

        def name_search():
            env.invalidate_all()
            Partner.name_search("Partner 1234", limit=8)

        def search_read():
            env.invalidate_all()
            Partner.search_read([("city", "=", "Springfield")], ["display_name", "email"], limit=80)

        def measure():
            return median_ms(name_search), median_ms(search_read)

        measure()  # warm-up: caches and plans of both cases alike
        with_vault = measure()
        cr.execute("SAVEPOINT empty_vault")
        cr.execute("TRUNCATE safety_survivor CASCADE")
        env.invalidate_all()
        without_vault = measure()
        cr.execute("ROLLBACK TO SAVEPOINT empty_vault")
        env.invalidate_all()
        again = measure()
        cr.rollback()
        # the vault's presence measured on both sides of the empty one
        with_vault = tuple(min(a, b) for a, b in zip(with_vault, again, strict=True))
        (ns, sr), (ns0, sr0) = with_vault, without_vault
        print(
            f"outsider: name_search {ns:.1f} ms (vault empty {ns0:.1f} ms, ratio {ns / ns0:.2f}); "
            f"search_read 80 {sr:.1f} ms (vault empty {sr0:.1f} ms, ratio {sr / sr0:.2f})"
        )


if __name__ == "__main__":
    main()
