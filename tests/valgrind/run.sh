#!/bin/sh
# Every unit test binary and every API test binary under valgrind (memcheck):
# zero errors and zero definite leaks, or the suite fails. Default variant
# only (valgrind and ASan do not mix). Suppressions: vdktop.supp, library
# internals only.
#
#   sh tests/valgrind/run.sh            all of them
#   sh tests/valgrind/run.sh test_gql   only the binaries named
#
# API tests get the fake Control Services the way tests/api/run.sh starts
# them (VDKTOP_TEST_URL, VDKTOP_TEST_AUTH_URL, VDKTOP_TEST_AUTH_SHORT_URL).
set -u
cd "$(dirname "$0")/../.." || exit 2
TOP=$PWD
variant=${VDKTOP_VARIANT:-default}
BUILD=${VDKTOP_BUILD:-$TOP/build/default}

# Exit 77 (skipped, see tests/run-all.sh) when it cannot run here.
if [ "$variant" != default ]; then
	echo "valgrind: not run in the $variant variant (valgrind does not run sanitized binaries)"
	exit 77
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind: skipped: valgrind not installed (make deps-test)"
	exit 77
fi

OUT=$BUILD/valgrind
rm -rf "$OUT"
mkdir -p "$OUT"

VG="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
 --show-leak-kinds=definite --track-origins=no --num-callers=30 --suppressions=$TOP/tests/valgrind/vdktop.supp"

bins=""
for b in "$BUILD"/tests/unit/test_* "$BUILD"/tests/api/test_*; do
	[ -x "$b" ] && [ -f "$b" ] || continue
	case $b in *.d | *.o) continue ;; esac
	name=$(basename "$b")
	if [ $# -gt 0 ]; then
		want=
		for w in "$@"; do [ "$w" = "$name" ] && want=1; done
		[ -n "$want" ] || continue
	fi
	bins="$bins $b"
done
if [ -z "$bins" ]; then
	echo "valgrind: no test binaries in $BUILD (run make tests first)" >&2
	exit 1
fi

# The API binaries need the three fakes tests/api/run.sh starts (same
# arguments, same variables); keep the two in step.
fake_pids=""
stop_fakes() {
	for p in $fake_pids; do kill -TERM "$p" 2>/dev/null; done
	for p in $fake_pids; do wait "$p" 2>/dev/null; done
	fake_pids=""
}
trap stop_fakes EXIT
trap 'exit 1' INT TERM
start_fake() { # NAME ARGS...: sets $url
	name=$1
	shift
	: >"$OUT/fake-$name.out"
	python3 tests/fake/control_service.py --port 0 "$@" >"$OUT/fake-$name.out" 2>"$OUT/fake-$name.err" </dev/null &
	pid=$!
	fake_pids="$fake_pids $pid"
	i=0
	url=""
	while [ $i -lt 150 ]; do
		url=$(sed -n 's/^READY //p' "$OUT/fake-$name.out" | head -n 1)
		[ -n "$url" ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	cat "$OUT/fake-$name.err" >&2
	echo "valgrind: the $name fake did not start" >&2
	exit 1
}
fakes_up=
start_fakes() {
	[ -n "$fakes_up" ] && return 0
	fakes_up=1
	start_fake plain --seed demo --speed 10
	VDKTOP_TEST_URL=$url
	start_fake auth --seed demo --speed 10 --auth --api-token test-api-token --static-token static-ok --token-lifetime 3600
	VDKTOP_TEST_AUTH_URL=$url
	start_fake short --seed empty --auth --api-token test-api-token --token-lifetime 30
	VDKTOP_TEST_AUTH_SHORT_URL=$url
	export VDKTOP_TEST_URL VDKTOP_TEST_AUTH_URL VDKTOP_TEST_AUTH_SHORT_URL
}

# Two binaries at a time, each as soon as a place is free (valgrind runs
# on one core each): the API binaries first, since the longest of them
# left last would run alone at the end. Each one's lines go to a file of
# its own, printed in that order once all are done.
total=0
order=""
for b in $bins; do
	case $b in */tests/api/*) order="$order $b" ;; esac
done
for b in $bins; do
	case $b in */tests/api/*) ;; *) order="$order $b" ;; esac
	total=$((total + 1))
done
case $bins in */tests/api/*) start_fakes ;; esac
: >"$OUT/failed"
export VG OUT
# shellcheck disable=SC2086
printf '%s\n' $order | xargs -P 2 -n 1 sh -c '
	b=$1
	name=$(basename "$b")
	log=$OUT/$name.log
	# cmocka prints its own summary; valgrind'"'"'s report goes to the log.
	if $VG --log-file="$log" "$b" >"$OUT/$name.out" 2>&1; then
		echo "valgrind: $name ok" >"$OUT/$name.result"
	else
		rc=$?
		{
			echo "valgrind: $name FAILED (exit $rc)"
			cat "$log"
			tail -n 20 "$OUT/$name.out"
		} >"$OUT/$name.result"
		echo "$name" >>"$OUT/failed"
	fi
' _
for b in $order; do
	name=$(basename "$b")
	if [ -f "$OUT/$name.result" ]; then
		cat "$OUT/$name.result"
	else
		echo "valgrind: $name FAILED (it left no result)"
		echo "$name" >>"$OUT/failed"
	fi
done
stop_fakes
failed=$(wc -l <"$OUT/failed" | tr -d ' ')
echo "valgrind: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
