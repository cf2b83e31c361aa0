"""Cost of hiding survivors: name_search and a search_read of 80 partners on
200,000 partners of which 20,000 are survivors, as a non-member and as an
advocate, against the same calls with the addon's partner rule disabled.

Prints medians and ratios; never asserts timings. The partners are inserted
once with SQL (copies of one template row) and reused on later runs.
"""

import time

from common import median_ms, open_registry

PARTNERS = 200_000
SURVIVORS = 20_000


def ensure_partners(env):
    cr = env.cr
    cr.execute("SELECT count(*) FROM res_partner WHERE name LIKE 'Bench Partner %%'")
    existing = cr.fetchone()[0]
    if existing >= PARTNERS:
        return
    template = env["res.partner"].create({"name": "Bench Partner template", "city": "Springfield"})
    env.flush_all()
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'res_partner' AND column_name NOT IN
                  ('id', 'name', 'complete_name', 'is_survivor', 'is_confidential', 'email')"""
    )
    columns = [row[0] for row in cr.fetchall()]
    cols = ", ".join(f'"{c}"' for c in columns)
    started = time.perf_counter()
    cr.execute(
        f"""
        INSERT INTO res_partner ({cols}, name, complete_name, email, is_survivor, is_confidential)
        SELECT {cols},
               'Bench Partner ' || g || ' ' || md5(g::text),
               'Bench Partner ' || g || ' ' || md5(g::text),
               'bench' || g || '@example.org',
               g %% 10 = 0, g %% 10 = 0
          FROM res_partner, generate_series(%s, %s) AS g
         WHERE res_partner.id = %s
        """,
        [existing + 1, PARTNERS, template.id],
    )
    cr.execute("ANALYZE res_partner")
    cr.commit()
    print(f"inserted {PARTNERS - existing} partners in {time.perf_counter() - started:.1f} s")


def main():
    odoo, registry = open_registry()
    from odoo.tests.common import new_test_user

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        ensure_partners(env)
        users = {}
        for login, groups in (
            ("bench_outsider", "base.group_user,sales_team.group_sale_manager"),
            ("bench_member", "victim_safety_planning.group_safety_advocate"),
        ):
            users[login] = env["res.users"].search([("login", "=", login)]) or new_test_user(
                env, login=login, groups=groups
            )
        cr.commit()
        total = env["res.partner"].search_count([])
        survivors = env["res.partner"].search_count([("is_survivor", "=", True)])
        print(f"volume: {total} partners, {survivors} survivors")
        rule = env.ref("victim_safety_planning.res_partner_rule_safety_confidential")

        def measure():
            out = {}
            for label, login in (("non-member", "bench_outsider"), ("advocate", "bench_member")):
                Partner = env["res.partner"].with_user(users[login])

                def name_search(Partner=Partner):
                    env.invalidate_all()
                    Partner.name_search("Partner 1234", limit=8)

                def search_read(Partner=Partner):
                    env.invalidate_all()
                    Partner.search_read(
                        [("city", "=", "Springfield")], ["display_name", "email"], limit=80
                    )

                out[label] = (median_ms(name_search), median_ms(search_read))
            return out

        with_rule = measure()
        rule.active = False
        env.flush_all()
        env.registry.clear_cache()
        without_rule = measure()
        cr.rollback()
        env.registry.clear_cache()
        for label in ("non-member", "advocate"):
            (ns, sr), (ns0, sr0) = with_rule[label], without_rule[label]
            print(
                f"{label}: name_search {ns:.1f} ms (rule off {ns0:.1f} ms, ratio {ns / ns0:.2f}); "
                f"search_read 80 {sr:.1f} ms (rule off {sr0:.1f} ms, ratio {sr / sr0:.2f})"
            )


if __name__ == "__main__":
    main()
