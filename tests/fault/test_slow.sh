#!/bin/bash
# A slow service (answers after 12 s) with timeout = 3 in the config: while
# a request hangs, keys are answered (help opens); the request times out
# with a clear message, the rows stay; when the latency goes, it recovers.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
fault_config "timeout = 3; connect_timeout = 2;" ""
vdktop_start 120 30 --refresh 1
wait_for "starshot-telemetry-ingest"
wait_for "● connected"
fault_set '{"latency_ms": 12000}'
# A request is now in flight and hangs; the UI must still answer.
sleep_until_request() {
	local i
	for i in $(seq 40); do
		fake_http GET /_admin/stats | grep -q '"requests_served"' && return 0
		sleep 0.1
	done
}
sleep_until_request
send '?'
wait_for "quit" 5
send Escape
wait_gone "quit" 5
wait_for "timed out" 30
alive
rows_kept "slow service"
fault_clear
wait_for "● connected" 40
wait_gone "timed out" 20
rows_kept "slow service"
FAULTS_TRIED=1
pass_faults
