#!/bin/bash
# Deploy refuses a schedule vdktop's cron parser refuses, before anything
# is sent: the reason stands next to the summary, Enter sends nothing.
. "$(dirname "$0")/lib.sh"
JOB=starshot-partner-feed-export
fake_start --seed demo
vdk_config demo starshot
mkdir -p "$T/jobs/$JOB"
cat >"$T/jobs/$JOB/config.ini" <<'INI'
[owner]
team = starshot

[job]
schedule_cron = 61 * * * *
INI
echo "select 1" >"$T/jobs/$JOB/10_step.sql"

vdktop_start 120 40
wait_for "$JOB"
select_job "$JOB"
send d
wait_for "Job directory"
send_text "$T/jobs/$JOB"
send Enter
wait_for "schedule 61 * * * *"
wait_for "fix config.ini"
# Enter again, and once more: still nothing goes out.
send Enter
send Enter
wait_for "fix config.ini"
assert_no_writes "an invalid schedule"
send Escape y
wait_gone "Job directory"
team_barrier starshot
assert_no_writes "an invalid schedule"
pass
