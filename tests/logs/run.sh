#!/bin/sh
# The logs view's screen tests: every tests/logs/test_*.sh on the tmux
# harness of tests/screen/lib.sh against the fake Control Service
# (LOGS_ONLY=word runs the tests whose name has it). The runner is shared:
# tests/screen/suite.sh.
SUITE=logs SUITE_ONLY=${LOGS_ONLY:-} SUITE_LIMIT=60 SUITE_ASAN_LIMIT=150
. "$(dirname "$0")/../screen/suite.sh"
