#!/usr/bin/env python3
"""What the jobs list's last-run fallback costs on a 10,000-job team.

After a PUT of a job the server clears its lastExecution* summary until a
run completes (api-notes 4.7); every `vdk deploy` PUTs. vdktop then asks
the root executions query for the newest finished run of each such job
(page of one, a few at a time, rows on screen first). This script makes
the worst case on the fake (every deployed job of a --seed scale team PUT
once, as after a team-wide redeploy), and prints:

  the list itself      one jobs page as vdktop asks for it (500 rows)
  the fallback         one last-run question: bytes and time, and how many
                       a screen (40 rows) and the whole team need
  the alternative      the same jobs page with a nested newest execution
                       per job (pageSize 1): the bytes and time it adds to
                       every page on every refresh

Run: python3 tests/bench/lastrun_cost.py [--jobs 10000]
Times are the fake's (a Python process on this machine): compare them
with each other, not with a real server.
"""

import argparse
import gzip
import http.client
import json
import os
import re
import select
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "..", "fake", "control_service.py")
TEAM = "starshot"

JOB_FIELDS = ("jobName config{team description schedule{scheduleCron nextRunEpochSeconds}}"
              "deployments{enabled jobVersion jobPythonVersion vdkVersion lastDeployedBy "
              "lastDeployedDate lastExecutionStatus lastExecutionTime lastExecutionDuration "
              "successfulExecutions failedExecutions%s}")
NESTED = (" executions(pageNumber:1,pageSize:1,order:{property:\"startTime\",direction:DESC})"
          "{id type status startTime endTime startedBy message opId logsUrl}")
EXEC_DOC = ("query jobExecutions($pageNumber:Int,$pageSize:Int,$filter:DataJobExecutionFilter,"
            "$order:DataJobExecutionOrder){executions(pageNumber:$pageNumber,pageSize:$pageSize,"
            "filter:$filter,order:$order){content{id type jobName status startTime endTime "
            "startedBy message opId logsUrl deployment{jobVersion jobPythonVersion vdkVersion "
            "deployedDate deployedBy}}totalItems totalPages}}")


