#!/bin/sh
# Runs every tests/screen/test_*.sh in its own process with a time limit,
# prints one ok/FAIL line per test and exits non-zero on any failure.
# VDKTOP_BIN (default ./vdktop) and VDKTOP_VARIANT come from the environment.
set -u
cd "$(dirname "$0")" || exit 2
command -v tmux >/dev/null 2>&1 || { echo "screen: tmux is missing (make deps-test)"; exit 1; }
: "${VDKTOP_BIN:=$(cd ../.. && pwd)/vdktop}"
: "${VDKTOP_VARIANT:=default}"
export VDKTOP_BIN VDKTOP_VARIANT
[ -x "$VDKTOP_BIN" ] || { echo "screen: no binary at $VDKTOP_BIN"; exit 1; }
limit=60
[ "$VDKTOP_VARIANT" = asan ] && limit=150

out=$(mktemp "${TMPDIR:-/tmp}/screen-out.XXXXXX") || exit 2
failed=0
total=0
for t in test_*.sh; do
	[ -f "$t" ] || continue
	[ -n "${SCREEN_ONLY:-}" ] && case "$t" in *"$SCREEN_ONLY"*) ;; *) continue ;; esac
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
printf 'screen: %d tests, %d failed\n' "$total" "$failed"
[ "$failed" -eq 0 ]
