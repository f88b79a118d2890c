#!/usr/bin/env python3
"""Contract checking helpers for tests/contract/run.sh (Python 3 stdlib only).

  check.py record --upstream URL --log FILE
      A small recording HTTP proxy. Clients talk to it; it forwards every
      request to URL (the spec-validating proxy in front of the fake) and
      appends one JSON line per exchange to FILE: method, path, status and
      the validator's verdict from the `sl-violations` response header.
      Prints "READY http://127.0.0.1:PORT" once it accepts connections.

  check.py relay --upstream URL --stash DIR
      Sits between prism and the fake and carries binary bodies around
      prism, which would mangle them (see STASH_HEADER below).

  check.py report --spec SPEC --allowlist FILE [--require PHASE=op,op]
                  [--allow-no-token PHASE] PHASE=LOG...
      Maps every recorded exchange to the spec's operationId and classifies
      every violation: a request violation fails (the one exception: a
      missing bearer token in a phase whose client has none by design); a
      response violation fails unless one allow-list entry names its
      operation, status and message. Answers given while a fault of the
      fake was switched on are not judged. Prints a summary; exits 1 on
      any failure.

  check.py selftest --url RECORDER --log LOG
      Three requests with known verdicts through the chain.

  check.py typed-spec --spec SPEC --out FILE
      The spec with the GraphQL page's items typed from schema.graphqls,
      for a mock whose rows vdktop can open.

  check.py spec-ops --spec SPEC
      Lists METHOD PATH operationId for every operation of the spec.

Why a recorder and not prism's console log: vdktop issues requests in
parallel, and prism's log lines for one request do not say which request a
"Violation:" line belongs to. The header travels with its own response, so
attribution is exact. Prism runs without --errors, so it forwards the fake's
real answers unchanged and clients' flows (201 + Location, 202, ...) keep
working, while the header still carries every request and response
violation that --errors would have turned into a 422 or a 500.
"""

import argparse
import http.client
import http.server
import json
import re
import sys
import threading
import time
import urllib.parse

HOP_BY_HOP = {
	"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
	"te", "trailer", "trailers", "transfer-encoding", "upgrade", "expect",
	"content-length", "host",
}


# ---------------------------------------------------------------- spec ---

def spec_operations(spec_path):
	"""(method, path template, regex, operationId) for every operation.

	The spec is YAML and only the standard library is available here, so
	this reads the one regular layout the paths section has: quoted path
	keys at two spaces, methods at four, operationId at six."""
	ops = []
	path = None
	method = None
	in_paths = False
	with open(spec_path, encoding="utf-8") as f:
		for line in f:
			if re.match(r"^paths:\s*$", line):
				in_paths = True
				continue
			if in_paths and re.match(r"^\S", line):
				break
			if not in_paths:
				continue
			m = re.match(r"^  ['\"]?(/[^'\"]*)['\"]?:\s*$", line)
			if m:
				path, method = m.group(1), None
				continue
			m = re.match(r"^    (get|put|post|patch|delete|head|options):\s*$", line)
			if m and path:
				method = m.group(1).upper()
				continue
			m = re.match(r"^      operationId:\s*(\S+)\s*$", line)
			if m and path and method:
				rx = "^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path)) + "$"
				ops.append((method, path, re.compile(rx), m.group(1)))
	if not ops:
		raise SystemExit("contract: no operations found in %s" % spec_path)
	return ops


def operation_of(ops, method, path):
	bare = urllib.parse.urlsplit(path).path
	for m, _tmpl, rx, op in ops:
		if m == method and rx.match(bare):
			return op
	return None


# ------------------------------------------------------------ recorder ---

# Prism reads bodies as UTF-8 text and re-encodes them, so the bytes of a
# zip upload or a keytab download arrive mangled. Such bodies go around it:
# the recorder parks a request body in the stash directory and sends prism
# a placeholder plus this header; the relay behind prism (between prism and
# the fake) puts the real bytes back, and does the same in reverse for
# binary answers. Prism still sees every request line, header and status,
# and the spec types these bodies only as binary strings.
STASH_HEADER = "X-Contract-Stashed-Body"
PLACEHOLDER = b"binary body, kept aside by the contract recorder"


