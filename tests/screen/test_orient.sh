#!/bin/bash
# Orientation without pressing ?: the key-hint line (from the action
# table, ending in "? help"), the data's age while connected, and the
# row position in the jobs table; at 80×24 and 120×40. At 60 columns the
# view title and the age stay while the host and the sort label give way;
# a config with hints = false has no hint line.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 80 24
wait_for "starshot-telemetry-ingest"
wait_for "updated just now"
hints=$(screen | sed -n 23p)
for want in "Enter open" "l logs" "/ filter" "? help"; do
	case "$hints" in *"$want"*) ;; *) fail "hint line lacks \"$want\": $hints" ;; esac
done
last=$(screen | tail -n 1)
case "$last" in *"connected"*"updated just now"*"row 1/"*) ;; *) fail "status line at 80x24: $last" ;; esac
total=$(printf '%s' "$last" | sed -n 's|.*row 1/\([0-9]*\).*|\1|p')
[ -n "$total" ] && [ "$total" -gt 3 ] || fail "no row count: $last"
send j j
wait_for "row 3/$total"
# The hints follow the view: the logs view has its own keys.
send l
wait_for "logs "
wait_for "f follow"
assert_screen_has "? help"
assert_screen_lacks "Enter open"
send q
wait_for "row 3/$total"
# The age keeps counting while connected and idle (5 s steps): no
# refreshes come in with long intervals.
vdktop_stop
printf 'refresh = 3600;\nrefresh_active = 3600;\n' >>"$T/config"
vdktop_start 120 40
wait_for "starshot-telemetry-ingest"
wait_for "updated just now"
wait_for "updated 5 s ago" 12
[ "$(screen | sed -n 39p | grep -c '? help')" = 1 ] || fail "no hint line at 120x40: $(screen | sed -n 39p)"
# Narrow: the view title, the age and the position are kept; the host
# and team are cut in the header, the filter and the sort label give way
# in the status line.
resize 60 24
wait_gone "team starshot"
send /
send_text starshot-billing-reconcile
send Enter
wait_for "row 1/1"
head=$(screen | head -n 1)
case "$head" in *" demo "*"127.0.0.1"*"jobs "*"starshot (1/16)"*) ;; *) fail "context, host or title lost at 60 columns: $head" ;; esac
last=$(screen | tail -n 1)
case "$last" in *"connected"*"updated"*"ago"*"row 1/1"*) ;; *) fail "age or position lost at 60 columns: $last" ;; esac
case "$last" in *"sort NAME"*) fail "the sort label kept before the age at 60 columns: $last" ;; esac
# Nothing cut mid-number: the position ends the line whole.
printf '%s' "$last" | grep -q " row 1/1 *$" || fail "position cut: $last"
[ "$(screen | sed -n 23p | grep -c '? help')" = 1 ] || fail "help hint lost at 60 columns"
# s cycles only through the columns on screen at this width.
cols_shown=$(screen | sed -n 2p)
send s
wait_for "sorted by"
for i in 1 2 3 4 5 6; do
	col=$(screen | tail -n 1 | sed -n 's/.*sorted by \([A-Z%][A-Z% ]*[A-Z%]\).*/\1/p')
	[ -n "$col" ] || fail "no sort message: $(screen | tail -n 1)"
	case "$cols_shown" in *"$col"*) ;; *) fail "s sorted by $col, a column not on screen: $cols_shown" ;; esac
	[ "$col" = NAME ] && break
	send s
	wait_gone "sorted by $col"
done
[ "$col" = NAME ] || fail "s never came back to NAME"
vdktop_stop
vdk_config demo starshot
printf 'hints = false;\n' >>"$T/config"
vdktop_start 80 24
wait_for "starshot-telemetry-ingest"
wait_for "connected"
assert_screen_lacks "? help"
pass
