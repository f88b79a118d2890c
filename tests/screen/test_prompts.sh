#!/bin/bash
# Prompts edit alike: in the help view's search, Ctrl-U clears the query
# and Ctrl-W drops its last word, and a new search never sits next to
# the last one's "no match" message.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 100 30
wait_for "starshot-telemetry-ingest"
send ?
wait_for "help"
send /
send_text "zzzz"
wait_for "/zzzz_  0 matches"
send Enter
wait_for "no help entry matches \"zzzz\""
# A new search: the old message goes at once.
send /
wait_gone "no help entry matches"
send_text "zzzz"
wait_for "/zzzz_"
send C-u
wait_gone "zzzz"
send_text "sort"
wait_for "/sort_"
screen | tail -n 1 | grep -qE "/sort_  [1-9][0-9]* match" || fail "no match for sort: $(screen | tail -n 1)"
send_text " zzzz"
wait_for "/sort zzzz_  0 matches"
send C-w
wait_for "/sort _"
screen | tail -n 1 | grep -qE "/sort _  [1-9][0-9]* match" || fail "Ctrl-W left: $(screen | tail -n 1)"
send Escape
wait_gone "/sort"
pass
