"""REST operations of the fake Control Service, with the real server's status
codes and bodies (api-notes sections 1.1, 2 and 5): ErrorMessage JSON
{what, why, consequences, countermeasures} or an empty body exactly where
the server gives one. Handlers run with the store lock held.
"""

import hashlib
import io
import json
import re
import zipfile
from urllib.parse import quote

import fake_query
import fake_seed
import fake_store

NAME_RE = re.compile(r"^[a-z][a-z0-9-]{5,49}$")
SECRETS_LIMIT = 1048576  # datajobs.vault.size.limit.bytes


class Resp:
    def __init__(self, status, body=b"", ctype=None, headers=None):
        self.status = status
        self.body = body
        self.ctype = ctype
        self.headers = list(headers or [])
        self.stream = None   # (length, iterator of bytes) for huge bodies
        self.drop = False
        self.raw_json = None  # the object behind a JSON body, for fault mutation
        self.gzip_cache = None  # a list whose slot 2 keeps the gzipped body


def dump_json(obj):
    try:
        return json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from hostile logs
        return json.dumps(obj).encode("ascii")


def as_json(status, obj, headers=None):
    r = Resp(status, dump_json(obj), "application/json", headers)
    r.raw_json = obj
    return r


def empty(status, headers=None):
    return Resp(status, b"", None, headers)


def error(status, what, why, consequences, countermeasures):
    return as_json(status, {"what": what, "why": why, "consequences": consequences,
                            "countermeasures": countermeasures})


def spring_error(status, reason, path):
    return as_json(status, {"timestamp": fake_store.rest_time(fake_store.time.time()),
                            "status": status, "error": reason, "path": path})


def job_not_found(job, consequence="The operation cannot be completed."):
    return error(404, "The Data Job '%s' does not exist." % job, "The Data Job must be existing.",
                 consequence, "Provide a Data Job that already exists or create a new one and "
                 "try again.")


def not_deployed(job):
    return error(404, "The Data Job '%s' is not deployed." % job,
                 "The Data Job must be deployed for this operation.",
                 "The operation cannot be completed.",
                 "Deploy the Data Job (vdk deploy) and try again.")


def execution_not_found(exec_id):
    return error(404, "The Data Job execution '%s' does not exist." % exec_id,
                 "The Data Job execution must be existing.", "The operation cannot be completed.",
                 "Provide an existing execution id and try again.")


def bad_json(why):
    return error(400, "An issue with the JSON body of the request was found", why,
                 "The request cannot be processed.",
                 "Fix the JSON body of the request and try again.")


def constraint(what, why):
    return error(400, what, why, "The request cannot be processed.",
                 "Fix the request according to the message and try again.")


def bug(why):
    return error(500, "A coding error (bug) was found.", why,
                 "The operation failed.", "Report the problem to the Control Service operators.")


class BadBody(Exception):
    def __init__(self, resp):
        Exception.__init__(self)
        self.resp = resp


class Req:
    """What a handler needs from the HTTP request."""

    def __init__(self, method, path, params, headers, body, host, user=None):
        self.method = method
        self.path = path
        self.params = params
        self.headers = headers
        self.body = body
        self.host = host
        self.user = user

    def param(self, name, default=None):
        v = self.params.get(name)
        return v[0] if v else default

    def json(self, required=True):
        if not self.body:
            if required:
                raise BadBody(bad_json("Required request body is missing"))
            return {}
        ctype = (self.headers.get("Content-Type") or "").lower()
        if "json" not in ctype:
            raise BadBody(as_json(415, {"timestamp": fake_store.rest_time(fake_store.time.time()),
                                        "status": 415, "error": "Unsupported Media Type",
                                        "path": self.path}))
        try:
            obj = json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise BadBody(bad_json("JSON parse error: %s" % e))
        return obj

    def json_object(self, required=True):
        obj = self.json(required)
        if not isinstance(obj, dict):
            raise BadBody(bad_json("JSON parse error: Cannot deserialize value of type object "
                                   "from %s" % type(obj).__name__))
        return obj

    def base_url(self):
        return "http://%s" % self.host


