#!/bin/bash
# SIGTERM and SIGHUP: the terminal is restored (alternate screen left,
# cursor visible) and vdktop exits cleanly; SIGTSTP/SIGCONT redraws.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot

for sig in TERM HUP INT; do
	vdktop_start 100 30
	wait_for "starshot-telemetry-ingest"
	[ "$(_tmux display -p '#{alternate_on}')" = 1 ] || fail "not on the alternate screen"
	kill -"$sig" "$(vdktop_pid)"
	wait_exit 10
	[ "$VDKTOP_RC" = 0 ] || fail "SIG$sig: exit status $VDKTOP_RC"
	[ "$(_tmux display -p '#{alternate_on}')" = 0 ] || fail "SIG$sig: alternate screen not left"
	[ "$(_tmux display -p '#{cursor_flag}')" = 1 ] || fail "SIG$sig: cursor left hidden"
	[ -s "$T/stderr" ] && fail "SIG$sig: stderr: $(cat "$T/stderr")"
done

# Ctrl-Z in a job-control shell gives the terminal back; fg redraws it all.
VDKTOP_SHELL=1 vdktop_start 100 30
wait_for "starshot-telemetry-ingest"
send C-z
wait_for "Stopped"
[ "$(_tmux display -p '#{alternate_on}')" = 0 ] || fail "SIGTSTP: terminal not given back"
grep -q '^State:.*T' "/proc/$(vdktop_pid)/status" || fail "vdktop is not stopped"
_tmux send-keys -R \; clear-history
shell_fg
wait_for "starshot-telemetry-ingest"
wait_for "team starshot"
wait_for "connected"
send Q
wait_exit 10
[ "$VDKTOP_RC" = 0 ] || fail "exit status $VDKTOP_RC after Q"
pass
