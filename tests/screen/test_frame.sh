#!/bin/bash
# The chrome: header with context, host and team; status line connected;
# the jobs of the team on screen; q on the home view quits cleanly.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 35
wait_for "starshot-telemetry-ingest"
wait_for "connected"
line1=$(screen | head -n 1)
for want in " demo " "127.0.0.1:$FAKE_PORT" "team starshot" "jobs"; do
	case "$line1" in *"$want"*) ;; *) fail "header lacks \"$want\": $line1" ;; esac
done
last=$(screen | tail -n 1)
case "$last" in *connected*) ;; *) fail "status line: $last" ;; esac
# No credentials or scheme in the header, just the host.
case "$line1" in *http://*) fail "header shows the URL scheme: $line1" ;; esac
send q
wait_exit 10
[ "$VDKTOP_RC" = 0 ] || fail "exit status $VDKTOP_RC after q"
pass
