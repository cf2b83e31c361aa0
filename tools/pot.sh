#!/usr/bin/env bash
# Regenerate i18n/victim_safety_planning.pot from a scratch database.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/tools/.env"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
db=vsp_pot
dropdb --if-exists "$db"
"$here/tools/odoo.sh" -d "$db" -i victim_safety_planning --stop-after-init --log-level=warn
conf=$(mktemp)
trap 'rm -f "$conf"; dropdb --if-exists "$db"' EXIT
cat >"$conf" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$CACHE/addons-$(echo "$here" | sha256sum | cut -c1-12)
db_host = $PGHOST
db_port = $PGPORT
db_user = ${PGUSER:-$(id -un)}
CONF
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$conf" -d "$db" -l pot \
    -o "$here/i18n/victim_safety_planning.pot" victim_safety_planning
echo "wrote i18n/victim_safety_planning.pot"
