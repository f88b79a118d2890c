#!/usr/bin/env python3
"""vdktop's benchmark (make bench): the figures of the performance budget,
measured against the fake Control Service, printed as one table.

Usage: bench.py VDKTOP_BIN [--runs N] [--idle S] [--keys N] [--no-log] [--only SECTIONS]
                           [--markdown FILE] [--keep]

Every figure is read from vdktop's own --trace file (timestamped events:
requests sent/answered/parsed, first paint, each key and the paint that
answers it), from /proc/PID for memory and CPU, from tmux pipe-pane for the
bytes written to the terminal, and from the fake's admin API for
connections and bytes on the wire. Nothing is guessed from the outside.

Timings are compared with a limit measured in the same run (curl fetching
the very request vdktop sent, plus json-c parsing the answer), because
absolute times on a shared machine are noise.

Exit status: 0 all budgets met, 1 a budget was missed (or, with
BENCH_STRICT=1, a figure could not be measured), 2 the harness itself
could not run (missing tool, fake did not start).
Python 3 standard library only.
"""

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
FAKE = os.path.join(TOP, "tests", "fake", "control_service.py")

JOBS = 10000
SCALE_JOBS = 100000
START_BUDGET = 1.2        # start → first paint, JOBS jobs, × the limit (median)
SCALE_START_BUDGET = 1.3  # the same with SCALE_JOBS jobs
SCALE_RSS_MB = 40         # VmHWM with SCALE_JOBS jobs
LOG_OPEN_BUDGET = 1.1     # open → last screen of the big log, × the limit
LOG_HWM_TEXT, LOG_HWM_MB = 1.5, 30  # VmHWM opening it ≤ 1.5 × its text + 30 MB
# The sections in the order they run (--only picks some). A new figure
# goes in a section: a method section_NAME of Bench that adds rows to
# self.table (Table.add: give it a stable key= for the history).
SECTIONS = (
    ("startup", "start → first paint, %d jobs" % JOBS),
    ("scale", "start → first paint and memory, %d jobs" % SCALE_JOBS),
    ("session", "keys, bytes, memory, refresh, idle, the big log, connections (%d jobs)" % JOBS),
    ("polls", "a poll's latency while the big log downloads"),
)
LOG_LINES = 1000000
POLL_BUDGET = 1.5   # a poll's p99 while the big log downloads, × its p99 idle
POLL_OPENS = 12     # downloads of the big log in the polls section
WIDTH, HEIGHT = 120, 40
REFRESH_S = 2
BIG_JOB = "biglog-export"
SEARCH_WORD = "row 000777777"
FILTER_WORDS = ["export-orders", "ingest-usage-0", "sync-billing", "rollup-events",
                "dedup-sessions", "enrich-accounts", "validate-leads", "aggregate-alerts",
                "scale job 12", "export-tickets-0", "ingest-devices", "sync-payments-0",
                "rollup-metrics", "dedup-inventory", "enrich-shipments", "failed"]
MB = 1e6
JOB_ROW = re.compile(r"\b[a-z]+-[a-z]+-\d{5}\b")
TYPING_GAP_S = 0.1  # between filter keystrokes: a fast typist


class BenchError(Exception):
    """The harness cannot go on (exit 2)."""


