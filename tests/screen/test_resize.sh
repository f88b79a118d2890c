#!/bin/bash
# Below 60×15 a clear "terminal too small" screen; back to normal when the
# window grows again, with the rows still there.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 100 30
wait_for "starshot-telemetry-ingest"
resize 50 12
wait_for "terminal too small (need 60×15, have 50×12)"
assert_screen_lacks "starshot-telemetry-ingest"
resize 59 20
wait_for "have 59×20"
resize 90 25
wait_gone "terminal too small"
wait_for "starshot-telemetry-ingest"
wait_for "team starshot"
# A storm of resizes leaves a consistent screen.
for i in $(seq 30); do resize $((60 + i)) $((15 + i % 10)); done
resize 100 30
for i in $(seq $((100 * SLOW))); do
	s=$(screen)
	if [ "$(printf '%s\n' "$s" | wc -l)" -eq 30 ] &&
	   printf '%s\n' "$s" | head -n 1 | grep -qF "team starshot" &&
	   printf '%s\n' "$s" | grep -qF "starshot-telemetry-ingest" &&
	   printf '%s\n' "$s" | tail -n 1 | grep -qF "connected"; then
		pass
	fi
	sleep 0.05
done
fail "no consistent 100×30 screen after the resize storm"
