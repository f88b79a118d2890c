#!/bin/bash
# suite: long (started first by the runner, tests/screen/suite.sh)
# A log as it loads travels on a connection of its own. An idle session
# uses exactly one connection; while the log's answer is held half sent
# (the fake's stall_paths), the polls still get their answers, all on that
# one connection; closing the view cancels the held transfer, and the
# polls go on where they were.
. "$(dirname "$0")/common.sh"
fake_start --seed demo
vdk_config demo starshot
job=starshot-sales-forecast-weekly
ex=$(newest_exec $job)
vdktop_start 160 30 --refresh 1 --trace "$T/trace"
wait_for "jobs — starshot ("

# The ids of the connections the fake saw vdktop's requests on, in order of
# first use; with PATH_TEXT, only requests whose path holds it (or, with !,
# not).
conn_ids() { # [PATH_TEXT | !PATH_TEXT]
	fake_http GET /_admin/requests | python3 -c '
import json, sys
want = sys.argv[1] if len(sys.argv) > 1 else ""
neg = want.startswith("!")
want = want.lstrip("!")
ids = []
for r in json.load(sys.stdin):
    if not r["path"].startswith("/data-jobs") or \
            not (r["headers"].get("User-Agent") or "").startswith("vdktop"):
        continue
    if want and (want in r["path"]) == neg:
        continue
    if r["connection"] not in ids:
        ids.append(r["connection"])
print(" ".join(str(i) for i in ids))
' "$@"
}

# Waits until the trace holds N answered requests that are not logs after
# its line number FROM.
wait_answered() { # FROM N
	local i n=0
	for i in $(seq $((200 * SLOW))); do
		n=$(tail -n +"$1" "$T/trace" | grep ' answered ' | grep -vc 'kind=logs')
		[ "$n" -ge "$2" ] && return 0
		sleep 0.05
	done
	fail "$n answers to polls after line $1 of the trace (wanted $2)"
}

# Idle: refreshes every second, all on one connection.
wait_answered 1 4
idle=$(conn_ids)
[ "$(echo "$idle" | wc -w)" = 1 ] || fail "an idle session used connections $idle"

# The log's answer is held half sent.
fake_http POST /_admin/faults "{\"stall_paths\": [\"/executions/$ex/logs\"]}" >/dev/null
request_barrier "/executions/$ex/logs" open_logs $job
from=$(grep -n " sent .*kind=logs" "$T/trace" | tail -n 1 | cut -d: -f1)
[ -n "$from" ] || fail "no logs request in the trace"
wait_answered "$from" 3
grep -q ' answered .*kind=logs' "$T/trace" && fail "the held log was answered"
logs=$(conn_ids "/logs")
[ "$(echo "$logs" | wc -w)" = 1 ] || fail "the log went on connections $logs"
[ "$logs" != "$idle" ] || fail "the log went on the polls' connection $idle"
[ "$(conn_ids '!/logs')" = "$idle" ] || fail "polls went on connections $(conn_ids '!/logs'), not $idle alone"

# Closing the view cancels the transfer still under way.
send q
for i in $(seq $((100 * SLOW))); do
	grep -q ' cancelled .*kind=logs' "$T/trace" && break
	sleep 0.05
done
grep -q ' cancelled .*kind=logs' "$T/trace" || fail "the held log was not cancelled when its view closed"
fake_http POST /_admin/faults '{"stall_paths": null}' >/dev/null
from=$(wc -l <"$T/trace")
wait_answered "$from" 3
[ "$(conn_ids '!/logs')" = "$idle" ] || fail "after the log, polls went on connections $(conn_ids '!/logs')"
pass
