#!/bin/bash
# Deploy from a generated job directory: the fake gets a zip rooted at the
# directory, the job's schedule and contacts and the deployment change,
# and the new version goes live after the fake's delay. A directory with
# a keytab inside is refused before anything is sent.
. "$(dirname "$0")/lib.sh"
JOB=starshot-partner-feed-export
fake_start --seed demo --deploy-delay 2
vdk_config demo starshot

mk_job() { # DIR
	mkdir -p "$1/sub"
	cat >"$1/config.ini" <<'INI'
[owner]
team = starshot

[job]
schedule_cron = 7 */2 * * *
python_version = 3.11

[contacts]
notified_on_job_deploy = deploys@example.com
notified_on_job_failure_user_error = oncall@example.com, lead@example.com
INI
	echo "select 1" >"$1/10_step.sql"
	printf 'def run(job_input):\n    pass\n' >"$1/sub/20_python.py"
}
mk_job "$T/jobs/$JOB"
mk_job "$T/bad/$JOB"
echo "secret" >"$T/bad/$JOB/sub/creds.keytab"

vdktop_start 110 34
wait_for "$JOB"
select_job "$JOB"

# Refused: a keytab inside.
send d
wait_for "Deploy"
wait_for "POST /data-jobs/for-team/starshot/jobs/$JOB/sources"
# (the dialog opens on the directory field)
send_text "$T/bad/$JOB"
send Enter
wait_for "keytab"
send Escape y
wait_gone "Job directory"
team_barrier starshot
assert_no_writes "keytab refusal"
# Filter down to the job again, whether or not the filter outlived the
# team switch.
send /
send C-u
send_text "$JOB"
send Enter
wait_for "jobs — starshot (1/"

# The real one, with Tab completion of the path.
send d
wait_for "Job directory"
# (the dialog opens on the directory field)
send_text "$T/jobs/starshot-partner-f"
send Tab
wait_for "$T/jobs/$JOB/"
send Enter
wait_for "schedule 7 */2 * * *"
assert_screen_has "python 3.11"
assert_screen_has "Enter again to deploy"
# Enter waits until the service's python versions are known (they
# arrive by a request of their own): config.ini's 3.11 is then chosen.
wait_for "(•) 3.11"
send Enter
wait_for "upload the sources"
wait_for "deployed $JOB" 30
screen >"$T/deploy-screen.txt"

# What the fake received.
fake_get_bytes "/_admin/sources/starshot/$JOB" "$T/got.zip" || fail "no sources uploaded"
unzip -l "$T/got.zip" >"$T/zip.txt" || fail "not a zip"
for f in config.ini 10_step.sql sub/20_python.py; do
	grep -qF "$JOB/$f" "$T/zip.txt" || fail "zip lacks $JOB/$f: $(cat "$T/zip.txt")"
done
sha=$(sha1sum "$T/got.zip" | cut -c1-40)
job_json starshot "$JOB" >"$T/job.json"
grep -qF '7 */2 * * *' "$T/job.json" || fail "schedule not updated: $(cat "$T/job.json")"
grep -qF 'deploys@example.com' "$T/job.json" || fail "contacts not updated: $(cat "$T/job.json")"
fake_http GET "/data-jobs/for-team/starshot/jobs/$JOB/deployments" >"$T/dep.json"
grep -qF "$sha" "$T/dep.json" || fail "deployment is not at $sha: $(cat "$T/dep.json")"
grep -qF '"python_version": "3.11"' "$T/dep.json" || fail "python not 3.11: $(cat "$T/dep.json")"
# The sequence, in order: upload, read, replace, deploy.
requests | grep -E '^(POST|PUT|GET) .*/jobs/'"$JOB"'(/sources|/deployments)?$' | grep -v '^GET .*deployments$' |
	tr '\n' ';' >"$T/seq.txt"
grep -q "POST [^;]*/sources;GET [^;]*/$JOB;PUT [^;]*/$JOB;POST [^;]*/deployments" "$T/seq.txt" ||
	fail "unexpected request order: $(cat "$T/seq.txt")"
# The dialog can be left; the action log has the writes.
send Enter
wait_gone "upload the sources"
send :
send_text "log"
send Enter
wait_for "actions of this session (4)"
# One row per write, in order; Enter on a row shows its request.
[ "$(screen | sed -n 3,6p | awk '{print $2}' | tr '\n' ' ')" = "upload update deploy deploy " ] ||
	fail "action log rows: $(screen | sed -n 3,6p)"
send g Enter
wait_for "POST /data-jobs/for-team/starshot/jobs/$JOB/sources"
send q j Enter
wait_for "PUT /data-jobs/for-team/starshot/jobs/$JOB"
send q j Enter
wait_for "POST /data-jobs/for-team/starshot/jobs/$JOB/deployments"
send q   # the entry, back to the table

# Deployed again with config.ini unchanged: no PUT of the job, which
# would clear its last-run summary on the server (api-notes 4.7).
puts() { requests | grep -c "^PUT .*/jobs/$JOB\$"; }
[ "$(puts)" -eq 1 ] || fail "expected one PUT so far, saw $(puts)"
send Escape
wait_for "jobs — starshot"
send /
send C-u
send_text "$JOB"
send Enter
wait_for "jobs — starshot (1/"
send d
wait_for "Job directory"
send_text "$T/jobs/$JOB"
send Enter
wait_for "Enter again to deploy"
wait_for "(•) 3.11"
send Enter
wait_for "config unchanged"
wait_for "deployed $JOB" 30
[ "$(puts)" -eq 1 ] || fail "an unchanged config.ini was PUT: $(requests | grep "^PUT")"
requests | grep -E '^(POST|PUT|GET) .*/jobs/'"$JOB"'(/sources|/deployments)?$' | grep -v '^GET .*deployments$' |
	tr '\n' ';' >"$T/seq2.txt"
grep -q "POST [^;]*/sources;GET [^;]*/$JOB;POST [^;]*/deployments;\$" "$T/seq2.txt" ||
	fail "unexpected request order: $(cat "$T/seq2.txt")"
pass
