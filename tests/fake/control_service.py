#!/usr/bin/env python3
"""A stateful fake of the VDK Control Service (Data Jobs API) for vdktop's
tests and demo. It behaves like the REAL server as described in
docs/api-notes.md, not like the idealised OpenAPI spec. Python 3 standard
library only.

Usage:
  python3 tests/fake/control_service.py [options]

Prints exactly one line `READY http://HOST:PORT` on stdout once it accepts
connections; exits cleanly (status 0) on SIGTERM or SIGINT.

Options:
  --host H              listen address (default 127.0.0.1)
  --port P              port, 0 picks a free one (default 0)
  --seed demo|empty|scale
                        data set (default demo). Same seed, same names,
                        teams, states and histories; only absolute times
                        follow the clock.
  --jobs N              number of jobs for --seed scale (default 10000)
  --speed X             time acceleration for executions and deployments
                        (default 1; 10 makes a run take about 1-2 s)
  --deploy-delay S      seconds (before --speed) until a POSTed deployment
                        goes live (default 3)
  --log-ttl S           a finished execution's logs read as "" this many
                        seconds after it ended (default 3600)
  --cron-accel K        scheduled runs: cron time runs K times faster than
                        real time; enabled, deployed jobs start a scheduled
                        execution (or record a skipped one while running)
                        when their cron fires. 0 = off (default; keeps
                        screens stable). `--cron-accel 120` makes an
                        hourly job run every 30 s.
  --big-log-lines N     add job biglog-export (team starshot) with one
                        finished execution whose log has N lines (~108
                        bytes each, never expires), built on first read and
                        then served from memory; see GET /_admin/state
  --python-versions L   comma list for info (default 3.9,3.10,3.11)
  --auth                require `Authorization: Bearer <token>` on
                        /data-jobs/** (401, empty body, WWW-Authenticate)
  --api-token T         API token accepted by POST /oauth/token (repeatable;
                        default demo-api-token)
  --static-token T      an access token that is always valid (tests)
  --token-lifetime S    expires_in of issued access tokens (default 3600)
  --faults JSON         initial fault switches (see POST /_admin/faults)
  --idle-timeout S      close idle keep-alive connections after S seconds
                        (default 300)
  --max-header-bytes N  request line + headers above N bytes get Tomcat's 400
                        HTML page on /data-jobs (default 8192, as the real
                        deployment's server.maxHttpHeaderSize)
  --vault               the secrets endpoints work (the service's Vault
                        integration is on): GET {} until a PUT (202; 413 when
                        the map serialises to more than 1 MiB). Without it
                        they answer 501, as the real server does by default.
  --forbid-types LIST   comma-separated file endings the sources upload
                        refuses (400); default none, as the server's empty
                        allow and filter lists
  --verbose             log every request on stderr

Protocol: HTTP/1.1 keep-alive, Content-Length on every response, gzip when
the request accepts it and the body is over 1 KiB, X-OPID echoed (or
generated as "0"+millis) on responses with a body.

OAuth2 (always served, used with --auth):
  POST /oauth/token  form grant_type=refresh_token&refresh_token=<api token>
                     -> {access_token, expires_in, token_type:"bearer",
                         refresh_token, scope}; 400 {"error": ...} otherwise.
                     Access tokens are unsigned JWT-shaped strings whose
                     payload carries username "demo-user".

Admin API (never requires auth, never counted in /_admin/requests):
  GET    /_admin/stats        {connections_opened, requests_served, bytes_sent,
                               gzip_responses, tokens_issued, per_path{path:n}}
  DELETE /_admin/stats        reset the counters
  GET    /_admin/requests     recent requests (last 2000), oldest first:
                              {time, method, path, query, params, headers
                              (Authorization shown as "<redacted>"),
                              authorization (bool), body_size, body,
                              body_sha256, status, response_bytes,
                              connection, served_ms (request line read →
                              answer written, once written)}
                              body: the request body as text when it is
                              UTF-8 of at most 64 KiB (start execution,
                              create, PUT, deploy, PATCH ...), else null;
                              "<redacted>" for /oauth (it holds the API
                              token). body_sha256: hex digest of the raw
                              body, null when empty (an uploaded zip)
  DELETE /_admin/requests     clear that log
  GET    /_admin/faults       current fault switches
  POST   /_admin/faults       merge switches (JSON object):
           latency_ms: N                  delay every /data-jobs request
           fail_next: {count, status}     answer with that status (5xx except
                                          502/504: ErrorMessage JSON; others empty)
           drop_next: N                   send headers + half the body, close
           malformed_next: N              200 with truncated JSON
           huge_next: {count, bytes}      200 with a valid JSON body of that size
           wrong_types_next: N            real answer with wrong types, missing
                                          fields and unknown enum values
           content_type_next: {count, type, body?}
                                          200 with e.g. text/html body
           expire_tokens: true            invalidate every issued access token now
           down: true|false               close every /data-jobs and /oauth
                                          request without an answer until false
           forbid_teams: [team, ...]      403 (empty) for those teams' paths
           fail_paths: [{contains, status}, ...]
                                          until cleared, every request whose
                                          "METHOD path" contains the text is
                                          answered like fail_next (one poll
                                          failing while the others succeed)
           stall_paths: [text, ...]       until cleared, an answer to a request
                                          whose "METHOD path" contains a text
                                          sends its headers and half its body,
                                          then holds the rest until the switch
                                          is cleared (a large answer still
                                          arriving, for as long as a test needs)
         The count-based switches apply to /data-jobs requests only, in
         order down, latency, fail_next, fail_paths, auth, forbid, then the
         answer mutations.
  DELETE /_admin/faults       clear all switches
  GET    /_admin/state        {now, teams{team: jobs}, running[{team, job, id,
                               status}], big_log{team, job, id, lines}, seed}
  POST   /_admin/executions/{team}/{job}
         create an execution directly (even if not deployed). Body, all
         optional: {status: "running"|"submitted", duration_s (0 = until
         forced; default 0), outcome (final status after duration_s;
         default succeeded), message, type, started_by, pod_delay_s (no pod
         yet, logs "" this long; default 0), log_delay_s (then the pod
         exists but its log answers 503 this long; default 0)} -> 201
         {id, location}
  POST   /_admin/executions/{team}/{job}/{id}/status
         {status, message?}: force a status (final ones set end_time and
         freeze the log)
  POST   /_admin/logs/{team}/{job}/{id}
         raw body appended to that execution's log, one timestamped line per
         "\\n"; invalid UTF-8 becomes U+FFFD, or lone-surrogate escapes with
         ?surrogates=1
  POST   /_admin/schedule/{team}/{job}   start a scheduled run now
  GET    /_admin/sources/{team}/{job}    last uploaded zip bytes (404 if none)
  POST   /_admin/time        {advance_s}: move the fake's clock forward

Demo data (--seed demo), fixed names and states (fake_seed.DEMO_JOBS):
  teams starshot (16 jobs, the default team), supercollider (13),
  taurus-ops (11): 40 jobs.
  running now:  starshot-telemetry-ingest (the only active execution at
                start; runs 2 h / --speed, one log line every ~1.5 s / --speed)
  last run user_error:     starshot-sales-forecast-weekly,
                starshot-data-quality-checks, supercollider-experiment-results,
                taurus-ops-k8s-cost-report, starshot-clickstream-sessionize
                (disabled)
  last run platform_error: starshot-billing-reconcile,
                supercollider-ingest-clickstream, taurus-ops-cert-expiry-check;
                with the OOM message: starshot-snapshot-archiver,
                supercollider-billing-rollup
  last run cancelled: starshot-backfill-2024-q3 (no schedule),
                supercollider-vendor-sync, taurus-ops-log-retention (disabled)
  last run skipped: starshot-usage-rollup-hourly, supercollider-events-dedup-hourly
  not deployed: starshot-ml-feature-export, supercollider-sandbox-test,
                supercollider-ledger-export-eu, taurus-ops-incident-stats
  disabled:     starshot-legacy-import-sql, starshot-clickstream-sessionize,
                supercollider-archive-raw-events, taurus-ops-log-retention
  deployed, never run: starshot-partner-feed-export (cron "0 0 30 2 *":
                nextRunEpochSeconds -1)
  invalid cron: taurus-ops-dns-audit ("0 25 * * *": -1; manual runs only)
  flaky histories: starshot-customer-360-build, supercollider-anomaly-detector,
                taurus-ops-capacity-forecast (manual runs fail ~35 %)
  non-ASCII description: supercollider-tenant-metrics-daily; empty
                descriptions: starshot-snapshot-archiver, taurus-ops-capacity-forecast
  The failed/cancelled/skipped last runs ended 5-40 min before start, so their
  logs (with ERROR lines and a Traceback for failures) are readable; runs that
  ended more than --log-ttl ago answer {"logs": ""}. Histories hold 8-30
  runs: scheduled ones at the cron's fire times, manual ones in between.
  Manual runs of other jobs succeed; a run takes 9.5-21.5 s / --speed
  (submitted 1 s, logs 503 for the first 1.5 s).
--seed scale --jobs N: N jobs named <verb>-<noun>-<00000>, all in team
  starshot, ~88 % deployed, 3 runs each, ~1 % running.
--seed empty: no jobs. --jobs only applies to scale.
"""

