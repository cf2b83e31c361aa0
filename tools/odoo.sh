#!/usr/bin/env bash
# Run odoo-bin from the cached set-up with this checkout as the addon
# `victim_safety_planning`, whatever the checkout's folder is called.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/tools/.env"
addons=$CACHE/addons-$(echo "$here" | sha256sum | cut -c1-12)
mkdir -p "$addons"
ln -sfn "$here" "$addons/victim_safety_planning"
sub=()
case "${1:-}" in shell | populate | i18n) sub=("$1"); shift ;; esac
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "${sub[@]}" \
    --addons-path="$ODOO_SRC/addons,$addons" \
    --db_host="${PGHOST:-127.0.0.1}" --db_port="${PGPORT:-5432}" \
    --db_user="${PGUSER:-$(id -un)}" --http-interface=127.0.0.1 "$@"
