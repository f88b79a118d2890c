#!/bin/bash
# A column's own sort key (k9s style): N sorts the jobs by name, a second
# N reverses; A sorts by last run, newest first. The status line says the
# column and the direction.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 40
wait_for "starshot-telemetry-ingest"
wait_for "row 1/"
# The names in the table's rows, top to bottom.
names() { screen | sed -n '3,38p' | grep -o 'starshot-[a-z0-9-]*' ; }
# Leave the name sort first, so N starts a fresh ascending sort.
send A
wait_for "sorted by LAST RUN, descending"
send N
wait_for "sorted by NAME, ascending"
asc=$(names)
[ "$(printf '%s\n' "$asc" | wc -l)" -gt 3 ] || fail "too few rows: $asc"
[ "$asc" = "$(printf '%s\n' "$asc" | LC_ALL=C sort)" ] || fail "N did not sort by name ascending: $asc"
send N
wait_for "sorted by NAME, descending"
desc=$(names)
[ "$desc" = "$(printf '%s\n' "$asc" | LC_ALL=C sort -r)" ] || fail "a second N did not reverse: $desc"
case "$(screen | tail -n 1)" in *"sort NAME"*) ;; *) fail "status lacks the sort label: $(screen | tail -n 1)" ;; esac
pass
