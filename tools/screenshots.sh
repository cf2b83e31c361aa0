#!/usr/bin/env bash
# `make screenshots`: a fresh demo database, Odoo served on a spare port,
# headless Chromium (driven by playwright-core from npm) taking the pictures
# of static/description, and the printed wallet card turned into PNGs by
# pdftoppm. Only the PNGs are kept.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/tools/.env"
db=${SCREENSHOT_DB:-vsp_screenshots}
port=${SCREENSHOT_PORT:-8281}
out="$here/static/description"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}
say() { echo "screenshots: $*" >&2; }

command -v npm >/dev/null || { say "npm is needed (apt-get install npm)"; exit 2; }
node_dir=$CACHE/node
if [ ! -d "$node_dir/node_modules/playwright-core" ]; then
    say "installing playwright-core in $node_dir"
    mkdir -p "$node_dir"
    npm --prefix "$node_dir" install --no-audit --no-fund --silent playwright-core@1 >&2
fi

say "creating the demo database $db"
dropdb --if-exists "$db"
"$here/tools/odoo.sh" -d "$db" -i victim_safety_planning --with-demo --stop-after-init \
    --log-level=warn --http-port="$port"
ids=$(VSP_SCREENSHOT_URL="http://127.0.0.1:$port" "$here/tools/odoo.sh" shell -d "$db" \
    --no-http --log-level=warn <"$here/tools/screenshots_prepare.py" | grep '^VSP ')
plan=$(sed -E 's/.*plan=([0-9]+).*/\1/' <<<"$ids")
cards=$(sed -E 's/.*cards=([0-9,]+).*/\1/' <<<"$ids")
assessment=$(sed -E 's/.*assessment=([0-9]+).*/\1/' <<<"$ids")

say "serving $db on port $port"
"$here/tools/odoo.sh" -d "$db" --db-filter="^$db\$" --http-port="$port" --max-cron-threads=0 \
    --log-level=warn >"${TMPDIR:-/tmp}/vsp_screenshots_$$.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$out/wallet_card.pdf"' EXIT
for _ in $(seq 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/web/login" && break
    sleep 1
done

NODE_PATH="$node_dir/node_modules" node "$here/tools/screenshots.js" \
    "http://127.0.0.1:$port" "$out" "$plan" "$cards" "$assessment"

# the card: front and back at 300 dpi, as printed
pdftoppm -png -r 300 -f 1 -l 2 "$out/wallet_card.pdf" "$out/wallet_card_page"
mv "$out/wallet_card_page-1.png" "$out/wallet_card.png"
mv "$out/wallet_card_page-2.png" "$out/wallet_card_back.png"
say "done: $(cd "$out" && ls ./*.png | tr '\n' ' ')"
