#!/bin/bash
# Read-only refuses every write with its reason and sends nothing; a
# confirm = "typed" context asks for the name even for enable/disable.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 110 30 --read-only
wait_for "starshot-telemetry-ingest"
# Each key's own refusal, named by its action: the status line holds one
# message, and no two keys in a row share a name, so a refusal still on
# screen from the key before never answers for the next one.
refused() { # KEY ACTION
	send "$1"
	wait_for "$2 refused: read-only (--read-only)"
}
refused c create
refused d deploy
refused r run
refused e toggle-enable
refused D delete
select_job starshot-telemetry-ingest
send Enter
wait_for "job starshot-telemetry-ingest"
refused x cancel
refused r run
refused e toggle-enable
refused d deploy
refused D delete
assert_screen_lacks "Delete data job"
assert_screen_lacks "Run now"
# Every refusal above was handled before the barrier's request went out.
team_barrier starshot
assert_no_writes "read-only"

# Typed confirmation for every write in a production-like context.
vdk_config prod starshot 'confirm = "typed";'
vdktop_start 110 30
wait_for "starshot-partner-feed-export"
select_job starshot-partner-feed-export
send e
wait_for "Disable the deployment"
wait_for "Type starshot-partner-feed-export to confirm"
# y is text here, not a yes: Enter then finds the name wrong.
send y
send Enter
wait_for "the name does not match"
send Escape
send r
wait_for "Run now"
assert_screen_has "Type starshot-partner-feed-export to confirm"
send Escape
send c
wait_for "Create a data job"
assert_screen_has "Type the name"
send Escape
wait_gone "Create a data job"
team_barrier starshot
assert_no_writes "typed context"
pass
