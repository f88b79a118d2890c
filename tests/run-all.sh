#!/bin/sh
# Runs every suite for one build variant and prints one closing line
# "suites: N passed, N failed". Called by `make check-suites`; expects
# VDKTOP_BIN, VDKTOP_BUILD and VDKTOP_VARIANT in the environment.
set -u
cd "$(dirname "$0")/.." || exit 2
: "${VDKTOP_BUILD:?}" "${VDKTOP_BIN:?}" "${VDKTOP_VARIANT:?}"
export VDKTOP_BIN VDKTOP_BUILD VDKTOP_VARIANT
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# The sanitizers must fail the run, not just print.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"

passed=0
failed=0
failures=""

run_suite() { # name command...
	name=$1
	shift
	printf '== %s (%s)\n' "$name" "$VDKTOP_VARIANT"
	start=$(date +%s)
	if "$@"; then
		passed=$((passed + 1))
		printf '== %s: ok (%ss)\n' "$name" $(($(date +%s) - start))
	else
		failed=$((failed + 1))
		failures="$failures $name"
		printf '== %s: FAILED (%ss)\n' "$name" $(($(date +%s) - start))
	fi
}

# The whole tree, tests included, must also build warning-free with clang.
if [ "$VDKTOP_VARIANT" = default ]; then
	if command -v clang >/dev/null 2>&1; then
		run_suite "build/clang" make --no-print-directory -s CC=clang B=build/clang \
			build/clang/vdktop-all
	else
		echo "== build/clang: skipped (clang not installed)"
	fi
fi

for t in "$VDKTOP_BUILD"/tests/unit/test_*; do
	[ -x "$t" ] || continue
	run_suite "unit/$(basename "$t")" "$t"
done

# Suites with their own runner, in dependency order. Each exits non-zero on
# failure and decides itself what it skips in the sanitizer variant.
for s in fake api screen fault actions logs contract fuzz valgrind lint docs; do
	[ -f "tests/$s/run.sh" ] || continue
	run_suite "$s" sh "tests/$s/run.sh"
done

[ -n "$failures" ] && printf 'failed suites:%s\n' "$failures"
printf 'suites: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
