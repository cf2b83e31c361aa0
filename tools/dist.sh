#!/usr/bin/env bash
# Build the wheel odoo-addon-victim_safety_planning: the addon an agency
# installs (its code, data, views, tests, translations, docs), not the
# project's tooling (tools/, bench/, the Makefile, CI and lint settings).
# whool names the distribution after the folder holding the manifest, so
# build from a copy of those files in a folder with the addon's technical
# name. tools/dist_check.sh installs the wheel into a clean place and the
# app from it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/tools/.env"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/victim_safety_planning" "$here/dist"
git -C "$here" ls-files -z -- . ':!tools' ':!bench' ':!.ci' ':!Makefile' ':!.pylintrc' \
    ':!.gitignore' ':!requirements-dev.txt' |
    (cd "$here" && xargs -0 cp --parents -t "$work/victim_safety_planning")
git -C "$work/victim_safety_planning" init -q
git -C "$work/victim_safety_planning" add -A
git -C "$work/victim_safety_planning" -c user.email=dist@localhost -c user.name=dist commit -qm dist
rm -f "$here"/dist/odoo_addon_victim_safety_planning-*.whl
"$VENV/bin/pip" wheel -q --no-deps -w "$here/dist" "$work/victim_safety_planning"
ls "$here"/dist/odoo_addon_victim_safety_planning-*.whl
