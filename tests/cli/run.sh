#!/bin/sh
# The subcommands' suite: vdktop jobs|runs|logs|run|deploy|cancel|enable|
# disable against one fake Control Service (port 0, --speed 10), and the
# README's "Scripting" recipes, run as they are written there.
# CLI_ONLY=word runs the tests whose name has it. Under VDKTOP_VARIANT=asan
# every sanitizer report fails the suite.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 2
VDKTOP_BIN=${VDKTOP_BIN:-$TOP/vdktop}
VDKTOP_VARIANT=${VDKTOP_VARIANT:-default}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
if [ "$VDKTOP_VARIANT" = asan ]; then SLOW=3; else SLOW=1; fi
for cmd in jq unzip script; do
	command -v "$cmd" >/dev/null 2>&1 || { echo "cli: skipped: $cmd is missing (make deps-test)"; exit 77; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/vdkt-cli.XXXXXX") || exit 2
mkdir -p "$T/asan" "$T/home" "$T/bin"
export HOME=$T/home XDG_CONFIG_HOME=$T/home/.config
unset VDKTOP_URL VDKTOP_TEAM VDKTOP_CONTEXT VDKTOP_TOKEN VDK_CONTROL_SERVICE_REST_API_URL
if [ "$VDKTOP_VARIANT" = asan ]; then
	export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:log_path=$T/asan/asan"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:log_path=$T/asan/ubsan"
fi
# The recipes call vdktop by name.
ln -s "$VDKTOP_BIN" "$T/bin/vdktop"
export PATH=$T/bin:$PATH

FAKE_PID=
: >"$T/fake.out"
cleanup() {
	rc=$?
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	if [ "$rc" -eq 0 ] || [ -n "${KEEP_TMP:-}" ]; then rm -rf "$T"; else echo "cli: files in $T" >&2; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

python3 tests/fake/control_service.py --port 0 --seed demo --speed 10 --deploy-delay 1 \
	--big-log-lines 60000 --vault >"$T/fake.out" 2>"$T/fake.err" </dev/null &
FAKE_PID=$!
FAKE_URL=
for _ in $(seq 150); do
	FAKE_URL=$(sed -n 's/^READY //p' "$T/fake.out")
	[ -n "$FAKE_URL" ] && break
	kill -0 "$FAKE_PID" 2>/dev/null || break
	sleep 0.1
done
[ -n "$FAKE_URL" ] || { echo "cli: the fake did not start" >&2; cat "$T/fake.err" >&2; exit 1; }

cat >"$T/config" <<EOF
log_poll_ms = 200;
contexts = (
  { name = "fake"; url = "$FAKE_URL"; team = "starshot"; },
  { name = "prod"; url = "$FAKE_URL"; team = "starshot"; read_only = true; }
);
EOF
export VDKTOP_CONFIG=$T/config

# ---- helpers ------------------------------------------------------------------

failures=0
passed=0
CUR=
fail() { echo "cli: $CUR: $*" >&2; return 1; }

fake_http() { # METHOD PATH [BODY]: the answer's body on stdout; 1 on an HTTP error
	if [ $# -gt 2 ]; then
		curl -sf -X "$1" -H 'Content-Type: application/json' --data-binary "$3" "$FAKE_URL$2"
	else
		curl -sf -X "$1" "$FAKE_URL$2"
	fi
}

# A new execution of JOB (team starshot) that runs until its status is forced.
new_exec() { fake_http POST "/_admin/executions/starshot/$1" '{"status":"running"}' | jq -r .id; }
force() { fake_http POST "/_admin/executions/starshot/$1/$2/status" "{\"status\":\"$3\",\"message\":${4:-null}}" >/dev/null; }
append() { printf '%b' "$3" | curl -sf -X POST --data-binary @- "$FAKE_URL/_admin/logs/starshot/$1/$2" >/dev/null; }
server_log() { fake_http GET "/data-jobs/for-team/starshot/jobs/$1/executions/$2/logs" | jq -j .logs; }

wait_file() { # FILE TEXT [SECS]: until FILE holds TEXT
	local i
	for i in $(seq $((${3:-20} * 10 * SLOW))); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "\"$2\" never appeared in $(basename "$1"): $(tail -n 3 "$1" 2>/dev/null)"
}
wait_pid() { # PID [SECS]: until it exits; its status in $WAITED
	local i
	for i in $(seq $((${2:-30} * 10 * SLOW))); do
		if ! kill -0 "$1" 2>/dev/null; then
			wait "$1"
			WAITED=$?
			return 0
		fi
		sleep 0.1
	done
	kill "$1" 2>/dev/null
	fail "pid $1 did not exit in time"
}
expect_rc() { # WANT CMD...: runs CMD (stdout $T/out, stderr $T/err)
	local want=$1 rc
	shift
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq "$want" ] || fail "$* exited $rc, want $want; stderr: $(head -c 400 "$T/err")"
}
requests() { fake_http GET /_admin/requests | jq -r '.[] | "\(.method) \(.path)"'; }

# ---- tests --------------------------------------------------------------------

t_help() {
	expect_rc 0 vdktop help logs || return 1
	grep -q 'usage: vdktop \[global options\] logs JOB' "$T/out" || fail "help logs: $(cat "$T/out")" || return 1
	expect_rc 0 vdktop run --help || return 1
	grep -q -- '--args JSON' "$T/out" || fail "run --help lacks --args" || return 1
	expect_rc 0 vdktop help || return 1
	for s in 3 4 5 6 7; do
		grep -q "^  $s  " "$T/out" || fail "help lacks exit status $s" || return 1
	done
	expect_rc 2 vdktop help nope || return 1
	expect_rc 2 vdktop logs || return 1
	grep -q 'missing arguments' "$T/err" || fail "logs without JOB: $(cat "$T/err")" || return 1
	expect_rc 2 vdktop jobs --wait || return 1
	expect_rc 2 vdktop logs x --tail lots || return 1
	# the dashboard's --help names the subcommands
	expect_rc 0 vdktop --help && grep -q 'vdktop logs JOB' "$T/out" || fail "--help lacks the subcommands"
}

# jobs --json parses, and matches the table and the service.
t_jobs_json() {
	local n
	n=$(fake_http GET /_admin/state | jq .teams.starshot)
	expect_rc 0 vdktop jobs --json || return 1
	jq -e --argjson n "$n" 'type == "array" and length == $n' "$T/out" >/dev/null ||
		fail "not the $n jobs of the service: $(jq length "$T/out")" || return 1
	local keys
	keys=$(jq -r '.[0] | keys_unsorted | join(",")' "$T/out")
	[ "$keys" = "name,team,description,state,last_status,last_run,last_duration_s,running,success_rate,schedule,next_run,python_version,job_version,deployed_by,deployed_at" ] ||
		fail "keys changed: $keys" || return 1
	jq -r '.[].name' "$T/out" >"$T/json-names"
	jq -e '.[] | select(.name == "starshot-sales-forecast-weekly") | .last_status == "user_error" and .state == "enabled"' \
		"$T/out" >/dev/null || fail "sales-forecast is not a user_error" || return 1
	jq -e '.[] | select(.name == "starshot-legacy-import-sql") | .state == "disabled"' "$T/out" >/dev/null ||
		fail "legacy-import-sql is not disabled" || return 1
	jq -e '.[] | select(.name == "starshot-telemetry-ingest") | .running' "$T/out" >/dev/null ||
		fail "telemetry-ingest is not running" || return 1
	expect_rc 0 vdktop jobs || return 1
	head -n 1 "$T/out" | grep -q '^NAME  *TEAM  *STATE  *STATUS' || fail "table header: $(head -n 1 "$T/out")" || return 1
	tail -n +2 "$T/out" | awk '{print $1}' >"$T/table-names"
	cmp -s "$T/json-names" "$T/table-names" || fail "table and JSON list different jobs" || return 1
	# to a pipe the status is one word, for awk
	[ "$(awk '$1 == "starshot-sales-forecast-weekly" {print $4}' "$T/out")" = user_error ] ||
		fail "status column: $(grep sales-forecast "$T/out")" || return 1
	# a filter and a scope, global options after the subcommand; --failed
	# is a failed run in the window (root executions query), like :failed
	expect_rc 0 vdktop jobs --json --failed --team supercollider || return 1
	jq -e 'length > 0 and all(.[]; .team == "supercollider") and any(.[]; .last_status == "platform_error")' \
		"$T/out" >/dev/null || fail "--failed --team supercollider: $(jq -c 'map([.name,.last_status])' "$T/out")" || return 1
	expect_rc 0 vdktop --team '*' jobs --json dns-audit || return 1
	jq -e 'length == 1 and .[0].name == "taurus-ops-dns-audit"' "$T/out" >/dev/null || fail "filter across teams" || return 1
	# nothing but printable text in a table meant for eyes
	expect_rc 0 vdktop --team '*' jobs || return 1
	! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$T/out" || fail "control bytes in the table"
}

# runs sees a failure that a later success hides from the job list.
t_runs_failed() {
	local job=starshot-legacy-import-sql bad good
	bad=$(new_exec $job)
	force $job "$bad" user_error
	good=$(new_exec $job)
	force $job "$good" succeeded
	# a failure that a later success hides from the summary is still found
	expect_rc 0 vdktop jobs --failed --json || return 1
	jq -e --arg j $job 'any(.[]; .name == $j and .last_status == "succeeded")' "$T/out" >/dev/null ||
		fail "jobs --failed lacks $job: $(jq -c 'map([.name,.last_status])' "$T/out")" || return 1
	expect_rc 0 vdktop runs --failed --since 1h --json || return 1
	jq -e --arg id "$bad" 'any(.[]; .id == $id and .status == "user_error" and .job == "starshot-legacy-import-sql")' \
		"$T/out" >/dev/null || fail "runs --failed lacks $bad: $(head -c 300 "$T/out")" || return 1
	jq -e --arg id "$good" 'all(.[]; .id != $id and (.status == "user_error" or .status == "platform_error"))' \
		"$T/out" >/dev/null || fail "runs --failed lists other runs" || return 1
	local since
	since=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
	jq -e --arg s "$since" 'all(.[]; .start_time >= $s)' "$T/out" >/dev/null || fail "runs older than 1h" || return 1
	local keys
	keys=$(jq -r '.[0] | keys_unsorted | join(",")' "$T/out")
	[ "$keys" = "id,job,status,type,start_time,end_time,duration_s,started_by,message,op_id" ] ||
		fail "keys changed: $keys" || return 1
	# newest first, across pages
	expect_rc 0 vdktop runs --since 7d --json || return 1
	jq -e 'length > 100 and ([.[].start_time] == ([.[].start_time] | sort | reverse))' "$T/out" >/dev/null ||
		fail "not newest first over $(jq length "$T/out") runs" || return 1
	expect_rc 0 vdktop runs --job $job --json --team starshot || return 1
	jq -e --arg a "$bad" --arg b "$good" 'all(.[]; .job == "starshot-legacy-import-sql") and any(.[]; .id == $a) and any(.[]; .id == $b)' \
		"$T/out" >/dev/null || fail "runs --job" || return 1
	expect_rc 0 vdktop runs --running || return 1
	head -n 1 "$T/out" | grep -q '^JOB  *EXECUTION  *STATUS' || fail "table: $(head -n 2 "$T/out")" || return 1
	grep -q 'starshot-telemetry-ingest' "$T/out" || fail "runs --running lacks the running job" || return 1
	expect_rc 2 vdktop runs --since yesterday
}

# logs -f prints every line appended on the server exactly once, rides out
# an outage, and exits with the run's outcome.
t_logs_follow() {
	local job=starshot-gdpr-erasure id pid
	id=$(new_exec $job)
	[ -n "$id" ] || { fail "no execution"; return 1; }
	vdktop logs -f $job "$id" >"$T/follow.out" 2>"$T/follow.err" &
	pid=$!
	append $job "$id" 'first appended line\n'
	wait_file "$T/follow.out" 'first appended line' || return 1
	fake_http POST /_admin/faults '{"down": true}' >/dev/null
	wait_file "$T/follow.err" 'retrying in' || return 1
	append $job "$id" 'during the outage 1\nduring the outage 2\n'
	fake_http POST /_admin/faults '{"down": false}' >/dev/null
	wait_file "$T/follow.err" 'answers again' || return 1
	wait_file "$T/follow.out" 'during the outage 2' || return 1
	append $job "$id" 'last line \033]52;c;aGk=\a with an escape\n'
	wait_file "$T/follow.out" 'last line' || return 1
	force $job "$id" user_error '"bad input \u001b[2J here"'
	wait_pid $pid || return 1
	[ "$WAITED" -eq 3 ] || fail "logs -f exited $WAITED after user_error, want 3" || return 1
	# every line once, in order: the output is the server's log (whose
	# last line has no newline)
	{ server_log $job "$id"; echo; } >"$T/server.log"
	cmp -s "$T/follow.out" "$T/server.log" ||
		fail "output differs from the server's log: $(diff "$T/follow.out" "$T/server.log" | head -5)" || return 1
	# raw to a pipe (the escape is there for grep), harmless on stderr
	grep -q $'\033]52' "$T/follow.out" || fail "the log line was not raw in a pipe" || return 1
	grep -qF 'ended in user_error: bad input ^[[2J here' "$T/follow.err" ||
		fail "stderr: $(cat "$T/follow.err")" || return 1
	! grep -q $'\033' "$T/follow.err" || fail "an escape reached stderr"
}

# More lines between two polls than a poll reads (log_tail_lines = 10):
# the gap is filled from the whole log, nothing lost or doubled.
t_logs_gap() {
	local job=starshot-usage-rollup-hourly id pid
	sed 's/^log_poll_ms = 200;/log_poll_ms = 200; log_tail_lines = 10;/' "$T/config" >"$T/config-gap"
	id=$(new_exec $job)
	vdktop --config "$T/config-gap" logs -f $job "$id" >"$T/gap.out" 2>"$T/gap.err" &
	pid=$!
	append $job "$id" 'before the burst\n'
	wait_file "$T/gap.out" 'before the burst' || return 1
	append $job "$id" "$(seq -f 'burst line %g' 1 60 | tr '\n' '|' | sed 's/|/\\n/g')"
	wait_file "$T/gap.out" 'burst line 60' || return 1
	force $job "$id" succeeded
	wait_pid $pid || return 1
	[ "$WAITED" -eq 0 ] || fail "exit $WAITED after success" || return 1
	{ server_log $job "$id"; echo; } >"$T/gap.server"
	cmp -s "$T/gap.out" "$T/gap.server" ||
		fail "output differs from the server's log: $(diff "$T/gap.out" "$T/gap.server" | head -5)" || return 1
	[ "$(grep -c 'burst line' "$T/gap.out")" -eq 60 ] || fail "not 60 burst lines" || return 1
	! grep -q 'missing' "$T/gap.err" || fail "a gap was reported: $(cat "$T/gap.err")"
}

# On a terminal, log lines are made harmless.
t_logs_tty() {
	local job=starshot-ingest-crm-accounts id
	id=$(new_exec $job)
	append $job "$id" 'tty line \033[2J\033]0;title\a end\n'
	force $job "$id" succeeded
	TERM=dumb script -qec "vdktop logs --no-timestamps $job $id" /dev/null >"$T/tty.out" 2>&1 </dev/null ||
		fail "logs on a terminal failed: $(cat "$T/tty.out")" || return 1
	grep -qF 'tty line ^[[2J^[]0;title^G end' "$T/tty.out" || fail "not sanitised: $(grep -a 'tty line' "$T/tty.out" | od -c | head)" || return 1
	! grep -q $'\033' "$T/tty.out" || fail "an escape reached the terminal" || return 1
	# --no-timestamps drops the K8s prefix
	! grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$T/tty.out" || fail "timestamps shown"
}

# run --wait prints the id and exits 0 when the run succeeds.
t_run_wait() {
	local job=starshot-ingest-crm-accounts id st
	expect_rc 0 vdktop run $job --wait --args '{"day": "2026-12-01"}' || return 1
	[ "$(wc -l <"$T/out")" -eq 1 ] || fail "stdout is not one line: $(cat "$T/out")" || return 1
	id=$(cat "$T/out")
	st=$(fake_http GET "/data-jobs/for-team/starshot/jobs/$job/executions/$id" | jq -r .status)
	[ "$st" = succeeded ] || fail "execution $id is $st" || return 1
	expect_rc 2 vdktop run $job --args '[1]' || return 1
	grep -q 'JSON object' "$T/err" || fail "bad --args: $(cat "$T/err")"
}

# A failing run with --wait exits with the failure's status.
t_run_outcomes() {
	local job=starshot-cost-allocation-monthly id pid
	vdktop run $job --wait >"$T/run.out" 2>"$T/run.err" &
	pid=$!
	wait_file "$T/run.out" "$job" || return 1
	id=$(head -n 1 "$T/run.out")
	force $job "$id" platform_error
	wait_pid $pid || return 1
	[ "$WAITED" -eq 4 ] || fail "platform_error gave $WAITED, want 4" || return 1
	id=$(new_exec $job)
	expect_rc 8 vdktop run $job || return 1
	expect_rc 0 vdktop cancel $job "$id" || return 1
	expect_rc 5 vdktop logs -f $job "$id" || return 1
	expect_rc 6 vdktop cancel $job no-such-execution
}

# deploy DIR --wait deploys a generated job directory.
t_deploy_wait() {
	local job=starshot-ml-feature-export dir=$T/jobs/starshot-ml-feature-export ver
	mkdir -p "$dir"
	printf '[owner]\nteam = starshot\n\n[job]\nschedule_cron = 0 3 * * *\npython_version = 3.10\n' >"$dir/config.ini"
	printf 'select 1\n' >"$dir/10_step.sql"
	expect_rc 0 vdktop deploy "$dir" --wait || return 1
	ver=$(cat "$T/out")
	[ ${#ver} -ge 7 ] || fail "no version on stdout: $ver" || return 1
	grep -q 'is live' "$T/err" || fail "stderr: $(cat "$T/err")" || return 1
	fake_http GET "/_admin/sources/starshot/$job" >"$T/sources.zip" || fail "nothing uploaded" || return 1
	unzip -l "$T/sources.zip" | grep -q "$job/10_step.sql" || fail "the zip lacks the step" || return 1
	expect_rc 0 vdktop jobs --json ml-feature || return 1
	jq -e --arg v "$ver" '.[0].job_version == $v and .[0].python_version == "3.10" and .[0].state == "enabled" and .[0].schedule == "0 3 * * *"' \
		"$T/out" >/dev/null || fail "not deployed as asked: $(cat "$T/out")" || return 1
	# disable and enable it again
	expect_rc 0 vdktop disable $job || return 1
	expect_rc 0 vdktop jobs --json ml-feature && jq -e '.[0].state == "disabled"' "$T/out" >/dev/null ||
		fail "not disabled" || return 1
	expect_rc 0 vdktop enable $job || return 1
	# a keytab is refused before anything is sent
	: >"$dir/secret.keytab"
	expect_rc 2 vdktop deploy "$dir" || return 1
	grep -q keytab "$T/err" || fail "keytab: $(cat "$T/err")"
}

# Writes in a read-only context are refused, and nothing is sent.
t_read_only() {
	fake_http DELETE /_admin/requests >/dev/null
	expect_rc 7 vdktop --context prod run starshot-ingest-crm-accounts || return 1
	grep -q 'read-only' "$T/err" || fail "stderr: $(cat "$T/err")" || return 1
	[ ! -s "$T/out" ] || fail "stdout: $(cat "$T/out")" || return 1
	grep -qF 'refusing to start a run: the context prod is read-only' "$T/err" ||
		fail "context wording: $(cat "$T/err")" || return 1
	expect_rc 7 vdktop disable starshot-gdpr-erasure --read-only || return 1
	grep -qE 'refusing to [a-z ]+: vdktop was started with --read-only$' "$T/err" ||
		fail "--read-only wording: $(cat "$T/err")" || return 1
	expect_rc 7 vdktop --read-only cancel starshot-gdpr-erasure x || return 1
	expect_rc 7 vdktop deploy "$T" --context prod || return 1
	! requests | grep -qvE '^GET ' || fail "a write was sent: $(requests | grep -vE '^GET ')" || return 1
	# reading is fine
	expect_rc 0 vdktop --context prod jobs --json
}

# An empty log is told apart by the run's status (api-notes §5.3): a run
# whose pod does not exist yet is waiting for it; a finished one's log
# has expired.
t_logs_empty() {
	local job=starshot-gdpr-erasure id
	id=$(fake_http POST "/_admin/executions/starshot/$job" '{"status":"running","pod_delay_s":3600}' | jq -r .id)
	[ -n "$id" ] || fail "no execution" || return 1
	expect_rc 0 vdktop logs $job "$id" || return 1
	[ ! -s "$T/out" ] || fail "stdout: $(cat "$T/out")" || return 1
	grep -qF "$job $id: waiting for the pod" "$T/err" || fail "running: $(cat "$T/err")" || return 1
	force $job "$id" succeeded
	[ -z "$(server_log $job "$id")" ] || fail "the fake's log is not empty" || return 1
	expect_rc 0 vdktop logs $job "$id" || return 1
	grep -qF "$job $id: the logs have expired" "$T/err" || fail "finished: $(cat "$T/err")" || return 1
	! grep -q 'waiting' "$T/err" || fail "finished still waits: $(cat "$T/err")"
}

t_unknown_job() {
	expect_rc 6 vdktop logs no-such-job || return 1
	grep -qF 'no job no-such-job in team starshot' "$T/err" || fail "stderr: $(cat "$T/err")" || return 1
	expect_rc 6 vdktop run no-such-job || return 1
	expect_rc 6 vdktop enable no-such-job || return 1
	expect_rc 6 vdktop logs starshot-gdpr-erasure no-such-execution || return 1
	# without a team, the one team that has the job
	expect_rc 6 vdktop --team '*' logs no-such-job || return 1
	grep -qF 'no job no-such-job in any team' "$T/err" || fail "stderr: $(cat "$T/err")" || return 1
	expect_rc 0 vdktop --team '*' logs taurus-ops-cert-expiry-check --tail 1 || return 1
	[ "$(wc -l <"$T/out")" -eq 1 ] || fail "--tail 1 gave $(wc -l <"$T/out") lines" || return 1
	expect_rc 1 vdktop --url http://127.0.0.1:1 jobs || return 1
	expect_rc 2 vdktop --context nope jobs
}

# A reader that leaves early ends vdktop quietly with status 0.
t_head() {
	local out rc
	out=$(vdktop logs biglog-export --team starshot 2>"$T/err" | head -n 1; echo "rc=${PIPESTATUS[0]}")
	rc=${out##*rc=}
	[ "$rc" = 0 ] || fail "logs | head -1 exited $rc" || return 1
	[ ! -s "$T/err" ] || fail "stderr: $(cat "$T/err")" || return 1
	# following: the next write after head left ends it
	out=$(timeout $((60 * SLOW)) vdktop logs -f starshot-telemetry-ingest 2>"$T/err" | head -n 1; echo "rc=${PIPESTATUS[0]}")
	rc=${out##*rc=}
	[ "$rc" = 0 ] || fail "logs -f | head -1 exited $rc" || return 1
	[ ! -s "$T/err" ] || fail "stderr: $(cat "$T/err")" || return 1
	vdktop jobs --team '*' | head -n 1 >/dev/null
	[ "${PIPESTATUS[0]}" = 0 ] || fail "jobs | head -1 exited ${PIPESTATUS[0]}"
}

# The README's Scripting recipes, as written there.
recipe() { # NAME: the shell block after <!-- recipe: NAME -->
	awk -v n="<!-- recipe: $1 -->" '$0 == n {on = 1; next} on && /^```sh/ {inb = 1; next} inb && /^```/ {exit} inb {print}' README.md
}
t_recipes() {
	local r
	for r in follow failures deploy; do
		recipe $r >"$T/recipe-$r.sh"
		[ -s "$T/recipe-$r.sh" ] || { fail "README has no recipe $r"; return 1; }
	done
	# follow a run in CI: the step fails when the run fails
	(cd "$T" && JOB=starshot-ingest-crm-accounts bash -e "$T/recipe-follow.sh") >"$T/out" 2>"$T/err" ||
		fail "follow recipe failed: $(tail -n 3 "$T/err")" || return 1
	grep -q 'Job execution result: Success' "$T/run.log" || fail "follow recipe: no log in run.log" || return 1
	# today's failures as JSON
	(cd "$T" && bash -e "$T/recipe-failures.sh") >"$T/out" 2>"$T/err" || fail "failures recipe: $(cat "$T/err")" || return 1
	jq -e -s 'length > 0 and any(.[]; .job == "starshot-sales-forecast-weekly" and .status == "user_error")' \
		"$T/out" >/dev/null || fail "failures recipe: $(head -c 300 "$T/out")" || return 1
	# deploy from a directory
	local job=starshot-partner-feed-export
	mkdir -p "$T/recipe/$job"
	printf '[owner]\nteam = starshot\n[job]\nschedule_cron = 0 0 30 2 *\npython_version = 3.11\n' >"$T/recipe/$job/config.ini"
	printf 'select 2\n' >"$T/recipe/$job/20_step.sql"
	(cd "$T/recipe" && JOB=$job bash -e "$T/recipe-deploy.sh") >"$T/out" 2>"$T/err" ||
		fail "deploy recipe: $(cat "$T/err")" || return 1
	fake_http GET "/_admin/sources/starshot/$job" >"$T/p.zip" || fail "deploy recipe uploaded nothing" || return 1
	unzip -l "$T/p.zip" | grep -q "$job/20_step.sql" || fail "deploy recipe: the zip lacks the step" || return 1
	grep -q 'is live' "$T/err" || fail "deploy recipe did not wait: $(cat "$T/err")"
}

# properties: the table and --json agree with the service; --set keeps a
# value's type (and takes JSON as written for a new key); --delete;
# --overwrite - replaces the whole map from stdin; bad input sends nothing.
t_properties() {
	local job=starshot-gdpr-erasure
	local path=/data-jobs/for-team/starshot/jobs/$job/deployments/TODO/properties
	fake_http PUT $path '{"retries": 3, "verbose": false, "owner": "team-x", "port": "5432"}' >/dev/null
	expect_rc 0 vdktop properties $job --json || return 1
	jq -e '. == {"owner":"team-x","port":"5432","retries":3,"verbose":false}' "$T/out" >/dev/null ||
		fail "--json: $(cat "$T/out")" || return 1
	expect_rc 0 vdktop properties $job || return 1
	head -n 1 "$T/out" | grep -q '^KEY  *VALUE  *TYPE' || fail "table: $(head -n 1 "$T/out")" || return 1
	[ "$(awk 'NR > 1 {print $1}' "$T/out" | tr '\n' ' ')" = "owner port retries verbose " ] ||
		fail "not sorted by key: $(cat "$T/out")" || return 1
	awk '$1 == "retries" && $2 == "3" && $3 == "number"' "$T/out" | grep -q . || fail "retries row" || return 1
	expect_rc 0 vdktop properties $job --get owner || return 1
	[ "$(cat "$T/out")" = team-x ] || fail "--get owner: $(cat "$T/out")" || return 1
	expect_rc 0 vdktop properties $job --get owner --json || return 1
	[ "$(cat "$T/out")" = '"team-x"' ] || fail "--get --json: $(cat "$T/out")" || return 1
	expect_rc 6 vdktop properties $job --get nope || return 1
	# existing values keep their types: 5 stays a number, 6543 stays a
	# string, true a boolean; a new key is JSON as written
	expect_rc 0 vdktop properties $job --set retries=5 --set port=6543 --set verbose=true \
		--set limit=2.5 --set label=hello --delete owner || return 1
	fake_http GET $path >"$T/props" || return 1
	jq -e '. == {"retries":5,"port":"6543","verbose":true,"limit":2.5,"label":"hello"}' "$T/props" >/dev/null ||
		fail "after --set: $(cat "$T/props")" || return 1
	grep -qF '~ retries: 3 → 5' "$T/err" || fail "stderr lacks the change: $(cat "$T/err")" || return 1
	# a wrong type, a missing key, a bad pair: refused, nothing sent
	fake_http DELETE /_admin/requests >/dev/null
	expect_rc 2 vdktop properties $job --set retries=many || return 1
	grep -q 'the value is a number here' "$T/err" || fail "stderr: $(cat "$T/err")" || return 1
	expect_rc 6 vdktop properties $job --delete nope || return 1
	expect_rc 2 vdktop properties $job --set novalue || return 1
	expect_rc 2 vdktop properties $job --set a=1 --json || return 1
	! requests | grep -q '^PUT ' || fail "a PUT was sent: $(requests | grep '^PUT ')" || return 1
	# --overwrite - : the whole map from stdin, types as written
	printf '{"only": [1, 2], "flag": false}' | vdktop properties $job --overwrite - >"$T/out" 2>"$T/err" ||
		fail "--overwrite -: $(cat "$T/err")" || return 1
	fake_http GET $path | jq -e '. == {"only":[1,2],"flag":false}' >/dev/null ||
		fail "after --overwrite: $(fake_http GET $path)" || return 1
	printf '[1]' | vdktop properties $job --overwrite - >"$T/out" 2>"$T/err"
	[ $? -eq 2 ] || fail "--overwrite of an array was not refused" || return 1
	grep -q 'a JSON object is needed' "$T/err" || fail "stderr: $(cat "$T/err")" || return 1
	# the same map again: nothing to send
	fake_http DELETE /_admin/requests >/dev/null
	expect_rc 0 vdktop properties $job --set flag=false || return 1
	! requests | grep -q '^PUT ' || fail "an unchanged map was sent" || return 1
	expect_rc 7 vdktop --context prod properties $job --set flag=true || return 1
	fake_http GET $path | jq -e '.flag == false' >/dev/null || fail "read-only changed the map"
}

# secrets: masked unless --reveal; --set-prompt reads stdin (no terminal)
# and stores a string; no value in any message.
t_secrets() {
	local job=starshot-gdpr-erasure
	local path=/data-jobs/for-team/starshot/jobs/$job/deployments/TODO/secrets
	fake_http PUT $path '{"api_key": "hunter2-Qz7"}' >/dev/null
	expect_rc 0 vdktop secrets $job || return 1
	! grep -q hunter2 "$T/out" || fail "a value without --reveal: $(cat "$T/out")" || return 1
	awk '$1 == "api_key" && $2 == "******"' "$T/out" | grep -q . || fail "table: $(cat "$T/out")" || return 1
	expect_rc 0 vdktop secrets $job --json || return 1
	jq -e '. == ["api_key"]' "$T/out" >/dev/null || fail "--json: $(cat "$T/out")" || return 1
	expect_rc 0 vdktop secrets $job --json --reveal || return 1
	jq -e '. == {"api_key":"hunter2-Qz7"}' "$T/out" >/dev/null || fail "--json --reveal: $(cat "$T/out")" || return 1
	printf '0042\n' | vdktop secrets $job --set-prompt pin >"$T/out" 2>"$T/err" ||
		fail "--set-prompt: $(cat "$T/err")" || return 1
	fake_http GET $path | jq -e '. == {"api_key":"hunter2-Qz7","pin":"0042"}' >/dev/null ||
		fail "after --set-prompt: $(fake_http GET $path)" || return 1
	! grep -q -e 0042 -e hunter2 "$T/out" "$T/err" || fail "a value in the output: $(cat "$T/out" "$T/err")" || return 1
	expect_rc 0 vdktop secrets $job --delete api_key || return 1
	fake_http GET $path | jq -e '. == {"pin":"0042"}' >/dev/null || fail "after --delete" || return 1
	expect_rc 2 vdktop secrets $job --set-prompt x </dev/null || return 1
	expect_rc 7 vdktop --read-only secrets $job --delete pin
}

for t in t_help t_jobs_json t_runs_failed t_logs_follow t_logs_gap t_logs_tty t_logs_empty t_run_wait t_run_outcomes t_deploy_wait t_read_only \
	t_unknown_job t_head t_recipes t_properties t_secrets; do
	case $t in *"${CLI_ONLY:-}"*) ;; *) continue ;; esac
	CUR=$t
	if $t; then
		passed=$((passed + 1))
		echo "cli: $t: ok"
	else
		failures=$((failures + 1))
		echo "cli: $t: FAILED"
	fi
done

if [ "$VDKTOP_VARIANT" = asan ]; then
	for f in "$T"/asan/*; do
		[ -s "$f" ] || continue
		echo "cli: sanitizer report $f:" >&2
		cat "$f" >&2
		failures=$((failures + 1))
	done
fi
echo "cli: $passed passed, $failures failed"
if [ $((passed + failures)) -eq 0 ]; then
	echo "cli: no test matches \"${CLI_ONLY:-}\": FAILED"
	exit 1
fi
[ "$failures" -eq 0 ]