import argparse
import base64
import collections
import gc
import gzip
import hashlib
import json
import os
import signal
import socket
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fake_admin  # noqa: E402
import fake_rest  # noqa: E402
import fake_seed  # noqa: E402
import fake_store  # noqa: E402
from fake_rest import Req, Resp, as_json, empty  # noqa: E402

MAX_BODY = 512 * 1024 * 1024
UNAUTHENTICATED = ("/data-jobs/debug", "/data-jobs/api-docs", "/data-jobs/swagger-ui",
                   "/data-jobs/oauth-credentials/client-ids")


class Faults:
    COUNTED = ("drop_next", "malformed_next", "wrong_types_next")

    def __init__(self):
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.state = {}

    def set(self, obj):
        with self.lock:
            for k, v in obj.items():
                if k == "expire_tokens":
                    continue
                if v is None or v is False or v == 0:
                    self.state.pop(k, None)
                else:
                    self.state[k] = v
            self.changed.notify_all()

    def clear(self):
        with self.lock:
            self.state = {}
            self.changed.notify_all()

    def _stalls(self, what):
        return any(isinstance(t, str) and t in what for t in self.state.get("stall_paths") or [])

    def stalls(self, what):
        """Whether stall_paths holds the answer to "METHOD path"."""
        with self.lock:
            return self._stalls(what)

    def wait_unstalled(self, what):
        with self.lock:
            while self._stalls(what):
                self.changed.wait(1.0)

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps(self.state))

    def get(self, key):
        with self.lock:
            return self.state.get(key)

    def take(self, key):
        """Consumes one use of a count-based switch; returns its settings."""
        with self.lock:
            v = self.state.get(key)
            if not v:
                return None
            if isinstance(v, dict):
                n = int(v.get("count", 1))
                if n <= 1:
                    del self.state[key]
                else:
                    v["count"] = n - 1
                return v
            n = int(v)
            if n <= 1:
                del self.state[key]
            else:
                self.state[key] = n - 1
            return True


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()
        self.log = collections.deque(maxlen=2000)

    def reset(self):
        self.connections = 0
        self.requests = 0
        self.bytes_sent = 0
        self.gzip = 0
        self.tokens_issued = 0
        self.per_path = collections.Counter()

    def as_json(self):
        with self.lock:
            return {"connections_opened": self.connections, "requests_served": self.requests,
                    "bytes_sent": self.bytes_sent, "gzip_responses": self.gzip,
                    "tokens_issued": self.tokens_issued, "per_path": dict(self.per_path)}


