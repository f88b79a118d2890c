#!/bin/bash
# A token endpoint that accepts and never answers (hung_listener.py) must
# never hold the UI or the exit: with the exchange under way, ":ctx" to
# another context answers at once, and Q ends the process within a bound
# far below the 30 s request timeout (the elapsed time is printed). With
# a short timeout the status line names the failing exchange, and no
# request goes out without the token meanwhile. While the exchange hangs
# the status line says what it waits for.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
python3 "$(dirname "$0")/hung_listener.py" "$T/hung.log" >"$T/hung.out" 2>"$T/hung.err" &
HUNG_PID=$!
trap 'rc=$?; kill $HUNG_PID 2>/dev/null; (exit $rc); _cleanup' EXIT
for i in $(seq 50); do grep -qs '^READY' "$T/hung.out" && break; sleep 0.1; done
HUNG_PORT=$(sed -n 's/^READY //p' "$T/hung.out")
[ -n "$HUNG_PORT" ] || fail "the hung listener did not start: $(cat "$T/hung.err")"

hang_config() { # TOP-LEVEL LINES
	cat >"$T/config" <<EOF2
$1
contexts = (
  { name = "hung"; url = "$FAKE_URL"; team = "starshot";
    api_token = "hang-api-token"; authorization_url = "http://127.0.0.1:$HUNG_PORT/oauth/token"; },
  { name = "plain"; url = "$FAKE_URL"; team = "starshot"; }
);
EOF2
	chmod 600 "$T/config"
	export VDKTOP_CONFIG="$T/config"
}
accepted() { grep -c '^ACCEPT' "$T/hung.out"; }
wait_accepts() { # N: until the listener took N connections
	local i
	for i in $(seq $((100 * SLOW))); do
		[ "$(accepted)" -ge "$1" ] && return 0
		sleep 0.1
	done
	fail "no token exchange reached the hung endpoint (accepts: $(accepted))"
}
jobs_requests() { request_count "/jobs"; }

# 1. The exchange hangs: :ctx away from it answers at once.
FAULTS_TRIED=1
hang_config ""
vdktop_start 120 30 --refresh 1
wait_accepts 1
alive
wait_for "connecting… waiting for the token endpoint 127.0.0.1:$HUNG_PORT" 5
n_before=$(jobs_requests)
send :
send_text "ctx plain"
send Enter
wait_for "context plain" 5
wait_for "starshot-telemetry-ingest" 10
wait_for "● connected" 10
[ "$n_before" -eq 0 ] || fail "$n_before jobs requests went out while the token exchange hung"

# 2. Back to it, and Q while the exchange hangs: gone within the bound.
FAULTS_TRIED=2
send :
send_text "ctx hung"
send Enter
wait_accepts 2
wait_for "context hung" 5
start=$(date +%s%N)
send Q
wait_exit 3
end=$(date +%s%N)
_log "quit with the token exchange hanging took $(((end - start) / 1000000)) ms"
[ "$VDKTOP_RC" = 0 ] || fail "exit status $VDKTOP_RC: $(cat "$T/stderr")"

# 3. A short timeout: the status line names the exchange that failed, and
#    the service never saw a request without the token.
FAULTS_TRIED=3
hang_config "timeout = 2;"
fake_http DELETE /_admin/requests >/dev/null
vdktop_start 120 30 --refresh 1
wait_for "token exchange failed: timed out after 2 s" 20
alive
[ "$(jobs_requests)" -eq 0 ] || fail "requests went out without the token after the exchange failed"
send '?'
wait_for "quit" 5
send Escape
send Q
wait_exit 5
pass_faults
