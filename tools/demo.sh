#!/usr/bin/env bash
# Create the demo database once (with demo data), update it when it exists,
# then serve Odoo on http://localhost:PORT (admin / admin).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
db=${1:-vsp_demo} port=${2:-8069}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
if psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 &&
    psql -d "$db" -Atqc "SELECT 1 FROM ir_module_module WHERE name = 'victim_safety_planning' AND state = 'installed' AND demo" 2>/dev/null | grep -q 1; then
    echo "demo: updating existing database $db" >&2
    "$here/tools/odoo.sh" -d "$db" -u victim_safety_planning --stop-after-init --log-level=warn
else
    echo "demo: creating database $db with demo data" >&2
    dropdb --if-exists "$db"
    "$here/tools/odoo.sh" -d "$db" -i victim_safety_planning --with-demo --stop-after-init --log-level=warn
fi
echo "demo: Odoo on http://localhost:$port  (admin / admin; see README for the demo staff)" >&2
exec "$here/tools/odoo.sh" -d "$db" --db-filter="^$db\$" --http-port="$port"
