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
set -u
cd "$(dirname "$0")" || exit 2
command -v tmux >/dev/null 2>&1 || { echo "$SUITE: skipped: tmux is missing (make deps-test)"; exit 77; }
: "${VDKTOP_BIN:=$(cd ../.. && pwd)/vdktop}"
: "${VDKTOP_VARIANT:=default}"
export VDKTOP_BIN VDKTOP_VARIANT
[ -x "$VDKTOP_BIN" ] || { echo "$SUITE: no binary at $VDKTOP_BIN"; exit 1; }
limit=$SUITE_LIMIT
[ "$VDKTOP_VARIANT" = asan ] && limit=$SUITE_ASAN_LIMIT

out=$(mktemp "${TMPDIR:-/tmp}/$SUITE-out.XXXXXX") || exit 2
SUITE_COUNT_FILE=$(mktemp "${TMPDIR:-/tmp}/$SUITE-count.XXXXXX") || exit 2
export SUITE_COUNT_FILE
failed=0
skipped=0
total=0
counted=0
for t in test_*.sh; do
	[ -f "$t" ] || continue
	[ -n "${SUITE_ONLY:-}" ] && case "$t" in *"$SUITE_ONLY"*) ;; *) continue ;; esac
	total=$((total + 1))
	start=$(date +%s)
	: >"$SUITE_COUNT_FILE"
	if timeout -k 5 "$limit" bash "$t" >"$out" 2>&1; then
		extra=""
		if [ -n "${SUITE_COUNT:-}" ]; then
			n=$(awk '{ s += $1 } END { print s + 0 }' "$SUITE_COUNT_FILE")
			counted=$((counted + n))
			extra=", $n $SUITE_COUNT"
		fi
		printf 'ok   %s (%ss%s)\n' "$t" $(($(date +%s) - start)) "$extra"
	else
		rc=$?
		if [ "$rc" -eq 77 ]; then
			skipped=$((skipped + 1))
			printf 'SKIP %s\n' "$t"
			sed 's/^/     /' "$out"
			continue
		fi
		failed=$((failed + 1))
		[ "$rc" -eq 124 ] && note=" (timed out after ${limit}s)" || note=""
		printf 'FAIL %s%s\n' "$t" "$note"
		sed 's/^/     /' "$out"
	fi
done
rm -f "$out" "$SUITE_COUNT_FILE"
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
[ "$failed" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
