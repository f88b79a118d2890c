#!/bin/bash
# The jobs view: the seeded jobs of team starshot, sorting with s / S,
# the "/" filter as you type with its count, Esc restores, scopes.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 30
wait_for "starshot-telemetry-ingest"

# The job names shown, top to bottom.
rows() { screen | grep -oE '^(. )?starshot-[a-z0-9-]+' | sed 's/^. //'; }

for j in starshot-processing-vmc-fact-daily starshot-billing-reconcile starshot-ml-feature-export \
	starshot-usage-rollup-hourly starshot-snapshot-archiver; do
	assert_screen_has "$j"
done
assert_screen_lacks "supercollider-"
wait_for "jobs — starshot (16)"
# status words and glyphs, state words
assert_screen_has "✘ platform_error"
assert_screen_has "▶ running"
assert_screen_has "not deployed"
assert_screen_has "disabled"

# Default order: by name, ascending.
first=$(rows | head -n 1)
[ "$first" = starshot-backfill-2024-q3 ] || fail "first row by name is $first"
sorted=$(rows | sort)
[ "$(rows)" = "$sorted" ] || fail "rows are not sorted by name"

# s: next column (STATE, the team column is hidden): enabled first, the
# jobs that are not deployed last.
send s
wait_for "STATE▲"
last=$(rows | tail -n 1)
[ "$last" = starshot-ml-feature-export ] || fail "last row by state is $last"
# S reverses: not deployed first.
send S
wait_for "STATE▼"
first=$(rows | head -n 1)
[ "$first" = starshot-ml-feature-export ] || fail "first row by state desc is $first"

# s again: status, failures first.
send s
wait_for "STATUS▲"
screen | grep -E '^(. )?starshot-' | head -n 1 | grep -qF "platform_error" ||
	fail "first row by status is not a platform error"

# The filter narrows as you type; the title counts; Esc restores.
send /
send_text bill
wait_for "/bill"
wait_for "jobs — starshot (2/16)"
[ "$(rows | wc -l)" -eq 2 ] || fail "filter /bill shows $(rows | wc -l) rows"
assert_screen_has "starshot-billing-reconcile"
assert_screen_has "starshot-customer-360-build" # its description mentions billing
send BSpace BSpace BSpace BSpace
send_text zzzz
wait_for "no jobs match /zzzz"
send Escape
wait_for "jobs — starshot (16)"
wait_gone "/zzzz"
[ "$(rows | wc -l)" -eq 16 ] || fail "Esc did not restore the 16 rows"

# Enter keeps the filter; a status word filters too; Esc (back) clears it.
send /
send_text failed
send Enter
wait_for "jobs — starshot ("
rows | grep -qx starshot-ml-feature-export && fail "filter failed kept a job that never ran"
rows | grep -qx starshot-billing-reconcile || fail "filter failed lost a failed job"
send Escape
wait_for "jobs — starshot (16)"

# Scopes.
send :
send_text running
send Enter
wait_for "jobs [running]"
[ "$(rows)" = starshot-telemetry-ingest ] || fail "running scope shows: $(rows | tr '\n' ' ')"
send :
send_text jobs
send Enter
wait_for "jobs — starshot (16)"
pass
