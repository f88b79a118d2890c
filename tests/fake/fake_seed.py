"""Seed data for the fake Control Service: `demo`, `scale` and `empty`.

Names, teams, states and histories are fixed for a given seed (a
random.Random with a constant seed); only the absolute times move with the
clock, since histories are laid out backwards from "now".
"""

import hashlib
import io
import random
import zipfile
import zlib

import fake_cron
from fake_store import Deployment, Execution

OOM = "Out of memory error on the K8S pod. Please optimize your data job."

TEAMS = {
    "starshot": (["starshot_ops@example.mail.com"], ["auserov@example.mail.com",
                                                       "ppetrova@example.mail.com"]),
    "supercollider": (["sc-data@example.mail.com"], ["mkovacs@example.mail.com",
                                                      "lchen@example.mail.com"]),
    "taurus-ops": (["taurus-oncall@example.mail.com"], ["jdoe@example.mail.com",
                                                         "rsingh@example.mail.com"]),
}

# (team, name, description, cron, deployment state, last-run pattern)
# state: enabled | disabled | none;  pattern: ok | flaky | user_error |
# platform_error | oom | cancelled | skipped | running | never
DEMO_JOBS = [
    ("starshot", "starshot-processing-vmc-fact-daily",
     "Data Job responsible for transforming vmc related fact tables on daily basis.",
     "15 2 * * *", "enabled", "ok"),
    ("starshot", "starshot-telemetry-ingest",
     "Continuously ingests SDDC telemetry from Kafka into the telemetry lake.",
     "0 */2 * * *", "enabled", "running"),
    ("starshot", "starshot-sales-forecast-weekly",
     "Weekly revenue forecast per region; feeds the finance dashboard.",
     "0 6 * * 1", "enabled", "user_error"),
    ("starshot", "starshot-ingest-crm-accounts",
     "Copies CRM accounts and opportunities into the starshot.crm_* tables.",
     "0 */4 * * *", "enabled", "ok"),
    ("starshot", "starshot-billing-reconcile",
     "Reconciles billing events with invoices and flags mismatches for review.",
     "30 1 * * *", "enabled", "platform_error"),
    ("starshot", "starshot-legacy-import-sql",
     "Legacy SQL import of the on-prem inventory. Kept for audits; do not enable.",
     "0 3 * * *", "disabled", "ok"),
    ("starshot", "starshot-ml-feature-export",
     "Exports model features to the feature store (work in progress).",
     None, "none", "never"),
    ("starshot", "starshot-backfill-2024-q3",
     "One-off backfill of Q3 2024 usage data.", None, "enabled", "cancelled"),
    ("starshot", "starshot-usage-rollup-hourly",
     "Hourly roll-up of product usage counters.", "5 * * * *", "enabled", "skipped"),
    ("starshot", "starshot-customer-360-build",
     "Builds the customer 360 view: joins CRM, billing, support tickets and product usage into "
     "one wide table per customer, refreshed every morning before the account managers start.",
     "0 4 * * *", "enabled", "flaky"),
    ("starshot", "starshot-data-quality-checks",
     "Row-count and freshness checks over the starshot schemas; fails on drift.",
     "0 * * * *", "enabled", "user_error"),
    ("starshot", "starshot-gdpr-erasure",
     "Applies GDPR erasure requests to all starshot tables.", "0 22 * * 0", "enabled", "ok"),
    ("starshot", "starshot-cost-allocation-monthly",
     "Allocates cloud cost to product lines each month.", "0 8 1 * *", "enabled", "ok"),
    ("starshot", "starshot-clickstream-sessionize",
     "Sessionizes web clickstream events (30 min inactivity window).",
     "15 */2 * * *", "disabled", "user_error"),
    ("starshot", "starshot-partner-feed-export",
     "Exports the partner usage feed over SFTP.", "0 0 30 2 *", "enabled", "never"),
    ("starshot", "starshot-snapshot-archiver", "", "0 5 * * 6", "enabled", "oom"),
    ("supercollider", "supercollider-billing-rollup",
     "Daily billing roll-up across all collider tenants.", "0 2 * * *", "enabled", "oom"),
    ("supercollider", "supercollider-ingest-clickstream",
     "Streams clickstream batches from the edge collectors.", "*/15 * * * *", "enabled",
     "platform_error"),
    ("supercollider", "supercollider-events-dedup-hourly",
     "Removes duplicate events produced by collector retries.", "0 * * * *", "enabled",
     "skipped"),
    ("supercollider", "supercollider-tenant-metrics-daily",
     "Übersicht der Mandanten-Metriken – täglich; 租户指标汇总 (tenant metrics).",
     "30 6 * * *", "enabled", "ok"),
    ("supercollider", "supercollider-search-index-refresh",
     "Refreshes the product search index.", "0 */6 * * *", "enabled", "ok"),
    ("supercollider", "supercollider-experiment-results",
     "A/B experiment results for the growth team.", "0 9 * * 1-5", "enabled", "user_error"),
    ("supercollider", "supercollider-anomaly-detector",
     "Detects anomalies in hourly KPIs and opens incidents.", "10 * * * *", "enabled", "flaky"),
    ("supercollider", "supercollider-archive-raw-events",
     "Moves raw events older than 90 days to cold storage.", "0 23 * * *", "disabled", "ok"),
    ("supercollider", "supercollider-sandbox-test",
     "Scratch job for testing deployments.", None, "none", "never"),
    ("supercollider", "supercollider-vendor-sync",
     "Synchronises vendor catalogues.", "0 7 * * *", "enabled", "cancelled"),
    ("supercollider", "supercollider-geo-enrichment",
     "Enriches events with geo data (country, region, city, ASN) from the licensed GeoIP "
     "database; the database is refreshed weekly by the platform team, and lookups that miss "
     "fall back to the previous release so late data still gets a location.",
     "45 3 * * *", "enabled", "ok"),
    ("supercollider", "supercollider-ledger-export-eu",
     "Exports ledger entries for EU entities.", "0 0 1,15 * *", "none", "never"),
    ("supercollider", "supercollider-fraud-scoring",
     "Scores payment transactions for fraud.", "*/10 * * * *", "enabled", "ok"),
    ("taurus-ops", "taurus-ops-k8s-cost-report",
     "Weekly Kubernetes cost report per namespace.", "0 7 * * mon", "enabled", "user_error"),
    ("taurus-ops", "taurus-ops-cluster-inventory",
     "Inventory of clusters, nodes and versions.", "0 */2 * * *", "enabled", "ok"),
    ("taurus-ops", "taurus-ops-alert-digest",
     "Daily digest of fired alerts.", "0 8 * * *", "enabled", "ok"),
    ("taurus-ops", "taurus-ops-cert-expiry-check",
     "Warns about TLS certificates expiring within 30 days.", "0 6 * * *", "enabled",
     "platform_error"),
    ("taurus-ops", "taurus-ops-log-retention",
     "Applies log retention policies.", "0 1 * * *", "disabled", "cancelled"),
    ("taurus-ops", "taurus-ops-capacity-forecast", "", "0 5 * * 1", "enabled", "flaky"),
    ("taurus-ops", "taurus-ops-incident-stats",
     "Incident statistics for the weekly ops review.", "0 10 * * 5", "none", "never"),
    ("taurus-ops", "taurus-ops-backup-verify",
     "Restores last night's backups into a scratch DB and verifies them.", "30 4 * * *",
     "enabled", "ok"),
    ("taurus-ops", "taurus-ops-dns-audit",
     "Audits DNS records against the service catalogue.", "0 25 * * *", "enabled", "ok"),
    ("taurus-ops", "taurus-ops-patch-compliance",
     "Patch compliance per host group.", "0 12 * * 3", "enabled", "ok"),
    ("taurus-ops", "taurus-ops-oncall-handover",
     "Builds the on-call handover report.", "0 9 * * *", "enabled", "ok"),
]
RUNNING_JOB = "starshot-telemetry-ingest"


