#!/bin/sh
# Static checks over src/**: cppcheck, clang-tidy (checked-in config
# tests/lint/clang-tidy.yaml), a grep that no shell is ever invoked, and
# three checks of the built objects' link graph: its cycles (cycles.py),
# that the core never reaches curses (core.py) and that every link goes
# down the layers (layers.py with layers.txt); cycles-test tests all three
# on objects built from known graphs.
# Default variant only; a missing tool is skipped with a message, the
# others still run, and the exit status is 77 (skipped, see
# tests/run-all.sh) unless something failed.
#
#   sh tests/lint/run.sh [cppcheck|tidy|noshell|cycles-test|cycles|core|layers]...   (default: all)
#
# Compile flags come from pkg-config like the Makefile's. clang-tidy runs
# two files at a time; the static analyzer explores loops twice (not
# four times) so the whole tree stays near a minute on 2 cores.
set -u
cd "$(dirname "$0")/../.." || exit 2
TOP=$PWD
if [ "${VDKTOP_VARIANT:-default}" != default ]; then
	echo "lint: not run in the ${VDKTOP_VARIANT} variant (static checks need one run)"
	exit 77
fi
what=${*:-cppcheck tidy noshell cycles-test cycles core layers}
PKGS="ncursesw libcurl json-c libconfig libzip inih"
PKG_CFLAGS=$(pkg-config --cflags $PKGS 2>/dev/null)
DEFS="-D_GNU_SOURCE -DVDKTOP_VERSION=\"0.1.0\" -DVDKTOP_DATADIR=\"/usr/local/share/vdktop\" -DVDKTOP_INIH_VERSION=\"$(pkg-config --modversion inih 2>/dev/null)\""
OUT=${VDKTOP_BUILD:-$TOP/build/default}/lint
mkdir -p "$OUT"
failed=""
skipped=""
SRCS=$(find src -name '*.c' | sort)

run_cppcheck() {
	if ! command -v cppcheck >/dev/null 2>&1; then
		echo "lint: cppcheck skipped: not installed (make deps-test)"
		skipped="$skipped cppcheck"
		return 0
	fi
	# Include paths only (cppcheck does not need the system headers).
	incs=$(for f in $PKG_CFLAGS; do case $f in -I*) printf '%s ' "$f" ;; esac; done)
	# shellcheck disable=SC2086
	if cppcheck -q -j2 --std=c11 --enable=warning,performance,portability --error-exitcode=1 --inline-suppr \
		--suppressions-list=tests/lint/cppcheck.supp $DEFS -Isrc $incs \
		--template='{file}:{line}: {severity}: {message} [{id}]' src >"$OUT/cppcheck.txt" 2>&1; then
		echo "lint: cppcheck ok"
	else
		cat "$OUT/cppcheck.txt"
		echo "lint: cppcheck FAILED"
		failed="$failed cppcheck"
	fi
}

run_tidy() {
	if ! command -v clang-tidy >/dev/null 2>&1; then
		echo "lint: clang-tidy skipped: not installed (make deps-test)"
		skipped="$skipped clang-tidy"
		return 0
	fi
	rm -f "$OUT"/tidy-*.txt
	# One output file per source, so two at a time do not interleave.
	# shellcheck disable=SC2086
	printf '%s\n' $SRCS | xargs -P 2 -I{} sh -c '
		f=$1; shift
		out="$OUT/tidy-$(echo "$f" | tr / _).txt"
		models="-include tests/lint/analyzer-models.h"
		[ "$f" = src/util.c ] && models=
		clang-tidy --quiet --config-file=tests/lint/clang-tidy.yaml \
			--extra-arg=-Xclang --extra-arg=-analyzer-max-loop --extra-arg=-Xclang --extra-arg=2 \
			"$f" -- -std=c11 $models "$@" >"$out" 2>&1 || echo "$f" >>"$OUT/tidy-failed.txt"
	' _ {} $DEFS -Isrc $PKG_CFLAGS
	if [ -s "$OUT/tidy-failed.txt" ]; then
		grep -hE 'error:|warning:' "$OUT"/tidy-*.txt | grep -v '^Suppressed' | sort -u
		echo "lint: clang-tidy FAILED in:" $(cat "$OUT/tidy-failed.txt")
		failed="$failed clang-tidy"
	else
		echo "lint: clang-tidy ok ($(echo $SRCS | wc -w) files)"
	fi
}

