#!/usr/bin/env bash
# Serve a fresh demo agency on http://localhost:PORT (admin / admin).
#
# The slow part (installing the addon with its demo data and building the
# asset bundles the first screen loads) is done once, into a template
# database DB_template, and done again only when the addon's files or the
# Odoo source change (the template is updated in place; recreated if that
# fails). Each start then copies the template (createdb -T, plus the
# filestore as hard links): every `make demo` starts from the same agency,
# and what was changed in the previous session is gone.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/tools/.env"
db=${1:-vsp_demo} port=${2:-8069}
template=${DEMO_TEMPLATE:-${db}_template}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
filestore=${ODOO_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/Odoo}/filestore
say() { echo "demo: $*" >&2; }
odoo() { "$here/tools/odoo.sh" "$@"; }
db_exists() { psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }
started=$(date +%s)

# What the template was built from: the addon's files (tracked or not
# ignored; not the tooling or the docs) and the Odoo source's version
fingerprint=$( (cd "$here" && git ls-files -z -co --exclude-standard -- . ':!tools' ':!bench' \
    ':!doc' ':!*.md' ':!Makefile' | sort -z |
    xargs -0 sha256sum 2>/dev/null; git -C "$ODOO_SRC" rev-parse HEAD 2>/dev/null ||
    sha256sum "$ODOO_SRC/odoo/release.py") | sha256sum | cut -c1-16)
built_from() { psql -d postgres -Atqc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$template'"; }

prepare_template() {  # after install or update: privacy settings, assets
    # Odoo's IAP lead enrichment and partner autocomplete send e-mail
    # domains and company names to Odoo's servers: off for the agency
    # (Settings > Safety Planning says why)
    odoo shell -d "$template" --log-level=warn --no-http <<'PY' >/dev/null
mods = env["ir.module.module"].search(
    [("name", "in", ["crm_iap_enrich", "partner_autocomplete"]), ("state", "=", "installed")]
)
if mods:
    mods.button_immediate_uninstall()
    env.cr.commit()
PY
    odoo shell -d "$template" --log-level=warn --no-http <<'PY' >/dev/null
# the asset bundles the login page and the first screen load, built now so
# the first visit doesn't wait half a minute for them
for name in ("web.assets_frontend", "web.assets_frontend_lazy", "web.assets_web",
             "web.assets_backend_lazy", "web.assets_web_print", "web.assets_emoji"):
    try:
        bundle = env["ir.qweb"]._get_asset_bundle(name)
    except ValueError:
        continue
    if bundle.stylesheets:
        bundle.css()
    if bundle.javascripts:
        bundle.js()
env.cr.commit()
PY
}

build_template() {
    if db_exists "$template" && [ -n "$(built_from)" ]; then
        say "the addon changed since the demo template was built: updating $template"
        if odoo -d "$template" -u victim_safety_planning --stop-after-init --log-level=warn \
            --max-cron-threads=0 --no-http; then
            prepare_template
            return
        fi
        say "updating failed: building $template again"
    else
        say "building the demo template $template once (a few minutes; later starts take seconds)"
    fi
    dropdb --if-exists "$template"
    rm -rf "${filestore:?}/$template"
    odoo -d "$template" -i victim_safety_planning --with-demo --stop-after-init --log-level=warn \
        --max-cron-threads=0 --no-http
    prepare_template
}

if ! db_exists "$template" || [ "$(built_from)" != "$fingerprint" ]; then
    build_template
    psql -d postgres -qc "COMMENT ON DATABASE \"$template\" IS '$fingerprint'"
fi

say "copying $template to $db (a fresh demo agency)"
dropdb --if-exists "$db"
createdb -T "$template" "$db"
# a copy is a new database to Odoo (as the database manager's duplicate does)
psql -d "$db" -qc "UPDATE ir_config_parameter SET value = gen_random_uuid()::text
                    WHERE key IN ('database.uuid', 'database.secret')"
rm -rf "${filestore:?}/$db"
if [ -d "$filestore/$template" ]; then
    mkdir -p "$filestore"
    # attachments are never rewritten in place: hard links are a safe copy
    cp -al "$filestore/$template" "$filestore/$db" 2>/dev/null || cp -a "$filestore/$template" "$filestore/$db"
fi
say "ready in $(($(date +%s) - started)) s; Odoo on http://localhost:$port (admin / admin; README: the 10-minute tour)"
exec "$here/tools/odoo.sh" -d "$db" --db-filter="^$db\$" --http-port="$port"
