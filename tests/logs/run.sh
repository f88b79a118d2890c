#!/bin/sh
# The logs view's screen tests: every tests/logs/test_*.sh in its own
# process with a time limit, on the tmux harness of tests/screen/lib.sh
# against the fake Control Service. One ok/FAIL line per test; non-zero
# exit on any failure. VDKTOP_BIN and VDKTOP_VARIANT come from the
# environment (LOGS_ONLY=word runs the tests whose name has it).
set -u
cd "$(dirname "$0")" || exit 2
command -v tmux >/dev/null 2>&1 || { echo "logs: tmux is missing (make deps-test)"; exit 1; }
: "${VDKTOP_BIN:=$(cd ../.. && pwd)/vdktop}"
: "${VDKTOP_VARIANT:=default}"
export VDKTOP_BIN VDKTOP_VARIANT
[ -x "$VDKTOP_BIN" ] || { echo "logs: no binary at $VDKTOP_BIN"; exit 1; }
limit=60
[ "$VDKTOP_VARIANT" = asan ] && limit=150

out=$(mktemp "${TMPDIR:-/tmp}/logs-suite.XXXXXX")
failed=0
total=0
for t in test_*.sh; do
	[ -f "$t" ] || continue
	[ -n "${LOGS_ONLY:-}" ] && case "$t" in *"$LOGS_ONLY"*) ;; *) continue ;; esac
	total=$((total + 1))
	start=$(date +%s)
	if timeout -k 5 "$limit" bash "$t" >"$out" 2>&1; then
		printf 'ok   %s (%ss)\n' "$t" $(($(date +%s) - start))
	else
		rc=$?
		failed=$((failed + 1))
		[ "$rc" -eq 124 ] && note=" (timed out after ${limit}s)" || note=""
		printf 'FAIL %s%s\n' "$t" "$note"
		sed 's/^/     /' "$out"
	fi
done
rm -f "$out"
printf 'logs: %d tests, %d failed\n' "$total" "$failed"
[ "$failed" -eq 0 ]
