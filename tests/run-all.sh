#!/bin/sh
# Runs every suite for one build variant and prints one closing line
# "suites: N passed, N failed, N skipped". Called by `make check-suites`;
# expects VDKTOP_BIN, VDKTOP_BUILD and VDKTOP_VARIANT in the environment.
#
# A suite's exit status: 0 passed, 77 skipped (it could not run here, a
# tool is missing; it prints why), anything else failed. A skip is never a
# pass: it is counted apart, and under CI=true any skip fails the run,
# since CI must have every tool (make deps-test installs them). Suites that
# do not run in a variant by design (the table below) are not started
# there and not counted; the run names them.
#
# SUITES_ONLY="lint docs unit build/clang" runs only the suites named (unit:
# every unit binary); a name that matches nothing fails.
set -u
cd "$(dirname "$0")/.." || exit 2
: "${VDKTOP_BUILD:?}" "${VDKTOP_BIN:?}" "${VDKTOP_VARIANT:?}"
export VDKTOP_BIN VDKTOP_BUILD VDKTOP_VARIANT
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# The sanitizers must fail the run, not just print.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"

SKIP=77

# The suites with their own runner (tests/NAME/run.sh), in dependency
# order, and the variants each runs in. To add a suite: one line here, its
# run.sh (exit 0, 77 or failure, as above), a row in tests/README.md.
SUITES="
fake     default
api      default asan
screen   default asan
fault    default asan
actions  default asan
logs     default asan
cli      default asan
contract default asan
fuzz     default
valgrind default
lint     default
docs     default asan
"

passed=0
failed=0
skipped=0
failures=""
skips=""
by_design=""

wanted() { # name: in SUITES_ONLY, or no SUITES_ONLY
	[ -z "${SUITES_ONLY:-}" ] && return 0
	for w in $SUITES_ONLY; do
		case $1 in "$w" | "$w"/*) matched="$matched $w"; return 0 ;; esac
	done
	return 1
}
matched=""

run_suite() { # name command...
	name=$1
	shift
	wanted "$name" || return 0
	printf '== %s (%s)\n' "$name" "$VDKTOP_VARIANT"
	start=$(date +%s)
	"$@"
	rc=$?
	took=$(($(date +%s) - start))
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		printf '== %s: ok (%ss)\n' "$name" "$took"
	elif [ "$rc" -eq "$SKIP" ]; then
		skipped=$((skipped + 1))
		skips="$skips $name"
		printf '== %s: SKIPPED (%ss)\n' "$name" "$took"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		printf '== %s: FAILED (%ss)\n' "$name" "$took"
	fi
}

# A unit binary whose cmocka tests called skip() exits 0: it is counted as
# skipped, not passed.
run_unit() { # binary
	out=$("$1" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	[ "$rc" -ne 0 ] && return "$rc"
	printf '%s\n' "$out" | grep -q '^\[  SKIPPED \]' && return "$SKIP"
	return 0
}

not_built() { # source
	echo "$1 has no binary in $VDKTOP_BUILD (make tests)"
	return 1
}

clang_build() {
	if ! command -v clang >/dev/null 2>&1; then
		echo "clang is not installed (make deps-test)"
		return "$SKIP"
	fi
	# As many compilers at a time as the Makefile's own test build runs.
	make --no-print-directory -s -j"$(nproc 2>/dev/null || echo 2)" CC=clang B=build/clang build/clang/vdktop-all
}

# The whole tree, tests included, must also build warning-free with clang.
if [ "$VDKTOP_VARIANT" = default ]; then
	run_suite "build/clang" clang_build
else
	wanted build/clang && by_design="$by_design build/clang"
fi

for src in tests/unit/test_*.c; do
	t=$VDKTOP_BUILD/tests/unit/$(basename "$src" .c)
	if [ -x "$t" ]; then
		run_suite "unit/$(basename "$t")" run_unit "$t"
	else
		run_suite "unit/$(basename "$t")" not_built "$src"
	fi
done

while read -r s variants; do
	[ -n "$s" ] || continue
	case " $variants " in
	*" $VDKTOP_VARIANT "*) run_suite "$s" sh "tests/$s/run.sh" ;;
	*) wanted "$s" && by_design="$by_design $s" ;;
	esac
done <<EOF
$SUITES
EOF

for w in ${SUITES_ONLY:-}; do
	case " $matched " in
	*" $w "*) ;;
	*) printf 'SUITES_ONLY: no suite named %s\n' "$w"; failed=$((failed + 1)); failures="$failures $w" ;;
	esac
done
[ -n "$by_design" ] && printf 'not run in the %s variant (by design):%s\n' "$VDKTOP_VARIANT" "$by_design"
[ -n "$skips" ] && printf 'skipped suites:%s\n' "$skips"
[ -n "$failures" ] && printf 'failed suites:%s\n' "$failures"
printf 'suites: %d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
if [ "$skipped" -gt 0 ] && [ "${CI:-}" = true ]; then
	echo "CI=true: a skipped suite fails the run (make deps-test installs what the suites need)"
	exit 1
fi
[ "$failed" -eq 0 ]
