#!/usr/bin/env python3
"""make mutate: every wrong change in mutations.py must turn a test red.

The working tree (tracked and new files) is copied to build/mutate/tree,
with the objects already built in build/default and build/asan so that a
mutation rebuilds only what it touches. First every named test runs once on
the unchanged copy and must pass (a test that is red anyway proves
nothing). Then, one mutation at a time: the edit is applied to the copy, the
named tests' binaries are rebuilt, the named tests run, the file is put
back. A mutation is caught when at least one of its tests fails; a test
that skips (exit 77) or a mutation that no longer applies or no longer
compiles counts as not caught. Prints one line per mutation and
"caught N of M"; exits 1 below 100 %.

  MUTATE_ONLY=logbuf make mutate    the mutations whose name has the text
"""

import glob
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
WORK = os.path.join(TOP, "build", "mutate")
TREE = os.path.join(WORK, "tree")
LOGS = os.path.join(WORK, "logs")
SKIP = 77
TMUX_SUITES = {"screen": "SCREEN_ONLY", "fault": "FAULT_ONLY", "actions": "ACTIONS_ONLY",
               "logs": "LOGS_ONLY"}

sys.path.insert(0, HERE)
from mutations import MUTATIONS  # noqa: E402


def say(msg):
    print(msg, flush=True)