def _sha(text):
    return hashlib.sha1(text.encode()).hexdigest()


def _contacts(team, rng):
    lists, people = TEAMS.get(team, (["ops@example.mail.com"], ["owner@example.mail.com"]))
    person = rng.choice(people)
    return {"notified_on_job_failure_user_error": lists + [person],
            "notified_on_job_failure_platform_error": list(lists),
            "notified_on_job_success": [person] if rng.random() < 0.5 else [],
            "notified_on_job_deploy": [person] if rng.random() < 0.3 else []}


def _period(cron, now):
    a = fake_cron.next_run(cron, now) if cron else -1
    b = fake_cron.next_run(cron, a) if a > 0 else -1
    if a < 0 or b < 0:
        return 86400.0 * 2
    return float(min(max(b - a, 600), 7 * 86400))


def make_job(store, rng, team, name, desc, cron, state, now, python="3.9"):
    cfg = {"db_default_type": rng.choice(["TRINO", "TRINO", "IMPALA"]),
           "contacts": _contacts(team, rng), "schedule": {"schedule_cron": cron},
           "generate_keytab": True, "enable_execution_notifications": rng.random() < 0.7,
           "notification_delay_period_minutes": rng.choice([60, 240, 240])}
    job = store.add_job(name, team, desc, cfg)
    job.created = now - rng.uniform(30, 400) * 86400
    if state != "none":
        people = TEAMS.get(team, ([], ["owner@example.mail.com"]))[1]
        deployed_at = now - rng.uniform(1, 60) * 86400
        # Java's OffsetDateTime.toString() drops zero seconds and prints 3, 6
        # or 9 fraction digits: give clients' time parsers every form.
        form = zlib.crc32(name.encode()) % 4
        if form == 0:
            deployed_at = deployed_at // 60 * 60
        elif form == 1:
            deployed_at = round(deployed_at, 3)
        job.deployment = Deployment(_sha(name + "v1"), python, store.next_vdk_version(),
                                    state == "enabled", deployed_at, rng.choice(people))
    return job


