#!/bin/bash
# What runs and what failed come from the root executions query, never
# from the job summary (which holds the last *completed* run; api-notes
# 4.7): a job whose summary says succeeded while it has a running
# execution shows running, :running lists it, and it stops showing as
# running once the execution ends; :failed finds a failure that a later
# success hides from the summary.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 150 30
wait_for "starshot-telemetry-ingest"

RUNNING=starshot-telemetry-ingest
row() { screen | grep -E "^(. )?$1 "; }
wait_row() { # JOB TEXT: waits until JOB's row shows TEXT
	local i
	for i in $(seq $((100 * SLOW))); do
		row "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	fail "the row of $1 never showed \"$2\": $(row "$1")"
}

# The fake's summary of the running job is its previous, succeeded run.
fake_http GET "/data-jobs/for-team/starshot/jobs?query=%7Bjobs(pageNumber%3A1%2CpageSize%3A1%2Cfilter%3A%5B%7Bproperty%3A%22jobName%22%2Cpattern%3A%22$RUNNING%22%7D%5D)%7Bcontent%7Bdeployments%7BlastExecutionStatus%7D%7D%7D%7D" |
	grep -q '"lastExecutionStatus": "SUCCEEDED"' || fail "the fake's summary of $RUNNING is not SUCCEEDED"

wait_for "▶ running"
row $RUNNING | grep -qE '▶ running [0-9]+m' || fail "running row: $(row $RUNNING)"
# The variables of every root executions query vdktop sent, one a line.
exec_queries() {
	fake_http GET /_admin/requests | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    p = r.get("params") or {}
    q = (p.get("query") or [""])[0]
    if r["path"].startswith("/data-jobs") and "executions(" in q and "jobs(" not in q:
        print((p.get("variables") or [""])[0])
'
}
# one query per refresh for the whole team
exec_queries | grep -q '"filter":{"teamNameIn":\["starshot"\],"statusIn":\["SUBMITTED","RUNNING"\]}' ||
	fail "no query for the team's runs in flight: $(exec_queries)"

send :
send_text running
send Enter
wait_for "jobs [running]"
rows=$(screen | grep -oE '^(. )?starshot-[a-z0-9-]+' | sed 's/^. //')
[ "$rows" = $RUNNING ] || fail ":running shows: $(echo "$rows" | tr '\n' ' ')"

# The execution ends: the row goes, the list says so.
id=$(fake_http GET /_admin/state | python3 -c '
import json, sys
print([r["id"] for r in json.load(sys.stdin)["running"] if r["job"] == sys.argv[1]][0])' $RUNNING)
fake_http POST "/_admin/executions/starshot/$RUNNING/$id/status" '{"status": "succeeded"}' >/dev/null ||
	fail "could not end $id"
wait_for "no running jobs in starshot"
send :
send_text jobs
send Enter
wait_for "jobs — starshot (16)"
wait_gone "▶ running"
row $RUNNING | grep -qF "✔ succeeded" || fail "ended row: $(row $RUNNING)"

# :failed: a failure, then a success, on a job that otherwise succeeds.
JOB=starshot-ingest-crm-accounts
row $JOB | grep -qF "✔ succeeded" || fail "$JOB does not start as succeeded"
fake_http POST "/_admin/executions/starshot/$JOB" '{"duration_s": 0.2, "outcome": "user_error"}' >/dev/null
sleep_until_final() { # JOB: waits until nothing of JOB runs (condition, not a fixed sleep)
	local i
	for i in $(seq $((100 * SLOW))); do
		fake_http GET /_admin/state | grep -q "\"job\": \"$1\"" || return 0
		sleep 0.1
	done
	fail "$1 still runs"
}
sleep_until_final $JOB
fake_http POST "/_admin/executions/starshot/$JOB" '{"duration_s": 0.2, "outcome": "succeeded"}' >/dev/null
sleep_until_final $JOB
send :
send_text failed
send Enter
wait_for "jobs [failed 24h]"
wait_for "$JOB"
send C-r
wait_row $JOB "✔ succeeded"
# the failure was asked for with the root query, by status and time
body=$(exec_queries | grep USER_ERROR)
echo "$body" | grep -q '"statusIn":\["USER_ERROR","PLATFORM_ERROR"\]' || fail "no failure query: $body"
echo "$body" | grep -q '"startTimeGte":"' || fail "the failure query has no window: $body"
echo "$body" | grep -q '"teamNameIn":\["starshot"\]' || fail "the failure query is not for the team: $body"
pass
