#!/bin/bash
# Cancel the running execution from the job view: confirm, DELETE, and the
# status changes; cancelling again is refused (not running any more).
. "$(dirname "$0")/lib.sh"
JOB=starshot-telemetry-ingest
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 34
wait_for "$JOB"
select_job "$JOB"
send Enter
wait_for "job $JOB"
wait_for "running"
exec_id=$(fake_http GET /_admin/state | python3 -c '
import json, sys
for r in json.load(sys.stdin)["running"]:
    if r["job"] == sys.argv[1]:
        print(r["id"])' "$JOB")
[ -n "$exec_id" ] || fail "no running execution in the fake"
send x
wait_for "Cancel execution"
wait_for "DELETE /data-jobs/for-team/starshot/jobs/$JOB/executions/$exec_id"
send Escape
wait_gone "Cancel execution"
assert_no_writes "cancel declined"
send x
wait_for "Cancel execution"
send y
wait_for "cancelled $exec_id"
wait_request DELETE "/executions/$exec_id"
wait_for "cancelled" 10
fake_http GET "/data-jobs/for-team/starshot/jobs/$JOB/executions/$exec_id" | grep -q '"cancelled"' ||
	fail "the fake's execution is not cancelled"
# Once it shows cancelled, x says so without asking.
for i in $(seq 50); do
	screen | grep -F "$exec_id" | grep -q cancelled && break
	sleep 0.1
done
send x
wait_for "not running"
[ "$(requests DELETE | wc -l)" = 1 ] || fail "expected one DELETE: $(requests DELETE)"
pass
