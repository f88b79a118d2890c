#!/bin/bash
# A name that does not resolve (--url http://nonexistent.invalid) and a
# URL without a service behind it: a clear message, no crash, q quits;
# --check fails with the reason and exit status 1.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
fault_config "" ""
vdktop_start 120 30 --url http://nonexistent.invalid --refresh 1
wait_for "retrying in" 30
screen | grep -qiE "resolve|name|host" || fail "the status does not say the name does not resolve"
alive
send Q
wait_exit 10
[ "$VDKTOP_RC" = 0 ] || fail "exit status $VDKTOP_RC"
out=$(env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" "$VDKTOP_BIN" --check --url http://nonexistent.invalid 2>&1)
rc=$?
[ "$rc" = 1 ] || fail "--check on an unknown host: exit $rc ($out)"
printf '%s' "$out" | grep -qiE "resolve" || fail "--check does not say the host does not resolve: $out"
# A wrong path on a live server: the service answers 404 for everything.
out=$(env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" "$VDKTOP_BIN" --check --url "$FAKE_URL/not-here" 2>&1)
rc=$?
[ "$rc" = 1 ] || fail "--check on a wrong URL: exit $rc ($out)"
FAULTS_TRIED=2
pass_faults
