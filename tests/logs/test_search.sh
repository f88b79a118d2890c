#!/bin/bash
# A failed run: error lines are coloured, ] and [ step through them;
# / finds a word, every match is highlighted in place, n and N step
# through the matching lines with the position in the status line.
. "$(dirname "$0")/common.sh"
fake_start --seed demo
vdk_config demo starshot
job=starshot-sales-forecast-weekly
ex=$(newest_exec $job)
server_log $job "$ex" "$T/server.log"
total=$(wc -l <"$T/server.log")
# The demo log's first error line (0-based) decides the height: the first
# screen must end just before it.
first_err=$(grep -n -m1 -E '\[ERROR\]|Traceback' "$T/server.log" | cut -d: -f1)
first_err=$((first_err - 1))
body=$((first_err - 1))
[ "$body" -le 20 ] || body=20
[ "$body" -ge 11 ] || body=11   # vdktop needs 15 rows
H=$((body + 4))
vdktop_start 160 $H
open_logs $job
wait_for "user_error"

# Opened at the end of a finished log, where the failure is.
wait_for "Job execution result"
wait_for "[ERROR]"
# Error lines in the theme's log_error colour (fg256 210), INFO lines not.
# The foreground colour in effect at the first TEXT on screen: tmux does not
# repeat a colour that runs on from the row above, so it is tracked across rows.
fg_at() {
	screen_color | python3 -c '
import re, sys
text, want = sys.stdin.read(), sys.argv[1]
fg, pos = "default", 0
for m in re.finditer(r"\x1b\[([0-9;]*)m|" + re.escape(want), text):
    if m.group(0) == want:
        print(fg)
        break
    codes = (m.group(1) or "0").split(";")
    i = 0
    while i < len(codes):
        c = codes[i]
        if c in ("0", "39"):
            fg = "default"
        elif c == "38" and i + 2 < len(codes) and codes[i + 1] == "5":
            fg = codes[i + 2]
            i += 2
        elif c.isdigit() and (30 <= int(c) <= 37 or 90 <= int(c) <= 97):
            fg = c
        i += 1
' "$1"
}
[ "$(fg_at "[ERROR]")" = 210 ] || fail "[ERROR] line not coloured ($(fg_at "[ERROR]"))"
screen_color | grep -F "[INFO ]" | grep -q $'38;5;210' && fail "an INFO line is coloured as an error"

# Unwrapped (w), one line a row. g: the first lines, no error in sight;
# ] goes to the first error line, marked (the selected colour, bg256 24)
# with context above it.
send w
wait_for "long lines cut"
# A line cut at the right edge is marked there; l and h (like Right and
# Left) scroll by the same step, and a line cut at the left is marked too.
screen | grep -q '›$' || fail "no line is marked as continuing past the edge"
send l
wait_for "col 41"
screen | grep -q '^‹' || fail "no line is marked as cut at the left edge"
send Right
wait_for "col 81"
send h
wait_for "col 41"
send Left
wait_gone "col 41"
screen | grep -q '^‹' && fail "a line is still marked cut at the left at column 1"
send g
wait_for "line 1/"
[ "$body" -lt "$first_err" ] && wait_gone "[ERROR]"
send ]
wait_for "[ERROR]"
marked() { screen_color | grep $'48;5;24' | sed 's/\x1b\[[0-9;]*m//g'; }
marked | grep -qF "[ERROR] vdk.internal.builtin_plugins.run.step" || fail "] did not mark the first error line"
[ "$(screen | grep -n -F "[ERROR] vdk.internal.builtin_plugins.run.step" | cut -d: -f1)" -gt 4 ] ||
	fail "no context above the error line"
# ] again: the next error line (on screen already: nothing scrolls).
send ]
for i in $(seq 100); do marked | grep -qF "run.data_job" && break; sleep 0.05; done
marked | grep -qF "[ERROR] vdk.internal.builtin_plugins.run.data_job" || fail "second ] did not move on"
send ]
for i in $(seq 100); do marked | grep -qF "Traceback" && break; sleep 0.05; done
marked | grep -qF "Traceback (most recent call last)" || fail "] skipped the Traceback line"
send [
for i in $(seq 100); do marked | grep -qF "run.data_job" && break; sleep 0.05; done
marked | grep -qF "[ERROR] vdk.internal.builtin_plugins.run.data_job" || fail "[ did not go back"
# Past the last error line, ] says there is no further one (and wraps).
found=
for i in $(seq 60); do
	send ]
	screen | tail -n 1 | grep -qF "no further error below" && { found=1; break; }
done
[ -n "$found" ] || wait_for "no further error below"

# Search: the count is the number of matching lines, case folded.
want=$(grep -ci "step" "$T/server.log")
[ "$want" -ge 3 ] || fail "the demo log has too few step lines ($want)"
send g
send /
wait_for "finished"   # the prompt is open; the header still shows the mode
send_text STEP
send Enter
wait_for "/STEP 1/$want"
# every match on screen is highlighted (search_match: bg256 220)
hl=$(screen_color | grep -o $'\e\\[[0-9;]*48;5;220m[^\e]*' | sed 's/.*m//' | sort -u)
[ -n "$hl" ] || fail "no highlighted match"
# (a match cut by the right edge's "›" marker shows its start only)
screen_color | python3 -c '
import re, sys
bad = []
for row in sys.stdin.read().split("\n"):
    for m in re.finditer(r"\x1b\[[0-9;]*48;5;220m([^\x1b]*)", row):
        run = m.group(1)
        if run.lower() == "step":
            continue
        rest = re.sub(r"\x1b\[[0-9;]*m", "", row[m.end():])
        if "step".startswith(run.lower()) and rest.rstrip() == "\u203a":
            continue
        bad.append(run)
sys.exit(1 if bad else 0)' || fail "highlighted something else: $hl"
onscreen=$(screen | sed -n "4,$((H - 1))p" | grep -oi step | wc -l)
[ "$(screen_color | grep -o $'48;5;220m' | wc -l)" -ge "$onscreen" ] || { screen_color | grep -i step | head -3 | cat -v >&2; fail "not every match highlighted"; }
send n
wait_for "/STEP 2/$want"
send n
wait_for "/STEP 3/$want"
send N N
wait_for "/STEP 1/$want"
# N from the first match wraps to the last one
send N
wait_for "/STEP $want/$want"
# One timestamp a line by default: the K8s one is hidden where VDK's own
# follows; t shows it too, and the search still counts the same lines.
screen | grep -q '^2026-[0-9-]*T[0-9:.]*Z 2026-' && fail "two timestamps on a line by default"
screen | grep -q '^2026-[0-9-]* [0-9:,]* \[VDK\]' || fail "VDK's own timestamp is not shown"
send t
wait_for "K8s timestamps shown"
screen | grep -q '^2026-[0-9-]*T[0-9:.]*Z 2026-' || fail "t did not show the K8s timestamp"
# a word that is nowhere
send /
send C-u
send_text "no-such-word-anywhere"
send Enter
wait_for "no line matches /no-such-word-anywhere"
# lines stay: the search highlights, never filters
[ "$(lines_shown)" = "$total" ] || [ "$(lines_shown)" = "$((total + 1))" ] || fail "line count changed: $(lines_shown)"
pass
