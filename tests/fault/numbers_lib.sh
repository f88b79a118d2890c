# Helpers for the server-numbers tests (test_hostile_counts, _rows, _logline,
# _noid, _header): the fault harness (lib.sh) with tests/fault/numbers_server.py in place of the fake.
#
#   hostile_start MODE ARGS…   start the lying server (FAKE_URL etc. set, so
#                              vdk_config, request_count and cleanup work)
#   hwm_mb                     vdktop's peak resident memory (VmHWM), MiB
#   hwm_below MB WHAT          fail unless that peak is below MB
#   keys_answer                `?` opens the help, `q` closes it, `Q`
#                              quits with status 0: the UI still answers
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

hostile_start() { # MODE ARGS...
	: >"$T/fake.out"
	python3 "$TOP/tests/fault/numbers_server.py" --mode "$@" >"$T/fake.out" 2>>"$T/fake.err" </dev/null &
	FAKE_PID=$!
	local i
	for i in $(seq $((100 * SLOW))); do
		if grep -q '^READY ' "$T/fake.out"; then
			FAKE_URL=$(sed -n 's/^READY //p' "$T/fake.out" | head -n 1)
			FAKE_PORT=${FAKE_URL##*:}
			export FAKE_URL FAKE_PORT
			return 0
		fi
		kill -0 "$FAKE_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$T/fake.err" >&2
	fail "the hostile server did not start ($*)"
}

hwm_mb() {
	local kb
	kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$(vdktop_pid)/status" 2>/dev/null)
	[ -n "$kb" ] || fail "no VmHWM for vdktop (gone? rc $(cat "$T/rc" 2>/dev/null))"
	echo $((kb / 1024))
}

hwm_below() { # MB WHAT
	local mb
	mb=$(hwm_mb)
	_log "$2: peak resident memory ${mb} MiB (bound $1 MiB)"
	echo "$2 $mb" >>"${HOSTILE_FIGURES:-/dev/null}"
	[ "$mb" -lt "$1" ] || fail "$2: vdktop peaked at ${mb} MiB (bound $1 MiB)"
}

keys_answer() {
	alive
	send '?'
	wait_for "help — " 20
	send q
	wait_gone "help — " 20
	send Q
	wait_exit 20
	[ "$VDKTOP_RC" = 0 ] || fail "Q: vdktop exited with $VDKTOP_RC: $(cat "$T/stderr")"
}