class Rest:
    def __init__(self, store):
        self.store = store

    # Info and GraphQL ------------------------------------------------------------
    def info(self, req, team):
        return as_json(200, {
            "api_version": "PipelinesControlService/1.5.1/4389e38 (vdk@control-service-fake "
                           "Linux/amd64/amd64)",
            "supported_python_versions": list(self.store.python_versions)})

    def jobs_query(self, req, team):
        status, body = fake_query.execute(self.store, req.param("query"), req.param("variables"),
                                          req.param("operation_name"))
        return as_json(status, body)

    # Jobs -------------------------------------------------------------------------
    def job_create(self, req, team):
        body = req.json_object()
        name = body.get("job_name")
        if not isinstance(name, str) or not NAME_RE.match(name):
            return constraint("The Data Job name '%s' is not valid." % name,
                              "The name must match ^[a-z][a-z0-9-]{5,49}$: 6 to 50 characters, "
                              "lowercase letters, digits and dashes, starting with a letter.")
        qname = req.param("name")
        if qname is not None and qname != name:
            return constraint("The job name in the URL '%s' and in the body '%s' differ."
                              % (qname, name), "They must be the same.")
        body_team = body.get("team")
        if body_team is not None and body_team != team:
            return constraint("The team in the URL '%s' and in the body '%s' differ."
                              % (team, body_team), "They must be the same.")
        if name in self.store.jobs:
            return empty(409)
        cfg = body.get("config")
        self.store.add_job(name, team, body.get("description"), cfg if isinstance(cfg, dict) else {})
        loc = "%s/data-jobs/for-team/%s/jobs/%s" % (req.base_url(), quote(team, safe=""),
                                                     quote(name, safe=""))
        return empty(201, [("Location", loc)])

    def job_read(self, req, team, job):
        j = self.store.job(team, job)
        return as_json(200, j.rest()) if j else empty(404)

    def job_update(self, req, team, job):
        j = self.store.job(team, job)
        body = req.json_object()
        if body.get("job_name") != job:
            return constraint("The job name in the URL '%s' and in the body '%s' differ."
                              % (job, body.get("job_name")), "They must be the same.")
        if j is None:
            return empty(404)
        if body.get("team") is not None and body["team"] != j.team:
            return constraint("The team of the Data Job cannot be changed with this request.",
                              "The body team '%s' differs from the stored team '%s'."
                              % (body["team"], j.team))
        j.description = body.get("description")
        j.config = fake_store.normalize_config(body.get("config"))
        j.summary_cleared = self.store.now()
        return empty(200)

    def job_delete(self, req, team, job):
        j = self.store.job(team, job)
        if j is None:
            return empty(404)
        del self.store.jobs[job]
        self.store.jobs_gen += 1
        return empty(200)

    def keytab(self, req, team, job):
        j = self.store.job(team, job)
        if j is None or j.keytab is None:
            return empty(404)
        return Resp(200, j.keytab, "application/octet-stream",
                    [("Content-Disposition", 'attachment; filename="%s.keytab"' % job)])

    def team_move(self, req, team, job, new_team):
        j = self.store.job(team, job)
        if j is None or not new_team.strip():
            return empty(404)
        j.team = new_team
        self.store.jobs_gen += 1
        return empty(200)

    # Deployments --------------------------------------------------------------------
    def _dep_checks(self, body):
        py = body.get("python_version")
        if py is not None and py not in self.store.python_versions:
            return error(409, "The python version '%s' is not supported." % py,
                         "Only these python versions are supported: %s."
                         % ", ".join(self.store.python_versions),
                         "The Data Job will not be deployed.",
                         "Set python_version to one of the supported versions and try again.")
        res = body.get("resources")
        if isinstance(res, dict) and (res.get("cpu_request") is not None or
                                      res.get("cpu_limit") is not None or
                                      (res.get("memory_request") is not None and
                                       res.get("memory_limit") is not None)):
            return constraint("The setting of job resources like CPU and memory is not allowed",
                              "Job resources are set by the platform administrators.")
        if "enabled" in body and body["enabled"] is not None and not isinstance(body["enabled"], bool):
            return bad_json("JSON parse error: Cannot deserialize value of type `java.lang.Boolean` "
                            "from %s" % type(body["enabled"]).__name__)
        return None

    def dep_list(self, req, team, job):
        j = self.store.job(team, job)
        if j is None:
            return empty(404)
        return as_json(200, [self.store.deployment_rest(j)] if j.deployment else [])

    def dep_read(self, req, team, job, dep):
        j = self.store.job(team, job)
        if j is None or j.deployment is None:
            return empty(404)
        return as_json(200, self.store.deployment_rest(j))

    def dep_create(self, req, team, job):
        body = req.json_object(required=False)
        bad = self._dep_checks(body)
        if bad:
            return bad
        j = self.store.job(team, job)
        if j is None:
            return empty(404)
        self.store.deploy(j, body, req.user or "null")
        return empty(202)

    def dep_patch(self, req, team, job, dep):
        body = req.json_object()
        bad = self._dep_checks(body)
        if bad:
            return bad
        j = self.store.job(team, job)
        if j is None:
            return empty(404)
        d = j.deployment
        if d is None:
            return error(404, "The deployment of Data Job '%s' does not exist." % job,
                         "The Data Job is not deployed.", "The deployment cannot be changed.",
                         "Deploy the Data Job first (POST deployments).")
        if body.get("job_version") is not None and body["job_version"] != d.job_version:
            return constraint("The job_version cannot be changed with PATCH.",
                              "Use POST HTTP request to change job version.")
        if body.get("python_version") is not None and body["python_version"] != d.python_version:
            return constraint("The python_version cannot be changed with PATCH.",
                              "Use POST HTTP request to change python version.")
        if body.get("enabled") is not None:
            d.enabled = body["enabled"]
        if body.get("vdk_version"):
            d.vdk_version = body["vdk_version"]
        # The CronJob is re-annotated (api-notes 4.7): null without the
        # authorization webhook, which the fake does not run.
        d.deployed_at = self.store.now()
        d.deployed_by = None
        return empty(202)

    def dep_delete(self, req, team, job, dep):
        j = self.store.job(team, job)
        if j is None:
            return empty(404)
        j.deployment = None
        j.pending = []
        return empty(202)

    # Executions -----------------------------------------------------------------------
    def exec_list(self, req, team, job, dep=None):
        j = self.store.job(team, job)
        if j is None:
            return job_not_found(job)
        wanted = set()
        for v in req.params.get("execution_status", []):
            for s in v.split(","):
                if s not in fake_store.STATUSES:
                    return error(404, "The execution status '%s' is not valid." % s,
                                 "Valid statuses are: %s." % ", ".join(fake_store.STATUSES),
                                 "The executions cannot be listed.",
                                 "Use lowercase status values and try again.")
                wanted.add(s)
        now = self.store.now()
        execs = [e for e in j.executions if not wanted or e.status(now) in wanted]
        # No ORDER BY on the server: a scrambled yet stable order.
        execs.sort(key=lambda e: hashlib.md5(e.id.encode()).digest())
        return as_json(200, [self.store.exec_rest(e) for e in execs])

    def exec_start(self, req, team, job, dep):
        body = req.json_object(required=False)
        j = self.store.job(team, job)
        if j is None:
            return job_not_found(job, "The Data Job will not be started.")
        if j.deployment is None:
            return not_deployed(job)
        now = self.store.now()
        active = j.active(now)
        if active is not None:
            return error(409, "The Data Job '%s' is already running." % job,
                         "Execution '%s' is %s." % (active.id, active.status(now)),
                         "The Data Job will not be started.",
                         "Wait until the running execution finishes or cancel it, then try again.")
        args = body.get("args")
        if args is not None and not isinstance(args, dict):
            return bad_json("JSON parse error: args must be an object")
        started_by = body.get("started_by")
        # The user comes from the authorization webhook only, which the fake
        # does not run, even with --auth: Java prints the missing user as
        # "null" (api-notes 5.2).
        user = "null"
        started_by = "%s/%s" % (started_by, user) if started_by else user
        op_id = req.headers.get("X-OPID") or "0%d" % int(now * 1000)
        e = self.store.start_execution(j, "manual", started_by, op_id)
        loc = "%s/data-jobs/for-team/%s/jobs/%s/executions/%s" % (
            req.base_url(), quote(team, safe=""), quote(job, safe=""), quote(e.id, safe=""))
        return empty(202, [("Location", loc)])

    def _exec(self, team, job, exec_id):
        j = self.store.job(team, job)
        if j is None:
            return None, job_not_found(job)
        e = self.store.find_execution(j, exec_id)
        if e is None:
            return None, execution_not_found(exec_id)
        return e, None

    def exec_read(self, req, team, job, exec_id):
        e, err = self._exec(team, job, exec_id)
        return err or as_json(200, self.store.exec_rest(e))

    def exec_cancel(self, req, team, job, exec_id):
        e, err = self._exec(team, job, exec_id)
        if err:
            return err
        now = self.store.now()
        st = e.status(now)
        if st not in fake_store.ACTIVE:
            return error(400, "The Data Job execution '%s' cannot be cancelled." % exec_id,
                         "Only submitted or running executions can be cancelled; this one is %s."
                         % st, "Nothing was changed.", "No action is needed.")
        e.force("cancelled", now)
        e.user_cancelled = True
        return empty(200)

    def logs(self, req, team, job, exec_id):
        e, err = self._exec(team, job, exec_id)
        if err:
            return err
        raw = req.param("tail_lines", "0") or "0"
        try:
            tail = int(raw)
        except ValueError:
            return bug("org.springframework.web.method.annotation.MethodArgumentTypeMismatchException"
                       ": Failed to convert value of type 'java.lang.String' to required type "
                       "'java.lang.Integer'; For input string: \"%s\"" % raw)
        # A tail as long as the huge log is the whole log: the same answer,
        # encoded once, so that serving it again does not hold the fake's
        # other requests for seconds.
        if e.big_lines and (tail <= 0 or tail >= e.big_lines) and self.store.log_text(e, 1):
            cache = self.store.big_body(e)
            resp = Resp(200, cache[1], "application/json")
            resp.gzip_cache = cache  # slot 2 holds the compressed body once made
            return resp
        text = self.store.log_text(e, tail)
        if text is None:
            return error(503, "Cannot read the logs of Data Job execution '%s'." % exec_id,
                         "Kubernetes API returned 400: container \"%s\" in pod \"%s-x7k2p\" is "
                         "waiting to start: ContainerCreating" % (job, exec_id),
                         "The logs are not available yet.",
                         "Try again in a few seconds, once the execution has started.")
        return as_json(200, {"logs": text})

    # Properties, secrets, sources ---------------------------------------------------------
    # Both maps are keyed by job name only: the deployment id in the path is
    # ignored, and the properties service never checks that the job exists
    # (api-notes 2.5), so a PUT for an unknown job is kept and read back.
    def props_get(self, req, team, job, dep):
        return as_json(200, self.store.properties.get(job, {}))

    def props_put(self, req, team, job, dep):
        self.store.properties[job] = req.json_object()
        return empty(204)

    def secrets_off(self):
        return error(501, "Secrets storage is not configured.",
                     "The Control Service runs without the Vault integration.",
                     "Secrets cannot be read or written.",
                     "Ask the Control Service operators to enable the Vault integration.")

    def secrets_get(self, req, team, job, dep):
        if not self.store.vault:
            return self.secrets_off()
        return as_json(200, self.store.secrets.get(job, {}))

    def secrets_put(self, req, team, job, dep):
        if not self.store.vault:
            return self.secrets_off()
        body = req.json_object()
        # The vault service measures the map as it serialises it, against
        # datajobs.vault.size.limit.bytes (1 MiB).
        if len(json.dumps(body).encode("utf-8")) > SECRETS_LIMIT:
            return error(413, "The secrets of Data Job '%s' are too large." % job,
                         "Secrets are limited to %d bytes." % SECRETS_LIMIT,
                         "The secrets will not be stored.",
                         "Store fewer or smaller secrets and try again.")
        self.store.secrets[job] = body
        return empty(202)

    def sources_get(self, req, team, job):
        j = self.store.job(team, job)
        if j is None:
            return empty(404)
        data = j.sources
        if data is None and j.deployment is not None:
            data = fake_seed.sample_sources(j)
        if data is None:
            return empty(404)
        return Resp(200, data, "application/octet-stream",
                    [("Content-Disposition", 'attachment; filename="%s.zip"' % job)])

    def sources_upload(self, req, team, job):
        ctype = (req.headers.get("Content-Type") or "").lower()
        if "octet-stream" not in ctype:
            return spring_error(415, "Unsupported Media Type", req.path)
        j = self.store.job(team, job)
        if j is None:
            return empty(404)
        try:
            with zipfile.ZipFile(io.BytesIO(req.body)) as z:
                names = z.namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            # An IOException in the server, reported as ExternalSystemError
            # (api-notes 4.7).
            return error(503, "Cannot upload the Data Job '%s'." % job,
                         "java.io.IOException: the uploaded data is not a valid zip archive.",
                         "The Data Job will not be uploaded.",
                         "Zip the job directory and upload it as application/octet-stream.")
        # The default allow and filter lists are empty: nothing is refused by
        # type unless the fake is started with --forbid-types.
        forbid = tuple(self.store.forbidden_types)
        bad = [n for n in names if forbid and n.endswith(forbid)]
        if bad:
            return error(400, "The uploaded Data Job contains forbidden files: %s" % ", ".join(bad),
                         "Files of this type are not allowed in a Data Job.",
                         "The Data Job will not be uploaded.",
                         "Remove the files from the job directory and try again.")
        j.sources = req.body
        j.sources_reason = req.param("reason")
        return as_json(200, {"version_sha": hashlib.sha1(req.body).hexdigest()})

    def sources_delete(self, req, team, job):
        j = self.store.job(team, job)
        if j is None:
            return empty(404)
        j.sources = None
        return empty(200)

    def oauth_creds(self, req, *args):
        return error(501, "OAuth credentials are not configured.",
                     "The Control Service runs without the Vault integration.",
                     "Team OAuth credentials are not available.",
                     "Ask the Control Service operators to enable the Vault integration.")

    def client_ids(self, req):
        return as_json(200, [])