def tree_files():
    """The working tree's files: tracked and new, not ignored."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=TOP, check=True, stdout=subprocess.PIPE).stdout
        return [f for f in out.decode().split("\0") if f and os.path.isfile(os.path.join(TOP, f))]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for d, dirs, names in os.walk(TOP):
            dirs[:] = [x for x in dirs if x not in ("build", ".git", "node_modules")]
            files += [os.path.relpath(os.path.join(d, n), TOP) for n in names]
        return files


def copy_tree():
    if os.path.exists(TREE):
        shutil.rmtree(TREE)
    for f in tree_files():
        dst = os.path.join(TREE, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(os.path.join(TOP, f), dst)
    # Objects keep their times, so make rebuilds only what a mutation touches.
    for variant in ("default", "asan"):
        src = os.path.join(TOP, "build", variant)
        for sub in ("src", "tests"):
            if os.path.isdir(os.path.join(src, sub)):
                shutil.copytree(os.path.join(src, sub), os.path.join(TREE, "build", variant, sub),
                                symlinks=True)
        if os.path.isfile(os.path.join(src, ".cflags")):
            shutil.copy2(os.path.join(src, ".cflags"), os.path.join(TREE, "build", variant, ".cflags"))
    if os.path.isfile(os.path.join(TOP, "vdktop")):
        shutil.copy2(os.path.join(TOP, "vdktop"), os.path.join(TREE, "vdktop"))


def targets(spec):
    """(SANITIZE value, make targets) that the test needs."""
    kind, _, arg = spec.partition(":")
    if kind == "unit":
        return "0", ["build/default/tests/unit/" + arg]
    if kind == "unit-asan":
        return "1", ["build/asan/tests/unit/" + arg]
    if kind == "api":
        return "0", ["build/default/tests/api/" + os.path.basename(p)[:-2]
                     for p in sorted(glob.glob(os.path.join(TREE, "tests/api/test_*.c")))]
    if kind in TMUX_SUITES:
        return "0", ["vdktop"]
    if kind == "fake":
        return "0", []
    raise SystemExit("mutate: unknown test kind in %r" % spec)


def build(specs):
    """Builds what the tests need; returns the failing make output or None."""
    by_flag = {}
    for s in specs:
        flag, tg = targets(s)
        by_flag.setdefault(flag, []).extend(tg)
    for flag, tg in sorted(by_flag.items()):
        if not tg:
            continue
        r = subprocess.run(["make", "--no-print-directory", "-s", "-j2", "SANITIZE=" + flag] +
                           sorted(set(tg)), cwd=TREE, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode != 0:
            return r.stdout.decode("utf-8", "replace")
    return None


def run(spec, log):
    """Runs one test in the copy; returns its exit status."""
    kind, _, arg = spec.partition(":")
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", VDKTOP_BIN=os.path.join(TREE, "vdktop"),
               VDKTOP_BUILD=os.path.join(TREE, "build", "default"), VDKTOP_VARIANT="default",
               ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1",
               LSAN_OPTIONS="suppressions=%s/tests/lsan.supp:print_suppressions=0" % TREE)
    for v in TMUX_SUITES.values():
        env.pop(v, None)
    if kind == "unit":
        cmd = [os.path.join(TREE, "build/default/tests/unit", arg)]
    elif kind == "unit-asan":
        cmd = [os.path.join(TREE, "build/asan/tests/unit", arg)]
        env.update(VDKTOP_BUILD=os.path.join(TREE, "build", "asan"), VDKTOP_VARIANT="asan")
    elif kind == "api":
        cmd = ["sh", "tests/api/run.sh"]
    elif kind == "fake":
        cmd = [sys.executable, "-m", "unittest", "tests.fake.test_fake." + arg]
    else:
        env[TMUX_SUITES[kind]] = arg
        cmd = ["sh", "tests/%s/run.sh" % kind]
    with open(log, "ab") as out:
        out.write(("\n== %s\n" % spec).encode())
        out.flush()
        try:
            return subprocess.run(cmd, cwd=TREE, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=600).returncode
        except subprocess.TimeoutExpired:
            out.write(b"timed out after 600 s\n")
            return 124


def main():
    only = os.environ.get("MUTATE_ONLY", "")
    muts = [m for m in MUTATIONS if only in m["name"]]
    if not muts:
        say("mutate: no mutation matches MUTATE_ONLY=%r" % only)
        return 1
    t0 = time.time()
    say("mutate: copying the tree to %s" % os.path.relpath(TREE, TOP))
    copy_tree()
    os.makedirs(LOGS, exist_ok=True)
    for f in glob.glob(os.path.join(LOGS, "*.log")):
        os.unlink(f)

    specs = sorted({t for m in muts for t in m["tests"]})
    err = build(specs)
    if err is not None:
        say(err)
        say("mutate: the unchanged copy does not build")
        return 2
    base_log = os.path.join(LOGS, "baseline.log")
    red = [s for s in specs if run(s, base_log) != 0]
    if red:
        say("mutate: red on the unchanged tree, so they prove nothing: %s (see %s)"
            % (" ".join(red), os.path.relpath(base_log, TOP)))
        return 2
    say("mutate: baseline: %d tests pass on the unchanged copy (%ds)" % (len(specs), time.time() - t0))

    caught = 0
    for n, m in enumerate(muts, 1):
        start = time.time()
        path = os.path.join(TREE, m["file"])
        with open(path, encoding="utf-8") as f:
            orig = f.read()
        log = os.path.join(LOGS, "%02d.log" % n)
        label = "[%d/%d] %s" % (n, len(muts), m["name"])
        if orig.count(m["old"]) != 1:
            say("STALE    %s: the original text occurs %d times in %s (update mutations.py)"
                % (label, orig.count(m["old"]), m["file"]))
            continue
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(orig.replace(m["old"], m["new"]))
            err = build(m["tests"])
            if err is not None:
                with open(log, "w") as f:
                    f.write(err)
                say("NOBUILD  %s: the mutation does not compile (%s)" % (label, os.path.relpath(log, TOP)))
                continue
            results = [(s, run(s, log)) for s in m["tests"]]
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(orig)
        red = [s for s, rc in results if rc not in (0, SKIP)]
        skipped = [s for s, rc in results if rc == SKIP]
        took = time.time() - start
        if red:
            caught += 1
            say("caught   %s  (%s failed, %ds)" % (label, " ".join(red), took))
        else:
            why = "skipped: %s" % " ".join(skipped) if skipped else "all passed: %s" % " ".join(m["tests"])
            say("ESCAPED  %s  (%s; %s)" % (label, why, os.path.relpath(log, TOP)))
    say("caught %d of %d (%ds)" % (caught, len(muts), time.time() - t0))
    return 0 if caught == len(muts) else 1


if __name__ == "__main__":
    sys.exit(main())
