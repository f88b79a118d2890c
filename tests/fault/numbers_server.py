#!/usr/bin/env python3
"""A Control Service that lies about its numbers, for tests/fault.

Loopback only. It answers the few requests vdktop makes on the way to a
team's jobs and one execution's log, each with one hostile twist chosen
by --mode:

  counts   every jobs page claims --total-items / --total-pages (raw JSON
           numbers, so 2^61+1 and 10^12 reach the client as written) and
           holds at most the rows asked for
  rows     every jobs page holds --rows jobs, whatever pageSize asked
  logline  job "hostile-job" has one finished execution whose log is one
           line of --line-mb MiB (--exec-status 503: its own GET fails, so
           only the executions list says it finished)
  noid     the job's executions answer lists an execution without an id
  header   every answer carries a --header-mb MiB response header

GET /_admin/requests lists the requests served so far (method, path),
the shape tests/screen/lib.sh reads. Prints "READY <url>" once listening.
"""
import argparse
import json
import socketserver
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

TEAM = "starshot"
JOB = "hostile-job"
EXEC = "hostile-job-1"


class Server(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def job_json(name):
    return {
        "jobName": name,
        "config": {"team": TEAM, "description": "", "schedule": {"scheduleCron": "", "nextRunEpochSeconds": 0}},
        "deployments": [{"enabled": True, "lastExecutionStatus": "succeeded",
                         "executions": [exec_json(gql=True)] if name == JOB else []}],
    }


def exec_json(gql=False, with_id=True):
    e = {"type": "manual", "status": "succeeded"}
    if gql:
        e.update({"jobName": JOB, "startTime": "2026-01-01T10:00:00Z", "endTime": "2026-01-01T10:01:00Z",
                  "startedBy": "manual/tester", "opId": "op1"})
    else:
        e.update({"job_name": JOB, "start_time": "2026-01-01T10:00:00Z", "end_time": "2026-01-01T10:01:00Z",
                  "started_by": "manual/tester", "op_id": "op1"})
    if with_id:
        e["id"] = EXEC
    return e


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send_body(self, status, body, ctype="application/json"):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if self.server.opts.mode == "header" and not self.path.startswith("/_admin"):
            # One header line of header_mb MiB: well past any client's limit.
            self.send_header("X-Padding", "a" * (int(self.server.opts.header_mb * 1048576)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/_admin/requests":
            with self.server.lock:
                log = list(self.server.log)
            return self.send_body(200, json.dumps(log))
        with self.server.lock:
            self.server.log.append({"method": "GET", "path": self.path})
        parts = [urllib.parse.unquote(p) for p in url.path.split("/") if p]
        if parts[:2] != ["data-jobs", "for-team"] or len(parts) < 4:
            return self.send_body(404, '{"error":"not found"}')
        rest = parts[3:]
        if rest == ["info"]:
            return self.send_body(200, '{"api_version":"1.0","supported_python_versions":["3.11"]}')
        if rest == ["jobs"]:
            return self.graphql(urllib.parse.parse_qs(url.query))
        if rest[:1] == ["jobs"] and len(rest) == 4 and rest[2] == "executions":
            if self.server.opts.exec_status:
                return self.send_body(self.server.opts.exec_status, '{"error":"execution unavailable"}')
            return self.send_body(200, json.dumps(exec_json()))
        if rest[:1] == ["jobs"] and len(rest) == 5 and rest[4] == "logs":
            return self.logs()
        return self.send_body(404, '{"error":"not found"}')

    def logs(self):
        mb = self.server.opts.line_mb if self.server.opts.mode == "logline" else 0
        if not mb:
            return self.send_body(200, '{"logs":"2026-01-01 10:00:00 one line\\n"}')
        n = int(mb * 1048576)
        # {"logs": "<n bytes of one line>\n"} written in pieces: no 60 MB
        # string is built twice here.
        head, tail = b'{"logs":"2026-01-01 10:00:00 ', b'\\n"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(head) + n + len(tail)))
        self.end_headers()
        self.wfile.write(head)
        chunk = b"x" * 1048576
        left = n
        while left > 0:
            self.wfile.write(chunk[:min(left, len(chunk))])
            left -= len(chunk)
        self.wfile.write(tail)

    def graphql(self, qs):
        o = self.server.opts
        doc = qs.get("query", [""])[0]
        try:
            var = json.loads(qs.get("variables", ["{}"])[0])
        except ValueError:
            var = {}
        size = int(var.get("pageSize") or 1)
        page = int(var.get("pageNumber") or 1)
        if doc.lstrip().startswith("query jobExecutions"):
            content = [exec_json(gql=True, with_id=o.mode != "noid")]
            return self.send_body(200, json.dumps({"data": {"content": content, "totalItems": 1, "totalPages": 1}}))
        if o.mode == "counts":
            n = min(size, 50)
            names = ["hz-%07d" % ((page - 1) * size + i) for i in range(n)]
            if page == 1:
                names[0] = JOB
            content = ",".join(json.dumps(job_json(x)) for x in names)
            body = '{"data":{"content":[%s],"totalItems":%s,"totalPages":%s}}' % (content, o.total_items, o.total_pages)
            return self.send_body(200, body)
        if o.mode == "rows":
            # Small rows, built as text: a million of them is ~40 MB.
            row = '{"jobName":"r%07d","config":{"team":"' + TEAM + '"}}'
            content = ",".join(row % i for i in range(o.rows))
            body = '{"data":{"content":[%s],"totalItems":%d,"totalPages":1}}' % (content, o.rows)
            return self.send_body(200, body)
        content = [job_json(JOB)]
        return self.send_body(200, json.dumps({"data": {"content": content, "totalItems": 1, "totalPages": 1}}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", required=True, choices=["counts", "rows", "logline", "noid", "header"])
    p.add_argument("--total-items", default="1")
    p.add_argument("--total-pages", default="1")
    p.add_argument("--rows", type=int, default=1)
    p.add_argument("--line-mb", type=float, default=60)
    p.add_argument("--header-mb", type=float, default=5)
    p.add_argument("--exec-status", type=int, default=0,
                   help="answer an execution's GET with this HTTP status (0: the execution)")
    opts = p.parse_args()
    srv = Server(("127.0.0.1", 0), Handler)
    srv.opts = opts
    srv.lock = threading.Lock()
    srv.log = []
    print("READY http://127.0.0.1:%d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
