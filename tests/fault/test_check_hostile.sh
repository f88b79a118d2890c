#!/bin/bash
# What a server says cannot drive the terminal outside curses either:
# `vdktop --check` against a service whose info answer (and, second, whose
# error body) holds a title change, an OSC 52 clipboard write, an erase,
# a CR, forged "team:"/"auth:" lines, C1 and bidi controls, RLM, ALM and a
# BOM. Its stdout and stderr hold none of those bytes, exactly one "team:"
# and one "auth:" line, and the escapes are shown as visible text. In a
# locale that is not UTF-8 the output is plain ASCII.
. "$(dirname "$0")/lib.sh"

check_bytes() { python3 "$TOP/tests/fault/check_bytes.py" "$@" || fail "raw control text in --check's output"; }

hostile_start info
fault_config "" ""
LANG=C.UTF-8 LC_ALL=C.UTF-8 "$VDKTOP_BIN" --check >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] || fail "--check failed (rc $rc): $(cat "$T/err")"
check_bytes "$T/out" "$T/err"
[ "$(grep -c '^team:' "$T/out")" -eq 1 ] || fail "a forged team: line: $(cat "$T/out")"
[ "$(grep -c '^auth:' "$T/out")" -eq 1 ] || fail "a forged auth: line: $(cat "$T/out")"
grep -q '^team: starshot$' "$T/out" || fail "the real team line is missing: $(cat "$T/out")"
grep -qF '^[]0;pwned-title^G' "$T/out" || fail "the escape is not shown as visible text: $(cat "$T/out")"
grep -qF '<U+202E>gnp.exe' "$T/out" || fail "the RLO is not shown by name: $(cat "$T/out")"
# service, tls, api version, python versions, team, auth: one line each.
[ "$(wc -l <"$T/out")" -eq 6 ] || fail "--check printed $(wc -l <"$T/out") lines, not 6: $(cat "$T/out")"

# The same answer to a terminal that is not UTF-8: ASCII only.
LANG=C LC_ALL=C "$VDKTOP_BIN" --check >"$T/out" 2>"$T/err" || fail "--check failed in the C locale: $(cat "$T/err")"
check_bytes --ascii "$T/out" "$T/err"

# An error body with the same text goes to stderr, one line, made safe.
hostile_start error
fault_config "" ""
LANG=C.UTF-8 LC_ALL=C.UTF-8 "$VDKTOP_BIN" --check >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || fail "--check against a failing service: rc $rc, not 1: $(cat "$T/err")"
check_bytes "$T/out" "$T/err"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "the error took $(wc -l <"$T/err") lines: $(cat "$T/err")"
grep -qF 'vdktop: cannot reach' "$T/err" || fail "no error message: $(cat "$T/err")"
FAULTS_TRIED=3
pass_faults
