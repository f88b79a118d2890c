#!/bin/bash
# A crash gives the terminal back: after SIGSEGV, SIGBUS and SIGABRT the
# pane has left the alternate screen, shows the cursor and has its tty
# modes (echo, canonical input) again, and vdktop died of that signal (the
# exit status says which). Core dumps are off from the start
# (/proc/PID/limits), since a core would hold the token.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
fault_config "" ""
# A sanitizer build catches SEGV and BUS itself; here the default action
# is what is under test.
# It also turns core dumps off by itself, which would hide the check.
export ASAN_OPTIONS=detect_leaks=0:handle_segv=0:handle_sigbus=0:handle_abort=0:disable_coredump=0

for sig in SEGV BUS ABRT; do
	FAULTS_TRIED=$((FAULTS_TRIED + 1))
	vdktop_start 100 30
	wait_for "starshot-telemetry-ingest"
	pid=$(vdktop_pid)
	if [ "$sig" = SEGV ]; then
		grep -E '^Max core file size +0 +0 ' "/proc/$pid/limits" >/dev/null ||
			fail "core dumps are on: $(grep -i core "/proc/$pid/limits")"
	fi
	tty=$(_tmux display -p '#{pane_tty}')
	stty -F "$tty" -a | grep -qE '(^| )-echo( |$)' || fail "vdktop runs with echo on?"
	[ "$(_tmux display -p '#{alternate_on}')" = 1 ] || fail "not on the alternate screen"
	kill -"$sig" "$pid"
	wait_exit 10
	want=$((128 + $(kill -l "$sig")))
	[ "$VDKTOP_RC" = "$want" ] || fail "SIG$sig: exit status $VDKTOP_RC, not $want"
	[ "$(_tmux display -p '#{alternate_on}')" = 0 ] || fail "SIG$sig: alternate screen not left"
	[ "$(_tmux display -p '#{cursor_flag}')" = 1 ] || fail "SIG$sig: cursor left hidden"
	modes=$(stty -F "$tty" -a)
	printf '%s\n' "$modes" | grep -qE '(^| )echo( |$)' || fail "SIG$sig: echo left off: $modes"
	printf '%s\n' "$modes" | grep -qE '(^| )icanon( |$)' || fail "SIG$sig: canonical input left off: $modes"
	grep -qF "fatal signal" "$T/stderr" || fail "SIG$sig: no message: $(cat "$T/stderr")"
done

# VDKTOP_CORE_DUMPS=1 keeps the shell's limit, for debugging.
FAULTS_TRIED=$((FAULTS_TRIED + 1))
ulimit -c unlimited 2>/dev/null || ulimit -c 1024 || fail "cannot raise the core file limit"
VDKTOP_ENV="VDKTOP_CORE_DUMPS=1" vdktop_start 100 30
wait_for "starshot-telemetry-ingest"
grep -E '^Max core file size +0 ' "/proc/$(vdktop_pid)/limits" >/dev/null &&
	fail "VDKTOP_CORE_DUMPS=1 did not keep the limit: $(grep -i core "/proc/$(vdktop_pid)/limits")"
send Q
wait_exit 10
pass_faults
