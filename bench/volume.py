"""A database of its own for the benches that need an agency's whole case
load: 100,000 survivors with one plan each, an advocate holding 80 of them.

Made once per `make bench` run from the bench database (same schema, the
addon as just updated) and shared by the scripts that need it: the first
one copies the bench database and writes the volume, the next ones find it
stamped with the bench database's addon update and reuse it. Rows are
written with SQL from a survivor and a plan made through the ORM (copies of
their rows, so that every stored value is one the addon computed), which
takes seconds instead of the hour 100,000 ORM creates would take.
"""

import argparse
import sys
import time

SURVIVORS = 100_000
HOLDER_PLANS = 80
OTHER_ADVOCATES = 49
STAMP_PARAM = "victim_safety_planning.bench_volume_stamp"

# Names people search for: Latin with and without accents, Cyrillic, Arabic, CJK.
FIRST_NAMES = [
    "Robin",
    "Maria",
    "José",
    "Aïcha",
    "Nguyễn",
    "Olga",
    "Fatima",
    "Chloé",
    "Amara",
    "Lucía",
    "Priya",
    "Ewa",
    "Zoë",
    "Ngozi",
    "Ольга",
    "Мария",
    "فاطمة",
    "ليلى",
    "美玲",
    "花子",
    "Siobhán",
    "Björk",
    "Renée",
    "Thandiwe",
    "Ana",
    "Grace",
    "Mei",
    "Ines",
    "Dagny",
    "Yasmin",
]
LAST_NAMES = [
    "García",
    "Smith",
    "Nowak",
    "Okafor",
    "Dubois",
    "Müller",
    "Haddad",
    "Kowalczyk",
    "Tanaka",
    "Ivanova",
    "Иванова",
    "Петрова",
    "الحسن",
    "王",
    "李",
    "Ó Briain",
    "Johansson",
    "Rossi",
    "Mbeki",
    "Fernández",
    "Quillfeather",
    "Nakamura",
    "Silva",
    "Cohen",
    "Popescu",
    "Nielsen",
    "Kaur",
    "Lefèvre",
    "Brown",
    "Ahmed",
]


def _args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--odoo-src", required=True)
    parser.add_argument("--addons", required=True)
    parser.add_argument("--db", required=True)
    return parser.parse_args()


def _stamp(cr):
    cr.execute(
        "SELECT latest_version || ' ' || write_date FROM ir_module_module "
        "WHERE name = 'victim_safety_planning'"
    )
    return cr.fetchone()[0]


def open_volume_registry():
    """Odoo and a registry on the volume database, made if missing or older
    than the bench database's addon."""
    args = _args()
    sys.path.insert(0, args.odoo_src)
    import psycopg2

    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        [f"--addons-path={args.odoo_src}/addons,{args.addons}", "--db_host=127.0.0.1"]
    )
    volume_db = f"{args.db}_volume"
    with psycopg2.connect(dbname=args.db, host="127.0.0.1") as connection:
        with connection.cursor() as cr:
            stamp = _stamp(cr)
    connection.close()
    current = None
    try:
        with psycopg2.connect(dbname=volume_db, host="127.0.0.1") as connection:
            with connection.cursor() as cr:
                cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [STAMP_PARAM])
                row = cr.fetchone()
                current = row and row[0]
        connection.close()
    except psycopg2.OperationalError:
        pass
    if current != stamp:
        connection = psycopg2.connect(dbname="postgres", host="127.0.0.1")
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{volume_db}"')
            cr.execute(f'CREATE DATABASE "{volume_db}" TEMPLATE "{args.db}"')
        connection.close()
        registry = Registry(volume_db)
        started = time.perf_counter()
        with registry.cursor() as cr:
            _write_volume(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True}))
            odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["ir.config_parameter"].set_param(
                STAMP_PARAM, stamp
            )
        # as autovacuum leaves a table: statistics and visibility map (index-only scans)
        connection = psycopg2.connect(dbname=volume_db, host="127.0.0.1")
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute("VACUUM ANALYZE")
        connection.close()
        print(f"volume written in {time.perf_counter() - started:.0f} s")
    return odoo, Registry(volume_db)


def volume_users(env):
    """The advocate holding 80 plans, and a supervisor of the company."""
    users = env["res.users"].with_context(active_test=False)
    return (
        users.search([("login", "=", "bench_volume_holder")]),
        users.search([("login", "=", "bench_volume_supervisor")]),
    )


