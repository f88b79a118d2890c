#!/bin/bash
# The runs view (:runs): a failure that a later success hides from the
# jobs list is found with :runs failed; its whole message is readable
# below the table; Enter opens its log; r from that log view reruns its
# job (the start request reaches the fake); a scope change puts the cursor
# on the first row; a key that does nothing here says so; the run dialog
# says when the job already runs.
. "$(dirname "$0")/lib.sh"
JOB=starshot-ingest-crm-accounts
TAIL="retry with a bigger memory limit, end of the message"
MSG="Out of memory while loading batch 42 of accounts: the pod was killed by the kernel after exceeding its 2Gi limit; $TAIL"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 160 40
wait_for "$JOB"

final() { # JOB: waits until nothing of JOB runs
	local i
	for i in $(seq $((100 * SLOW))); do
		fake_http GET /_admin/state | grep -q "\"job\": \"$1\"" || return 0
		sleep 0.1
	done
	fail "$1 still runs"
}
out=$(fake_http POST "/_admin/executions/starshot/$JOB" \
	"{\"duration_s\": 0.2, \"outcome\": \"user_error\", \"message\": \"$MSG\"}") || fail "no failed run: $out"
failed_id=$(printf '%s' "$out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
final $JOB
fake_http POST "/_admin/executions/starshot/$JOB" '{"duration_s": 0.2, "outcome": "succeeded"}' >/dev/null
final $JOB
send C-r
wait_for "$JOB"

# A key the jobs view has no use for (follow is the log view's): said so.
send f
wait_for "does not apply in the jobs view"
# A key bound to nothing at all is not silent either.
send F12
wait_for "F12 is not bound to anything"

# first_row HEADER_WORD [N]: the Nth starshot- word (default 1) of the
# first row under the table header
first_row() {
	screen | awk -v h="$1" -v n="${2:-1}" '
		found { for (i = 1; i <= NF; i++) if ($i ~ /^starshot-/ && --n == 0) { print $i; exit } }
		$1 == h { found = 1 }'
}

# A sort puts the cursor on the first row: Enter then opens that job.
send j j j
send s
wait_for "sorted by"
top=$(first_row NAME)
[ -n "$top" ] || fail "no first row in the jobs view: $(screen)"
send Enter
wait_for "job $top"
send q
wait_for "NAME"

# The runs view: every run, newest first; the cursor goes to the first
# row after a scope change.
send E
wait_for "runs all  last 24h"
wait_for "message of "
newest=$(first_row JOB 2)
[ -n "$newest" ] || fail "no run in :runs: $(screen)"
wait_for "message of $newest"
send j j
wait_gone "message of $newest"
send :
send_text "runs failed"
send Enter
wait_for "runs failed  last 24h"
send :
send_text "runs all"
send Enter
wait_for "runs all  last 24h"
wait_for "message of $newest"
send :
send_text "runs failed"
send Enter
wait_for "runs failed  last 24h"
wait_for "$failed_id"
# the query: the team's failures within the window, newest first
body=$(fake_http GET /_admin/requests | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    q = ((r.get("params") or {}).get("query") or [""])[0]
    v = ((r.get("params") or {}).get("variables") or [""])[0]
    if "executions(" in q and "jobs(" not in q and "USER_ERROR" in v and "pageSize\":100" in v:
        print(v)')
echo "$body" | grep -q '"teamNameIn":\["starshot"\]' || fail "the runs query is not for the team: $body"
echo "$body" | grep -q '"startTimeGte":"' || fail "the runs query has no window: $body"
# the later success is not in the failed scope
screen | grep -F "$JOB" | grep -qF "succeeded" && fail "a success shows in :runs failed"

# filter to the job: the cursor is on its newest failure, ours
send /
send_text "$JOB"
send Enter
wait_for "message of $failed_id"
# the whole message, wrapped below the table: its end is on screen
screen | tr -s ' \n' ' ' | grep -qF "$TAIL" || fail "the message's end is not on screen: $(screen)"

send Enter
wait_for "logs $JOB/$failed_id"
send r
# r opens the run dialog for this execution's job
wait_for "Run now"
wait_for "POST /data-jobs/for-team/starshot/jobs/$JOB/deployments/"
send y
wait_request POST "/jobs/$JOB/deployments/"
posts=$(requests POST | grep -c "/jobs/$JOB/deployments/.*/executions$")
[ "$posts" = 1 ] || fail "expected one start of $JOB from the log view, saw: $(requests POST)"

# The new run's log opens; r again: the dialog says at once that the job
# runs, before anything is sent, and l opens that run's log.
wait_for "logs $JOB/$JOB-"
new_id=$(fake_http GET /_admin/state | python3 -c '
import json, sys
print(" ".join(r["id"] for r in json.load(sys.stdin)["running"] if r["job"] == sys.argv[1]))' "$JOB")
[ -n "$new_id" ] || fail "the new run of $JOB is not running"
send r
wait_for "is already running: $new_id"
# the key line says what the keys now do
wait_for "Enter/l its log"
send l
wait_gone "Run now"
wait_for "logs $JOB/$new_id"
posts=$(requests POST | grep -c "/jobs/$JOB/deployments/.*/executions$")
[ "$posts" = 1 ] || fail "the already-running note sent a start: $(requests POST)"
pass
