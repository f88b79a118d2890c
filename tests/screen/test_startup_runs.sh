#!/bin/bash
# The running executions' query held back at start goes out as soon as the
# list's first rows are on screen (after their paint, which it would slow
# down), not when its hold (300 ms) runs out, and the running job then
# shows as running.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config start starshot
vdktop_start 120 30 --trace "$T/trace"
wait_for "starshot-telemetry-ingest" 10
for i in $(seq $((100 * SLOW))); do
	grep -q ' sent id=[0-9]* kind=exec-find ' "$T/trace" && break
	sleep 0.05
done
field() { grep -m1 " $1 id=[0-9]* kind=$2 " "$T/trace" | cut -d' ' -f1; }
sent=$(field sent jobs)
parsed=$(field parsed jobs)
runs=$(field sent exec-find)
painted=$(grep -m1 ' first-paint rows=' "$T/trace" | cut -d' ' -f1)
[ -n "$sent" ] && [ -n "$parsed" ] && [ -n "$runs" ] && [ -n "$painted" ] ||
	fail "missing events: jobs sent '$sent' parsed '$parsed', runs sent '$runs', first paint '$painted'"
awk -v r="$runs" -v p="$parsed" 'BEGIN { exit !(r >= p) }' ||
	fail "the running executions' query (at $runs ms) went out before the first page was in (at $parsed ms)"
awk -v r="$runs" -v f="$painted" 'BEGIN { exit !(r >= f) }' ||
	fail "the running executions' query (at $runs ms) went out before the first rows were painted (at $painted ms)"
# Only a first page in well under the hold tells a release from the hold
# running out; a slower one (a loaded machine) proves nothing either way.
if awk -v p="$parsed" -v s="$sent" 'BEGIN { exit !(p - s < 150) }'; then
	awk -v r="$runs" -v p="$parsed" 'BEGIN { exit !(r - p < 100) }' ||
		fail "the running executions' query waited (sent at $runs ms, the first page was in at $parsed ms)"
else
	_log "first page slow ($sent -> $parsed ms): the release was not timed"
fi
wait_for "running" 10
pass
