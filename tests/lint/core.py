#!/usr/bin/env python3
"""The core never reaches curses.

Every object of src/ outside src/ui/, but the composition root main.o,
is core: the worker, http, auth, api, the log store, config, conn, the
subcommands. None may use a curses function, directly or through the
objects it links against (the link graph of cycles.py), so the core
links and runs without a terminal library. Prints each core object that
does, with the chain of links to the curses call, and exits 1; 0 when
none does.

    core.py --curses FILE [--root DIR] OBJECT...

FILE names the curses library's functions, one a line (tests/lint/run.sh
takes them from the libraries the binary links). Objects are named by
their path below --root without ".o". Exit 2: usage, an object missing.
"""
import argparse
import os
import sys
from collections import deque

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cycles import link_graph, read_symbols  # noqa: E402

ROOT_OBJECTS = {"main"}


def is_core(name):
    return not name.startswith("ui/") and name not in ROOT_OBJECTS


def main():
    ap = argparse.ArgumentParser(description="core objects that reach curses")
    ap.add_argument("--curses", required=True, help="file of curses function names, one a line")
    ap.add_argument("--root", default=".")
    ap.add_argument("objects", nargs="+")
    args = ap.parse_args()
    missing = [o for o in args.objects if not os.path.isfile(o)]
    if missing:
        print("core: not built: " + " ".join(missing), file=sys.stderr)
        return 2
    with open(args.curses, encoding="utf-8") as f:
        curses = {line.strip() for line in f if line.strip()}
    if not curses:
        print("core: no curses function names in %s" % args.curses, file=sys.stderr)
        return 2
    names = {o: os.path.relpath(o, args.root)[: -len(".o")] for o in args.objects}
    syms = read_symbols(args.objects)
    graph = link_graph(names, syms)
    calls = {names[o]: sorted(undefined & curses) for o, (_, undefined) in syms.items()}
    bad = 0
    for start in sorted(n for n in graph if is_core(n)):
        # Breadth first, so the chain printed is a shortest one.
        prev = {start: None}
        queue = deque([start])
        hit = None
        while queue and hit is None:
            v = queue.popleft()
            if calls[v]:
                hit = v
                break
            for w in sorted(graph[v]):
                if w not in prev:
                    prev[w] = v
                    queue.append(w)
        if hit is None:
            continue
        chain = []
        v = hit
        while v is not None:
            chain.append(v)
            v = prev[v]
        chain.reverse()
        links = [chain[0]] + ["%s (%s)" % (w, graph[v][w]) for v, w in zip(chain, chain[1:])]
        print("core: %s reaches curses: %s -> %s" % (start, " -> ".join(links), calls[hit][0]))
        bad += 1
    ncore = sum(1 for n in graph if is_core(n))
    if bad:
        print("core: FAILED: %d of %d core objects reach curses" % (bad, ncore))
        return 1
    print("core: ok: none of %d core objects reaches curses" % ncore)
    return 0


if __name__ == "__main__":
    sys.exit(main())