def survives_prism(body, encoding):
	if not body or encoding:
		return True  # prism decodes gzip itself
	try:
		body.decode("utf-8")
		return True
	except UnicodeDecodeError:
		return False


def stash_put(stash, data):
	import uuid
	sid = uuid.uuid4().hex
	with open("%s/%s" % (stash, sid), "wb") as f:
		f.write(data)
	return sid


def stash_take(stash, sid):
	import os
	if not re.match(r"^[0-9a-f]{32}$", sid or ""):
		return None
	path = "%s/%s" % (stash, sid)
	try:
		with open(path, "rb") as f:
			data = f.read()
		os.unlink(path)
		return data
	except OSError:
		return None


class Recorder(http.server.ThreadingHTTPServer):
	daemon_threads = True

	def __init__(self, addr, upstream, log_path=None, stash=None, relay=False):
		super().__init__(addr, RecordingHandler)
		u = urllib.parse.urlsplit(upstream)
		self.up_host = u.hostname
		self.up_port = u.port or 80
		self.log = open(log_path, "a", encoding="utf-8") if log_path else None
		self.lock = threading.Lock()
		self.stash = stash
		self.relay = relay

	def write(self, rec):
		with self.lock:
			self.log.write(json.dumps(rec, sort_keys=True) + "\n")
			self.log.flush()


	def handle_error(self, request, client_address):
		# Clients under test drop connections on purpose (timeouts,
		# cancelled transfers); that is not the recorder's failure.
		pass


class RecordingHandler(http.server.BaseHTTPRequestHandler):
	protocol_version = "HTTP/1.1"

	def log_message(self, fmt, *args):
		pass

	def _read_body(self):
		if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
			chunks = []
			while True:
				size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
				if size == 0:
					while self.rfile.readline() not in (b"\r\n", b"\n", b""):
						pass
					break
				chunks.append(self.rfile.read(size))
				self.rfile.readline()
			return b"".join(chunks)
		n = int(self.headers.get("Content-Length") or 0)
		return self.rfile.read(n) if n > 0 else b""

	def _forward(self):
		started = time.monotonic()
		body = self._read_body()
		srv = self.server
		rec = {
			"t": round(time.time(), 3),
			"method": self.command,
			"path": self.path,
			"req_type": self.headers.get("Content-Type"),
			"req_len": len(body),
			"auth": bool(self.headers.get("Authorization")),
		}
		# One upstream connection per request: a reused idle connection
		# that the far end has closed would force a retry, and retrying a
		# POST could start a second execution.
		hdrs = [(k, v) for k, v in self.headers.items()
			if k.lower() not in HOP_BY_HOP and k.lower() != STASH_HEADER.lower()]
		if srv.relay:
			sid = self.headers.get(STASH_HEADER)
			if sid and srv.stash:
				kept = stash_take(srv.stash, sid)
				if kept is not None:
					body = kept
		elif srv.stash and not survives_prism(body, self.headers.get("Content-Encoding")):
			hdrs.append((STASH_HEADER, stash_put(srv.stash, body)))
			body = PLACEHOLDER
		conn = http.client.HTTPConnection(srv.up_host, srv.up_port, timeout=60)
		try:
			conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
			for k, v in hdrs:
				conn.putheader(k, v)
			# The fake builds absolute Location headers from Host; keep
			# the one the client sent so they point where it connected.
			conn.putheader("Host", self.headers.get("Host") or "%s:%d" % (srv.up_host, srv.up_port))
			if body or self.command in ("POST", "PUT", "PATCH"):
				conn.putheader("Content-Length", str(len(body)))
			conn.endheaders(body if body else None)
			resp = conn.getresponse()
			data = resp.read()
			status, reason, headers = resp.status, resp.reason, resp.getheaders()
		except (OSError, http.client.HTTPException) as e:
			status, reason, headers, data = 502, "Bad Gateway", [("Content-Type", "text/plain")], (
				"contract recorder: upstream failed: %s\n" % e).encode()
			rec["upstream_error"] = str(e)
		finally:
			conn.close()

		if srv.relay:
			enc = next((v for k, v in headers if k.lower() == "content-encoding"), None)
			if srv.stash and not survives_prism(data, enc):
				headers = [(k, v) for k, v in headers if k.lower() != STASH_HEADER.lower()]
				headers.append((STASH_HEADER, stash_put(srv.stash, data)))
				data = PLACEHOLDER
			self._reply(status, reason, headers, data)
			return
		sid = next((v for k, v in headers if k.lower() == STASH_HEADER.lower()), None)
		if sid and srv.stash:
			kept = stash_take(srv.stash, sid)
			if kept is not None:
				data = kept
			headers = [(k, v) for k, v in headers if k.lower() != STASH_HEADER.lower()]

		viol = []
		for k, v in headers:
			if k.lower() == "sl-violations":
				try:
					viol.extend(json.loads(v))
				except ValueError:
					viol.append({"location": ["unparsed"], "severity": "Error", "message": v})
		hmap = {k.lower(): v for k, v in headers}
		rec.update({
			"status": status,
			"resp_type": hmap.get("content-type"),
			"resp_len": len(data),
			"location": hmap.get("location"),
			"violations": viol,
			"ms": round((time.monotonic() - started) * 1000, 1),
		})
		if status >= 400 or viol:
			rec["resp_head"] = data[:1500].decode("utf-8", "replace")
		if viol and len(data) <= (1 << 20) and "json" in (hmap.get("content-type") or ""):
			# Kept whole so the report can look at the value a
			# violation points to (is it really a null?).
			try:
				body = data
				if hmap.get("content-encoding") == "gzip":
					import gzip
					body = gzip.decompress(data)
				rec["resp_json"] = json.loads(body)
			except (ValueError, OSError):
				pass
		srv.write(rec)
		self._reply(status, reason, headers, data)

	def _reply(self, status, reason, headers, data):
		self.send_response_only(status, reason)
		for k, v in headers:
			if k.lower() not in HOP_BY_HOP:
				self.send_header(k, v)
		no_body = self.command == "HEAD" or status in (204, 304) or 100 <= status < 200
		if not no_body:
			self.send_header("Content-Length", str(len(data)))
		self.end_headers()
		if not no_body:
			self.wfile.write(data)

	do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _forward


