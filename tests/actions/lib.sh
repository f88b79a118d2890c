# Helpers for the action screen tests, on top of the screen harness.
#
#   requests [METHOD]      "METHOD path" of every /data-jobs request the
#                          fake saw (optionally only that method), one a line
#   writes                 the write requests (POST, PUT, PATCH, DELETE)
#   assert_no_writes MSG   fail when the fake saw any write
#   wait_request METHOD PATH_SUBSTRING [SECS]
#                          until the fake saw such a request
#   select_job NAME        filter the jobs view down to NAME (first row)
#   job_json TEAM JOB      GET the job from the fake (REST)

. "$(dirname "${BASH_SOURCE[0]}")/../screen/lib.sh"

requests() {
	fake_http GET /_admin/requests | python3 -c '
import json, sys
want = sys.argv[1] if len(sys.argv) > 1 else ""
for r in json.load(sys.stdin):
    if r["path"].startswith("/data-jobs") and (not want or r["method"] == want):
        print(r["method"], r["path"])
' "$@"
}

writes() { requests | grep -E '^(POST|PUT|PATCH|DELETE) ' || true; }

assert_no_writes() {
	local w
	w=$(writes)
	[ -z "$w" ] || fail "$1: the fake saw writes: $w"
}

wait_request() { # METHOD PATH_SUBSTRING [SECS]
	local i
	for i in $(seq $((${3:-10} * 10 * SLOW))); do
		requests "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	fail "no $1 request for $2 reached the fake"
}

select_job() {
	send /
	send_text "$1"
	send Enter
	wait_for "$1"
}

job_json() { fake_http GET "/data-jobs/for-team/$1/jobs/$2"; }

fake_get_bytes() { # PATH FILE: a binary answer into FILE
	python3 - "$FAKE_URL$1" "$2" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as r, open(sys.argv[2], "wb") as f:
    f.write(r.read())
PY
}
