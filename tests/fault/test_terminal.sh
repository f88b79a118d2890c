#!/bin/bash
# Terminal faults beyond tests/screen/test_resize.sh and test_signals.sh:
# a storm of 100 resizes as fast as tmux sends them, then a correct
# layout; tiny windows (down to 1x1) never crash; stdout closed makes
# vdktop exit with a message instead of spinning.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
fault_config "" ""
vdktop_start 100 30 --refresh 1 --trace "$T/trace.log"
wait_for "starshot-telemetry-ingest"
wait_for "● connected"

FAULTS_TRIED=1
start=$(date +%s)
for i in $(seq 100); do
	_tmux resize-window -x $((40 + (i * 37) % 120)) -y $((8 + (i * 13) % 40))
done
_log "100 resizes in $(($(date +%s) - start)) s"
resize 100 30
for i in $(seq $((100 * SLOW))); do
	s=$(screen)
	if [ "$(printf '%s\n' "$s" | wc -l)" -eq 30 ] &&
		printf '%s\n' "$s" | head -n 1 | grep -qF "team starshot" &&
		printf '%s\n' "$s" | grep -qF "starshot-telemetry-ingest" &&
		printf '%s\n' "$s" | tail -n 1 | grep -qF "connected"; then
		ok=1
		break
	fi
	sleep 0.05
done
[ -n "${ok:-}" ] || fail "no consistent 100x30 screen after 100 resizes"
alive

FAULTS_TRIED=2
# Every size here is below the minimum, where vdktop takes no key but q;
# its trace still logs each key it reads. A key sent after the resize and
# seen in the trace means the resize came in first and vdktop lived on.
keys_read() { cat "$T/trace.log" 2>/dev/null | grep -c ' key k=' || true; }
for size in "1 1" "2 1" "10 3" "20 5" "59 14"; do
	n0=$(keys_read)
	resize $size
	send j
	for i in $(seq $((100 * SLOW))); do
		[ "$(keys_read)" -gt "$n0" ] && break
		sleep 0.1
	done
	[ "$(keys_read)" -gt "$n0" ] || fail "vdktop at $size read no key within $((10 * SLOW)) s"
	alive
done
resize 100 30
wait_for "starshot-telemetry-ingest" 10
send j j k
alive

# stdout closed: vdktop must not spin or crash; it exits with a message.
FAULTS_TRIED=3
send Q
wait_exit 10
cat >"$T/closed.sh" <<EOF2
#!/bin/bash
cd "$T"
env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" VDKTOP_CONFIG="$T/config" TERM=xterm-256color \
	${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS:log_path=$T/asan/asan} "$VDKTOP_BIN" >&- 2>"$T/closed.err"
echo \$? >"$T/closed.rc"
exec sleep 3600
EOF2
chmod +x "$T/closed.sh"
_tmux new-window "$T/closed.sh" || fail "tmux did not open a window"
for i in $(seq $((100 * SLOW))); do
	[ -s "$T/closed.rc" ] && break
	sleep 0.1
done
[ -s "$T/closed.rc" ] || fail "vdktop with stdout closed did not exit within $((10 * SLOW)) s"
rc=$(cat "$T/closed.rc")
[ "$rc" != 0 ] || fail "vdktop with stdout closed exited 0"
[ "$rc" -lt 128 ] || fail "vdktop with stdout closed died from a signal (rc $rc)"
[ -s "$T/closed.err" ] || fail "vdktop with stdout closed gave no message"
_log "stdout closed: exit $rc: $(head -c 200 "$T/closed.err")"
pass_faults
