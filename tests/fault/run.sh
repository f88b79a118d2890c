#!/bin/sh
# The fault matrix: every tests/fault/test_*.sh drives the real vdktop in
# tmux (tests/screen/lib.sh) against the fake Control Service's fault
# switches, in both build variants (under asan any sanitizer report fails
# the test), and reports the number of faults tried.
#   FAULT_ONLY=tls sh tests/fault/run.sh    one test
# The runner is shared: tests/screen/suite.sh.
SUITE=fault SUITE_ONLY=${FAULT_ONLY:-} SUITE_LIMIT=90 SUITE_ASAN_LIMIT=240 SUITE_COUNT=faults
. "$(dirname "$0")/../screen/suite.sh"
