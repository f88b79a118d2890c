#!/bin/bash
# The running demo execution: its log opens from the jobs view with `l`,
# follows new lines as they arrive, pauses when scrolled up (and stays put
# while lines keep arriving), and follows again with G and with f.
. "$(dirname "$0")/common.sh"
fake_start --seed demo
vdk_config demo starshot
config_top "log_poll_ms = 500;"
vdktop_start 80 24
open_logs starshot-telemetry-ingest
wait_for "▶ running"
wait_for "FOLLOW"
wait_for "Processed batch"
n0=$(lines_shown)
[ -n "$n0" ] || fail "no line count in the status line"
# New lines arrive and the bottom of the screen follows them.
wait_lines_above "$n0" 15
last_batch() { screen | grep -o 'Processed batch [0-9]*' | tail -n 1; }
last=$(last_batch)
for i in $(seq $((15 * 20 * SLOW))); do
	[ "$(last_batch)" != "$last" ] && break
	sleep 0.05
done
[ "$(last_batch)" != "$last" ] || fail "the view did not follow: still at $last"

# Scrolling up pauses; the screen stays put while lines arrive.
send k
wait_for "PAUSED"
top=$(screen | sed -n 4p)
n1=$(lines_shown)
wait_lines_above "$n1" 15
[ "$(screen | sed -n 4p)" = "$top" ] || fail "a paused view moved when lines arrived"
# ... and the status line says how many arrived below.
arrived=$(status_line | sed -n 's/.*PAUSED  \([0-9,]*\) new below .*/\1/p' | tr -d ,)
[ -n "$arrived" ] && [ "$arrived" -ge 1 ] || fail "no new-lines hint while paused: $(status_line)"
# A page up keeps one row of the previous screen, at the bottom.
send PageUp
for i in $(seq $((5 * 20 * SLOW))); do
	[ "$(screen | sed -n 4p)" != "$top" ] && break
	sleep 0.05
done
# (row 22: the last body row, above the key-hint and status lines)
[ "$(screen | sed -n 22p)" = "$top" ] || fail "PageUp did not move by a screen less one row"
assert_screen_has "PAUSED"

# G follows again, at the newest line.
send G
wait_for "FOLLOW"
n2=$(lines_shown)
wait_lines_above "$n2" 15
bottom=$(screen | grep -o 'Processed batch [0-9]*' | tail -n 1)
[ -n "$bottom" ] || fail "no log line at the bottom after G"

# Home pauses at the first line (the run's start), f resumes.
send g
wait_for "PAUSED"
wait_for "starting"
send f
wait_for "FOLLOW"
wait_gone "execution starshot-telemetry-ingest-"   # the start line scrolled away

# Scrolling back down to the end does not resume following by itself:
# only G (End) and f do.
send k
wait_for "PAUSED"
send j j t   # t shows a message: once it is there, j j were handled
wait_for "K8s timestamps shown"
assert_screen_has "PAUSED"
send G
wait_for "FOLLOW"
pass
