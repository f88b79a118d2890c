# Screen test harness: the real vdktop in a private tmux server, against the
# fake Control Service. Source it from a bash test script:
#
#   . "$(dirname "$0")/lib.sh"
#   fake_start --seed demo          # FAKE_URL, FAKE_PORT, FAKE_PID
#   vdk_config demo starshot         # $T/config with context "demo"
#   vdktop_start 120 35 --refresh 1  # W H, then vdktop's own arguments
#   wait_for "connected"
#   send j j Enter
#   assert_screen_has "executions"
#   pass
#
# Functions
#   fake_start ARGS…       start the fake (ARGS passed through), wait for READY
#   fake_stop              stop it (SIGTERM, wait)
#   fake_restart           start it again on the same port with the same ARGS
#   fake_http METHOD PATH [JSON]   a request to the fake (admin or API), body on stdout
#   vdk_config CTX TEAM [LINES]    write $T/config: one context CTX on FAKE_URL
#                                  (LINES: extra libconfig text inside the context)
#   vdktop_start W H ARGS… start vdktop in a W×H tmux pane (VDKTOP_ENV: extra
#                          "NAME=value" words for its environment; VDKTOP_SHELL=1:
#                          typed into an interactive shell, for job control)
#   vdktop_stop            stop it (SIGTERM) and its tmux server
#   vdktop_pid             pid of the running vdktop
#   shell_fg               VDKTOP_SHELL mode: fg the stopped vdktop
#   wait_exit [SECS]       wait until vdktop exits; sets VDKTOP_RC
#   wait_for TEXT [SECS]   until the screen contains TEXT (fixed string);
#                          on timeout print the screen and fail
#   wait_gone TEXT [SECS]  until it does not
#   send KEYS…             tmux send-keys (tmux key names: Enter, Escape, C-r, …)
#   send_text TEXT         literal text
#   screen / screen_color  the pane as text / with SGR sequences (capture -e)
#   assert_screen_has TEXT, assert_screen_lacks TEXT
#   resize W H             resize the window (a real SIGWINCH)
#   bytes_start / bytes_count / bytes_stop
#                          count the bytes vdktop writes to the terminal
#   request_count TEXT     how many /data-jobs requests in the fake's log have
#                          "METHOD PATH" containing TEXT
#   request_barrier TEXT CMD [ARGS…]
#                          run CMD (e.g. `send Enter`), then wait until the fake
#                          logged one more request matching TEXT. vdktop makes
#                          its requests on one connection in the order its keys
#                          caused them, so afterwards every request an earlier
#                          key caused is in the fake's log too: the barrier
#                          before a "nothing was sent" assertion. TEXT must be
#                          a request only CMD causes at that moment.
#   team_barrier TEAM      request_barrier on any screen without a dialog:
#                          `:team` to a team of its own (back to the jobs
#                          view), then `:team TEAM` again
#   fail MSG / pass        end the test
#
# Every test gets its own temporary directory $T, tmux socket, HOME and
# XDG_CONFIG_HOME, so nothing of the user's leaks in. Under
# VDKTOP_VARIANT=asan, sanitizer reports go to $T/asan and fail the test
# once vdktop has exited (cleanup stops it with SIGTERM first).

set -u

SCREEN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$SCREEN_DIR/../.." && pwd)
VDKTOP_BIN=${VDKTOP_BIN:-$TOP/vdktop}
VDKTOP_VARIANT=${VDKTOP_VARIANT:-default}
TEST_NAME=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/vdkt-$TEST_NAME.XXXXXX")
SOCK_BASE="vdkt$$-$RANDOM"
SOCK=$SOCK_BASE
NSTART=0
FAKE_PID=
FAKE_ARGS=()
FAKE_URL=
FAKE_PORT=
STARTED=
VDKTOP_RC=
# Sanitizer builds are slower: every wait gets more time.
if [ "$VDKTOP_VARIANT" = asan ]; then SLOW=3; else SLOW=1; fi
mkdir -p "$T/home" "$T/xdg" "$T/asan"

_tmux() { tmux -L "$SOCK" "$@"; }

_log() { printf '%s: %s\n' "$TEST_NAME" "$*" >&2; }

fail() {
	_log "FAIL: $*"
	if [ -n "$STARTED" ]; then
		echo "---- screen ----" >&2
		_tmux capture-pane -p >&2 2>/dev/null
		echo "----------------" >&2
	fi
	exit 1
}

pass() {
	_log ok
	exit 0
}

# The test cannot run here (a tool is missing): exit 77, which the suite
# counts as skipped, never as passed.
skip() {
	_log "SKIP: $*"
	exit 77
}