def start_fake(jobs):
    p = subprocess.Popen([sys.executable, FAKE, "--port", "0", "--seed", "scale", "--jobs",
                          str(jobs)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = b""
    deadline = time.time() + 120
    while not line.endswith(b"\n") and time.time() < deadline:
        r, _, _ = select.select([p.stdout], [], [], 1)
        if r:
            line += os.read(p.stdout.fileno(), 1)
    m = re.fullmatch(rb"READY http://127\.0\.0\.1:(\d+)\n", line)
    if not m:
        p.kill()
        sys.exit("the fake did not start")
    return p, int(m.group(1))


class Client:
    def __init__(self, port):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def get(self, path):
        """(status, wire bytes (gzip), decoded body, seconds)."""
        t = time.perf_counter()
        self.c.request("GET", path, headers={"Accept-Encoding": "gzip"})
        r = self.c.getresponse()
        raw = r.read()
        dt = time.perf_counter() - t
        body = gzip.decompress(raw) if r.getheader("Content-Encoding") == "gzip" else raw
        return r.status, len(raw), body, dt

    def send(self, method, path, obj):
        self.c.request(method, path, body=json.dumps(obj).encode(),
                       headers={"Content-Type": "application/json"})
        r = self.c.getresponse()
        r.read()
        return r.status


def jobs_page(cli, page, size, nested):
    doc = ("query jobsQuery($pageNumber:Int,$pageSize:Int,$filter:[Predicate]){jobs(pageNumber:"
           "$pageNumber,pageSize:$pageSize,filter:$filter){content{" +
           JOB_FIELDS % (NESTED if nested else "") + "}totalItems totalPages}}")
    variables = {"pageNumber": page, "pageSize": size,
                 "filter": [{"property": "config.team", "pattern": TEAM},
                            {"property": "jobName", "sort": "ASC"}]}
    q = urlencode({"query": doc, "variables": json.dumps(variables)})
    return cli.get("/data-jobs/for-team/%s/jobs?%s" % (TEAM, q))


def last_run(cli, job):
    variables = {"pageNumber": 1, "pageSize": 1,
                 "filter": {"teamNameIn": [TEAM], "jobNameIn": [job],
                            "statusIn": ["SUCCEEDED", "SKIPPED", "USER_ERROR", "PLATFORM_ERROR"]},
                 "order": {"property": "startTime", "direction": "DESC"}}
    q = urlencode({"query": EXEC_DOC, "variables": json.dumps(variables)})
    return cli.get("/data-jobs/for-team/%s/jobs?%s" % (TEAM, q))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=10000)
    ap.add_argument("--page", type=int, default=500)
    ap.add_argument("--screen", type=int, default=40)
    ap.add_argument("--samples", type=int, default=200)
    a = ap.parse_args()
    fake, port = start_fake(a.jobs)
    try:
        cli = Client(port)
        # Every deployed job PUT once, as `vdk deploy` does: summaries cleared.
        names = []
        pages = (a.jobs + a.page - 1) // a.page
        for page in range(1, pages + 1):
            _, _, body, _ = jobs_page(cli, page, a.page, False)
            for j in json.loads(body)["data"]["content"]:
                if j["deployments"]:
                    names.append(j["jobName"])
        for n in names:
            st = cli.send("PUT", "/data-jobs/for-team/%s/jobs/%s" % (TEAM, n),
                          {"job_name": n, "team": TEAM, "config": {}})
            assert st == 200, st
        # Which jobs now need the fallback (summary empty, counts say it ran).
        need = 0
        plain_bytes, plain_t, nested_bytes, nested_t = [], [], [], []
        for page in range(1, pages + 1):
            _, wire, body, dt = jobs_page(cli, page, a.page, False)
            plain_bytes.append(wire)
            plain_t.append(dt)
            for j in json.loads(body)["data"]["content"]:
                d = (j["deployments"] or [None])[0]
                if d and d["lastExecutionStatus"] is None and \
                        (d["successfulExecutions"] or 0) + (d["failedExecutions"] or 0) > 0:
                    need += 1
            _, wire, _, dt = jobs_page(cli, page, a.page, True)
            nested_bytes.append(wire)
            nested_t.append(dt)
        sample = names[:: max(1, len(names) // a.samples)][:a.samples]
        one_bytes, one_t = [], []
        for n in sample:
            st, wire, body, dt = last_run(cli, n)
            assert st == 200 and json.loads(body)["data"]["content"], n
            one_bytes.append(wire)
            one_t.append(dt)
        b1, t1 = statistics.median(one_bytes), statistics.median(one_t)
        print("team: %d jobs, %d deployed, all PUT once; %d need the fallback" % (a.jobs, len(names), need))
        print("list: one jobs page of %d rows: median %.0f B on the wire (gzip), %.1f ms; whole team %d pages"
              % (a.page, statistics.median(plain_bytes), 1000 * statistics.median(plain_t), pages))
        print("fallback: one last-run question: median %.0f B, %.1f ms (n=%d)" % (b1, 1000 * t1, len(sample)))
        print("fallback: a screen of %d rows: at most %d questions, %.1f KB, once per job per session"
              % (a.screen, a.screen, a.screen * b1 / 1024))
        print("fallback: the whole team (full mode, 4 at a time): %d questions, %.0f KB, about %.1f s of "
              "fake time, once per job per session" % (need, need * b1 / 1024, need * t1))
        print("alternative: nested newest execution in every jobs page: +%.0f B and +%.1f ms per page, "
              "+%.0f KB and %.1f s per whole-team refresh, on every refresh"
              % (statistics.median(nested_bytes) - statistics.median(plain_bytes),
                 1000 * (statistics.median(nested_t) - statistics.median(plain_t)),
                 (sum(nested_bytes) - sum(plain_bytes)) / 1024, sum(nested_t) - sum(plain_t)))
    finally:
        fake.terminate()
        fake.wait()


if __name__ == "__main__":
    main()
