#!/bin/bash
# The tmux suites' runner (suite.sh) on a suite of its own made of small
# scripts: two tests at a time, long ones first, "alone" ones last with
# nothing beside them, lines in file order with a failing test's output
# below its line, counts summed, a skip (77) and a failure told apart, a
# filter that matches nothing failing. No tmux and no vdktop needed.
. "$(dirname "$0")/lib.sh"

S=$T/suite
mkdir -p "$S"
cat >"$S/run.sh" <<EOF
SUITE=demo SUITE_ONLY=\${DEMO_ONLY:-} SUITE_LIMIT=30 SUITE_ASAN_LIMIT=30 SUITE_COUNT=things
. "$SCREEN_DIR/suite.sh"
EOF
# Each test notes when it starts and ends in $S/events.
note() { printf 'echo "%s $(basename "$0")" >>"%s/events"\n' "$1" "$S"; }
{
	note start
	# Runs beside test_b: it ends once test_b has started (10 s at most).
	echo "for i in \$(seq 200); do [ -e '$S/b-started' ] && break; sleep 0.05; done"
	echo "[ -e '$S/b-started' ] || { echo 'test_b never ran beside me'; exit 1; }"
	echo "echo 2 >>\"\$SUITE_COUNT_FILE\""
	note end
} >"$S/test_a.sh"
{
	note start
	echo ": >'$S/b-started'"
	echo "echo 'b says why it failed'"
	note end
	echo "exit 1"
} >"$S/test_b.sh"
{
	echo "# suite: long"
	note start
	echo "echo 3 >>\"\$SUITE_COUNT_FILE\""
	note end
} >"$S/test_c.sh"
{
	echo "# suite: alone"
	note start
	note end
} >"$S/test_d.sh"
{
	echo "echo 'cannot run here'"
	echo "exit 77"
} >"$S/test_e.sh"

VDKTOP_BIN=/bin/true SUITE_JOBS=2 sh "$S/run.sh" >"$T/out" 2>&1
rc=$?
cat "$T/out" >&2
[ "$rc" = 1 ] || fail "a failing test: exit status $rc, not 1"
grep -v '^     ' "$T/out" | sed 's/ (.*//' >"$T/lines"
printf '%s\n' 'ok   test_a.sh' 'FAIL test_b.sh' 'ok   test_c.sh' 'ok   test_d.sh' 'SKIP test_e.sh' \
	'demo: 5 tests, 1 failed, 1 skipped, 5 things tried' >"$T/want"
diff "$T/want" "$T/lines" >&2 || fail "the runner's lines are not the tests' in file order"
grep -qx '     b says why it failed' "$T/out" || fail "the failing test's output is not below its line"
grep -qx '     cannot run here' "$T/out" || fail "the skipped test's reason is not below its line"
[ "$(tail -n 2 "$S/events" | tr '\n' ' ')" = "start test_d.sh end test_d.sh " ] ||
	fail "the test that runs alone did not run last, alone: $(tr '\n' ' ' <"$S/events")"
# One at a time, the order they start in shows: the long one first.
rm "$S/events"
VDKTOP_BIN=/bin/true SUITE_JOBS=1 sh "$S/run.sh" >"$T/out" 2>&1
[ "$(head -n 1 "$S/events")" = "start test_c.sh" ] || fail "the long test did not start first: $(head -n 1 "$S/events")"

# Without the failure: 77 while a test skips, 0 once none does.
rm "$S/test_b.sh" "$S/test_a.sh"
VDKTOP_BIN=/bin/true sh "$S/run.sh" >"$T/out" 2>&1
rc=$?
[ "$rc" = 77 ] || fail "a skipped test and no failure: exit status $rc, not 77: $(cat "$T/out")"
rm "$S/test_e.sh"
VDKTOP_BIN=/bin/true sh "$S/run.sh" >"$T/out" 2>&1
rc=$?
[ "$rc" = 0 ] || fail "all passed: exit status $rc: $(cat "$T/out")"
DEMO_ONLY=nothing VDKTOP_BIN=/bin/true sh "$S/run.sh" >"$T/out" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q 'no test matches "nothing"' "$T/out" || fail "a filter that matches nothing: exit $rc: $(cat "$T/out")"
pass
