#!/bin/sh
# Tests of the fake Control Service itself. Pure Python, no C code, so the
# sanitizer variant has nothing to add: not run there (exit 77, skipped;
# tests/run-all.sh does not start it in that variant).
cd "$(dirname "$0")/../.." || exit 2
if [ "${VDKTOP_VARIANT:-default}" = "asan" ]; then
	echo "fake: not run in the asan variant (no C code involved)"
	exit 77
fi
exec python3 tests/fake/test_fake.py -v
