#!/bin/bash
# What the screen states is true: a disabled job's schedule shows no next
# run, in the list and in the job view; a finished execution's log says
# finished, not FOLLOW.
. "$(dirname "$0")/lib.sh"
JOB=starshot-gdpr-erasure
fake_start --seed demo
vdk_config demo starshot
vdktop_start 200 40
wait_for "$JOB"
row() { screen | grep -E "^(. )?$JOB "; }
row | grep -qF "0 22 * * 0 →" || fail "the enabled job shows no next run: $(row)"

fake_http PATCH "/data-jobs/for-team/starshot/jobs/$JOB/deployments/production" '{"enabled": false}' >/dev/null ||
	fail "could not disable $JOB"
send C-r
for i in $(seq $((100 * SLOW))); do
	row | grep -qF disabled && break
	sleep 0.1
done
row | grep -qF disabled || fail "the row never showed disabled: $(row)"
row | grep -qF "→" && fail "a disabled job shows a next run: $(row)"

send /
send_text "$JOB"
send Enter
send Enter
wait_for "disabled: no runs"
assert_screen_lacks "0 22 * * 0  →"

# A finished execution's log says finished, never FOLLOW.
wait_for "$JOB-"
send Enter
wait_for "logs $JOB"
wait_for "finished"
assert_screen_lacks "FOLLOW"
assert_screen_lacks "PAUSED"
pass
