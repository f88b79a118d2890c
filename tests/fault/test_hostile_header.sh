#!/bin/bash
# A response header of 5 MB: vdktop says "response header too large", not
# "Out of memory", keeps running and answers keys.
. "$(dirname "$0")/numbers_lib.sh"
FAULTS_TRIED=1
hostile_start header --header-mb 5
vdk_config hostile starshot
vdktop_start 120 30 --refresh 2
wait_for "response header too large" 30
assert_screen_lacks "ut of memory"
alive
keys_answer
pass_faults
