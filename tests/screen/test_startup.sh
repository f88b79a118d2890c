#!/bin/bash
# Start-up overlaps the terminal with the network: the jobs list's first
# request is on its way before curses sets the terminal up, and the screen
# is up (header, the list waiting) while the service takes its time; the
# running executions' query waits for the first page. The trace keeps the
# events from before its start, in order.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
# Every /data-jobs answer waits: the first is still in flight when the
# terminal is set up, and the screen must be up before it arrives.
fake_http POST /_admin/faults '{"latency_ms": 2000}' >/dev/null || fail "latency fault refused"
vdk_config start starshot
vdktop_start 120 30 --trace "$T/trace"
wait_for "starshot" 10
assert_screen_lacks "starshot-telemetry-ingest"
term=$(grep -m1 '^[0-9.]* terminal ' "$T/trace") || fail "no terminal event in the trace: $(head -c 400 "$T/trace")"
requests=$(printf '%s\n' "$term" | sed -n 's/.* requests=\([0-9]*\).*/\1/p')
[ -n "$requests" ] && [ "$requests" -ge 1 ] ||
	fail "the terminal was set up before the first request went out: $term"
wait_for "starshot-telemetry-ingest" 20
# The events of before trace_start are in the file, in time order, the
# jobs request among them.
awk '{ if ($1 + 0 < last) { print "out of order: " $0; exit 1 } last = $1 + 0 }' "$T/trace" ||
	fail "trace lines out of time order"
sent=$(grep -m1 ' sent id=[0-9]* kind=jobs ' "$T/trace" | cut -d' ' -f1)
[ -n "$sent" ] || fail "no jobs request in the trace"
grep -q ' start pid=' "$T/trace" || fail "no start event"
# The running executions' query waits for the list's first answer (at
# most 300 ms): it does not go out beside the first page.
runs=$(grep -m1 ' sent id=[0-9]* kind=exec-find ' "$T/trace" | cut -d' ' -f1)
[ -n "$runs" ] || fail "the running executions were never asked for"
awk -v r="$runs" -v s="$sent" 'BEGIN { exit !(r - s >= 200) }' ||
	fail "the running executions' query (at $runs ms) went out beside the first page (at $sent ms)"
pass
