#!/bin/bash
# NO_COLOR=1 and --no-color: no colour SGR sequences at all (attributes
# such as bold and reverse are fine); the default theme does use colour,
# which proves the check can fail.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot

has_colour() { # a foreground/background colour: 30-38, 40-48 (38/48;5;N and ;2;RGB), 90-107
	screen_color | grep -qE $'\e\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m'
}

vdktop_start 120 35
wait_for "starshot-telemetry-ingest"
wait_for "connected"
has_colour || fail "the default theme shows no colour: the check would prove nothing"
vdktop_stop

VDKTOP_ENV="NO_COLOR=1" vdktop_start 120 35
wait_for "starshot-telemetry-ingest"
wait_for "connected"
send '?'
wait_for "Navigation"
send q
wait_for "starshot-telemetry-ingest"
if has_colour; then
	screen_color | grep -E $'\e\\[[0-9;]*m' | head -3 | cat -v >&2
	fail "NO_COLOR=1: colour sequences on screen"
fi
# Status is never colour alone: the failed jobs carry a word.
assert_screen_has "user_error"
vdktop_stop

vdktop_start 120 35 --no-color
wait_for "starshot-telemetry-ingest"
wait_for "connected"
has_colour && fail "--no-color: colour sequences on screen"
pass
