#!/bin/bash
# The ':' line: Tab completes command names and ':ctx' / ':team' arguments,
# Up recalls history, an unknown command gets a clear message, Esc cancels.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
cat >"$T/config" <<EOF2
contexts = (
  { name = "demo"; url = "$FAKE_URL"; team = "starshot"; },
  { name = "demo-ro"; url = "$FAKE_URL"; team = "taurus-ops"; read_only = true; }
);
EOF2
export VDKTOP_CONFIG="$T/config"
vdktop_start 120 35
wait_for "starshot-telemetry-ingest"
send :
wait_for ":"
send_text "sor"
send Tab
wait_for ":sort"
# Two candidates: the common prefix, then the list.
send C-u
send_text "ru"
send Tab
wait_for "run  runs  running"
send Escape
wait_gone "run  runs  running"
# Unknown command.
send :
send_text "frobnicate"
send Enter
wait_for "unknown command: frobnicate"
# Context completion and switch.
send :
send_text "ctx demo-"
send Tab
wait_for ":ctx demo-ro"
send Enter
wait_for "demo-ro"
wait_for "team taurus-ops"
wait_for "READ-ONLY"
# History: Up brings back the last command.
send :
send Up
wait_for ":ctx demo-ro"
send C-u
send_text "ctx demo"
send Enter
wait_for "team starshot"
wait_gone "READ-ONLY"
# Team completion offers the teams seen in answers and in the contexts.
send :
send_text "team tau"
send Tab
wait_for ":team taurus-ops"
send Enter
wait_for "team taurus-ops"
# Unknown context: a message naming the known ones, nothing else changes.
send :
send_text "ctx nowhere"
send Enter
wait_for "unknown context"
assert_screen_has "team taurus-ops"
pass
