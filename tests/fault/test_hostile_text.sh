#!/bin/bash
# Server text on curses surfaces. A job name holding a CR followed by a
# forged context and host, U+202E, RLM and a BOM: the header keeps its own
# context and host and shows the CR as ^M, and no raw bidi control or mark
# reaches the screen. An error answer too long for one row wraps inside the
# dialog, above its key hints, to its last word; the typed confirmation's
# label shows the name made safe. A team name with an OSC 0
# title change and U+202E, completed into the command line, stays inert. Watched and failing, the
# same name in the WATCHED flag is shown made safe, and cut before the
# READ-ONLY marker would have to give way.
. "$(dirname "$0")/lib.sh"
hostile_start jobs
fault_config "" ""
vdktop_start 140 30 --refresh 60
wait_for "evil-job^MFORGED"
send Enter
wait_for "job evil-job"
header=$(screen | head -n 1)
case $header in
" vdktop  fault  127.0.0.1"*) ;;
*) fail "the header's context and host were overwritten: $header" ;;
esac
printf '%s\n' "$header" | grep -qF 'job evil-job^MFORGED-CONTEXT' || fail "the CR is not shown as ^M: $header"
printf '%s\n' "$header" | grep -qF '<U+202E>right<U+200F><U+FEFF>' || fail "the bidi controls are not shown by name: $header"
for cp in $(printf '\342\200\256') $(printf '\342\200\217') $(printf '\357\273\277'); do
	screen | grep -qF -- "$cp" && fail "a raw control ($(printf '%s' "$cp" | od -An -tx1 | tr -d ' ')) reached the screen"
done

# A team name from an answer, completed into the command line: shown made
# safe, the pane's title untouched.
_tmux set-option -g set-titles on 2>/dev/null
send :
send_text 'team zz'
send Tab
# (the line editor keeps no control character; the rest is drawn safe)
wait_for ':team zz]0;pwned-titleteam<U+202E>'
title=$(_tmux display -p '#{pane_title}')
case $title in *pwned*) fail "a completed team name set the title: $title" ;; esac
screen | grep -qF "$(printf '\342\200\256')" && fail "a raw U+202E from a team name reached the screen"
send Escape

# A long error in a dialog wraps inside it and leaves the key hints alone.
send r
wait_for "y yes  n/Esc/Enter no"
send y
wait_for "TAILWORD" 10
s=$(screen)
printf '%s\n' "$s" | grep -qF "y yes  n/Esc/Enter no" || fail "the key hints were overwritten"
# Every row of the error is inside the box: it starts after the border.
n=$(printf '%s\n' "$s" | grep -cE '│ +.*(seems|three rows|TAILWORD).*│')
[ "$n" -ge 2 ] || fail "the error did not wrap inside the box ($n rows)"
send Escape
wait_gone "TAILWORD"
# The typed confirmation's label names the job: made safe there too.
send D
wait_for "to confirm:"
screen | grep -qF 'Type evil-job^MFORGED-CONTEXT 10.6.6.6 <U+202E>right<U+200F><U+FEFF> to confirm:' ||
	fail "the typed-confirm label is not made safe: $(screen | grep -F 'to confirm')"
screen | grep -qF "$(printf '\342\200\256')" && fail "a raw U+202E reached the typed confirmation"
send Escape
wait_gone "to confirm:"
send Escape
send Q
wait_exit 10

vdktop_start 90 30 --read-only --refresh 1
wait_for "evil-job^MFORGED"
send w
wait_for "WATCHED FAILING" 10
header=$(screen | head -n 1)
# (At 90 columns with the flag the product name gives way first.)
case $header in
" vdktop  fault  127.0.0.1"* | " fault  127.0.0.1"*) ;;
*) fail "the header's context and host were overwritten: $header" ;;
esac
case $header in
*" READ-ONLY") ;;
*) fail "the READ-ONLY marker gave way to the WATCHED flag: $header" ;;
esac
printf '%s\n' "$header" | grep -qF 'WATCHED FAILING: evil-job^MFORGED' || fail "the watched name is not made safe: $header"
send Q
wait_exit 10
FAULTS_TRIED=4
pass_faults
