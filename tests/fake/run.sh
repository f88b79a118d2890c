#!/bin/sh
# Tests of the fake Control Service itself. Pure Python, no C code, so the
# sanitizer variant has nothing to add: not run there (exit 77, skipped;
# tests/run-all.sh does not start it in that variant).
#
# Every test starts fakes of its own on port 0, so the tests are dealt
# round-robin to FAKE_JOBS processes (default 2) that run at once; their
# outputs are printed one after the other once both are done. The suite
# fails when one fails and exits 77 when one skipped (and none failed).
cd "$(dirname "$0")/../.." || exit 2
if [ "${VDKTOP_VARIANT:-default}" = "asan" ]; then
	echo "fake: not run in the asan variant (no C code involved)"
	exit 77
fi
jobs=${FAKE_JOBS:-2}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vdktop-fake.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Every test's name, into $tmp/names.N for N = 1..jobs.
python3 - "$jobs" "$tmp" <<'EOF' || exit 1
import sys, unittest
sys.path.insert(0, "tests/fake")
import test_fake
jobs, tmp = int(sys.argv[1]), sys.argv[2]
def names(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from names(t)
        else:
            yield t.id().split(".", 1)[1]
shards = [[] for _ in range(jobs)]
for i, name in enumerate(names(unittest.defaultTestLoader.loadTestsFromModule(test_fake))):
    shards[i % jobs].append(name)
for n, shard in enumerate(shards, 1):
    with open("%s/names.%d" % (tmp, n), "w") as f:
        f.write("\n".join(shard))
EOF

pids=""
n=1
while [ "$n" -le "$jobs" ]; do
	# shellcheck disable=SC2046
	if [ -s "$tmp/names.$n" ]; then
		python3 tests/fake/test_fake.py -v $(cat "$tmp/names.$n") >"$tmp/out.$n" 2>&1 &
		pids="$pids $n:$!"
	fi
	n=$((n + 1))
done
rc=0
for p in $pids; do
	wait "${p#*:}"
	r=$?
	cat "$tmp/out.${p%%:*}"
	if [ "$r" -eq 77 ]; then
		[ "$rc" -eq 0 ] && rc=77
	elif [ "$r" -ne 0 ]; then
		rc=1
	fi
done
[ -n "$pids" ] || { echo "fake: no tests found"; exit 1; }
exit "$rc"
