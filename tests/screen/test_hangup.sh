#!/bin/bash
# The terminal goes away without a SIGHUP reaching vdktop (it runs in a
# session of its own, as under setsid, nohup-like wrappers or a tracer):
# it still exits, instead of spinning on a hung-up terminal that always
# polls readable.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot

VDKTOP_ENV="setsid" vdktop_start 100 30
wait_for "starshot-telemetry-ingest"
pid=$(vdktop_pid)
sid=$(ps -o sid= -p "$pid" | tr -d ' ')
[ "$sid" = "$pid" ] || fail "vdktop is not in a session of its own (sid $sid, pid $pid)"
# Closing the pane's terminal: the shell that started vdktop gets the
# SIGHUP, vdktop only the hang-up on its terminal.
_tmux kill-server
for i in $(seq $((200 * SLOW))); do
	[ -d "/proc/$pid" ] || break
	sleep 0.05
done
if [ -d "/proc/$pid" ]; then
	cpu=$(ps -o %cpu= -p "$pid")
	kill -KILL "$pid"
	fail "vdktop still runs (at${cpu}% CPU) 10 s after its terminal hung up"
fi
STARTED=
pass
