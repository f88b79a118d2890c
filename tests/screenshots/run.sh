#!/bin/bash
# Regenerates screenshots/*.png from the real program on the fake's demo
# data (`make screenshots`):
#
#   tests/screenshots/run.sh [VDKTOP_BIN] [SCENARIO...]
#
# Each scenario drives vdktop in tmux with the screen-test harness
# (tests/screen/lib.sh: wait for what should be on screen, never a fixed
# sleep), captures the pane with its colours (capture-pane -e), turns it into
# HTML (sgr2html.py) and photographs that with headless Chromium. A scenario
# whose view does not exist yet in this build is skipped with a message; it
# never fakes the screen. Intermediate captures and pages stay in
# build/screenshots/ for inspection.
#
# Scenarios: jobs job logs help create deploy outage theme-light
# theme-monochrome (default: all).
# `make screenshots` runs it with sh.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
if [ $# -gt 0 ] && [ -x "$1" ] && [ ! -d "$1" ]; then
	VDKTOP_BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	shift
fi
export VDKTOP_BIN=${VDKTOP_BIN:-$TOP/vdktop}
export VDKTOP_VARIANT=default
export LANG=C.UTF-8 LC_ALL=C.UTF-8
OUT=${SCREENSHOT_DIR:-$TOP/screenshots}
WORK=${SCREENSHOT_WORK:-$TOP/build/screenshots}
COLS=120
ROWS=34
ALL="jobs job logs runs props help create deploy outage theme-light theme-monochrome"
# The job shown in job.png: one with failures in its history, so the chart
# shows more than one colour.
SHOW_JOB=starshot-billing-reconcile
PROPS_JOB=starshot-data-quality-checks
RUNNING_JOB=starshot-telemetry-ingest

for tool in tmux python3 chromium; do
	command -v "$tool" >/dev/null 2>&1 && continue
	echo "screenshots: $tool is missing (Debian: apt-get install tmux python3 chromium fonts-dejavu-core)" >&2
	exit 2
done
[ -x "$VDKTOP_BIN" ] || { echo "screenshots: no vdktop binary at $VDKTOP_BIN (run make)" >&2; exit 2; }
mkdir -p "$OUT" "$WORK"
rm -f "$WORK"/*.ans "$WORK"/*.html "$WORK"/*.skipped "$WORK"/*.shot

# ---- helpers used inside a scenario (the harness is sourced there) ----

# Writes NAME.ans (the pane with SGR sequences, trailing blanks kept) and
# NAME.html; the PNG is made once every scenario has run.
shot() { # NAME TITLE [sgr2html options]
	local name=$1 title=$2
	shift 2
	_tmux capture-pane -p -e -N >"$WORK/$name.ans" || fail "capture-pane failed"
	python3 "$HERE/sgr2html.py" --cols "$COLS" --rows "$ROWS" --title "$title" "$@" \
		-o "$WORK/$name.html" "$WORK/$name.ans" || fail "sgr2html failed on $name"
	echo "$name" >"$WORK/$name.shot"
}

skip() { # NAME REASON
	echo "$2" >"$WORK/$1.skipped"
	pass
}

# Until two captures 0.1 s apart are equal (a redraw finished), at most 5 s;
# a running job's clock may keep it from ever settling, which is fine.
settle() {
	local prev="" cur _
	for _ in $(seq 50); do
		cur=$(_tmux capture-pane -p -e)
		[ "$cur" = "$prev" ] && return 0
		prev=$cur
		sleep 0.1
	done
	return 0
}

# Waits until one of the texts is on screen; prints the index (1-based) of
# the first one found.
wait_any() { # SECS TEXT...
	local secs=$1 n s _
	shift
	for _ in $(seq $((secs * 20))); do
		s=$(screen)
		n=1
		for t in "$@"; do
			case "$s" in *"$t"*) echo "$n"; return 0 ;; esac
			n=$((n + 1))
		done
		sleep 0.05
	done
	echo 0
}

start_on() { # TEAM [vdktop args...]: fake + vdktop on the jobs view of TEAM
	local team=$1
	shift
	# The port of config.example's "local" context, so the header reads the
	# same in every picture and every run; any free port when it is taken.
	if [ -z "$FAKE_URL" ]; then
		FAKE_ARGS=(--seed demo --deploy-delay 120)
		_fake_launch --port 8092 "${FAKE_ARGS[@]}" || fake_start "${FAKE_ARGS[@]}"
	fi
	vdk_config demo "$team"
	vdktop_start "$COLS" "$ROWS" "$@"
	wait_for "$RUNNING_JOB" 20
	wait_for "connected" 20
}

open_job() { # NAME: from the jobs view
	send /
	send_text "$1"
	send Enter
	wait_for "/$1"
	send Enter
	wait_for "EXECUTION" 20
	wait_for "job $1 (" 20
}

open_running_log() { # from the jobs view
	open_job "$RUNNING_JOB"
	send Enter
	wait_for "FOLLOW" 20
	# a few lines of the growing log, not just its first poll
	wait_for "[VDK]" 20
}

# ---- scenarios ----

scenario_jobs() {
	start_on '*'
	wait_for "taurus-ops"
	send j j j
	settle
	shot jobs "vdktop — jobs of every team"
}

scenario_job() {
	start_on starshot
	open_job "$SHOW_JOB"
	settle
	shot job "vdktop — job, deployment and executions"
}

scenario_logs() {
	start_on starshot
	open_running_log
	send /
	case $(wait_any 3 "not available") in
	1)
		# No search in this build's log view yet: shoot the view as it is,
		# from a fresh start so the refusal is not on the status line.
		echo "   logs: the log view has no search yet; shot without a search"
		send Q
		wait_exit 10
		_tmux kill-server 2>/dev/null
		vdktop_start "$COLS" "$ROWS"
		wait_for "$RUNNING_JOB" 20
		open_running_log
		;;
	*)
		# a word every line of the running job's log has ("Processed
		# batch 160: 7190 records …"), so the highlight shows on screen
		send_text "records"
		send Enter
		wait_for "/records " 20
		send n
		;;
	esac
	settle
	shot logs "vdktop — live log"
}

scenario_runs() {
	start_on starshot
	send :
	send_text "runs failed 7d"
	send Enter
	wait_for "runs failed" 20
	wait_for "_error" 20
	send j
	settle
	shot runs "vdktop — failed runs of the last 7 days"
}

scenario_props() {
	start_on starshot
	send /
	send_text "$PROPS_JOB"
	send Enter
	wait_for "/$PROPS_JOB"
	send p
	wait_for "properties of $PROPS_JOB" 20
	wait_for "number" 20
	settle
	shot props "vdktop — a job's properties"
}

scenario_help() {
	start_on starshot
	send '?'
	wait_for "Navigation"
	wait_for "Changes on the server"
	settle
	shot help "vdktop — help"
}

scenario_create() {
	start_on starshot
	send c
	case $(wait_any 5 "not available" "POST") in
	1) skip create "the create form is not in this build" ;;
	0) fail "c opened neither a form (no POST shown) nor a refusal" ;;
	esac
	send_text "starshot-sla-report"
	send Tab Tab
	send_text "Daily SLA report for the starshot team"
	send Tab
	send_text "0 6 * * 1-5"
	wait_for "1-5"
	settle
	shot create "vdktop — create a data job"
}

# A job directory as `vdk create` leaves it: config.ini and a step.
make_job_dir() { # DIR TEAM
	mkdir -p "$1"
	cat >"$1/config.ini" <<EOF
[owner]
team = $2

[job]
schedule_cron = 0 */2 * * *

[vdk]
python_version = 3.11
EOF
	printf 'def run(job_input):\n    job_input.execute_query("SELECT 1")\n' >"$1/10_ingest.py"
	printf 'requests\n' >"$1/requirements.txt"
}

