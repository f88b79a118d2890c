#!/bin/bash
# A team above the lazy threshold (5,000 jobs) is paged, sorted and
# searched by the service. Only sorts the service can do are offered
# (never Python version: it fails once an undeployed job is in the
# result), and the filter's words become the service's exact predicates,
# so no 400 ever reaches the user and the same jobs are found as in a
# small team (api-notes 4.3, 4.7).
. "$(dirname "$0")/lib.sh"
fake_start --seed scale --jobs 5200
vdk_config scale starshot
vdktop_start 150 30
wait_for "jobs — starshot (5200)" 30

# The service's answers: none may be a 400.
statuses() {
	fake_http GET /_admin/requests | python3 -c '
import json, sys
print(" ".join(sorted({str(r["status"]) for r in json.load(sys.stdin) if r["path"].startswith("/data-jobs")})))'
}
no_400() { statuses | grep -qw 400 && fail "the service answered 400 ($1): $(statuses)"; return 0; }

# Every column the sort key offers, both directions, in the order s
# cycles them; then back to the name (so Python version, the success
# rate and the deployment columns are never offered).
for col in STATE STATUS "LAST RUN" DURATION SCHEDULE; do
	send s
	wait_for "sort $col▲"
	wait_gone "searching"
	no_400 "after sorting by $col"
	screen | grep -qE '^(. )?[a-z]+-[a-z]+-[0-9]{5} ' || fail "no rows after sorting by $col"
	send S
	wait_for "sort $col▼"
	wait_gone "searching"
	no_400 "after sorting by $col, reversed"
done
send s
wait_for "sort NAME▲"
assert_screen_lacks "rejected"

# Words become exact filters: not deployed.
send /
send_text "not deployed"
send Enter
wait_for "found)"
rows=$(screen | grep -cE '^(. )?[a-z]+-[a-z]+-[0-9]{5} ')
[ "$rows" -gt 0 ] || fail "not deployed found nothing"
[ "$(screen | grep -E '^(. )?[a-z]+-[a-z]+-[0-9]{5} ' | grep -cv 'not deployed')" -eq 0 ] ||
	fail "not deployed kept deployed jobs: $(screen | grep -E '[0-9]{5} ' | grep -v 'not deployed' | head -n 2)"
no_400 "not deployed"
vars=$(fake_http GET /_admin/requests | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    v = ((r.get("params") or {}).get("variables") or [""])[0]
    if "not_deployed" in v:
        print(v)' | tail -n 1)
echo "$vars" | grep -q '"property":"deployments.enabled","pattern":"not_deployed"' ||
	fail "not deployed was not sent as the state filter: $vars"
echo "$vars" | grep -q '"search"' && fail "not deployed was sent as a text search: $vars"

# user error: the lowercase status value, exactly.
send Escape
wait_for "jobs — starshot (5200)"
send /
send_text "user error"
send Enter
wait_for "found)"
[ "$(screen | grep -E '^(. )?[a-z]+-[a-z]+-[0-9]{5} ' | grep -cv 'user_error')" -eq 0 ] ||
	fail "user error kept other statuses"
screen | grep -qF "✘ user_error" || fail "user error found nothing"
no_400 "user error"

# failed: two statuses, which no one filter of the service expresses: the
# list reads the jobs with either error status whole (two filtered
# answers) and filters and sorts them itself, as for a small team.
send Escape
wait_for "jobs — starshot (5200)"
send /
send_text "failed"
send Enter
wait_for "jobs — starshot ("
wait_gone "searching"
for i in $(seq $((100 * SLOW))); do
	screen | grep -qF "✘ platform_error" && screen | grep -qF "✘ user_error" && break
	sleep 0.1
done
screen | grep -qF "✘ platform_error" || fail "failed lacks platform errors"
screen | grep -qF "✘ user_error" || fail "failed lacks user errors"
[ "$(screen | grep -E '^(. )?[a-z]+-[a-z]+-[0-9]{5} ' | grep -cvE 'user_error|platform_error')" -eq 0 ] ||
	fail "failed kept other statuses: $(screen | grep -E '[0-9]{5} ' | grep -vE 'user_error|platform_error' | head -n 2)"
sent=$(fake_http GET /_admin/requests | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    v = ((r.get("params") or {}).get("variables") or [""])[0]
    if "lastExecutionStatus" in v:
        print(v)')
echo "$sent" | grep -q '"property":"deployments.lastExecutionStatus","pattern":"user_error"' ||
	fail "no user_error filter sent: $sent"
echo "$sent" | grep -q '"property":"deployments.lastExecutionStatus","pattern":"platform_error"' ||
	fail "no platform_error filter sent: $sent"
# the count: both answers, nothing else
want=$(fake_http GET /_admin/state >/dev/null; python3 - "$FAKE_URL" <<'PY'
import json, sys, urllib.parse, urllib.request
n = 0
for st in ("user_error", "platform_error"):
    q = {"query": "{jobs(pageNumber:1,pageSize:10000,filter:[{property:\"config.team\",pattern:\"starshot\"},"
                  "{property:\"deployments.lastExecutionStatus\",pattern:\"%s\"}]){content{jobName "
                  "deployments{lastExecutionStatus}}totalItems}}" % st}
    with urllib.request.urlopen(sys.argv[1] + "/data-jobs/for-team/starshot/jobs?" + urllib.parse.urlencode(q)) as r:
        n += json.load(r)["data"]["totalItems"]
print(n)
PY
)
wait_for "jobs — starshot ($want/$want)"
no_400 "failed"
pass