def log(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.stderr.flush()


def wait_until(cond, timeout, interval=0.002):
    """Polls cond() until it returns a true value (returned) or timeout s
    pass (None)."""
    end = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() >= end:
            return None
        time.sleep(interval)


def fake_share(events, reqs):
    """The fake's own time over each of vdktop's requests on the shared
    connection (its served_ms: request line read → answer written), by
    trace id. The trace's requests and the fake's log are paired in the
    order they went out (one connection, one request at a time), path by
    path; one cancelled before it went out is not in the fake's log, and
    those sent after it was last read are left unpaired. None when the two
    do not line up."""
    cancelled = {e.f.get("id") for e in events if e.name == "cancelled"}
    out, j = {}, 0
    for e in events:
        if j == len(reqs):
            break
        if e.name != "sent" or e.f.get("kind") == "logs":
            continue
        path = e.f.get("req", "").split(" ", 1)[-1]
        if j < len(reqs) and reqs[j]["path"] == path:
            if reqs[j].get("served_ms") is not None:
                out[e.f.get("id")] = reqs[j]["served_ms"]
            j += 1
        elif e.f.get("id") not in cancelled:
            return None
    return out if j == len(reqs) else None


def pct(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


# ---- the machine -------------------------------------------------------------

def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
    except OSError:
        load = "?"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {"cpu": cpu, "cores": os.cpu_count(), "usable": usable, "mem": mem, "load": load,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "kernel": platform.release()}


# ---- the fake ----------------------------------------------------------------

class Fake:
    def __init__(self, tmp, args, name="fake"):
        self.out = open(os.path.join(tmp, name + ".out"), "w+")
        self.err = open(os.path.join(tmp, name + ".err"), "w")
        self.proc = subprocess.Popen([sys.executable, FAKE, "--port", "0"] + args,
                                     stdout=self.out, stderr=self.err, stdin=subprocess.DEVNULL)
        self.url = wait_until(self._ready, 60, 0.05)
        if not self.url:
            self.stop()
            raise BenchError("the fake Control Service did not start (see %s)" % self.err.name)

    def _ready(self):
        if self.proc.poll() is not None:
            raise BenchError("the fake Control Service exited (%s)" % self.proc.returncode)
        self.out.seek(0)
        for line in self.out.read().splitlines():
            if line.startswith("READY "):
                return line[6:].strip()
        return None

    def http(self, method, path, timeout=30):
        req = urllib.request.Request(self.url + path, method=method)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
        return json.loads(body) if body else None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---- the trace ---------------------------------------------------------------

FIELD = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)')


class Event:
    __slots__ = ("ms", "name", "f", "rest")

    def __init__(self, line):
        head, _, rest = line.partition(" ")
        self.ms = float(head)  # milliseconds, microsecond resolution
        self.name, _, self.rest = rest.partition(" ")
        self.f = {k: v.strip('"') for k, v in FIELD.findall(self.rest)}

    def num(self, key, default=None):
        try:
            v = self.f[key]
            return float(v) if "." in v else int(v)
        except (KeyError, ValueError):
            return default


class Trace:
    """Reads a --trace file while vdktop writes it."""

    def __init__(self, path):
        self.path = path
        self.pos = 0
        self.partial = ""
        self.events = []

    def poll(self):
        try:
            with open(self.path) as f:
                f.seek(self.pos)
                data = f.read()
                self.pos = f.tell()
        except OSError:
            return self.events
        data = self.partial + data
        lines = data.split("\n")
        self.partial = lines.pop()
        for line in lines:
            if line and line[0].isdigit():
                try:
                    self.events.append(Event(line))
                except ValueError:
                    pass
        return self.events

    def count(self, name, pred=None):
        self.poll()
        return sum(1 for e in self.events if e.name == name and (pred is None or pred(e)))

    def find(self, name, pred=None, start=0):
        self.poll()
        for e in self.events[start:]:
            if e.name == name and (pred is None or pred(e)):
                return e
        return None

    def jobs_settled(self):
        """No jobs request in flight: every one sent was parsed or
        cancelled (a superseded search)."""
        self.poll()
        sent = sum(1 for e in self.events if e.name == "sent" and e.f.get("kind") == "jobs")
        done = sum(1 for e in self.events if e.name in ("parsed", "cancelled") and e.f.get("kind") == "jobs")
        return sent == done


# ---- vdktop in tmux ----------------------------------------------------------

class Session:
    """One vdktop in a private tmux server, with a trace file."""
    seq = 0

    def __init__(self, tmp, binary, config, args, w=WIDTH, h=HEIGHT):
        Session.seq += 1
        self.stopped = False
        self.tmp = tmp
        self.sock = "vdkbench%d-%d" % (os.getpid(), Session.seq)
        self.dir = os.path.join(tmp, "s%d" % Session.seq)
        os.makedirs(os.path.join(self.dir, "home"))
        self.trace = Trace(os.path.join(self.dir, "trace"))
        self.pidfile = os.path.join(self.dir, "pid")
        self.bytesfile = os.path.join(self.dir, "bytes")
        env = ["env", "-u", "NO_COLOR", "-u", "VDKTOP_URL", "-u", "VDKTOP_TEAM", "-u",
               "VDKTOP_CONTEXT", "-u", "VDKTOP_TOKEN",
               "HOME=" + os.path.join(self.dir, "home"),
               "XDG_CONFIG_HOME=" + os.path.join(self.dir, "home"),
               "VDKTOP_CONFIG=" + config, "VDKTOP_DATADIR=" + TOP, "LANG=C.UTF-8", "LC_ALL=C.UTF-8",
               "TERM=xterm-256color"]
        cmd = env + [binary, "--trace", self.trace.path] + args
        inner = "echo $$ > %s; exec %s 2>%s" % (
            shlex.quote(self.pidfile), " ".join(shlex.quote(c) for c in cmd),
            shlex.quote(os.path.join(self.dir, "stderr")))
        self.tmux("new-session", "-d", "-x", str(w), "-y", str(h), "sh -c %s" % shlex.quote(inner))
        self.socket = self.tmux("display-message", "-p", "#{socket_path}").strip()
        pid = wait_until(self._pid, 10, 0.001)
        if not pid:
            raise BenchError("vdktop did not start in tmux")
        self.pid = pid
        self.t_pid = time.monotonic()

    def first_rows(self, timeout=30):
        """Watches the trace file appear and the screen show job rows, both
        on this process's monotonic clock: returns (ms from vdktop's trace
        start to the first screen with rows, or None). The trace's own
        first-paint event cannot say this: in lazy mode it fires on the
        first paint after the first answer, while the list is still empty."""
        t_trace = None
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if t_trace is None:
                try:
                    if os.path.getsize(self.trace.path) > 0:
                        t_trace = time.monotonic()
                except OSError:
                    pass
            scr = self.tmux("capture-pane", "-p").splitlines()
            if any(JOB_ROW.search(line) for line in scr[2:]):
                t = time.monotonic()
                return (t - (t_trace or self.t_pid)) * 1000
            if not self.alive():
                self._died()
        return None

    def _pid(self):
        try:
            with open(self.pidfile) as f:
                return int(f.read().strip() or 0)
        except (OSError, ValueError):
            return 0

    def tmux(self, *args):
        r = subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null"] + list(args),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0 and args[0] != "kill-server":
            raise BenchError("tmux %s failed: %s" % (args[0], r.stderr.strip()))
        return r.stdout

    def alive(self):
        try:
            os.kill(self.pid, 0)
            return True
        except OSError:
            return False

    def screen(self):
        return self.tmux("capture-pane", "-p")

    def wait_screen(self, text, timeout=20):
        return wait_until(lambda: text in self.screen() or (not self.alive() and self._died()),
                          timeout, 0.02)

    def _died(self):
        raise BenchError("vdktop exited: %s" % self.stderr())

    def stderr(self):
        try:
            with open(os.path.join(self.dir, "stderr")) as f:
                return f.read().strip()[-500:]
        except OSError:
            return ""

    def send(self, *keys):
        self.tmux("send-keys", *keys)

    def send_text(self, text):
        self.tmux("send-keys", "-l", "--", text)

    def key(self, key, literal=False, timeout=10):
        """Sends one key, waits for the paint that answers it; returns its ms
        (None when no paint came)."""
        before = self.trace.count("paint", lambda e: "key" in e.f)
        if literal:
            self.send_text(key)
        else:
            self.send(key)
        got = wait_until(lambda: self.trace.count("paint", lambda e: "key" in e.f) > before,
                         timeout, 0.001)
        if not got:
            return None
        paints = [e for e in self.trace.events if e.name == "paint" and "key" in e.f]
        return paints[before].num("ms")

    def status(self):
        """/proc/PID/status memory fields in bytes."""
        out = {}
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM"):
                    out[k] = int(v.split()[0]) * 1024
        return out

    def cpu_ticks(self):
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime

    def bytes_start(self):
        open(self.bytesfile, "w").close()
        self.tmux("pipe-pane", "-o", "cat >> %s" % shlex.quote(self.bytesfile))

    def bytes_count(self):
        try:
            return os.path.getsize(self.bytesfile)
        except OSError:
            return 0

    def bytes_settle(self, quiet=0.3, timeout=5):
        """The pipe is asynchronous: waits until the count stops growing."""
        last, since = self.bytes_count(), time.monotonic()
        end = since + timeout
        while time.monotonic() < end:
            time.sleep(0.02)
            n = self.bytes_count()
            if n != last:
                last, since = n, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
        return last

    def bytes_stop(self):
        self.tmux("pipe-pane")

    def stop(self):
        if self.stopped:
            return
        self.stopped = True
        if self.alive():
            os.kill(self.pid, signal.SIGTERM)
            wait_until(lambda: not self.alive(), 10, 0.02)
        self.tmux("kill-server")
        try:
            os.unlink(self.socket)  # kill-server leaves it behind
        except OSError:
            pass


# ---- the physical limit ------------------------------------------------------

def build_parser(tmp):
    src = os.path.join(HERE, "jsonparse.c")
    exe = os.path.join(tmp, "jsonparse")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "json-c"], stdout=subprocess.PIPE,
                           text=True, check=True).stdout.split()
    cc = os.environ.get("CC") or "cc"
    r = subprocess.run([cc, "-O2", "-o", exe, src] + flags, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise BenchError("cannot build jsonparse.c: %s" % r.stdout)
    return exe


def limit_once(url, parser, body):
    """curl fetches url (gzip offered, as vdktop does), json-c parses the
    answer: (total ms, curl ms, parse ms, bytes on the wire, items)."""
    r = subprocess.run(["curl", "-s", "--compressed", "-o", body, "-w",
                        "%{http_code} %{time_total} %{size_download}", url],
                       stdout=subprocess.PIPE, text=True, timeout=300)
    code, total, size = r.stdout.split()
    if code != "200":
        raise BenchError("curl got HTTP %s for %s" % (code, url))
    p = subprocess.run([parser, body], stdout=subprocess.PIPE, text=True, check=True)
    m = dict(kv.split("=") for kv in p.stdout.split())
    curl_ms = float(total) * 1000
    parse_ms = float(m["parse_ms"])
    return curl_ms + parse_ms, curl_ms, parse_ms, int(size), int(m["items"]), int(m["bytes"])


# ---- the figures -------------------------------------------------------------

def figure_key(figure):
    """A figure's name for the history: its words without the numbers, so
    that a figure keeps its key while its counts (runs, refreshes,
    seconds) vary from run to run."""
    text = re.sub(r"[\d,.]+", " ", figure.lower())
    return "-".join(re.findall(r"[a-z]+", text))[:80] or "figure"


class Table:
    """The report's rows: (figure, measured, limit, ratio, result, note,
    key). key names the figure in tests/bench/history.csv; by default it
    is made from the figure's words (figure_key)."""

    def __init__(self):
        self.rows = []

    def add(self, figure, measured, limit, ratio, verdict, note=None, key=None):
        self.rows.append((figure, measured, limit, ratio, verdict, note, key or figure_key(figure)))

    def na(self, figure, limit, why, key=None):
        self.add(figure, "n/a", limit, "", "n/a", why, key)

    def failed(self):
        return [r for r in self.rows if r[4] == "FAIL"]

    def unmeasured(self):
        return [r for r in self.rows if r[4] == "n/a"]

    def render(self):
        head = ("figure", "measured", "limit / budget", "ratio", "result")
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
        notes = []
        for r in self.rows:
            fig = r[0]
            if r[5]:
                notes.append(r[5])
                fig += " [%d]" % len(notes)
            lines.append("| " + " | ".join([fig] + [str(x) for x in r[1:5]]) + " |")
        out = "\n".join(lines) + "\n"
        if notes:
            out += "\n" + "\n".join("[%d] %s" % (i + 1, n) for i, n in enumerate(notes)) + "\n"
        return out


def verdict(ok):
    return "pass" if ok else "FAIL"


def fmt_ms(v):
    return "—" if v is None else ("%.0f ms" % v if v >= 10 else "%.1f ms" % v)


def fmt_mb(v):
    return "%.1f MB" % (v / MB)


def key_row(table, figure, samples, p50_budget, p99_budget, expected):
    if len(samples) < max(5, expected // 2):
        table.na(figure, "p50 ≤ %d ms, p99 ≤ %d ms" % (p50_budget, p99_budget),
                 "only %d of %d keys were answered by a paint" % (len(samples), expected))
        return
    p50, p99 = pct(samples, 50), pct(samples, 99)
    ok = p50 <= p50_budget and p99 <= p99_budget
    table.add(figure, "p50 %.2f ms, p99 %.2f ms (n=%d, max %.1f)" % (p50, p99, len(samples), max(samples)),
              "p50 ≤ %d ms, p99 ≤ %d ms" % (p50_budget, p99_budget),
              "%.2f" % (max(p50 / p50_budget, p99 / p99_budget)), verdict(ok))


class Bench:
    def __init__(self, opts):
        self.o = opts
        self.bin = opts.binary
        self.tmp = tempfile.mkdtemp(prefix="vdkbench.")
        self.table = Table()
        self.fake = None
        self.sessions = []
        self.info = {}

    # -- set-up --

    def write_config(self, fake, name="config"):
        """The bench's context for fake. scrollback and max_body_mb are
        raised so the whole 1,000,000-line log (about 109 MB of JSON) is
        held: with the defaults (200,000 lines, 64 MiB) the memory figure
        would measure the caps, not the log store."""
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write('scrollback = %d;\nmax_body_mb = 512;\n'
                    'contexts = ( { name = "bench"; url = "%s"; team = "starshot"; } );\n'
                    % (LOG_LINES + 100000, fake.url))
        os.chmod(path, 0o600)
        return path

    def session(self, args, config=None):
        s = Session(self.tmp, self.bin, config or self.config, args)
        self.sessions.append(s)
        return s

    def run(self):
        m = self.info["machine"] = machine()
        ver = subprocess.run([self.bin, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True).stdout.strip().splitlines()
        self.info["version"] = ver[0] if ver else "?"
        self.info["versions"] = " ".join(x.strip() for x in ver[1:3])
        log("machine: %s, %s cores, load %s" % (m["cpu"], m["cores"], m["load"]))
        self.parser = build_parser(self.tmp)
        for name, doc in SECTIONS:
            if name in self.o.only:
                log("section %s: %s" % (name, doc))
                getattr(self, "section_" + name)()
        self.info["load_end"] = machine()["load"]

    def main_fake(self):
        """The 10,000-job fake (with the big log unless --no-log), shared
        by the sections that need it; started on first use."""
        if not self.fake:
            fake_args = ["--seed", "scale", "--jobs", str(JOBS)]
            if not self.o.no_log:
                fake_args += ["--big-log-lines", str(LOG_LINES)]
            self.fake = Fake(self.tmp, fake_args)
            log("fake at %s" % self.fake.url)
            self.config = self.write_config(self.fake)
        return self.fake

    # -- the sections (SECTIONS lists them in order) --

    def section_startup(self):
        self.main_fake()
        self.first_paint(self.fake, self.config, JOBS, START_BUDGET, "startup-10k")

    def section_scale(self):
        """A team of SCALE_JOBS on a fake of its own: start-up against its
        limit, and resident memory while the list is browsed end to end."""
        fake = Fake(self.tmp, ["--seed", "scale", "--jobs", str(SCALE_JOBS)], "fake-scale")
        try:
            log("scale fake at %s" % fake.url)
            config = self.write_config(fake, "config-scale")
            self.first_paint(fake, config, SCALE_JOBS, SCALE_START_BUDGET, "startup-100k")
            self.scale_memory(fake, config)
        finally:
            fake.stop()

    def section_session(self):
        self.main_fake()
        self.main_session()

    def section_polls(self):
        self.main_fake()
        self.polls_during_download()

    # -- start -> first paint --

    def first_paint(self, fake, config, jobs, budget_ratio, key):
        """Start → first paint with rows against fake (a team of jobs):
        the median of --runs starts, each interleaved with one measure of
        the limit (curl + json-c of the very request vdktop sent)."""
        figure = "start → first paint with rows, %d jobs (median of %d)" % (jobs, self.o.runs)
        budget = "≤ %.1f × limit" % budget_ratio
        # A warm-up start captures the exact request vdktop makes (and warms
        # the fake's answer cache for everyone alike).
        fake.http("DELETE", "/_admin/requests")
        s = self.session(["--refresh", "60"], config)
        ms = []
        ok = s.first_rows()
        if ok is not None:
            ms.append(ok)
        # Every request of the start-up, answered, before counting them.
        wait_until(s.trace.jobs_settled, 10, 0.01)
        time.sleep(0.2)
        s.stop()
        if ok is None:
            self.table.na(figure, budget, "no job rows on screen within 30 s: %s" % s.stderr(), key)
            return
        reqs = [r for r in fake.http("GET", "/_admin/requests")
                if r["method"] == "GET" and "jobsQuery" in r["query"]]
        if not reqs:
            raise BenchError("vdktop made no GraphQL jobs request")
        first = reqs[0]
        dups = sum(1 for r in reqs if r["query"] == first["query"])
        url = fake.url + first["path"] + "?" + first["query"]
        ev_ms, lim, curl_ms, parse_ms, answered, parsed, sent, rows = [], [], [], [], [], [], [], None
        term = []
        body = os.path.join(self.tmp, "page.json")
        for i in range(self.o.runs):
            total, c, p, wire, items, size = limit_once(url, self.parser, body)
            lim.append(total)
            curl_ms.append(c)
            parse_ms.append(p)
            s = self.session(["--refresh", "60"], config)
            # The trace's event, read at a gentle pace: polling tmux here
            # would load the CPUs the fake and vdktop share.
            e = wait_until(lambda: s.trace.find("first-paint"), 30, 0.02)
            if e:
                ev_ms.append(e.ms)
                t = s.trace.find("terminal")
                if t:
                    term.append((t.ms, t.num("ms", 0.0), t.num("requests", 0)))
                o = s.trace.find("sent", lambda x: x.f.get("kind") == "jobs")
                a = s.trace.find("answered", lambda x: x.f.get("kind") == "jobs")
                q = s.trace.find("parsed", lambda x: x.f.get("kind") == "jobs")
                if o and a and q:
                    sent.append(o.ms)
                    answered.append(a.num("ms"))
                    parsed.append(q.num("ms"))
                rows = e.num("rows")
            s.stop()
        if len(ev_ms) < self.o.runs:
            self.table.na(figure, budget, "only %d of %d starts painted rows" % (len(ev_ms), self.o.runs), key)
            return
        med, limit = statistics.median(ev_ms), statistics.median(lim)
        ratio = med / limit
        med_or = lambda v, f: f % statistics.median(v) if v else "?"
        self.table.add(figure, "%.0f ms" % med,
                       "limit %.0f ms (curl %.0f + json-c %.1f); %s" % (
                           limit, statistics.median(curl_ms), statistics.median(parse_ms), budget),
                       "%.2f" % ratio, verdict(ratio <= budget_ratio),
                       "from vdktop's trace start (its own trace_open: exec and dynamic loading "
                       "are not counted) to its first-paint event, written after the terminal "
                       "update that first shows job rows (rows=%s on screen). Cross-check from "
                       "outside, in the warm-up start: tmux capture-pane (polled every few ms) "
                       "saw rows after %s ms. Medians: the first jobs request was sent at %s ms, "
                       "answered %s ms later and parsed in %s ms; a %d-byte page of %d jobs (%d "
                       "bytes on the wire with gzip). The limit fetches the same URL with curl "
                       "--compressed and parses it with json-c (tests/bench/jsonparse.c); runs "
                       "interleaved.%s%s"
                       % (rows, med_or(ms, "%.0f"), med_or(sent, "%.1f"), med_or(answered, "%.0f"),
                          med_or(parsed, "%.0f"), size, items, wire,
                          "" if not term else " The terminal was set up in %.1f ms, done at %.1f ms, "
                          "with %d request(s) already on their way (trace: terminal)." % (
                              statistics.median(x[1] for x in term), statistics.median(x[0] for x in term),
                              min(x[2] for x in term)),
                          "" if dups < 2 else " At start vdktop asks for this same page %d times "
                          "(before any refresh is due); the rows appear only with the second "
                          "answer." % dups), key)

    def scale_memory(self, fake, config):
        """Resident memory with SCALE_JOBS jobs: the list opened, browsed
        to its end and back (every page on the way to the end loaded and
        shown), then searched; VmHWM is the peak of the whole session."""
        figure = "resident memory, %d jobs (VmHWM)" % SCALE_JOBS
        budget = "≤ %d MB" % SCALE_RSS_MB
        s = self.session(["--refresh", "60"], config)
        if not wait_until(lambda: s.trace.find("first-paint"), 60, 0.01):
            self.table.na(figure, budget, "the list did not paint: %s" % s.stderr(), "rss-100k")
            s.stop()
            return
        wait_until(s.trace.jobs_settled, 30, 0.01)
        s.key("G")
        at_end = s.wait_screen("row %d/%d" % (SCALE_JOBS, SCALE_JOBS), 30)
        wait_until(s.trace.jobs_settled, 30, 0.01)
        for _ in range(20):
            s.key("PPage")
        wait_until(s.trace.jobs_settled, 30, 0.01)
        s.key("g")
        wait_until(s.trace.jobs_settled, 30, 0.01)
        s.key("/")
        s.send_text("rollup")
        s.wait_screen("found)", 20)
        wait_until(s.trace.jobs_settled, 30, 0.01)
        s.key("Escape")
        mem = s.status()
        s.stop()
        self.table.add(figure, fmt_mb(mem["VmHWM"]), budget, "%.2f" % (mem["VmHWM"] / (SCALE_RSS_MB * MB)),
                       verdict(mem["VmHWM"] <= SCALE_RSS_MB * MB),
                       "peak of a session that opened the list, went to its last row (G%s), "
                       "20 pages back, to the top and searched \"rollup\"; VmRSS at the end %s."
                       % ("" if at_end else ": the last row never showed", fmt_mb(mem["VmRSS"])),
                       "rss-100k")

    # -- the long session: keys, bytes, memory, idle, log --

    def main_session(self):
        self.fake.http("DELETE", "/_admin/requests")
        t_start = time.time()
        s = self.session(["--refresh", str(REFRESH_S)])
        if not wait_until(lambda: s.trace.find("first-paint"), 30, 0.005):
            raise BenchError("the session did not paint: %s" % s.stderr())
        wait_until(s.trace.jobs_settled, 10, 0.01)
        self.cursor_bytes(s)
        self.keys(s)
        mem = s.status()
        self.table.add("resident memory, %d jobs (VmHWM)" % JOBS, fmt_mb(mem["VmHWM"]), "≤ 30 MB",
                       "%.2f" % (mem["VmHWM"] / (30 * MB)), verdict(mem["VmHWM"] <= 30 * MB),
                       "after the key runs above (pages loaded by scrolling and filtering); "
                       "VmRSS then %s." % fmt_mb(mem["VmRSS"]))
        self.refresh_bytes(s)
        idle = self.idle(s)
        if not self.o.no_log:
            self.log_view(s)
        t_end = time.time()
        self.connections(s, t_start, t_end, idle)
        s.stop()

    def cursor_bytes(self, s):
        """Bytes written to the terminal per `j`, at the top of the list
        (the cursor moves within the screen) and below it (each j scrolls
        the list one row). Each move is counted on its own (the pipe is
        let settle after its paint) and the median reported, so that a
        refresh or a status message expiring during the run is not charged
        to the cursor."""
        visible = HEIGHT - 3
        self.j_samples = []
        groups = {}
        for name, skip, n in (("within the screen", 0, visible - 7), ("scrolling the list", 7, 30)):
            for _ in range(skip):
                v = s.key("j")
                if v is not None:
                    self.j_samples.append(v)
            s.bytes_start()
            deltas = []
            for _ in range(n):
                before = s.bytes_count()
                v = s.key("j")
                if v is None:
                    continue
                self.j_samples.append(v)
                deltas.append(s.bytes_settle(quiet=0.05, timeout=1) - before)
            s.bytes_stop()
            groups[name] = deltas
        for name, deltas in groups.items():
            figure = "bytes to the terminal per cursor move (j, %s), %d×%d" % (name, WIDTH, HEIGHT)
            if not deltas:
                self.table.na(figure, "≤ 400", "no key was answered")
                continue
            med = statistics.median(deltas)
            self.table.add(figure, "%.0f B" % med, "≤ 400 B", "%.2f" % (med / 400), verdict(med <= 400),
                           "median of %d moves, each counted alone (mean %.0f B, max %d B); "
                           "TERM=xterm-256color." % (len(deltas), statistics.mean(deltas), max(deltas)))

    def keys(self, s):
        n = self.o.keys
        while len(self.j_samples) < n:
            v = s.key("j")
            if v is None:
                break
            self.j_samples.append(v)
        key_row(self.table, "key → paint: j, %d jobs" % JOBS, self.j_samples, 2, 16, n)
        pg = []
        for _ in range(n // 2):
            v = s.key("NPage")
            if v is None:
                break
            pg.append(v)
        key_row(self.table, "key → paint: PgDn", pg, 2, 16, n // 2)
        self.filter_keys(s, n)

    def filter_keys(self, s, n):
        typed, settle = [], []
        words = 0
        while len(typed) < n and words < 4 * len(FILTER_WORDS):
            word = FILTER_WORDS[words % len(FILTER_WORDS)]
            words += 1
            if s.key("/") is None:
                break
            for ch in word:
                # A person's pace, not the harness's: how many searches
                # overlap (and so how many connections) depends on it.
                time.sleep(TYPING_GAP_S)
                v = s.key(ch, literal=True)
                if v is None:
                    break
                typed.append(v)
            # The answer to the last keystroke: a search is sent once typing
            # pauses; the list settles once it is sent and every jobs
            # request is parsed or cancelled; its rows are the data paint
            # that follows the last parse.
            keys = [e for e in s.trace.events if e.name == "key"]
            k = keys[-1] if keys else None
            sent_after = lambda: k and s.trace.find("sent", lambda e: e.f.get("kind") == "jobs" and e.ms >= k.ms)
            if k and wait_until(lambda: sent_after() and s.trace.jobs_settled(), 15, 0.002):
                last = [e for e in s.trace.events if e.name == "parsed" and e.f.get("kind") == "jobs"][-1]
                paint = wait_until(lambda: s.trace.find(
                    "paint", lambda e: e.f.get("reason") == "data" and e.f.get("view") == "jobs"
                    and e.ms >= last.ms), 5, 0.002)
                if paint:
                    settle.append(paint.ms - k.ms)
            s.key("Escape")  # closes the prompt
            if "found)" in s.screen():
                s.key("Escape")  # clears the filter in the list
            wait_until(lambda: "found)" not in s.screen(), 5, 0.02)
            wait_until(s.trace.jobs_settled, 15, 0.002)
        key_row(self.table, "key → paint: typing a filter", typed, 2, 16, n)
        if settle:
            self.table.add("filter keystroke → its rows on screen (server-side search)",
                           "median %.0f ms, max %.0f ms (n=%d)" % (statistics.median(settle), max(settle),
                                                                len(settle)),
                           "— (information)", "", "info",
                           "time from the last keystroke of a word to the paint of the list "
                           "answer that followed (trace: paint reason=data view=jobs); the "
                           "search waits for a pause in typing, then one round trip to the "
                           "fake. Not a budget.")

    # -- idle --

    def stable_view(self, s):
        """Sorts so that the visible rows hold no times that tick (jobs never
        deployed, sorted first by state or last status): idle then means
        nothing changes, and any byte written is a real redraw."""
        # The job rows only: the chrome around them (title, column names,
        # key hints, status line) never holds the state word.
        rows = lambda: [x for x in s.screen().splitlines() if JOB_ROW.search(x)]
        for _ in range(12):
            r = rows()
            if len(r) >= HEIGHT // 2 and all("not deployed" in x for x in r):
                return True
            s.key("s")
            wait_until(s.trace.jobs_settled, 10, 0.01)
            time.sleep(0.1)
            wait_until(s.trace.jobs_settled, 10, 0.01)
        return False

    def quiesce(self, s, quiet_s=8, timeout=40):
        """Waits until nothing was written for quiet_s seconds (longer than
        the 6 s of an information message such as "sorted by …", and
        several refreshes)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s.bytes_start()
            t = time.monotonic()
            while time.monotonic() - t < quiet_s and s.bytes_count() == 0:
                time.sleep(0.05)
            b = s.bytes_settle(quiet=0.2)
            s.bytes_stop()
            if b == 0:
                return True
        return False

    def refresh_bytes(self, s, refreshes=2):
        """Bytes on the wire per refresh of the list as it opens (sorted by
        name, first page), from the fake's request log."""
        figure = "bytes fetched per refresh, %d-job team" % JOBS
        budget = "the visible page and what changed, not the whole team; gzip"
        wait_until(s.trace.jobs_settled, 15, 0.01)
        t0 = time.time()
        gz0 = self.fake.http("GET", "/_admin/stats")["gzip_responses"]
        n0 = s.trace.count("parsed", lambda e: e.f.get("kind") == "jobs")
        wait_until(lambda: s.trace.count("parsed", lambda e: e.f.get("kind") == "jobs") >= n0 + refreshes,
                   REFRESH_S * (refreshes + 3), 0.02)
        t1 = time.time()
        gz1 = self.fake.http("GET", "/_admin/stats")["gzip_responses"]
        reqs = [r for r in self.fake.http("GET", "/_admin/requests")
                if t0 <= r["time"] <= t1 and r["path"].startswith("/data-jobs")]
        jobs = [r for r in reqs if "jobsQuery" in r["query"]]
        done = s.trace.count("parsed", lambda e: e.f.get("kind") == "jobs") - n0
        if not jobs or not done:
            self.table.na(figure, budget, "no refresh within %d s" % (REFRESH_S * (refreshes + 3)))
            return
        wire = statistics.median(r["response_bytes"] for r in jobs)
        sizes = []
        for r in jobs:
            try:
                sizes.append(json.loads(r["params"]["variables"][0]).get("pageSize"))
            except (KeyError, ValueError, IndexError, TypeError, AttributeError):
                pass
        rows = max((x for x in sizes if isinstance(x, int)), default=None)
        per_refresh = len(jobs) / done
        gz_offered = all("gzip" in (r["headers"].get("Accept-Encoding") or "") for r in jobs)
        gz_used = gz1 - gz0 >= len(jobs)
        share = (rows or JOBS) * per_refresh / (JOBS + 1)
        ok = rows is not None and share < 0.1 and gz_offered and gz_used
        self.table.add(figure, "%.1f KB (%s of %d rows, %s)" % (
                           wire / 1000, rows, JOBS + 1, "gzip" if gz_used else "no gzip"),
                       budget, "%.3f of the team" % share, verdict(ok),
                       "median body bytes on the wire per jobs request over %d refreshes of the "
                       "list sorted by name (%.1f requests per refresh, %d other requests). %d "
                       "rows are visible at %d lines; the page asked for holds %s rows, so a "
                       "refresh re-reads %s rows to show %d."
                       % (done, per_refresh, len(reqs) - len(jobs), HEIGHT - 3, HEIGHT, rows, rows,
                          HEIGHT - 3))

    def window(self, s, secs):
        """One idle window: CPU ticks, bytes to the terminal, refreshes."""
        s.bytes_start()
        c0, w0, t0 = s.cpu_ticks(), time.monotonic(), time.time()
        n0 = s.trace.count("parsed", lambda e: e.f.get("kind") == "jobs")
        time.sleep(secs)  # the measurement window itself
        c1, w1, t1 = s.cpu_ticks(), time.monotonic(), time.time()
        refreshes = s.trace.count("parsed", lambda e: e.f.get("kind") == "jobs") - n0
        nbytes = s.bytes_settle()
        s.bytes_stop()
        tick = os.sysconf("SC_CLK_TCK")
        reqs = [r for r in self.fake.http("GET", "/_admin/requests")
                if t0 <= r["time"] <= t1 and r["path"].startswith("/data-jobs")]
        wire = sum(r["response_bytes"] for r in reqs)
        return {"t0": t0, "t1": t1, "reqs": reqs, "ticks": c1 - c0, "secs": w1 - w0,
                "cpu": (c1 - c0) / tick / (w1 - w0) * 100, "tick_ms": 1000 // tick,
                "bytes": nbytes, "refreshes": refreshes, "wire": wire}

    def idle(self, s):
        """Two windows. CPU on the list as it opens (sorted by name: each
        refresh re-reads a 500-row page, the costly case). Bytes to the
        terminal on rows whose text cannot change with time, so that any
        byte written is a redraw of nothing (the first window's rows say
        "10m ago", which legitimately changes once a minute)."""
        secs = self.o.idle
        a = self.window(s, secs)
        self.table.add("CPU while idle (%d s, --refresh %d, %d refreshes, list as opened)"
                       % (secs, REFRESH_S, a["refreshes"]), "%.2f %%" % a["cpu"],
                       "≤ 0.5 % of one core", "%.2f" % (a["cpu"] / 0.5), verdict(a["cpu"] <= 0.5),
                       "utime+stime from /proc/PID/stat, %d ticks of %d ms over %.1f s; %.0f KB "
                       "fetched (gzip). In the same window %d bytes went to the terminal (rows "
                       "with minute-resolution ages)." % (a["ticks"], a["tick_ms"], a["secs"],
                                                          a["wire"] / 1000, a["bytes"]))
        stable = self.stable_view(s)
        quiet = self.quiesce(s)
        b = self.window(s, secs)
        note = ("the list sorted so that every visible row is a job never deployed (no ticking "
                "times), after 8 s without output; CPU in this window %.2f %% (%d ticks)."
                % (b["cpu"], b["ticks"]))
        if not (stable and quiet):
            note += (" Caution: the rows could not be made time-free or the screen never went "
                     "quiet before the window; bytes may include legitimate updates.")
        self.table.add("bytes to the terminal while idle (%d s, %d refreshes, nothing changing)"
                       % (secs, b["refreshes"]), "%d B" % b["bytes"], "0 B", "—",
                       verdict(b["bytes"] == 0), note)
        reqs = a["reqs"] + b["reqs"]
        return {"reqs": reqs}

    # -- the 1,000,000-line log --

    def log_view(self, s):
        mem_fig = "peak resident memory (VmHWM) while opening the %d-line log" % LOG_LINES
        mem_key, open_key = "log-open-vmhwm", "log-open-last-screen"
        open_fig = "log view: open → last screen (%d lines)" % LOG_LINES
        open_budget = "≤ %.1f × limit" % LOG_OPEN_BUDGET
        state = self.fake.http("GET", "/_admin/state")
        big = state.get("big_log") or {}
        exec_id = big.get("id")
        if not exec_id:
            self.table.na(mem_fig, "≤ 1.5 × text + 30 MB", "the fake has no big log", key=mem_key)
            self.table.na(open_fig, open_budget, "the fake has no big log", key=open_key)
            return
        # The limit, and the log's text size: curl + json-c on the request
        # vdktop makes, the last scrollback lines (the bench's scrollback
        # holds the whole log), twice: the first builds it in the fake.
        url = "%s/data-jobs/for-team/starshot/jobs/%s/executions/%s/logs?tail_lines=%d" % (
            self.fake.url, BIG_JOB, exec_id, LOG_LINES + 100000)
        body = os.path.join(self.tmp, "log.json")
        limit_once(url, self.parser, body)
        total, curl_ms, parse_ms, wire, text, size = limit_once(url, self.parser, body)
        os.unlink(body)
        budget_b = LOG_HWM_TEXT * text + LOG_HWM_MB * MB
        budget = "≤ %.1f × %s + %d MB = %s" % (LOG_HWM_TEXT, fmt_mb(text), LOG_HWM_MB, fmt_mb(budget_b))
        cap_note = ""
        if size > 64 * 2**20:
            cap_note = (" The whole log is %s of JSON, above the default max_body_mb = 64: with "
                        "the default configuration vdktop loads its last 200,000 lines (the default "
                        "scrollback) and saving it says to raise max_body_mb; the bench sets "
                        "max_body_mb = 512 and scrollback = %d so that the whole log is held."
                        % (fmt_mb(size), LOG_LINES + 100000))

        # Open it the way a user does: filter, Enter (job), Enter (execution).
        s.key("/")
        s.send_text(BIG_JOB)
        # The search goes out once typing pauses; the title says
        # "(1 found)" once its answer is the list.
        s.wait_screen("(1 found)", 15)
        wait_until(s.trace.jobs_settled, 15, 0.01)
        s.key("Enter")  # closes the prompt, keeps the filter
        s.key("Enter")  # the job view
        if not s.wait_screen(exec_id, 20):
            self.table.na(mem_fig, budget, "the job view did not list execution %s" % exec_id)
            return
        n_logs0 = s.trace.count("answered", lambda e: e.f.get("kind") == "logs")
        n_sent0 = s.trace.count("sent", lambda e: e.f.get("kind") == "logs")
        s.key("Enter")  # the log view
        k_enter = [e for e in s.trace.events if e.name == "key"][-1]
        w_enter = time.monotonic()
        # Loaded: an answer of the logs request holding (nearly) the whole log.
        full = lambda: s.trace.find("parsed", lambda e: e.f.get("kind") == "logs" and any(
            a.f.get("id") == e.f.get("id") and a.num("bytes", 0) >= 0.9 * size
            for a in s.trace.events if a.name == "answered"))
        # A view that only ever polls tails gives up early: three small
        # answers and nothing bigger in flight.
        tails = lambda: [e for e in s.trace.events
                         if e.name == "answered" and e.f.get("kind") == "logs"][n_logs0:]
        only_tails = lambda: (len(tails()) >= 3 and s.trace.count("sent", lambda e: e.f.get("kind") == "logs")
                              - n_sent0 <= len(tails()) and all(e.num("bytes", 0) < 0.9 * size for e in tails()))
        done = wait_until(lambda: full() or (only_tails() and "tails"), 120, 0.01)
        if done == "tails":
            done = None
        last_line = "row %09d" % (LOG_LINES - 1)
        seen = wait_until(lambda: last_line in s.screen(), 30 if done else 2, 0.01)
        w_seen = time.monotonic()
        if not done:
            got = [e.num("bytes", 0) for e in s.trace.events
                   if e.name == "answered" and e.f.get("kind") == "logs"][n_logs0:]
            why = ("the log view never received the whole log: its logs answers were %s bytes; "
                   "the whole log is %d bytes (the view fetches only a tail)." % (
                       ", ".join("%d × %d" % (got.count(x), x) for x in sorted(set(got))) or "none",
                       size))
            self.table.na(mem_fig, budget, why + cap_note, key=mem_key)
            self.table.na(open_fig, open_budget, "see above", key=open_key)
            for fig in ("log view key → paint: scroll (k, PgUp)",
                        "log view key → paint: G", "log view key → paint: search"):
                self.table.na(fig, "≤ 50 ms per key" if "key" in fig else "info", "see above")
            return
        time.sleep(0.5)  # let the allocator settle after the load
        mem = s.status()
        load_ms = done.ms - k_enter.ms
        ext = (w_seen - w_enter) * 1000 if seen else None
        shown = s.trace.find("paint", lambda e: e.f.get("reason") == "data" and e.f.get("view") == "logs"
                             and e.num("rows", 0) > 0 and e.ms >= done.ms)
        if shown:
            ext = shown.ms - k_enter.ms
        limit = "limit %.0f ms (curl %.0f + json-c %.0f)" % (total, curl_ms, parse_ms)
        if ext is None:
            self.table.na(open_fig, open_budget + ", " + limit, "the last line (%s) never showed; the whole "
                          "answer was parsed after %.0f ms" % (last_line, load_ms), key=open_key)
        else:
            self.table.add(open_fig, "%.0f ms" % ext, open_budget + ", " + limit, "%.2f" % (ext / total),
                           verdict(ext <= LOG_OPEN_BUDGET * total),
                           "Enter → the log view's first paint with rows after its whole answer was "
                           "parsed (trace: paint reason=data view=logs); the answer (%s of text) was "
                           "parsed after %.0f ms (trace: parsed). The limit is curl fetching the same "
                           "request to a file plus json-c parsing it, measured just before."
                           % (fmt_mb(text), load_ms), key=open_key)
        # Keys.
        scroll, big_g, search = [], [], []
        for _ in range(20):
            v = s.key("k")
            if v is not None:
                scroll.append(v)
        for _ in range(20):
            v = s.key("PPage")
            if v is not None:
                scroll.append(v)
        for _ in range(10):
            s.key("PPage")
            v = s.key("G")
            if v is not None:
                big_g.append(v)
        s.key("/")
        for ch in SEARCH_WORD:
            v = s.key(ch, literal=True)
            if v is not None:
                search.append(v)
        v = s.key("Enter")
        if v is not None:
            search.append(v)
        found = SEARCH_WORD in s.screen()
        for _ in range(10):
            v = s.key("n")
            if v is not None:
                search.append(v)
        mem2 = s.status()
        hwm = mem2["VmHWM"]
        self.table.add(mem_fig, fmt_mb(hwm), budget, "%.2f" % (hwm / budget_b), verdict(hwm <= budget_b),
                       "the session's peak (it had shown the %d-job list before); resident after the "
                       "load %s, after the key runs %s. Text size = the decoded \"logs\" string."
                       % (JOBS, fmt_mb(mem["VmRSS"]), fmt_mb(mem2["VmRSS"])) + cap_note, key=mem_key)
        for fig, samples, expected in (("scroll (k, PgUp)", scroll, 40), ("G", big_g, 10),
                                       ("search (typing, Enter, n)", search, len(SEARCH_WORD) + 11)):
            figure = "log view key → paint: " + fig
            if len(samples) < expected // 2:
                self.table.na(figure, "≤ 50 ms per key", "only %d of %d keys answered" % (
                    len(samples), expected))
                continue
            mx = max(samples)
            self.table.add(figure, "p50 %.1f ms, max %.1f ms (n=%d)" % (pct(samples, 50), mx, len(samples)),
                           "≤ 50 ms per key (issue 4)", "%.2f" % (mx / 50), verdict(mx <= 50),
                           None if "search" not in fig or found else
                           "the search word %r was not on screen after Enter: searching may not "
                           "be implemented in this build, so these keys did little." % SEARCH_WORD)
        s.key("q")

    # -- polls while the big log downloads --

    def polls_during_download(self):
        """A poll's latency (vdktop's trace: sent → answered on the worker)
        while the big log downloads, against the same polls while nothing
        else is in flight. The log view watches its execution every
        second; it is opened POLL_OPENS times, each time downloading the
        whole log again, and left open a few polls' worth after each load."""
        figure = "a poll's latency while the %d-line log downloads (p99)" % LOG_LINES
        budget = "≤ %.1f × p99 idle" % POLL_BUDGET
        key = "poll-p99-during-log"
        exec_id = (self.fake.http("GET", "/_admin/state").get("big_log") or {}).get("id")
        if not exec_id:
            self.table.na(figure, budget, "the fake has no big log", key)
            return
        # The fake builds the log on its first read: not part of any poll.
        subprocess.run(["curl", "-s", "--compressed", "-o", os.devnull, "%s/data-jobs/for-team/starshot/"
                        "jobs/%s/executions/%s/logs" % (self.fake.url, BIG_JOB, exec_id)], check=False)
        t_session = time.time()
        s = self.session(["--refresh", "1"])
        if not wait_until(lambda: s.trace.find("first-paint"), 30, 0.005):
            raise BenchError("the session did not paint: %s" % s.stderr())
        s.key("/")
        s.send_text(BIG_JOB)
        s.wait_screen("(1 found)", 15)
        wait_until(s.trace.jobs_settled, 15, 0.01)
        s.key("Enter")  # closes the prompt, keeps the filter
        s.key("Enter")  # the job view
        if not s.wait_screen(exec_id, 20):
            self.table.na(figure, budget, "the job view did not list execution %s" % exec_id, key)
            s.stop()
            return
        # Counted as the trace grows, not recounted: the bench looks every
        # 2 ms and must not take a core from vdktop and the fake meanwhile.
        tally = {"seen": 0, "sent": 0, "answered": 0, "done": 0}

        def count():
            ev = s.trace.poll()
            for e in ev[tally["seen"]:]:
                if e.f.get("kind") == "logs":
                    continue
                if e.name == "sent":
                    tally["sent"] += 1
                elif e.name in ("answered", "cancelled"):
                    tally["done"] += 1
                    tally["answered"] += e.name == "answered"
            tally["seen"] = len(ev)
            return tally

        def settled():
            # Every poll sent was answered or cancelled: C-r may go again
            # (a watch in flight is not sent twice).
            t = count()
            return t["done"] >= t["sent"]

        def ask():
            # C-r: the view's watches go out now, not at the next refresh.
            n = count()["answered"]
            s.send("C-r")
            return wait_until(lambda: count()["answered"] > n and settled(), 10, 0.002)

        # The fake's request log (its last 2000) read after each load: how
        # long the fake itself took over each poll (served_ms).
        served = {}

        def harvest():
            for r in self.fake.http("GET", "/_admin/requests"):
                if (r["time"] >= t_session and r["path"].startswith("/data-jobs")
                        and not r["path"].endswith("/logs")
                        and (r.get("headers") or {}).get("User-Agent", "").startswith("vdktop")):
                    served[(r["time"], r["connection"], r["path"])] = r

        def fake_ticks():
            with open("/proc/%d/stat" % self.fake.proc.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])

        ticks0 = (s.cpu_ticks(), fake_ticks())
        loads = asked_during = asked_idle = 0
        for _ in range(POLL_OPENS):
            n_logs = s.trace.count("parsed", lambda e: e.f.get("kind") == "logs")
            loaded = lambda: s.trace.count("parsed", lambda e: e.f.get("kind") == "logs") > n_logs
            # The job view's requests as it shows go out at once and queue on
            # the shared connection (behind the slow job query): a wait that
            # is not the log's, so they are answered before it opens.
            wait_until(settled, 10, 0.002)
            s.key("Enter")  # the log view: the whole log, once more
            # One --refresh 1 poll per download is too few for a p99: while
            # the log downloads, polls are asked for one after the other.
            asked = 0
            while not loaded() and ask():
                asked += 1
            if not wait_until(loaded, 120, 0.02):
                break
            loads += 1
            asked_during += asked
            # As many with nothing else in flight before it closes.
            for _ in range(max(3, asked)):
                asked_idle += ask()
            s.key("q")
            s.wait_screen(exec_id, 10)
            harvest()
        ticks = (s.cpu_ticks() - ticks0[0], fake_ticks() - ticks0[1])
        events = s.trace.poll()
        s.stop()
        fake_ms = fake_share(events, sorted(served.values(), key=lambda r: r["time"]))
        # Each logs transfer, from sent to answered; a poll is "during" when
        # any part of it overlaps one, "idle" when none is in flight.
        sent = {e.f.get("id"): e.ms for e in events if e.name == "sent"}
        spans = [(sent[e.f.get("id")], e.ms) for e in events
                 if e.name == "answered" and e.f.get("kind") == "logs" and e.f.get("id") in sent]
        log_bytes = max((e.num("bytes", 0) for e in events if e.name == "answered"
                         and e.f.get("kind") == "logs"), default=0)
        during, idle = [], []
        for e in events:
            if e.name != "answered" or e.f.get("kind") == "logs" or e.num("ms") is None:
                continue
            # From the trace's own timestamps (microseconds): the event's
            # ms= field is whole milliseconds, too coarse for a 2 ms poll.
            t0 = sent.get(e.f.get("id"), e.ms - e.num("ms"))
            overlaps = any(a < e.ms and t0 < b for a, b in spans)
            served_ms = (fake_ms or {}).get(e.f.get("id"))
            (during if overlaps else idle).append((e.f.get("kind"), e.ms - t0, served_ms))
        # The same polls on both sides: those the log view makes.
        kinds = set(k for k, _, _ in during)
        idle = [x for x in idle if x[0] in kinds]
        # What vdktop and the loopback add to the fake's own time, for the
        # polls the fake's log paired (all of them unless it was cut short).
        share_during = [ms - f for _, ms, f in during if f is not None]
        share_idle = [ms - f for _, ms, f in idle if f is not None]
        fake_during = [f for _, _, f in during if f is not None]
        fake_idle = [f for _, _, f in idle if f is not None]
        during = [ms for _, ms, _ in during]
        idle = [ms for _, ms, _ in idle]
        if loads == 0 or len(during) < 3 or len(idle) < 3:
            self.table.na(figure, budget, "%d loads of the log, %d polls during them, %d idle"
                          % (loads, len(during), len(idle)), key)
            return
        p_during, p_idle = pct(during, 99), pct(idle, 99)
        # Loopback answers take a few ms: a floor keeps a 1 ms idle p99 from
        # turning scheduling noise into a failing ratio.
        ratio = p_during / max(p_idle, 1.0)
        self.table.add(figure, "p99 %.1f ms (n=%d, median %.1f) vs idle p99 %.1f ms (n=%d, median %.1f)"
                       % (p_during, len(during), statistics.median(during), p_idle, len(idle),
                          statistics.median(idle)),
                       budget, "%.2f" % ratio, verdict(ratio <= POLL_BUDGET),
                       "the log view of %s opened %d times with --refresh 1 (each time the whole "
                       "log, about %s of JSON, downloaded again); besides the refresh's own polls, "
                       "C-r asked for %d while the log downloaded and %d after it, each once the "
                       "last was answered; polls (%s) are timed from "
                       "vdktop's trace, sent → answered on the shared lane's thread (the log is "
                       "received and decoded on the bulk lane's own); \"during\" is every "
                       "poll whose time overlaps a logs transfer, \"idle\" every other one of the "
                       "same session; p99 is nearest rank, so under 100 samples it is the slowest. "
                       "The ratio's idle p99 is taken as at least 1 ms. A download took %s (median); "
                       "CPU over the loads (utime+stime): vdktop %.1f s, the fake %.1f s."
                       % (BIG_JOB, loads, fmt_mb(log_bytes), asked_during, asked_idle, ", ".join(sorted(kinds)),
                          fmt_ms(statistics.median(b - a for a, b in spans)),
                          ticks[0] / os.sysconf("SC_CLK_TCK"), ticks[1] / os.sysconf("SC_CLK_TCK")), key)
        figure = "the same polls, the fake's own time taken out (p99)"
        key = "poll-p99-share-during-log"
        if len(share_during) < 3 or len(share_idle) < 3:
            self.table.na(figure, "— (information)", "the fake's request log did not pair with the trace "
                          "(%d and %d polls paired)" % (len(share_during), len(share_idle)), key)
            return
        sp_during, sp_idle = pct(share_during, 99), pct(share_idle, 99)
        self.table.add(figure, "p99 %.1f ms (n=%d, median %.1f) vs idle p99 %.1f ms (n=%d, median %.1f)"
                       % (sp_during, len(share_during), statistics.median(share_during), sp_idle,
                          len(share_idle), statistics.median(share_idle)),
                       "— (information: the part vdktop controls)", "%.2f" % (sp_during / max(sp_idle, 1.0)), "info",
                       "each poll's time less the fake's own (its request log's served_ms: request "
                       "line read → answer written), i.e. what vdktop, the kernel and the loopback "
                       "took. The fake's own time: p99 %.1f ms (median %.2f) during the download vs "
                       "p99 %.1f ms (median %.2f) idle."
                       % (pct(fake_during, 99), statistics.median(fake_during), pct(fake_idle, 99),
                          statistics.median(fake_idle)), key)

    # -- connections --

    def connections(self, s, t0, t1, idle):
        # vdktop's own requests: the limits' curl fetches in the same window
        # have their own connections.
        reqs = [r for r in self.fake.http("GET", "/_admin/requests")
                if t0 <= r["time"] <= t1 + 1 and r["path"].startswith("/data-jobs")
                and (r.get("headers") or {}).get("User-Agent", "").startswith("vdktop")]
        # A log as it loads goes on a connection of its own, closed after it
        # (bulk); the polls and everything else share one.
        bulk = lambda r: r["path"].endswith("/logs")
        conns = sorted(set(r["connection"] for r in reqs if not bulk(r)))
        bulk_conns = sorted(set(r["connection"] for r in reqs if bulk(r)))
        shared = sorted(set(conns) & set(bulk_conns))
        idle_conns = set(r["connection"] for r in idle["reqs"]) if idle else set()
        dur = t1 - t0
        # Which requests opened the extra connections, for the report.
        firsts = {}
        for c in conns[1:]:
            r = next(r for r in reqs if r["connection"] == c)
            what = "%s %s%s" % (r["method"], r["path"].replace("/data-jobs/for-team/starshot", "…"),
                                " (list/search)" if "jobsQuery" in r["query"] else "")
            firsts[what] = firsts.get(what, 0) + 1
        per_bulk = [sum(1 for r in reqs if r["connection"] == c) for c in bulk_conns]
        self.table.add("TCP connections opened in a %.0f s session" % dur,
                       "%d (+ %d for the log)" % (len(conns), len(bulk_conns)),
                       "1 (keep-alive), plus reconnects after real drops; a log loads on its own",
                       "%.0f" % len(conns), verdict(len(conns) == 1 and not shared),
                       "shorter than the 5 minutes of the issue: the session covers %d requests "
                       "(keys, filter searches, %d idle refreshes at %d s on %d connection(s), the "
                       "job view and the log view); the fake drops nothing (idle timeout 300 s). "
                       "Connection ids from the fake's request log. The log's whole load went on "
                       "%d connection(s) of its own (%s request(s) each)%s.%s" % (
                           len(reqs), len([r for r in idle["reqs"] if "jobsQuery" in r["query"]])
                           if idle else 0, REFRESH_S, len(idle_conns), len(bulk_conns),
                           "/".join(str(n) for n in per_bulk) or "0",
                           "" if not shared else ", but connection(s) %s carried polls too"
                           % ", ".join(str(c) for c in shared),
                           (" The extra connections first carried: " + "; ".join(
                               "%d × %s" % (n, w) for w, n in sorted(firsts.items(), key=lambda x: -x[1]))
                            + ".")
                           if firsts else ""))

    def cleanup(self):
        for s in self.sessions:
            try:
                s.stop()
            except (BenchError, OSError):
                pass
        if self.fake:
            self.fake.stop()
        if self.o.keep:
            log("kept %s" % self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def report(self):
        m = self.info["machine"]
        out = ["vdktop benchmark — %s (%s)" % (self.info.get("version"), self.info.get("versions")),
               "machine: %s, %d cores (%s usable), %.1f GB RAM, Linux %s, load average at start %s, "
               "at end %s, %s" % (m["cpu"], m["cores"], m["usable"], m["mem"] / 1e9, m["kernel"], m["load"],
                                  self.info.get("load_end", "?"), m["date"]),
               "data: fake Control Service, --seed scale --jobs %d (one team, %d jobs with the "
               "big-log job)%s, and --seed scale --jobs %d for the %d-job figures; terminal %d×%d "
               "in tmux; sections: %s" % (
                   JOBS, JOBS + 1, "" if self.o.no_log else ", a %d-line log" % LOG_LINES,
                   SCALE_JOBS, SCALE_JOBS, WIDTH, HEIGHT, ", ".join(self.o.only)),
               "", self.table.render()]
        return "\n".join(out)


# ---- the history and the README -----------------------------------------------

HISTORY = os.path.join(HERE, "history.csv")
HISTORY_FIELDS = ("commit", "date", "load", "figure", "measured", "ratio", "result")
HISTORY_COMMITS = 30   # commits kept in the file
HISTORY_SHOWN = 6      # commits shown after the table
README = os.path.join(TOP, "README.md")
README_BEGIN = "<!-- bench: the latest run of make bench, written by tests/bench/bench.py -->"
README_END = "<!-- bench: end -->"


def git(*args):
    r = subprocess.run(["git", "-C", TOP] + list(args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def this_commit():
    """The commit measured; "+" when the tree differs from it in anything
    but the two files a run writes."""
    head = git("rev-parse", "--short=10", "HEAD")
    if not head:
        return "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".",
                ":(exclude)tests/bench/history.csv", ":(exclude)README.md")
    return head + ("+" if dirty else "")


def history_read(path=HISTORY):
    import csv
    try:
        with open(path, newline="") as f:
            return [r for r in csv.DictReader(f) if r.get("commit")]
    except OSError:
        return []


def history_record(table, info, path=HISTORY):
    """The last run per commit: this run's rows replace the commit's
    earlier ones; only the newest HISTORY_COMMITS commits are kept."""
    import csv
    commit = this_commit()
    rows = [r for r in history_read(path) if r["commit"] != commit]
    date = info["machine"]["date"]
    load = info["machine"]["load"].split()[0] + "/" + info.get("load_end", "?").split()[0]
    for r in table.rows:
        rows.append({"commit": commit, "date": date, "load": load, "figure": r[6],
                     "measured": r[1], "ratio": r[3], "result": r[4]})
    order = []
    for r in rows:
        if r["commit"] not in order:
            order.append(r["commit"])
    keep = set(order[-HISTORY_COMMITS:])
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HISTORY_FIELDS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            if r["commit"] in keep:
                w.writerow({k: r.get(k, "") for k in HISTORY_FIELDS})
    os.replace(path + ".tmp", path)
    return commit


def history_render(rows, shown=HISTORY_SHOWN):
    """The ratio (else the measured value) of every figure over the last
    commits, oldest first: a regression shows as a column that grows."""
    order = []
    for r in rows:
        if r["commit"] not in order:
            order.append(r["commit"])
    order = order[-shown:]
    if not order:
        return ""
    cell = {(r["commit"], r["figure"]): r for r in rows}
    figures = []
    for r in rows:
        if r["commit"] in order and r["figure"] not in figures:
            figures.append(r["figure"])
    out = ["history (tests/bench/history.csv, the last run per commit; ratio, else the value; "
           "* = budget missed):", "", "| figure | " + " | ".join(order) + " |",
           "|" + " --- |" * (len(order) + 1)]
    for fig in figures:
        vals = []
        for c in order:
            r = cell.get((c, fig))
            if not r:
                vals.append("")
                continue
            v = r["ratio"] or r["measured"]
            vals.append(v + ("*" if r["result"] == "FAIL" else ""))
        out.append("| %s | %s |" % (fig, " | ".join(vals)))
    return "\n".join(out) + "\n"


def readme_update(table, info, commit, path=README):
    """Replaces the README's table (between its two markers) with this
    run's; False when the markers are missing."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return False
    a, b = text.find(README_BEGIN), text.find(README_END)
    if a < 0 or b < a:
        return False
    m = info["machine"]
    head = ("Latest run (%s, commit %s, `%s, %d cores (%s usable), %.1f GB RAM, Linux %s, load average "
            "at start %s, at end %s`):" % (m["date"], commit, m["cpu"], m["cores"], m["usable"],
                                            m["mem"] / 1e9, m["kernel"], m["load"], info.get("load_end", "?")))
    body = "%s\n%s\n\n%s%s" % (README_BEGIN, head, table.render(), README_END)
    with open(path + ".tmp", "w") as f:
        f.write(text[:a] + body + text[b + len(README_END):])
    os.replace(path + ".tmp", path)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)),
                    help="starts measured for the first-paint figure (default 5)")
    ap.add_argument("--idle", type=int, default=int(os.environ.get("BENCH_IDLE", 60)),
                    help="seconds of the idle window (default 60)")
    ap.add_argument("--keys", type=int, default=int(os.environ.get("BENCH_KEYS", 200)),
                    help="keys per key figure (default 200)")
    ap.add_argument("--no-log", action="store_true", help="skip the 1,000,000-line log")
    ap.add_argument("--markdown", help="also write the report to this file")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--only", default=os.environ.get("BENCH_ONLY", ""),
                    help="comma-separated sections to run (%s); a partial run is not recorded"
                    % ", ".join(n for n, _ in SECTIONS))
    ap.add_argument("--no-record", action="store_true", default=os.environ.get("BENCH_NO_RECORD") == "1",
                    help="write neither tests/bench/history.csv nor README.md's table")
    o = ap.parse_args()
    names = [n for n, _ in SECTIONS]
    o.only = [x.strip() for x in o.only.split(",") if x.strip()] or names
    unknown = [x for x in o.only if x not in names]
    if unknown:
        log("unknown section %s (sections: %s)" % (", ".join(unknown), ", ".join(names)))
        return 2
    o.only = [n for n in names if n in o.only]
    o.binary = os.path.abspath(o.binary)
    for tool in ("tmux", "curl", "pkg-config", os.environ.get("CC") or "cc"):
        if not shutil.which(tool):
            log("%s is required" % tool)
            return 2
    if not os.access(o.binary, os.X_OK):
        log("%s is not an executable" % o.binary)
        return 2
    b = Bench(o)
    t = time.monotonic()

    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    try:
        b.run()
    except BenchError as e:
        log("cannot run: %s" % e)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        # The fake, every tmux server and vdktop, whatever happened.
        b.cleanup()
    text = b.report()
    text += "\n(%d s for the whole benchmark)\n" % (time.monotonic() - t)
    record = not o.no_record and o.only == [n for n, _ in SECTIONS]
    if record:
        commit = history_record(b.table, b.info)
        if not readme_update(b.table, b.info, commit):
            log("README.md has no bench markers: its table was not updated")
        log("recorded as commit %s in tests/bench/history.csv and README.md" % commit)
    text += "\n" + history_render(history_read())
    print(text)
    if o.markdown:
        with open(o.markdown, "w") as f:
            f.write(text)
    bad = b.table.failed()
    if bad:
        log("%d budget(s) missed: %s" % (len(bad), "; ".join(r[0] for r in bad)))
        return 1
    if b.table.unmeasured() and os.environ.get("BENCH_STRICT") == "1":
        log("unmeasured figures (BENCH_STRICT=1)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
