#!/bin/sh
# Screen tests of the write actions against the fake Control Service:
# every tests/actions/test_*.sh, each in its own tmux server
# (ACTIONS_ONLY=word runs the tests whose name has it). The runner is
# shared: tests/screen/suite.sh.
SUITE=actions SUITE_ONLY=${ACTIONS_ONLY:-} SUITE_LIMIT=90 SUITE_ASAN_LIMIT=240
. "$(dirname "$0")/../screen/suite.sh"
