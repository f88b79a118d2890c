"""Proves the fake Control Service's key real-server behaviours (api-notes
sections 1-5), so client tests against it mean something.

Run: python3 -m unittest -v tests/fake/test_fake.py   (or tests/fake/run.sh)
"""

import gzip
import hashlib
import http.client
import io
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
import unittest
import zipfile
from urllib.parse import quote, urlencode, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "control_service.py")
K8S_PREFIX = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z ")


class Fake:
    """One fake server process on a free port."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([sys.executable, FAKE, "--port", "0"] + list(args),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = b""
        deadline = time.time() + 30
        while not line.endswith(b"\n"):
            left = deadline - time.time()
            if left <= 0 or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("fake did not get ready: %r %r" % (line, self.proc.stderr.read()))
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if r:
                ch = os.read(self.proc.stdout.fileno(), 1)
                if not ch:
                    continue
                line += ch
        m = re.fullmatch(rb"READY (http://127\.0\.0\.1:(\d+))\n", line)
        if not m:
            self.stop()
            raise RuntimeError("bad READY line %r" % line)
        self.url = m.group(1).decode()
        self.port = int(m.group(2))

    def stop(self):
        """Stops the fake (SIGTERM); returns its exit status. Its stderr is
        kept in self.stderr: a traceback there is a bug in the fake."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.proc.stderr.closed:
            self.stderr = self.proc.stderr.read().decode("utf-8", "replace")
            self.proc.stdout.close()
            self.proc.stderr.close()
        return self.proc.returncode

    def conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def call(self, method, path, body=None, headers=None, conn=None):
        """Returns (status, headers with lower-case names, body bytes)."""
        own = conn is None
        c = conn or self.conn()
        hdrs = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        c.request(method, path, body=body, headers=hdrs)
        r = c.getresponse()
        data = r.read()
        out = (r.status, {k.lower(): v for k, v in r.getheaders()}, data)
        if own:
            c.close()
        return out

    def json(self, method, path, body=None, headers=None):
        status, hdrs, data = self.call(method, path, body, headers)
        return status, (json.loads(data) if data else None)

    def gql(self, query, variables=None, team="starshot", headers=None):
        params = {"query": query}
        if variables is not None:
            params["variables"] = json.dumps(variables)
        return self.json("GET", "/data-jobs/for-team/%s/jobs?%s" % (team, urlencode(params)),
                         headers=headers)

    def admin(self, method, path, body=None):
        return self.json(method, "/_admin/" + path, body)


def wait_for(pred, timeout=20.0, step=0.05):
    deadline = time.time() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError("condition not met within %.0f s" % timeout)
        time.sleep(step)


JOBS = "/data-jobs/for-team/starshot/jobs"
BUILTIN_SCALARS = {"String", "Int", "Float", "Boolean", "ID"}


