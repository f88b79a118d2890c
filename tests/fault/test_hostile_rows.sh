#!/bin/bash
# A jobs page of 10^6 rows (a 40 MB answer) for a request of 500: vdktop
# keeps the 500 it asked for, says on the status line that the rest were
# dropped, stays within bounded memory and still answers keys.
. "$(dirname "$0")/numbers_lib.sh"
FAULTS_TRIED=1
hostile_start rows --rows ${HOSTILE_ROWS:-1000000}
vdk_config hostile starshot
vdktop_start 120 30 --refresh 5
wait_for "r0000000" 60
wait_for "jobs — starshot (" 30
wait_for "extra jobs dropped" 30
alive
# The parsed answer (JSON tree) is transient; what stays is one page.
if [ "$VDKTOP_VARIANT" = asan ]; then bound=600; else bound=128; fi
hwm_below "$bound" "10^6 rows for a page of 500"
keys_answer
pass_faults
