#!/bin/sh
# make demo: the fake Control Service with demo data on loopback, and
# vdktop on it in the foreground (context "demo", team starshot).
set -u
BIN=${1:-$(cd "$(dirname "$0")/.." && pwd)/vdktop}
TOP=$(cd "$(dirname "$0")/.." && pwd)
[ -x "$BIN" ] || { echo "demo: no vdktop binary at $BIN (run make)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vdktop-demo.XXXXXX") || exit 2
fake=
cleanup() {
	[ -n "$fake" ] && kill -TERM "$fake" 2>/dev/null && wait "$fake" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

python3 "$TOP/tests/fake/control_service.py" --seed demo --port 0 >"$tmp/out" 2>"$tmp/err" </dev/null &
fake=$!
url=
i=0
while [ $i -lt 100 ]; do
	url=$(sed -n 's/^READY //p' "$tmp/out")
	[ -n "$url" ] && break
	if ! kill -0 "$fake" 2>/dev/null; then
		fake=
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ]; then
	echo "demo: the fake Control Service did not start within 10 s:" >&2
	cat "$tmp/err" >&2
	exit 1
fi
cat >"$tmp/config" <<EOF2
# The demo's own config: one context on the fake service.
contexts = (
  { name = "demo"; url = "$url"; team = "starshot"; }
);
EOF2
chmod 600 "$tmp/config"
# The checkout's themes stand in for the installed ones.
VDKTOP_DATADIR="$TOP" VDKTOP_CONFIG="$tmp/config" "$BIN" --url "$url" --team starshot
