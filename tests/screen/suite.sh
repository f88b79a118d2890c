#!/bin/sh
# The runner the tmux suites share (screen, logs, fault, actions): every
# test_*.sh of the suite's directory in its own process with a time limit,
# one ok/FAIL line per test (a failing test's output indented below it),
# and a non-zero exit on any failure. A suite's run.sh sets its name and
# limits and sources this file:
#
#   SUITE=logs SUITE_ONLY=${LOGS_ONLY:-} SUITE_LIMIT=60 SUITE_ASAN_LIMIT=150
#   . ../screen/suite.sh
#
# SUITE_ONLY runs the tests whose file name contains it; a filter that
# matches no test fails (a typo must not pass with 0 tests). A test that
# cannot run here exits 77 with its reason: the suite then exits 77
# (skipped, see tests/run-all.sh) unless another test failed. A suite that
# counts something per test (the fault matrix counts faults) sets
# SUITE_COUNT to a word: each test may append numbers, one per line, to the
# file named by $SUITE_COUNT_FILE, and the sums are reported.
# VDKTOP_BIN (default ./vdktop) and VDKTOP_VARIANT come from the environment.
#
# Tests run SUITE_JOBS at a time (default 2). They can: each has its own
# temporary directory, tmux socket, HOME and a fake on port 0, and waits on
# conditions, never on the clock. Their lines are printed in file order
# whatever order they finish in, each with its own output. A test that
# takes many seconds says so with a line "# suite: long": those start
# first, so that no long test is left running alone at the end. A test
# whose measurement another test running beside it would disturb says so
# with a line "# suite: alone": those run last, one at a time, with
# nothing beside them. SUITE_JOBS=1 runs one after another as before.
# The pool needs bash's `wait -n`: under another sh the suite's run.sh is
# started again with bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
cd "$(dirname "$0")" || exit 2
command -v tmux >/dev/null 2>&1 || { echo "$SUITE: skipped: tmux is missing (make deps-test)"; exit 77; }
: "${VDKTOP_BIN:=$(cd ../.. && pwd)/vdktop}"
: "${VDKTOP_VARIANT:=default}"
export VDKTOP_BIN VDKTOP_VARIANT
[ -x "$VDKTOP_BIN" ] || { echo "$SUITE: no binary at $VDKTOP_BIN"; exit 1; }
limit=$SUITE_LIMIT
[ "$VDKTOP_VARIANT" = asan ] && limit=$SUITE_ASAN_LIMIT
jobs=${SUITE_JOBS:-2}
case $jobs in '' | *[!0-9]* | 0) echo "$SUITE: SUITE_JOBS must be a positive number, not \"$jobs\""; exit 2 ;; esac

# One directory for the run: per test N its output (N.out), the numbers it
# counted (N.count), the pid of its time limit (N.pid) and, once it has
# finished, "STATUS SECONDS" (N.rc, written whole by a rename).
dir=$(mktemp -d "${TMPDIR:-/tmp}/$SUITE-run.XXXXXX") || exit 2
_suite_cleanup() {
	local p
	for p in "$dir"/*.pid; do
		[ -f "$p" ] || continue
		# timeout passes the signal on to the test's process group.
		[ -f "${p%.pid}.rc" ] || kill -TERM "$(cat "$p")" 2>/dev/null
	done
	wait
	rm -rf "$dir"
}
trap _suite_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

tests=()
for t in test_*.sh; do
	[ -f "$t" ] || continue
	[ -n "${SUITE_ONLY:-}" ] && case "$t" in *"$SUITE_ONLY"*) ;; *) continue ;; esac
	tests+=("$t")
done
total=${#tests[@]}

run_test() { # N FILE: in the background; N.rc once it is over
	local i=$1 start rc
	start=$(date +%s)
	: >"$dir/$i.count"
	SUITE_COUNT_FILE=$dir/$i.count timeout -k 5 "$limit" bash "$2" >"$dir/$i.out" 2>&1 &
	echo $! >"$dir/$i.pid"
	wait $!
	rc=$?
	echo "$rc $(($(date +%s) - start))" >"$dir/$i.tmp" && mv "$dir/$i.tmp" "$dir/$i.rc"
}

failed=0
skipped=0
counted=0
report() { # N: its ok/FAIL/SKIP line, and its output when it did not pass
	local i=$1 t=${tests[$1]} rc secs n extra note
	read -r rc secs <"$dir/$i.rc"
	if [ "$rc" -eq 0 ]; then
		extra=""
		if [ -n "${SUITE_COUNT:-}" ]; then
			n=$(awk '{ s += $1 } END { print s + 0 }' "$dir/$i.count")
			counted=$((counted + n))
			extra=", $n $SUITE_COUNT"
		fi
		printf 'ok   %s (%ss%s)\n' "$t" "$secs" "$extra"
	elif [ "$rc" -eq 77 ]; then
		skipped=$((skipped + 1))
		printf 'SKIP %s\n' "$t"
		sed 's/^/     /' "$dir/$i.out"
	else
		failed=$((failed + 1))
		[ "$rc" -eq 124 ] && note=" (timed out after ${limit}s)" || note=""
		printf 'FAIL %s%s (%ss)\n' "$t" "$note" "$secs"
		sed 's/^/     /' "$dir/$i.out"
	fi
}

next=0
flush() { # the finished tests' lines, in file order, as far as they go
	while [ "$next" -lt "$total" ] && [ -f "$dir/$next.rc" ]; do
		report "$next"
		next=$((next + 1))
	done
}
finished() { # how many tests are over
	local f n=0
	for f in "$dir"/*.rc; do [ -f "$f" ] && n=$((n + 1)); done
	echo "$n"
}

# The order they start in: long ones, the others, then those run alone.
long=() normal=() alone=()
for ((i = 0; i < total; i++)); do
	if grep -q '^# suite: alone' "${tests[$i]}"; then
		alone+=("$i")
	elif grep -q '^# suite: long' "${tests[$i]}"; then
		long+=("$i")
	else
		normal+=("$i")
	fi
done
started=0
for i in "${long[@]}" "${normal[@]}"; do
	# A free place in the pool: fewer than $jobs started tests are not over.
	while [ $((started - $(finished))) -ge "$jobs" ]; do
		wait -n
		[ $? -eq 127 ] && break # no child left: cannot happen, never spin
		flush
	done
	run_test "$i" "${tests[$i]}" &
	started=$((started + 1))
done
wait
flush
for i in "${alone[@]}"; do
	run_test "$i" "${tests[$i]}"
	flush
done

if [ -n "${SUITE_COUNT:-}" ]; then
	printf '%s: %d tests, %d failed, %d skipped, %d %s tried\n' "$SUITE" "$total" "$failed" "$skipped" \
		"$counted" "$SUITE_COUNT"
else
	printf '%s: %d tests, %d failed, %d skipped\n' "$SUITE" "$total" "$failed" "$skipped"
fi
if [ "$total" -eq 0 ]; then
	echo "$SUITE: no test matches${SUITE_ONLY:+ \"$SUITE_ONLY\"}: FAILED"
	exit 1
fi
[ "$next" -eq "$total" ] || { echo "$SUITE: $((total - next)) tests left no result: FAILED"; exit 1; }
[ "$failed" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