def spec_schema_path():
    """The official GraphQL schema: $FAKE_SCHEMA, else ../shared/spec beside
    the checkout (found from git's top level, so a copy under build/ finds
    it too)."""
    if os.environ.get("FAKE_SCHEMA"):
        return os.environ["FAKE_SCHEMA"]
    top = os.path.dirname(os.path.dirname(HERE))
    try:
        top = subprocess.run(["git", "-C", HERE, "rev-parse", "--show-toplevel"], check=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode().strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return os.path.join(os.path.dirname(top), "shared", "spec", "schema.graphqls")


def parse_sdl(text):
    """The parts of a GraphQL SDL document the fake models: object and input
    fields with their type references, field arguments and their defaults,
    enum values, scalars."""
    toks = re.findall(r'"""[\s\S]*?"""|"[^"\n]*"|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?|[{}()\[\]:=!@]',
                      re.sub(r"#[^\n]*", "", text))
    toks = [t for t in toks if not t.startswith('"')]
    out = {"objects": {}, "inputs": {}, "enums": {}, "scalars": set(), "args": {}, "defaults": {}}
    i = 0

    def typeref():
        nonlocal i
        if toks[i] == "[":
            i += 1
            inner = typeref()
            assert toks[i] == "]", toks[i - 3:i + 3]
            i += 1
            ref = "[%s]" % inner
        else:
            ref = toks[i]
            i += 1
        if i < len(toks) and toks[i] == "!":
            i += 1
            ref += "!"
        return ref

    def value():
        nonlocal i
        v = toks[i]
        i += 1
        return int(v) if re.fullmatch(r"-?\d+", v) else v

    while i < len(toks):
        kw = toks[i]
        if kw == "scalar":
            out["scalars"].add(toks[i + 1])
            i += 2
        elif kw == "schema":
            i = toks.index("}", i) + 1
        elif kw in ("type", "input", "enum"):
            name = toks[i + 1]
            i += 2
            assert toks[i] == "{", (name, toks[i])
            i += 1
            if kw == "enum":
                vals = set()
                while toks[i] != "}":
                    vals.add(toks[i])
                    i += 1
                out["enums"][name] = vals
                i += 1
                continue
            fields = {}
            while toks[i] != "}":
                field = toks[i]
                i += 1
                if toks[i] == "(":
                    i += 1
                    args, defaults = {}, {}
                    while toks[i] != ")":
                        arg = toks[i]
                        assert toks[i + 1] == ":", toks[i:i + 3]
                        i += 2
                        args[arg] = typeref()
                        if toks[i] == "=":
                            i += 1
                            defaults[arg] = value()
                    i += 1
                    out["args"][(name, field)] = args
                    if defaults:
                        out["defaults"][(name, field)] = defaults
                assert toks[i] == ":", (name, field, toks[i])
                i += 1
                fields[field] = typeref()
            i += 1
            out["objects" if kw == "type" else "inputs"][name] = fields
        else:
            raise AssertionError("unexpected %r in the schema" % kw)
    return out


class FakeCase(unittest.TestCase):
    """Each test gets a fresh fake started with FAKE_ARGS (self.f), so a
    test that fails halfway, or changes the data, never makes another test
    fail. Every fake a test starts must exit 0 on SIGTERM with no traceback
    on stderr, checked after the test."""

    FAKE_ARGS = ("--seed", "demo")

    def setUp(self):
        self.f = self.start_fake(*self.FAKE_ARGS)

    def start_fake(self, *args):
        f = Fake(*args)
        self.addCleanup(self.assert_clean_exit, f)
        return f

    def assert_clean_exit(self, f):
        rc = f.stop()
        self.assertEqual(rc, 0, "the fake exits 0 on SIGTERM; stderr:\n" + f.stderr)
        self.assertNotIn("Traceback", f.stderr, "a bug in the fake")

    def requests(self, method=None, path=None):
        """The fake's request log, optionally one method and path only."""
        _, log = self.f.admin("GET", "requests")
        return [r for r in log if (method is None or r["method"] == method) and
                (path is None or r["path"] == path)]


class DemoTest(FakeCase):
    """Against --seed demo at normal speed."""

    def team_filter(self, team="starshot"):
        return [{"property": "config.team", "pattern": team}]

    def test_selection_only_and_totals_zero_unless_selected(self):
        st, body = self.f.gql("{ jobs(pageNumber: 1, pageSize: 5) { content { jobName } } }")
        self.assertEqual(st, 200)
        self.assertEqual(body["errors"], [])
        self.assertEqual(len(body["data"]["content"]), 5)
        for item in body["data"]["content"]:
            self.assertEqual(set(item), {"jobName"})
        self.assertEqual(body["data"]["totalItems"], 0)
        self.assertEqual(body["data"]["totalPages"], 0)
        st, body = self.f.gql("{ jobs(pageNumber: 1, pageSize: 5) { content { config { team } } "
                              "totalItems totalPages } }")
        self.assertEqual(body["data"]["totalItems"], 40)
        self.assertEqual(body["data"]["totalPages"], 8)
        self.assertEqual(set(body["data"]["content"][0]), {"config"})
        self.assertEqual(set(body["data"]["content"][0]["config"]), {"team"})

    def test_computed_fields_only_when_selected(self):
        q = ('query q($f: [Predicate]) { jobs(pageNumber: 1, pageSize: 50, filter: $f) { content { '
             'jobName config { schedule { scheduleCron %s } } %s } } }')
        flt = [{"property": "jobName", "pattern": "starshot-partner-feed-export"}]
        _, plain = self.f.gql(q % ("", ""), {"f": flt})
        item = plain["data"]["content"][0]
        self.assertNotIn("deployments", item)
        self.assertNotIn("nextRunEpochSeconds", item["config"]["schedule"])
        _, full = self.f.gql(q % ("nextRunEpochSeconds", "deployments { enabled }"), {"f": flt})
        item = full["data"]["content"][0]
        self.assertEqual(item["config"]["schedule"]["nextRunEpochSeconds"], -1)  # Feb 30
        self.assertEqual(item["deployments"], [{"enabled": True}])
        flt = [{"property": "jobName", "pattern": "starshot-processing-vmc-fact-daily"}]
        _, body = self.f.gql(q % ("nextRunEpochSeconds", ""), {"f": flt})
        nxt = body["data"]["content"][0]["config"]["schedule"]["nextRunEpochSeconds"]
        self.assertGreater(nxt, time.time())
        self.assertEqual(nxt % 86400, 2 * 3600 + 15 * 60)  # "15 2 * * *" in UTC

    def test_paging_errors(self):
        for args, text in (("pageNumber: 0, pageSize: 5", "Page cannot be less than 1"),
                           ("pageSize: 5", "Page cannot be less than 1"),
                           ("pageNumber: 1, pageSize: 0", "Page size cannot be less than 1")):
            st, body = self.f.gql("{ jobs(%s) { content { jobName } } }" % args)
            self.assertEqual(st, 400, args)
            self.assertIsNone(body["data"])
            self.assertIn(text, body["errors"][0]["message"])
        st, body = self.f.gql('{ jobs(pageNumber: 1, pageSize: 10, filter: [{property: "jobName", '
                              'pattern: "no-such-job"}]) { content { jobName } totalPages totalItems } }')
        self.assertEqual((st, body["data"]["totalItems"], body["data"]["totalPages"]), (200, 0, 1))
        st, body = self.f.gql('{ jobs(pageNumber: 9, pageSize: 10) { content { jobName } } }')
        self.assertEqual((st, body["data"]["content"]), (200, []))

    def test_overlong_query_hits_the_header_limit(self):
        q = "{ jobs(pageNumber: 1, pageSize: 1) { content { %s } } }" % " ".join(["jobName"] * 1200)
        st, hdrs, data = self.f.call("GET", JOBS + "?" + urlencode({"query": q}))
        self.assertEqual(st, 400)
        self.assertTrue(hdrs["content-type"].startswith("text/html"))

    def test_syntax_and_validation_errors(self):
        st, body = self.f.gql("{ jobs(pageNumber: 1 { content { jobName } } }")
        self.assertEqual(st, 400)
        self.assertIn("Invalid Syntax", body["errors"][0]["message"])
        st, body = self.f.gql("{ jobs(pageNumber: 1, pageSize: 1) { content { jobName bogus } } }")
        self.assertEqual(st, 400)
        self.assertIn("FieldUndefined", body["errors"][0]["message"])
        st, body = self.f.gql("{ jobs(pageNumber: 1, pageSize: 1) { content { config } } }")
        self.assertEqual(st, 400)
        st, body = self.f.gql("query q($n: Int, $s: Int) { jobs(pageNumber: $n, pageSize: $s) "
                              "{ content { jobName } } }", {"n": "1", "s": 2})
        self.assertEqual(st, 400, "a string for Int must not be coerced")
        st, body = self.f.gql("query q($n: Int, $s: Int) { jobs(pageNumber: $n, pageSize: $s) "
                              "{ content { jobName __typename } } }", {"n": 1, "s": 2})
        self.assertEqual(st, 200)
        self.assertEqual(body["data"]["content"][0]["__typename"], "DataJob")

    def test_team_and_name_filters_and_sort(self):
        flt = self.team_filter()
        _, body = self.f.gql('query q($f: [Predicate]) { jobs(pageNumber: 1, pageSize: 100, '
                             'filter: $f) { content { jobName config { team } } totalItems } }',
                             {"f": flt})
        teams = {c["config"]["team"] for c in body["data"]["content"]}
        self.assertEqual(teams, {"starshot"})
        names = [c["jobName"] for c in body["data"]["content"]]
        self.assertEqual(names, sorted(names))
        self.assertIn("starshot-telemetry-ingest", names)
        flt = [{"property": "config.team", "pattern": "%collider%"},
               {"property": "jobName", "pattern": "*BILLING*", "sort": "DESC"}]
        _, body = self.f.gql('query q($f: [Predicate]) { jobs(pageNumber: 1, pageSize: 100, '
                             'filter: $f) { content { jobName } } }', {"f": flt})
        self.assertEqual([c["jobName"] for c in body["data"]["content"]],
                         ["supercollider-billing-rollup"])
        # jobName without '*' is an exact (case-insensitive) match, not "contains".
        _, body = self.f.gql('{ jobs(pageNumber: 1, pageSize: 100, filter: [{property: "jobName", '
                             'pattern: "starshot"}]) { content { jobName } } }')
        self.assertEqual(body["data"]["content"], [])
        _, body = self.f.gql('{ jobs(pageNumber: 1, pageSize: 100, filter: [{property: '
                             '"config.team", pattern: "taurus-ops"}, {property: "jobName", sort: DESC}])'
                             ' { content { jobName } } }')
        names = [c["jobName"] for c in body["data"]["content"]]
        self.assertEqual(names, sorted(names, reverse=True))

    def test_team_filter_is_a_full_match(self):
        """config.team is a full match ('%' the only wildcard), never
        "contains": one team's list must not take in a team whose name
        holds it."""
        st, _, _ = self.f.call("POST", "/data-jobs/for-team/starshot-eu/jobs",
                               {"job_name": "eu-only-job", "team": "starshot-eu", "config": {}})
        self.assertEqual(st, 201)
        q = ('query q($f: [Predicate]) { jobs(pageNumber: 1, pageSize: 100, filter: $f) '
             '{ content { jobName config { team } } totalItems } }')

        def teams(pattern):
            _, body = self.f.gql(q, {"f": [{"property": "config.team", "pattern": pattern}]})
            self.assertEqual(body["errors"], [])
            return {c["config"]["team"] for c in body["data"]["content"]}
        self.assertEqual(teams("starshot"), {"starshot"})
        self.assertEqual(teams("starshot-eu"), {"starshot-eu"})
        self.assertEqual(teams("star"), set())
        self.assertEqual(teams("ops"), set())
        self.assertEqual(teams("shot-eu"), set())
        self.assertEqual(teams("%shot%"), {"starshot", "starshot-eu"})
        self.assertEqual(teams("%-ops"), {"taurus-ops"})

    def test_deployment_filters(self):
        q = ('query q($f: [Predicate]) { jobs(pageNumber: 1, pageSize: 100, filter: $f) '
             '{ content { jobName %s } totalItems } }')
        flt = [{"property": "deployments.lastExecutionStatus", "pattern": "user_error"}]
        _, body = self.f.gql(q % "deployments { lastExecutionStatus }", {"f": flt})
        names = {c["jobName"] for c in body["data"]["content"]}
        self.assertIn("starshot-sales-forecast-weekly", names)
        self.assertIn("taurus-ops-k8s-cost-report", names)
        for c in body["data"]["content"]:
            self.assertEqual(c["deployments"][0]["lastExecutionStatus"], "USER_ERROR")
        # Uppercase matches nothing, and so does any deployments.* filter
        # when deployments are not selected.
        flt_up = [{"property": "deployments.lastExecutionStatus", "pattern": "USER_ERROR"}]
        _, body = self.f.gql(q % "deployments { enabled }", {"f": flt_up})
        self.assertEqual(body["data"]["totalItems"], 0)
        _, body = self.f.gql(q % "", {"f": flt})
        self.assertEqual(body["data"]["totalItems"], 0)
        flt = [{"property": "deployments.enabled", "pattern": "not_deployed"}]
        _, body = self.f.gql(q % "deployments { enabled }", {"f": flt})
        names = {c["jobName"] for c in body["data"]["content"]}
        self.assertIn("starshot-ml-feature-export", names)
        self.assertTrue(all(c["deployments"] is None for c in body["data"]["content"]))
        flt = [{"property": "deployments.enabled", "pattern": "disabled"}]
        _, body = self.f.gql(q % "deployments { enabled }", {"f": flt})
        self.assertIn("starshot-legacy-import-sql", {c["jobName"] for c in body["data"]["content"]})
        _, body = self.f.gql('{ jobs(pageNumber: 1, pageSize: 100, search: "TELEMETRY") '
                             '{ content { jobName } } }')
        self.assertEqual([c["jobName"] for c in body["data"]["content"]],
                         ["starshot-telemetry-ingest"])

    def test_nested_and_root_executions(self):
        _, body = self.f.gql(
            '{ jobs(pageNumber: 1, pageSize: 1, filter: [{property: "jobName", pattern: '
            '"starshot-billing-reconcile"}]) { content { deployments { successfulExecutions '
            'failedExecutions lastExecutionStatus executions(pageNumber: 1, pageSize: 3, order: '
            '{property: "startTime", direction: DESC}) { id status startTime type } } } } }')
        dep = body["data"]["content"][0]["deployments"][0]
        ex = dep["executions"]
        self.assertEqual(len(ex), 3)
        self.assertEqual(ex[0]["status"], "PLATFORM_ERROR")
        self.assertEqual(dep["lastExecutionStatus"], "PLATFORM_ERROR")
        self.assertGreaterEqual(dep["failedExecutions"], 1)
        self.assertEqual([e["startTime"] for e in ex],
                         sorted([e["startTime"] for e in ex], reverse=True))
        st, body = self.f.gql(
            '{ executions(pageNumber: 1, pageSize: 500, filter: {teamNameIn: ["taurus-ops"], '
            'statusIn: [USER_ERROR]}, order: {property: "startTime", direction: DESC}) '
            '{ content { id jobName status } totalItems } }')
        self.assertEqual(st, 200)
        self.assertGreater(body["data"]["totalItems"], 0)
        self.assertTrue(all(c["status"] == "USER_ERROR" and c["jobName"].startswith("taurus-ops")
                            for c in body["data"]["content"]))
        st, _ = self.f.gql('{ executions(pageNumber: 1) { content { id } } }')
        self.assertEqual(st, 400, "page number without page size")

    def test_root_executions_no_rows_has_zero_pages(self):
        # A DB page: totalPages 0 for no rows (jobs says 1), and unpaged 1.
        st, body = self.f.gql(
            '{ executions(pageNumber: 1, pageSize: 10, filter: {teamNameIn: ["no-such-team"]}) '
            '{ content { id } totalItems totalPages } }')
        self.assertEqual(st, 200)
        self.assertEqual(body["data"]["content"], [])
        self.assertEqual(body["data"]["totalItems"], 0)
        self.assertEqual(body["data"]["totalPages"], 0)
        _, body = self.f.gql(
            '{ executions(pageNumber: 1, pageSize: 2, filter: {teamNameIn: ["taurus-ops"]}) '
            '{ content { id } totalItems totalPages } }')
        self.assertEqual(body["data"]["totalPages"], -(-body["data"]["totalItems"] // 2))
        _, body = self.f.gql(
            '{ executions(filter: {teamNameIn: ["no-such-team"]}) { content { id } totalPages } }')
        self.assertEqual(body["data"]["totalPages"], 1)

    # What the job summary really means (api-notes 4.7) --------------------------
    DEP_SEL = ("{ jobs(pageNumber: 1, pageSize: 100, filter: %s) { content { jobName deployments "
               "{ enabled jobPythonVersion lastExecutionStatus lastExecutionTime "
               "lastExecutionDuration } } totalItems } }")

    def summary_of(self, job):
        _, body = self.f.gql(self.DEP_SEL % ('[{property: "jobName", pattern: "%s"}]' % job))
        return body["data"]["content"][0]["deployments"][0]

    def test_summary_is_the_last_completed_run(self):
        # A running job still shows its previous finished run; the root
        # query is what says it runs.
        dep = self.summary_of("starshot-telemetry-ingest")
        self.assertEqual(dep["lastExecutionStatus"], "SUCCEEDED")
        _, body = self.f.gql('{ executions(filter: {teamNameIn: ["starshot"], statusIn: '
                             '[RUNNING, SUBMITTED]}) { content { jobName status } } }')
        self.assertIn({"jobName": "starshot-telemetry-ingest", "status": "RUNNING"},
                      body["data"]["content"])
        # A user's cancel never becomes the last status.
        before = self.summary_of("starshot-gdpr-erasure")
        _, made = self.f.admin("POST", "executions/starshot/starshot-gdpr-erasure", {})
        self.assertEqual(self.summary_of("starshot-gdpr-erasure"), before)
        path = JOBS + "/starshot-gdpr-erasure/executions/" + made["id"]
        self.assertEqual(self.f.call("DELETE", path)[0], 200)
        self.assertEqual(self.f.json("GET", path)[1]["status"], "cancelled")
        self.assertEqual(self.summary_of("starshot-gdpr-erasure"), before)
        # A run that ends does reach it.
        _, made = self.f.admin("POST", "executions/starshot/starshot-gdpr-erasure",
                               {"duration_s": 0.2, "outcome": "user_error"})
        wait_for(lambda: self.summary_of("starshot-gdpr-erasure")["lastExecutionStatus"] == "USER_ERROR")

    def test_put_job_clears_the_summary(self):
        st, job = self.f.json("GET", JOBS + "/starshot-gdpr-erasure")
        self.assertIsNotNone(self.summary_of("starshot-gdpr-erasure")["lastExecutionStatus"])
        self.assertEqual(self.f.call("PUT", JOBS + "/starshot-gdpr-erasure", job)[0], 200)
        dep = self.summary_of("starshot-gdpr-erasure")
        self.assertEqual((dep["lastExecutionStatus"], dep["lastExecutionTime"],
                          dep["lastExecutionDuration"]), (None, None, None))
        # the executions themselves are still there
        _, body = self.f.gql('{ executions(filter: {jobNameIn: ["starshot-gdpr-erasure"]}) '
                             '{ content { id } } }')
        self.assertGreater(len(body["data"]["content"]), 0)

    def test_oom_kill_is_a_user_error(self):
        _, e = self.f.json("GET", JOBS + "/starshot-snapshot-archiver/executions")
        last = max(e, key=lambda x: x["start_time"])
        self.assertEqual(last["status"], "user_error")
        self.assertIn("Out of memory", last["message"])
        self.assertEqual(self.summary_of("starshot-snapshot-archiver")["lastExecutionStatus"],
                         "USER_ERROR")

    def test_sorts_the_server_cannot_do(self):
        team = '{property: "config.team", pattern: "starshot"}'
        # Python version with an undeployed job in the result: the NPE.
        st, body = self.f.gql(self.DEP_SEL % ('[%s, {property: "deployments.jobPythonVersion", '
                                              'sort: ASC}]' % team))
        self.assertEqual(st, 400)
        self.assertIn("Exception while fetching data (/jobs)", body["errors"][0]["message"])
        # ... fine when every job in the result is deployed
        st, _ = self.f.gql(self.DEP_SEL % ('[%s, {property: "deployments.enabled", pattern: '
                                           '"enabled"}, {property: "deployments.jobPythonVersion",'
                                           ' sort: DESC}]' % team))
        self.assertEqual(st, 200)
        # The counts have no strategy: any filter or sort is a 400.
        for prop in ("deployments.executions", "deployments.successfulExecutions",
                     "deployments.failedExecutions"):
            for pred in ('{property: "%s", sort: ASC}' % prop, '{property: "%s", pattern: "1"}' % prop):
                st, _ = self.f.gql(self.DEP_SEL % ("[%s, %s]" % (team, pred)))
                self.assertEqual(st, 400, pred)

    def test_sort_orders_and_ties(self):
        team = '{property: "config.team", pattern: "starshot"}'
        _, body = self.f.gql(self.DEP_SEL % ('[%s, {property: "deployments.enabled", sort: ASC}]'
                                             % team))
        rows = body["data"]["content"]
        states = [("not_deployed" if not r["deployments"] else
                   "enabled" if r["deployments"][0]["enabled"] else "disabled") for r in rows]
        rank = {"enabled": 0, "disabled": 1, "not_deployed": 2}
        self.assertEqual(states, sorted(states, key=rank.get), "ENABLED, DISABLED, NOT_DEPLOYED")
        # equal rows are not in name order
        enabled = [r["jobName"] for r, s in zip(rows, states) if s == "enabled"]
        self.assertGreater(len(enabled), 3)
        self.assertNotEqual(enabled, sorted(enabled))
        # ... but the same on every call (tests rely on it)
        _, again = self.f.gql(self.DEP_SEL % ('[%s, {property: "deployments.enabled", sort: ASC}]'
                                              % team))
        self.assertEqual([r["jobName"] for r in again["data"]["content"]], [r["jobName"] for r in rows])
        # status: alphabetical by lowercase value, nulls first
        _, body = self.f.gql(self.DEP_SEL % ('[%s, {property: "deployments.lastExecutionStatus", '
                                             'sort: ASC}]' % team))
        st = [(r["deployments"] or [{}])[0].get("lastExecutionStatus") for r in body["data"]["content"]]
        nulls = [x for x in st if x is None]
        self.assertEqual(st[:len(nulls)], nulls)
        rest = [x.lower() for x in st[len(nulls):]]
        self.assertEqual(rest, sorted(rest))
        self.assertIn("platform_error", rest)

    def test_search_words(self):
        sel = ('{ jobs(pageNumber: 1, pageSize: 100, filter: [{property: "config.team", pattern: '
               '"starshot"}], search: "%s") { content { jobName deployments { enabled '
               'lastExecutionStatus } } } }')

        def found(word):
            _, body = self.f.gql(sel % word)
            return {r["jobName"] for r in body["data"]["content"]}
        ue = found("user_error")
        self.assertIn("starshot-sales-forecast-weekly", ue)
        for word in ("error", "failed", "USER_ERROR", "user"):
            self.assertEqual(found(word) & ue - {j for j in ue if word in j}, set(), word)
        self.assertEqual(found("not_deployed"), {"starshot-ml-feature-export"})
        self.assertEqual(found("NOT_DEPLOYED"), {"starshot-ml-feature-export"})
        self.assertIn("starshot-legacy-import-sql", found("disabled"))
        self.assertEqual(found("disab"), set(), "the state is an exact word")
        # contains for the other fields
        self.assertIn("starshot-billing-reconcile", found("reconcil"))

    def test_patch_reannotates_the_deployment(self):
        dep_path = JOBS + "/starshot-gdpr-erasure/deployments"
        _, before = self.f.json("GET", dep_path)
        self.f.admin("POST", "time", {"advance_s": 120})
        st, _, _ = self.f.call("PATCH", dep_path + "/production", {"enabled": False})
        self.assertEqual(st, 202)
        _, after = self.f.json("GET", dep_path)
        self.assertNotEqual(after[0]["last_deployed_date"], before[0]["last_deployed_date"])
        self.assertGreater(after[0]["last_deployed_date"], before[0]["last_deployed_date"])
        self.assertIsNone(after[0]["last_deployed_by"])

    def test_sources_take_any_file_type(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("starshot-gdpr-erasure/lib/native.so", b"\x7fELF")
            z.writestr("starshot-gdpr-erasure/x.keytab", b"\x05\x02")
        st, body = self.f.json("POST", JOBS + "/starshot-gdpr-erasure/sources", buf.getvalue(),
                               {"Content-Type": "application/octet-stream"})
        self.assertEqual(st, 200, body)
        f = self.start_fake("--seed", "demo", "--forbid-types", ".so")
        st, _ = f.json("POST", JOBS + "/starshot-gdpr-erasure/sources", buf.getvalue(),
                       {"Content-Type": "application/octet-stream"})
        self.assertEqual(st, 400)

    def test_job_crud(self):
        job = {"job_name": "crud-test-job", "description": "for the CRUD test",
               "config": {"schedule": {"schedule_cron": "0 * * * *"},
                          "contacts": {"notified_on_job_success": ["a@example.com;b@example.com"]}}}
        st, hdrs, data = self.f.call("POST", JOBS, job)
        self.assertEqual((st, data), (201, b""))
        self.assertEqual(hdrs["location"], "%s%s/crud-test-job" % (self.f.url, JOBS))
        st, hdrs, data = self.f.call("POST", JOBS, job)
        self.assertEqual((st, data), (409, b""), "409 on create has an empty body")
        st, got = self.f.json("GET", JOBS + "/crud-test-job")
        self.assertEqual(got["team"], "starshot")
        self.assertEqual(got["config"]["contacts"]["notified_on_job_success"],
                         ["a@example.com", "b@example.com"])
        got["description"] = "changed"
        del got["config"]["contacts"]
        st, _, data = self.f.call("PUT", JOBS + "/crud-test-job", got)
        self.assertEqual((st, data), (200, b""))
        _, again = self.f.json("GET", JOBS + "/crud-test-job")
        self.assertEqual(again["description"], "changed")
        self.assertEqual(again["config"]["contacts"]["notified_on_job_success"], [],
                         "PUT is a full replacement")
        st, _, data = self.f.call("GET", "/data-jobs/for-team/supercollider/jobs/crud-test-job")
        self.assertEqual((st, data), (404, b""), "another team's job is not found, empty body")
        st, body = self.f.json("PUT", JOBS + "/crud-test-job", dict(got, team="taurus-ops"))
        self.assertEqual(st, 400)
        self.assertIn("what", body)
        st, hdrs, data = self.f.call("GET", JOBS + "/crud-test-job/keytab")
        self.assertEqual((st, hdrs["content-type"]), (200, "application/octet-stream"))
        self.assertTrue(data)
        st, _, _ = self.f.call("DELETE", JOBS + "/crud-test-job")
        self.assertEqual(st, 200)
        st, _, data = self.f.call("GET", JOBS + "/crud-test-job")
        self.assertEqual((st, data), (404, b""))

    def test_create_validation(self):
        for name in ("Bad-Name", "short", "9starts-with-digit", "x" * 51):
            st, body = self.f.json("POST", JOBS, {"job_name": name, "description": "",
                                                  "config": {}})
            self.assertEqual(st, 400, name)
            self.assertEqual(set(body), {"what", "why", "consequences", "countermeasures"})
        st, body = self.f.json("POST", JOBS, {"job_name": "team-mismatch-job", "description": "",
                                              "config": {}, "team": "supercollider"})
        self.assertEqual(st, 400)
        st, _, _ = self.f.call("POST", JOBS, b"{not json", {"Content-Type": "application/json"})
        self.assertEqual(st, 400)

    def test_executions_rest(self):
        base = JOBS + "/starshot-telemetry-ingest/executions"
        st, execs = self.f.json("GET", base + "?execution_status=running&execution_status=submitted")
        self.assertEqual(st, 200)
        self.assertEqual(len(execs), 1)
        running = execs[0]
        self.assertEqual((running["status"], running["end_time"]), ("running", None))
        st, body = self.f.json("GET", base + "?execution_status=RUNNING")
        self.assertEqual(st, 404, "uppercase status is not valid on REST")
        self.assertIn("what", body)
        st, allx = self.f.json("GET", base)
        self.assertGreater(len(allx), 5)
        starts = [e["start_time"] for e in allx]
        self.assertNotEqual(starts, sorted(starts), "the REST list is not ordered")
        st, body = self.f.json("GET", base + "/no-such-execution")
        self.assertEqual(st, 404)
        self.assertIn("what", body)
        st, body = self.f.json("POST", JOBS + "/starshot-telemetry-ingest/deployments/x/executions",
                               {})
        self.assertEqual(st, 409, "already running")
        self.assertIn("what", body)
        st, body = self.f.json("POST", JOBS + "/starshot-ml-feature-export/deployments/x/executions",
                               {})
        self.assertEqual(st, 404, "not deployed")
        self.assertIn("not deployed", body["what"])
        st, body = self.f.json("POST", JOBS + "/no-such-job-here/deployments/x/executions", {})
        self.assertEqual(st, 404)
        self.assertIn("what", body)

    def test_running_log_grows_with_k8s_prefix(self):
        base = JOBS + "/starshot-telemetry-ingest/executions"
        _, execs = self.f.json("GET", base + "?execution_status=running")
        logs = base + "/%s/logs" % execs[0]["id"]
        _, first = self.f.json("GET", logs)
        lines = first["logs"].split("\n")
        self.assertGreater(len(lines), 50)
        for line in lines:
            self.assertRegex(line, K8S_PREFIX)
        self.assertIn("[VDK] starshot-telemetry-ingest [INFO ]", lines[0])
        wait_for(lambda: len(self.f.json("GET", logs)[1]["logs"].split("\n")) > len(lines),
                 timeout=15)
        _, tail = self.f.json("GET", logs + "?tail_lines=3")
        self.assertEqual(len(tail["logs"].split("\n")), 3)
        st, body = self.f.json("GET", logs + "?tail_lines=abc")
        self.assertEqual(st, 500)
        self.assertEqual(body["what"], "A coding error (bug) was found.")

    def test_logs_empty_before_pod_503_while_unreadable_and_expired(self):
        # No pod yet: 200 with "" (Optional.empty), and the just-submitted
        # row carries no version fields yet.
        st, made = self.f.admin("POST", "executions/starshot/starshot-gdpr-erasure",
                                {"pod_delay_s": 60, "status": "submitted", "duration_s": 5})
        self.assertEqual(st, 201)
        path = JOBS + "/starshot-gdpr-erasure/executions/%s" % made["id"]
        self.assertEqual(self.f.json("GET", path + "/logs"), (200, {"logs": ""}))
        _, e = self.f.json("GET", path)
        self.assertEqual(e["status"], "submitted")
        for k in ("job_version", "python_version", "vdk_version", "deployed_by", "deployed_date"):
            self.assertIsNone(e["deployment"][k], k)
        _, body = self.f.gql('{ executions(filter: {jobNameIn: ["starshot-gdpr-erasure"], '
                             'statusIn: [SUBMITTED]}) { content { id deployment { jobVersion '
                             'jobPythonVersion vdkVersion deployedDate } } } }')
        self.assertEqual(body["data"]["content"][0]["deployment"],
                         {"jobVersion": None, "jobPythonVersion": None, "vdkVersion": None,
                          "deployedDate": None})
        self.assertEqual(self.f.call("DELETE", path)[0], 200)
        # The pod exists but its container log cannot be read: 503.
        st, made = self.f.admin("POST", "executions/starshot/starshot-gdpr-erasure",
                                {"log_delay_s": 60, "duration_s": 30})
        path = JOBS + "/starshot-gdpr-erasure/executions/%s" % made["id"]
        st, body = self.f.json("GET", path + "/logs")
        self.assertEqual(st, 503)
        self.assertIn("what", body)
        _, e = self.f.json("GET", path)
        self.assertEqual(e["status"], "running")
        self.assertIsNotNone(e["deployment"]["job_version"])
        self.assertEqual(self.f.call("DELETE", path)[0], 200)
        # Seeded runs that ended more than an hour ago have no logs left.
        _, execs = self.f.json("GET", JOBS + "/starshot-processing-vmc-fact-daily/executions")
        old = min(execs, key=lambda x: x["start_time"])
        st, body = self.f.json("GET", JOBS + "/starshot-processing-vmc-fact-daily/executions/%s/logs"
                               % old["id"])
        self.assertEqual((st, body), (200, {"logs": ""}))
        # A failure of the last hour still has its log, with a traceback.
        _, execs = self.f.json("GET", JOBS + "/starshot-sales-forecast-weekly/executions")
        last = max(execs, key=lambda x: x["start_time"])
        self.assertEqual(last["status"], "user_error")
        _, body = self.f.json("GET", JOBS + "/starshot-sales-forecast-weekly/executions/%s/logs"
                              % last["id"])
        self.assertIn("Traceback (most recent call last):", body["logs"])
        self.assertIn("[ERROR]", body["logs"])

    def test_cancel(self):
        st, made = self.f.admin("POST", "executions/starshot/starshot-gdpr-erasure", {})
        path = JOBS + "/starshot-gdpr-erasure/executions/%s" % made["id"]
        st, _, data = self.f.call("DELETE", path)
        self.assertEqual((st, data), (200, b""))
        _, e = self.f.json("GET", path)
        self.assertEqual((e["status"], e["message"]), ("cancelled", "Job execution cancelled by user."))
        self.assertIsNotNone(e["end_time"])
        st, body = self.f.json("DELETE", path)
        self.assertEqual(st, 400, "cancelling a finished execution")
        self.assertIn("what", body)

    def test_admin_status_and_hostile_log(self):
        _, made = self.f.admin("POST", "executions/taurus/none", {})
        st, made = self.f.admin("POST", "executions/taurus-ops/taurus-ops-alert-digest", {})
        self.assertEqual(st, 201)
        path = "/data-jobs/for-team/taurus-ops/jobs/taurus-ops-alert-digest/executions/" + made["id"]
        hostile = b"plain line\n\x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 bell\rcr \xff\xfe end\n"
        st, _, _ = self.f.call("POST", "/_admin/logs/taurus-ops/taurus-ops-alert-digest/"
                               + made["id"], hostile)
        self.assertEqual(st, 200)
        _, body = self.f.json("GET", path + "/logs?tail_lines=2")
        lines = body["logs"].split("\n")
        self.assertEqual(len(lines), 2)
        self.assertRegex(lines[0], K8S_PREFIX)
        self.assertTrue(lines[0].endswith(" plain line"))
        self.assertIn("\x1b]52;c;", lines[1])
        self.assertIn("\ufffd", lines[1])
        st, e = self.f.admin("POST", "executions/taurus-ops/taurus-ops-alert-digest/%s/status"
                             % made["id"], {"status": "platform_error", "message": "Node lost"})
        self.assertEqual((st, e["status"], e["message"]), (200, "platform_error", "Node lost"))

    def test_properties_and_info(self):
        path = JOBS + "/starshot-gdpr-erasure/deployments/production/properties"
        st, body = self.f.json("GET", path)
        self.assertEqual((st, body), (200, {}))
        st, _, data = self.f.call("PUT", path, {"batch": 5})
        self.assertEqual((st, data), (204, b""))
        self.assertEqual(self.f.json("GET", path), (200, {"batch": 5}))
        st, info = self.f.json("GET", "/data-jobs/for-team/whatever/info")
        self.assertEqual(st, 200)
        self.assertIn("3.9", info["supported_python_versions"])

    def test_properties_whole_map_types_and_unknown_jobs(self):
        path = JOBS + "/starshot-data-quality-checks/deployments/%s/properties"
        self.assertEqual(self.f.json("GET", path % "production"),
                         (200, {"freshness_hours": 6, "fail_on_drift": True, "retries": 3,
                                "source_db": "crm-replica.internal:5432",
                                "alert_channel": "#starshot-oncall",
                                "thresholds": {"null_ratio": 0.02, "row_drop_pct": 15}}))
        # The deployment id is ignored; the body replaces the whole map and
        # every JSON type comes back as it went in.
        typed = {"retries": 3, "ratio": 0.5, "name": "3", "on": False, "none": None,
                 "hosts": ["a", "b"], "nested": {"k": [1, {"x": True}]}}
        st, _, data = self.f.call("PUT", path % "TODO", typed)
        self.assertEqual((st, data), (204, b""))
        self.assertEqual(self.f.json("GET", path % "anything"), (200, typed))
        # Existence is not checked: an unknown job reads {} and keeps a PUT.
        ghost = JOBS + "/no-such-job-here/deployments/x/properties"
        self.assertEqual(self.f.json("GET", ghost), (200, {}))
        st, _, _ = self.f.call("PUT", ghost, {"a": 1})
        self.assertEqual(st, 204)
        self.assertEqual(self.f.json("GET", ghost), (200, {"a": 1}))
        # Not an object: the server's malformed-body 400 with an ErrorMessage.
        st, err = self.f.json("PUT", path % "x", [1, 2])
        self.assertEqual(st, 400)
        self.assertEqual(err["what"], "An issue with the JSON body of the request was found")
        self.assertEqual(self.f.json("GET", path % "x"), (200, typed))

    def test_secrets_answer_501_without_the_vault(self):
        path = JOBS + "/starshot-gdpr-erasure/deployments/TODO/secrets"
        for method, body in (("GET", None), ("PUT", {"token": "s3cr3t"})):
            st, err = self.f.json(method, path, body)
            self.assertEqual(st, 501, method)
            self.assertEqual(set(err), {"what", "why", "consequences", "countermeasures"})
            self.assertNotIn("s3cr3t", json.dumps(err))

    def test_gzip_keepalive_opid_and_request_log(self):
        self.f.call("DELETE", "/_admin/requests")
        _, before = self.f.admin("GET", "stats")
        c = self.f.conn()
        q = "?" + urlencode({"query": "{ jobs(pageNumber: 1, pageSize: 40) { content { jobName "
                                      "config { description } } } }"})
        st, hdrs, data = self.f.call("GET", JOBS + q, headers={
            "Accept-Encoding": "gzip", "X-OPID": "abc123", "Authorization": "Bearer secret-value"},
            conn=c)
        self.assertEqual(st, 200)
        self.assertEqual(hdrs.get("content-encoding"), "gzip")
        self.assertEqual(hdrs["x-opid"], "abc123")
        self.assertEqual(len(json.loads(gzip.decompress(data))["data"]["content"]), 40)
        st, hdrs, data = self.f.call("GET", "/data-jobs/for-team/starshot/info", conn=c)
        self.assertEqual(st, 200)
        self.assertNotIn("content-encoding", hdrs)
        c.close()
        _, after = self.f.admin("GET", "stats")
        self.assertEqual(after["connections_opened"] - before["connections_opened"], 1 + 1,
                         "two requests on one connection (plus the stats call itself)")
        _, log = self.f.admin("GET", "requests")
        self.assertEqual(len(log), 2)
        self.assertEqual(log[0]["connection"], log[1]["connection"])
        self.assertTrue(log[0]["authorization"])
        self.assertNotIn("secret-value", json.dumps(log))
        self.assertEqual(log[0]["headers"]["X-OPID"], "abc123")

    def test_request_log_records_bodies(self):
        """Tests assert what a client sent through /_admin/requests."""
        dpath = JOBS + "/starshot-gdpr-erasure/deployments/production"
        args = {"args": {"day": "2024-01-01", "n": 3}, "started_by": "manual/test"}
        self.assertEqual(self.f.call("POST", dpath + "/executions", args)[0], 202)
        self.assertEqual(self.f.call("PATCH", dpath, {"enabled": False})[0], 202)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("starshot-gdpr-erasure/config.ini", "[owner]\nteam = starshot\n")
        data = buf.getvalue()
        self.f.call("POST", JOBS + "/starshot-gdpr-erasure/sources", data,
                    {"Content-Type": "application/octet-stream"})
        self.f.call("POST", "/oauth/token", b"grant_type=refresh_token&refresh_token=api-secret",
                    {"Content-Type": "application/x-www-form-urlencoded"})
        self.f.call("GET", "/data-jobs/for-team/starshot/info")
        start = self.requests("POST", dpath + "/executions")
        self.assertEqual(len(start), 1)
        self.assertEqual(json.loads(start[0]["body"]), args)
        patch = self.requests("PATCH", dpath)
        self.assertEqual(json.loads(patch[0]["body"]), {"enabled": False})
        up = self.requests("POST", JOBS + "/starshot-gdpr-erasure/sources")[0]
        self.assertIsNone(up["body"], "a zip is not text")
        self.assertEqual((up["body_size"], up["body_sha256"]),
                         (len(data), hashlib.sha256(data).hexdigest()))
        tok = self.requests("POST", "/oauth/token")[0]
        self.assertEqual(tok["body"], "<redacted>")
        self.assertNotIn("api-secret", json.dumps(self.requests()))
        info = self.requests("GET", "/data-jobs/for-team/starshot/info")[0]
        self.assertEqual((info["body"], info["body_sha256"]), ("", None))

    def test_sources_upload_and_download(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("starshot-gdpr-erasure/config.ini", "[owner]\nteam = starshot\n")
        data = buf.getvalue()
        path = JOBS + "/starshot-gdpr-erasure/sources?reason=test"
        st, body = self.f.json("POST", path, data, {"Content-Type": "application/octet-stream"})
        self.assertEqual((st, body), (200, {"version_sha": hashlib.sha1(data).hexdigest()}))
        st, hdrs, got = self.f.call("GET", "/_admin/sources/starshot/starshot-gdpr-erasure")
        self.assertEqual(got, data)
        # An invalid zip is an IOException on the server: 503, not 400.
        st, body = self.f.json("POST", path, b"not a zip", {"Content-Type": "application/octet-stream"})
        self.assertEqual(st, 503)
        self.assertIn("what", body)
        st, _, got = self.f.call("GET", JOBS + "/starshot-gdpr-erasure/sources")
        self.assertEqual((st, got), (200, data))


class VaultTest(FakeCase):
    """Secrets with --vault: the Vault integration switched on."""

    FAKE_ARGS = ("--seed", "demo", "--vault")

    def test_secrets_read_write_and_size_limit(self):
        path = JOBS + "/starshot-gdpr-erasure/deployments/%s/secrets"
        self.assertEqual(self.f.json("GET", path % "TODO"), (200, {}))
        self.assertEqual(self.f.json("GET", JOBS + "/no-such-job-here/deployments/x/secrets"),
                         (200, {}))
        st, _, data = self.f.call("PUT", path % "TODO", {"api_key": "k-123", "port": 5432})
        self.assertEqual((st, data), (202, b""))
        self.assertEqual(self.f.json("GET", path % "other"),
                         (200, {"api_key": "k-123", "port": 5432}))
        # 1 MiB is the limit of the serialised map: at it, accepted; one
        # byte more, 413 and the old map stays.
        pad = len(json.dumps({"v": ""}))
        st, _, _ = self.f.call("PUT", path % "x", {"v": "a" * (1048576 - pad)})
        self.assertEqual(st, 202)
        st, err = self.f.json("PUT", path % "x", {"v": "a" * (1048576 - pad + 1)})
        self.assertEqual(st, 413)
        self.assertIn("too large", err["what"])
        self.assertEqual(len(self.f.json("GET", path % "x")[1]["v"]), 1048576 - pad)
        # The properties stay a map of their own.
        self.assertEqual(self.f.json("GET", JOBS + "/starshot-gdpr-erasure/deployments/x/properties"),
                         (200, {}))


class SchemaTest(unittest.TestCase):
    def test_fake_schema_is_the_official_one(self):
        """The fake validates queries against its own copy of the schema:
        that copy must be ../shared/spec/schema.graphqls, type by type."""
        path = spec_schema_path()
        if not os.path.isfile(path):
            self.skipTest("the official schema is not at %s (set FAKE_SCHEMA)" % path)
        sys.path.insert(0, HERE)
        import fake_gql
        with open(path, encoding="utf-8") as f:
            spec = parse_sdl(f.read())
        self.assertEqual(fake_gql.OBJECTS, spec["objects"])
        self.assertEqual(fake_gql.INPUTS, spec["inputs"])
        self.assertEqual(fake_gql.ENUMS, spec["enums"])
        self.assertEqual(fake_gql.SCALARS - BUILTIN_SCALARS, spec["scalars"])
        self.assertEqual(fake_gql.ARGS, spec["args"])
        self.assertEqual(fake_gql.ARG_DEFAULTS, spec["defaults"])

    def test_parse_sdl(self):
        got = parse_sdl('scalar D\n# note\ntype Q { a(n: Int = 3, f: [In!]): [T]! b: D }\n'
                        'input In { x: String, y: [Int] }\nenum E { A, B }\n')
        self.assertEqual(got["objects"], {"Q": {"a": "[T]!", "b": "D"}})
        self.assertEqual(got["inputs"], {"In": {"x": "String", "y": "[Int]"}})
        self.assertEqual(got["enums"], {"E": {"A", "B"}})
        self.assertEqual(got["args"], {("Q", "a"): {"n": "Int", "f": "[In!]"}})
        self.assertEqual(got["defaults"], {("Q", "a"): {"n": 3}})
        self.assertEqual(got["scalars"], {"D"})


class LifecycleTest(FakeCase):
    """Executions and deployments moving over time, at --speed 20."""

    FAKE_ARGS = ("--seed", "demo", "--speed", "20", "--deploy-delay", "10")

    def test_execution_lifecycle(self):
        path = JOBS + "/starshot-ingest-crm-accounts/deployments/production/executions"
        st, hdrs, data = self.f.call("POST", path, {"started_by": "manual/test"},
                                     {"X-OPID": "op-lifecycle"})
        self.assertEqual((st, data), (202, b""))
        loc = hdrs["location"]
        self.assertTrue(loc.startswith("http://127.0.0.1:%d/data-jobs/for-team/starshot/jobs/"
                                       "starshot-ingest-crm-accounts/executions/"
                                       "starshot-ingest-crm-accounts-" % self.f.port), loc)
        exec_id = loc.rsplit("/", 1)[1]
        self.assertRegex(exec_id, r"^starshot-ingest-crm-accounts-\d{10}$")
        st, body = self.f.json("POST", path, {})
        self.assertEqual(st, 409)
        epath = urlsplit(loc).path
        _, e = self.f.json("GET", epath)
        self.assertIn(e["status"], ("submitted", "running"))
        self.assertEqual(e["op_id"], "op-lifecycle")
        self.assertEqual(e["started_by"], "manual/test/null")
        seen = set()

        def final():
            _, x = self.f.json("GET", epath)
            seen.add(x["status"])
            return x if x["status"] not in ("submitted", "running") else None
        done = wait_for(final, timeout=20, step=0.02)
        self.assertIn("running", seen)
        self.assertIn(done["status"], ("succeeded", "user_error", "platform_error"))
        self.assertIsNotNone(done["end_time"])
        _, logs = self.f.json("GET", epath + "/logs")
        self.assertIn("Job execution result", logs["logs"].split("\n")[-1])
        st, _ = self.f.json("DELETE", epath)
        self.assertEqual(st, 400)

    def test_deployment_is_asynchronous(self):
        st, _, _ = self.f.call("POST", JOBS, {"job_name": "deploy-test-job", "description": "x",
                                              "config": {"schedule": {"schedule_cron": "5 * * * *"}}})
        self.assertEqual(st, 201)
        dpath = JOBS + "/deploy-test-job/deployments"
        self.assertEqual(self.f.json("GET", dpath), (200, []))
        st, body = self.f.json("POST", dpath, {"job_version": "a" * 40, "python_version": "2.7"})
        self.assertEqual(st, 409, "unsupported python version")
        st, body = self.f.json("POST", dpath, {"job_version": "a" * 40,
                                               "resources": {"cpu_limit": 1}})
        self.assertEqual(st, 400)
        st, body = self.f.json("PATCH", dpath + "/production", {"enabled": False})
        self.assertEqual(st, 404)
        self.assertIn("what", body, "PATCH without a deployment: 404 with a JSON body")
        st, _, data = self.f.call("POST", dpath, {"job_version": "a" * 40, "python_version": "3.9"})
        self.assertEqual((st, data), (202, b""))
        self.assertEqual(self.f.json("GET", dpath), (200, []), "not live yet")
        deps = wait_for(lambda: self.f.json("GET", dpath)[1], timeout=10)
        self.assertEqual(deps[0]["job_version"], "a" * 40)
        self.assertTrue(deps[0]["enabled"])
        st, _, _ = self.f.call("POST", dpath, {"job_version": "b" * 40})
        self.assertEqual(st, 202)
        self.assertEqual(self.f.json("GET", dpath)[1][0]["job_version"], "a" * 40)
        wait_for(lambda: self.f.json("GET", dpath)[1][0]["job_version"] == "b" * 40, timeout=10)
        st, body = self.f.json("PATCH", dpath + "/production", {"job_version": "c" * 40})
        self.assertEqual(st, 400)
        st, _, data = self.f.call("PATCH", dpath + "/production", {"enabled": False})
        self.assertEqual((st, data), (202, b""))
        self.assertFalse(self.f.json("GET", dpath + "/production")[1]["enabled"])
        st, _, _ = self.f.call("DELETE", dpath + "/production")
        self.assertEqual(st, 202)
        self.assertEqual(self.f.json("GET", dpath), (200, []))


class AuthTest(FakeCase):
    FAKE_ARGS = ("--seed", "empty", "--auth", "--api-token", "good-api-token",
                 "--static-token", "static-test-token", "--token-lifetime", "600")

    def token(self, api_token="good-api-token"):
        return self.f.json("POST", "/oauth/token",
                           ("grant_type=refresh_token&refresh_token=" + quote(api_token)).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
                            "Accept": "application/json"})

    def test_auth_flow(self):
        info = "/data-jobs/for-team/starshot/info"
        st, hdrs, data = self.f.call("GET", info)
        self.assertEqual((st, data), (401, b""))
        self.assertTrue(hdrs["www-authenticate"].startswith("Bearer"))
        st, body = self.token("wrong")
        self.assertEqual((st, body["error"]), (400, "invalid_grant"))
        st, body = self.token()
        self.assertEqual(st, 200)
        self.assertEqual((body["token_type"], body["expires_in"]), ("bearer", 600))
        tok = body["access_token"]
        st, _, _ = self.f.call("GET", info, headers={"Authorization": "Bearer " + tok})
        self.assertEqual(st, 200)
        self.f.admin("POST", "faults", {"expire_tokens": True})
        st, hdrs, data = self.f.call("GET", info, headers={"Authorization": "Bearer " + tok})
        self.assertEqual((st, data), (401, b""))
        self.assertIn("invalid_token", hdrs["www-authenticate"])
        tok = self.token()[1]["access_token"]
        self.assertEqual(self.f.call("GET", info, headers={"Authorization": "Bearer " + tok})[0], 200)
        self.assertEqual(self.f.call("GET", info, headers={
            "Authorization": "Bearer static-test-token"})[0], 200)
        self.assertEqual(self.f.json("GET", "/_admin/stats")[0], 200, "admin never needs a token")

    def test_started_by_has_no_invented_user(self):
        # A valid token is authentication, not the authorization webhook
        # that names the user: Java prints the missing user as "null".
        f = self.start_fake("--seed", "demo", "--auth", "--static-token", "tok")
        hdr = {"Authorization": "Bearer tok"}
        st, h, _ = f.call("POST", JOBS + "/starshot-gdpr-erasure/deployments/x/executions",
                          {"started_by": "manual/vdk-control-cli"}, hdr)
        self.assertEqual(st, 202)
        st, e = f.json("GET", urlsplit(h["location"]).path, headers=hdr)
        self.assertEqual(e["started_by"], "manual/vdk-control-cli/null")

    def test_short_lifetime(self):
        f = self.start_fake("--seed", "empty", "--auth", "--token-lifetime", "1")
        st, body = f.json("POST", "/oauth/token",
                          b"grant_type=refresh_token&refresh_token=demo-api-token",
                          {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((st, body["expires_in"]), (200, 1))
        hdr = {"Authorization": "Bearer " + body["access_token"]}
        wait_for(lambda: f.call("GET", "/data-jobs/for-team/t/info", headers=hdr)[0] == 401,
                 timeout=5)


class FaultTest(FakeCase):
    INFO = "/data-jobs/for-team/starshot/info"

    def test_faults_from_the_command_line(self):
        f = self.start_fake("--seed", "demo", "--faults",
                            '{"fail_next": {"count": 1, "status": 502}}')
        st, _, data = f.call("GET", self.INFO)
        self.assertEqual((st, data), (502, b""))
        self.assertEqual(f.call("GET", self.INFO)[0], 200, "one use only")

    def test_faults(self):
        self.f.admin("POST", "faults", {"fail_next": {"count": 2, "status": 503}})
        self.assertEqual(self.f.admin("GET", "faults")[1]["fail_next"]["count"], 2)
        self.assertEqual(self.f.call("GET", self.INFO)[0], 503)
        self.assertEqual(self.f.json("GET", self.INFO)[0], 503)
        self.assertEqual(self.f.call("GET", self.INFO)[0], 200)

        self.f.admin("POST", "faults", {"malformed_next": 1})
        st, _, data = self.f.call("GET", self.INFO)
        self.assertEqual(st, 200)
        self.assertRaises(ValueError, json.loads, data)

        self.f.admin("POST", "faults", {"wrong_types_next": 1})
        st, body = self.f.json("GET", self.INFO)
        self.assertNotEqual(body.get("supported_python_versions"), ["3.9", "3.10", "3.11"])

        self.f.admin("POST", "faults", {"content_type_next": {"count": 1, "type": "text/html"}})
        st, hdrs, data = self.f.call("GET", self.INFO)
        self.assertEqual(hdrs["content-type"], "text/html")
        self.assertIn(b"<html>", data)

        self.f.admin("POST", "faults", {"huge_next": {"count": 1, "bytes": 300000}})
        st, hdrs, data = self.f.call("GET", self.INFO)
        self.assertEqual((st, len(data), hdrs["content-length"]), (200, 300000, "300000"))
        json.loads(data)

        self.f.admin("POST", "faults", {"drop_next": 1})
        c = self.f.conn()
        c.request("GET", JOBS + "/starshot-gdpr-erasure")
        r = c.getresponse()
        self.assertRaises(http.client.IncompleteRead, r.read)
        c.close()

        self.f.admin("POST", "faults", {"down": True})
        self.assertRaises((http.client.RemoteDisconnected, ConnectionError),
                          self.f.call, "GET", self.INFO)
        self.f.admin("POST", "faults", {"down": False})
        self.assertEqual(self.f.call("GET", self.INFO)[0], 200)

        self.f.admin("POST", "faults", {"fail_paths": [{"contains": "GET /data-jobs/for-team/"
                                                                   "starshot/info", "status": 500}]})
        for _ in range(3):
            self.assertEqual(self.f.call("GET", self.INFO)[0], 500, "until cleared")
        self.assertEqual(self.f.call("GET", "/data-jobs/for-team/taurus-ops/info")[0], 200)
        self.f.admin("POST", "faults", {"fail_paths": None})
        self.assertEqual(self.f.call("GET", self.INFO)[0], 200)

        self.f.admin("POST", "faults", {"forbid_teams": ["taurus-ops"]})
        st, _, data = self.f.call("GET", "/data-jobs/for-team/taurus-ops/info")
        self.assertEqual((st, data), (403, b""))

        self.f.admin("POST", "faults", {"latency_ms": 300})
        t0 = time.monotonic()
        self.f.call("GET", self.INFO)
        self.assertGreaterEqual(time.monotonic() - t0, 0.3)


    def test_stall_paths_hold_half_an_answer(self):
        """A large answer still arriving: half its body sent, the rest held
        until the switch is cleared, while other requests are answered."""
        import socket
        f = self.start_fake("--seed", "demo", "--big-log-lines", "2000")
        _, state = f.admin("GET", "state")
        big = state["big_log"]
        path = "/data-jobs/for-team/%s/jobs/%s/executions/%s/logs" % (big["team"], big["job"], big["id"])
        f.admin("POST", "faults", {"stall_paths": ["GET " + path]})
        s = socket.create_connection(("127.0.0.1", f.port), timeout=30)
        s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode())
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(65536)
        head, body = data.split(b"\r\n\r\n", 1)
        length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        while len(body) < length // 2:
            body += s.recv(65536)
        # Another request, on another connection, is answered meanwhile.
        self.assertEqual(f.call("GET", self.INFO)[0], 200)
        s.setblocking(False)
        try:
            body += s.recv(65536)
        except BlockingIOError:
            pass
        s.settimeout(30)
        self.assertEqual(len(body), length // 2, "the rest of the answer was held")
        self.assertEqual(f.admin("GET", "faults")[1]["stall_paths"], ["GET " + path])
        # The request log times the fake's own share of an answer once it
        # is written: not yet for the held one, already for the other.
        logged = lambda: {r["path"]: r for r in f.admin("GET", "requests")[1]}
        self.assertNotIn("served_ms", logged()[path])
        self.assertGreaterEqual(logged()[self.INFO]["served_ms"], 0)
        f.admin("POST", "faults", {"stall_paths": None})
        while len(body) < length:
            chunk = s.recv(65536)
            self.assertTrue(chunk, "the connection closed before the whole answer")
            body += chunk
        s.close()
        self.assertEqual(len(json.loads(body)["logs"].split("\n")), 2000)
        held = wait_for(lambda: logged()[path].get("served_ms"), timeout=10)
        self.assertGreater(held, 0)


class ScheduleTest(FakeCase):
    FAKE_ARGS = ("--seed", "empty", "--cron-accel", "120", "--deploy-delay", "0", "--speed", "20")

    def test_cron_runs_in_accelerated_time(self):
        f = self.f
        st, _, _ = f.call("POST", JOBS, {"job_name": "every-minute-job", "description": "",
                                         "config": {"schedule": {"schedule_cron": "* * * * *"}}})
        self.assertEqual(st, 201)
        path = JOBS + "/every-minute-job"
        self.assertEqual(f.call("POST", path + "/deployments", {"job_version": "f" * 40})[0], 202)

        def scheduled():
            _, execs = f.json("GET", path + "/executions")
            return [e for e in execs if e["type"] == "scheduled"]
        runs = wait_for(scheduled, timeout=15)
        self.assertEqual(runs[0]["started_by"], "scheduled/runtime")
        st, made = f.admin("POST", "schedule/starshot/every-minute-job")
        self.assertEqual(st, 201)


class ScaleTest(FakeCase):
    FAKE_ARGS = ("--seed", "scale", "--jobs", "10000", "--big-log-lines", "20000")

    def test_scale_and_big_log(self):
        f = self.f
        _, body = f.gql('{ jobs(pageNumber: 1, pageSize: 10000, filter: [{property: '
                        '"config.team", pattern: "starshot"}]) { content { jobName deployments '
                        '{ enabled lastExecutionStatus } } totalItems } }')
        self.assertEqual(body["data"]["totalItems"], 10001)
        self.assertEqual(len(body["data"]["content"]), 10000)
        _, state = f.admin("GET", "state")
        big = state["big_log"]
        path = "/data-jobs/for-team/%s/jobs/%s/executions/%s/logs" % (
            big["team"], big["job"], big["id"])
        _, tail = f.json("GET", path + "?tail_lines=5")
        self.assertEqual(len(tail["logs"].split("\n")), 5)
        _, full = f.json("GET", path)
        lines = full["logs"].split("\n")
        self.assertEqual(len(lines), 20000)
        self.assertRegex(lines[-1], K8S_PREFIX)
        self.assertEqual(lines[-5:], tail["logs"].split("\n"))


class ScaleOrderTest(FakeCase):
    """The list as it opens (team, by name) is kept in order between
    requests for a big team; a job created, moved to another team or
    deleted shows at once, as it would with the order computed anew."""
    FAKE_ARGS = ("--seed", "scale", "--jobs", "300")
    Q = ('query q($f: [Predicate]) { jobs(pageNumber: 1, pageSize: 3, filter: $f) '
         '{ content { jobName } totalItems } }')

    def first(self, desc=False):
        f = [{"property": "config.team", "pattern": "starshot"}]
        if desc:
            f.append({"property": "jobName", "sort": "DESC"})
        _, body = self.f.gql(self.Q, {"f": f})
        self.assertEqual(body["errors"], [])
        return [c["jobName"] for c in body["data"]["content"]], body["data"]["totalItems"]

    def test_order_follows_the_jobs(self):
        names, total = self.first()
        self.assertEqual(total, 300)
        self.assertEqual(names, sorted(names))
        last, _ = self.first(desc=True)
        self.assertEqual(last, sorted(last, reverse=True))
        st, _, _ = self.f.call("POST", JOBS, {"job_name": "aaa-first-job", "team": "starshot", "config": {}})
        self.assertEqual(st, 201)
        self.assertEqual(self.first(), (["aaa-first-job"] + names[:2], 301))
        st, _, _ = self.f.call("PUT", JOBS + "/aaa-first-job/team/elsewhere")
        self.assertEqual(st, 200)
        self.assertEqual(self.first(), (names, 300))
        st, _, _ = self.f.call("DELETE", "/data-jobs/for-team/elsewhere/jobs/aaa-first-job")
        self.assertEqual(st, 200)
        st, _, _ = self.f.call("DELETE", JOBS + "/" + names[0])
        self.assertEqual(st, 200)
        after, total = self.first()
        self.assertEqual(total, 299)
        self.assertEqual(after[:2], names[1:])
        self.assertEqual(self.first(desc=True)[0], last)


if __name__ == "__main__":
    # A skipped test is not a pass: exit 77 (see tests/run-all.sh).
    prog = unittest.main(exit=False)
    res = prog.result
    if not res.wasSuccessful():
        sys.exit(1)
    if res.skipped:
        sys.exit(77)
    sys.exit(0)
