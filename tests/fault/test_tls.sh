#!/bin/bash
# TLS with a self-signed certificate on loopback: refused by default with a
# clear message; accepted with ca_file naming the certificate; accepted
# with insecure = true, and then the header shows INSECURE.
. "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null 2>&1 || skip "openssl is missing (make deps-test installs it)"
fake_start --seed demo
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
	-days 1 -keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1 || fail "openssl req failed"
python3 "$(dirname "$0")/tls_proxy.py" "$T/cert.pem" "$T/key.pem" "$FAKE_PORT" >"$T/tls.out" 2>"$T/tls.err" &
TLS_PID=$!
trap 'rc=$?; kill $TLS_PID 2>/dev/null; (exit $rc); _cleanup' EXIT
for i in $(seq 50); do grep -q '^READY' "$T/tls.out" && break; sleep 0.1; done
TLS_PORT=$(sed -n 's/^READY //p' "$T/tls.out")
[ -n "$TLS_PORT" ] || fail "the TLS proxy did not start: $(cat "$T/tls.err")"
https_config() { # extra context lines
	cat >"$T/config" <<EOF2
contexts = ( { name = "tls"; url = "https://127.0.0.1:$TLS_PORT"; team = "starshot"; $1 } );
EOF2
	export VDKTOP_CONFIG="$T/config"
}

# 1. Default: verification on, the certificate is refused.
FAULTS_TRIED=1
https_config ""
vdktop_start 120 30 --refresh 1
wait_for "certificate" 20
alive
assert_screen_lacks "starshot-telemetry-ingest"
assert_screen_lacks "INSECURE"
send Q
wait_exit 10
# --check says it too, with a non-zero exit.
out=$(env HOME="$T/home" XDG_CONFIG_HOME="$T/xdg" "$VDKTOP_BIN" --check 2>&1)
rc=$?
[ "$rc" -ne 0 ] || fail "--check succeeded against a self-signed certificate"
printf '%s' "$out" | grep -qi "certificate" || fail "--check did not name the certificate problem: $out"

# 2. ca_file: accepted, not INSECURE.
FAULTS_TRIED=2
https_config "ca_file = \"$T/cert.pem\";"
vdktop_start 120 30 --refresh 1
wait_for "starshot-telemetry-ingest" 20
wait_for "● connected"
assert_screen_lacks "INSECURE"
send Q
wait_exit 10

# 3. insecure = true: accepted, and the header says INSECURE.
FAULTS_TRIED=3
https_config "insecure = true;"
vdktop_start 120 30 --refresh 1
wait_for "starshot-telemetry-ingest" 20
screen | head -n 1 | grep -qF "INSECURE" || fail "the header does not show INSECURE"
send Q
wait_exit 10
pass_faults
