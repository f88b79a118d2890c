#!/bin/bash
# Tokens: with an API token, an expired access token is refreshed once and
# the request retried (no outage shown); with an API token the token
# endpoint refuses, the failed exchange is named; 403 for the team says
# "not permitted for team starshot" and recovers when allowed again.
. "$(dirname "$0")/lib.sh"
fake_start --seed demo --auth --api-token good-api-token --token-lifetime 3600
fault_config "" "api_token = \"good-api-token\"; authorization_url = \"$FAKE_URL/oauth/token\";"
vdktop_start 120 30 --refresh 1
wait_for "starshot-telemetry-ingest"
wait_for "● connected"
issued() { fake_http GET /_admin/stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["tokens_issued"])'; }
before=$(issued)
fake_http DELETE /_admin/requests >/dev/null
fault_set '{"expire_tokens": true}'
FAULTS_TRIED=1
# The next poll meets a 401, refreshes once, retries: data keeps flowing.
for i in $(seq 100); do
	[ "$(issued)" -gt "$before" ] && break
	sleep 0.1
done
[ "$(issued)" -eq $((before + 1)) ] || fail "expected one token refresh, saw $(( $(issued) - before ))"
sleep_polls() { # wait until N more jobs requests were answered 200
	local want=$1 i
	for i in $(seq 100); do
		n=$(fake_http GET /_admin/requests | python3 -c '
import json,sys
r=json.load(sys.stdin)
print(sum(1 for x in r if x["path"].endswith("/jobs") and x["status"]==200))')
		[ "$n" -ge "$want" ] && return 0
		sleep 0.1
	done
	fail "no successful polls after the refresh"
}
sleep_polls 2
assert_screen_has "● connected"
assert_screen_lacks "unauthorized"
rows_kept "token expiry"
[ "$(issued)" -eq $((before + 1)) ] || fail "more than one refresh for one expiry"

# 403 for the team.
FAULTS_TRIED=2
fault_set '{"forbid_teams": ["starshot"]}'
wait_for "not permitted for team starshot" 20
alive
rows_kept "403"
fault_clear
wait_for "● connected" 40
wait_gone "not permitted" 10

# An API token the token endpoint refuses: the status line names the
# failed exchange (no request goes out without a token).
FAULTS_TRIED=3
send Q
wait_exit 10
fault_config "" "api_token = \"wrong-api-token\"; authorization_url = \"$FAKE_URL/oauth/token\";"
vdktop_start 120 30 --refresh 1
wait_for "token exchange failed: HTTP 400 (invalid_grant)" 20
alive
assert_screen_lacks "wrong-api-token"
send Q
wait_exit 10
[ "$VDKTOP_RC" = 0 ] || fail "exit status $VDKTOP_RC"
pass_faults