# No shell anywhere in src/: system() and popen() hand strings to /bin/sh.
run_noshell() {
	hits=$(grep -rnE '\b(system|popen)[[:space:]]*\(' src --include='*.c' --include='*.h' |
		grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')
	if [ -n "$hits" ]; then
		echo "$hits"
		echo "lint: system()/popen() in src/ (never invoke a shell) FAILED"
		failed="$failed noshell"
	else
		echo "lint: no system()/popen() in src/ ok"
	fi
}

# The checker on objects whose graph is known: a wrong answer there would
# make the real check pass anything.
run_cycles_test() {
	if sh tests/lint/cycles_test.sh "$OUT/cycles-test" >"$OUT/cycles-test.txt" 2>&1; then
		echo "lint: cycles-test ok"
	else
		cat "$OUT/cycles-test.txt"
		echo "lint: cycles-test FAILED"
		failed="$failed cycles-test"
	fi
}

# No more than 4 objects of src/ may depend on each other around a loop
# (tests/lint/cycles.py). The objects of the build being tested, one per
# source of today's tree, so an object left behind by a moved file is
# never counted.
run_cycles() {
	build=${VDKTOP_BUILD:-$TOP/build/default}
	# shellcheck disable=SC2086
	objs=$(printf '%s\n' $SRCS | sed "s|^\(.*\)\.c\$|$build/\1.o|")
	# shellcheck disable=SC2086
	if python3 tests/lint/cycles.py --max 4 --root "$build/src" $objs; then
		echo "lint: cycles ok"
	else
		echo "lint: cycles FAILED"
		failed="$failed cycles"
	fi
}

# The core (src/ but src/ui/ and main.c) never reaches a curses function
# through the link graph: it must link and run without a terminal. The
# curses functions are those the binary's curses libraries define.
run_core() {
	build=${VDKTOP_BUILD:-$TOP/build/default}
	bin=${VDKTOP_BIN:-$TOP/vdktop}
	libs=$(ldd "$bin" 2>/dev/null | awk '/lib(ncursesw?|tinfo)[^ ]*\.so/ { print $3 }')
	if [ -z "$libs" ]; then
		echo "lint: core FAILED: no curses library found in ldd $bin (make builds it)"
		failed="$failed core"
		return 0
	fi
	# shellcheck disable=SC2086
	nm -D --defined-only $libs | awk 'NF == 3 && $2 ~ /^[TDBRVWi]$/ { sub(/@.*/, "", $3); print $3 }' |
		sort -u >"$OUT/curses-functions.txt"
	# shellcheck disable=SC2086
	objs=$(printf '%s\n' $SRCS | sed "s|^\(.*\)\.c\$|$build/\1.o|")
	# shellcheck disable=SC2086
	if python3 tests/lint/core.py --curses "$OUT/curses-functions.txt" --root "$build/src" $objs; then
		echo "lint: core ok"
	else
		echo "lint: core FAILED"
		failed="$failed core"
	fi
}

# A layer uses only its own and those below it (README.md, Architecture):
# no view calls an action, the app core names no view, widgets and the
# core call nothing above them. tests/lint/layers.txt places each object.
run_layers() {
	build=${VDKTOP_BUILD:-$TOP/build/default}
	# shellcheck disable=SC2086
	objs=$(printf '%s\n' $SRCS | sed "s|^\(.*\)\.c\$|$build/\1.o|")
	# shellcheck disable=SC2086
	if python3 tests/lint/layers.py --map tests/lint/layers.txt --root "$build/src" $objs; then
		echo "lint: layers ok"
	else
		echo "lint: layers FAILED"
		failed="$failed layers"
	fi
}

export OUT
for w in $what; do
	case $w in
	cppcheck) run_cppcheck ;;
	tidy) run_tidy ;;
	noshell) run_noshell ;;
	cycles-test) run_cycles_test ;;
	cycles) run_cycles ;;
	core) run_core ;;
	layers) run_layers ;;
	*) echo "lint: unknown check $w" >&2; exit 2 ;;
	esac
done
[ -z "$failed" ] || { echo "lint: failed:$failed"; exit 1; }
[ -z "$skipped" ] || { echo "lint: skipped:$skipped"; exit 77; }
echo "lint: all ok"
