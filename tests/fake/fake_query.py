"""Execution of the `jobs` and `executions` GraphQL queries over the Store,
with the real server's rules (api-notes section 4): 1-based paging done
after filtering and sorting, totals only when selected, computed fields
only when selected, one effective sort, search over selected fields, and
the flattened `{"errors": [], "data": {content, totalItems, totalPages}}`
answer. The caller holds the store lock.
"""

import datetime
import json
import re
import zlib

import fake_store
from fake_gql import (DEFAULT_QUERY, GIT_URL, GqlError, Parser, coerce_literal, coerce_variable,
                      find_field, render, selected_paths, validate)

_PROPS = ["jobName", "config.team", "config.description", "config.sourceUrl",
          "config.schedule.scheduleCron", "config.schedule.nextRunEpochSeconds",
          "config.contacts.present", "deployments.enabled", "deployments.jobPythonVersion",
          "deployments.lastExecutionStatus", "deployments.lastExecutionTime",
          "deployments.lastExecutionDuration", "deployments.executions",
          "deployments.successfulExecutions", "deployments.failedExecutions"]
PROPS = {p.lower(): p for p in _PROPS}
_NO_STRATEGY = {"deployments.executions", "deployments.successfulExecutions",
                "deployments.failedExecutions"}
_EXEC_ORDER = {"message", "type", "jobSchedule", "startTime", "endTime", "jobVersion", "id", "opId",
               "lastDeployedDate", "lastDeployedBy", "startedBy", "status", "vdkVersion", "jobName",
               "jobTeam"}


def fetch_error(path, text):
    return GqlError("Exception while fetching data (%s) : %s" % (path, text), 1, 3,
                    "DataFetchingException", [p for p in path.strip("/").split("/") if p])


def execute(store, query, variables_text, operation_name):
    """Returns (http_status, body_dict)."""
    try:
        data = _execute(store, query, variables_text, operation_name)
        return 200, {"errors": [], "data": data}
    except GqlError as e:
        return 400, {"errors": [e.as_json()], "data": None}


def _execute(store, query, variables_text, operation_name):
    if query is None or query == "":
        query = DEFAULT_QUERY
    variables = {}
    if variables_text not in (None, ""):
        try:
            variables = json.loads(variables_text)
        except ValueError as e:
            raise GqlError("Variables could not be parsed as JSON: %s" % e)
        if variables is None:
            variables = {}
        if not isinstance(variables, dict):
            raise GqlError("Variables must be a JSON object")
    ops = Parser(query).document()
    if operation_name:
        operation_name = operation_name.strip("\"'")
    if operation_name:
        chosen = [op for op in ops if op["name"] == operation_name]
        if not chosen:
            raise GqlError("Unknown operation named '%s'." % operation_name)
        op = chosen[0]
    elif len(ops) > 1:
        raise GqlError("Must provide operation name if query contains multiple operations.")
    else:
        op = ops[0]
    values = {}
    for name, (tref, default, line, col) in op["vars"].items():
        if name in variables:
            values[name] = coerce_variable(name, variables[name], tref)
        elif default is not None:
            values[name] = coerce_literal(default, tref, {}, name)
        elif tref.endswith("!"):
            raise GqlError("Variable '%s' has an invalid value: Variable '%s' has coerced Null "
                           "value for NonNull type '%s'" % (name, name, tref), line, col)
        else:
            values[name] = None
    fields = validate(op["sel"], "Query", values, [])
    root = fields[0]
    now = store.now()
    if root.name == "jobs":
        page = run_jobs(store, root, now)
    elif root.name == "executions":
        page = run_executions(store, root, now)
    else:  # __typename alone
        page = {}
    return {"content": page.get("content"), "totalItems": page.get("totalItems") or 0,
            "totalPages": page.get("totalPages") or 0}


def _pages(count, size):
    return 1 if count == 0 else (count - 1) // size + 1