def cmd_record(a):
	srv = Recorder(("127.0.0.1", a.port), a.upstream, a.log, stash=a.stash)
	print("READY http://127.0.0.1:%d" % srv.server_address[1], flush=True)
	try:
		srv.serve_forever()
	except KeyboardInterrupt:
		pass
	return 0


def cmd_relay(a):
	srv = Recorder(("127.0.0.1", a.port), a.upstream, stash=a.stash, relay=True)
	print("READY http://127.0.0.1:%d" % srv.server_address[1], flush=True)
	try:
		srv.serve_forever()
	except KeyboardInterrupt:
		pass
	return 0


# -------------------------------------------------------------- report ---

def load_allowlist(path):
	with open(path, encoding="utf-8") as f:
		doc = json.load(f)
	entries = doc["entries"]
	for i, e in enumerate(entries):
		for key in ("id", "operationId", "status", "kind", "message", "section", "comment"):
			if key not in e:
				raise SystemExit("contract: allow-list entry %d lacks %r" % (i, key))
		if not re.match(r"^§\d", e["section"]):
			raise SystemExit("contract: allow-list entry %s must cite an api-notes section (§n.n)" % e["id"])
		e["_ops"] = e["operationId"] if isinstance(e["operationId"], list) else [e["operationId"]]
		e["_status"] = e["status"] if isinstance(e["status"], list) else [e["status"]]
		e["_rx"] = re.compile(e["message"])
	return entries


_MISSING = object()


def value_at(doc, path):
	"""The value a violation's location points to (["response", "body",
	"0", "id"] -> doc[0]["id"]), or _MISSING."""
	for k in path:
		if isinstance(doc, list) and k.isdigit() and int(k) < len(doc):
			doc = doc[int(k)]
		elif isinstance(doc, dict) and k in doc:
			doc = doc[k]
		else:
			return _MISSING
	return doc


