#!/bin/bash
# Files vdktop reads for secrets come from paths the user names, possibly
# in a shared directory: a FIFO or a directory planted at the token_file
# or cred_file path must not hang or crash vdktop — it says what is wrong
# and exits. (Mode 0600 and atomic write-back of the token cache are
# unit-tested in tests/unit/test_auth.c; the warning for a config file with
# a token that others can read in tests/unit/test_config.c.)
. "$(dirname "$0")/lib.sh"
# A reachable service, so that the only thing wrong is the file: the
# message must name it and say what is wrong with it.
fake_start --seed demo
mkdir -p "$T/shared"
mkfifo "$T/shared/token"
mkdir "$T/shared/cred.json"
mkfifo "$T/shared/cred2.json"
check() { # NAME FILE CONTEXT-LINES FATAL
	FAULTS_TRIED=$((FAULTS_TRIED + 1))
	printf 'contexts = ( { name = "x"; url = "%s"; %s } );\n' "$FAKE_URL" "$3" >"$T/cfg"
	timeout -k 2 $((5 * SLOW)) env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" \
		${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS:log_path=$T/asan/asan} \
		"$VDKTOP_BIN" --config "$T/cfg" --check >"$T/out" 2>&1 </dev/null
	rc=$?
	[ "$rc" -ne 124 ] && [ "$rc" -lt 128 ] || fail "$1: vdktop hung or died (rc $rc): $(cat "$T/out")"
	if [ "$4" = fatal ]; then
		[ "$rc" -ne 0 ] || fail "$1: --check succeeded: $(cat "$T/out")"
	else
		grep -qF "service: $FAKE_URL" "$T/out" || fail "$1: the service was not checked: $(cat "$T/out")"
	fi
	grep -F -- "$2" "$T/out" | grep -qF "not a regular file" ||
		fail "$1: no message naming $2 as not a regular file: $(cat "$T/out")"
	_log "$1: exit $rc: $(grep -F -- "$2" "$T/out" | head -c 160)"
}
# A token file named in the config is required: unreadable is fatal. The
# vdk CLI's credentials cache is optional: --check goes on and says why
# there is no token.
check "token_file is a FIFO" "$T/shared/token" "token_file = \"$T/shared/token\";" fatal
check "cred_file is a directory" "$T/shared/cred.json" "cred_file = \"$T/shared/cred.json\";" optional
check "cred_file is a FIFO" "$T/shared/cred2.json" "cred_file = \"$T/shared/cred2.json\";" optional
pass_faults
