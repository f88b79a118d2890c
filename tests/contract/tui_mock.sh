#!/bin/bash
# One mock run of the contract suite (run.sh part 4): vdktop against a mock
# serving random spec-conformant data, driven with the screen harness.
# Whatever the data, vdktop must answer keys on every view it opens (jobs,
# job, logs) and quit cleanly; under VDKTOP_VARIANT=asan the harness fails
# the run on any sanitizer report.
#
# Environment: CONTRACT_URL (the recorder in front of the mock) and
# CONTRACT_LOG (its log). Prints "views: jobs [job] [logs]" on success.
. "$(dirname "$0")/../screen/lib.sh"
: "${CONTRACT_URL:?}" "${CONTRACT_LOG:?}"

# The harness's config writer points at FAKE_URL; here that is the mock.
FAKE_URL=$CONTRACT_URL
vdk_config contract contract 'token = "contract-token-not-secret";'

# soft_wait REGEX SECS [log]: until the screen (or the recorder's log)
# matches the extended REGEX; 1 on timeout, since what the random data
# lets vdktop show varies by seed. vdktop exiting is always a failure.
soft_wait() {
	local i
	for i in $(seq $(($2 * 10 * SLOW))); do
		if [ "${3:-}" = log ]; then
			grep -E -q "$1" "$CONTRACT_LOG" && return 0
		else
			screen | grep -E -q "$1" && return 0
		fi
		[ -s "$T/rc" ] && fail "vdktop exited ($(cat "$T/rc")): $(cat "$T/stderr")"
		sleep 0.1
	done
	return 1
}

# alive: vdktop still answers a key: help opens and closes again. Keys are
# handled in order, so this also means every key sent before is handled.
alive() {
	send '?'
	wait_for "help —" 15
	send Escape
	wait_gone "help —" 15
}

title() { screen | head -n 1; }

views=jobs
vdktop_start 120 40
soft_wait '"path": "/data-jobs/for-team/[^/"]*/jobs\?' 20 log || fail "vdktop never asked for the job list"
# Loaded (the title counts the rows) or refused with a message.
soft_wait 'jobs — contract \(|cannot load' 20 || fail "the jobs view shows neither rows nor an error"
alive

send Enter
alive
if title | grep -qF "│ job "; then
	views="$views job"
	soft_wait 'EXECUTION|no executions|cannot' 15 || fail "the job view never showed its executions"
	alive
fi

send l
alive
if title | grep -qF "│ logs "; then
	views="$views logs"
	soft_wait '"path": "[^"]*/logs' 15 log || fail "the logs view never asked for logs"
	alive
fi

# Back to the jobs view, one Esc per view opened (one more would quit).
for i in 1 2 3; do
	title | grep -qF "jobs — " && break
	send Escape
	alive
done
title | grep -qF "jobs — " || fail "Esc did not lead back to the jobs view"

send Q
wait_exit 15
[ "$VDKTOP_RC" = 0 ] || fail "vdktop exited with status $VDKTOP_RC: $(cat "$T/stderr")"
echo "views: $views"
pass
