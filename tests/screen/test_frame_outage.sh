#!/bin/bash
# Stopping the service shows the outage (retrying, stale) in the status
# line while the rows stay; restarting it recovers without a keypress.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 35 --refresh 1
wait_for "starshot-telemetry-ingest"
wait_for "connected"
fake_stop
wait_for "retrying in" 15
wait_for "STALE" 15
assert_screen_has "starshot-telemetry-ingest"
assert_screen_has "attempt)"
# The help view over it keeps the state honest and recovers too.
fake_restart
wait_for "connected" 40
wait_gone "STALE" 10
wait_gone "retrying" 10
assert_screen_has "starshot-telemetry-ingest"
pass