def allowed_by(entries, op, status, v, rec):
	loc = ".".join(v.get("location") or [])
	for e in entries:
		if op in e["_ops"] and status in e["_status"] \
				and loc.startswith(e.get("location", "response")) \
				and e["_rx"].search(v.get("message") or ""):
			if e.get("value_is_null"):
				# Only a property that is present and null: a wrong
				# type with a real value stays a failure.
				path = (v.get("location") or [])[2:]
				if "resp_json" not in rec or value_at(rec["resp_json"], path) is not None:
					continue
			return e
	return None


def prism_refusal(rec):
	"""The mock answers a request that breaks the spec itself (422 with
	validation[], 401 without the bearer token) instead of forwarding it;
	those answers are application/problem+json with a prism error type."""
	if not (rec.get("resp_type") or "").startswith("application/problem+json"):
		return None
	try:
		doc = json.loads(rec.get("resp_head") or "")
	except ValueError:
		doc = None
	if not isinstance(doc, dict) or "stoplight.io/prism/errors#" not in str(doc.get("type")):
		return None
	what = "%s %s" % (rec["status"], doc.get("title"))
	for v in doc.get("validation") or []:
		what += "; [%s] %s" % (".".join(v.get("location") or []), v.get("message"))
	return what


def short(rec):
	p = rec["path"]
	return "%s %s" % (rec["method"], p if len(p) <= 120 else p[:117] + "...")


class Failures:
	"""Failures grouped by kind, so 40 identical findings read as one line
	with a count and an example."""

	def __init__(self):
		self.order = []
		self.groups = {}

	def add(self, key, text):
		if key not in self.groups:
			self.order.append(key)
			self.groups[key] = [text, 0]
		self.groups[key][1] += 1

	def __len__(self):
		return len(self.order)

	def print(self):
		for k in self.order:
			text, n = self.groups[k]
			print("  FAIL " + text + ("   [%d times]" % n if n > 1 else ""))


