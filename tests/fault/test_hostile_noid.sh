#!/bin/bash
# The newest execution of a job comes without an id: its log view says
# so once, and vdktop sends no request for an execution it cannot name
# (no endless retries), keeps running and answers keys; in the job view,
# that row says it has no id instead of opening another log.
. "$(dirname "$0")/numbers_lib.sh"
FAULTS_TRIED=1
hostile_start noid
vdk_config hostile starshot
vdktop_start 120 30 --refresh 1
wait_for "hostile-job" 30
send l
wait_for "without an id" 20
# The UI goes on answering (help opens and closes), nothing failed and
# is being retried, and the executions list was asked for once, the
# execution itself never.
send '?'
wait_for "help — " 20
send q
wait_gone "help — " 20
wait_for "without an id" 10
assert_screen_lacks "retrying"
assert_screen_lacks "incomplete"
n=$(request_count "/executions/")
[ "$n" = 0 ] || fail "$n requests for an execution without an id"
n=$(request_count "jobNameIn")
[ "$n" = 1 ] || fail "the executions list was asked for $n times"
# In the job view, that execution's row does not open another's log.
send q
wait_for "jobs — starshot" 10
send Enter
wait_for "manual/te" 20
send Enter
wait_for "has no id" 10
assert_screen_lacks "logs hostile-job"
keys_answer
pass_faults
