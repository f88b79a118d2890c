#!/bin/bash
# A team above the lazy threshold (5,000 jobs), its runs: the words
# running and submitted, :running and :failed list exactly the jobs the
# fake has running or failed, as in a small team (api-notes 4.3, 4.4,
# 4.7), with no 400. In its own file for its own time limit: test_lazy.sh
# covers the sorts and the summary's words.
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

# What runs and what failed: no filter of the jobs query says it (the
# summary never holds a run in flight; a later success hides a failure),
# so the list reads each job the root executions query names by its
# exact name. The jobs shown must be exactly the fake's own, in name
# order: the top screen from the first, End to the last (at most the
# first 100 by name, with the count of all in the title).
#   expected running|submitted|failed: the fake's names, sorted, one a line
expected() {
	python3 - "$FAKE_URL" "$1" <<'PY'
import json, sys, time, urllib.parse, urllib.request
url, what = sys.argv[1], sys.argv[2]
def get(path):
    with urllib.request.urlopen(url + path) as r:
        return json.load(r)
state = get("/_admin/state")
if what in ("running", "submitted", "active"):
    keep = ("running", "submitted") if what == "active" else (what,)
    names = {r["job"] for r in state["running"] if r["team"] == "starshot" and r["status"] in keep}
else:
    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(state["now"] - 24 * 3600))
    # as the list asks: the newest 1000 failed runs (it says so when
    # there are more)
    q = ('{executions(pageNumber:1,pageSize:1000,filter:{statusIn:[USER_ERROR,PLATFORM_ERROR],'
         'teamNameIn:["starshot"],startTimeGte:"%s"},order:{property:"startTime",direction:DESC})'
         '{content{jobName}}}' % since)
    d = get("/data-jobs/for-team/starshot/jobs?" + urllib.parse.urlencode({"query": q}))["data"]
    # the service answers a root executions query with the page as data
    names = {e["jobName"] for e in d.get("executions", d)["content"]}
for n in sorted(names):
    print(n)
PY
}
# shown_names: the job names on screen, top to bottom
shown_names() { screen | sed -nE 's/^(. )?([a-z]+-[a-z]+-[0-9]{5}) .*/\2/p'; }
# check_list WHAT LABEL: the list shows exactly the fake's WHAT jobs
check_list() {
	local want n shown top i title
	# runs start and end meanwhile: ask the fake again until the title
	# counts what it has
	for i in $(seq $((40 * SLOW))); do
		want=$(expected "$1")
		n=$(printf '%s\n' "$want" | grep -c .)
		[ "$n" -gt 0 ] || fail "the fake has no $1 jobs: the test proves nothing"
		title="($n/$n)"
		[ "$n" -gt 100 ] && title="(100/100 of $n)"
		screen | grep -qF -- "$title" && break
		sleep 0.5
	done
	screen | grep -qF -- "$title" || fail "$2: the title never said $title: $(screen | head -n 1)"
	if [ "$n" -gt 100 ]; then
		want=$(printf '%s\n' "$want" | head -n 100)
		n=100
	fi
	send g
	for i in $(seq $((50 * SLOW))); do
		[ "$(shown_names | head -n 1)" = "$(printf '%s\n' "$want" | head -n 1)" ] && break
		sleep 0.1
	done
	shown=$(shown_names)
	top=$(printf '%s\n' "$want" | head -n "$(printf '%s\n' "$shown" | grep -c .)")
	[ "$shown" = "$top" ] || fail "$2: the top of the list is not the fake's first jobs:
$(diff <(echo "$top") <(echo "$shown") | head -n 6)"
	send G
	for i in $(seq $((50 * SLOW))); do
		[ "$(shown_names | tail -n 1)" = "$(printf '%s\n' "$want" | tail -n 1)" ] && break
		sleep 0.1
	done
	shown=$(shown_names)
	top=$(printf '%s\n' "$want" | tail -n "$(printf '%s\n' "$shown" | grep -c .)")
	[ "$shown" = "$top" ] || fail "$2: the end of the list is not the fake's last jobs:
$(diff <(echo "$top") <(echo "$shown") | head -n 6)"
	send g
	no_400 "$2"
}

# the word: the runs whose status is running
send /
send_text "running"
send Enter
check_list running "/running"
assert_screen_lacks "no one filter"
vars=$(fake_http GET /_admin/requests | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    v = ((r.get("params") or {}).get("variables") or [""])[0]
    if "\"jobName\"" in v:
        print(v)' | tail -n 1)
echo "$vars" | grep -qE '"property":"jobName","pattern":"[a-z]+-[a-z]+-[0-9]{5}"' ||
	fail "the jobs were not read by their exact names: $vars"

# :running, the jobs with a run submitted or running
send Escape
wait_for "jobs — starshot (5200)"
send :
send_text "running"
send Enter
wait_for "jobs [running]"
check_list active ":running"

# :failed, a failed run in the last 24 hours
send :
send_text "failed"
send Enter
wait_for "jobs [failed 24h]"
check_list failed ":failed"

# back to the whole team, paged by the service
send :
send_text "jobs"
send Enter
wait_for "jobs — starshot (5200)"
no_400 "back to all"
pass
