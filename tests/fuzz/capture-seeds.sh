#!/bin/bash
# Regenerates the seed corpora of the API fuzz targets from the fake
# Control Service's real answers: runs vdktop on the demo data, opens a
# job, then fetches again every GET vdktop sent (plus error answers and the
# fake's fault answers) and stores each body in the fuzz target's input
# format (see fuzz_common.h). Run by hand after the API or the fake
# changes: bash tests/fuzz/capture-seeds.sh; then commit the corpus.
. "$(dirname "$0")/../screen/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 35
wait_for "starshot-telemetry-ingest"
send /
send_text telemetry
send Enter
wait_for "jobs — starshot (1/16)"
send Enter
wait_for "executions" 30
# a few polls of the running job's view
for i in $(seq 40); do
	n=$(fake_http GET /_admin/requests | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
	[ "$n" -ge 12 ] && break
	sleep 0.25
done
send Q
wait_exit 10
fake_http GET /_admin/requests >"$T/requests.json"
python3 "$SCREEN_DIR/../fuzz/capture_seeds.py" "$FAKE_URL" "$T/requests.json" "$TOP/tests/fuzz/corpus" ||
	fail "capture failed"
pass