scenario_deploy() {
	start_on starshot
	send /
	send_text "$RUNNING_JOB"
	send Enter
	wait_for "/$RUNNING_JOB"
	send d
	case $(wait_any 5 "not available" "POST" "PATCH") in
	1) skip deploy "the deploy dialog is not in this build" ;;
	0) fail "d opened neither a dialog (no POST/PATCH shown) nor a refusal" ;;
	esac
	make_job_dir "$T/$RUNNING_JOB" starshot
	send_text "$T/$RUNNING_JOB"
	send Enter
	# The first Enter checks the directory and shows its config.ini; the
	# second deploys (a typed-confirmation context would ask y/N).
	case $(wait_any 10 "deploying" "y/N" "Enter again") in
	2) send y ;;
	3) send Enter ;;
	0) fail "the deploy dialog did not start a deploy" ;;
	esac
	wait_for "deploying" 30
	settle
	shot deploy "vdktop — deploying a job"
}

scenario_outage() {
	start_on starshot --refresh 2
	send j j
	fake_stop
	wait_for "retrying in" 30
	wait_for "STALE" 30
	settle
	shot outage "vdktop — service unreachable: last data kept, retrying"
}

scenario_theme_light() {
	start_on starshot --theme light
	open_job "$SHOW_JOB"
	settle
	shot theme-light "vdktop --theme light" --light
}

