#!/bin/bash
# Run: the confirmation shows the request, bad arguments are refused before
# sending, a started run opens its log at once; a second run while it runs
# gets the 409 message with a key to open the running one.
. "$(dirname "$0")/lib.sh"
JOB=starshot-partner-feed-export
fake_start --seed demo
vdk_config demo starshot
vdktop_start 150 32
wait_for "$JOB"
select_job "$JOB"

send r
wait_for "Run now"
wait_for "POST /data-jobs/for-team/starshot/jobs/$JOB/deployments/"
assert_screen_has "/executions"
# n (the default No) sends nothing.
send n
wait_gone "Run now"
assert_no_writes "run declined"

# Arguments must be a JSON object.
send r
wait_for "Run now"
send Tab
send_text '[1, 2]'
wait_for "JSON object"
send Tab y
wait_for "fix the arguments first"
assert_no_writes "invalid arguments"
send Tab C-u
send_text '{"day": "2024-01-01"}'
send Tab
wait_gone "JSON object like"
send y
wait_for "logs $JOB/$JOB-" 10
id=$(requests POST | grep -c '/executions$')
[ "$id" = 1 ] || fail "expected one start, saw: $(requests POST)"
exec_id=$(fake_http GET /_admin/state | python3 -c '
import json, sys
for r in json.load(sys.stdin)["running"]:
    if r["job"] == sys.argv[1]:
        print(r["id"])' "$JOB")
[ -n "$exec_id" ] || fail "the fake has no running execution of $JOB"
assert_screen_has "$exec_id"
# The arguments typed in the dialog are what the fake received.
body=$(last_request_body POST "/jobs/$JOB/deployments/") || fail "no start request body recorded"
printf '%s' "$body" | python3 -c '
import json, sys
got = json.load(sys.stdin).get("args")
sys.exit(got != {"day": "2024-01-01"})' || fail "the start request did not carry the run arguments: $body"

# Again while it runs: 409, then Enter opens the running one.
send q
wait_gone "logs $JOB"
send r
wait_for "Run now"
send y
wait_for "already running: $exec_id" 10
send Enter
wait_for "logs $JOB/$exec_id"
pass
