#!/bin/bash
# suite: long (started first by the runner, tests/screen/suite.sh)
# Delete needs the job's name typed: a wrong name does nothing but say so;
# the right one deletes and the job leaves the list.
. "$(dirname "$0")/lib.sh"
JOB=starshot-gdpr-erasure
fake_start --seed demo
vdk_config demo starshot
vdktop_start 110 30
wait_for "$JOB"
send D
wait_for "Delete data job"
assert_screen_has "Type starshot-backfill-2024-q3 to confirm"
send Escape
wait_gone "Delete data job"
select_job "$JOB"
send D
wait_for "Delete data job"
wait_for "DELETE /data-jobs/for-team/starshot/jobs/$JOB"
assert_screen_has "deployment"
assert_screen_has "keytab"
assert_screen_has "Running executions are left to finish"
send_text "starshot-gdpr"
send Enter
wait_for "the name does not match"
send_text "-erasure"
# The delete itself is the barrier: vdktop sends in key order, so a write
# the wrong name caused would be logged before it.
request_barrier "DELETE /data-jobs/for-team/starshot/jobs/$JOB" send Enter
[ "$(writes)" = "DELETE /data-jobs/for-team/starshot/jobs/$JOB" ] ||
	fail "wrong name: the fake saw more than the one delete: $(writes)"
wait_for "deleted $JOB"
job_json starshot "$JOB" 2>/dev/null && fail "the job still exists in the fake"
send Escape
wait_gone "$JOB " 10
pass
