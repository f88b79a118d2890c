#!/bin/bash
# :log is a table of this session's writes (time, action, job, outcome,
# X-OPID) that fits 80 and 120 columns with the X-OPID visible; Enter
# shows one entry whole (method and path, HTTP status, the server's
# message), q goes back to the table.
. "$(dirname "$0")/lib.sh"
JOB=starshot-partner-feed-export
OPID=opid-test-4711
fake_start --seed demo
vdk_config demo starshot
VDKTOP_ENV="VDK_OP_ID_OVERRIDE=$OPID"
vdktop_start 80 24
wait_for "$JOB"
select_job "$JOB"
send r
wait_for "Run now"
send y
wait_for "f follow" 10
send q
wait_gone "logs $JOB"
# Again while it runs: the service refuses (409) with its own message.
send r
wait_for "Run now"
send y
wait_for "already running" 10
send Escape
wait_gone "Run now"
send :
send_text log
send Enter
wait_for "actions of this session (2)"
hdr=$(screen | sed -n 2p)
for col in TIME ACTION JOB OUTCOME X-OPID; do
	case "$hdr" in *"$col"*) ;; *) fail "no $col column at 80 columns: $hdr" ;; esac
done
# Both rows, each with its action, the job (cut, but there) and the X-OPID whole.
rows=$(screen | sed -n 3,4p)
[ "$(printf '%s\n' "$rows" | grep -c "run .*starshot-partner.*$OPID")" = 2 ] \
	|| fail "rows at 80 columns lack action, job or X-OPID: $rows"
# No row runs past the edge (tmux would wrap it onto the next line).
[ "$(screen | sed -n 5p | tr -d ' ')" = "" ] || fail "a row spilled onto line 5: $(screen | sed -n 5p)"
assert_screen_lacks "POST /data-jobs"
# Wider: the job is whole.
resize 120 40
wait_for "$JOB  "
[ "$(screen | grep -c "run .*$JOB .*$OPID")" = 2 ] || fail "rows at 120 columns: $(screen | sed -n 3,4p)"
# Enter: the selected (newest) entry whole: the refused second run.
send Enter
wait_for "action log entry"
assert_screen_has "POST /data-jobs/for-team/starshot/jobs/$JOB/deployments/"
assert_screen_has "409"
assert_screen_has "already running"
assert_screen_has "$OPID"
# Back to the table, then the first entry: the accepted run.
send q
wait_for "actions of this session (2)"
send k Enter
wait_for "action log entry"
screen | grep -E '^ *status +2[0-9][0-9]' >/dev/null || fail "the accepted run shows no 2xx status: $(screen)"
send q q
wait_gone "actions of this session"
pass
