#!/bin/bash
# Without a vault the secrets view says so (501) and stays usable; with
# --read-only both views open and read, and every change is refused
# before anything is sent.
. "$(dirname "$0")/lib.sh"
JOB=starshot-data-quality-checks
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 34 --read-only
wait_for "$JOB"
select_job "$JOB"
send v
wait_for "secrets of $JOB"
wait_for "this service has no secrets store (vault) enabled"
# 501 is an answer, not an outage: no retry countdown, still connected.
assert_screen_lacks "retrying"
assert_screen_has "connected"
send p
wait_for "properties of $JOB"
wait_for "freshness_hours"
screen | grep -E '^freshness_hours +6 +number' >/dev/null || fail "freshness_hours row"
send Enter
wait_for "edit refused: read-only (--read-only)"
send a
wait_for "add refused: read-only (--read-only)"
send D
wait_for "delete-key refused: read-only (--read-only)"
assert_screen_lacks "Edit property"
assert_screen_lacks "Delete a property"
# The job view's p opens the same view.
send Escape
send Escape
wait_gone "secrets of $JOB  team"
send Enter
wait_for "job $JOB"
send p
wait_for "properties of $JOB"
send Escape
send :
send_text secrets
send Enter
wait_for "secrets of $JOB  team"
# the answer's own message first, so it cannot cover the refusal
wait_gone "loading…"
send a
wait_for "add refused: read-only (--read-only)"
team_barrier starshot
assert_no_writes "read-only"
pass
