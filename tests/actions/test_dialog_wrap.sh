#!/bin/bash
# Dialogs at 80 columns: the body text wraps at word boundaries (no word
# is split across rows), and a wrong name typed in the delete dialog
# stays visible next to its error.
. "$(dirname "$0")/lib.sh"
JOB=starshot-processing-vmc-fact-daily
fake_start --seed demo
vdk_config demo starshot
vdktop_start 80 24
wait_for "$JOB"
select_job "$JOB"
send D
wait_for "Delete data job"
wait_for "Type $JOB to confirm"
# The box's rows, borders cut off; the body is what comes before the
# request line ("→ DELETE …": a path, which may be cut anywhere).
rows=$(screen | sed -n 's/^ *│ \(.*\)│ *$/\1/p' | sed 's/ *$//')
body=$(printf '%s\n' "$rows" | sed '/^\(→\|->\) /,$d' | grep -v '^$')
[ "$(printf '%s\n' "$body" | wc -l)" -ge 2 ] || fail "the body did not wrap at 80 columns: $body"
joined=$(printf '%s\n' "$body" | tr '\n' ' ' | tr -s ' ')
# The rows joined with one blank give back the dialog's sentences
# exactly: a word split across rows would come back with a blank in it.
for sentence in "Delete $JOB of team starshot?" \
	"The service removes the job, its deployment, its keytab and its sources in Git." \
	"Running executions are left to finish. This cannot be undone."; do
	case "$joined" in *"$sentence"*) ;; *) fail "a word was split: \"$sentence\" not in: $joined" ;; esac
done
# A wrong name stays where it was typed, next to the error.
send_text "starshot-wrong-name"
send Enter
wait_for "the name does not match"
assert_screen_has "starshot-wrong-name"
send Escape
wait_gone "Delete data job"
pass
