#!/bin/bash
# Every action of the table in src/ui/keys.h shows in the help view (?) of
# the view it belongs to, name and help text together: the help of the
# jobs, job, logs, properties, secrets and runs views is paged through and
# collected.
. "$(dirname "$0")/../screen/lib.sh"
DOCS=$(cd "$(dirname "$0")" && pwd)
JOB=starshot-telemetry-ingest

fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 24
wait_for "$JOB" 20
wait_for "connected" 20

# The "first-last/total" range at the end of the help view's status line.
help_range() { screen | tail -n 1 | grep -oE '[0-9]+-[0-9]+/[0-9]+ *$' | tr -d ' '; }

# Opens the help of the current view, pages through it into $T/help.txt,
# closes it again.
collect_help() { # VIEW-NAME
	send '?'
	wait_for "help — $1"
	local range last total next _
	for _ in $(seq 30); do
		screen >>"$T/help.txt"
		range=$(help_range)
		[ -n "$range" ] || fail "no range on the help view's status line"
		last=${range#*-}
		last=${last%/*}
		total=${range#*/}
		[ "$last" -ge "$total" ] && break
		send NPage
		for _ in $(seq $((100 * SLOW))); do
			next=$(help_range)
			[ -n "$next" ] && [ "$next" != "$range" ] && break
			sleep 0.05
		done
		[ "$next" != "$range" ] || fail "PgDn did not scroll the help view (at $range)"
	done
	send Escape
	wait_gone "help — $1"
}

collect_help jobs
send /
send_text "$JOB"
send Enter
wait_for "/$JOB"
send Enter
wait_for "EXECUTION" 20
collect_help job
# The executions arrive after the job itself: Enter needs a row to open.
wait_for "$JOB-" 20
send Enter
wait_for "logs $JOB" 20
collect_help logs
send Escape
wait_for "EXECUTION"
send p
wait_for "properties of $JOB"
collect_help properties
send v
wait_for "secrets of $JOB"
collect_help secrets
send E
wait_for "runs all  last 24h"
collect_help runs

missing=$(python3 "$DOCS/gen-keys.py" --tsv | python3 -c '
import re, sys
seen = open(sys.argv[1], encoding="utf-8").read()
for line in sys.stdin:
    name, text = line.rstrip("\n").split("\t", 1)
    pat = r"(^|\s)" + re.escape(name) + r"\s+" + re.escape(text[:30])
    if not re.search(pat, seen, re.M):
        print(name)
' "$T/help.txt")
[ -z "$missing" ] || fail "actions missing from the help views: $(printf '%s ' $missing)"
pass
