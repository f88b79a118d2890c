#!/bin/bash
# A finished execution whose log the service no longer keeps (the fake
# answers "" once --log-ttl passed): the view says so instead of showing
# an empty screen, and says that no logs_url links older logs.
. "$(dirname "$0")/common.sh"
fake_start --seed demo --log-ttl 1
vdk_config demo starshot
vdktop_start 80 24
open_logs starshot-billing-reconcile
wait_for "platform_error"
wait_for "the logs have expired: the service no longer keeps them"
wait_for "logs_url is empty"
assert_screen_lacks "loading the log"
# Saving has nothing to write, and says so instead of creating a file.
send s Enter
wait_for "nothing to save"
[ -z "$(ls "$T"/*.log 2>/dev/null)" ] || fail "an empty log file was created"
pass
