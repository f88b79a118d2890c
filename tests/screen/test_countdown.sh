#!/bin/bash
# suite: long (started first by the runner, tests/screen/suite.sh)
# One connection state with a retry countdown that counts down between
# two captures, and the recovery announced: "reconnected".
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 160 30
wait_for "● connected"
fake_http POST /_admin/faults '{"fail_paths": [{"contains": "/data-jobs", "status": 500}]}' >/dev/null
send C-r
# "retrying in N s (Kth attempt)": wait for a countdown of a few seconds
retry() { screen | tail -n 1 | grep -oE 'retrying in [0-9]+ s \([0-9]+[a-z]+ attempt\)' | head -1; }
first=""
for i in $(seq $((300 * SLOW))); do
	first=$(retry)
	n=$(printf '%s' "$first" | sed -n 's/retrying in \([0-9]*\) s.*/\1/p')
	[ -n "$n" ] && [ "$n" -ge 3 ] && break
	sleep 0.1
done
[ -n "$n" ] && [ "$n" -ge 3 ] || fail "no countdown of 3 s or more: $(screen | tail -n 1)"
attempt=${first#*(}
# the same attempt, fewer seconds left
for i in $(seq $((100 * SLOW))); do
	now=$(retry)
	m=$(printf '%s' "$now" | sed -n 's/retrying in \([0-9]*\) s.*/\1/p')
	[ -n "$m" ] && [ "${now#*(}" = "$attempt" ] && [ "$m" -lt "$n" ] && break
	sleep 0.1
done
[ -n "$m" ] && [ "$m" -lt "$n" ] || fail "the countdown did not count down: \"$first\" then \"$now\""
fake_http DELETE /_admin/faults >/dev/null
wait_for "reconnected" 40
wait_for "● connected"
pass
