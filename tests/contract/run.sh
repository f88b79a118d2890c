#!/bin/sh
# Contract suite: ties vdktop and the fake Control Service to the official
# API definition (../shared/spec/datajob-api.yaml).
#
#   1. selftest  the validating chain flags a known-bad request and passes a
#                good one, so its silence later means something
#   2. api       the API test programs (tests/api) run against the fakes
#                through validating proxies
#   3. tui       the real vdktop, driven by tui_wire.sh with the screen
#                harness, against the demo fake through a validating proxy
#      2 and 3:  every request must match the spec; every answer of the fake
#                too, except the real server's documented deviations listed
#                in allowlist.json (each citing api-notes)
#   4. mock      vdktop (tui_mock.sh) against prism's mock serving random
#                spec-conformant data, several seeds: the jobs, job and logs
#                views must work with no crash, hang or sanitizer report
#
# Chain: client -> check.py record -> prism proxy (no --errors) -> fake.
# Without --errors prism forwards every answer unchanged, so the clients'
# flows work as against the server, and reports each request and response
# violation in the sl-violations header, which the recorder logs with its
# own exchange; check.py report then judges the logs and prints a summary.
#
# Default variant: all parts. asan variant: part 4 only (it is the one that
# puts vdktop's C code under unexpected data; the wire does not change with
# the sanitizers).
#
# Environment: VDKTOP_BIN, VDKTOP_BUILD, VDKTOP_VARIANT (from run-all.sh);
# CONTRACT_SPEC overrides the spec path; CONTRACT_SEEDS / CONTRACT_SEEDS_SPEC
# the mock seeds; CONTRACT_KEEP=1 keeps the work directory (recordings,
# logs), which is also kept on failure.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
top=$(git -C "$root" rev-parse --show-toplevel 2>/dev/null || printf '%s' "$root")
spec=${CONTRACT_SPEC:-$top/../shared/spec/datajob-api.yaml}
variant=${VDKTOP_VARIANT:-default}
build=${VDKTOP_BUILD:-$root/build/$variant}
bin=${VDKTOP_BIN:-$root/vdktop}
# The official spec's mock always answers the job list with random GraphQL
# errors (vdktop shows them); the typed spec's (see check.py typed-spec)
# serves rows: seeds 1, 3, 4 open the job and logs views, 2 is an empty team.
seeds_spec=${CONTRACT_SEEDS_SPEC:-1 2}
seeds=${CONTRACT_SEEDS:-1 2 3 4}
team=contract
check="python3 $here/check.py"
prism=$here/node_modules/.bin/prism

say() { printf 'contract: %s\n' "$*"; }

# A missing prerequisite is a skip (exit 77, see tests/run-all.sh) on a
# user's machine and a failure in CI, where everything the suite needs must
# be present.
skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		say "FAIL: $* (required in CI)"
		exit 1
	fi
	say "$*, skipping"
	exit 77
}

[ -f "$spec" ] || skip_or_fail "spec not found at $spec"
command -v npm >/dev/null 2>&1 || skip_or_fail "npm not found (Debian: apt-get install nodejs npm)"
command -v tmux >/dev/null 2>&1 || skip_or_fail "tmux not found"

work=$(mktemp -d "${TMPDIR:-/tmp}/vdktop-contract.XXXXXX") || exit 2
pids=""
failed=0
phases=""
report_args=""

# Stops the processes in $pids and waits for them.
stop_pids() {
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	for p in $pids; do
		wait "$p" 2>/dev/null
	done
}

