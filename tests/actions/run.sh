#!/bin/sh
# Screen tests of the write actions against the fake Control Service:
# every tests/actions/test_*.sh, each in its own tmux server. Exits
# non-zero when any fails. Needs tmux and python3 (skipped without tmux).
set -u
cd "$(dirname "$0")" || exit 2
if ! command -v tmux >/dev/null 2>&1; then
	echo "actions: tmux not installed, skipped"
	exit 0
fi
pass=0
failed=""
for t in test_*.sh; do
	[ -f "$t" ] || continue
	if bash "$t"; then
		pass=$((pass + 1))
	else
		failed="$failed ${t%.sh}"
	fi
done
echo "actions: $pass passed${failed:+, failed:$failed}"
[ -z "$failed" ]
