#!/bin/sh
# The screen tests: every tests/screen/test_*.sh drives the real vdktop in
# tmux against the fake Control Service (SCREEN_ONLY=word runs the tests
# whose name has it). The runner is shared: tests/screen/suite.sh.
SUITE=screen SUITE_ONLY=${SCREEN_ONLY:-} SUITE_LIMIT=60 SUITE_ASAN_LIMIT=150
. "$(dirname "$0")/suite.sh"
