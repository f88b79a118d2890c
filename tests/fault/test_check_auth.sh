#!/bin/bash
# Auth in one clear text: --check tells "reached the service, but it
# refused the token" from "cannot reach", naming the real source of the
# token (VDKTOP_TOKEN); the status line says unauthorized once, not
# "unauthorized (unauthorized)".
. "$(dirname "$0")/lib.sh"
fake_start --seed demo --auth --api-token good-api-token
fault_config "" ""
VDKTOP_TOKEN=not-a-token "$VDKTOP_BIN" --check >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || fail "--check with a refused token: rc $rc: $(cat "$T/err")"
grep -qF "but it refused the token (HTTP 401)" "$T/err" || fail "not told the token was refused: $(cat "$T/err")"
grep -qF "auth: static token from VDKTOP_TOKEN" "$T/err" || fail "the token's source is not named: $(cat "$T/err")"
grep -qF "cannot reach" "$T/err" && fail "a refusal reads as unreachable: $(cat "$T/err")"

VDKTOP_TOKEN=not-a-token "$VDKTOP_BIN" --url http://127.0.0.1:1 --check >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || fail "--check against nothing: rc $rc: $(cat "$T/err")"
grep -qF "cannot reach" "$T/err" || fail "unreachable not said: $(cat "$T/err")"
grep -qF "refused the token" "$T/err" && fail "an unreachable service reads as a refusal: $(cat "$T/err")"

VDKTOP_TOKEN=not-a-token vdktop_start 140 24
wait_for "unauthorized: the service refused the token" 20
assert_screen_lacks "(unauthorized"
FAULTS_TRIED=2
pass_faults
