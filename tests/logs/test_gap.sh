#!/bin/bash
# More lines arrive between two polls than a tail holds (tail_lines 10,
# 60 new lines): the view notices the gap, fetches the whole log once and
# ends up with every line exactly once, in order, no marker left.
. "$(dirname "$0")/common.sh"
fake_start --seed demo
vdk_config demo starshot
config_top "log_poll_ms = 400;"
config_top "log_tail_lines = 10;"
job=starshot-gdpr-erasure
ex=$(new_execution $job)
[ -n "$ex" ] || fail "no execution created"
vdktop_start 120 30
open_logs $job
wait_for "▶ running"
wait_for "starting"
body=$(python3 -c 'print("".join("BURST-%03d same text\n" % i for i in range(1, 61)))')
post_raw "/_admin/logs/starshot/$job/$ex" "b'''$body
'''" >/dev/null || fail "cannot append"
wait_for "BURST-060"
# the repair is done once neither the marker line nor the note is left
wait_gone "may be missing"
wait_gone "lines missed between polls"
# the repair was a whole-log fetch: one at the start, one after the burst
# (asked as the last scrollback lines, far more than this log has; a poll
# asks for 10)
whole=$(fake_http GET /_admin/requests | python3 -c '
import json, sys
def tail(r):
    return int((r.get("params", {}).get("tail_lines") or ["0"])[0] or 0)
print(sum(1 for r in json.load(sys.stdin)
          if r["path"].endswith("/logs") and (tail(r) == 0 or tail(r) > 10)))')
[ "$whole" -ge 2 ] || fail "no whole-log fetch after the gap ($whole in all)"
# every burst line once: 60 matching lines (searched from the top)
send g
send /
send_text "BURST-"
send Enter
wait_for "/BURST- 1/60"
assert_screen_lacks "may be missing"
# the saved log is the server's (up to what the server had at that moment)
send :
send_text "save burst.log"
send Enter
wait_for "saved"
server_log $job "$ex" "$T/server.log"
python3 - "$T/burst.log" "$T/server.log" <<'PY' || fail "saved log is not a prefix of the server's log"
import sys
a = open(sys.argv[1], "rb").read(); b = open(sys.argv[2], "rb").read()
# (a saved file ends with a newline even where the server's text did not yet)
sys.exit(0 if a.endswith(b"\n") and (b + b"\n").startswith(a) and a.count(b"BURST-") == 60 else 1)
PY
pass
