#!/bin/bash
# The files around the config in a shared directory: a token file others
# can read is refused, as ssh refuses such a private key (exit 2, the fix
# in the message, never the token); a token cache others can read and an
# included config file others can change are each named in a warning.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
mkdir -p "$T/shared"
run_check() {
	env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS:log_path=$T/asan/asan} \
		"$VDKTOP_BIN" --config "$T/cfg" --check >"$T/out" 2>&1 </dev/null
}

FAULTS_TRIED=1
printf 'tok-secret-value\n' >"$T/shared/tok"
chmod 644 "$T/shared/tok"
printf 'contexts = ( { name = "x"; url = "%s"; token_file = "%s"; } );\n' "$FAKE_URL" "$T/shared/tok" >"$T/cfg"
run_check
rc=$?
[ "$rc" -eq 2 ] || fail "a token file others can read: rc $rc, not 2: $(cat "$T/out")"
grep -qF "can be read by others (mode 0644)" "$T/out" || fail "no reason given: $(cat "$T/out")"
grep -qF "chmod 600 $T/shared/tok" "$T/out" || fail "no fix given: $(cat "$T/out")"
grep -qF "tok-secret" "$T/out" && fail "the token is in the message"
chmod 600 "$T/shared/tok"
run_check || fail "a private token file was refused: $(cat "$T/out")"

FAULTS_TRIED=2
printf '{}' >"$T/shared/cred.json"
chmod 644 "$T/shared/cred.json"
printf 'refresh = 5;\n' >"$T/shared/inc.cfg"
chmod 666 "$T/shared/inc.cfg"
printf '@include "shared/inc.cfg"\ncontexts = ( { name = "x"; url = "%s"; cred_file = "%s"; } );\n' \
	"$FAKE_URL" "$T/shared/cred.json" >"$T/cfg"
run_check || fail "--check failed: $(cat "$T/out")"
grep -qF "warning: token cache $T/shared/cred.json can be read by others" "$T/out" ||
	fail "no warning for the token cache: $(cat "$T/out")"
grep -qF "warning: included config file $T/shared/inc.cfg can be changed by other users" "$T/out" ||
	fail "no warning for the included file: $(cat "$T/out")"
pass_faults
