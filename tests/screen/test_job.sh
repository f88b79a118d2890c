#!/bin/bash
# The job view: Enter on a job shows its configuration, the deployment
# block and the executions table; :status filters; a job that is not
# deployed says so; Esc goes back with the selection kept.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo
vdk_config demo starshot
vdktop_start 120 40
wait_for "starshot-telemetry-ingest"

# Select a job by filtering to it, then open it.
send /
send_text billing-rec
send Enter
wait_for "jobs — starshot (1/16)"
send Enter
wait_for "job starshot-billing-reconcile"
wait_for "Reconciles billing events"
assert_screen_has "schedule  30 1 * * *"
wait_for "deployed  version"
assert_screen_has "enabled"
assert_screen_has "python"
wait_for "mode release"
assert_screen_has "notify    user error:"
wait_for "EXECUTION"
assert_screen_has "STATUS"
assert_screen_has "DURATION"
wait_for "starshot-billing-reconcile-"
assert_screen_has "✘ platform_error"
assert_screen_has "✔ succeeded"
assert_screen_has "last "   # the chart's caption
# the next three runs of "30 1 * * *"
[ "$(screen | grep '^schedule' | grep -o '→' | wc -l)" -eq 3 ] || fail "not three next runs"

# :status failed keeps only the error rows; Esc shows all again.
send :
send_text "status failed"
send Enter
wait_for "status: user_error platform_error"
screen | grep -E '^starshot-billing-reconcile-[0-9]' | grep -qF "succeeded" && fail "succeeded rows left"
screen | grep -E '^starshot-billing-reconcile-[0-9]' | grep -qF "platform_error" || fail "no failed row"
send Escape
wait_gone "status: user_error"
wait_for "✔ succeeded"

# "/" filters the executions as you type.
send /
send_text succ
wait_for "/succ"
screen | grep -E '^starshot-billing-reconcile-[0-9]' | grep -qF "platform_error" && fail "filter /succ kept an error"
send Escape
wait_gone "/succ"

# Enter on an execution opens its log; Esc comes back.
send Enter
wait_for "logs starshot-billing-reconcile/starshot-billing-reconcile-"
wait_for "lines"
send Escape
wait_for "job starshot-billing-reconcile"

# Back to the list; the selection stayed on the job.
send Escape
wait_for "jobs — starshot (1/16)"
send Escape
wait_for "jobs — starshot (16)"
screen | grep -F "starshot-billing-reconcile" | grep -q "enabled" || fail "row missing"

# A job that was never deployed.
send /
send_text ml-feature
send Enter
wait_for "(1/16)"
send Enter
wait_for "job starshot-ml-feature-export"
wait_for "not deployed"
wait_for "no executions kept for this job"
send Escape
wait_for "jobs — starshot (1/16)"
send Escape
# l opens the newest execution's log straight from the list.
send /
send_text telemetry
send Enter
wait_for "(1/16)"
send l
wait_for "logs starshot-telemetry-ingest/starshot-telemetry-ingest-"
wait_for "▶ running"
pass