def routes(rest):
    """(method, pattern, handler); {x} matches one non-empty path segment."""
    jp = "data-jobs/for-team/{team}/jobs/{job}"
    return [
        ("GET", "data-jobs/for-team/{team}/info", rest.info),
        ("GET", "data-jobs/for-team/{team}/jobs", rest.jobs_query),
        ("POST", "data-jobs/for-team/{team}/jobs", rest.job_create),
        ("GET", jp, rest.job_read),
        ("PUT", jp, rest.job_update),
        ("DELETE", jp, rest.job_delete),
        ("GET", jp + "/keytab", rest.keytab),
        ("PUT", jp + "/team/{new_team}", rest.team_move),
        ("GET", jp + "/deployments", rest.dep_list),
        ("POST", jp + "/deployments", rest.dep_create),
        ("GET", jp + "/deployments/{dep}", rest.dep_read),
        ("PATCH", jp + "/deployments/{dep}", rest.dep_patch),
        ("DELETE", jp + "/deployments/{dep}", rest.dep_delete),
        ("GET", jp + "/executions", rest.exec_list),
        ("GET", jp + "/deployments/{dep}/executions", rest.exec_list),
        ("POST", jp + "/deployments/{dep}/executions", rest.exec_start),
        ("GET", jp + "/executions/{exec_id}", rest.exec_read),
        ("DELETE", jp + "/executions/{exec_id}", rest.exec_cancel),
        ("GET", jp + "/executions/{exec_id}/logs", rest.logs),
        ("GET", jp + "/deployments/{dep}/properties", rest.props_get),
        ("PUT", jp + "/deployments/{dep}/properties", rest.props_put),
        ("GET", jp + "/deployments/{dep}/secrets", rest.secrets_get),
        ("PUT", jp + "/deployments/{dep}/secrets", rest.secrets_put),
        ("GET", jp + "/sources", rest.sources_get),
        ("POST", jp + "/sources", rest.sources_upload),
        ("DELETE", jp + "/sources", rest.sources_delete),
        ("GET", "data-jobs/teams/{team}/oauth-credentials", rest.oauth_creds),
        ("PUT", "data-jobs/teams/{team}/oauth-credentials", rest.oauth_creds),
        ("GET", "data-jobs/teams/{team}/oauth-credentials/client-id", rest.oauth_creds),
        ("POST", "data-jobs/oauth-credentials/client-ids", rest.client_ids),
    ]


def match(table, method, segments):
    """Returns (handler, kwargs) or (None, allowed_methods)."""
    allowed = set()
    for m, pattern, fn in table:
        parts = pattern.split("/")
        if len(parts) != len(segments):
            continue
        kwargs = {}
        for p, s in zip(parts, segments):
            if p.startswith("{"):
                if not s:
                    break
                kwargs[p[1:-1]] = s
            elif p != s:
                break
        else:
            if m == method:
                return fn, kwargs
            allowed.add(m)
    return None, allowed
