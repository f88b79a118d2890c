#!/bin/bash
# A log full of terminal attacks: clear screen, OSC 52 clipboard writes,
# title changes, BEL, carriage-return overprinting, backspaces, C1
# controls, NUL and invalid UTF-8. The view shows every one of them as
# visible text (caret notation, <U+…>, U+FFFD) and none reaches the
# terminal: the bytes vdktop writes hold no such sequence, tmux's title and
# clipboard stay untouched, and the chrome is still on screen.
. "$(dirname "$0")/common.sh"
fake_start --seed demo
vdk_config demo starshot
config_top "log_poll_ms = 300;"
job=starshot-gdpr-erasure
ex=$(new_execution $job)
[ -n "$ex" ] || fail "no execution created"
vdktop_start 120 30
_tmux set -s set-clipboard on
_tmux set -g allow-rename on
title0=$(_tmux display -p '#{pane_title}')
open_logs $job
wait_for "▶ running"
wait_for "starting"
bytes_start
post_raw "/_admin/logs/starshot/$job/$ex" \
	'b"HOSTILE-1 \x1b[2J\x1b[H CLEARED\nHOSTILE-2 \x1b]52;c;ZXZpbA==\x07 clip\nHOSTILE-3 \x1b]0;PWNED\x07 title\nHOSTILE-4 bell\x07\x07 cr safe\rEVIL bs abc\x08\x08X\nHOSTILE-5 c1 \xc2\x9b31m nul \x00 end\nHOSTILE-6 \x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ bidi \xe2\x80\xae txt\n"' >/dev/null ||
	fail "cannot append to the log"
post_raw "/_admin/logs/starshot/$job/$ex?surrogates=1" 'b"HOSTILE-7 bad \xff\xfe utf8 \xc3\n"' >/dev/null ||
	fail "cannot append invalid UTF-8"
send t   # without timestamps the lines are short enough to read whole
wait_for "HOSTILE-7"
s=$(screen)
for want in 'HOSTILE-1 ^[[2J^[[H CLEARED' 'HOSTILE-2 ^[]52;c;ZXZpbA==^G clip' 'HOSTILE-3 ^[]0;PWNED^G title' \
	'bell^G^G cr safe^MEVIL bs abc^H^HX' 'c1 <U+009B>31m nul ^@ end' '^[]8;;http://evil.example/^[\link' \
	'bidi <U+202E> txt' 'bad �� utf8 �'; do
	grep -qF -- "$want" <<<"$s" || fail "screen lacks the escaped text: $want"
done
# Still the whole frame: nothing was cleared or overprinted.
assert_screen_has "● connected"
assert_screen_has "$job-"
# The escaped parts are drawn in the escaped colour (fg256 170).
screen_color | grep -F "HOSTILE-2" | grep -q $'38;5;170m\^\[' || fail "escapes not in the escaped colour"
# Nothing of it reached the terminal.
bytes_stop
python3 - "$T/bytes" <<'PY' || fail "hostile bytes reached the terminal"
import sys
data = open(sys.argv[1], "rb").read()
# (CR and BS are left out: curses itself moves the cursor with them; the
# screen above shows the log's own as ^M and ^H.)
bad = [b"\x1b]52", b"\x1b]0;", b"\x1b]8;", b"\x07", b"\x00", b"\xc2\x9b", b"\xe2\x80\xae", b"\x1b[2J"]
found = [b for b in bad if b in data]
if b"HOSTILE" not in data:
    print("no log text was written at all"); sys.exit(1)
if found:
    print("found", found); sys.exit(1)
PY
[ "$(_tmux display -p '#{pane_title}')" = "$title0" ] || fail "the pane title changed"
[ -z "$(_tmux list-buffers 2>/dev/null)" ] || fail "a clipboard buffer was set"
pass
