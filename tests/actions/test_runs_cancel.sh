#!/bin/bash
# x in the runs view cancels the selected running execution (same
# confirmation as the job view's); o opens its job.
. "$(dirname "$0")/lib.sh"
JOB=starshot-telemetry-ingest
fake_start --seed demo
vdk_config demo starshot
vdktop_start 160 36
wait_for "$JOB"
exec_id=$(fake_http GET /_admin/state | python3 -c '
import json, sys
for r in json.load(sys.stdin)["running"]:
    if r["job"] == sys.argv[1]:
        print(r["id"])' "$JOB")
[ -n "$exec_id" ] || fail "no running execution in the fake"
send :
send_text "runs running"
send Enter
wait_for "runs running"
wait_for "message of $exec_id"
send o
wait_for "job $JOB"
send q
wait_for "runs running"
send x
wait_for "Cancel execution"
wait_for "DELETE /data-jobs/for-team/starshot/jobs/$JOB/executions/$exec_id"
send y
wait_request DELETE "/executions/$exec_id"
fake_http GET "/data-jobs/for-team/starshot/jobs/$JOB/executions/$exec_id" | grep -q '"cancelled"' ||
	fail "the fake's execution is not cancelled"
pass
