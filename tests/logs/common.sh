# Shared by the logs view's screen tests: the screen harness plus helpers
# to reach a job's newest execution log and to read the fake's state.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../screen/lib.sh"

# Opens the newest execution log of JOB (team starshot) from the jobs view
# with `l`, after filtering the list down to it.
open_logs() { # JOB
	wait_for "jobs — starshot ("
	send /
	send_text "$1"
	send Enter
	wait_for "(1/"
	send l
	wait_for "$1-1"
}

# The newest execution id of JOB, from the REST list.
newest_exec() { # JOB
	fake_http GET "/data-jobs/for-team/starshot/jobs/$1/executions" | python3 -c '
import json, sys
l = json.load(sys.stdin)
l.sort(key=lambda e: e["start_time"])
print(l[-1]["id"])'
}

# The whole log of an execution exactly as the service sends it, written
# to FILE as raw bytes (the JSON string decoded, surrogate escapes kept).
server_log() { # JOB EXEC FILE
	python3 - "$FAKE_URL" "$1" "$2" "$3" <<'PY'
import json, sys, urllib.request
base, job, ex, out = sys.argv[1:5]
url = "%s/data-jobs/for-team/starshot/jobs/%s/executions/%s/logs" % (base, job, ex)
with urllib.request.urlopen(url, timeout=10) as r:
    text = json.loads(r.read().decode("utf-8"))["logs"]
with open(out, "wb") as f:
    f.write(text.encode("utf-8", "surrogatepass"))
PY
}

# The status line; its right part ends with the position, e.g. "FOLLOW  line 1/164 (100%)".
status_line() { screen | tail -n 1; }

# Number of log lines the status line reports.
lines_shown() { status_line | sed -n 's|.* line [0-9,]*/\([0-9,]*\) ([0-9]*%) *$|\1|p' | tr -d ,; }

# Waits until the status line reports more than N lines.
wait_lines_above() { # N [SECS]
	local n=$1 secs=${2:-10} i c
	for i in $(seq $((secs * 20 * SLOW))); do
		c=$(lines_shown)
		[ -n "$c" ] && [ "$c" -gt "$n" ] && return 0
		sleep 0.05
	done
	fail "the line count stayed at ${c:-?} (wanted more than $n)"
}

# Adds a top-level setting to $T/config (after vdk_config).
config_top() { # 'key = value;'
	echo "$1" >>"$T/config"
}

# POSTs raw bytes (a Python bytes literal body, e.g. 'b"a\x1b[2J\n"') to
# the fake's admin API.
post_raw() { # PATH PYBYTES
	python3 - "$FAKE_URL" "$1" "$2" <<'PY'
import ast, sys, urllib.request
base, path, lit = sys.argv[1:4]
req = urllib.request.Request(base + path, data=ast.literal_eval(lit), method="POST")
with urllib.request.urlopen(req, timeout=10) as r:
    sys.stdout.write(r.read().decode())
PY
}

# Creates a running execution of JOB (team starshot) and prints its id.
new_execution() { # JOB [JSON]
	fake_http POST "/_admin/executions/starshot/$1" "${2:-{\}}" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
