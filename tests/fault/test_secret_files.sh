#!/bin/bash
# Files vdktop reads for secrets come from paths the user names, possibly
# in a shared directory: a FIFO or a directory planted at the token_file
# or cred_file path must not hang or crash vdktop — it says what is wrong
# and exits. (Mode 0600 and atomic write-back of the token cache are
# unit-tested in tests/unit/test_auth.c; the warning for a config file with
# a token that others can read in tests/unit/test_config.c.)
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/shared"
mkfifo "$T/shared/token"
mkdir "$T/shared/cred.json"
check() { # NAME CONTEXT-LINES
	FAULTS_TRIED=$((FAULTS_TRIED + 1))
	printf 'contexts = ( { name = "x"; url = "http://127.0.0.1:1"; %s } );\n' "$2" >"$T/cfg"
	timeout -k 2 $((5 * SLOW)) env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" \
		${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS:log_path=$T/asan/asan} \
		"$VDKTOP_BIN" --config "$T/cfg" --check >"$T/out" 2>&1 </dev/null
	rc=$?
	[ "$rc" -ne 124 ] && [ "$rc" -lt 128 ] || fail "$1: vdktop hung or died (rc $rc): $(cat "$T/out")"
	[ "$rc" -ne 0 ] || fail "$1: --check succeeded"
	[ -s "$T/out" ] || fail "$1: no message"
	_log "$1: exit $rc: $(head -c 160 "$T/out")"
}
check "token_file is a FIFO" "token_file = \"$T/shared/token\";"
check "cred_file is a directory" "cred_file = \"$T/shared/cred.json\";"
mkfifo "$T/shared/cred2.json"
check "cred_file is a FIFO" "cred_file = \"$T/shared/cred2.json\";"
pass_faults
