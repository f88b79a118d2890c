#!/bin/bash
# suite: long (started first by the runner, tests/screen/suite.sh)
# A token never appears: vdktop runs with a known static token from its
# config (and --trace FILE) against the fake with --auth; it shows the jobs
# and a job, meets a 500, a 401 and a 403, opens help and the action log,
# runs --check and --paths. Every screen capture, the trace file, stderr,
# and every file written under the test's HOME and directory are searched
# for the token: it must be absent everywhere.
. "$(dirname "$0")/lib.sh"
TOKEN="vdkt-SECRET-$RANDOM$RANDOM-token"
fake_start --seed demo --auth --static-token "$TOKEN"
fault_config "" "token = \"$TOKEN\";"
snap() { screen >>"$T/screens.txt"; screen_color >>"$T/screens.txt"; }
vdktop_start 120 35 --refresh 1 --trace "$T/trace.log"
wait_for "starshot-telemetry-ingest"
wait_for "● connected"
snap
send /
send_text billing-rec
send Enter
wait_for "jobs — starshot (1/16)"
send Enter
wait_for "job starshot-billing-reconcile"
wait_for "EXECUTION"
snap
fault_set '{"fail_next": {"count": 2, "status": 500}}'
wait_for "retrying in" 20
snap
fault_clear
wait_for "● connected" 30
fault_set '{"fail_next": {"count": 2, "status": 401}}'
wait_for "unauthorized" 20
snap
fault_clear
wait_for "● connected" 30
fault_set '{"forbid_teams": ["starshot"]}'
wait_for "not permitted" 20
snap
fault_clear
wait_for "● connected" 30
send Escape
send '?'
wait_for "quit" 10
snap
send Escape
send :
send_text log
send Enter
wait_for "actions of this session"
snap
send Escape
send Q
wait_exit 10
[ "$VDKTOP_RC" = 0 ] || fail "exit status $VDKTOP_RC"
[ -s "$T/trace.log" ] || fail "no trace written"
env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" "$VDKTOP_BIN" --check >"$T/check.out" 2>&1
env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" "$VDKTOP_BIN" --paths >"$T/paths.out" 2>&1
env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" "$VDKTOP_BIN" --check --url http://127.0.0.1:1 >>"$T/check.out" 2>&1
# The requests did carry it (the fake saw authorized requests), so the
# search below is meaningful.
fake_http GET /_admin/requests | grep -q '"authorization": true' || fail "no authorized request reached the fake"
# Everywhere but the config file that holds it on purpose and the tmux
# start script that names the fake's arguments.
hits=$(find "$T" -type f ! -path "$T/config" ! -path "$T/run.sh" -exec grep -lF -- "$TOKEN" {} + 2>/dev/null)
[ -z "$hits" ] || fail "the token appears in: $hits"
grep -qF -- "$TOKEN" "$T/screens.txt" && fail "token on screen"
# and not in any file the fake saw in a request log other than the header
fake_http GET /_admin/requests | grep -qF -- "$TOKEN" && fail "the token appears in a request's URL or body"
FAULTS_TRIED=3
pass_faults