def cmd_report(a):
	ops = spec_operations(a.spec)
	entries = load_allowlist(a.allowlist)
	required = {}
	for r in a.require or []:
		phase, _, names = r.partition("=")
		required[phase] = [n for n in names.split(",") if n]
	no_token_ok = set(a.allow_no_token or [])

	failures = Failures()
	used = {}          # allow-list id -> count
	total = 0
	print("contract: checked against %s (%d operations)" % (a.spec, len(ops)))
	for spec in a.logs:
		phase, _, path = spec.partition("=")
		recs = []
		try:
			with open(path, encoding="utf-8") as f:
				recs = [json.loads(l) for l in f if l.strip()]
		except FileNotFoundError:
			pass
		seen = {}
		outside = faulted = no_token = 0
		armed = False
		for rec in recs:
			total += 1
			op = operation_of(ops, rec["method"], rec["path"])
			bare = urllib.parse.urlsplit(rec["path"]).path
			if op is None:
				if bare.startswith("/data-jobs/") or bare == "/data-jobs":
					failures.add((phase, "noop", rec["method"], bare), "%s: %s -> %s: not an operation of the spec" % (phase, short(rec), rec["status"]))
				else:
					# The fake's own admin and token endpoints: a different
					# service, not part of the Data Jobs API. Its fault
					# switches make the fake answer what no server would,
					# so answers while one is set are not judged.
					outside += 1
					if bare == "/_admin/faults" and rec["status"] < 300:
						armed = rec["method"] == "POST"
					elif bare.startswith("/_admin/") and bare not in ("/_admin/stats", "/_admin/requests"):
						# A test that failed with a fault set never
						# cleared it; the next test's own set-up ends
						# the window.
						armed = False
				continue
			seen.setdefault(op, {}).setdefault(rec["status"], 0)
			seen[op][rec["status"]] += 1
			refused = prism_refusal(rec)
			if refused:
				failures.add((phase, op, "refused", refused), "%s: %s (%s): the validator refused the request: %s" % (phase, short(rec), op, refused))
			if rec.get("upstream_error"):
				failures.add((phase, op, "upstream"), "%s: %s (%s): upstream failed: %s" % (phase, short(rec), op, rec["upstream_error"]))
			if armed:
				faulted += 1
			for v in rec.get("violations") or []:
				loc = ".".join(v.get("location") or [])
				msg = v.get("message") or ""
				if loc.startswith("request"):
					if phase in no_token_ok and not rec.get("auth") and loc == "request" \
							and msg == "Invalid security scheme used":
						no_token += 1
						continue
					failures.add((phase, op, loc, msg), "%s: %s (%s): request violates the spec: [%s] %s" % (phase, short(rec), op, loc, msg))
					continue
				if armed:
					continue
				e = allowed_by(entries, op, rec["status"], v, rec)
				if e:
					used[e["id"]] = used.get(e["id"], 0) + 1
					continue
				failures.add((phase, op, rec["status"], loc, msg),
					"%s: %s (%s) -> %s: response violates the spec and no allow-list entry covers it: [%s] %s%s" % (
					phase, short(rec), op, rec["status"], loc, msg,
					("\n      body: " + rec["resp_head"].replace("\n", " ")) if rec.get("resp_head") else ""))
		notes = []
		if outside:
			notes.append("%d to the fake's own endpoints (not checked)" % outside)
		if faulted:
			notes.append("%d answered under an injected fault (requests checked, answers not)" % faulted)
		if no_token:
			notes.append("%d sent without a token by a client configured with none" % no_token)
		print("contract: %s: %d requests, %d operations exercised%s" % (
			phase, len(recs), len(seen), "".join("; " + n for n in notes)))
		for op in sorted(seen):
			print("    %-32s %s" % (op, " ".join("%s×%d" % (s, n) for s, n in sorted(seen[op].items()))))
		missing = [o for o in required.get(phase, []) if o not in seen]
		if missing:
			failures.add((phase, "missing"), "%s: operations never exercised: %s" % (phase, ", ".join(missing)))

	print("contract: %d requests checked" % total)
	if used:
		print("contract: deviations allowed by the allow-list:")
		for e in entries:
			if e["id"] in used:
				print("    %-24s %4d× %-5s %s: %s" % (e["id"], used[e["id"]], e["section"],
					"/".join(e["_ops"]) if len(e["_ops"]) < 4 else "%d operations" % len(e["_ops"]), e["comment"]))
	unused = [e["id"] for e in entries if e["id"] not in used]
	if unused and a.verbose:
		print("contract: allow-list entries not needed by this run: %s" % ", ".join(unused))
	if failures:
		print("contract: %d kinds of FAILURE" % len(failures))
		failures.print()
		return 1
	print("contract: ok")
	return 0


def cmd_selftest(a):
	"""Proves the chain really validates before its silence is trusted:
	three requests through the recorder whose verdicts are known. A prism
	upgrade that stopped reporting, or a recorder that lost the header,
	would otherwise let every later check pass without checking."""
	import urllib.request

	def send(method, path, body=None, auth=True):
		req = urllib.request.Request(a.url + path, method=method, data=body)
		if auth:
			req.add_header("Authorization", "Bearer contract-selftest")
		if body is not None:
			req.add_header("Content-Type", "application/json")
		try:
			with urllib.request.urlopen(req, timeout=30) as r:
				r.read()
		except urllib.error.HTTPError as e:
			e.read()

	team = urllib.parse.quote(a.team, safe="")
	# A job name the fake does not have: the fake stays untouched.
	job = "/data-jobs/for-team/%s/jobs/contract-selftest-absent" % team
	send("GET", "/data-jobs/for-team/%s/info" % team)
	send("PUT", job, body=b'{"job_name":"contract-selftest-absent","config":{}}')
	send("GET", "/data-jobs/for-team/%s/info" % team, auth=False)
	with open(a.log, encoding="utf-8") as f:
		recs = [json.loads(l) for l in f if l.strip()]
	if len(recs) != 3:
		print("contract: selftest: recorder logged %d of 3 requests" % len(recs))
		return 1

	def req_viol(rec):
		return [v for v in rec.get("violations") or [] if (v.get("location") or [""])[0] == "request"]

	problems = []
	if req_viol(recs[0]):
		problems.append("a valid info request was flagged: %s" % req_viol(recs[0]))
	if recs[0]["status"] != 200:
		problems.append("info through the proxy answered %s, not 200" % recs[0]["status"])
	if not any("description" in (v.get("message") or "") for v in req_viol(recs[1])):
		problems.append("a job body without 'description' was not flagged: %s" % recs[1].get("violations"))
	if not req_viol(recs[2]):
		problems.append("a request without the spec's bearer token was not flagged")
	for p in problems:
		print("contract: selftest: " + p)
	if problems:
		return 1
	print("contract: selftest: the proxy flags a bad body and a missing token, passes a valid request")
	return 0


