#!/usr/bin/env bash
# Idempotent set-up shared by `make demo`, `make test`, `make lint` and `make bench`.
# Prints nothing but progress on stderr; ends by writing tools/.env (ignored by git)
# with the paths the other targets need.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${VSP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/victim_safety_planning}
mkdir -p "$cache"
say() { echo "setup: $*" >&2; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root to run: $*"; fi
}

# --- Debian packages -------------------------------------------------------
need_pkgs=()
command -v wkhtmltopdf >/dev/null || need_pkgs+=(wkhtmltopdf)
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || need_pkgs+=(chromium)
command -v zbarimg >/dev/null || need_pkgs+=(zbar-tools)
command -v pdftoppm >/dev/null || need_pkgs+=(poppler-utils)
command -v git >/dev/null || need_pkgs+=(git)
# `make screenshots` drives Chromium with playwright-core from npm
command -v npm >/dev/null || need_pkgs+=(npm)
# fonts for every script a report prints (cards, plans): Latin with accents and
# Vietnamese, Cyrillic, Greek, Arabic, Hebrew (Noto core) and Chinese (Noto CJK)
if command -v dpkg-query >/dev/null; then
    for pkg in fonts-noto-core fonts-noto-cjk; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || need_pkgs+=("$pkg")
    done
fi
pg_up() { pg_isready -q -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" 2>/dev/null; }
if ! command -v pg_isready >/dev/null || ! pg_up; then
    command -v pg_isready >/dev/null || need_pkgs+=(postgresql)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
    say "installing Debian packages: ${need_pkgs[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_pkgs[@]}" >&2
fi
if ! pg_up; then
    say "starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -1)" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
    pg_up || die "no PostgreSQL server answers on ${PGHOST:-127.0.0.1}:${PGPORT:-5432}"
fi

# --- Odoo 19.0 source ------------------------------------------------------
odoo_src=${ODOO_SRC:-$cache/odoo-19.0}
if [ ! -f "$odoo_src/odoo-bin" ]; then
    [ -n "${ODOO_SRC:-}" ] && die "ODOO_SRC=$ODOO_SRC holds no odoo-bin"
    say "cloning odoo/odoo 19.0 into $odoo_src"
    git clone -q --depth 1 --branch 19.0 https://github.com/odoo/odoo.git "$odoo_src.part" 2>/dev/null ||
        { rm -rf "$odoo_src.part"; die "no Odoo 19.0 source: set ODOO_SRC to an Odoo 19.0 checkout, \
or put one in $odoo_src (the network did not allow cloning odoo/odoo)"; }
    mv "$odoo_src.part" "$odoo_src"
fi
grep -q "^version_info = (19, 0" "$odoo_src/odoo/release.py" ||
    die "$odoo_src is not Odoo 19.0"

# --- virtualenv keyed by the requirements ---------------------------------
py=${PYTHON:-python3}
key=$( (cat "$odoo_src/requirements.txt" "$here/requirements-dev.txt"; $py -V) | sha256sum | cut -c1-16)
venv=$cache/venv-$key
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
    say "building virtualenv $venv (once per requirements change)"
    rm -rf "$venv"
    $py -m venv "$venv"
    # Old sdists pinned by Odoo only build with setuptools<70 in pip's build env.
    echo "setuptools<70" > "$venv/constraints.txt"
    # python-ldap only serves auth_ldap and needs LDAP headers; psycopg2 from a wheel
    # spares us libpq headers.
    sed -e '/^python-ldap/d' -e 's/^psycopg2==/psycopg2-binary==/' \
        "$odoo_src/requirements.txt" > "$venv/odoo-requirements.txt"
    PIP_CONSTRAINT="$venv/constraints.txt" "$venv/bin/pip" install -q --upgrade "pip<26" wheel "setuptools<70" >&2
    PIP_CONSTRAINT="$venv/constraints.txt" PIP_BUILD_CONSTRAINT="$venv/constraints.txt" "$venv/bin/pip" install -q \
        -r "$venv/odoo-requirements.txt" -r "$here/requirements-dev.txt" >&2
    touch "$venv/.complete"
fi

cat > "$here/tools/.env" <<ENV
ODOO_SRC=$odoo_src
VENV=$venv
CACHE=$cache
ENV
say "ready: Odoo $odoo_src, venv $venv"
