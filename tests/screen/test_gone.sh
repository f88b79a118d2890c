#!/bin/bash
# An execution that answers 404 (gone after a restart of the service, or
# by retention) says so, stops polling, and no longer counts as running;
# it is opened from :runs running, the runs view's scope of what runs now.
. "$(dirname "$0")/lib.sh"
JOB=starshot-gdpr-erasure
fake_start --seed demo
vdk_config demo starshot
vdktop_start 160 40
wait_for "$JOB"
out=$(fake_http POST "/_admin/executions/starshot/$JOB" '{"duration_s": 600}') || fail "no run: $out"
id=$(printf '%s' "$out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')

send :
send_text "runs running"
send Enter
wait_for "runs running"
wait_for "$id"
send /
send_text "$id"
send Enter
wait_for "message of $id"
send Enter
wait_for "FOLLOW"

count() { request_count "$id"; }
fake_http POST /_admin/faults "{\"fail_paths\": [{\"contains\": \"$id\", \"status\": 404}]}" >/dev/null
wait_for "execution gone"
assert_screen_lacks "FOLLOW"
n1=$(count)
# The data age passes a polling interval many times over; nothing more
# was asked about the execution or its log.
wait_for "updated 5 s ago" 20
n2=$(count)
[ "$n2" = "$n1" ] || fail "still polling the gone execution: $n1 then $n2 requests"
pass