# The spec types the GraphQL page's content as bare objects, so a mock built
# from it alone serves rows without a jobName and vdktop never gets past
# the jobs view. The GraphQL schema (../shared/spec/schema.graphqls) is the
# other half of the official definition: its DataJob and DataJobExecution
# types, transcribed here, give the mock rows vdktop can open. One item type
# carries both, because jobs and executions queries share the page shape.
def _s(t, **kw):
	d = {"type": t}
	d.update(kw)
	return d


_GQL_CONTACTS = _s("object", properties={k: _s("array", items=_s("string")) for k in (
	"notifiedOnJobFailureUserError", "notifiedOnJobFailurePlatformError",
	"notifiedOnJobSuccess", "notifiedOnJobDeploy")})
_GQL_RESOURCES = _s("object", properties={
	"cpuLimit": _s("number"), "cpuRequest": _s("number"), "memoryLimit": _s("integer"),
	"memoryRequest": _s("integer"), "empheralStorageLimit": _s("integer"),
	"empheralSorageRequest": _s("integer"), "netBandwitdthLimit": _s("integer")})
_GQL_SCHEDULE = _s("object", properties={"scheduleCron": _s("string"), "nextRunEpochSeconds": _s("integer")})
_GQL_EXEC_STATUS = _s("string", enum=["SUBMITTED", "RUNNING", "SUCCEEDED", "CANCELLED", "SKIPPED", "USER_ERROR", "PLATFORM_ERROR"])
_GQL_DEPLOY_STATUS = _s("string", enum=["NONE", "SUCCESS", "PLATFORM_ERROR", "USER_ERROR"])
_GQL_EXEC_DEPLOYMENT = _s("object", properties={
	"id": _s("string"), "enabled": _s("boolean"), "contacts": _GQL_CONTACTS, "jobVersion": _s("string"),
	"jobPythonVersion": _s("string"), "deployedDate": _s("string", format="date-time"),
	"deployedBy": _s("string"), "mode": _s("string"), "resources": _GQL_RESOURCES,
	"schedule": _GQL_SCHEDULE, "vdkVersion": _s("string"), "status": _GQL_DEPLOY_STATUS})
_GQL_EXECUTION = {
	"id": _s("string"), "type": _s("string", enum=["MANUAL", "SCHEDULED"]), "jobName": _s("string"),
	"status": _GQL_EXEC_STATUS, "startTime": _s("string", format="date-time"),
	"endTime": _s("string", format="date-time"), "startedBy": _s("string"), "message": _s("string"),
	"opId": _s("string"), "logsUrl": _s("string"), "deployment": _GQL_EXEC_DEPLOYMENT}
_GQL_DEPLOYMENT = _s("object", properties={
	"id": _s("string"), "enabled": _s("boolean"), "contacts": _GQL_CONTACTS, "jobVersion": _s("string"),
	"jobPythonVersion": _s("string"), "lastDeployedDate": _s("string", format="date-time"),
	"lastDeployedBy": _s("string"), "mode": _s("string"), "resources": _GQL_RESOURCES,
	"schedule": _GQL_SCHEDULE, "vdkVersion": _s("string"),
	"executions": _s("array", items=_s("object", properties=_GQL_EXECUTION)),
	"status": _GQL_DEPLOY_STATUS, "lastExecutionStatus": _GQL_EXEC_STATUS,
	"lastExecutionTime": _s("string", format="date-time"), "lastExecutionDuration": _s("integer"),
	"successfulExecutions": _s("integer"), "failedExecutions": _s("integer")})
