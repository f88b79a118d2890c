#!/bin/bash
# Stopping the service keeps the rows on screen and shows the outage in
# the status line; starting it again recovers without a key press. The
# same in the job view.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 30 --refresh 1
wait_for "starshot-telemetry-ingest"
wait_for "● connected"
wait_for "jobs — starshot (16)"

fake_stop
wait_gone "● connected" 20
# the last good rows stay
assert_screen_has "starshot-telemetry-ingest"
assert_screen_has "starshot-billing-reconcile"
assert_screen_has "jobs — starshot (16)"
[ "$(screen | grep -c 'starshot-')" -ge 16 ] || fail "rows were dropped during the outage"
# the user can still move around
send j j
assert_screen_has "starshot-billing-reconcile"

fake_restart
wait_for "● connected" 30
assert_screen_has "jobs — starshot (16)"

# The job view keeps its data through an outage too.
send /
send_text telemetry
send Enter
wait_for "(1/16)"
send Enter
wait_for "job starshot-telemetry-ingest"
wait_for "deployed  version"
wait_for "starshot-telemetry-ingest-"
fake_stop
wait_gone "● connected" 20
assert_screen_has "deployed  version"
assert_screen_has "starshot-telemetry-ingest-"
fake_restart
wait_for "● connected" 30
assert_screen_has "starshot-telemetry-ingest-"
pass
