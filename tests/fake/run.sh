#!/bin/sh
# Tests of the fake Control Service itself. Pure Python, no C code, so the
# sanitizer variant has nothing to add and skips it.
cd "$(dirname "$0")/../.." || exit 2
if [ "${VDKTOP_VARIANT:-default}" = "asan" ]; then
	echo "fake: skipped in the asan variant (no C code involved)"
	exit 0
fi
exec python3 -m unittest -v tests/fake/test_fake.py
