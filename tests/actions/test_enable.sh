#!/bin/bash
# Disable and enable: confirm, PATCH {enabled}, the row changes at once;
# declining sends nothing.
. "$(dirname "$0")/lib.sh"
JOB=starshot-partner-feed-export
fake_start --seed demo
vdk_config demo starshot
vdktop_start 110 30
wait_for "$JOB"
select_job "$JOB"
screen | grep -F "$JOB" | grep -q enabled || fail "$JOB does not start enabled"
send e
wait_for "Disable the deployment"
wait_for "PATCH /data-jobs/for-team/starshot/jobs/$JOB/deployments/"
send Enter
wait_gone "Disable the deployment"
assert_no_writes "Enter is No"
send e
wait_for "Disable the deployment"
send y
wait_for "$JOB disabled"
screen | grep -F "$JOB " | grep -q disabled || fail "row not disabled"
fake_http GET "/data-jobs/for-team/starshot/jobs/$JOB/deployments" | grep -q '"enabled": false' ||
	fail "the fake's deployment is still enabled"
send e
wait_for "Enable the deployment"
send y
wait_for "$JOB enabled"
fake_http GET "/data-jobs/for-team/starshot/jobs/$JOB/deployments" | grep -q '"enabled": true' ||
	fail "the fake's deployment is still disabled"
[ "$(requests PATCH | wc -l)" = 2 ] || fail "expected two PATCHes: $(requests PATCH)"
pass
