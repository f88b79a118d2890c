#!/bin/bash
# The service is down when vdktop starts: it says so (retrying, with the
# reason), stays responsive (help opens and closes), and shows the jobs by
# itself once the service comes up.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
fake_stop # the port is now closed; fake_restart brings the same one back
fault_config "" ""
vdktop_start 120 30 --refresh 1
wait_for "retrying in" 20
wait_for "connection refused" 10
alive
send '?'
wait_for "quit" 10
send Escape
wait_for "retrying in" 10
fake_restart
wait_for "starshot-telemetry-ingest" 40
wait_for "● connected" 20
wait_gone "retrying in" 10
rows_kept "down at start"
FAULTS_TRIED=1
pass_faults
