#!/bin/bash
# A status change on the server shows up after the next refresh, in the
# jobs view and in the job view, without a key press.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 30 --refresh 1
wait_for "starshot-telemetry-ingest"

row() { screen | grep -F "$1" | head -n 1; }

row starshot-telemetry-ingest | grep -qF "▶ running" || fail "telemetry-ingest is not shown running"
id=$(fake_http GET /_admin/state | python3 -c '
import json, sys
s = json.load(sys.stdin)
print([r["id"] for r in s["running"] if r["job"] == "starshot-telemetry-ingest"][0])')
[ -n "$id" ] || fail "no running execution in the fake"
fake_http POST "/_admin/executions/starshot/starshot-telemetry-ingest/$id/status" \
	'{"status": "user_error", "message": "forced by the test"}' >/dev/null || fail "admin status call failed"
for i in $(seq $((100 * SLOW))); do
	row starshot-telemetry-ingest | grep -qF "✘ user_error" && break
	sleep 0.1
done
row starshot-telemetry-ingest | grep -qF "✘ user_error" || fail "the jobs view did not pick up the new status"

# In the job view: a new run appears, then finishes.
send /
send_text gdpr
send Enter
wait_for "(1/16)"
send Enter
wait_for "job starshot-gdpr-erasure"
wait_for "starshot-gdpr-erasure-"
out=$(fake_http POST /_admin/executions/starshot/starshot-gdpr-erasure \
	'{"status": "running", "started_by": "manual/screen-test"}') || fail "cannot start a run"
new=$(printf '%s' "$out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
wait_for "$new"
row "$new" | grep -qF "▶ running" || fail "the new run is not shown running: $(row "$new")"
# its duration ticks while it runs
d1=$(row "$new" | grep -oE '[0-9]+s' | tail -n 1)
for i in $(seq $((60 * SLOW))); do
	d2=$(row "$new" | grep -oE '[0-9]+s' | tail -n 1)
	[ "$d2" != "$d1" ] && break
	sleep 0.1
done
[ "$d2" != "$d1" ] || fail "the running duration does not tick ($d1)"
fake_http POST "/_admin/executions/starshot/starshot-gdpr-erasure/$new/status" '{"status": "succeeded"}' \
	>/dev/null || fail "cannot finish the run"
for i in $(seq $((100 * SLOW))); do
	row "$new" | grep -qF "✔ succeeded" && break
	sleep 0.1
done
row "$new" | grep -qF "✔ succeeded" || fail "the finished run is not shown: $(row "$new")"
pass