class Auth:
    def __init__(self, enabled, api_tokens, static_token, lifetime):
        self.enabled = enabled
        self.api_tokens = set(api_tokens)
        self.static_token = static_token
        self.lifetime = lifetime
        self.tokens = {}
        self.lock = threading.Lock()

    def issue(self):
        now = time.time()
        header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
        payload = base64.urlsafe_b64encode(json.dumps(
            {"username": "demo-user", "iat": int(now), "exp": int(now + self.lifetime),
             "jti": os.urandom(8).hex()}).encode()).rstrip(b"=").decode()
        token = "%s.%s.%s" % (header, payload, os.urandom(16).hex())
        with self.lock:
            self.tokens[token] = now + self.lifetime
        return token

    def valid(self, token):
        if not token:
            return False
        if self.static_token and token == self.static_token:
            return True
        with self.lock:
            exp = self.tokens.get(token)
        return exp is not None and exp > time.time()

    def expire_all(self):
        with self.lock:
            self.tokens = {}


class CountingWriter:
    def __init__(self, raw, stats):
        self.raw = raw
        self.stats = stats

    def write(self, data):
        n = self.raw.write(data)
        with self.stats.lock:
            self.stats.bytes_sent += len(data)
        return n

    def flush(self):
        self.raw.flush()

    def close(self):
        self.raw.close()

    @property
    def closed(self):
        return self.raw.closed


