# Fault-matrix helpers on top of the screen harness (tests/screen/lib.sh):
# source this from a bash test in tests/fault/.
#
#   fault_config TOP CTX   write $T/config: top-level libconfig TOP, one
#                          context "fault" on FAKE_URL, team starshot,
#                          extra context lines CTX
#   fault_set JSON         POST /_admin/faults (merge)
#   fault_clear            DELETE /_admin/faults
#   alive                  fail unless vdktop still runs
#   rows_kept              fail unless the last good rows are on screen
#   fault_cycle NAME JSON TEXT [SECS]
#                          the four assertions of one fault: switch it on,
#                          a clear status TEXT shows, the last good data
#                          stays, vdktop runs; switch it off, "connected"
#                          comes back without a key press
#   hostile_start MODE     replace the fake by tests/fault/hostile_server.py
#                          MODE (FAKE_URL set; stopped by the cleanup)
#   FAULTS_TRIED           count of faults exercised, printed by pass_faults
. "$(dirname "${BASH_SOURCE[0]}")/../screen/lib.sh"

FAULTS_TRIED=0

fault_config() { # TOP CTX
	cat >"$T/config" <<EOF2
$1
contexts = (
  {
    name = "fault";
    url = "$FAKE_URL";
    team = "starshot";
    $2
  }
);
EOF2
	chmod 600 "$T/config"
	export VDKTOP_CONFIG="$T/config"
}

fault_set() { fake_http POST /_admin/faults "$1" >/dev/null || fail "fault switch $1 refused"; }
fault_clear() { fake_http DELETE /_admin/faults >/dev/null || fail "clearing the faults failed"; }

alive() {
	kill -0 "$(vdktop_pid)" 2>/dev/null || fail "vdktop is gone (rc $(cat "$T/rc" 2>/dev/null)): $(cat "$T/stderr")"
}

# The jobs view of team starshot with its 16 rows.
rows_kept() {
	local n
	n=$(screen | grep -cE '^(. )?starshot-[a-z0-9-]+')
	[ "$n" -ge 10 ] || fail "${1:-fault}: the last good rows are gone ($n left)"
	assert_screen_has "starshot-telemetry-ingest"
}

fault_cycle() { # NAME JSON TEXT [SECS]
	local name=$1 json=$2 text=$3 secs=${4:-20}
	_log "fault: $name"
	FAULTS_TRIED=$((FAULTS_TRIED + 1))
	wait_for "● connected" 30
	fault_set "$json"
	wait_for "$text" "$secs"
	_log "  status: $(screen | grep -F -- "$text" | head -n 1 | sed 's/  */ /g')"
	alive
	rows_kept "$name"
	fault_clear
	wait_for "● connected" 40
	wait_gone "$text" 20
	rows_kept "$name"
	alive
}

pass_faults() {
	_log "$FAULTS_TRIED faults tried"
	echo "$FAULTS_TRIED" >"${SUITE_COUNT_FILE:-/dev/null}" 2>/dev/null
	pass
}

hostile_start() { # MODE
	fake_stop
	: >"$T/hostile.out"
	python3 "$TOP/tests/fault/hostile_server.py" "$1" >"$T/hostile.out" 2>"$T/hostile.err" </dev/null &
	FAKE_PID=$! # stopped by the harness's cleanup like the fake
	local i
	for i in $(seq $((100 * SLOW))); do
		FAKE_URL=$(sed -n 's/^READY //p' "$T/hostile.out")
		[ -n "$FAKE_URL" ] && return 0
		sleep 0.1
	done
	fail "the hostile server did not start: $(cat "$T/hostile.err")"
}
