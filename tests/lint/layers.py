#!/usr/bin/env python3
"""Every link of the built objects goes to the object's own layer or one
below it.

The layers, highest first: root, actions, views, app, widgets, core
(README.md, Architecture). MAP says which objects are in which layer
(layers.txt: "pattern layer" lines, the first glob that matches an
object's name wins). A link (cycles.py: A leaves undefined a symbol B
defines) from a layer to one above it is printed with its symbol, and
the exit status is 1; 0 when there is none.

    layers.py --map MAP [--root DIR] OBJECT...

Exit 2: usage, an unknown layer in MAP, an object missing or matching no
line of MAP.
"""
import argparse
import fnmatch
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cycles import link_graph, read_symbols  # noqa: E402

LAYERS = ["root", "actions", "views", "app", "widgets", "core"]


def read_map(path):
    rules = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2 or parts[1] not in LAYERS:
                sys.exit("layers: %s:%d: want \"pattern layer\", layer one of %s" % (path, n, " ".join(LAYERS)))
            rules.append((parts[0], parts[1]))
    return rules


def layer_of(name, rules):
    for pattern, layer in rules:
        if fnmatch.fnmatchcase(name, pattern):
            return layer
    return None


def main():
    ap = argparse.ArgumentParser(description="links from a layer to one above it")
    ap.add_argument("--map", required=True, help="pattern → layer lines (tests/lint/layers.txt)")
    ap.add_argument("--root", default=".")
    ap.add_argument("objects", nargs="+")
    args = ap.parse_args()
    missing = [o for o in args.objects if not os.path.isfile(o)]
    if missing:
        print("layers: not built: " + " ".join(missing), file=sys.stderr)
        return 2
    rules = read_map(args.map)
    names = {o: os.path.relpath(o, args.root)[: -len(".o")] for o in args.objects}
    layer = {n: layer_of(n, rules) for n in names.values()}
    unplaced = sorted(n for n, l in layer.items() if l is None)
    if unplaced:
        print("layers: in no layer of %s: %s" % (args.map, " ".join(unplaced)), file=sys.stderr)
        return 2
    # A lower rank is a higher layer.
    rank = {l: i for i, l in enumerate(LAYERS)}
    graph = link_graph(names, read_symbols(args.objects))
    bad = 0
    for a in sorted(graph):
        for b, sym in sorted(graph[a].items()):
            if rank[layer[b]] < rank[layer[a]]:
                print("layers: %s (%s) uses %s (%s) through %s: a layer uses only its own and those below"
                      % (a, layer[a], b, layer[b], sym))
                bad += 1
    if bad:
        print("layers: FAILED: %d link(s) to a higher layer" % bad)
        return 1
    counts = ", ".join("%s %d" % (l, sum(1 for v in layer.values() if v == l)) for l in LAYERS)
    print("layers: ok: every link goes down or stays in its layer (%s)" % counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
