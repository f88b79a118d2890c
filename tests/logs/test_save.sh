#!/bin/bash
# s saves the whole log: the default name <execution id>.log in the
# current directory (the message shows the full path), the server's text
# byte for byte and ending with a newline, mode 0600; an
# existing name is never overwritten without an explicit y; :save NAME;
# a log with lines dropped by the scrollback cap is fetched whole first.
. "$(dirname "$0")/common.sh"
fake_start --seed demo --big-log-lines 2500
vdk_config demo starshot
config_top "scrollback = 1000;"
job=starshot-sales-forecast-weekly
vdktop_start 160 30
open_logs $job
wait_for "user_error"
wait_for "Traceback"
ex=$(newest_exec $job)
server_log $job "$ex" "$T/server.log"
# A saved file ends with a newline, whether or not the server's text does.
python3 -c 'import sys; t=open(sys.argv[1],"rb").read(); open(sys.argv[1],"wb").write(t if t.endswith(b"\n") else t + b"\n")' "$T/server.log"
n=$(python3 -c 'import sys; t=open(sys.argv[1],"rb").read(); print(t.count(b"\n") + (0 if t.endswith(b"\n") or not t else 1))' "$T/server.log")
nfmt=$(python3 -c 'import sys; print("{:,}".format(int(sys.argv[1])))' "$n")
name="$ex.log"

send s
wait_for "save whole log (mode 0600) to: $name"
send Enter
wait_for "saved $nfmt lines to $T/$name"
cmp "$T/$name" "$T/server.log" || fail "saved file differs from the server's log"
[ "$(tail -c 1 "$T/$name" | od -An -tx1 | tr -d ' ')" = 0a ] || fail "the saved file does not end with a newline"
[ "$(stat -c %a "$T/$name")" = 600 ] || fail "mode $(stat -c %a "$T/$name"), not 600"

# The same name again: asked, Esc leaves the file alone.
echo "my notes" >"$T/$name"
send s
wait_for "save whole log (mode 0600) to: $name"
send Enter
wait_for "exists: y overwrites it, or type another name:"
wait_for "already exists"
send Escape
wait_gone "or type another name"
[ "$(cat "$T/$name")" = "my notes" ] || fail "overwritten without asking"
# An empty answer does not overwrite either.
send s Enter
wait_for "or type another name"
send Enter
wait_for "not saved"
[ "$(cat "$T/$name")" = "my notes" ] || fail "overwritten on an empty answer"
# Another name saves there.
send s Enter
wait_for "or type another name"
send_text "other.log"
send Enter
wait_for "saved $nfmt lines to $T/other.log"
cmp "$T/other.log" "$T/server.log" || fail "other.log differs"
[ "$(cat "$T/$name")" = "my notes" ] || fail "the existing file changed"
# y overwrites, explicitly.
send s Enter
wait_for "or type another name"
send_text y
send Enter
wait_for "saved $nfmt lines to $T/$name"
cmp "$T/$name" "$T/server.log" || fail "y did not overwrite with the log"

# A symlink planted under the name is a name that exists: asked, and the
# file it points to is never written through it.
echo "target" >"$T/target"
ln -s "$T/target" "$T/link.log"
send :
send_text "save link.log"
send Enter
wait_for "link.log exists"
send Escape
[ "$(cat "$T/target")" = target ] || fail "wrote through a symlink"

# :save NAME with a fresh name.
send :
send_text "save fresh.log"
send Enter
wait_for "saved $nfmt lines to $T/fresh.log"
cmp "$T/fresh.log" "$T/server.log" || fail "fresh.log differs"

# A log longer than the scrollback (1,000): the view loads the newest
# lines only and says so; the saved file is the whole log anyway.
send Escape
wait_for "jobs — starshot (1/"
send /
send C-u
send_text biglog-export
send Enter
wait_for "biglog-export"
send l
wait_for "logs biglog-export"
wait_for "older lines not loaded: the last 1,000 are kept" 20
[ "$(lines_shown)" = 1000 ] || fail "kept $(lines_shown) lines, not 1000"
bex=$(fake_http GET "/data-jobs/for-team/starshot/jobs/biglog-export/executions" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
server_log biglog-export "$bex" "$T/big-server.log"
python3 -c 'import sys; t=open(sys.argv[1],"rb").read(); open(sys.argv[1],"wb").write(t if t.endswith(b"\n") else t + b"\n")' "$T/big-server.log"
send :
send_text "save big.log"
send Enter
wait_for "saved 2,500 lines to $T/big.log" 20
cmp "$T/big.log" "$T/big-server.log" || fail "big.log differs from the server's whole log"
pass
