#!/bin/bash
# Properties: `p` shows what was set through the API (key, value, JSON
# type, sorted by key, a long value in full below the table); a number and
# a boolean changed here keep their JSON types on the server; a key is
# added and deleted; a change made by someone else between opening the
# form and saving it is shown and asked again, never overwritten.
. "$(dirname "$0")/lib.sh"
JOB=starshot-gdpr-erasure
PROPS=/data-jobs/for-team/starshot/jobs/$JOB/deployments/TODO/properties
LONG="start-$(printf 'x%.0s' $(seq 1 150))-the-end"
fake_start --seed demo
fake_http PUT "$PROPS" "{\"retries\": 3, \"verbose\": false, \"owner\": \"team-x\", \"hosts\": [\"a\", \"b\"], \"long\": \"$LONG\"}" >/dev/null
vdk_config demo starshot
vdktop_start 120 34
wait_for "$JOB"
select_job "$JOB"
send p
wait_for "properties of $JOB"
wait_for "retries"
# Sorted by key, each with its value and its JSON type.
order=$(screen | awk '$1 ~ /^(hosts|long|owner|retries|verbose)$/ {print $1}' | head -5 | tr '\n' ' ')
[ "$order" = "hosts long owner retries verbose " ] || fail "rows not sorted by key: $order"
screen | grep -E '^retries +3 +number' >/dev/null || fail "retries row: $(screen | grep retries)"
screen | grep -E '^verbose +false +boolean' >/dev/null || fail "verbose row"
screen | grep -E '^owner +team-x +string' >/dev/null || fail "owner row"
screen | grep -E '^hosts +\["a","b"\] +array' >/dev/null || fail "hosts row"
# The long value is cut in the table and shown whole below it.
send /
send_text long
send Enter
wait_for "long (string)"
wait_for "the-end"

props_json() { fake_http GET "$PROPS"; }
prop_is() { # KEY PYTHON-EXPR-OF-v
	props_json | python3 -c '
import json, sys
m = json.load(sys.stdin)
v = m.get(sys.argv[1], KeyError)
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"
}

# A number stays a number.
send Escape
send /
send_text retries
send Enter
send Enter
wait_for "Edit property retries of $JOB"
wait_for "/properties  (the whole map"
send C-u
send_text 5
wait_for "sends number retries: 5"
send Enter
wait_for "retries of $JOB is now 5 (number)"
prop_is retries 'type(v) is int and v == 5' || fail "retries on the server: $(props_json)"
# A boolean stays a boolean.
send Escape
send /
send_text verbose
send Enter
send Enter
wait_for "Edit property verbose of $JOB"
send C-u
send_text true
send Enter
wait_for "verbose of $JOB is now true (boolean)"
prop_is verbose 'v is True' || fail "verbose on the server: $(props_json)"
prop_is owner 'v == "team-x"' || fail "the rest of the map changed: $(props_json)"
# Quotes make a string of a number.
send Enter
wait_for "Edit property verbose of $JOB"
send C-u
send_text '"3"'
wait_for "the type changes: boolean → string"
send Escape
wait_for "discard"
send y
wait_gone "Edit property verbose"

# Add a key, then delete it (y/N; Enter is No).
send a
wait_for "Add a property to $JOB"
send_text new_key
send Tab
send_text "hello world"
send Enter
wait_for "new_key of $JOB is now \"hello world\" (string)"
prop_is new_key 'v == "hello world"' || fail "new_key: $(props_json)"
send Escape
send /
send_text new_key
send Enter
wait_for "new_key (string)"
send D
wait_for "Delete new_key from the properties of $JOB?"
send Enter
wait_gone "Delete new_key"
prop_is new_key 'v == "hello world"' || fail "Enter deleted new_key"
send D
wait_for "Delete new_key from the properties of $JOB?"
send y
wait_for "deleted new_key from the properties of $JOB"
prop_is new_key 'v is KeyError' || fail "new_key still there: $(props_json)"

# Someone else changes the map while the form is open: nothing is
# written, the differences are shown, and a second Enter saves on top.
send Escape
send /
send_text retries
send Enter
send Enter
wait_for "Edit property retries of $JOB"
fake_http PUT "$PROPS" '{"retries": 7, "verbose": true, "owner": "team-x", "hosts": ["a", "b"], "long": "short now", "other": 1}' >/dev/null
puts=$(request_count "PUT /data-jobs/for-team/starshot/jobs/$JOB/deployments/production/properties")
send C-u
send_text 9
send Enter
wait_for "changed on the server since they were shown"
# The dialog's text wraps at word boundaries: read its rows joined.
dialog_text() { screen | sed -n 's/^ *│\(.*\)│ *$/\1/p' | tr '\n' ' ' | tr -s ' '; }
dialog_text | grep -qF "~ retries: 5 → 7." || fail "the change of retries is not shown: $(dialog_text)"
wait_for "+ other = 1"
wait_for "Nothing was"
[ "$(request_count "PUT /data-jobs/for-team/starshot/jobs/$JOB/deployments/production/properties")" = "$puts" ] || fail "a PUT went out over someone else's change"
prop_is retries 'v == 7' || fail "retries was overwritten: $(props_json)"
send Enter
wait_for "retries of $JOB is now 9 (number)"
prop_is retries 'v == 9' || fail "retries: $(props_json)"
prop_is other 'v == 1' || fail "the other change was lost: $(props_json)"
prop_is long 'v == "short now"' || fail "the other change was lost: $(props_json)"

# Every write is in :log with its outcome.
resize 230 34
send :
send_text log
send Enter
wait_for "actions of this session"
wait_for "$JOB retries"
screen | grep -E "^ *[0-9:]+ +properties +$JOB retries +saved" >/dev/null || fail ":log lacks the PUT"
screen | grep -F "$JOB new_key" | grep -q deleted || fail ":log lacks the delete"
# The first entry whole: the PUT it sent.
send g Enter
wait_for "action log entry"
assert_screen_has "PUT /data-jobs/for-team/starshot/jobs/$JOB/deployments/production/properties"
pass