_GQL_ITEM = _s("object", required=["jobName"], properties=dict(_GQL_EXECUTION, **{
	"config": _s("object", properties={
		"team": _s("string"), "description": _s("string"), "schedule": _GQL_SCHEDULE,
		"contacts": _GQL_CONTACTS, "generateKeytab": _s("boolean"), "sourceUrl": _s("string"),
		"logsUrl": _s("string")}),
	"deployments": _s("array", items=_GQL_DEPLOYMENT)}))


def cmd_typed_spec(a):
	"""Writes the spec with DataJobPage.content typed from the GraphQL
	schema. A text edit, since no YAML library is at hand: it checks the
	exact lines it replaces and refuses if the spec's layout changed."""
	with open(a.spec, encoding="utf-8") as f:
		text = f.read()
	anchor = "    DataJobPage:\n"
	at = text.find(anchor)
	old = "          items:\n            type: object\n"
	rel = text.find(old, at)
	if at < 0 or rel < 0 or rel - at > 400:
		print("contract: typed-spec: DataJobPage.content not where expected in %s" % a.spec)
		return 1
	new = "          items:\n            $ref: '#/components/schemas/ContractGraphQLItem'\n"
	# JSON is YAML's flow style, so the new schema goes in as one line.
	item = "    ContractGraphQLItem: %s\n" % json.dumps(_GQL_ITEM, sort_keys=True)
	text = text[:at] + item + text[at:rel] + new + text[rel + len(old):]
	# A 200 answer of the real server has no GraphQL errors: any error
	# makes it a 400 (api-notes §4.1). Without this the mock's 200s carry
	# random error objects and every seed ends at "cannot load the jobs".
	resp = "    DataJobQueryResponse:\n      description: Query response containing Data Jobs\n" \
		"      type: object\n      properties:\n        errors:\n          type: array\n"
	at = text.find(resp)
	if at < 0:
		print("contract: typed-spec: DataJobQueryResponse.errors not where expected in %s" % a.spec)
		return 1
	at += len(resp)
	text = text[:at] + "          maxItems: 0\n" + text[at:]
	with open(a.out, "w", encoding="utf-8") as f:
		f.write(text)
	return 0


def cmd_spec_ops(a):
	for m, tmpl, _rx, op in spec_operations(a.spec):
		print("%-6s %-90s %s" % (m, tmpl, op))
	return 0


def main():
	p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	sub = p.add_subparsers(dest="cmd", required=True)
	r = sub.add_parser("record")
	r.add_argument("--upstream", required=True)
	r.add_argument("--log", required=True)
	r.add_argument("--port", type=int, default=0)
	r.add_argument("--stash", help="directory shared with the relay behind the proxy, for binary bodies")
	r.set_defaults(fn=cmd_record)
	r = sub.add_parser("relay")
	r.add_argument("--upstream", required=True, help="the fake")
	r.add_argument("--stash", required=True)
	r.add_argument("--port", type=int, default=0)
	r.set_defaults(fn=cmd_relay)
	r = sub.add_parser("report")
	r.add_argument("--spec", required=True)
	r.add_argument("--allowlist", required=True)
	r.add_argument("--require", action="append", help="PHASE=op1,op2: operations the phase must exercise")
	r.add_argument("--verbose", action="store_true")
	r.add_argument("--allow-no-token", action="append", metavar="PHASE",
		help="a phase whose client has no token by design: its requests may lack the spec's bearer header")
	r.add_argument("logs", nargs="+", help="PHASE=FILE")
	r.set_defaults(fn=cmd_report)
	r = sub.add_parser("selftest")
	r.add_argument("--url", required=True, help="the recorder's URL")
	r.add_argument("--log", required=True, help="the recorder's log (empty before)")
	r.add_argument("--team", default="contract")
	r.set_defaults(fn=cmd_selftest)
	r = sub.add_parser("typed-spec")
	r.add_argument("--spec", required=True)
	r.add_argument("--out", required=True)
	r.set_defaults(fn=cmd_typed_spec)
	r = sub.add_parser("spec-ops")
	r.add_argument("--spec", required=True)
	r.set_defaults(fn=cmd_spec_ops)
	a = p.parse_args()
	return a.fn(a)


if __name__ == "__main__":
	sys.exit(main())
