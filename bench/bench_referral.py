"""Referrals and the resource directory at volume.

1. The daily referral run over 20,000 referrals on 2,000 active plans, of
   which 1,000 passed their follow-up date without an answer (one activity
   each) and 504 were sent under releases that expired (revoked, with a note
   on their plan): first run (does the work, in batches of 500), then an
   immediate second run (finds nothing to do).
2. The HSDS directory: export, then import of the same zip (every row an
   update), of 1,000 organisations with 2,000 services, 1,000 sites and
   4,000 phones.

Runs on its own copy of the bench database (<bench database>_referral), made
anew each time and filled with SQL. Prints runtimes and SQL query counts;
never asserts timings.
"""

import time
from datetime import date, timedelta

from common import open_registry

PLANS = 2_000
REFERRALS = 20_000
DUE = 1_000
EXPIRED = 500
ORGANISATIONS = 1_000


def build_referrals(env):
    cr = env.cr
    today = date.today()
    company_id = env.company.id
    advocate = env["res.users"].create(
        {
            "name": "Bench Referral Advocate",
            "login": f"bench_referral_advocate_{time.time_ns()}",
            "group_ids": [(6, 0, env.ref("victim_safety_planning.group_safety_advocate").ids)],
        }
    )
    cr.execute(
        """
        INSERT INTO safety_survivor (name, company_id, lang, active, create_uid, write_uid,
                                     create_date, write_date)
        SELECT 'Bench Referral Survivor ' || g, %s, 'en_US', TRUE, 1, 1, now(), now()
          FROM generate_series(1, %s) g
        """,
        [company_id, PLANS],
    )
    cr.execute(
        """
        INSERT INTO safety_plan (name, company_id, survivor_id, advocate_id, situation_type,
                                 state, risk_level, review_interval_days, activation_date,
                                 active, create_uid, write_uid, create_date, write_date)
        SELECT 'REFB/' || lpad(s.id::text, 7, '0'), %s, s.id, %s, 'domestic_violence',
               'active', 'medium', 30, %s, TRUE, 1, 1, now(), now()
          FROM safety_survivor s WHERE s.name LIKE 'Bench Referral Survivor %%'
        """,
        [company_id, advocate.id, today - timedelta(days=40)],
    )
    cr.execute(
        """INSERT INTO safety_plan_member_rel (plan_id, user_id)
           SELECT id, %s FROM safety_plan WHERE name LIKE 'REFB/%%'""",
        [advocate.id],
    )
    shelter = env["res.partner"].create(
        {"name": "Bench Shelter", "is_company": True, "safety_resource_type": "shelter"}
    )
    # one release per plan; those of the first plans ended yesterday
    cr.execute(
        """
        INSERT INTO safety_consent (plan_id, company_id, recipient_id, purpose, scope,
                                    signed_date, expiry_date, create_uid, write_uid,
                                    create_date, write_date)
        SELECT p.id, p.company_id, %(shelter)s, 'Shelter intake', 'Name and phone',
               %(today)s::date - 100,
               CASE WHEN row_number() OVER (ORDER BY p.id) <= %(expired_plans)s
                    THEN %(today)s::date - 1 ELSE %(today)s::date + 200 END,
               1, 1, now(), now()
          FROM safety_plan p WHERE p.name LIKE 'REFB/%%'
        """,
        {"shelter": shelter.id, "today": today, "expired_plans": -(-EXPIRED // 9)},
    )
    # ten referrals per plan, nine of them still open (sent), not due yet
    cr.execute(
        """
        INSERT INTO safety_referral (plan_id, company_id, partner_id, consent_id, date,
                                     state, sent_date, follow_up_date, create_uid,
                                     write_uid, create_date, write_date)
        SELECT c.plan_id, c.company_id, %(shelter)s, c.id, %(today)s::date - 20,
               CASE WHEN n = 10 THEN 'completed' ELSE 'sent' END,
               %(today)s::date - 20, %(today)s::date + 30, 1, 1, now(), now()
          FROM safety_consent c, generate_series(1, 10) n
         WHERE c.recipient_id = %(shelter)s
        """,
        {"shelter": shelter.id, "today": today},
    )
    # DUE open referrals of the last plans passed their follow-up date
    cr.execute(
        """
        UPDATE safety_referral SET follow_up_date = %(today)s::date - 1
         WHERE id IN (SELECT id FROM safety_referral
                       WHERE partner_id = %(shelter)s AND state = 'sent'
                       ORDER BY consent_id DESC, id LIMIT %(due)s)
        """,
        {"shelter": shelter.id, "today": today, "due": DUE},
    )
    cr.commit()
    env.invalidate_all()


def build_directory(env):
    Wizard = env["safety.directory.wizard"]
    kinds = ["advocacy", "shelter", "counseling", "legal_aid", "medical", "hotline"]
    rows = {
        "organization": [],
        "service": [],
        "location": [],
        "address": [],
        "phone": [],
        "attribute": [],
    }
    terms = [Wizard._term_row(code) for code in kinds]
    for index in range(ORGANISATIONS):
        org = f"00000000-0000-4000-8000-{index:012d}"
        rows["organization"].append({"id": org, "name": f"Organización Ñandú {index}"})
        rows["attribute"].append(Wizard._attribute_row(org, "organization", kinds[index % 6]))
        site = f"10000000-0000-4000-8000-{index:012d}"
        rows["location"].append(
            {"id": site, "location_type": "physical", "organization_id": org, "name": "Sede"}
        )
        rows["address"].append(
            {
                "id": f"20000000-0000-4000-8000-{index:012d}",
                "location_id": site,
                "address_1": f"{index} Calle Mayor",
                "city": "Riverside",
                "state_province": "CA",
                "postal_code": "94999",
                "country": "US",
                "address_type": "physical",
            }
        )
        rows["phone"].append(
            {"id": f"p{index}", "organization_id": org, "number": "(415) 555-0100"}
        )
        rows["phone"].append({"id": f"q{index}", "location_id": site, "number": "(415) 555-0101"})
        for service in range(2):
            sid = f"3{service}000000-0000-4000-8000-{index:012d}"
            rows["service"].append(
                {
                    "id": sid,
                    "organization_id": org,
                    "name": f"Servicio {service}",
                    "status": "active",
                }
            )
            rows["phone"].append({"id": f"s{sid}", "service_id": sid, "number": "(415) 555-0102"})
    texts = {
        "taxonomy": "id,name\n6f3c4a1e-5b8d-4e27-9a0f-2d1c7b9e4a01,victim_safety_planning\n",
        "taxonomy_term": _csv(["id", "code", "name", "description", "taxonomy_id"], terms),
    }
    for table, table_rows in rows.items():
        columns = sorted({key for row in table_rows for key in row})
        texts[table] = _csv(columns, table_rows)
    report = Wizard._hsds_import(Wizard._parse_tables(texts))
    assert not report["errors"], report["errors"][:3]
    env.cr.commit()


def _csv(columns, rows):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def timed(env, func):
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def main():
    odoo, registry = open_registry(copy_as="referral")
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        build_referrals(env)
        for label in ("first run", "second run"):
            done, seconds, queries = timed(env, lambda: env["safety.referral"]._safety_follow_up())
            cr.commit()
            print(
                f"referral run ({label}): {done} referrals handled among {REFERRALS:,} "
                f"in {seconds:.2f} s, {queries} queries"
            )
        build_directory(env)
        Wizard = env["safety.directory.wizard"]
        content, seconds, queries = timed(env, Wizard._hsds_export_zip)
        print(
            f"HSDS export of {ORGANISATIONS:,} organisations: {seconds:.2f} s, {queries} queries, "
            f"{len(content) / 1024:.0f} KiB"
        )
        report, seconds, queries = timed(
            env, lambda: Wizard._hsds_import(Wizard._read_zip(content))
        )
        rows = sum(report["counts"].values())
        print(
            f"HSDS import of the same zip ({rows:,} rows, all updates): {seconds:.2f} s, "
            f"{queries} queries, {len(report['errors'])} errors"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
