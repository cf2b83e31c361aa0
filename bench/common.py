"""Shared start-up of the bench scripts: arguments from tools/bench.sh and an
Odoo registry on the bench database."""

import argparse
import statistics
import sys
import time


def open_registry(copy_as=None):
    """Odoo and a registry on the bench database, or on a fresh copy of it
    named after it with the suffix ``copy_as`` (for benches that need a
    volume of their own; each bench database has its own copies)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--odoo-src", required=True)
    parser.add_argument("--addons", required=True)
    parser.add_argument("--db", required=True)
    args, _others = parser.parse_known_args()
    sys.path.insert(0, args.odoo_src)
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        [f"--addons-path={args.odoo_src}/addons,{args.addons}", "--db_host=127.0.0.1"]
    )
    db = args.db
    if copy_as:
        copy_as = f"{args.db}_{copy_as}"
        import psycopg2

        connection = psycopg2.connect(dbname="postgres", host="127.0.0.1")
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{copy_as}"')
            cr.execute(f'CREATE DATABASE "{copy_as}" TEMPLATE "{args.db}"')
        connection.close()
        db = copy_as
    return odoo, Registry(db)


def median_ms(func, runs=25):
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        values.append(time.perf_counter() - start)
    return 1000 * statistics.median(values)
