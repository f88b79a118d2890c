#!/bin/bash
# suite: long (started first by the runner, tests/screen/suite.sh)
# Before the pod exists the logs endpoint answers "": the view says it is
# waiting for the pod; once the pod exists but its log is not readable
# the answer is 503: the view says it retries and keeps polling (api-notes
# 5.3); lines show up once the pod runs, and new ones
# keep arriving (appended by the admin API) while it runs. When the
# execution ends, polling stops after one last fetch that still brings
# the final lines.
. "$(dirname "$0")/common.sh"
fake_start --seed demo
vdk_config demo starshot
config_top "log_poll_ms = 300;"
job=starshot-gdpr-erasure
ex=$(new_execution $job '{"status": "submitted", "pod_delay_s": 3, "log_delay_s": 3}')
[ -n "$ex" ] || fail "no execution created"
vdktop_start 80 24
open_logs $job
wait_for "waiting for the pod"
wait_for "submitted"
wait_for "the pod is starting: retrying"
# The log is readable: the planned first lines arrive, the note goes.
wait_for "starting" 20
wait_gone "the pod is starting: retrying"
wait_for "▶ running"
post_raw "/_admin/logs/starshot/$job/$ex" 'b"APPENDED-ONE\n"' >/dev/null
wait_for "APPENDED-ONE"
# The end: a line written just before the final status still shows up.
post_raw "/_admin/logs/starshot/$job/$ex" 'b"LAST-WORDS\n"' >/dev/null
fake_http POST "/_admin/executions/starshot/$job/$ex/status" '{"status": "succeeded"}' >/dev/null ||
	fail "cannot end the execution"
wait_for "succeeded"
wait_for "LAST-WORDS"
# Polling stopped: over five poll intervals (1.5 s) at most the one last
# fetch still in flight adds a log request.
log_requests() {
	fake_http GET /_admin/requests | python3 -c '
import json, sys
print(sum(1 for r in json.load(sys.stdin) if r["path"].endswith("/logs")))'
}
n1=$(log_requests)
for i in $(seq 15); do
	[ "$(log_requests)" -le "$((n1 + 1))" ] || fail "still polling the log after the end"
	sleep 0.1
done
pass
