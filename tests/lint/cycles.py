#!/usr/bin/env python3
"""The link-level dependency cycles of a set of object files.

An object A depends on an object B when A leaves a symbol undefined that
B defines (nm: "U" in A, a global definition in B). Objects that depend
on each other, directly or around a loop, form a strongly connected
component of that graph: none of them can be linked, tested or
understood without all the others. This prints every component of more
than --max objects with the links that hold it together (one symbol per
link) and exits 1 when there is one; 0 otherwise, after naming the
largest component it allowed.

    cycles.py [--max N] [--root DIR] OBJECT...

Objects are named by their path below --root without ".o" ("ui/app").
Exit 2: usage, an object missing or nm failing.
"""
import argparse
import os
import subprocess
import sys

# nm's letters for a global definition another object can link against:
# text, data, bss, read-only, common, small data and bss, weak (object
# and function), unique and indirect. Lower case letters are local
# symbols: a static function of the same name elsewhere is not a link.
GLOBAL_DEF = set("TDBRCGSVWui")


def read_symbols(objects):
    """{object: (defined, undefined)} from one nm run over every object."""
    try:
        out = subprocess.run(["nm", "-A", "-P", *objects], capture_output=True, text=True, check=False)
    except OSError as e:
        sys.exit("cycles: cannot run nm: %s" % e)
    if out.returncode != 0:
        sys.exit("cycles: nm failed:\n" + out.stderr)
    syms = {o: (set(), set()) for o in objects}
    for line in out.stdout.splitlines():
        # "path.o: name type [value size]"
        path, sep, rest = line.partition(": ")
        fields = rest.split()
        if not sep or path not in syms or len(fields) < 2:
            continue
        name, kind = fields[0], fields[1]
        if kind == "U":
            syms[path][1].add(name)
        elif kind in GLOBAL_DEF:
            syms[path][0].add(name)
    return syms


def link_graph(names, syms):
    """{object: {object it depends on: one symbol that makes the link}}."""
    definer = {}
    for o, (defined, _) in syms.items():
        for s in defined:
            definer.setdefault(s, o)
    graph = {names[o]: {} for o in syms}
    for o, (_, undefined) in syms.items():
        for s in sorted(undefined):
            d = definer.get(s)
            if d is not None:
                graph[names[o]].setdefault(names[d], s)
    return graph


def components(graph):
    """Tarjan's strongly connected components, without recursion (a long
    chain of objects must not reach Python's recursion limit)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            v, edges = work[-1]
            w = next(edges, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                found.append(sorted(comp))
    return found


def main():
    ap = argparse.ArgumentParser(description="link-level dependency cycles of object files")
    ap.add_argument("--max", type=int, default=4, help="largest cycle allowed (objects)")
    ap.add_argument("--root", default=".", help="objects are named relative to this directory")
    ap.add_argument("objects", nargs="+")
    args = ap.parse_args()
    missing = [o for o in args.objects if not os.path.isfile(o)]
    if missing:
        print("cycles: not built: " + " ".join(missing), file=sys.stderr)
        return 2
    names = {o: os.path.relpath(o, args.root)[: -len(".o")] for o in args.objects}
    graph = link_graph(names, read_symbols(args.objects))
    cycles = sorted((c for c in components(graph) if len(c) > 1), key=lambda c: (-len(c), c))
    big = [c for c in cycles if len(c) > args.max]
    for c in big:
        print("cycles: %d objects depend on each other (more than %d):" % (len(c), args.max))
        members = set(c)
        for v in c:
            links = ["%s (%s)" % (w, s) for w, s in sorted(graph[v].items()) if w in members]
            print("  %s -> %s" % (v, ", ".join(links)))
    small = [c for c in cycles if len(c) <= args.max]
    if small:
        print("cycles: allowed (at most %d objects): %s" % (args.max, "; ".join(" ".join(c) for c in small)))
    if big:
        print("cycles: FAILED: %d cycle(s) over %d objects among %d objects" % (len(big), args.max, len(graph)))
        return 1
    print("cycles: ok: %d objects, largest cycle %d" % (len(graph), len(cycles[0]) if cycles else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
