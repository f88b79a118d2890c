#!/usr/bin/env python3
"""Contract checking helpers for tests/contract/run.sh (Python 3 stdlib only).

  check.py record --upstream URL --log FILE
      A small recording HTTP proxy. Clients talk to it; it forwards every
      request to URL (the spec-validating proxy in front of the fake) and
      appends one JSON line per exchange to FILE: method, path, status and
      the validator's verdict from the `sl-violations` response header.
      Prints "READY http://127.0.0.1:PORT" once it accepts connections.

  check.py report --spec SPEC --allowlist FILE [--require PHASE=op,op] PHASE=LOG...
      Maps every recorded exchange to the spec's operationId and classifies
      every violation: a request violation always fails; a response
      violation fails unless one allow-list entry names its operation,
      status and message. Prints a summary; exits 1 on any failure.

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

class Recorder(http.server.ThreadingHTTPServer):
	daemon_threads = True

	def __init__(self, addr, upstream, log_path):
		super().__init__(addr, RecordingHandler)
		u = urllib.parse.urlsplit(upstream)
		self.up_host = u.hostname
		self.up_port = u.port or 80
		self.log = open(log_path, "a", encoding="utf-8")
		self.lock = threading.Lock()

	def write(self, rec):
		with self.lock:
			self.log.write(json.dumps(rec, sort_keys=True) + "\n")
			self.log.flush()


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
		conn = http.client.HTTPConnection(srv.up_host, srv.up_port, timeout=60)
		try:
			conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
			for k, v in self.headers.items():
				if k.lower() not in HOP_BY_HOP:
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
			rec["resp_head"] = data[:300].decode("utf-8", "replace")
		srv.write(rec)

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
	srv = Recorder(("127.0.0.1", a.port), a.upstream, a.log)
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


def allowed_by(entries, op, status, v):
	loc = ".".join(v.get("location") or [])
	for e in entries:
		if op in e["_ops"] and status in e["_status"] \
				and loc.startswith(e.get("location", "response")) \
				and e["_rx"].search(v.get("message") or ""):
			return e
	return None


def short(rec):
	p = rec["path"]
	return "%s %s" % (rec["method"], p if len(p) <= 120 else p[:117] + "...")


def cmd_report(a):
	ops = spec_operations(a.spec)
	entries = load_allowlist(a.allowlist)
	required = {}
	for r in a.require or []:
		phase, _, names = r.partition("=")
		required[phase] = [n for n in names.split(",") if n]

	failures = []
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
		outside = 0
		for rec in recs:
			total += 1
			op = operation_of(ops, rec["method"], rec["path"])
			bare = urllib.parse.urlsplit(rec["path"]).path
			if op is None:
				if bare.startswith("/data-jobs/") or bare == "/data-jobs":
					failures.append("%s: %s -> %s: not an operation of the spec" % (phase, short(rec), rec["status"]))
				else:
					# The fake's own admin and token endpoints: a different
					# service, not part of the Data Jobs API.
					outside += 1
				continue
			seen.setdefault(op, {}).setdefault(rec["status"], 0)
			seen[op][rec["status"]] += 1
			if rec.get("upstream_error"):
				failures.append("%s: %s (%s): upstream failed: %s" % (phase, short(rec), op, rec["upstream_error"]))
			for v in rec.get("violations") or []:
				loc = ".".join(v.get("location") or [])
				msg = v.get("message") or ""
				if loc.startswith("request"):
					failures.append("%s: %s (%s): request violates the spec: [%s] %s" % (phase, short(rec), op, loc, msg))
					continue
				e = allowed_by(entries, op, rec["status"], v)
				if e:
					used[e["id"]] = used.get(e["id"], 0) + 1
					continue
				failures.append("%s: %s (%s) -> %s: response violates the spec and no allow-list entry covers it: [%s] %s%s" % (
					phase, short(rec), op, rec["status"], loc, msg,
					("\n      body: " + rec["resp_head"].replace("\n", " ")) if rec.get("resp_head") else ""))
		print("contract: %s: %d requests, %d operations exercised%s" % (
			phase, len(recs), len(seen), (", %d outside the API (not checked)" % outside) if outside else ""))
		for op in sorted(seen):
			print("    %-32s %s" % (op, " ".join("%s×%d" % (s, n) for s, n in sorted(seen[op].items()))))
		missing = [o for o in required.get(phase, []) if o not in seen]
		if missing:
			failures.append("%s: operations never exercised: %s" % (phase, ", ".join(missing)))

	print("contract: %d requests checked" % total)
	if used:
		print("contract: deviations allowed by the allow-list:")
		for e in entries:
			if e["id"] in used:
				print("    %-28s %4d× %s %s: %s" % (e["id"], used[e["id"]], e["section"], "/".join(e["_ops"]) if len(e["_ops"]) < 4 else "%d operations" % len(e["_ops"]), e["comment"]))
	unused = [e["id"] for e in entries if e["id"] not in used]
	if unused and a.verbose:
		print("contract: allow-list entries not needed by this run: %s" % ", ".join(unused))
	if failures:
		print("contract: %d FAILURES" % len(failures))
		for f in failures:
			print("  FAIL " + f)
		return 1
	print("contract: ok")
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
	r.set_defaults(fn=cmd_record)
	r = sub.add_parser("report")
	r.add_argument("--spec", required=True)
	r.add_argument("--allowlist", required=True)
	r.add_argument("--require", action="append", help="PHASE=op1,op2: operations the phase must exercise")
	r.add_argument("--verbose", action="store_true")
	r.add_argument("logs", nargs="+", help="PHASE=FILE")
	r.set_defaults(fn=cmd_report)
	r = sub.add_parser("spec-ops")
	r.add_argument("--spec", required=True)
	r.set_defaults(fn=cmd_spec_ops)
	a = p.parse_args()
	return a.fn(a)


if __name__ == "__main__":
	sys.exit(main())
