#!/bin/bash
# Delete from the job view: the job view says it shows this job alone, so
# once the job is deleted it closes (with its dialog) and the list is back
# without the job; from the list the list stays (test_delete.sh).
. "$(dirname "$0")/lib.sh"
JOB=starshot-gdpr-erasure
fake_start --seed demo
vdk_config demo starshot
vdktop_start 110 30
wait_for "$JOB"
select_job "$JOB"
send Enter
wait_for "job $JOB"
send D
wait_for "Delete data job"
send_text "$JOB"
request_barrier "DELETE /data-jobs/for-team/starshot/jobs/$JOB" send Enter
wait_for "deleted $JOB"
wait_gone "Delete data job"
wait_gone "job $JOB"
assert_screen_has "jobs "
job_json starshot "$JOB" 2>/dev/null && fail "the job still exists in the fake"
pass
