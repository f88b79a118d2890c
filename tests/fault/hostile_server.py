#!/usr/bin/env python3
"""A Control Service that answers with hostile text, for the tests of what
vdktop prints outside curses. Loopback only.

  hostile_server.py info    every GET .../info answers 200 with escape
                            sequences, C1 and bidi controls and forged
                            "team:"/"auth:" lines in api_version and the
                            python versions
  hostile_server.py error   every request answers 500 with the same text
                            in the error body's what/why
  hostile_server.py jobs    the job list holds one job whose name has a CR
                            and forged header text, U+202E, RLM and a BOM
                            (NAME below), and one in team TEAM (an OSC 0
                            title change, U+202E); other job requests answer 404
                            with EVIL in what/why (POSTs 400, with a long why)

Prints "READY http://127.0.0.1:PORT" once it listens."""
import http.server
import json
import sys

# OSC 0 (title), OSC 52 (clipboard), erase line, CR back to column 0 and
# a forged line, 8-bit and UTF-8 CSI, RLO, an isolate, RLM, ALM, BOM.
EVIL = ("1.0\x1b]0;pwned-title\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2K\r"
        "team: forged\nauth: forged\r\n\x9b31m\u202egnp.exe\u2066\u200f\u061c\ufeff\x7f")


# What a CR would let the name do to the header: go back to column 0 and
# write a context and host of its own.
NAME = "evil-job\rFORGED-CONTEXT 10.6.6.6 \u202eright\u200f\ufeff"
TEAM = "zz\x1b]0;pwned-title\x07team\u202e"


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if MODE == "error":
            self.answer(500, {"what": EVIL, "why": EVIL, "consequences": EVIL, "countermeasures": EVIL})
        elif MODE == "jobs" and self.path.split("?")[0].endswith("/jobs"):
            job = {"jobName": NAME, "config": {"team": "starshot", "description": EVIL,
                                               "schedule": {"scheduleCron": "0 3 * * *"}},
                   "deployments": [{"enabled": True, "lastExecutionStatus": "failed"}]}
            # a second job in a team whose name would retitle the pane
            other = {"jobName": "other-job", "config": {"team": TEAM}, "deployments": []}
            self.answer(200, {"errors": [], "data": {"content": [job, other], "totalItems": 2, "totalPages": 1}})
        elif MODE == "jobs" and self.command == "GET" and self.path.split("?")[0].endswith("/deployments"):
            self.answer(200, [{"id": "production", "enabled": True, "job_version": "abc",
                               "python_version": "3.11"}])
        elif MODE == "jobs" and "/jobs/" in self.path:
            # long enough to wrap in any dialog; the last word must be seen
            self.answer(400 if self.command == "POST" else 404, {"what": EVIL, "why": "The Data Job is not what it seems and this explanation "
                              "goes on for long enough to need three rows of a dialog box, which is how a "
                              "service may well answer. TAILWORD"})
        elif self.path.split("?")[0].endswith("/info"):
            self.answer(200, {"api_version": EVIL, "supported_python_versions": [EVIL, "3.11"]})
        else:
            self.answer(404, {"what": EVIL})

    do_POST = do_GET


MODE = sys.argv[1] if len(sys.argv) > 1 else "info"
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("READY http://127.0.0.1:%d" % srv.server_address[1], flush=True)
srv.serve_forever()