cleanup() {
	stop_pids
	if [ "${CONTRACT_KEEP:-0}" = 1 ] || [ "$failed" != 0 ]; then
		say "work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

fail() {
	say "FAIL: $*"
	failed=1
}

# wait_for FILE REGEX SECONDS PID: polls until a line of FILE matches, the
# deadline passes, or PID dies. Prints the first matching line.
wait_for() {
	_end=$(($(date +%s) + $3))
	while :; do
		if grep -E -m1 "$2" "$1" 2>/dev/null; then
			return 0
		fi
		if ! kill -0 "$4" 2>/dev/null; then
			# One last look: it may have printed and exited.
			grep -E -m1 "$2" "$1" 2>/dev/null && return 0
			return 1
		fi
		[ "$(date +%s)" -lt "$_end" ] || return 1
		sleep 0.1
	done
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start NAME CMD...: runs CMD in the background, output in $work/NAME.log;
# sets $last_pid.
start() {
	_name=$1
	shift
	"$@" >"$work/$_name.log" 2>&1 &
	last_pid=$!
	pids="$pids $last_pid"
}

stop() { # PID
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	_np=""
	for p in $pids; do
		[ "$p" = "$1" ] || _np="$_np $p"
	done
	pids=$_np
}

# start_prism NAME ARGS...: prism on a free port (retried: the port is free
# when picked, another process may take it first). Sets $prism_url.
start_prism() {
	_name=$1
	shift
	for _try in 1 2 3; do
		_port=$(free_port)
		start "$_name" "$prism" "$@" -h 127.0.0.1 -p "$_port"
		prism_pid=$last_pid
		if wait_for "$work/$_name.log" 'Prism is listening on' 60 "$prism_pid" >/dev/null; then
			prism_url=http://127.0.0.1:$_port
			return 0
		fi
		stop "$prism_pid"
		grep -q EADDRINUSE "$work/$_name.log" || break
	done
	sed 's/^/    /' "$work/$_name.log" | tail -20
	return 1
}

# start_recorder NAME UPSTREAM [STASH]: the recording proxy; sets $rec_url
# and appends NAME=LOG to $phases for the report.
start_recorder() {
	start "rec-$1" $check record --upstream "$2" --log "$work/$1.jsonl" ${3:+--stash "$3"}
	rec_pid=$last_pid
	: >"$work/$1.jsonl"
	_line=$(wait_for "$work/rec-$1.log" '^READY ' 10 "$rec_pid") || {
		fail "the recorder ($1) did not start"
		sed 's/^/    /' "$work/rec-$1.log" | tail -20
		return 1
	}
	rec_url=${_line#READY }
	[ "$1" = selftest ] || phases="$phases $1=$work/$1.jsonl"
}

install_tools() {
	if [ -x "$prism" ] && [ ! "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
		return 0
	fi
	say "installing the validator: npm ci in tests/contract"
	if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >"$work/npm.log" 2>&1; then
		sed 's/^/    /' "$work/npm.log" | tail -30
		say "FAIL: npm ci failed (it needs the npm registry)"
		failed=1
		exit 1
	fi
}

install_tools
say "variant $variant, spec $spec, prism $("$prism" --version)"

# ----------------------------------------------------------- mock runs ---
# Part 4: vdktop against prism's random, spec-conformant answers, driven by
# tui_mock.sh with the screen harness (tests/screen/lib.sh: private tmux,
# HOME, sanitizer logs). Crashes, hangs and sanitizer reports fail; which
# views open depends on the data, and at least one run must reach each.
mock_job_views=0
mock_log_views=0

# mock_run LABEL SPEC SEED: one run, in a process of its own (part_mock
# runs two at a time: each has its own mock, recorder, tmux socket and
# ports). It says what it saw on stdout, writes the views it opened to
# $work/LABEL.views and its recording's phase for the report to
# $work/LABEL.phase, stops what it started, and exits 1 on a failure.
mock_run() {
	pids=""
	failed=0
	trap stop_pids EXIT # a mock run's own processes
	trap 'exit 143' TERM HUP
	start_prism "prism-$1" mock -d --seed "$3" "$2" || {
		fail "$1: the mock did not start"
		exit 1
	}
	start_recorder "$1" "$prism_url" || exit 1
	printf '%s=%s\n' "$1" "$work/$1.jsonl" >"$work/$1.phase"
	if CONTRACT_URL=$rec_url CONTRACT_LOG=$work/$1.jsonl VDKTOP_BIN=$bin VDKTOP_VARIANT=$variant \
		bash "$here/tui_mock.sh" >"$work/$1.tui" 2>&1; then
		_v=$(sed -n 's/^views: //p' "$work/$1.tui")
		say "$1: views opened: $_v; no crash, hang or sanitizer report"
		printf ' %s \n' "$_v" >"$work/$1.views"
	else
		fail "$1: vdktop against the mock (seed $3)"
		sed 's/^/    /' "$work/$1.tui" | tail -60
	fi
	exit "$failed"
}

# mock_start LABEL SPEC SEED: starts a run, two at a time: with two
# started, waits for both first (mock_collect).
mock_start() {
	[ "$(echo $mock_running | wc -w)" -ge 2 ] && mock_collect
	(mock_run "$@") >"$work/$1.say" 2>&1 &
	mock_running="$mock_running $1:$!"
	pids="$pids $!"
}

# mock_collect: waits for the runs started, prints what each said in the
# order they were started, and counts their outcomes.
mock_collect() {
	for _r in $mock_running; do
		_l=${_r%:*}
		_p=${_r##*:}
		wait "$_p"
		_rc=$?
		_np=""
		for p in $pids; do
			[ "$p" = "$_p" ] || _np="$_np $p"
		done
		pids=$_np
		cat "$work/$_l.say"
		[ "$_rc" -eq 0 ] || failed=1
		[ -s "$work/$_l.phase" ] && phases="$phases $(cat "$work/$_l.phase")"
		case $(cat "$work/$_l.views" 2>/dev/null) in *" job "*) mock_job_views=$((mock_job_views + 1)) ;; esac
		case $(cat "$work/$_l.views" 2>/dev/null) in *" logs "*) mock_log_views=$((mock_log_views + 1)) ;; esac
	done
	mock_running=""
}

part_mock() {
	if [ ! -x "$bin" ]; then
		fail "vdktop binary not found at $bin"
		return
	fi
	_typed=$work/typed-spec.yaml
	$check typed-spec --spec "$spec" --out "$_typed" || {
		fail "could not derive the typed spec"
		return
	}
	mock_running=""
	for _s in $seeds_spec; do
		mock_start "mock-spec-$_s" "$spec" "$_s"
	done
	for _s in $seeds; do
		mock_start "mock-typed-$_s" "$_typed" "$_s"
	done
	mock_collect
	say "mock: job view reached in $mock_job_views runs, logs view in $mock_log_views"
	[ "$mock_job_views" -gt 0 ] || fail "mock: no run got past the jobs view: Enter never opened a job"
	[ "$mock_log_views" -gt 0 ] || fail "mock: no run opened a logs view"
}

# ---------------------------------------------------- the fake, checked ---
# Parts 1-3: the fake behind a validating proxy (prism without --errors:
# every answer reaches the client unchanged, the verdict rides along in the
# sl-violations header that the recorder logs).
part_wire() {
	if [ ! -f "$root/tests/fake/control_service.py" ]; then
		fail "the fake (tests/fake/control_service.py) is missing"
		return
	fi
	api_chains=""
	fake fake_main --seed demo --deploy-delay 2
	if [ -f "$root/tests/api/test_api.c" ]; then
		# The three fakes tests/api/run.sh gives the API test programs.
		fake fake_api --seed demo --speed 10
		fake fake_auth --seed demo --speed 10 --auth --api-token test-api-token \
			--static-token static-ok --token-lifetime 3600
		fake fake_short --seed empty --auth --api-token test-api-token --token-lifetime 30
		fake_ready fake_api && chain api "$fake_url" &&
			fake_ready fake_auth && chain api_auth "$fake_url" &&
			fake_ready fake_short && chain api_short "$fake_url" &&
			api_chains=yes
	else
		fail "the API tests (tests/api/test_api.c) are missing"
	fi
	fake_ready fake_main || return
	chain main "$fake_url"
	chain_ready main || return
	proxy_url=$chain_url
	proxy_stash=$chain_stash

	start_recorder selftest "$proxy_url" "$proxy_stash" || return
	$check selftest --url "$rec_url" --log "$work/selftest.jsonl" --team "$team" || fail "selftest of the validating chain"
	stop "$rec_pid"

	wire_api
	wire_tui
}

# Operations the API test program must drive through the proxy: issue 9's
# list (list, read, create, update, deploy, patch, run, cancel, logs,
# delete, sources upload, info, properties) and the reads around them.
api_ops=info,jobsQuery,dataJobRead,dataJobCreate,dataJobUpdate,dataJobDelete
api_ops=$api_ops,deploymentList,deploymentUpdate,deploymentPatch
api_ops=$api_ops,dataJobExecutionList,dataJobExecutionRead,dataJobExecutionStart,dataJobExecutionCancel
api_ops=$api_ops,dataJobLogsDownload,sourcesUpload,dataJobPropertiesRead,dataJobPropertiesUpdate

# fake NAME ARGS...: launches a fake Control Service (seeding the demo data
# takes seconds, so all fakes start at once); fake_ready NAME waits for its
# READY line and sets $fake_url.
fake() {
	_n=$1
	shift
	start "$_n" python3 "$root/tests/fake/control_service.py" --port 0 "$@"
	eval "fake_pid_$_n=\$last_pid"
}
fake_ready() {
	eval "_fp=\$fake_pid_$1"
	_line=$(wait_for "$work/$1.log" '^READY ' 30 "$_fp") || {
		fail "the fake ($1) did not print READY"
		sed 's/^/    /' "$work/$1.log" | tail -20
		return 1
	}
	fake_url=${_line#READY }
}

# chain NAME UPSTREAM: launches a validating proxy in front of UPSTREAM,
# behind it the relay that carries binary bodies around prism (see
# check.py). Proxies take seconds to start, so several are launched before
# the first is awaited: chain_ready NAME waits and sets $chain_url and
# $chain_stash (give it to the recorders in front).
chain() {
	mkdir -p "$work/stash-$1"
	start "relay-$1" $check relay --upstream "$2" --stash "$work/stash-$1"
	_line=$(wait_for "$work/relay-$1.log" '^READY ' 10 "$last_pid") || {
		fail "the relay ($1) did not start"
		return 1
	}
	_port=$(free_port)
	start "prism-$1" "$prism" proxy "$spec" "${_line#READY }" -h 127.0.0.1 -p "$_port"
	eval "chain_pid_$1=\$last_pid chain_port_$1=\$_port"
}
chain_ready() { # NAME
	eval "_pp=\$chain_pid_$1 _port=\$chain_port_$1"
	wait_for "$work/prism-$1.log" 'Prism is listening on' 60 "$_pp" >/dev/null || {
		fail "the validating proxy ($1) did not start"
		sed 's/^/    /' "$work/prism-$1.log" | tail -20
		return 1
	}
	chain_url=http://127.0.0.1:$_port
	chain_stash=$work/stash-$1
}

# The API test program, as tests/api/run.sh runs it (three fakes: plain,
# --auth, --auth with short tokens), each fake behind its own chain. What
# is judged here is the traffic; whether its assertions hold is the API
# suite's business (some cannot hold through a proxy: dropped connections
# and timeouts it injects come back as a proxy's 500).
wire_api() {
	[ -n "$api_chains" ] || return 0
	chain_ready api && start_recorder api "$chain_url" "$chain_stash" || return
	VDKTOP_TEST_URL=$rec_url
	chain_ready api_auth && start_recorder api-auth "$chain_url" "$chain_stash" || return
	VDKTOP_TEST_AUTH_URL=$rec_url
	chain_ready api_short && start_recorder api-short "$chain_url" "$chain_stash" || return
	VDKTOP_TEST_AUTH_SHORT_URL=$rec_url
	for _c in "$root"/tests/api/test_*.c; do
		_t=$build/tests/api/$(basename "$_c" .c)
		_n=$(basename "$_t")
		if [ ! -x "$_t" ]; then
			fail "$_t is not built"
			continue
		fi
		VDKTOP_TEST_URL=$VDKTOP_TEST_URL VDKTOP_TEST_AUTH_URL=$VDKTOP_TEST_AUTH_URL \
			VDKTOP_TEST_AUTH_SHORT_URL=$VDKTOP_TEST_AUTH_SHORT_URL "$_t" >"$work/$_n.log" 2>&1
		_rc=$?
		_failed=$(sed -n 's/^\[  FAILED  \] \(test_[a-z_0-9]*\)$/\1/p' "$work/$_n.log" | sort -u | tr '\n' ' ')
		say "api: $_n through the validating proxies: exit $_rc${_failed:+; its own assertions failed in: $_failed(judged by the API suite, not here)}"
	done
	# test_api's plain client has no token by design (it tests a server
	# with security off, api-notes §1), so its requests may lack the
	# spec's bearer header; everything else about them is checked.
	report_args="$report_args --require api=$api_ops --allow-no-token api --allow-no-token api-auth --allow-no-token api-short"
}

# Operations the TUI must drive: the read paths and every write action.
tui_ops=jobsQuery,deploymentList,dataJobExecutionRead,dataJobLogsDownload
tui_ops=$tui_ops,dataJobCreate,sourcesUpload,dataJobRead,dataJobUpdate,deploymentUpdate
tui_ops=$tui_ops,dataJobExecutionStart,dataJobExecutionCancel,deploymentPatch,dataJobDelete

wire_tui() {
	start_recorder tui "$proxy_url" "$proxy_stash" || return
	say "tui: vdktop through the validating proxy (tui_wire.sh)"
	if ! CONTRACT_URL=$rec_url CONTRACT_LOG=$work/tui.jsonl VDKTOP_BIN=$bin VDKTOP_VARIANT=$variant \
		bash "$here/tui_wire.sh" >"$work/tui.out" 2>&1; then
		fail "tui: driving vdktop through the proxy"
		sed 's/^/    /' "$work/tui.out" | tail -60
	fi
	stop "$rec_pid"
	report_args="$report_args --require tui=$tui_ops"
}

if [ "$variant" != asan ]; then
	part_wire
fi
part_mock

if [ -n "$phases" ]; then
	$check report --spec "$spec" --allowlist "$here/allowlist.json" $report_args $phases || failed=1
fi
if [ "$failed" != 0 ]; then
	say "FAILED"
	exit 1
fi
say "passed"
exit 0
