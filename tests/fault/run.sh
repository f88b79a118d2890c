#!/bin/sh
# The fault matrix: every tests/fault/test_*.sh drives the real vdktop in
# tmux (tests/screen/lib.sh) against the fake Control Service's fault
# switches, in both build variants (under asan any sanitizer report fails
# the test). Prints one ok/FAIL line per test and the number of faults
# tried; exits non-zero on any failure.
#   FAULT_ONLY=tls sh tests/fault/run.sh    one test
set -u
cd "$(dirname "$0")" || exit 2
command -v tmux >/dev/null 2>&1 || { echo "fault: tmux is missing (make deps-test)"; exit 1; }
: "${VDKTOP_BIN:=$(cd ../.. && pwd)/vdktop}"
: "${VDKTOP_VARIANT:=default}"
export VDKTOP_BIN VDKTOP_VARIANT
[ -x "$VDKTOP_BIN" ] || { echo "fault: no binary at $VDKTOP_BIN"; exit 1; }
limit=90
[ "$VDKTOP_VARIANT" = asan ] && limit=240

out=$(mktemp "${TMPDIR:-/tmp}/fault-out.XXXXXX") || exit 2
counts=$(mktemp "${TMPDIR:-/tmp}/fault-count.XXXXXX") || exit 2
failed=0
total=0
faults=0
for t in test_*.sh; do
	[ -f "$t" ] || continue
	[ -n "${FAULT_ONLY:-}" ] && case "$t" in *"$FAULT_ONLY"*) ;; *) continue ;; esac
	total=$((total + 1))
	start=$(date +%s)
	: >"$counts"
	if FAULT_COUNT_FILE=$counts timeout -k 5 "$limit" bash "$t" >"$out" 2>&1; then
		n=$(cat "$counts" 2>/dev/null)
		faults=$((faults + ${n:-0}))
		printf 'ok   %s (%ss, %s faults)\n' "$t" $(($(date +%s) - start)) "${n:-0}"
	else
		rc=$?
		failed=$((failed + 1))
		[ "$rc" -eq 124 ] && note=" (timed out after ${limit}s)" || note=""
		printf 'FAIL %s%s\n' "$t" "$note"
		sed 's/^/     /' "$out"
	fi
done
rm -f "$out" "$counts"
printf 'fault: %d tests, %d failed, %d faults tried\n' "$total" "$failed" "$faults"
[ "$failed" -eq 0 ]
