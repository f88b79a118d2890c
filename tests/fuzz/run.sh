#!/bin/sh
# libFuzzer targets: builds every tests/fuzz/fuzz_*.c with clang
# (-fsanitize=fuzzer,address,undefined), replays its corpus
# tests/fuzz/corpus/<target>/ (seeds and every crash ever found: a
# regression test), then fuzzes it for a while.
#
#   sh tests/fuzz/run.sh          short run (make check): ~6 s per target
#   sh tests/fuzz/run.sh long     make fuzz: 5 min per target (FUZZ_SECS=N)
#   sh tests/fuzz/run.sh build    the targets only (run-all.sh builds them
#                                 in the background; the timed run after
#                                 finds them up to date)
#
# Each target names the src modules it links on a line "// deps: a b ui/c"
# (as the unit tests do); the table below covers targets without one.
# Inputs the fuzzer discovers go to the build directory, never into the
# tree; a crash leaves its input in $OUT/artifacts and fails the run. Copy
# it into the target's corpus directory once fixed, so it stays a test.
# Per-target figures (executions, corpus size) are written to
# $OUT/summary.txt.
set -u
cd "$(dirname "$0")/../.." || exit 2
TOP=$PWD
mode=${1:-short}
variant=${VDKTOP_VARIANT:-default}

# Exit 77 (skipped, see tests/run-all.sh) when it cannot run here.
if [ "$variant" != default ] && [ "$mode" != long ]; then
	echo "fuzz: not run in the $variant variant (the targets carry their own sanitizers)"
	exit 77
fi
if [ "$mode" = long ]; then
	secs=${FUZZ_SECS:-300}
else
	secs=${FUZZ_SECS:-6}
fi
jobs=${FUZZ_JOBS:-2}

CLANG=${FUZZ_CC:-clang}
if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "fuzz: skipped: $CLANG not found (make deps-test installs clang and libclang-rt-dev)"
	exit 77
fi
probe=$(mktemp -d "${TMPDIR:-/tmp}/fuzzprobe.XXXXXX")
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined -o "$probe/p" "$probe/p.c" >/dev/null 2>&1; then
	rm -rf "$probe"
	echo "fuzz: skipped: $CLANG cannot link libFuzzer (make deps-test installs libclang-rt-dev)"
	exit 77
fi
rm -rf "$probe"

OUT=${VDKTOP_BUILD:-$TOP/build/default}/fuzz
mkdir -p "$OUT/bin" "$OUT/work" "$OUT/artifacts" "$OUT/log"

PKGS="ncursesw libcurl json-c libconfig libzip inih"
CFLAGS="-std=c11 -D_GNU_SOURCE -fvisibility=hidden -g -O1 -fno-omit-frame-pointer \
 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 -Wall -Wextra -Werror -Wno-unused-parameter -Isrc -Itests/fuzz -DVDKTOP_VERSION=\"0.1.0\" \
 -DVDKTOP_DATADIR=\"/nonexistent\" $(pkg-config --cflags $PKGS 2>/dev/null)"
LIBS="$(pkg-config --libs $PKGS 2>/dev/null) -lpthread -lm"

# Targets written before the deps-line convention (modules missing from
# the tree are skipped, so a newer split still links).
table_deps() {
	case $1 in
	fuzz_cron) echo "cron util" ;;
	fuzz_jobdir) echo "jobdir_ini util" ;;
	fuzz_jsonarg) echo "jsonarg util" ;;
	fuzz_logbuf) echo "logbuf logbuf_search logtext logline sanitize util" ;;
	fuzz_sanitize) echo "sanitize util" ;;
	esac
}

deps_of() { # target
	d=$(sed -n 's|^// deps: *||p' "tests/fuzz/$1.c" | head -n 1)
	[ -n "$d" ] || d=$(table_deps "$1")
	echo "$d"
}

# The modules a target links, those the tree has (a table entry may name
# a module that is not in every tree).
modules_of() { # target
	for m in $(deps_of "$1"); do
		[ -f "src/$m.c" ] && printf '%s\n' "$m"
	done
}

# Each module is compiled once, into $OUT/obj, for every target that links
# it (the flags are the same for all): again only when the object is
# missing or older than its source or any header.
compile() { # module
	o="$OUT/obj/$1.o"
	if [ -f "$o" ] && [ -z "$(find src tests/fuzz -newer "$o" \( -name '*.h' -o -path "src/$1.c" \) 2>/dev/null)" ]; then
		return 0
	fi
	mkdir -p "$(dirname "$o")"
	log="$OUT/log/obj-$(printf '%s' "$1" | tr / _).build"
	# shellcheck disable=SC2086
	"$CLANG" $CFLAGS -c -o "$o" "src/$1.c" >"$log" 2>&1 || {
		cat "$log" >&2
		return 1
	}
}

