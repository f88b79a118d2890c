"""Log text for the fake: VDK-format log lines with K8s timestamp prefixes.

An execution's log is planned up front as (epoch, text) pairs spread over
its lifetime; the server shows the pairs whose time has come, so the log
grows by itself while time passes. Plans are built lazily from a seed, so
thousands of seeded executions cost nothing until someone reads a log.
"""

import datetime
import random

_UTC = datetime.timezone.utc

USER_ERRORS = [
    ("trino.exceptions.TrinoUserError",
     "TrinoUserError(type=USER_ERROR, name=TABLE_NOT_FOUND, message=\"line 3:6: "
     "Table 'hive.{team}.{table}_stg' does not exist\", query_id=20261128_{qid}_00042_abcde)"),
    ("KeyError", "'customer_id'"),
    ("vdk.internal.core.errors.UserCodeError",
     "Template variable 'target_date' is not set. Pass it as a job argument or property."),
    ("trino.exceptions.TrinoUserError",
     "TrinoUserError(type=USER_ERROR, name=COLUMN_NOT_FOUND, message=\"line 12:8: "
     "Column 'event_ts' cannot be resolved\", query_id=20261128_{qid}_00017_xk3fq)"),
    ("ValueError", "could not convert string to float: 'N/A'"),
]
PLATFORM_ERRORS = [
    ("requests.exceptions.ConnectionError",
     "HTTPSConnectionPool(host='trino.internal.example.com', port=443): Max retries "
     "exceeded with url: /v1/statement (Caused by NewConnectionError('Failed to "
     "establish a new connection: [Errno 111] Connection refused'))"),
    ("vdk.internal.core.errors.PlatformServiceError",
     "Ingestion queue is full: 50000 payloads pending, ingestion target 'trino' not responding"),
]
_STEP_CHATTER = [
    "Query executed: {rows} rows affected ({ms} ms)",
    "Ingested {rows} records into {table}",
    "Fetched {rows} rows from source ({ms} ms)",
    "Template rendered: {table}_stg -> {table}",
    "Committed transaction, {rows} rows",
]
LOGGERS = {
    "run": "vdk.internal.builtin_plugins.run.data_job",
    "step": "vdk.internal.builtin_plugins.run.step",
    "cfg": "vdk.internal.builtin_plugins.config.job_config",
    "ingest": "vdk.internal.builtin_plugins.ingestion.ingester_base",
    "trino": "vdk.plugin.trino.trino_connection",
    "user": "data_job.user_code",
}


def k8s_stamp(ts):
    """RFC 3339 with nanoseconds, trailing zeros trimmed, as kubelet writes it."""
    whole = int(ts)
    nanos = int(round((ts - whole) * 1e9))
    if nanos >= 1000000000:
        whole, nanos = whole + 1, 0
    base = datetime.datetime.fromtimestamp(whole, _UTC).strftime("%Y-%m-%dT%H:%M:%S")
    frac = ("%09d" % nanos).rstrip("0")
    return base + ("." + frac if frac else "") + "Z"


