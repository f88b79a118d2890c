"""The fake's own admin API under /_admin (documented in control_service.py)
and the accelerated cron scheduler."""

import heapq
import json
import threading
import time
from urllib.parse import quote, unquote

import fake_cron
import fake_store
from fake_rest import Resp, as_json, empty


def _bad(msg):
    return as_json(400, {"error": msg})


class Admin:
    def __init__(self, app):
        self.app = app

    def handle(self, method, path, params, headers, body, host):
        seg = [unquote(s) for s in path.strip("/").split("/")][1:]
        try:
            obj = json.loads(body.decode("utf-8")) if body and seg[:1] != ["logs"] else {}
        except (ValueError, UnicodeDecodeError):
            return _bad("body is not JSON")
        app = self.app
        store = app.store
        key = (method, seg[0] if seg else "", len(seg))
        if key == ("GET", "stats", 1):
            return as_json(200, app.stats.as_json())
        if key == ("DELETE", "stats", 1):
            with app.stats.lock:
                app.stats.reset()
            return empty(204)
        if key == ("GET", "requests", 1):
            with app.stats.lock:
                return as_json(200, list(app.stats.log))
        if key == ("DELETE", "requests", 1):
            with app.stats.lock:
                app.stats.log.clear()
            return empty(204)
        if key == ("GET", "faults", 1):
            return as_json(200, app.faults.snapshot())
        if key == ("DELETE", "faults", 1):
            app.faults.clear()
            return empty(204)
        if key == ("POST", "faults", 1):
            if not isinstance(obj, dict):
                return _bad("faults must be a JSON object")
            if obj.get("expire_tokens"):
                app.auth.expire_all()
            app.faults.set(obj)
            return as_json(200, app.faults.snapshot())
        if key == ("GET", "state", 1):
            with store.lock:
                return as_json(200, self.state())
        if key == ("POST", "time", 1):
            try:
                adv = float(obj.get("advance_s", 0))
            except (TypeError, ValueError):
                return _bad("advance_s must be a number")
            with store.lock:
                store.offset += adv
                return as_json(200, {"now": store.now(), "offset": store.offset})
        with store.lock:
            if len(seg) >= 3:
                job = store.job(seg[1], seg[2])
                if job is None:
                    return as_json(404, {"error": "no job %s in team %s" % (seg[2], seg[1])})
                if key == ("POST", "executions", 3):
                    return self.create_execution(job, obj, host)
                if key == ("POST", "schedule", 3):
                    e = start_scheduled(store, job, store.now())
                    return as_json(201, {"id": e.id, "status": e.status(store.now())})
                if key == ("GET", "sources", 3):
                    if job.sources is None:
                        return empty(404)
                    return Resp(200, job.sources, "application/octet-stream")
                if len(seg) >= 4:
                    e = store.find_execution(job, seg[3])
                    if e is None:
                        return as_json(404, {"error": "no execution %s" % seg[3]})
                    if key == ("POST", "executions", 5) and seg[4] == "status":
                        st = obj.get("status")
                        if st not in fake_store.STATUSES:
                            return _bad("status must be one of %s" % ", ".join(fake_store.STATUSES))
                        e.force(st, store.now(), obj.get("message"))
                        return as_json(200, store.exec_rest(e))
                    if key == ("POST", "logs", 4):
                        surrogates = (params.get("surrogates") or ["0"])[0] == "1"
                        text = body.decode("utf-8", "surrogateescape" if surrogates else "replace")
                        e.append(text, store.now())
                        return as_json(200, {"lines": len(e.lines)})
        return as_json(404, {"error": "unknown admin path %s %s" % (method, path)})

    def create_execution(self, job, obj, host):
        store = self.app.store
        now = store.now()
        try:
            duration = float(obj.get("duration_s") or 0)
            pod_delay = float(obj.get("pod_delay_s") or 0)
            log_delay = float(obj.get("log_delay_s") or 0)
        except (TypeError, ValueError):
            return _bad("duration_s, pod_delay_s and log_delay_s must be numbers")
        outcome = obj.get("outcome", "succeeded")
        if outcome not in fake_store.FINAL:
            return _bad("outcome must be a final status")
        e = fake_store.Execution(job, store.new_exec_id(job, now), obj.get("type", "manual"),
                                 obj.get("started_by", "manual/vdk-control-cli/admin"),
                                 "0%d" % int(now * 1000), now, now + pod_delay,
                                 now + (pod_delay if obj.get("status") == "submitted" and
                                        pod_delay else 0),
                                 now + pod_delay + duration if duration > 0 else None,
                                 outcome, obj.get("message"))
        e.log_delay = log_delay
        if obj.get("status") == "submitted" and not pod_delay:
            e.force("submitted", now)
        store.add_execution(job, e)
        loc = "http://%s/data-jobs/for-team/%s/jobs/%s/executions/%s" % (
            host, quote(job.team, safe=""), quote(job.name, safe=""), quote(e.id, safe=""))
        return as_json(201, {"id": e.id, "location": loc})

    def state(self):
        store = self.app.store
        now = store.now()
        teams = {}
        running = []
        for j in store.jobs.values():
            teams[j.team] = teams.get(j.team, 0) + 1
            a = j.active(now)
            if a is not None:
                running.append({"team": j.team, "job": j.name, "id": a.id, "status": a.status(now)})
        big = store.big_log
        return {"now": now, "seed": self.app.opts.seed, "teams": teams, "running": running,
                "jobs": len(store.jobs),
                "big_log": {"team": big.job.team, "job": big.job.name, "id": big.id,
                            "lines": big.big_lines} if big else None}