def mutate_types(obj, depth=0):
    """Valid JSON, wrong shape: every key in five is dropped, retyped, nulled
    or given an unknown enum value, the rest recursed into."""
    if isinstance(obj, dict):
        out = {}
        for i, (k, v) in enumerate(obj.items()):
            mode = (i + depth) % 5
            if mode == 1:
                continue
            if mode == 2:
                out[k] = wrong_type(v)
            elif mode == 3:
                out[k] = "EXPLODED_UNKNOWN_VALUE" if isinstance(v, str) else wrong_type(v)
            elif mode == 4:
                out[k] = None
            else:
                out[k] = mutate_types(v, depth + 1)
        return out
    if isinstance(obj, list):
        return [mutate_types(v, depth + 1) for v in obj]
    return obj


def wrong_type(v):
    if isinstance(v, bool):
        return "yes"
    if isinstance(v, (int, float)):
        return "not-a-number"
    if isinstance(v, str):
        return 123456789
    if isinstance(v, list):
        return {"unexpected": "object"}
    if isinstance(v, dict):
        return ["unexpected", "array"]
    return {"unexpected": True}


class App:
    def __init__(self, opts):
        self.opts = opts
        self.store = fake_store.Store(speed=opts.speed, log_ttl=opts.log_ttl,
                                      deploy_delay=opts.deploy_delay,
                                      python_versions=[v.strip() for v in
                                                       opts.python_versions.split(",") if v.strip()],
                                      vault=opts.vault)
        self.store.forbidden_types = [t.strip() for t in (opts.forbid_types or "").split(",")
                                      if t.strip()]
        self.rest = fake_rest.Rest(self.store)
        self.routes = fake_rest.routes(self.rest)
        self.faults = Faults()
        self.stats = Stats()
        self.auth = Auth(opts.auth, opts.api_token or ["demo-api-token"], opts.static_token,
                         opts.token_lifetime)
        self.admin = fake_admin.Admin(self)
        self.conn_seq = 0
        now = self.store.now()
        with self.store.lock:
            if opts.seed == "demo":
                fake_seed.seed_demo(self.store, now)
            elif opts.seed == "scale":
                fake_seed.seed_scale(self.store, now, opts.jobs)
            if opts.big_log_lines > 0:
                fake_seed.add_big_log(self.store, now, opts.big_log_lines)
        # The seeded store lives as long as the process: out of the cyclic
        # collector's sight, a 100,000-job team no longer costs a full
        # collection (seconds) in the middle of some request.
        gc.collect()
        gc.freeze()
        if opts.faults:
            self.faults.set(json.loads(opts.faults))

    def dispatch(self, method, path, params, headers, body, host):
        """Returns a Resp, or None to close the connection without answering."""
        if path.startswith("/_admin"):
            return self.admin.handle(method, path, params, headers, body, host)
        if path == "/oauth/token" or path.startswith("/data-jobs"):
            if self.faults.get("down"):
                return None
        if path == "/oauth/token":
            return self.token_endpoint(method, headers, body)
        if not path.startswith("/data-jobs/"):
            return fake_rest.spring_error(404, "Not Found", path)
        lat = self.faults.get("latency_ms")
        if lat:
            time.sleep(float(lat) / 1000.0)
        fail = self.faults.take("fail_next") or self.failing_path(method, path)
        if fail:
            status = int(fail.get("status", 503))
            if status >= 500 and status not in (502, 504):
                return fake_rest.error(status, "The Control Service is temporarily unavailable.",
                                       "An external system (Kubernetes) did not answer.",
                                       "The operation was not performed.", "Try again later.")
            return empty(status)
        segments = [unquote(s) for s in path.strip("/").split("/")]
        user = None
        if self.auth.enabled and not path.startswith(UNAUTHENTICATED) and \
                not path.endswith("/oauth-credentials/client-id"):
            authz = headers.get("Authorization") or ""
            token = authz[7:].strip() if authz[:7].lower() == "bearer " else None
            if not self.auth.valid(token):
                hdr = 'Bearer error="invalid_token", error_description="Jwt expired or invalid"' \
                    if token else "Bearer"
                return empty(401, [("WWW-Authenticate", hdr)])
            user = "demo-user"
        forbid = self.faults.get("forbid_teams") or []
        if len(segments) > 2 and segments[1] in ("for-team", "teams") and segments[2] in forbid:
            return empty(403)
        fn, kwargs = fake_rest.match(self.routes, method, segments)
        if fn is None:
            if kwargs:
                return fake_rest.spring_error(405, "Method Not Allowed", path)
            return fake_rest.spring_error(404, "Not Found", path)
        req = Req(method, path, params, headers, body, host, user)
        with self.store.lock:
            try:
                return fn(req, **kwargs)
            except fake_rest.BadBody as e:
                return e.resp
            except Exception as e:  # a bug in the fake: answer like the server's Bug
                traceback.print_exc()
                return fake_rest.bug("%s: %s" % (type(e).__name__, e))

    def failing_path(self, method, path):
        """The first fail_paths rule whose text is in "METHOD path"."""
        for rule in self.faults.get("fail_paths") or []:
            if isinstance(rule, dict) and str(rule.get("contains", "")) in "%s %s" % (method, path):
                return rule
        return None

    def token_endpoint(self, method, headers, body):
        if method != "POST":
            return fake_rest.spring_error(405, "Method Not Allowed", "/oauth/token")
        form = parse_qs((body or b"").decode("utf-8", "replace"))
        grant = (form.get("grant_type") or [""])[0]
        refresh = (form.get("refresh_token") or [""])[0]
        if grant != "refresh_token":
            return as_json(400, {"error": "unsupported_grant_type",
                                 "error_description": "only refresh_token is supported"})
        if refresh not in self.auth.api_tokens:
            return as_json(400, {"error": "invalid_grant",
                                 "error_description": "the API token is invalid or revoked"})
        token = self.auth.issue()
        with self.stats.lock:
            self.stats.tokens_issued += 1
        return as_json(200, {"access_token": token, "expires_in": self.auth.lifetime,
                             "token_type": "bearer", "refresh_token": refresh,
                             "scope": "openid"})

    def mutate(self, path, resp):
        """Answer-level faults, for /data-jobs only."""
        if not path.startswith("/data-jobs"):
            return resp
        if self.faults.take("malformed_next"):
            return Resp(200, b'{"errors":[],"data":{"content":[{"jobName":"starshot-proc', 
                        "application/json")
        huge = self.faults.take("huge_next")
        if huge:
            size = max(int(huge.get("bytes", 100 * 1024 * 1024)), 64)
            head, tail = b'{"errors":[],"data":{"content":[],"padding":"', b'"}}'
            pad = size - len(head) - len(tail)
            r = Resp(200, b"", "application/json")

            def chunks():
                yield head
                left = pad
                block = b"x" * 65536
                while left > 0:
                    yield block[:min(left, 65536)]
                    left -= 65536
                yield tail
            r.stream = (size, chunks())
            return r
        if resp.raw_json is not None and self.faults.take("wrong_types_next"):
            return as_json(resp.status, mutate_types(resp.raw_json), resp.headers)
        ct = self.faults.take("content_type_next")
        if ct:
            text = ct.get("body") or ("<html><head><title>502 Bad Gateway</title></head><body>"
                                      "<center><h1>502 Bad Gateway</h1></center></body></html>")
            return Resp(int(ct.get("status", 200)), text.encode(), ct.get("type", "text/html"))
        if self.faults.take("drop_next"):
            resp.drop = True
        return resp


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, the body
    # waits for the client's delayed ACK (~40 ms) on keep-alive connections.
    disable_nagle_algorithm = True
    def version_string(self):
        return "vdk-control-service-fake/1.0"

    def setup(self):
        BaseHTTPRequestHandler.setup(self)
        app = self.server.app
        self.timeout = app.opts.idle_timeout
        self.connection.settimeout(self.timeout)
        with app.stats.lock:
            app.stats.connections += 1
            app.conn_seq += 1
            self.conn_id = app.conn_seq
        self.wfile = CountingWriter(self.wfile, app.stats)

    def log_message(self, fmt, *args):
        if self.server.app.opts.verbose:
            sys.stderr.write("fake: %s - %s\n" % (self.address_string(), fmt % args))

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            parts = []
            total = 0
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                total += size
                if total > MAX_BODY:
                    raise ValueError("body too large")
                parts.append(self.rfile.read(size))
                self.rfile.readline(65537)
        n = int(self.headers.get("Content-Length") or 0)
        if n < 0 or n > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(n) if n else b""

    def handle_any(self, method):
        # From the request line read to the answer written: the fake's
        # own share of a request's time, for the benchmark's polls.
        t0 = time.monotonic()
        app = self.server.app
        split = urlsplit(self.path)
        path = split.path
        params = parse_qs(split.query, keep_blank_values=True)
        try:
            body = self.read_body()
        except (ValueError, OSError):
            self.close_connection = True
            self.send(fake_rest.empty(413), path)
            return
        host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
        head = len(self.requestline) + sum(len(k) + len(v) + 4 for k, v in self.headers.items())
        if path.startswith("/data-jobs") and head > app.opts.max_header_bytes:
            # Tomcat's server.maxHttpHeaderSize (8 KB in the helm chart) covers
            # the request line, so an overlong GraphQL query in the URL fails.
            resp = Resp(400, b"<!doctype html><html><head><title>HTTP Status 400 - Bad Request"
                        b"</title></head><body><h1>HTTP Status 400 - Bad Request</h1><p>Request "
                        b"header is too large</p></body></html>", "text/html;charset=utf-8")
        else:
            resp = app.dispatch(method, path, params, self.headers, body, host)
        if resp is not None:
            resp = app.mutate(path, resp)
        # Logged before the answer goes out: a client that has its answer
        # can rely on the request being in the log (tests use it as a
        # barrier), never on a log entry still to come.
        entry = None
        if not path.startswith("/_admin"):
            entry = self.record(method, path, split.query, params, body,
                                resp.status if resp is not None else 0, 0)
        if resp is None:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        else:
            sent = self.send(resp, path)
            if entry is not None:
                with app.stats.lock:
                    entry["response_bytes"] = sent
                    entry["served_ms"] = (time.monotonic() - t0) * 1000

    def record(self, method, path, query, params, body, status, sent):
        app = self.server.app
        headers = {}
        for k, v in self.headers.items():
            headers[k] = "<redacted>" if k.lower() in ("authorization", "cookie") else v
        entry = {"time": time.time(), "method": method, "path": path, "query": query,
                 "params": params, "headers": headers,
                 "authorization": self.headers.get("Authorization") is not None,
                 "body_size": len(body), "body": recorded_body(path, body),
                 "body_sha256": hashlib.sha256(body).hexdigest() if body else None,
                 "status": status, "response_bytes": sent, "connection": self.conn_id}
        with app.stats.lock:
            app.stats.requests += 1
            app.stats.per_path[path] += 1
            app.stats.log.append(entry)
        return entry

    def send(self, resp, path):
        app = self.server.app
        body = resp.body
        headers = list(resp.headers)
        if resp.stream is None and len(body) > 1024 and \
                "gzip" in (self.headers.get("Accept-Encoding") or "").lower():
            cache = resp.gzip_cache
            if cache is not None and cache[2] is not None:
                body = cache[2]
            else:
                body = gzip.compress(body, compresslevel=1 if len(body) > (256 << 10) else 6)
                if cache is not None:
                    cache[2] = body
            headers.append(("Content-Encoding", "gzip"))
            headers.append(("Vary", "Accept-Encoding"))
            with app.stats.lock:
                app.stats.gzip += 1
        length = resp.stream[0] if resp.stream else len(body)
        stall = path.startswith("/data-jobs") and app.faults.stalls(self.command + " " + path)
        if length or resp.ctype:
            opid = self.headers.get("X-OPID") or "0%d" % int(time.time() * 1000)
            headers.append(("X-OPID", opid))
        try:
            self.send_response(resp.status)
            if resp.ctype:
                self.send_header("Content-Type", resp.ctype)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(length))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if resp.drop:
                self.wfile.write(body[:max(1, len(body) // 2)])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
            elif stall:
                self.send_stalled(resp.stream[1] if resp.stream else [body], length, path)
            elif resp.stream:
                for chunk in resp.stream[1]:
                    self.wfile.write(chunk)
            else:
                self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True
        return length


    def send_stalled(self, chunks, length, path):
        """Writes the first half of the body, waits for stall_paths to let
        the answer go, then writes the rest."""
        half, sent, held = length // 2, 0, False
        for chunk in chunks:
            if not held and sent + len(chunk) >= half:
                cut = half - sent
                self.wfile.write(chunk[:cut])
                self.wfile.flush()
                self.server.app.faults.wait_unstalled(self.command + " " + path)
                held = True
                chunk = chunk[cut:]
            self.wfile.write(chunk)
            sent += len(chunk)


BODY_TEXT_MAX = 64 * 1024


def recorded_body(path, body):
    """What /_admin/requests shows of a request body: tests assert what a
    client sent (run arguments, a job's config, a PATCH). The token
    endpoint's form carries the API token, so it is never shown."""
    if not body:
        return ""
    if path.startswith("/oauth"):
        return "<redacted>"
    if len(body) > BODY_TEXT_MAX:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def parse_args(argv):
    p = argparse.ArgumentParser(description="Fake VDK Control Service (see the module docstring).")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--seed", choices=["demo", "empty", "scale"], default="demo")
    p.add_argument("--jobs", type=int, default=10000)
    p.add_argument("--speed", type=float, default=1.0)
    p.add_argument("--deploy-delay", type=float, default=3.0)
    p.add_argument("--log-ttl", type=float, default=3600.0)
    p.add_argument("--cron-accel", type=float, default=0.0)
    p.add_argument("--big-log-lines", type=int, default=0)
    p.add_argument("--python-versions", default="3.9,3.10,3.11")
    p.add_argument("--auth", action="store_true")
    p.add_argument("--api-token", action="append")
    p.add_argument("--static-token")
    p.add_argument("--token-lifetime", type=int, default=3600)
    p.add_argument("--faults")
    p.add_argument("--idle-timeout", type=float, default=300.0)
    p.add_argument("--max-header-bytes", type=int, default=8192)
    p.add_argument("--vault", action="store_true")
    p.add_argument("--forbid-types")
    p.add_argument("--verbose", action="store_true")
    opts = p.parse_args(argv)
    if opts.speed <= 0:
        p.error("--speed must be positive")
    if opts.faults:
        try:
            if not isinstance(json.loads(opts.faults), dict):
                raise ValueError("not an object")
        except ValueError as e:
            p.error("--faults: %s" % e)
    return opts


def main(argv=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    app = App(opts)
    server = Server((opts.host, opts.port), Handler)
    server.app = app
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    serve = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                             daemon=True)
    serve.start()
    ticker = None
    if opts.cron_accel > 0:
        ticker = fake_admin.Scheduler(app, opts.cron_accel)
        ticker.start()
    host, port = server.server_address[:2]
    sys.stdout.write("READY http://%s:%d\n" % (host, port))
    sys.stdout.flush()
    while not stop.wait(0.5):
        pass
    if ticker:
        ticker.stop()
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