# Links a target from its source and its modules' objects; again only
# when the binary is missing or older than any of them or any header.
build() { # target
	t=$1
	objs=$(for m in $(modules_of "$t"); do printf '%s ' "$OUT/obj/$m.o"; done)
	bin="$OUT/bin/$t"
	# A target may share a header with the unit tests (the oracle of
	# fuzz_jdoc is tests/unit/jdoc_check.h): those count too.
	# shellcheck disable=SC2086
	if [ -x "$bin" ] && [ -z "$(find src tests/fuzz tests/unit $objs -newer "$bin" \( -name '*.h' -o -path "tests/fuzz/$t.c" \
		$(for o in $objs; do printf ' -o -path %s' "$o"; done) \) 2>/dev/null)" ]; then
		return 0
	fi
	# shellcheck disable=SC2086
	"$CLANG" $CFLAGS -o "$bin" "tests/fuzz/$t.c" $objs $LIBS >"$OUT/log/$t.build" 2>&1 || {
		cat "$OUT/log/$t.build" >&2
		return 1
	}
}

# JSON readers share one dictionary of tokens and field names.
dict_of() { # target
	case $1 in
	fuzz_api | fuzz_gql | fuzz_errbody | fuzz_authcache | fuzz_jobs_load | fuzz_jdoc) echo "-dict=tests/fuzz/json.dict" ;;
	esac
}

run_one() { # target
	t=$1
	seeds="tests/fuzz/corpus/$t"
	mkdir -p "$OUT/work/$t" "$seeds"
	# Replay first: every seed and regression input, nothing else. A
	# failing input's copy goes to the build directory, not the cwd.
	if ! "$OUT/bin/$t" -runs=0 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$OUT/artifacts/$t-replay-" \
		"$seeds" >"$OUT/log/$t.replay" 2>&1; then
		echo "fuzz: $t: a corpus input fails (regression):" >&2
		tail -n 40 "$OUT/log/$t.replay" >&2
		return 1
	fi
	if ! "$OUT/bin/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 $(dict_of "$t") \
		-artifact_prefix="$OUT/artifacts/$t-" "$OUT/work/$t" "$seeds" >"$OUT/log/$t.run" 2>&1; then
		echo "fuzz: $t: FAILED, input in $OUT/artifacts/:" >&2
		grep -E 'ERROR|SUMMARY|check failed|Test unit written' "$OUT/log/$t.run" >&2
		tail -n 30 "$OUT/log/$t.run" >&2
		return 1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/log/$t.run")
	nseeds=$(find "$seeds" -type f | wc -l)
	ncorp=$(find "$OUT/work/$t" -type f | wc -l)
	printf '%-16s %10s execs in %ss, %s corpus inputs replayed, %s inputs kept\n' \
		"$t" "${execs:-?}" "$secs" "$nseeds" "$ncorp" >"$OUT/log/$t.summary"
	cat "$OUT/log/$t.summary"
}

export LSAN_OPTIONS="suppressions=$TOP/tests/fuzz/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# Runs "$@" in the background, $jobs at a time: waits for the batch once
# it is full (pool_end waits for the last one).
n=0
pool() {
	"$@" &
	n=$((n + 1))
	if [ "$n" -ge "$jobs" ]; then
		wait
		n=0
	fi
}
pool_end() {
	wait
	n=0
}

compile_or_say() { compile "$1" || { echo "fuzz: src/$1.c: build failed" >&2; echo "$1" >>"$OUT/build-failed"; }; }
build_or_say() { build "$1" || { echo "fuzz: $1: build failed" >&2; echo "$1" >>"$OUT/build-failed"; }; }
run_or_say() { run_one "$1" || echo "$1" >>"$OUT/failed"; }

targets=${FUZZ_TARGETS:-$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')}
# Built $jobs at a time: first every module the targets link, once each,
# then each target from those objects.
: >"$OUT/build-failed"
for m in $(for t in $targets; do modules_of "$t"; done | sort -u); do
	pool compile_or_say "$m"
done
pool_end
[ -s "$OUT/build-failed" ] && exit 1
for t in $targets; do
	pool build_or_say "$t"
done
pool_end
[ -s "$OUT/build-failed" ] && exit 1
[ "$mode" = build ] && exit 0

# Run $jobs targets at a time.
: >"$OUT/failed"
for t in $targets; do
	pool run_or_say "$t"
done
pool_end

cat "$OUT"/log/*.summary >"$OUT/summary.txt" 2>/dev/null
if [ -s "$OUT/failed" ]; then
	echo "fuzz: failed:" $(cat "$OUT/failed")
	exit 1
fi
echo "fuzz: $(echo $targets | wc -w) targets ok ($mode, ${secs}s each); figures in $OUT/summary.txt"
