#!/usr/bin/env python3
"""Turns the fake's answers into fuzz seeds (used by capture-seeds.sh).

argv: base URL, the fake's /_admin/requests JSON, the corpus directory.
Seeds for fuzz_api start with the parser byte, then (for fuzz_api and
fuzz_errbody) a status byte and a content-type byte, then the body — the
layout fuzz_common.h reads. Index tables must match fuzz_api.c and
fuzz_common.h."""
import hashlib
import json
import os
import sys
import urllib.error
import urllib.request

STATUSES = [200, 201, 202, 204, 400, 401, 403, 404, 409, 413, 500, 502, 503, 504, 0, 299, 302, 199]
CTYPES = ["application/json", "application/json;charset=UTF-8", "text/html", "text/plain",
          "application/octet-stream", None]

base, reqfile, corpus = sys.argv[1], sys.argv[2], sys.argv[3]


def fetch(method, path, body=None):
    req = urllib.request.Request(base + path, data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def head(status, ctype):
    s = STATUSES.index(status) if status in STATUSES else 0
    c = CTYPES.index(ctype) if ctype in CTYPES else 0
    return bytes([s, c])


def save(target, data):
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def parser_of(path, query):
    p = path.split("?")[0]
    seg = p.rstrip("/").split("/")
    if p.endswith("/info"):
        return 0
    if seg[-1] == "jobs" and "query" in query:
        return 2 if "jobExecutions" in query else 1
    if "/logs" in p:
        return 17
    if "/properties" in p:
        return 18
    if len(seg) >= 2 and seg[-2] == "executions":
        return 14
    if seg[-1] == "executions":
        return 13
    if len(seg) >= 2 and seg[-2] == "deployments":
        return 9
    if seg[-1] == "deployments":
        return 8
    if len(seg) >= 2 and seg[-2] == "jobs":
        return 3
    return None


reqs = json.load(open(reqfile))
seen = set()
for r in reqs:
    if r.get("method") != "GET":
        continue
    path = r["path"] + ("?" + r["query"] if r.get("query") else "")
    if path in seen:
        continue
    seen.add(path)
    status, ctype, body = fetch("GET", path)
    idx = parser_of(r["path"], r.get("query") or "")
    if idx is None:
        continue
    if isinstance(ctype, str) and ctype.startswith("application/json") and ctype not in CTYPES:
        ctype = "application/json"
    save("fuzz_api", bytes([idx]) + head(status, ctype) + body)
    if idx in (1, 2):
        save("fuzz_gql", bytes([1 if idx == 1 else 0]) + body)

# The REST reads vdktop's views make, fetched directly.
team = "/data-jobs/for-team/starshot"
job = team + "/jobs/starshot-telemetry-ingest"
status, ctype, data = fetch("GET", job + "/executions")
ids = [e.get("id") for e in json.loads(data)] if status == 200 else []
extra = [team + "/info", job, job + "/deployments", job + "/deployments/production", job + "/executions",
         job + "/deployments/production/properties", team + "/jobs/starshot-billing-reconcile/executions"]
for i in ids[:2]:
    extra += [job + "/executions/" + i, job + "/executions/" + i + "/logs?tail_lines=20"]
for path in extra:
    if path in seen:
        continue
    seen.add(path)
    status, ctype, data = fetch("GET", path)
    idx = parser_of(path, "")
    if idx is None:
        continue
    if isinstance(ctype, str) and ctype.startswith("application/json") and ctype not in CTYPES:
        ctype = "application/json"
    save("fuzz_api", bytes([idx]) + head(status, ctype) + data)

# A start's 202 with its Location, and the keytab download.
save("fuzz_api", bytes([15, 2, 0x80]) + (base + job + "/executions/starshot-telemetry-ingest-1700000000\n").encode())
status, ctype, data = fetch("GET", job + "/keytab")
save("fuzz_api", bytes([7]) + head(status, "application/octet-stream") + data)

# Error answers: what the real server sends for the common failures.
errors = [
    ("GET", team + "/jobs/no-such-job-here", None, "job"),
    ("GET", team + "/jobs/no-such-job-here/deployments", None, "deployments"),
    ("POST", team + "/jobs", json.dumps({"job_name": "starshot-telemetry-ingest", "team": "starshot"}).encode(), "create"),
    ("POST", team + "/jobs", json.dumps({"job_name": "Bad Name!", "team": "starshot"}).encode(), "create"),
    ("GET", team + "/jobs/starshot-telemetry-ingest/executions/nope", None, "execution"),
    ("GET", "/data-jobs/for-team/starshot/jobs?query=%7Bjobs(pageNumber:0,pageSize:5)%7Bcontent%7BjobName%7D%7D%7D", None, "jobs"),
]
for method, path, body, ctx in errors:
    status, ctype, data = fetch(method, path, body)
    save("fuzz_errbody", bytes([["info", "jobs", "job", "create", "update", "delete", "keytab", "deployments",
                                 "deploy", "patch", "undeploy", "executions", "execution", "start", "cancel",
                                 "logs", "properties", "sources", "other"].index(ctx)]) + head(status, ctype) + data)

# The fake's fault answers on the jobs list: 5xx, malformed, wrong types,
# HTML from a proxy.
jobs_path = next((p for p in seen if "query=" in p), None)
if jobs_path:
    for fault in ({"fail_next": {"count": 1, "status": 500}}, {"fail_next": {"count": 1, "status": 503}},
                  {"malformed_next": 1}, {"wrong_types_next": 1},
                  {"content_type_next": {"count": 1, "type": "text/html"}}):
        fetch("POST", "/_admin/faults", json.dumps(fault).encode())
        status, ctype, data = fetch("GET", jobs_path)
        save("fuzz_api", bytes([1]) + head(status, ctype) + data)
        if status == 200:
            save("fuzz_gql", b"\x01" + data)
        else:
            save("fuzz_errbody", b"\x01" + head(status, ctype) + data)
    fetch("DELETE", "/_admin/faults")
print("seeds written to", corpus)
