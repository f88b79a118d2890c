#!/bin/bash
# Bad input is refused the same way everywhere: one line on stderr that
# says what is wrong (and how to get help), exit status 2, before the
# screen is taken. --theme lists the themes there are; a URL without a
# scheme gets "did you mean https://…"; a port must be 1–65535; an unknown
# option is one line with the --help hint, not the whole usage; a
# terminal that cannot address the cursor is refused with a message;
# --check validates the key bindings; --version names every library.
. "$(dirname "$0")/lib.sh"
FAULTS_TRIED=0
run() { # ARGS… → OUT, RC
	OUT=$(env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" VDKTOP_DATADIR="$TOP" \
		${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS:log_path=$T/asan/asan} \
		"$VDKTOP_BIN" "$@" 2>&1 </dev/null)
	RC=$?
	FAULTS_TRIED=$((FAULTS_TRIED + 1))
}
expect() { # NAME TEXT ARGS… : exit 2, one line, TEXT in it
	local name=$1 text=$2
	shift 2
	run "$@"
	[ "$RC" = 2 ] || fail "$name: exit status $RC (want 2): $OUT"
	[ "$(printf '%s\n' "$OUT" | wc -l)" = 1 ] || fail "$name: more than one line: $OUT"
	printf '%s' "$OUT" | grep -qF -- "$text" || fail "$name: no \"$text\" in: $OUT"
}
expect "unknown theme" "themes: default, high-contrast, light, monochrome, solarized-dark" \
	--theme nosuch --url http://127.0.0.1:1 --check
expect "no scheme" "did you mean https://example.com:8443 ?" --url example.com:8443 --check
expect "port too large" "invalid port" --url http://127.0.0.1:99999 --check
expect "port zero" "invalid port" --url http://127.0.0.1:0 --check
expect "port not a number" "invalid port" --url http://127.0.0.1:http --check
expect "unknown option" "unknown option --nosuch (see vdktop --help)" --nosuch
expect "unknown short option" "unknown option -z (see vdktop --help)" -z
expect "missing value" "--url needs a value" --url
expect "stray argument" 'unexpected argument "extra" (see vdktop --help)' extra
# A URL with user info is not echoed back in the suggestion.
expect "no scheme, user info" "did you mean https://… ?" --url user:pw@example.com --check
printf '%s' "$OUT" | grep -qF "pw" && fail "the password was echoed: $OUT"
# A good port and a good theme pass these checks (and then fail to connect: 1).
run --theme light --url http://127.0.0.1:1 --check
[ "$RC" = 1 ] || fail "a valid theme and port: exit status $RC (want 1): $OUT"

# --check validates the keys section.
cat >"$T/keys.conf" <<EOF2
keys = { no-such-action = "z"; };
contexts = ( { name = "x"; url = "http://127.0.0.1:1"; } );
EOF2
expect "bad key binding" "no-such-action" --config "$T/keys.conf" --check

# --version lists every linked library, inih included.
run --version
[ "$RC" = 0 ] || fail "--version: exit status $RC"
for lib in libcurl json-c ncurses libconfig libzip inih; do
	printf '%s' "$OUT" | grep -q "^  $lib" || fail "--version lacks $lib: $OUT"
done

# A terminal without cursor addressing: refused with a message, status 2.
fake_start --seed demo
fault_config "" ""
FAULTS_TRIED=$((FAULTS_TRIED + 1))
VDKTOP_ENV="TERM=dumb" vdktop_start 80 24
wait_exit 10
[ "$VDKTOP_RC" = 2 ] || fail "TERM=dumb: exit status $VDKTOP_RC (want 2)"
grep -qF "TERM=dumb" "$T/stderr" || fail "TERM=dumb: no message: $(cat "$T/stderr")"
grep -qF "cannot move the cursor" "$T/stderr" || fail "TERM=dumb: message: $(cat "$T/stderr")"
pass_faults