_asan_check() {
	[ "$VDKTOP_VARIANT" = asan ] || return 0
	local f found=
	for f in "$T"/asan/*; do
		[ -s "$f" ] || continue
		found=1
		_log "sanitizer report $f:"
		cat "$f" >&2
	done
	[ -z "$found" ]
}

_cleanup() {
	local rc=$?
	trap - EXIT
	# A clean exit is what lets LeakSanitizer report.
	vdktop_stop
	fake_stop
	if ! _asan_check; then
		rc=1
		_log "FAIL: sanitizer reports"
	fi
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || [ -n "${KEEP_TMP:-}" ]; then
		[ -n "${KEEP_TMP:-}" ] && _log "kept $T" || rm -rf "$T"
	else
		_log "logs in $T"
	fi
	exit "$rc"
}
trap _cleanup EXIT
trap 'exit 1' INT TERM

# ---- the fake ----

# Starts the fake with ARGS; 0 once it printed READY (FAKE_URL, FAKE_PORT set).
_fake_launch() {
	: >"$T/fake.out"
	python3 "$TOP/tests/fake/control_service.py" "$@" >"$T/fake.out" 2>>"$T/fake.err" </dev/null &
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
	fake_stop
	return 1
}

fake_start() {
	FAKE_ARGS=("$@")
	_fake_launch --port 0 "$@" && return 0
	cat "$T/fake.err" >&2
	fail "the fake Control Service did not start (args: $*)"
}

fake_stop() {
	[ -n "$FAKE_PID" ] || return 0
	kill -TERM "$FAKE_PID" 2>/dev/null
	wait "$FAKE_PID" 2>/dev/null
	FAKE_PID=
}

fake_restart() {
	[ -n "$FAKE_PORT" ] || fail "fake_restart before fake_start"
	fake_stop
	local i
	# The port was just released; binding it again may take a moment.
	for i in $(seq 20); do
		_fake_launch --port "$FAKE_PORT" "${FAKE_ARGS[@]}" && return 0
		sleep 0.2
	done
	cat "$T/fake.err" >&2
	fail "the fake did not come back on port $FAKE_PORT"
}

fake_http() { # METHOD PATH [JSON]
	python3 - "$FAKE_URL" "$@" <<'EOF'
import sys, urllib.request, urllib.error
base, method, path = sys.argv[1], sys.argv[2], sys.argv[3]
body = sys.argv[4].encode() if len(sys.argv) > 4 else None
req = urllib.request.Request(base + path, data=body, method=method)
if body is not None:
    req.add_header("Content-Type", "application/json")
try:
    with urllib.request.urlopen(req, timeout=10) as r:
        sys.stdout.write(r.read().decode("utf-8", "replace"))
except urllib.error.HTTPError as e:
    sys.stderr.write("HTTP %d\n" % e.code)
    sys.exit(1)
EOF
}

vdk_config() { # CTX TEAM [extra context lines]
	cat >"$T/config" <<EOF
contexts = (
  {
    name = "$1";
    url = "$FAKE_URL";
    team = "$2";
    ${3:-}
  }
);
EOF
	chmod 600 "$T/config"
	export VDKTOP_CONFIG="$T/config"
}

# ---- vdktop ----

# Stops the vdktop of a previous vdktop_start (SIGTERM, so sanitizers report)
# and its tmux server.
vdktop_stop() {
	[ -n "$STARTED" ] || return 0
	if [ -z "$VDKTOP_RC" ] && [ -s "$T/pid" ]; then
		kill -TERM "$(cat "$T/pid")" 2>/dev/null
		_wait_rc 10 || _log "vdktop did not exit on SIGTERM"
	fi
	_tmux kill-server 2>/dev/null
	STARTED=
}

vdktop_start() { # W H ARGS...
	local w=$1 h=$2
	shift 2
	vdktop_stop
	# A fresh server each time: kill-server is asynchronous.
	NSTART=$((NSTART + 1))
	SOCK=$SOCK_BASE-$NSTART
	local asan_env=() cfg_env=()
	[ -n "${VDKTOP_CONFIG:-}" ] && cfg_env=("VDKTOP_CONFIG=$VDKTOP_CONFIG")
	if [ "$VDKTOP_VARIANT" = asan ]; then
		asan_env=("ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}:log_path=$T/asan/asan"
			"UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}:log_path=$T/asan/ubsan")
	fi
	{
		# $$ of the inner bash becomes vdktop's pid through exec.
		printf 'bash -c %q _ %q' 'echo $$ > "$1"; shift; exec "$@"' "$T/pid"
		printf ' %q' env -u NO_COLOR -u VDKTOP_URL -u VDKTOP_TEAM -u VDKTOP_CONTEXT -u VDKTOP_TOKEN \
			"HOME=$T/home" "XDG_CONFIG_HOME=$T/xdg" "VDKTOP_DATADIR=$TOP" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
			"${cfg_env[@]}" "${asan_env[@]}" ${VDKTOP_ENV:-} "$VDKTOP_BIN" "$@"
		printf ' 2>%q\n' "$T/stderr"
	} >"$T/cmd"
	{
		echo '#!/bin/bash'
		printf 'cd %q\n' "$T"
		printf '. %q\n' "$T/cmd"
		printf 'echo $? > %q\n' "$T/rc"
		echo 'exec sleep 3600'
	} >"$T/run.sh"
	chmod +x "$T/run.sh"
	rm -f "$T/pid" "$T/rc"
	VDKTOP_RC=
	if [ -n "${VDKTOP_SHELL:-}" ]; then
		# An interactive shell with job control runs the command, as when
		# a user types it: vdktop is the job, so Ctrl-Z stops it (after
		# it gave the terminal back) and fg resumes it.
		_tmux -f /dev/null new-session -d -x "$w" -y "$h" \
			"env -i PATH=$PATH HOME=$T/home TERM=xterm-256color PS1='$ ' bash --norc --noprofile -i" ||
			fail "tmux did not start"
		_tmux send-keys -l ". $T/cmd; $(_rc_unless_stopped)"
		_tmux send-keys Enter
	else
		_tmux -f /dev/null new-session -d -x "$w" -y "$h" "$T/run.sh" || fail "tmux did not start"
	fi
	STARTED=1
	local i
	for i in $(seq $((100 * SLOW))); do
		[ -s "$T/pid" ] && return 0
		sleep 0.05
	done
	fail "vdktop did not start"
}

vdktop_pid() { cat "$T/pid"; }

# Shell mode: a stopped job returns 148 to the shell; that is no exit.
_rc_unless_stopped() { printf 's=$?; [ $s = 148 ] || echo $s > %q' "$T/rc"; }

# Shell mode: resume the stopped vdktop in the foreground.
shell_fg() {
	_tmux send-keys -l "fg; $(_rc_unless_stopped)"
	_tmux send-keys Enter
}

_wait_rc() { # SECS: 0 once vdktop exited (VDKTOP_RC set), 1 on timeout
	local i
	for i in $(seq $(($1 * 20 * SLOW))); do
		if [ -s "$T/rc" ]; then
			VDKTOP_RC=$(cat "$T/rc")
			return 0
		fi
		sleep 0.05
	done
	return 1
}

wait_exit() { # [SECS]
	_wait_rc "${1:-10}" || fail "vdktop did not exit within ${1:-10}s"
}

screen() { _tmux capture-pane -p; }
screen_color() { _tmux capture-pane -p -e; }

wait_for() { # TEXT [SECS]
	local text=$1 secs=${2:-10} i
	for i in $(seq $((secs * 20 * SLOW))); do
		screen | grep -qF -- "$text" && return 0
		[ -s "$T/rc" ] && fail "vdktop exited ($(cat "$T/rc")) while waiting for \"$text\": $(cat "$T/stderr")"
		sleep 0.05
	done
	fail "timed out after ${secs}s waiting for \"$text\""
}

wait_gone() { # TEXT [SECS]
	local text=$1 secs=${2:-10} i
	for i in $(seq $((secs * 20 * SLOW))); do
		screen | grep -qF -- "$text" || return 0
		sleep 0.05
	done
	fail "timed out after ${secs}s waiting for \"$text\" to go away"
}

send() { _tmux send-keys "$@"; }
send_text() { _tmux send-keys -l -- "$1"; }
resize() { _tmux resize-window -x "$1" -y "$2"; }

assert_screen_has() { screen | grep -qF -- "$1" || fail "screen lacks \"$1\""; }
assert_screen_lacks() { screen | grep -qF -- "$1" && fail "screen shows \"$1\""; return 0; }

bytes_start() {
	: >"$T/bytes"
	_tmux pipe-pane -o "cat >> '$T/bytes'"
}
bytes_count() { wc -c <"$T/bytes" | tr -d ' '; }
bytes_stop() { _tmux pipe-pane; }

# ---- request barriers ----

request_count() { # TEXT
	fake_http GET /_admin/requests | python3 -c '
import json, sys
want = sys.argv[1]
print(sum(1 for r in json.load(sys.stdin)
          if r["path"].startswith("/data-jobs") and want in r["method"] + " " + r["path"]))
' "$1"
}

last_request_body() { # METHOD PATH_SUBSTRING: the body of the latest such
	# /data-jobs request the fake saw (as sent, text only); status 1 if none
	fake_http GET /_admin/requests | python3 -c '
import json, sys
hits = [r for r in json.load(sys.stdin) if r["path"].startswith("/data-jobs") and
        r["method"] == sys.argv[1] and sys.argv[2] in r["path"]]
if not hits or hits[-1]["body"] is None:
    sys.exit(1)
sys.stdout.write(hits[-1]["body"])
' "$1" "$2"
}

request_barrier() { # TEXT CMD [ARGS...]
	local text=$1 n0 n i
	shift
	n0=$(request_count "$text") || fail "the fake's request log is unreadable"
	"$@"
	for i in $(seq $((100 * SLOW))); do
		n=$(request_count "$text") || n=$n0
		[ "$n" -gt "$n0" ] && return 0
		[ -s "$T/rc" ] && fail "vdktop exited ($(cat "$T/rc")) before the barrier request \"$text\""
		sleep 0.1
	done
	fail "barrier: no new \"$text\" request within $((10 * SLOW))s after: $*"
}

BARRIERS=0
team_barrier() { # TEAM
	BARRIERS=$((BARRIERS + 1))
	local probe="vdkt-barrier-$BARRIERS"
	send :
	send_text "team $probe"
	request_barrier "GET /data-jobs/for-team/$probe/jobs" send Enter
	send :
	send_text "team $1"
	send Enter
	wait_for "team $1 "
}