def start_scheduled(store, job, now):
    """What the CronJob controller does at a fire time: a scheduled run, or a
    skipped record when another execution is still active."""
    active = job.active(now)
    exec_id = "%s-%d" % (job.name, int(now // 60))
    if store.find_execution(job, exec_id) is not None:
        exec_id = store.new_exec_id(job, now)
    if active is not None:
        e = fake_store.Execution(job, exec_id, "scheduled", "scheduled/runtime",
                                 "0%d" % int(now * 1000), now, now, now, now, "skipped")
        store.add_execution(job, e)
        return e
    return store.start_execution(job, "scheduled", "scheduled/runtime", "0%d" % int(now * 1000),
                                 exec_id=exec_id)


class Scheduler(threading.Thread):
    """Cron time runs `accel` times faster than real time, starting now."""

    def __init__(self, app, accel):
        threading.Thread.__init__(self, daemon=True)
        self.app = app
        self.accel = accel
        self.stopping = threading.Event()
        self.t0 = time.time()
        self.heap = []
        self.tracked = {}  # job name -> the cron its queue entry was made for

    def sim(self):
        return self.t0 + (time.time() - self.t0) * self.accel

    def stop(self):
        self.stopping.set()

    def run(self):
        store = self.app.store
        last_scan = 0.0
        while not self.stopping.wait(0.2):
            sim = self.sim()
            with store.lock:
                if time.time() - last_scan > 2.0:
                    # New jobs and changed schedules join the queue.
                    last_scan = time.time()
                    for name, job in store.jobs.items():
                        if self.tracked.get(name) != job.cron:
                            self.push(name, sim)
                while self.heap and self.heap[0][0] <= sim:
                    _, name, cron = heapq.heappop(self.heap)
                    job = store.jobs.get(name)
                    if job is None or job.cron != cron:
                        continue  # stale entry; the scan re-queues changed jobs
                    store.refresh(job)
                    if job.deployment is not None and job.deployment.enabled:
                        start_scheduled(store, job, store.now())
                    self.push(name, sim)

    def push(self, name, after):
        job = self.app.store.jobs.get(name)
        if job is None:
            self.tracked.pop(name, None)
            return
        self.tracked[name] = job.cron
        nxt = fake_cron.next_run(job.cron, after) if job.cron else -1
        if nxt > 0:
            heapq.heappush(self.heap, (nxt, name, job.cron))