def vdk_line(ts, job, level, logger, msg, exec_id):
    t = datetime.datetime.fromtimestamp(ts, _UTC)
    stamp = t.strftime("%Y-%m-%d %H:%M:%S") + ",%03d" % (t.microsecond // 1000)
    return "%s [VDK] %s [%-5s] %s  [id:%s]- %s" % (stamp, job, level, LOGGERS[logger],
                                                     exec_id, msg)


def job_steps(job_name, rng):
    words = job_name.split("-")
    table = "_".join(words[1:4]) or "data"
    steps = ["10_create_%s_staging.sql" % table, "20_ingest_%s.py" % words[-1],
             "30_transform_%s.sql" % table]
    if rng.random() < 0.5:
        steps.append("40_publish_%s.sql" % table)
    return steps, table


def plan(job_name, team, exec_id, seed, t_pod, t_end, outcome, message_hint=None):
    """Lines for a run that starts at t_pod and ends at t_end with outcome.

    outcome: succeeded, user_error, platform_error, cancelled, skipped.
    Returns [(epoch, text)] sorted by time. The last line lands exactly at
    t_end for a finished run.
    """
    rng = random.Random(seed)
    steps, table = job_steps(job_name, rng)
    body = []  # (level, logger, message)

    def add(level, logger, msg):
        body.append((level, logger, msg))

    add("INFO", "run", "Data Job %s execution %s starting" % (job_name, exec_id))
    add("INFO", "cfg", "Loaded job configuration from /job/%s/config.ini (team %s)" % (job_name, team))
    add("INFO", "run", "vdk version 0.3.1109745290, python 3.9.18, plugins: trino, ingest-http, "
        "properties-api")
    if outcome == "skipped":
        add("WARNING", "run", "Skipping job execution due to another parallel running execution.")
        return _spread(body, job_name, exec_id, t_pod, t_end, rng)
    fail_at = len(steps) - 1 if outcome in ("user_error", "platform_error") else None
    if fail_at is not None and len(steps) > 2:
        fail_at = rng.randrange(1, len(steps))
    for i, step in enumerate(steps):
        add("INFO", "step", "Executing step %s" % step)
        for _ in range(rng.randint(2, 6)):
            tpl = rng.choice(_STEP_CHATTER)
            add("INFO", "trino" if step.endswith(".sql") else "ingest",
                tpl.format(rows=rng.randint(10, 2500000), ms=rng.randint(40, 90000), table=table))
        if i == fail_at:
            _failure(add, outcome, step, team, table, rng, message_hint)
            return _spread(body, job_name, exec_id, t_pod, t_end, rng)
        if outcome == "cancelled" and i == len(steps) // 2:
            add("WARNING", "run", "Received SIGTERM, shutting down data job %s" % job_name)
            add("INFO", "run", "Job execution result: Cancelled")
            return _spread(body, job_name, exec_id, t_pod, t_end, rng)
        add("INFO", "step", "Step %s completed successfully" % step)
    add("INFO", "ingest", "Ingestion flushed: 0 payloads pending")
    add("INFO", "run", "Job execution result: Success")
    return _spread(body, job_name, exec_id, t_pod, t_end, rng)


def _failure(add, outcome, step, team, table, rng, hint):
    pool = USER_ERRORS if outcome == "user_error" else PLATFORM_ERRORS
    exc, text = rng.choice(pool)
    text = text.format(team=team, table=table, qid=rng.randint(100000, 999999))
    if hint:
        text = hint
    add("ERROR", "step", "Step %s failed" % step)
    # A traceback is one multi-line log record: only its first line has the
    # VDK prefix.
    add("ERROR", "run", "Exception in step %s:" % step)
    add(None, None, "Traceback (most recent call last):")
    add(None, None, "  File \"/usr/local/lib/python3.9/site-packages/vdk/internal/builtin_plugins/"
        "run/data_job.py\", line 92, in run_step")
    add(None, None, "    step_executed = step.runner_func(step, context.job_input)")
    if step.endswith(".sql"):
        add(None, None, "  File \"/usr/local/lib/python3.9/site-packages/vdk/internal/builtin_plugins/"
            "run/file_based_step.py\", line 43, in run_sql_step")
        add(None, None, "    job_input.execute_query(query)")
    else:
        add(None, None, "  File \"/job/%s\", line %d, in run" % (step, rng.randint(12, 180)))
        add(None, None, "    payload = build_payload(rows)")
    add(None, None, "%s: %s" % (exc, text))
    kind = "User Error" if outcome == "user_error" else "Platform Error"
    add("ERROR", "run", "%s: what happened: Data Job step %s failed; why: %s; consequences: the job "
        "run stopped, later steps did not run; countermeasures: check the step and run again"
        % (kind, step, text.split(":", 1)[0]))
    add("INFO", "run", "Job execution result: %s" % ("User error" if outcome == "user_error"
                                                     else "Platform error"))


def _spread(body, job_name, exec_id, t_pod, t_end, rng):
    """The first three lines appear as the pod starts, the others at random
    but increasing times, the last one exactly at t_end."""
    n = len(body)
    span = max(t_end - t_pod, 0.001)
    head = min(3, n - 1)
    cuts = sorted(rng.random() for _ in range(n - 1 - head))
    times = [t_pod + min(0.05 * i, span * 0.01 * i) for i in range(head)]
    times += [t_pod + span * (0.05 + 0.93 * c) for c in cuts]
    times.append(t_end)
    return [(ts, vdk_line(ts, job_name, level, logger, msg, exec_id) if logger else msg)
            for ts, (level, logger, msg) in zip(times, body)]


def stream_plan(job_name, team, exec_id, seed, t_pod, t_end, interval):
    """A long-running streaming job: one batch line every `interval` seconds."""
    rng = random.Random(seed)
    out = []
    head = ["Data Job %s execution %s starting" % (job_name, exec_id),
            "Loaded job configuration from /job/%s/config.ini (team %s)" % (job_name, team),
            "Executing step 10_consume_telemetry_stream.py",
            "Connected to kafka bootstrap kafka-0.telemetry.internal:9092, topic telemetry.v2"]
    t = t_pod + 0.3
    for msg in head:
        out.append((t, vdk_line(t, job_name, "INFO", "step", msg, exec_id)))
        t += 0.4
    offset = 1200000
    batch = 0
    while t < t_end:
        batch += 1
        records = rng.randint(3000, 9000)
        offset += records
        if batch % 37 == 0:
            msg = ("Broker kafka-2.telemetry.internal:9092 slow to respond (%d ms), retrying fetch"
                   % rng.randint(1500, 9000))
            out.append((t, vdk_line(t, job_name, "WARNING", "ingest", msg, exec_id)))
        else:
            msg = ("Processed batch %d: %d records (offset %d, lag %d) in %d ms"
                   % (batch, records, offset, rng.randint(0, 40000), rng.randint(200, 1900)))
            out.append((t, vdk_line(t, job_name, "INFO", "ingest", msg, exec_id)))
        t += interval * rng.uniform(0.6, 1.4)
    return out


def big_text(job_name, t0, first, last):
    """Lines first..last-1 of a synthetic huge log (~108 bytes each), built
    fast: the date parts change once a second, lines are 1 ms apart."""
    base_ns = int(t0 * 1e9)
    parts = []
    cur = None
    kpre = vpre = ""
    for i in range(first, last):
        ns = base_ns + i * 1000003
        sec, frac = divmod(ns, 1000000000)
        if sec != cur:
            cur = sec
            t = datetime.datetime.fromtimestamp(sec, _UTC)
            kpre = t.strftime("%Y-%m-%dT%H:%M:%S")
            vpre = t.strftime("%Y-%m-%d %H:%M:%S")
        kfrac = ("%09d" % frac).rstrip("0") if frac % 10 == 0 else "%09d" % frac
        parts.append("%s%s%sZ %s,%03d [VDK] %s [INFO ] ingest - row %09d ok" % (
            kpre, "." if kfrac else "", kfrac, vpre, frac // 1000000, job_name, i))
    return "\n".join(parts)
