#!/bin/bash
# Create: an invalid name shows the reason and sends nothing; a valid job
# appears selected; a duplicate keeps the form with the 409 message.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 100 32
wait_for "starshot-telemetry-ingest"

send c
wait_for "Create a data job"
wait_for "POST /data-jobs/for-team/starshot/jobs"
send_text "1bad"
wait_for "must start with a lowercase letter"
# The reason sits next to its field: on the row under it, where the value starts.
s=$(screen)
frow=$(grep -nF "1bad" <<<"$s" | head -n 1 | cut -d: -f1)
erow=$(grep -nF "must start with a lowercase letter" <<<"$s" | head -n 1 | cut -d: -f1)
[ -n "$frow" ] && [ "$erow" = $((frow + 1)) ] || fail "the name's error is not under its field (field row $frow, error row $erow): $s"
fcol=$(sed -n "${frow}p" <<<"$s" | awk '{ print index($0, "1bad") }')
ecol=$(sed -n "${erow}p" <<<"$s" | awk '{ print index($0, "must start") }')
[ "$ecol" -gt "$fcol" ] && [ "$ecol" -le $((fcol + 3)) ] || fail "the error starts at column $ecol, the value at $fcol: $s"
send Enter

# Fix the name, give a schedule and a contact.
send C-u
send_text "starshot-made-here"
wait_gone "must start with a lowercase"
# Cleared, not overdrawn: nothing of the error or of the bad name is left.
for gone in "✗" "lowercase" "letter, not" "1bad"; do
	assert_screen_lacks "$gone"
done
# The keys after Enter went to the form: it stayed open.
assert_screen_has "Create a data job"
send Down Down Down
send_text "15 3 * * *"
wait_for "next: "
assert_screen_has "03:15 UTC"
send Down
send_text "oncall@example.com"
# The create itself is the barrier: vdktop sends in key order, so a write
# the invalid name's Enter caused would be logged before it.
request_barrier "POST /data-jobs/for-team/starshot/jobs" send Enter
[ "$(writes)" = "POST /data-jobs/for-team/starshot/jobs" ] ||
	fail "invalid name: the fake saw more than the one create: $(writes)"
wait_for "created starshot-made-here"
wait_gone "Create a data job"
job_json starshot starshot-made-here | grep -q '"schedule_cron": "15 3 \* \* \*"' ||
	fail "the job's schedule did not reach the fake: $(job_json starshot starshot-made-here)"
# The new job is in the list, selected.
wait_for "starshot-made-here"
screen | grep -F "starshot-made-here" >/dev/null || fail "new job not listed"
color=$(screen_color | grep -F "starshot-made-here")
[ "$(screen_color | grep -c 'starshot-made-here')" -ge 1 ] || fail "no row"
echo "$color" | grep -q $'\e\\[' || fail "new row not highlighted"

# Duplicate: the 409 message, the form keeps its values.
send c
wait_for "Create a data job"
send_text "starshot-made-here"
send Down Down
send_text "kept description"
send Enter
wait_for "a job with this name already exists"
assert_screen_lacks "in team starshot"
assert_screen_has "kept description"
assert_screen_has "Create a data job"
send Escape
wait_for "discard changes? y/N"
send n
wait_gone "discard changes"
assert_screen_has "Create a data job"
send Escape y
wait_gone "Create a data job"
[ "$(requests POST | grep -c '/jobs$')" = 2 ] || fail "expected exactly two creates: $(requests POST)"
pass
