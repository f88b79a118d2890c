#!/bin/sh
# API suite: starts three fakes of the Control Service on free loopback
# ports (plain demo data; --auth with hour-long tokens; --auth with tokens
# shorter than the 60 s refresh margin) and runs every API test binary of
# this build variant against them. The fakes are stopped on every exit.
set -u
cd "$(dirname "$0")/../.." || exit 2
: "${VDKTOP_BUILD:=$PWD/build/default}"
for t in test_api test_api_auth; do
	if [ ! -x "$VDKTOP_BUILD/tests/api/$t" ]; then
		echo "api: $VDKTOP_BUILD/tests/api/$t is missing (make it first)" >&2
		exit 1
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vdktop-api.XXXXXX") || exit 2
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# start NAME ARGS...: runs a fake, waits up to 15 s for its READY line and
# sets $url.
start() {
	name=$1
	shift
	: >"$tmp/$name.out"
	python3 tests/fake/control_service.py --port 0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	pids="$pids $!"
	i=0
	url=""
	while [ $i -lt 150 ]; do
		url=$(sed -n 's/^READY //p' "$tmp/$name.out")
		[ -n "$url" ] && return 0
		kill -0 "$!" 2>/dev/null || break
		i=$((i + 1))
		sleep 0.1
	done
	echo "api: the $name fake did not start:" >&2
	cat "$tmp/$name.err" >&2
	exit 1
}

start plain --seed demo --speed 10
VDKTOP_TEST_URL=$url
start auth --seed demo --speed 10 --auth --api-token test-api-token --static-token static-ok --token-lifetime 3600
VDKTOP_TEST_AUTH_URL=$url
start short --seed empty --auth --api-token test-api-token --token-lifetime 30
VDKTOP_TEST_AUTH_SHORT_URL=$url
export VDKTOP_TEST_URL VDKTOP_TEST_AUTH_URL VDKTOP_TEST_AUTH_SHORT_URL

rc=0
for t in "$VDKTOP_BUILD"/tests/api/test_*; do
	[ -x "$t" ] || continue
	echo "-- $(basename "$t")"
	"$t" 2>&1 || rc=1
done
exit $rc
