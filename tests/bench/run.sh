#!/bin/sh
# make bench: vdktop's performance figures against the fake Control Service.
#
#   sh tests/bench/run.sh [VDKTOP_BIN] [bench.py options]
#   make bench                      (the same, on ./vdktop)
#
# Not part of `make check`: it takes about six minutes (two 60 s idle
# windows, a 1,000,000-line log, a 100,000-job team) and its figures are
# timings, which tests never assert. It prints one table — figure,
# measured value, limit or budget, ratio, pass/fail — with the machine it
# ran on and its load at start and end, and exits 1 when a budget is
# missed (2 when it cannot run at all). A whole run also records itself:
# its rows replace the README's table (between the two "bench:" markers)
# and become its commit's last run in tests/bench/history.csv (commit,
# date, load, figure, measured, ratio, result; the last 30 commits, "+"
# after a commit id when the tree had other changes); the ratios of the
# last six commits are printed after the table.
#
# Sections (--only a,b or BENCH_ONLY; a partial run records nothing):
#   startup  start → first paint, 10,000 jobs: ≤ 1.2 × limit (median of 5)
#   scale    a fake of its own with 100,000 jobs: start → first paint
#            ≤ 1.3 × limit; VmHWM ≤ 40 MB after browsing to the end
#   session  keys, bytes per move, memory, refresh, idle, the big log,
#            connections (10,000 jobs)
# A new figure: a row added with Table.add(..., key="short-name") in a
# section (a method section_NAME of Bench listed in SECTIONS).
#
# What it does (tests/bench/bench.py, Python standard library only):
#   - starts tests/fake/control_service.py --seed scale --jobs 10000
#     --big-log-lines 1000000 (one team of 10,001 jobs; job biglog-export
#     with a 1,000,000-line, ~109 MB log);
#   - runs vdktop in private tmux servers at 120×40 with --trace FILE and
#     reads the figures from the trace's events (request sent / answered /
#     parsed, first-paint, key, paint key=… ms=…), from /proc/PID/status
#     (VmHWM, VmRSS) and /proc/PID/stat (utime+stime), from tmux pipe-pane
#     (bytes written to the terminal) and from the fake's admin API
#     (/_admin/requests: connection ids, bytes per answer, the exact
#     GraphQL request; /_admin/stats: gzip answers);
#   - measures the physical limit in the same run: curl --compressed
#     fetching the very request vdktop sent at start, plus json-c parsing
#     the answer (tests/bench/jsonparse.c, built here with cc and
#     pkg-config json-c). Start-up is reported as a ratio to it.
#
# Figures: start → first paint (median of --runs starts, default 5);
# key → paint p50/p99 for j, PgDn and typing a filter (200 keys each, each
# key sent alone and answered by its paint event before the next);
# resident memory with 10,000 jobs and with the big log open; the log
# view's per-key times (scroll, G, search); CPU while idle 60 s at
# --refresh 2 on the list as it opens, and bytes to the terminal while idle
# 60 s on rows whose text cannot change with time; bytes per cursor move; TCP connections
# over the whole session (about 3 minutes — shorter than the issue's 5
# minutes, but with 30+ refreshes, searches, the job and the log view);
# bytes fetched per refresh of the 10,000-job list.
#
# Options (also as environment): --runs N (BENCH_RUNS), --idle SECONDS
# (BENCH_IDLE), --keys N (BENCH_KEYS), --no-log, --markdown FILE (also
# write the report there), --keep (keep the temporary directory with every
# trace, screen byte capture and the fake's output), --only SECTIONS
# (BENCH_ONLY), --no-record (BENCH_NO_RECORD=1). BENCH_STRICT=1 also
# fails when a figure could not be measured (e.g. a view not built yet).
#
# Needs: python3, tmux, curl, cc, pkg-config with json-c. Keys are sent
# with tmux send-keys; TERM inside the pane is xterm-256color.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BIN=${1:-${VDKTOP_BIN:-$TOP/vdktop}}
[ $# -gt 0 ] && shift
exec python3 "$HERE/bench.py" "$BIN" "$@"
