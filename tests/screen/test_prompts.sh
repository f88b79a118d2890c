#!/bin/bash
# Prompts edit alike: in the help view's search, Ctrl-U clears the query
# and Ctrl-W drops its last word, and a new search never sits next to
# the last one's "no match" message. The jobs view's "/" filter edits the
# same way: Home goes to the start of the text (not the top of the list),
# typing inserts there, Ctrl-W and q are editing, Esc clears.
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
send q
wait_for "row 1/"
send /
send_text "ingest"
wait_for "filter (name, team, description, status, state): /ingest"
send Home
send_text "telemetry-"
wait_for ": /telemetry-ingest"
wait_for "row 1/1"
screen | grep -q "starshot-ingest-crm-accounts" && fail "Home did not edit at the start: $(screen)"
send End
send C-w
wait_gone ": /telemetry"
screen | grep -qE "filter \(name, team, description, status, state\): /$" || fail "Ctrl-W left: $(screen | grep 'filter (')"
send_text "q"
wait_for ": /q"
screen | grep -q "filter (" || fail "q left the prompt: $(screen)"
send Escape
wait_gone "filter ("
pass
