"""Shared start-up of the bench scripts: arguments from tools/bench.sh and an
Odoo registry on the bench database."""

import argparse
import statistics
import sys
import time


def open_registry():
    parser = argparse.ArgumentParser()
    parser.add_argument("--odoo-src", required=True)
    parser.add_argument("--addons", required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    sys.path.insert(0, args.odoo_src)
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        [f"--addons-path={args.odoo_src}/addons,{args.addons}", "--db_host=127.0.0.1"]
    )
    return odoo, Registry(args.db)


def median_ms(func, runs=25):
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        values.append(time.perf_counter() - start)
    return 1000 * statistics.median(values)
