#!/bin/bash
# suite: long (started first by the runner, tests/screen/suite.sh)
# "● connected" only when every watch answers: in the job view three polls
# run side by side (job, executions, deployment). The deployment poll keeps
# failing with 500 while the other two succeed again and again: the status
# line must keep saying so and never flip to connected until the failing
# poll succeeds too.
. "$(dirname "$0")/lib.sh"
JOB=starshot-billing-reconcile
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 30 --refresh 1
wait_for "$JOB"
send /
send_text billing-rec
send Enter
wait_for "(1/16)"
send Enter
wait_for "job $JOB"
wait_for "● connected"

fake_http POST /_admin/faults \
	"{\"fail_paths\": [{\"contains\": \"GET /data-jobs/for-team/starshot/jobs/$JOB/deployments\", \"status\": 500}]}" \
	>/dev/null || fail "fault switch refused"
wait_gone "● connected" 20
assert_screen_has "job $JOB"

# Every screen from here until the other polls have succeeded six more
# times (the job and its executions; answered 200 means answered before
# the next one went out).
answered() {
	fake_http GET /_admin/requests | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin) if r["status"] == 200 and r["path"].startswith("/data-jobs")
          and not r["path"].endswith("/deployments")))'
}
failed_polls() {
	fake_http GET /_admin/requests | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin) if r["status"] == 500 and r["path"].endswith("/deployments")))'
}
n0=$(answered) || fail "the fake's request log is unreadable"
n=$n0
for i in $(seq $((200 * SLOW))); do
	screen | grep -qF "● connected" && fail "connected while the deployment poll still fails"
	if [ $((i % 5)) = 0 ]; then
		n=$(answered) || fail "the fake's request log is unreadable"
		[ "$n" -ge $((n0 + 6)) ] && break
	fi
	sleep 0.05
done
[ "$n" -ge $((n0 + 6)) ] || fail "the other polls did not go on ($n0 -> $n answers)"
[ "$(failed_polls)" -ge 2 ] || fail "the deployment poll did not keep failing"
assert_screen_has "job $JOB"

fake_http DELETE /_admin/faults >/dev/null || fail "clearing the faults failed"
wait_for "● connected" 30
pass
