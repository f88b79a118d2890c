#!/bin/bash
# Secrets (the fake with --vault): every value masked, its length too; R
# reveals the selected one only, until the view is left; a value set
# through the masked prompt is stored as a string; no value ever reaches
# the screen unrevealed, :log, a message or the --trace file.
. "$(dirname "$0")/lib.sh"
JOB=starshot-gdpr-erasure
SECRETS=/data-jobs/for-team/starshot/jobs/$JOB/deployments/TODO/secrets
OLD=hunter2-Qz7
NEW=n3w-S3cret-Vx9
ADDED=pw-9z8y7x
fake_start --seed demo --vault
fake_http PUT "$SECRETS" "{\"api_key\": \"$OLD\", \"db_port\": 5432, \"zz_long\": \"$(printf 'y%.0s' $(seq 1 90))\"}" >/dev/null
vdk_config demo starshot
vdktop_start 120 34 --trace "$T/trace"
wait_for "$JOB"
select_job "$JOB"
send v
wait_for "secrets of $JOB"
wait_for "api_key"
MASK="••••••"
for k in api_key db_port zz_long; do
	screen | grep -E "^$k +$MASK +- *\$" >/dev/null || fail "$k is not masked: $(screen | grep "^$k")"
done
assert_screen_lacks "$OLD"
assert_screen_lacks "5432"
assert_screen_lacks "yyyy"
# R shows the selected value, and only that one.
send R
wait_for "$OLD"
assert_screen_lacks "5432"
screen | grep -E "^db_port +$MASK" >/dev/null || fail "db_port revealed with api_key"
send R
wait_gone "$OLD"
send R
wait_for "$OLD"
# Leaving the view hides it again.
send Escape
wait_gone "secrets of $JOB  team"
send v
wait_for "secrets of $JOB"
wait_for "api_key"
assert_screen_lacks "$OLD"

secret_is() { # KEY VALUE: the fake holds exactly that string
	fake_http GET "$SECRETS" | python3 -c '
import json, sys
m = json.load(sys.stdin)
sys.exit(0 if m.get(sys.argv[1]) == sys.argv[2] else 1)' "$1" "$2"
}

# Set through the masked prompt.
send Enter
wait_for "Set secret api_key of $JOB"
wait_for "/secrets  (the whole map"
send_text "$NEW"
wait_for "••••••••••••••"
assert_screen_lacks "$NEW"
send Enter
wait_for "secret api_key of $JOB saved"
secret_is api_key "$NEW" || fail "api_key on the server: $(fake_http GET "$SECRETS")"
assert_screen_lacks "$NEW"
# A new one: digits stay a string.
send a
wait_for "Add a secret to $JOB"
send_text db_pass
send Tab
send_text "$ADDED"
send Enter
wait_for "secret db_pass of $JOB saved"
secret_is db_pass "$ADDED" || fail "db_pass: $(fake_http GET "$SECRETS")"
send a
wait_for "Add a secret to $JOB"
send_text pin
send Tab
send_text 0042
send Enter
wait_for "secret pin of $JOB saved"
secret_is pin 0042 || fail "pin is not the string 0042: $(fake_http GET "$SECRETS")"
wait_for "db_pass"
assert_screen_lacks "$ADDED"
# Delete one.
send /
send_text pin
send Enter
send D
wait_for "Delete pin from the secrets of $JOB?"
send y
wait_for "deleted pin from the secrets of $JOB"
fake_http GET "$SECRETS" | grep -q '"pin"' && fail "pin still stored"

resize 230 34
send :
send_text log
send Enter
wait_for "actions of this session"
wait_for "$JOB db_pass"
for s in "$OLD" "$NEW" "$ADDED"; do
	assert_screen_lacks "$s"
done
send Q
wait_exit 10
for s in "$OLD" "$NEW" "$ADDED" 0042; do
	grep -qF -- "$s" "$T/trace" && fail "the trace holds a secret value ($s)"
done
# Nor spelled out one key at a time.
typed=$(sed -n 's/.* key k=\(.\)$/\1/p' "$T/trace" | tr -d '\n')
case "$typed" in *"$NEW"* | *"$ADDED"*) fail "the trace spells a secret out key by key" ;; esac
case "$typed" in *log*) ;; *) fail "keys typed outside the form (:log) are not in the trace: $typed" ;; esac
grep -q 'key k=(private)' "$T/trace" || fail "the masked prompt's keys are not marked private in the trace"
grep -q 'key k=R' "$T/trace" || fail "the trace lost the keys outside the prompt"
pass
