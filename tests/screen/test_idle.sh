#!/bin/bash
# suite: long (started first by the runner, tests/screen/suite.sh)
# Zero bytes to the terminal while nothing changes: refreshing every second
# against a service whose answers stay the same must not repaint anything,
# chrome included. The rows have no times in them (jobs that never ran), so
# no "5m ago" can legitimately tick during the measurement.
. "$(dirname "$0")/lib.sh"
fake_start --seed empty
for name in quiet-job-alpha quiet-job-bravo quiet-job-charlie; do
	fake_http POST /data-jobs/for-team/quiet/jobs \
		"{\"job_name\":\"$name\",\"team\":\"quiet\",\"description\":\"never runs\",\"config\":{\"schedule\":{\"schedule_cron\":\"\"}}}" \
		>/dev/null || fail "could not create $name"
done
vdk_config idle quiet
vdktop_start 120 35 --refresh 1 --trace "$T/trace"
wait_for "quiet-job-charlie"
wait_for "connected"
# Let the first refreshes land, then measure over several intervals.
for i in $(seq 100); do
	[ "$(grep -c '^[0-9]* parsed .*kind=jobs' "$T/trace")" -ge 2 ] && break
	sleep 0.05
done
bytes_start
before=$(grep -c ' parsed .*kind=jobs' "$T/trace")
# Wait (on a condition, not a fixed sleep) for 5 more answered refreshes.
for i in $(seq $((200 * SLOW))); do
	[ "$(grep -c ' parsed .*kind=jobs' "$T/trace")" -ge $((before + 5)) ] && break
	sleep 0.05
done
after=$(grep -c ' parsed .*kind=jobs' "$T/trace")
[ "$after" -ge $((before + 5)) ] || fail "only $((after - before)) refreshes happened"
n=$(bytes_count)
bytes_stop
if [ "$n" != 0 ]; then
	od -c "$T/bytes" | head -5 >&2
	fail "$n bytes written to the terminal over $((after - before)) idle refreshes"
fi
# The byte counter works: a key that moves the cursor writes something.
bytes_start
send j
for i in $(seq 100); do [ "$(bytes_count)" -gt 0 ] && break; sleep 0.05; done
[ "$(bytes_count)" -gt 0 ] || fail "a cursor move wrote nothing: the byte counter is broken"
bytes_stop
pass