def _range(pattern):
    m = re.fullmatch(r"\s*(-?\d+)\s*-\s*(-?\d+)\s*", pattern or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


class Row:
    """A job as the query sees it; computed parts only when selected."""
    __slots__ = ("job", "dep", "want_dep", "want_next", "now", "_sum", "_next")

    def __init__(self, store, job, want_dep, want_next, now):
        self.job = job
        self.dep = job.deployment if want_dep else None
        self.want_dep = want_dep
        self.want_next = want_next
        self.now = now
        self._sum = None
        self._next = None

    def summary(self, store):
        if self._sum is None:
            self._sum = store.summary(self.job, self.now) if self.dep else (None,) * 3 + (0, 0)
        return self._sum

    def next_run(self, store):
        if not self.want_next:
            return 0
        if self._next is None:
            self._next = store.next_run(self.job, self.now)
        return self._next

    def state(self):
        if self.dep is None:
            return "not_deployed"
        return "enabled" if self.dep.enabled else "disabled"


def _matcher(store, prop, pattern):
    """A predicate over Row for one filter, or None when it does not filter."""
    if pattern is None:
        return None
    p = pattern
    if prop == "jobName":
        if "*" in p:
            rx = re.compile(".*".join(re.escape(x) for x in p.split("*")), re.I | re.S)
            return lambda r: rx.fullmatch(r.job.name) is not None
        low = p.lower()
        return lambda r: r.job.name.lower() == low
    if prop == "config.team":
        try:
            rx = re.compile(p.lower().replace("%", ".*"), re.S)
        except re.error as e:
            raise fetch_error("/jobs", "java.util.regex.PatternSyntaxException: %s near index %s"
                              % (e.msg, e.pos))
        return lambda r: r.job.team == p or rx.fullmatch((r.job.team or "").lower()) is not None
    if prop == "config.description":
        low = p.lower()
        return lambda r: low in (r.job.description or "").lower()
    if prop == "config.schedule.nextRunEpochSeconds":
        rng = _range(p)
        return lambda r: rng is not None and rng[0] <= r.next_run(store) <= rng[1]
    if prop == "deployments.enabled":
        low = p.lower()
        return lambda r: r.state() == low
    if prop == "deployments.jobPythonVersion":
        return lambda r: r.dep is not None and p in (r.dep.python_version or "")
    if prop == "deployments.lastExecutionStatus":
        return lambda r: r.summary(store)[0] == p
    if prop == "deployments.lastExecutionTime":
        rng = _range(p)
        return lambda r: (rng is not None and r.summary(store)[1] is not None
                          and rng[0] <= r.summary(store)[1] <= rng[1])
    if prop == "deployments.lastExecutionDuration":
        return lambda r: False
    return None


def _sort_key(store, prop):
    keys = {
        "jobName": lambda r: r.job.name,
        "config.team": lambda r: r.job.team or "",
        "config.description": lambda r: r.job.description or "",
        "config.schedule.nextRunEpochSeconds": lambda r: r.next_run(store),
        "config.contacts.present": lambda r: any(r.job.config["contacts"].values()),
        # enum order, not alphabetical (api-notes 4.7)
        "deployments.enabled": lambda r: ("enabled", "disabled", "not_deployed").index(r.state()),
        "deployments.jobPythonVersion": lambda r: r.dep.python_version if r.dep else "",
        "deployments.lastExecutionStatus": lambda r: r.summary(store)[0] or "",
        "deployments.lastExecutionTime": lambda r: r.summary(store)[1] or 0,
        "deployments.lastExecutionDuration": lambda r: r.summary(store)[2] or 0,
        "deployments.successfulExecutions": lambda r: r.summary(store)[3],
        "deployments.failedExecutions": lambda r: r.summary(store)[4],
    }
    return keys.get(prop)


def _search_texts(store, row, paths):
    """The fields that search by "contains"."""
    j = row.job
    if "jobName" in paths:
        yield j.name
    if "config.team" in paths:
        yield j.team
    if "config.description" in paths:
        yield j.description
    if "config.schedule.scheduleCron" in paths:
        yield j.cron
    if "config.schedule.nextRunEpochSeconds" in paths:
        yield str(row.next_run(store))
    if row.dep is not None and "deployments.jobPythonVersion" in paths:
        yield row.dep.python_version


def _search_exact(store, row, paths, search):
    """The fields that search by the exact word: the deployment state,
    any case (an undeployed job is "not_deployed"), and the last status,
    the lowercase REST value only (StatusEnum.fromValue)."""
    if "deployments.enabled" in paths and row.state() == search.lower():
        return True
    if "deployments.lastExecutionStatus" in paths and row.dep is not None:
        return row.summary(store)[0] == search
    return False


def run_jobs(store, f, now):
    args = f.args
    page, size = args.get("pageNumber"), args.get("pageSize")
    if page is None or page < 1:
        raise fetch_error("/jobs", "Page cannot be less than 1")
    if size is None or size < 1:
        raise fetch_error("/jobs", "Page size cannot be less than 1")
    content_f = find_field(f.sel, "content")
    paths = selected_paths(content_f.sel) if content_f else set()
    want_dep = "deployments" in paths
    want_next = "config.schedule.nextRunEpochSeconds" in paths

    matchers = []
    specs = []
    sort = None
    seen = set()
    for pred in args.get("filter") or ():
        if pred is None:
            continue
        raw = pred.get("property")
        prop = PROPS.get((raw or "").lower())
        ident = json.dumps(pred, sort_keys=True)
        if prop is None or (pred.get("pattern") is None and pred.get("sort") is None):
            raise fetch_error("/jobs", "Provided filter for %s is either not valid or currently "
                              "not supported" % raw)
        if prop in _NO_STRATEGY:
            # No strategy exists: Collectors.toMap meets a null value
            # (GraphQLDataFetchers.java:178-191).
            raise fetch_error("/jobs", "java.lang.NullPointerException")
        if ident in seen:
            raise fetch_error("/jobs", "java.lang.IllegalStateException: Duplicate key %s" % prop)
        seen.add(ident)
        m = _matcher(store, prop, pred.get("pattern"))
        if m:
            matchers.append(m)
            specs.append((prop, pred.get("pattern")))
        if pred.get("sort"):
            sort = (prop, pred["sort"])

    search = args.get("search")
    static = _static_order(store, specs, sort, search)
    if static is not None:
        count = len(static)
        window = [Row(store, j, want_dep, want_next, now) for j in static[(page - 1) * size: page * size]]
        return _jobs_answer(store, f, content_f, window, count, size, now)
    rows = [Row(store, j, want_dep, want_next, now) for j in store.jobs.values()]
    for m in matchers:
        rows = [r for r in rows if m(r)]
    if search:
        low = search.lower()
        rows = [r for r in rows
                if any(t is not None and low in str(t).lower() for t in _search_texts(store, r, paths))
                or _search_exact(store, r, paths, search)]
    rows.sort(key=lambda r: r.job.name)
    if sort and sort[0] != "jobName":
        key = _sort_key(store, sort[0])
        if sort[0] == "deployments.jobPythonVersion" and len(rows) > 1 and \
                any(r.dep is None for r in rows):
            # The comparator streams the deployments of an undeployed job
            # (JobFieldStrategyByJobPythonVersion.java:22-25).
            raise fetch_error("/jobs", "java.lang.NullPointerException")
        if key is not None:
            # One comparator, no tie-breaker: equal rows come in HashMap
            # order on the server; a fixed hash here, never name order.
            rows.sort(key=lambda r: zlib.crc32(r.job.name.encode()))
            rows.sort(key=key, reverse=sort[1] == "DESC")
    elif sort:
        rows.sort(key=lambda r: r.job.name, reverse=sort[1] == "DESC")
    count = len(rows)
    window = rows[(page - 1) * size: page * size]
    return _jobs_answer(store, f, content_f, window, count, size, now)


def _static_order(store, specs, sort, search):
    """The jobs a query lists, in order, when neither its filters nor its
    sort depend on anything but names and teams (the list as it opens:
    team, by name): computed once per generation of the store's jobs
    (store.jobs_gen, bumped by every creation, deletion and team move)
    and kept on the store, so a page of a 100,000-job team costs what a
    page of a small one does instead of a filter and two sorts of the
    whole team. None for other queries."""
    if search or any(prop not in ("jobName", "config.team") for prop, _ in specs) or \
            (sort is not None and sort[0] != "jobName"):
        return None
    cache = store.__dict__.setdefault("_order_cache", {})
    key = (tuple(specs), sort)
    gen = store.jobs_gen
    hit = cache.get(key)
    if hit is not None and hit[0] == gen:
        return hit[1]
    rows = [Row(store, j, False, False, 0) for j in store.jobs.values()]
    for prop, pattern in specs:
        m = _matcher(store, prop, pattern)
        rows = [r for r in rows if m(r)]
    rows.sort(key=lambda r: r.job.name, reverse=sort is not None and sort[1] == "DESC")
    if len(cache) > 16:
        cache.clear()
    cache[key] = (gen, [r.job for r in rows])
    return cache[key][1]


def _jobs_answer(store, f, content_f, window, count, size, now):
    out = {}
    if content_f is not None:
        exec_f = find_field(content_f.sel, "deployments.executions")
        exec_args = _exec_args(exec_f.args, "/jobs/content[0]/deployments[0]/executions",
                               nested=True) if exec_f else None
        out["content"] = [_job_src(store, r, now, exec_args) for r in window]
        out["content"] = [render("DataJob", s, content_f.sel) for s in out["content"]]
    if find_field(f.sel, "totalItems"):
        out["totalItems"] = count
    if find_field(f.sel, "totalPages"):
        out["totalPages"] = _pages(count, size)
    return out


def _contacts(cfg):
    c = cfg.get("contacts") or {}
    return {"notifiedOnJobFailureUserError": c.get("notified_on_job_failure_user_error") or [],
            "notifiedOnJobFailurePlatformError": c.get("notified_on_job_failure_platform_error") or [],
            "notifiedOnJobSuccess": c.get("notified_on_job_success") or [],
            "notifiedOnJobDeploy": c.get("notified_on_job_deploy") or []}


_EMPTY_CONTACTS = {k: None for k in ("notifiedOnJobFailureUserError",
                                     "notifiedOnJobFailurePlatformError",
                                     "notifiedOnJobSuccess", "notifiedOnJobDeploy")}


def _job_src(store, row, now, exec_args):
    j = row.job
    src = {
        "jobName": j.name,
        "config": {
            "team": j.team, "description": j.description,
            "schedule": {"scheduleCron": j.cron, "nextRunEpochSeconds": lambda f: row.next_run(store)},
            "contacts": _contacts(j.config), "generateKeytab": j.config.get("generate_keytab"),
            "sourceUrl": lambda f: GIT_URL + j.name, "logsUrl": None,
        },
        "deployments": None,
    }
    d = row.dep
    if d is not None:
        def summary_part(i):
            return lambda f: row.summary(store)[i]
        src["deployments"] = [{
            "id": j.name, "enabled": d.enabled, "contacts": dict(_EMPTY_CONTACTS),
            "jobVersion": d.job_version, "jobPythonVersion": d.python_version,
            "lastDeployedDate": fake_store.java_time(d.deployed_at), "lastDeployedBy": d.deployed_by,
            "mode": "release", "resources": None,
            "schedule": {"scheduleCron": None, "nextRunEpochSeconds": None},
            "vdkVersion": d.vdk_version, "status": None,
            "executions": lambda f: _exec_page(store, list(j.executions), exec_args, now, True)[0],
            "lastExecutionStatus": lambda f: (row.summary(store)[0] or "").upper() or None,
            "lastExecutionTime": lambda f: fake_store.java_time(row.summary(store)[1]),
            "lastExecutionDuration": summary_part(2),
            "successfulExecutions": summary_part(3),
            "failedExecutions": summary_part(4),
        }]
    return src


def _exec_args(args, path, nested):
    page, size = args.get("pageNumber"), args.get("pageSize")
    if (page is None) != (size is None):
        raise fetch_error(path, "pageNumber and pageSize must be provided together")
    if page is not None and page < 1:
        raise fetch_error(path, "Page cannot be less than 1")
    if size is not None and size < 1:
        raise fetch_error(path, "Page size cannot be less than 1")
    flt = args.get("filter") or {}
    if nested and flt.get("jobNameIn"):
        raise fetch_error(path, "Filtering by jobNameIn is not allowed in nested executions")
    times = {}
    for k in ("startTimeGte", "startTimeLte", "endTimeGte", "endTimeLte"):
        if flt.get(k) is not None:
            try:
                times[k] = datetime.datetime.fromisoformat(flt[k].replace("Z", "+00:00")).timestamp()
            except ValueError:
                raise GqlError("Variable has an invalid value: Invalid RFC3339 value : '%s'."
                               % flt[k])
    order = args.get("order")
    if order is not None:
        if not order.get("property") or not order.get("direction"):
            raise fetch_error(path, "Order must have both property and direction")
        if order["property"] not in _EXEC_ORDER:
            raise fetch_error(path, "Invalid order property %s. Valid values are %s"
                              % (order["property"], ", ".join(sorted(_EXEC_ORDER))))
    return {"page": page, "size": size, "filter": flt, "times": times, "order": order}


def _dep_field(e, k):
    return (e.dep or {}).get(k) or ""


EXEC_KEYS = {
    "startTime": lambda e, now: e.start,
    "endTime": lambda e, now: e.end_time(now) or 0,
    "id": lambda e, now: e.id,
    "jobName": lambda e, now: e.job.name,
    "jobTeam": lambda e, now: e.job.team,
    "jobSchedule": lambda e, now: e.job.cron or "",
    "status": lambda e, now: e.status(now),
    "type": lambda e, now: e.type,
    "message": lambda e, now: e.message(now) or "",
    "opId": lambda e, now: e.op_id or "",
    "startedBy": lambda e, now: e.started_by or "",
    "jobVersion": lambda e, now: _dep_field(e, "job_version"),
    "vdkVersion": lambda e, now: _dep_field(e, "vdk_version"),
    "lastDeployedDate": lambda e, now: (e.dep or {}).get("deployed_at") or 0,
    "lastDeployedBy": lambda e, now: _dep_field(e, "deployed_by"),
}


def _exec_page(store, execs, a, now, nested):
    flt, times = a["filter"], a["times"]
    if flt.get("statusIn"):
        want = {s.lower() for s in flt["statusIn"] if s}
        execs = [e for e in execs if e.status(now) in want]
    if flt.get("jobNameIn"):
        names = set(flt["jobNameIn"])
        execs = [e for e in execs if e.job.name in names]
    if flt.get("teamNameIn"):
        teams = set(flt["teamNameIn"])
        execs = [e for e in execs if e.job.team in teams]
    for k, t in times.items():
        if k.startswith("start"):
            execs = [e for e in execs if (e.start >= t if k.endswith("Gte") else e.start <= t)]
        else:
            execs = [e for e in execs if e.end_time(now) is not None and
                     (e.end_time(now) >= t if k.endswith("Gte") else e.end_time(now) <= t)]
    if a["order"]:
        key = EXEC_KEYS[a["order"]["property"]]
        execs.sort(key=lambda e: key(e, now), reverse=a["order"]["direction"] == "DESC")
    else:
        # No ORDER BY on the server: a stable but scrambled order.
        execs.sort(key=lambda e: zlib.crc32(e.id.encode()))
    count = len(execs)
    if a["page"] is not None:
        execs = execs[(a["page"] - 1) * a["size"]: a["page"] * a["size"]]
    return [_exec_src(store, e, now, nested) for e in execs], count


def _exec_src(store, e, now, nested):
    """Cheap fields directly, costly ones as callables run only when selected."""
    def deployment(f):
        d = e.dep_now(now) or {}
        return {
            "id": "release", "enabled": True, "contacts": dict(_EMPTY_CONTACTS),
            "jobVersion": d.get("job_version"),
            "jobPythonVersion": None if nested else d.get("python_version"),
            "deployedDate": fake_store.java_time(d.get("deployed_at")),
            "deployedBy": d.get("deployed_by"), "mode": "release",
            "resources": {"cpuLimit": 2.0, "cpuRequest": 0.5, "memoryLimit": 1000,
                          "memoryRequest": 1000, "empheralStorageLimit": None,
                          "empheralSorageRequest": None, "netBandwitdthLimit": None},
            "schedule": {"scheduleCron": e.job.cron, "nextRunEpochSeconds": None},
            "vdkVersion": d.get("vdk_version"), "status": None,
        }
    return {
        "id": e.id, "type": e.type.upper(), "jobName": e.job.name,
        "status": lambda f: e.status(now).upper(),
        "startTime": lambda f: fake_store.java_time(e.start),
        "endTime": lambda f: fake_store.java_time(e.end_time(now)), "startedBy": e.started_by,
        "message": lambda f: e.message(now), "opId": e.op_id, "logsUrl": "",
        "deployment": deployment,
    }


def run_executions(store, f, now):
    a = _exec_args(f.args, "/executions", nested=False)
    pool = [e for j in store.jobs.values() for e in j.executions]
    content, count = _exec_page(store, pool, a, now, False)
    out = {}
    content_f = find_field(f.sel, "content")
    if content_f is not None:
        out["content"] = [render("DataJobExecution", s, content_f.sel) for s in content]
    if find_field(f.sel, "totalItems"):
        out["totalItems"] = count
    if find_field(f.sel, "totalPages"):
        # A Spring Data page: ceil(count/size), so 0 for no rows; an
        # unpaged PageImpl reports one page either way.
        out["totalPages"] = -(-count // a["size"]) if a["size"] else 1
    return out
