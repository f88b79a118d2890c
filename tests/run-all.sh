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

# Suites that only compute (a compiler, valgrind, the static analysers: no
# terminal, no fake, nothing timed) start in the background at the
# beginning, one after another, while the suites that mostly wait on tmux
# and the fakes run; their output is printed, and they are counted, once
# they are done. A suite in ALONE fuzzes for a fixed time, so it starts
# only after them, with nothing beside it; its targets are built in the
# background after the others (not counted: the fuzz suite reports a
# build that fails).
BACKGROUND="build/clang valgrind lint"
ALONE="fuzz"

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

# exec_suite NAME COMMAND...: its header, the suite, its outcome line;
# returns 0 (passed), $SKIP or 1 (failed).
exec_suite() {
	_name=$1
	shift
	printf '== %s (%s)\n' "$_name" "$VDKTOP_VARIANT"
	_start=$(date +%s)
	"$@"
	_rc=$?
	_took=$(($(date +%s) - _start))
	if [ "$_rc" -eq 0 ]; then
		printf '== %s: ok (%ss)\n' "$_name" "$_took"
		return 0
	elif [ "$_rc" -eq "$SKIP" ]; then
		printf '== %s: SKIPPED (%ss)\n' "$_name" "$_took"
		return "$SKIP"
	fi
	printf '== %s: FAILED (%ss)\n' "$_name" "$_took"
	return 1
}

count_suite() { # name outcome (0, $SKIP or anything else for failed)
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
	elif [ "$2" -eq "$SKIP" ]; then
		skipped=$((skipped + 1))
		skips="$skips $1"
	else
		failed=$((failed + 1))
		failures="$failures $1"
	fi
}

run_suite() { # name command...
	name=$1
	shift
	wanted "$name" || return 0
	exec_suite "$name" "$@"
	count_suite "$name" $?
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

# The whole tree, tests included, must also build warning-free with clang,
# as many compilers at a time as the Makefile's own test build runs.
CLANG_BUILD='command -v clang >/dev/null 2>&1 || { echo "clang is not installed (make deps-test)"; exit 77; }
exec make --no-print-directory -s -j"$(nproc 2>/dev/null || echo 2)" CC=clang B=build/clang build/clang/vdktop-all'

runs_here() { # suite: runs in this variant (build/clang: the default one)
	[ "$1" = build/clang ] && { [ "$VDKTOP_VARIANT" = default ]; return; }
	printf '%s\n' "$SUITES" | while read -r _s _v; do
		[ "$_s" = "$1" ] || continue
		case " $_v " in *" $VDKTOP_VARIANT "*) exit 0 ;; esac
		exit 1
	done
}

# The background suites: one after another in a subshell, each in a
# session of its own (setsid) so that an interrupted run stops it whole;
# N.log and N.rc per suite in $bg_dir.
bg_dir=$(mktemp -d "${TMPDIR:-/tmp}/run-all.XXXXXX") || exit 2
bg_pid=""
bg_names=""
bg_child() { # command...
	if command -v setsid >/dev/null 2>&1; then
		setsid "$@" &
	else
		"$@" &
	fi
	echo $! >"$bg_dir/child"
	wait $!
}
bg_start() {
	for _b in $BACKGROUND; do
		if runs_here "$_b"; then
			wanted "$_b" && bg_names="$bg_names $_b"
		else
			wanted "$_b" && by_design="$by_design $_b"
		fi
	done
	_fuzz=""
	wanted fuzz && runs_here fuzz && _fuzz=yes
	[ -n "$bg_names$_fuzz" ] || return 0
	(
		_i=0
		for _b in $bg_names; do
			_i=$((_i + 1))
			if [ "$_b" = build/clang ]; then
				exec_suite "$_b" bg_child sh -c "$CLANG_BUILD" >"$bg_dir/$_i.log" 2>&1
			else
				exec_suite "$_b" bg_child sh "tests/$_b/run.sh" >"$bg_dir/$_i.log" 2>&1
			fi
			echo $? >"$bg_dir/$_i.rc"
		done
		if [ -n "$_fuzz" ]; then
			bg_child sh tests/fuzz/run.sh build >"$bg_dir/fuzz-build.log" 2>&1
		fi
	) &
	bg_pid=$!
}
bg_collect() { # waits for the background suites, prints and counts them
	[ -n "$bg_pid" ] || return 0
	wait "$bg_pid"
	bg_pid=""
	_i=0
	for _b in $bg_names; do
		_i=$((_i + 1))
		cat "$bg_dir/$_i.log" 2>/dev/null
		if [ -s "$bg_dir/$_i.rc" ]; then
			count_suite "$_b" "$(cat "$bg_dir/$_i.rc")"
		else
			printf '== %s: FAILED (no result)\n' "$_b"
			count_suite "$_b" 1
		fi
	done
}
bg_stop() { # on an interrupted run
	if [ -n "$bg_pid" ]; then
		[ -s "$bg_dir/child" ] && kill -TERM -"$(cat "$bg_dir/child")" 2>/dev/null
		kill -TERM "$bg_pid" 2>/dev/null
		wait "$bg_pid" 2>/dev/null
	fi
	rm -rf "$bg_dir"
}
trap bg_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

bg_start

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
	case " $BACKGROUND " in *" $s "*) continue ;; esac
	case " $variants " in
	*" $VDKTOP_VARIANT "*)
		case " $ALONE " in *" $s "*) wanted "$s" && bg_collect ;; esac
		run_suite "$s" sh "tests/$s/run.sh"
		;;
	*) wanted "$s" && by_design="$by_design $s" ;;
	esac
done <<EOF
$SUITES
EOF
bg_collect

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
