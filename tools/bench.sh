#!/usr/bin/env bash
# Run every bench/*.py against a dedicated database (created once, with the
# addon installed, reused while the addon's version is unchanged).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/tools/.env"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
db=${BENCH_DB:-vsp_bench}
if ! psql -d "$db" -Atqc "SELECT 1 FROM ir_module_module WHERE name='victim_safety_planning' AND state='installed'" 2>/dev/null | grep -q 1; then
    dropdb --if-exists "$db"
    "$here/tools/odoo.sh" -d "$db" -i victim_safety_planning --stop-after-init --log-level=warn
else
    "$here/tools/odoo.sh" -d "$db" -u victim_safety_planning --stop-after-init --log-level=warn
fi
# bench_neighbours.py compares core Odoo with and without the addon: two
# databases with the same apps and demo data, made once and then reused
if [ -z "${BENCH_ONLY:-}" ] || [ "${BENCH_ONLY}" = bench_neighbours ]; then
    for variant in core apps; do
        ndb="${db}_neighbours_$variant"
        modules=crm,account,calendar,contacts,phone_validation
        [ "$variant" = apps ] && modules+=,victim_safety_planning
        if psql -d "$ndb" -Atqc "SELECT 1 FROM ir_module_module WHERE name='account' AND state='installed'" 2>/dev/null | grep -q 1; then
            if [ "$variant" = apps ]; then
                "$here/tools/odoo.sh" -d "$ndb" -u victim_safety_planning --stop-after-init --log-level=warn
            fi
        else
            dropdb --if-exists "$ndb"
            "$here/tools/odoo.sh" -d "$ndb" -i "$modules" --with-demo --stop-after-init --log-level=warn
        fi
    done
fi
# plans first: the other scripts use the plans it creates
scripts="$here/bench/bench_plans.py $(ls "$here"/bench/bench_*.py | grep -v bench_plans.py) $here/bench/fuzz_safety_models.py"
if [ -n "${BENCH_ONLY:-}" ]; then scripts=$(ls "$here"/bench/${BENCH_ONLY}.py); fi
for script in $scripts; do
    echo "== $(basename "$script")"
    "$VENV/bin/python" "$script" --odoo-src "$ODOO_SRC" --addons "$CACHE/addons-$(echo "$here" | sha256sum | cut -c1-12)" --db "$db"
done
