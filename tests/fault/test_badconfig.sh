#!/bin/bash
# Bad config and theme files: syntax errors, wrong types, bad values and
# unknown keys. A fatal problem prints file:line on stderr and exits 2,
# never a crash; an unknown key is a warning with file:line and vdktop
# goes on (--paths, which exits 0 after loading, shows that).
. "$(dirname "$0")/lib.sh"
run() { # config-text → sets OUT, RC
	printf '%s\n' "$1" >"$T/bad.conf"
	OUT=$(env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS:log_path=$T/asan/asan} \
		"$VDKTOP_BIN" --config "$T/bad.conf" ${2:-} --check 2>&1 </dev/null)
	RC=$?
}
expect_fatal() { # NAME LINE CONFIG [ARGS]
	FAULTS_TRIED=$((FAULTS_TRIED + 1))
	run "$3" "${4:-}"
	[ "$RC" = 2 ] || fail "$1: exit status $RC (want 2): $OUT"
	printf '%s' "$OUT" | grep -qF "$T/bad.conf:$2" || fail "$1: no $T/bad.conf:$2 in: $OUT"
}
expect_fatal "syntax error" 3 'refresh = 5;
contexts = ( { name = "x"; url = "http://127.0.0.1:1" }'
expect_fatal "unterminated string" 2 'theme = "abc'
expect_fatal "wrong type" 1 'refresh = "fast";'
expect_fatal "wrong type in a context" 3 'contexts = (
  { name = "x";
    url = 42; } );'
expect_fatal "out of range" 1 'refresh = -5;'
expect_fatal "bad url" 1 'contexts = ( { name = "x"; url = "ftp://example.com"; } );'
expect_fatal "control character" 1 "$(printf 'theme = "a\\x1b[2Jb";')"
printf '\001\377\376{{{\n' >"$T/garbage"
FAULTS_TRIED=$((FAULTS_TRIED + 1))
OUT=$(env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" "$VDKTOP_BIN" --config "$T/garbage" --check 2>&1 </dev/null)
RC=$?
[ "$RC" = 2 ] || fail "binary garbage: exit status $RC: $OUT"
printf '%s' "$OUT" | grep -qF "$T/garbage:1" || fail "binary garbage: no file:line in: $OUT"

# Unknown keys: a warning naming file:line, not fatal.
FAULTS_TRIED=$((FAULTS_TRIED + 1))
printf 'refresh = 5;\nno_such_key = 1;\n' >"$T/bad.conf"
OUT=$(env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" "$VDKTOP_BIN" --config "$T/bad.conf" --paths 2>&1 </dev/null)
RC=$?
[ "$RC" = 0 ] || fail "unknown key: --paths exit $RC: $OUT"
printf '%s' "$OUT" | grep -qF "$T/bad.conf:2" || fail "unknown key: no file:line warning in: $OUT"

# Theme files are read once the screen is up: a broken one is a warning
# naming file:line in the status line, the built-in colours are used, and
# vdktop goes on (a wide window, so the long temporary path shows whole).
mkdir -p "$T/xdg/vdktop/themes"
bad_theme() { # NAME LINE TEXT
	FAULTS_TRIED=$((FAULTS_TRIED + 1))
	printf '%s\n' "$3" >"$T/xdg/vdktop/themes/bad.theme"
	printf 'theme = "bad";\ncontexts = ( { name = "x"; url = "http://127.0.0.1:1"; team = "starshot"; } );\n' >"$T/bad.conf"
	vdktop_start 250 30 --config "$T/bad.conf"
	wait_for "bad.theme:$2" 10
	alive
	send Q
	wait_exit 10
	[ "$VDKTOP_RC" = 0 ] || fail "$1: exit status $VDKTOP_RC: $(cat "$T/stderr")"
	_tmux kill-server 2>/dev/null
	STARTED=
}
bad_theme "theme syntax error" 2 'elements = {
  normal = { fg = "red" ; ;'
bad_theme "theme wrong type" 2 'elements = {
  normal = { fg = 5; };
};'
bad_theme "theme unknown colour" 1 'elements = { header = { fg = "octarine"; }; };'
pass_faults
