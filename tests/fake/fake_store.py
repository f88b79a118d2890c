"""State of the fake Control Service: jobs, deployments, executions, logs.

Everything is guarded by one lock (Store.lock). Execution progress is
computed from the clock instead of being driven by a thread: each
execution carries a plan (pod start, run start, end, outcome) and its
status, end time and visible log lines are derived from `Store.now()`.
"""

import bisect
import datetime
import hashlib
import json
import threading
import time
import zlib

import fake_cron
import fake_logs

FINAL = ("succeeded", "cancelled", "skipped", "user_error", "platform_error")
ACTIVE = ("submitted", "running")
STATUSES = ACTIVE + FINAL
MESSAGES = {
    "submitted": None,
    "running": "Running",
    "succeeded": "Success",
    "cancelled": "Job execution cancelled by user.",
    "skipped": "Skipping job execution due to another parallel running execution.",
    "user_error": "User error",
    "platform_error": "Platform error",
}
RESOURCES = {"cpu_request": 0.5, "cpu_limit": 2.0, "memory_request": 1000, "memory_limit": 1000}
MAX_EXECUTIONS = 100  # per job, like maximumExecutionsToStore
_UTC = datetime.timezone.utc


def rest_time(ts):
    """Jackson-style OffsetDateTime: microseconds and Z."""
    if ts is None:
        return None
    return datetime.datetime.fromtimestamp(ts, _UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def java_time(ts):
    """OffsetDateTime.toString(): seconds dropped when zero, 3/6/9 fraction digits."""
    if ts is None:
        return None
    t = datetime.datetime.fromtimestamp(ts, _UTC)
    s = t.strftime("%Y-%m-%dT%H:%M")
    if t.second or t.microsecond:
        s += ":%02d" % t.second
        if t.microsecond:
            s += (".%03d" % (t.microsecond // 1000)) if t.microsecond % 1000 == 0 \
                else ".%06d" % t.microsecond
    return s + "Z"


def default_config():
    return {
        "db_default_type": None,
        "contacts": {"notified_on_job_failure_user_error": [],
                     "notified_on_job_failure_platform_error": [],
                     "notified_on_job_success": [], "notified_on_job_deploy": []},
        "schedule": {"schedule_cron": None},
        "generate_keytab": True,
        "enable_execution_notifications": True,
        "notification_delay_period_minutes": 240,
    }


def normalize_config(cfg):
    """What the server stores for a (possibly partial) DataJobConfig: missing
    members take the model defaults, contacts are joined with ';' so an
    address containing ';' splits in two."""
    out = default_config()
    if not isinstance(cfg, dict):
        return out
    for k in ("db_default_type", "generate_keytab", "enable_execution_notifications",
              "notification_delay_period_minutes"):
        if k in cfg:
            out[k] = cfg[k]
    contacts = cfg.get("contacts")
    if isinstance(contacts, dict):
        for k in out["contacts"]:
            v = contacts.get(k)
            if isinstance(v, list):
                joined = ";".join(str(x) for x in v if x is not None)
                out["contacts"][k] = [x for x in joined.split(";") if x] if joined else []
    sched = cfg.get("schedule")
    if isinstance(sched, dict):
        out["schedule"]["schedule_cron"] = sched.get("schedule_cron")
    return out


class Deployment:
    __slots__ = ("job_version", "python_version", "vdk_version", "enabled",
                 "deployed_at", "deployed_by")

    def __init__(self, job_version, python_version, vdk_version, enabled, deployed_at, deployed_by):
        self.job_version = job_version
        self.python_version = python_version
        self.vdk_version = vdk_version
        self.enabled = enabled
        self.deployed_at = deployed_at
        self.deployed_by = deployed_by


class Execution:
    """One run. Either planned (status follows the clock) or fixed (cancelled,
    forced by the admin API, or seeded in the past)."""

    def __init__(self, job, exec_id, etype, started_by, op_id, start, t_pod, t_run, t_end,
                 outcome, message=None):
        self.job = job
        self.id = exec_id
        self.type = etype
        self.started_by = started_by
        self.op_id = op_id
        self.start = start
        self.t_pod = t_pod
        self.t_run = t_run
        self.t_end = t_end          # None: runs until forced or cancelled
        self.outcome = outcome
        self.outcome_message = message
        self.fixed = None           # (status, end_time, message) once forced
        self.lines = None           # planned + appended [(ts, text)], lazily built
        self.stream_interval = None
        self.big_lines = 0
        self.logs_gone = False
        self.log_delay = 0.0        # pod exists but its log is unreadable (503) this long
        self.user_cancelled = False # a DELETE: never reaches the job summary
        self.dep = snapshot(job.deployment)

    def dep_now(self, now):
        """The deployment snapshot; a just-submitted row has none until K8s
        reports the pod (api-notes 4.7)."""
        return self.dep if now >= self.t_pod else None

    def status(self, now):
        if self.fixed:
            return self.fixed[0]
        if now < self.t_run:
            return "submitted"
        if self.t_end is None or now < self.t_end:
            return "running"
        return self.outcome

    def end_time(self, now):
        if self.fixed:
            return self.fixed[1]
        st = self.status(now)
        return self.t_end if st in FINAL else None

    def message(self, now):
        if self.fixed:
            return self.fixed[2]
        st = self.status(now)
        if st == self.outcome and self.outcome_message:
            return self.outcome_message
        return MESSAGES.get(st)

    def force(self, status, now, message=None):
        if status in FINAL:
            self.fixed = (status, now, message if message is not None else MESSAGES[status])
            self._ensure_lines()
            # Nothing planned after the cut ever shows up.
            cut = bisect.bisect_right(self.lines, now, key=lambda p: p[0])
            del self.lines[cut:]
        else:
            self.fixed = (status, None, message if message is not None else MESSAGES[status])

    def _ensure_lines(self):
        if self.lines is not None:
            return
        seed = zlib.crc32(self.id.encode())
        end = self.t_end if self.t_end is not None else self.t_pod + 7 * 24 * 3600
        if self.stream_interval:
            self.lines = fake_logs.stream_plan(self.job.name, self.job.team, self.id, seed,
                                               self.t_pod, end, self.stream_interval)
        elif self.big_lines:
            self.lines = []
        else:
            self.lines = fake_logs.plan(self.job.name, self.job.team, self.id, seed,
                                        self.t_pod, end, self.outcome, self.outcome_message)

    def append(self, text, now):
        """Raw text from the admin API; each line gets its own timestamp."""
        self._ensure_lines()
        at = bisect.bisect_right(self.lines, now, key=lambda p: p[0])
        parts = text.split("\n")
        if parts and parts[-1] == "":
            parts.pop()
        for i, line in enumerate(parts):
            self.lines.insert(at + i, (now + i * 1e-6, line))

    def visible_lines(self, now):
        self._ensure_lines()
        n = bisect.bisect_right(self.lines, now, key=lambda p: p[0])
        return self.lines[:n]


def snapshot(dep):
    if dep is None:
        return None
    return {"vdk_version": dep.vdk_version, "job_version": dep.job_version,
            "python_version": dep.python_version, "deployed_by": dep.deployed_by,
            "deployed_at": dep.deployed_at}


class Job:
    def __init__(self, name, team, description, config, created):
        self.name = name
        self.team = team
        self.description = description
        self.config = normalize_config(config)
        self.created = created
        self.keytab = None
        self.sources = None
        self.deployment = None
        self.pending = []           # [(live_at, Deployment)] from async POSTs
        self.executions = []        # by start time, oldest first
        # A PUT saves a new DataJob row: the summary columns become null
        # until a run completes after it (api-notes 4.7).
        self.summary_cleared = None
        self.flaky = 0.0            # share of manual runs that fail
        self.run_seconds = (8.0, 20.0)

    @property
    def cron(self):
        return (self.config.get("schedule") or {}).get("schedule_cron")

    def rest(self):
        return {"job_name": self.name, "description": self.description,
                "config": json.loads(json.dumps(self.config)), "team": self.team}

    def latest(self):
        return self.executions[-1] if self.executions else None

    def active(self, now):
        for e in reversed(self.executions):
            if e.status(now) in ACTIVE:
                return e
        return None


class Store:
    def __init__(self, speed=1.0, log_ttl=3600.0, deploy_delay=3.0,
                 python_versions=("3.9", "3.10", "3.11"), vault=False):
        self.lock = threading.RLock()
        self.jobs = {}
        # Bumped by every change of which jobs exist or of a job's team
        # (add_job, a DELETE, a team move): what the query's order cache
        # (fake_query._static_order) depends on.
        self.jobs_gen = 0
        # Job name -> JSON object; kept apart from the jobs because neither
        # endpoint checks that the job exists (api-notes 2.5, 2.6).
        self.properties = {}
        self.secrets = {}
        self.vault = vault
        self.forbidden_types = []
        self.offset = 0.0
        self.speed = speed
        self.log_ttl = log_ttl
        self.deploy_delay = deploy_delay
        self.python_versions = list(python_versions)
        self.vdk_counter = 1109745290
        self.big_log = None
        self.big_cache = None

    def now(self):
        return time.time() + self.offset

    def scaled(self, seconds):
        return seconds / self.speed

    # Jobs -----------------------------------------------------------------
    def job(self, team, name):
        """The job if it exists for exactly this team (case-sensitive)."""
        j = self.jobs.get(name)
        if j is None or j.team != team:
            return None
        self.refresh(j)
        return j

    def add_job(self, name, team, description, config, keytab=True):
        j = Job(name, team, description, config, self.now())
        if keytab and j.config.get("generate_keytab", True) is not False:
            j.keytab = b"\x05\x02" + hashlib.sha256(name.encode()).digest() * 4
        self.jobs[name] = j
        self.jobs_gen += 1
        return j

    def refresh(self, job):
        """Applies asynchronous deploys whose time has come."""
        now = self.now()
        while job.pending and job.pending[0][0] <= now:
            live_at, dep = job.pending.pop(0)
            dep.deployed_at = live_at
            job.deployment = dep

    def next_vdk_version(self):
        self.vdk_counter += 7919
        return "0.3.%d" % self.vdk_counter

    def deploy(self, job, body, user):
        cur = job.pending[-1][1] if job.pending else job.deployment
        py = body.get("python_version") or (cur.python_version if cur else "3.9")
        vdk = body.get("vdk_version") or (cur.vdk_version if cur and cur.python_version == py
                                          else self.next_vdk_version())
        enabled = body.get("enabled")
        if enabled is None:
            enabled = cur.enabled if cur else True
        version = body.get("job_version") or (cur.job_version if cur else None)
        dep = Deployment(version, py, vdk, bool(enabled), None, user)
        job.pending.append((self.now() + self.scaled(self.deploy_delay), dep))

    # Executions -----------------------------------------------------------
    def new_exec_id(self, job, start):
        base = int(start)
        taken = {e.id for e in job.executions}
        while "%s-%d" % (job.name, base) in taken:
            base += 1
        return "%s-%d" % (job.name, base)

    def start_execution(self, job, etype, started_by, op_id, outcome=None, run_s=None,
                        message=None, exec_id=None):
        now = self.now()
        rng_seed = zlib.crc32(("%s%d" % (job.name, len(job.executions))).encode())
        if outcome is None:
            outcome = "succeeded"
            if job.flaky and (rng_seed % 1000) / 1000.0 < job.flaky:
                outcome = "user_error" if rng_seed % 3 else "platform_error"
        if run_s is None:
            lo, hi = job.run_seconds
            run_s = lo + (hi - lo) * ((rng_seed >> 10) % 1000) / 1000.0
        t_pod = now + self.scaled(1.5)
        t_run = now + self.scaled(1.0)
        t_end = None if run_s <= 0 else now + self.scaled(1.5 + run_s)
        e = Execution(job, exec_id or self.new_exec_id(job, now), etype, started_by, op_id,
                      now, t_pod, t_run, t_end, outcome, message)
        # ContainerCreating: the pod is there, its log not yet
        e.log_delay = self.scaled(0.5)
        self.add_execution(job, e)
        return e

    def add_execution(self, job, e):
        job.executions.append(e)
        if len(job.executions) > 1 and job.executions[-2].start > e.start:
            job.executions.sort(key=lambda x: x.start)
        if len(job.executions) > MAX_EXECUTIONS:
            now = self.now()
            for old in list(job.executions):
                if len(job.executions) <= MAX_EXECUTIONS:
                    break
                if old.status(now) in FINAL:
                    job.executions.remove(old)

    def find_execution(self, job, exec_id):
        for e in job.executions:
            if e.id == exec_id:
                return e
        return None

    def log_text(self, e, tail):
        """"" while the pod does not exist (Optional.empty on the server);
        None while the pod exists but its log cannot be read yet (the
        server answers 503); "" again once the K8s job is gone."""
        now = self.now()
        st = e.status(now)
        end = e.end_time(now)
        if e.logs_gone or (st in FINAL and end is not None and end < now - self.log_ttl
                           and not e.big_lines):
            return ""
        if now < e.t_pod:
            return ""
        if now < e.t_pod + e.log_delay and st not in FINAL:
            return None
        if e.big_lines:
            return self._big_text(e, tail)
        lines = e.visible_lines(now)
        if tail and tail > 0:
            lines = lines[-tail:]
        return "\n".join(fake_logs.k8s_stamp(ts) + " " + text for ts, text in lines)

    def _big_text(self, e, tail):
        n = e.big_lines
        first = 0 if not tail or tail <= 0 else max(0, n - tail)
        return fake_logs.big_text(e.job.name, e.t_pod, first, n)

    def big_body(self, e):
        """The whole answer of a huge log, encoded once: (json bytes, gzip bytes or None)."""
        if self.big_cache is None or self.big_cache[0] is not e:
            text = self._big_text(e, 0)  # plain ASCII without quotes or backslashes
            body = b'{"logs": "' + text.replace("\n", "\\n").encode("ascii") + b'"}'
            self.big_cache = [e, body, None]
        return self.big_cache

    # Views ----------------------------------------------------------------
    def exec_rest(self, e):
        now = self.now()
        d = e.dep_now(now) or {}
        return {
            "id": e.id, "job_name": e.job.name, "status": e.status(now), "type": e.type,
            "start_time": rest_time(e.start), "end_time": rest_time(e.end_time(now)),
            "started_by": e.started_by, "logs_url": "", "message": e.message(now),
            "op_id": e.op_id,
            "deployment": {
                "vdk_version": d.get("vdk_version"), "job_version": d.get("job_version"),
                "python_version": d.get("python_version"), "mode": "release", "id": "release",
                "enabled": True, "deployed_by": d.get("deployed_by"),
                "deployed_date": rest_time(d.get("deployed_at")),
                "schedule": {"schedule_cron": e.job.cron} if d else None,
                "resources": dict(RESOURCES) if d else None,
            },
        }

    def deployment_rest(self, job):
        d = job.deployment
        return {"vdk_version": d.vdk_version, "job_version": d.job_version,
                "python_version": d.python_version, "mode": "release", "id": None,
                "enabled": d.enabled, "contacts": None, "schedule": None, "resources": None,
                "last_deployed_date": java_time(d.deployed_at),
                "last_deployed_by": d.deployed_by}

    def summary(self, job, now):
        """lastExecutionStatus/Time/Duration: the run that completed last
        (final status and an end time), never a user's cancel, nothing
        that completed before a PUT cleared them; the counts from the
        retained rows (api-notes 4.7, 5.4)."""
        ok = failed = 0
        last = None
        for e in job.executions:
            st = e.status(now)
            if st == "succeeded":
                ok += 1
            elif st in ("user_error", "platform_error"):
                failed += 1
            end = e.end_time(now)
            if st not in FINAL or end is None or e.user_cancelled:
                continue
            if job.summary_cleared is not None and end <= job.summary_cleared:
                continue
            if last is None or end >= last[1]:
                last = (st, end, int(end - e.start))
        if last is None:
            return None, None, None, ok, failed
        return last[0], last[1], last[2], ok, failed

    def next_run(self, job, now):
        return fake_cron.next_run(job.cron, now) if job.cron else -1
