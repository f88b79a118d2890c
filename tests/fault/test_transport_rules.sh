#!/bin/bash
# Where a secret may travel. A proxy is the network: with http_proxy set, a
# token for a loopback service over plain http is refused (the TUI and
# --check say which proxy, and the proxy never sees a request). Loopback is
# the parsed address: http://127.evil.invalid is the network. A URL's
# user:password@ is a credential (the same rule), and --check shows it as
# user:***@. insecure = true is shown by --check and does not reach the
# token endpoint, whose self-signed certificate is still refused.
. "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null 2>&1 || fail "openssl is missing (make deps-test installs it)"
TOKEN="vdkt-proxy-$RANDOM$RANDOM"
fake_start --seed demo --auth --api-token good-api-token --static-token "$TOKEN"
python3 "$(dirname "$0")/hung_listener.py" "$T/proxy.log" >"$T/proxy.out" 2>"$T/proxy.err" &
PROXY_PID=$!
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
	-days 1 -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1 || fail "openssl req failed"
python3 "$(dirname "$0")/tls_proxy.py" "$T/cert.pem" "$T/key.pem" "$FAKE_PORT" >"$T/tls.out" 2>"$T/tls.err" &
TLS_PID=$!
trap 'rc=$?; kill $PROXY_PID $TLS_PID 2>/dev/null; (exit $rc); _cleanup' EXIT
for i in $(seq 50); do grep -qs '^READY' "$T/proxy.out" && grep -qs '^READY' "$T/tls.out" && break; sleep 0.1; done
PROXY_PORT=$(sed -n 's/^READY //p' "$T/proxy.out")
TLS_PORT=$(sed -n 's/^READY //p' "$T/tls.out")
[ -n "$PROXY_PORT" ] || fail "the listener did not start: $(cat "$T/proxy.err")"
[ -n "$TLS_PORT" ] || fail "the TLS front did not start: $(cat "$T/tls.err")"
one_context() { # URL EXTRA-LINES
	cat >"$T/config" <<EOF2
timeout = 3;
contexts = ( { name = "rules"; url = "$1"; team = "starshot"; $2 } );
EOF2
	chmod 600 "$T/config"
	export VDKTOP_CONFIG="$T/config"
}
check() { # [NAME=VALUE...] [-- VDKTOP-ARGS...]: vdktop --check; output in $T/check.out, status in $rc
	local envs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	env -u http_proxy -u https_proxy -u HTTPS_PROXY -u all_proxy -u ALL_PROXY -u no_proxy -u NO_PROXY \
		HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" "${envs[@]}" "$VDKTOP_BIN" --check "$@" >"$T/check.out" 2>&1
	rc=$?
}

# 1. A proxy in the environment: refused for a token over plain http, even
#    to a loopback service; the proxy is never contacted.
FAULTS_TRIED=1
one_context "$FAKE_URL" "token = \"$TOKEN\";"
check http_proxy="http://127.0.0.1:$PROXY_PORT"
[ "$rc" = 2 ] || fail "--check through a proxy: status $rc: $(cat "$T/check.out")"
grep -qF "through the proxy 127.0.0.1:$PROXY_PORT" "$T/check.out" || fail "no proxy named: $(cat "$T/check.out")"
check ALL_PROXY="127.0.0.1:$PROXY_PORT"
[ "$rc" = 2 ] || fail "--check through ALL_PROXY: status $rc"
VDKTOP_ENV="http_proxy=http://127.0.0.1:$PROXY_PORT" vdktop_start 120 30 --refresh 1
wait_exit 10
[ "$VDKTOP_RC" = 2 ] || fail "vdktop through a proxy: status $VDKTOP_RC"
grep -qF "through the proxy 127.0.0.1:$PROXY_PORT" "$T/stderr" || fail "no proxy named: $(cat "$T/stderr")"
[ ! -s "$T/proxy.log" ] || fail "the proxy received: $(head -c 300 "$T/proxy.log")"
# no_proxy naming the service lifts it: the direct connection is loopback.
check http_proxy="http://127.0.0.1:$PROXY_PORT" no_proxy=127.0.0.1
[ "$rc" = 0 ] || fail "--check with no_proxy: status $rc: $(cat "$T/check.out")"
[ ! -s "$T/proxy.log" ] || fail "the proxy was used despite no_proxy"

# 2. Loopback is the parsed host: 127.evil.invalid is the network.
FAULTS_TRIED=2
one_context "http://127.evil.invalid:$FAKE_PORT" "token = \"$TOKEN\";"
check
[ "$rc" = 2 ] || fail "--check to 127.evil.invalid: status $rc: $(cat "$T/check.out")"
grep -qF "refusing to send a token over plain http:// to 127.evil.invalid:$FAKE_PORT" "$T/check.out" ||
	fail "127.evil.invalid not refused: $(cat "$T/check.out")"
vdktop_start 120 30 --refresh 1
wait_exit 10
[ "$VDKTOP_RC" = 2 ] || fail "vdktop to 127.evil.invalid: status $VDKTOP_RC"
grep -qF "127.evil.invalid" "$T/stderr" || fail "no refusal on stderr: $(cat "$T/stderr")"

# 3. user:password@ in the URL: the plain-http rule holds for it, and
#    --check never prints the password.
FAULTS_TRIED=3
check -- --url "http://scott:tiger-$TOKEN@127.evil.invalid:$FAKE_PORT"
[ "$rc" = 2 ] || fail "user:password to 127.evil.invalid: status $rc"
grep -qF "credentials in the URL" "$T/check.out" || fail "user:password not refused: $(cat "$T/check.out")"
one_context "https://scott:tiger-$TOKEN@127.0.0.1:$TLS_PORT" "ca_file = \"$T/cert.pem\"; token = \"$TOKEN\";"
check
[ "$rc" = 0 ] || fail "--check with user:password over https: status $rc: $(cat "$T/check.out")"
grep -qF "service: https://scott:***@127.0.0.1:$TLS_PORT" "$T/check.out" || fail "URL not redacted: $(cat "$T/check.out")"
grep -qF "tiger" "$T/check.out" && fail "--check printed the URL's password"
vdktop_start 120 30 --refresh 1 --trace "$T/trace.log"
wait_for "starshot-telemetry-ingest" 20
assert_screen_lacks "tiger"
assert_screen_lacks "scott"
send Q
wait_exit 10
grep -qF "tiger" "$T/trace.log" "$T/stderr" && fail "the URL's password in the trace or on stderr"

# 4. insecure = true: --check says so; the token endpoint is verified still.
FAULTS_TRIED=4
one_context "https://127.0.0.1:$TLS_PORT" "insecure = true; api_token = \"good-api-token\"; authorization_url = \"https://127.0.0.1:$TLS_PORT/oauth/token\";"
check
grep -qF "tls: NOT VERIFIED (insecure = true" "$T/check.out" || fail "--check does not show insecure: $(cat "$T/check.out")"
grep -qi "token exchange failed: .*certificate" "$T/check.out" ||
	fail "the token endpoint's certificate was not refused: $(cat "$T/check.out")"
[ "$rc" = 1 ] || fail "--check status $rc"
one_context "https://127.0.0.1:$TLS_PORT" "insecure = true; token = \"$TOKEN\";"
check
[ "$rc" = 0 ] || fail "--check insecure with a static token: status $rc: $(cat "$T/check.out")"
grep -qF "tls: NOT VERIFIED (insecure = true" "$T/check.out" || fail "--check does not show insecure: $(cat "$T/check.out")"
pass_faults