def _copy_rows(cr, table, template_id, count, overrides):
    """Insert ``count`` copies of row ``template_id`` of ``table``, with
    ``overrides`` (column: SQL expression of ``i``, 1..count)."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    values = [overrides.get(column, f'src."{column}"') for column in columns]
    cr.execute(
        f"""
        INSERT INTO "{table}" ({", ".join(f'"{c}"' for c in columns)})
        SELECT {", ".join(values)}
          FROM "{table}" src, generate_series(1, %s) AS i
         WHERE src.id = %s
     RETURNING id
        """,
        [count, template_id],
    )
    return [row[0] for row in cr.fetchall()]


def _write_volume(env):
    from odoo.tests.common import new_test_user

    env.company.country_id = env.ref("base.us")
    holder = new_test_user(
        env, login="bench_volume_holder", groups="victim_safety_planning.group_safety_advocate"
    )
    new_test_user(
        env,
        login="bench_volume_supervisor",
        groups="victim_safety_planning.group_safety_supervisor",
    )
    others = [
        new_test_user(
            env,
            login=f"bench_volume_advocate_{index}",
            groups="victim_safety_planning.group_safety_advocate",
        ).id
        for index in range(OTHER_ADVOCATES)
    ]
    survivor = env["safety.survivor"].create({"name": "Robin Template"})
    plan = env["safety.plan"].create(
        {
            "survivor_id": survivor.id,
            "advocate_id": holder.id,
            "situation_type": "stalking",
            "emergency_contact_ids": [
                (0, 0, {"name": "Sister", "phone_national": "415 555 2671"}),
                (0, 0, {"name": "Hotline", "phone_national": "+1 800 799 7233"}),
            ],
        }
    )
    plan.action_activate()
    env.flush_all()
    cr = env.cr
    first = "ARRAY[{}]".format(", ".join(f"'{name}'" for name in FIRST_NAMES))
    last = "ARRAY[{}]".format(", ".join(f"'{name}'" for name in LAST_NAMES))
    # every (first, last) pair, then the pairs again with a middle initial
    name = (
        f"({first})[1 + mod(i, {len(FIRST_NAMES)})] || ' ' || "
        f"chr(65 + mod(i / {len(FIRST_NAMES) * len(LAST_NAMES)}, 26)) || '. ' || "
        f"({last})[1 + mod(i / {len(FIRST_NAMES)}, {len(LAST_NAMES)})]"
    )
    survivor_ids = _copy_rows(
        cr,
        "safety_survivor",
        survivor.id,
        SURVIVORS - 1,
        {"name": name, "email": "NULL", "email_normalized": "NULL", "phone": "NULL"},
    )
    cr.execute("CREATE TEMP TABLE bench_new_survivor (n int PRIMARY KEY, id int)")
    cr.execute(
        "INSERT INTO bench_new_survivor SELECT ordinality, id FROM unnest(%s::int[]) "
        "WITH ORDINALITY AS t(id, ordinality)",
        [survivor_ids],
    )
    others_sql = "ARRAY[{}]".format(", ".join(map(str, others)))
    plan_ids = _copy_rows(
        cr,
        "safety_plan",
        plan.id,
        SURVIVORS - 1,
        {
            "name": "'SP-V' || lpad(i::text, 6, '0')",
            "survivor_id": "(SELECT id FROM bench_new_survivor WHERE n = i)",
            "advocate_id": (
                f"CASE WHEN i < {HOLDER_PLANS} THEN src.advocate_id "
                f"ELSE ({others_sql})[1 + mod(i, {OTHER_ADVOCATES})] END"
            ),
            "review_activity_id": "NULL",
            "next_review_date": "src.next_review_date + (mod(i, 60) - 20)",
        },
    )
    # the members relation the rules read (advocate and team), kept by the ORM
    # for the plans it writes: the copies' rows written here
    cr.execute(
        "INSERT INTO safety_plan_member_rel (plan_id, user_id) "
        "SELECT id, advocate_id FROM safety_plan WHERE id = ANY(%s)",
        [plan_ids],
    )
    # the holder's plans get the template's steps and contacts, as real plans have
    holder_plans = plan_ids[: HOLDER_PLANS - 1]
    for table in ("safety_plan_step", "safety_emergency_contact"):
        cr.execute(f'SELECT id FROM "{table}" WHERE plan_id = %s', [plan.id])
        for (row_id,) in cr.fetchall():
            _copy_rows(
                cr,
                table,
                row_id,
                len(holder_plans),
                {"plan_id": "(ARRAY[{}])[i]".format(", ".join(map(str, holder_plans)))},
            )
    env.invalidate_all()
