#!/bin/bash
# A column's own sort key (k9s style): N sorts the jobs by name, a second
# N reverses; A sorts by last run, newest first. The status line says the
# column and the direction. The / prompt names the fields it matches, and
# the matched text is drawn in the theme's search_match colours (reverse
# without colour).
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 40
wait_for "starshot-telemetry-ingest"
wait_for "row 1/"
# The names in the table's rows, top to bottom.
names() { screen | sed -n '3,38p' | grep -o 'starshot-[a-z0-9-]*' ; }
# Leave the name sort first, so N starts a fresh ascending sort.
send A
wait_for "sorted by LAST RUN, descending"
send N
wait_for "sorted by NAME, ascending"
asc=$(names)
[ "$(printf '%s\n' "$asc" | wc -l)" -gt 3 ] || fail "too few rows: $asc"
[ "$asc" = "$(printf '%s\n' "$asc" | LC_ALL=C sort)" ] || fail "N did not sort by name ascending: $asc"
send N
wait_for "sorted by NAME, descending"
desc=$(names)
[ "$desc" = "$(printf '%s\n' "$asc" | LC_ALL=C sort -r)" ] || fail "a second N did not reverse: $desc"
case "$(screen | tail -n 1)" in *"sort NAME"*) ;; *) fail "status lacks the sort label: $(screen | tail -n 1)" ;; esac
# The filter: its prompt names the fields, the match is highlighted.
esc=$(printf '\033')
send /
wait_for "filter (name, team, description, status, state): /"
send_text bill
wait_for "row 1/"
wait_for "filter (name, team, description, status, state): /bill"
screen_color | grep -Eq "48;5;220m(${esc}\[[0-9;]*m)*bill${esc}" ||
	fail "the match is not drawn in search_match: $(screen_color | grep -F starshot-bill | cat -v)"
# Only the match: the rest of the name keeps the row's colours.
screen_color | grep -q "48;5;220mbilling" && fail "more than the match highlighted"
vdktop_stop
vdktop_start 120 40 --no-color
wait_for "starshot-telemetry-ingest"
send /
send_text ing
wait_for "filter (name, team, description, status, state): /ing"
wait_for "row 1/"
# Right before the match: only SGR sequences, the last setting attr.
sgr_before() { # LINE ATTR TEXT
	screen_color | sed -n "$1p" | grep -Eq "\[[0-9;]*$2m(${esc}\[[0-9;]*m)*$3${esc}"
}
# The selected row is reverse video: its match is not, but underlined;
# on the other rows the match is reverse.
sgr_before 3 "4" ing || fail "the match on the selected row does not stand out: $(screen_color | sed -n 3p | cat -v)"
sgr_before 5 "7" ing || fail "no reverse on the match without colour: $(screen_color | sed -n 5p | cat -v)"
pass
