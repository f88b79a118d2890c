#!/bin/bash
# Server text cannot drive the terminal: a job description and an
# execution message holding OSC 52 (clipboard write), a screen clear, a
# title change and C1/bidi controls are shown as visible text (^[ …), and
# the terminal state is untouched (no clipboard set, no title change, the
# screen still whole).
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
fault_config "" ""
EVIL=$(printf 'EVIL\033]52;c;cHduZWQ=\a\033[2J\033]0;pwned-title\a\033[31mred\302\233K\342\200\256txet end')
body=$(python3 -c '
import json, sys
evil = sys.argv[1]
print(json.dumps({"job_name": "starshot-evil-escapes", "team": "starshot", "description": evil,
                  "config": {"schedule": {"schedule_cron": "0 3 * * *"}, "contacts": {}}}))' "$EVIL")
fake_http POST /data-jobs/for-team/starshot/jobs "$body" >/dev/null || fail "job create failed"
msg=$(python3 -c 'import json,sys; print(json.dumps({"status": "running", "message": sys.argv[1], "started_by": sys.argv[1][:40]}))' "$EVIL")
fake_http POST /_admin/executions/starshot/starshot-evil-escapes "$msg" >/dev/null || fail "execution create failed"
_tmux set-option -g set-clipboard on 2>/dev/null
_tmux set-option -g set-titles on 2>/dev/null
vdktop_start 140 35 --refresh 1
wait_for "starshot-evil-escapes"
send /
send_text evil-esc
send Enter
wait_for "(1/17)"
send Enter
wait_for "job starshot-evil-escapes"
wait_for "EVIL" 10
wait_for "running" 20 # the execution row with its message
s=$(screen)
printf '%s\n' "$s" | grep -qF "job starshot-evil-escapes" || fail "the screen was cleared by server text"
# tmux records what an OSC 52 or OSC 0 would have set.
[ -z "$(_tmux show-buffer 2>/dev/null)" ] || fail "server text wrote the clipboard: $(_tmux show-buffer)"
title=$(_tmux display -p '#{pane_title}')
case $title in *pwned*) fail "server text set the title: $title" ;; esac
# The sequences are shown as inert, visible text: "^[" + their bytes
# (src/sanitize.h), so a user sees that something odd was sent.
printf '%s\n' "$s" | grep -F "EVIL" | grep -qF '^[]52;c;' ||
	fail "the description's escape is not shown as visible ^[ text: $(printf '%s\n' "$s" | grep -F EVIL | head -n 2)"
# No raw C1 or bidi control reached the terminal: a U+202E in a cell
# reorders what the user reads on bidi-aware terminals.
for cp in $(printf '\302\233') $(printf '\342\200\256'); do
	printf '%s\n' "$s" | grep -qF -- "$cp" && fail "a raw control ($(printf '%s' "$cp" | od -An -tx1 | tr -d ' ')) reached the screen"
done
send Escape
send Q
wait_exit 10
FAULTS_TRIED=2
pass_faults