scenario_theme_monochrome() {
	start_on '*' --no-color
	wait_for "taurus-ops"
	send j j j
	settle
	shot theme-monochrome "vdktop --no-color"
}

# ---- driver ----

passed=0
skipped=0
failed=""
wanted=${*:-$ALL}
for s in $wanted; do
	case " $ALL " in *" $s "*) ;; *) echo "screenshots: unknown scenario $s (have: $ALL)" >&2; exit 2 ;; esac
	echo "== $s"
	( . "$TOP/tests/screen/lib.sh"; "scenario_${s//-/_}" ) 2>"$WORK/$s.log"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		failed="$failed $s"
		cat "$WORK/$s.log" >&2
	elif [ -f "$WORK/$s.skipped" ]; then
		skipped=$((skipped + 1))
		echo "   skipped: $(cat "$WORK/$s.skipped")"
	else
		passed=$((passed + 1))
	fi
done

# ---- photographs ----

chrome() {
	local prof
	prof=$(mktemp -d "${TMPDIR:-/tmp}/vdkt-chromium.XXXXXX")
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --hide-scrollbars "$@" 2>>"$WORK/chromium.log"
	local rc=$?
	rm -rf "$prof"
	return $rc
}

size=
made=0
for f in "$WORK"/*.shot; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .shot)
	# Every page has the same grid, so one measurement serves them all: the
	# page writes its frame's size into its title when asked to.
	if [ -z "$size" ]; then
		size=$(chrome --dump-dom "file://$WORK/$name.html?measure" | sed -n 's:.*<title>\([0-9]*x[0-9]*\)</title>.*:\1:p')
		case $size in
		*x*) ;;
		*) echo "screenshots: could not measure the page (see $WORK/chromium.log)" >&2; exit 1 ;;
		esac
	fi
	if chrome --default-background-color=00000000 --window-size="${size%x*},${size#*x}" \
		--screenshot="$WORK/$name.png" "file://$WORK/$name.html" >/dev/null &&
		[ -s "$WORK/$name.png" ]; then
		mv "$WORK/$name.png" "$OUT/$name.png"
		made=$((made + 1))
		echo "   $OUT/$name.png (${size})"
	else
		failed="$failed $name(png)"
	fi
done

echo "screenshots: $made PNGs written to $OUT, $skipped scenarios skipped${failed:+, failed:$failed}"
[ -z "$failed" ]
