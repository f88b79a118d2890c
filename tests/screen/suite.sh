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
# SUITE_ONLY runs the tests whose file name contains it. A suite that
# counts something per test (the fault matrix counts faults) sets
# SUITE_COUNT to a word: each test may append numbers, one per line, to the
# file named by $SUITE_COUNT_FILE, and the sums are reported.
# VDKTOP_BIN (default ./vdktop) and VDKTOP_VARIANT come from the environment.
set -u
cd "$(dirname "$0")" || exit 2
command -v tmux >/dev/null 2>&1 || { echo "$SUITE: tmux is missing (make deps-test)"; exit 1; }
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
		failed=$((failed + 1))
		[ "$rc" -eq 124 ] && note=" (timed out after ${limit}s)" || note=""
		printf 'FAIL %s%s\n' "$t" "$note"
		sed 's/^/     /' "$out"
	fi
done
rm -f "$out" "$SUITE_COUNT_FILE"
if [ -n "${SUITE_COUNT:-}" ]; then
	printf '%s: %d tests, %d failed, %d %s tried\n' "$SUITE" "$total" "$failed" "$counted" "$SUITE_COUNT"
else
	printf '%s: %d tests, %d failed\n' "$SUITE" "$total" "$failed"
fi
[ "$failed" -eq 0 ]
