#!/bin/bash
# A finished execution whose log is one line of 60 MiB: the log view
# shows the line's start with a marker of what was left out, the answer
# is read as it arrives and the line cut then, so memory stays far below
# the line's size (held whole, it peaked at 71 MiB here, and at 3 times
# the answer before the streamed read), the finished log is fetched once
# (not again on every poll), and the UI answers keys.
. "$(dirname "$0")/numbers_lib.sh"
FAULTS_TRIED=1
mb=${HOSTILE_LINE_MB:-60}
hostile_start logline --line-mb "$mb"
fault_config "max_body_mb = 100; log_poll_ms = 200;" ""
vdktop_start 120 30 --refresh 1
wait_for "hostile-job" 30
send l
wait_for "more bytes" 60
alive
# The execution is watched (every 1 s here); each of its answers would
# be a moment to fetch the log again. Two more of them, then count.
request_barrier "/executions/hostile-job-1" true
request_barrier "/executions/hostile-job-1" true
n=$(request_count "/executions/hostile-job-1/logs")
[ "$n" = 1 ] || fail "the finished log was fetched $n times"
if [ "$VDKTOP_VARIANT" = asan ]; then bound=80; else bound=40; fi
hwm_below "$bound" "one line of $mb MiB"
keys_answer
pass_faults
