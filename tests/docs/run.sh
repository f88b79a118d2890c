#!/bin/sh
# The docs suite (make check): the documentation agrees with the program.
#   - vdktop.1 formats without a single groff warning
#   - its KEYS and COMMANDS sections are what tests/docs/gen-keys.py makes
#     of src/ui/keys.h, and name every action
#   - every --help option is in vdktop.1, src/completion.bash and README.md;
#     every variable the sources getenv() is in ENVIRONMENT (check_docs.py)
#   - the bash completion works (test_completion.sh)
#   - every action shows in the help view, with its text (test_help_view.sh,
#     the program in tmux against the fake; in both variants, a few seconds)
#   - the screenshot converter's unit tests
# config.example is checked by the config unit tests, not here.
# A check that cannot run here (groff missing) exits 77: the suite then
# exits 77 (skipped, see tests/run-all.sh) unless another check failed.
set -u
cd "$(dirname "$0")/../.." || exit 2
: "${VDKTOP_BIN:=$PWD/vdktop}"
: "${VDKTOP_VARIANT:=default}"
export VDKTOP_BIN VDKTOP_VARIANT
export LANG=C.UTF-8 LC_ALL=C.UTF-8

failed=0
skipped=0
check() { # NAME COMMAND...
	name=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ]; then
		printf 'docs: %s: ok\n' "$name"
	elif [ "$rc" -eq 77 ]; then
		printf 'docs: %s: SKIPPED: %s\n' "$name" "$out"
		skipped=$((skipped + 1))
	else
		printf 'docs: %s: FAILED\n%s\n' "$name" "$out"
		failed=$((failed + 1))
	fi
	return 0
}

groff_clean() {
	if ! command -v groff >/dev/null 2>&1; then
		echo "groff is not installed (make deps-test)"
		return 77
	fi
	warnings=$(groff -man -Tutf8 -ww vdktop.1 2>&1 >/dev/null)
	[ -z "$warnings" ] && return 0
	printf '%s\n' "$warnings"
	return 1
}

check "groff -ww vdktop.1" groff_clean
check "gen-keys --check" python3 tests/docs/gen-keys.py --check
check "options, environment, version, README" python3 tests/docs/check_docs.py "$VDKTOP_BIN"
check "bash completion" bash tests/docs/test_completion.sh
check "sgr2html unit tests" python3 -m unittest -q tests/screenshots/test_sgr2html.py
check "every action in the help view" bash tests/docs/test_help_view.sh

[ "$failed" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || exit 77