def _execution(store, job, start, duration, outcome, etype, user, message=None):
    if etype == "scheduled":
        exec_id = "%s-%d" % (job.name, int(start // 60))
        started_by = "scheduled/runtime"
    else:
        exec_id = "%s-%d" % (job.name, int(start))
        started_by = "manual/vdk-control-cli/%s" % user
    op_id = _sha(exec_id)[:16]
    e = Execution(job, exec_id, etype, started_by, op_id, start, start + 1.5, start + 1.0,
                  start + duration, outcome, message)
    return e


def _fires(cron, end, n, span):
    """The last n cron fire times before `end`, within `span` seconds."""
    out = []
    t = end - span
    while len(out) < 5000:
        t = fake_cron.next_run(cron, t)
        if t < 0 or t >= end:
            break
        out.append(t)
    return out[-n:]


def history(store, job, rng, pattern, now, count=None):
    """Finished runs: scheduled ones at the cron's fire times, manual ones in
    between; a failing job's last run is a manual retry that failed again
    minutes ago, so its log can still be read."""
    if pattern == "never":
        return
    people = TEAMS.get(job.team, ([], ["owner@example.mail.com"]))[1]
    base = rng.uniform(40, 900)
    n = count if count is not None else rng.randint(8, 30)
    horizon = now
    if pattern == "running":
        # Finished runs end before the running one started (now - 240), or
        # a cron fire just before start-up would put a newer finished run
        # above it and the job would not look running.
        horizon = now - 300
    if job.deployment is not None and not job.deployment.enabled:
        horizon = now - rng.uniform(3, 10) * 86400
    starts = []
    if job.cron and fake_cron.parse(job.cron):
        starts = [(t + rng.uniform(2, 9), "scheduled") for t in
                  _fires(job.cron, horizon - 30, n,
                                min(60 * 86400, (n + 1) * 1.3 * _period(job.cron, horizon)))]
    if len(starts) < n:  # manual runs every day or two
        t = (starts[0][0] if starts else horizon) - rng.uniform(3600, 86400)
        while len(starts) < n:
            starts.insert(0, (t, "manual"))
            t -= rng.uniform(0.5, 2.5) * 86400
    last = None
    if pattern in ("user_error", "platform_error", "oom", "cancelled") and horizon == now:
        last = (now - rng.uniform(8, 40) * 60 - base, "manual")  # a retry that failed too
    elif pattern == "skipped":
        last = (now - rng.uniform(5, 30) * 60, "scheduled")
    if last is not None:
        starts = [s for s in starts if s[0] + base * 1.4 < last[0]] + [last]
    runs = []
    for i, (start, etype) in enumerate(reversed(starts)):
        outcome = "succeeded"
        message = None
        if i == 0:
            # An OOM kill is reported as a user error (api-notes 4.7).
            outcome = {"user_error": "user_error", "platform_error": "platform_error",
                       "oom": "user_error", "cancelled": "cancelled",
                       "skipped": "skipped"}.get(pattern, "succeeded")
            if pattern == "oom":
                message = OOM
        elif pattern == "flaky" and rng.random() < 0.35:
            outcome = rng.choice(["user_error", "user_error", "platform_error"])
        elif pattern in ("user_error", "platform_error", "oom") and i < rng.randint(2, 4):
            outcome = "user_error" if pattern == "oom" else pattern
            message = OOM if pattern == "oom" else None
        elif rng.random() < 0.05:
            outcome = rng.choice(["user_error", "platform_error", "cancelled"])
        dur = base * rng.uniform(0.7, 1.35)
        if outcome == "skipped":
            dur = rng.uniform(3, 9)
        elif outcome in ("user_error", "cancelled"):
            dur *= rng.uniform(0.2, 0.8)
        if start + dur > horizon - 5:
            start = horizon - 5 - dur
        user = rng.choice(people)
        runs.append(_execution(store, job, start, dur, outcome, etype, user, message))
    for e in reversed(runs):
        if store.find_execution(job, e.id) is None:
            store.add_execution(job, e)


def seed_demo(store, now):
    rng = random.Random(20261128)
    for team, name, desc, cron, state, pattern in DEMO_JOBS:
        python = rng.choice(["3.9", "3.9", "3.10", "3.11"])
        job = make_job(store, rng, team, name, desc, cron, state, now, python)
        history(store, job, rng, pattern, now)
        if pattern == "flaky":
            job.flaky = 0.35
        if name.endswith("quality-checks"):
            store.properties[name] = {"freshness_hours": 6, "fail_on_drift": True, "retries": 3,
                                           "source_db": "crm-replica.internal:5432",
                                           "alert_channel": "#starshot-oncall",
                                           "thresholds": {"null_ratio": 0.02, "row_drop_pct": 15}}
        if pattern == "running":
            start = now - 240
            e = Execution(job, "%s-%d" % (name, int(start)), "scheduled", "scheduled/runtime",
                          _sha(name)[:16], start, start + 1.5, start + 1.0,
                          now + store.scaled(7200), "succeeded")
            e.stream_interval = store.scaled(1.5)
            store.add_execution(job, e)


_NOUNS = ["orders", "usage", "billing", "events", "sessions", "accounts", "invoices", "metrics",
          "inventory", "tickets", "payments", "leads", "devices", "alerts", "shipments"]
_VERBS = ["ingest", "rollup", "export", "dedup", "enrich", "sync", "validate", "aggregate"]
_CRONS = ["0 * * * *", "15 2 * * *", "*/30 * * * *", "0 6 * * 1", "0 */4 * * *", "30 1 * * *",
          None, "0 0 1 * *"]


def seed_scale(store, now, jobs):
    """`jobs` jobs of team starshot with three runs each, for benchmarks."""
    rng = random.Random(10000)
    for i in range(jobs):
        name = "%s-%s-%05d" % (_VERBS[i % len(_VERBS)], _NOUNS[(i // 8) % len(_NOUNS)], i)
        r = rng.random()
        state = "none" if r < 0.12 else ("disabled" if r < 0.2 else "enabled")
        cron = _CRONS[i % len(_CRONS)]
        job = make_job(store, rng, "starshot", name, "Scale job %d: %s of %s." % (
            i, _VERBS[i % len(_VERBS)], _NOUNS[(i // 8) % len(_NOUNS)]), cron, state, now)
        if state == "none":
            continue
        r = rng.random()
        pattern = ("user_error" if r < 0.07 else "platform_error" if r < 0.11 else
                   "cancelled" if r < 0.13 else "skipped" if r < 0.14 else
                   "running" if r < 0.15 else "ok")
        history(store, job, rng, pattern, now, count=3)
        if pattern == "running":
            start = now - rng.uniform(30, 600)
            e = Execution(job, "%s-%d" % (name, int(start)), "scheduled", "scheduled/runtime",
                          _sha(name)[:16], start, start + 1.5, start + 1.0,
                          now + store.scaled(7200), "succeeded")
            e.stream_interval = store.scaled(2.0)
            store.add_execution(job, e)


def add_big_log(store, now, lines):
    """A finished execution with a synthetic `lines`-line log, for benchmarks."""
    rng = random.Random(7)
    name = "biglog-export"
    job = store.jobs.get(name) or make_job(store, rng, "starshot", name,
                                           "Exports a very chatty audit trail (benchmark job).",
                                           None, "enabled", now)
    end = now - 60
    start = end - lines * 0.001 - 5
    e = Execution(job, "%s-%d" % (name, int(start)), "manual",
                  "manual/vdk-control-cli/auserov@example.mail.com", _sha(name)[:16],
                  start, start + 1.5, start + 1.0, end, "succeeded")
    e.big_lines = lines
    store.add_execution(job, e)
    store.big_log = e
    return e


def sample_sources(job):
    """The zip a deployed job would have in Git, when nothing was uploaded."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        def add(path, text):
            info = zipfile.ZipInfo("%s/%s" % (job.name, path), (2026, 1, 1, 0, 0, 0))
            z.writestr(info, text)
        add("config.ini", "[owner]\nteam = %s\n\n[job]\nschedule_cron = %s\npython_version = %s\n"
            % (job.team, job.cron or "", job.deployment.python_version if job.deployment else "3.9"))
        add("10_create_staging.sql", "CREATE TABLE IF NOT EXISTS staging AS SELECT 1 AS id\n")
        add("20_ingest.py", "def run(job_input):\n    job_input.send_object_for_ingestion("
            "payload={'id': 1}, destination_table='staging')\n")
        add("requirements.txt", "vdk-trino\n")
    return buf.getvalue()
