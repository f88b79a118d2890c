#!/bin/bash
# --trace records key names, never what is typed into a field: text typed
# into the job filter and a dialog's input line shows as "k=text"; keys
# outside fields (and the command line's, which are commands) keep their
# names. And a vdktop that does
# not start (no terminal) leaves an existing trace file as it was.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
fault_config "" ""
JOB=starshot-partner-feed-export

# Not started: the last run's trace is still there.
printf 'the last run\n' >"$T/trace.log"
"$VDKTOP_BIN" --trace "$T/trace.log" </dev/null >/dev/null 2>"$T/notty.err" && fail "vdktop started without a terminal"
grep -qF "needs a terminal" "$T/notty.err" || fail "no message without a terminal: $(cat "$T/notty.err")"
[ "$(cat "$T/trace.log")" = "the last run" ] || fail "the trace file was truncated by a vdktop that never started"

vdktop_start 140 35 --refresh 60 --trace "$T/trace.log"
wait_for "$JOB"
send j k
send /
send_text 'Zq8secretfilter'
send Escape
wait_for "$JOB"
send /
send_text partner-feed
send Enter
send Enter
wait_for "job $JOB"
send r
wait_for "Run now"
send Tab
send_text '{"password": "Zq9secretarg"}'
send Escape Escape
wait_gone "Run now"
send Q
wait_exit 10
grep -q ' start pid=' "$T/trace.log" || fail "the trace was not written: $(head -c 300 "$T/trace.log")"
if grep -E 'Zq[0-9]|k=Z|k=q|k=8|k=9' "$T/trace.log"; then
	fail "typed text reached the trace"
fi
grep -q ' key k=text' "$T/trace.log" || fail "typed keys are not recorded as text"
grep -q ' key k=j$' "$T/trace.log" || fail "a key outside a field lost its name: $(grep ' key ' "$T/trace.log" | head -n 5)"
grep -q ' key k=r$' "$T/trace.log" || fail "the run key lost its name"
FAULTS_TRIED=2
pass_faults
