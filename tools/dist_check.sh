#!/usr/bin/env bash
# Check the wheel `make dist` builds: it carries the addon and none of the
# project's tooling, and installed into a clean place (not this checkout)
# Odoo 19 installs the app from it, without demo data, cleanly.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/tools/.env"
db=${DIST_DB:-vsp_dist_check}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
fail() { echo "dist_check: FAIL: $*" >&2; exit 1; }

wheel=$(bash "$here/tools/dist.sh" | tail -1)
files=$("$VENV/bin/python" -m zipfile -l "$wheel" | awk 'NR > 1 {print $1}')
addon=odoo/addons/victim_safety_planning
echo "dist_check: $(basename "$wheel"): $(grep -c "^$addon/" <<<"$files") files of the addon" >&2
for unwanted in bench tools .ci Makefile requirements-dev.txt; do
    ! grep -q "^$addon/$unwanted\(/\|$\)" <<<"$files" || fail "the wheel ships $unwanted"
done
for needed in __manifest__.py models/safety_plan.py security/ir.model.access.csv \
    static/description/icon.png i18n/victim_safety_planning.pot; do
    grep -qx "$addon/$needed" <<<"$files" || fail "the wheel lacks $needed"
done
other=$(grep -v "^$addon/\|^odoo_addon_victim_safety_planning-.*\.dist-info/" <<<"$files" || true)
[ -z "$other" ] || fail "the wheel ships files outside the addon: $other"

# a clean place: an empty target folder holding only the wheel's files
target=$(mktemp -d)
trap 'rm -rf "$target"; dropdb --if-exists "$db" 2>/dev/null || true' EXIT
"$VENV/bin/pip" install -q --no-deps --target "$target" "$wheel"
[ -f "$target/$addon/__manifest__.py" ] || fail "the wheel did not install $addon"
dropdb --if-exists "$db"
log=$(mktemp)
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$ODOO_SRC/addons,$target/odoo/addons" \
    --db_host="$PGHOST" --db_port="$PGPORT" --db_user="${PGUSER:-$(id -un)}" \
    -d "$db" -i victim_safety_planning --stop-after-init --no-http --max-cron-threads=0 \
    >"$log" 2>&1 || { tail -20 "$log" >&2; fail "installing the app from the wheel failed"; }
bad=$(grep -E "^[-0-9: ,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$log" | grep -v "Running as user 'root'" || true)
[ -z "$bad" ] || { echo "$bad" | head -5 >&2; fail "installing from the wheel logged warnings ($log)"; }
state=$(psql -d "$db" -Atqc "SELECT state || ' ' || demo FROM ir_module_module WHERE name = 'victim_safety_planning'")
[ "$state" = "installed false" ] || fail "the app is '$state' after installing from the wheel"
echo "dist_check: installed from the wheel in a clean folder, without demo data: ok" >&2
rm -f "$log"
