"""The quarter's VOCA report over a volume of services and survivors, put
in with SQL on a copy of the bench database (suffix ``funder``): time,
queries, peak Python memory (tracemalloc) of ``_pmt_figures()`` and the
process's peak RSS (getrusage), at two volumes to show
that the query count does not grow with the rows. Prints figures; never
asserts timings.

    --services 200000 --survivors 40000   (the issue's volume; default)
    --services 2000 --survivors 400       (a quick run on a shared machine)
"""

import argparse
import resource
import time
import tracemalloc

from common import open_registry


def populate(env, services, survivors):
    cr = env.cr
    company = env.company.id
    uid = env.uid
    codes = env["safety.funder.code"].search([("code_list", "=", "service")]).ids
    victim = env["safety.funder.code"].search([("code_list", "=", "victimization")]).ids
    race = env["safety.funder.code"].search([("code_list", "=", "race_ethnicity")]).ids
    cr.execute(
        """
        INSERT INTO safety_survivor (name, company_id, active, has_plan, person_key, gender,
                                     age_band, birthdate, create_uid, write_uid, create_date,
                                     write_date)
        SELECT 'Bench ' || i, %(company)s, true, false, md5(random()::text || i),
               (ARRAY['female','male','other','not_reported'])[1 + i %% 4],
               'not_reported',
               CASE WHEN i %% 3 = 0 THEN NULL ELSE DATE '1960-01-01' + (i %% 20000) END,
               %(uid)s, %(uid)s, now(), now()
          FROM generate_series(1, %(n)s) i
        RETURNING id
        """,
        {"company": company, "uid": uid, "n": survivors},
    )
    ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "INSERT INTO safety_survivor_victimization_code_rel (survivor_id, code_id) "
        "SELECT id, (%s::int[])[1 + id %% %s] FROM unnest(%s::int[]) id",
        [victim, len(victim), ids],
    )
    cr.execute(
        "INSERT INTO safety_survivor_race_code_rel (survivor_id, code_id) "
        "SELECT id, (%s::int[])[1 + id %% %s] FROM unnest(%s::int[]) id WHERE id %% 5 <> 0",
        [race, len(race), ids],
    )
    cr.execute(
        """
        INSERT INTO safety_service (date, survivor_id, person_key, service_code_id,
                                    service_category, user_id, company_id, duration_minutes,
                                    is_compensation_help, is_deidentified, create_uid,
                                    write_uid, create_date, write_date)
        SELECT DATE '2025-10-01' + (i * 7919 %% 365), sv.id, sv.person_key, c.id, c.category,
               %(uid)s, %(company)s, 15 + i %% 60, i %% 97 = 0, false, %(uid)s, %(uid)s,
               now(), now()
          FROM generate_series(1, %(n)s) i
          JOIN safety_survivor sv ON sv.id = (%(ids)s::int[])[1 + i %% %(nsv)s]
          JOIN safety_funder_code c ON c.id = (%(codes)s::int[])[1 + i %% %(ncodes)s]
        """,
        {
            "company": company,
            "uid": uid,
            "n": services,
            "ids": ids,
            "nsv": len(ids),
            "codes": codes,
            "ncodes": len(codes),
        },
    )
    cr.execute("ANALYZE safety_service")
    cr.execute("ANALYZE safety_survivor")


def measure(env):
    report = env["safety.funder.report"].create({"fiscal_year": 2026, "quarter": "2"})
    env.invalidate_all()
    cr = env.cr
    tracemalloc.start()
    queries = cr.sql_log_count
    start = time.perf_counter()
    figures = report._pmt_figures()
    elapsed = time.perf_counter() - start
    queries = cr.sql_log_count - queries
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, queries, peak, figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=200000)
    parser.add_argument("--survivors", type=int, default=40000)
    args, _others = parser.parse_known_args()
    odoo, registry = open_registry(copy_as="funder")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env.user.tz = "UTC"
        for services, survivors in (
            (args.services // 10, args.survivors // 10),
            (args.services - args.services // 10, args.survivors - args.survivors // 10),
        ):
            populate(env, services, survivors)
            cr.execute("SELECT count(*) FROM safety_service")
            total_services = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM safety_survivor")
            total_survivors = cr.fetchone()[0]
            elapsed, queries, peak, figures = measure(env)
            print(
                f"{total_services} services, {total_survivors} survivors: Q2 report "
                f"{elapsed * 1000:.0f} ms, {queries} queries, peak Python memory "
                f"{peak / 2**20:.1f} MiB, process peak RSS "
                f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; "
                f"{figures['individuals_served']} individuals served, "
                f"{figures['new_individuals']} new"
            )
        cr.rollback()


if __name__ == "__main__":
    main()
