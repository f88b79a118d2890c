#!/bin/bash
# suite: long (started first by the runner, tests/screen/suite.sh)
# One session through the HTTP faults of the fake, each switched on then
# off: 5xx bursts, a connection dropped mid-body, malformed JSON, a body of
# the wrong content type, an oversized body beyond max_body_mb, and valid
# JSON with wrong types / missing fields / unknown enum values. For each:
# vdktop keeps running, says what happened, keeps the last good rows, and
# recovers by itself.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
fault_config "max_body_mb = 1; timeout = 5;" ""
vdktop_start 120 30 --refresh 1
wait_for "starshot-telemetry-ingest"
wait_for "jobs — starshot (16)"

fault_cycle "HTTP 500 burst" '{"fail_next": {"count": 3, "status": 500}}' "retrying in"
fault_cycle "HTTP 502 burst" '{"fail_next": {"count": 3, "status": 502}}' "bad gateway (502)"
fault_cycle "HTTP 503 burst" '{"fail_next": {"count": 3, "status": 503}}' "temporarily unavailable"
fault_cycle "dropped mid-body" '{"drop_next": 3}' "connection dropped"
fault_cycle "malformed JSON" '{"malformed_next": 3}' "unexpected answer from the service"
fault_cycle "wrong content type" '{"content_type_next": {"count": 3, "type": "text/html", "body": "<html><body>proxy error</body></html>"}}' "unexpected answer from the service"
fault_cycle "oversized body" '{"huge_next": {"count": 3, "bytes": 3000000}}' "response too large"

# Wrong types: no error needed, but no crash, no lost screen, and the real
# data back afterwards.
FAULTS_TRIED=$((FAULTS_TRIED + 1))
fault_set '{"wrong_types_next": 4}'
for i in $(seq 40); do
	n=$(fake_http GET /_admin/faults | python3 -c 'import json,sys; print(json.load(sys.stdin).get("wrong_types_next", 0))')
	[ "$n" = 0 ] && break
	sleep 0.25
done
[ "$n" = 0 ] || fail "vdktop did not fetch through the wrong-types answers"
alive
wait_for "jobs — starshot (16)" 20
wait_for "● connected" 20
rows_kept "wrong types"
pass_faults
