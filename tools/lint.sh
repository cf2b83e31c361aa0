#!/usr/bin/env bash
# ruff (format + check) and pylint-odoo on the addon.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/tools/.env"
cd "$here"
files=$(git ls-files '*.py')
"$VENV/bin/ruff" format --check $files
"$VENV/bin/ruff" check $files
addons=$CACHE/addons-$(echo "$here" | sha256sum | cut -c1-12)
mkdir -p "$addons" && ln -sfn "$here" "$addons/victim_safety_planning"
cd "$addons"
PYTHONPATH="$ODOO_SRC" "$VENV/bin/pylint" --rcfile="$here/.pylintrc" victim_safety_planning
echo "lint: clean"
