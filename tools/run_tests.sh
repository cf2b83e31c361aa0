#!/usr/bin/env bash
# Fresh database, install with demo data, run every test of the addon (tours
# included), then judge the log ourselves: Odoo's own summary counts neither
# skipped tests nor ERROR lines logged outside a test.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
db=${TEST_DB:-vsp_test}
log=${TEST_LOG:-${TMPDIR:-/tmp}/vsp_test_$$.log}
tags=${TEST_TAGS:-/victim_safety_planning}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432}

dropdb --if-exists "$db" >/dev/null 2>&1 || { echo "cannot drop database $db" >&2; exit 2; }
"$here/tools/odoo.sh" -d "$db" -i victim_safety_planning --with-demo \
    --test-tags "$tags" --stop-after-init --http-port="${TEST_HTTP_PORT:-8169}" \
    --log-level=test --max-cron-threads=0 2>&1 | tee "$log" | \
    grep --line-buffered -E " (WARNING|ERROR|CRITICAL) |odoo\.tests\.(result|stats)|: skipped | FAIL: | ERROR: |Starting " || true
odoo_rc=${PIPESTATUS[0]}

result=$(grep -E "odoo\.tests\.result: [0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$log" | tail -1)
failed=$(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error.*/\1/' <<<"$result")
errors=$(sed -E 's/.* ([0-9]+) error\(s\) of.*/\1/' <<<"$result")
total=$(sed -E 's/.* of ([0-9]+) tests.*/\1/' <<<"$result")
skipped=$(grep -cE "^[-0-9: ,]+ [0-9]+ INFO [^ ]+ [^ ]+: skipped " "$log")
bad_lines=$(grep -cE "^[-0-9: ,]+ [0-9]+ (ERROR|CRITICAL) " "$log")
# our own warnings fail the run too: install and upgrade must be clean
own_warnings=$(grep -E "^[-0-9: ,]+ [0-9]+ WARNING " "$log" | grep -c "victim_safety_planning")

# Installing without demo data and upgrading in place must be clean too.
check_clean() {  # label, then odoo arguments
    local label=$1; shift
    local clog="${log%.log}_$label.log"
    "$here/tools/odoo.sh" "$@" --stop-after-init --max-cron-threads=0 >"$clog" 2>&1
    local rc=$?
    local bad
    bad=$(grep -E "^[-0-9: ,]+ [0-9]+ (ERROR|CRITICAL) " "$clog" | wc -l)
    bad=$((bad + $(grep -E "^[-0-9: ,]+ [0-9]+ WARNING " "$clog" | grep -c "victim_safety_planning")))
    if [ "$rc" -ne 0 ] || [ "$bad" -ne 0 ]; then
        echo "$label: exit $rc, $bad ERROR/WARNING line(s), see $clog" >&2
        return 1
    fi
    echo "$label: clean" >&2
}
install_ok=0
check_clean upgrade -d "$db" -u victim_safety_planning || install_ok=1
dropdb --if-exists "${db}_nodemo" >/dev/null 2>&1
check_clean install_without_demo -d "${db}_nodemo" -i victim_safety_planning || install_ok=1
check_clean upgrade_without_demo -d "${db}_nodemo" -u victim_safety_planning || install_ok=1
dropdb --if-exists "${db}_nodemo" >/dev/null 2>&1

status=$install_ok
if [ -z "$result" ]; then
    echo "no test result found in $log (Odoo exit code $odoo_rc)" >&2
    failed=0 errors=1 total=0 status=1
fi
[ "${total:-0}" -gt 0 ] || { echo "no test ran" >&2; status=1; }
[ "$skipped" -eq 0 ] || { echo "$skipped test(s) skipped: a skipped test is a failure here" >&2; status=1; }
[ "$bad_lines" -eq 0 ] || { echo "$bad_lines ERROR/CRITICAL log line(s), see $log" >&2; status=1; }
[ "$own_warnings" -eq 0 ] || { echo "$own_warnings WARNING line(s) from victim_safety_planning" >&2; status=1; }
[ "$odoo_rc" -eq 0 ] || { echo "odoo-bin exited with $odoo_rc" >&2; status=1; }
nfail=$((failed + errors))
[ "$nfail" -eq 0 ] || status=1
passed=$((total - nfail - skipped))
[ "$passed" -ge 0 ] || passed=0
echo "log: $log"
echo "$passed passed, $nfail failed"
exit $status
