#!/bin/bash
# A server that lies about its counts (totalItems, totalPages) cannot
# crash, freeze or bloat vdktop: 2^61+1 pages (an overflowing array size),
# 10^12 and 2·10^9 items (allocations and loops sized by the claim) and
# 200,000 pages for a team of 16 (one request per claimed page). Each
# time the list shows, the UI answers keys, `Q` exits cleanly, memory
# stays bounded, and vdktop asks for no more pages than the screen needs.
. "$(dirname "$0")/numbers_lib.sh"

case_counts() { # NAME ITEMS PAGES MAXREQ
	local name=$1 n
	# HOSTILE_ONLY=TEXT runs the cases whose name contains it.
	case "$name" in *"${HOSTILE_ONLY:-}"*) ;; *) return 0 ;; esac
	_log "case: $name"
	FAULTS_TRIED=$((FAULTS_TRIED + 1))
	fake_stop
	hostile_start counts --total-items "$2" --total-pages "$3"
	vdk_config hostile starshot
	vdktop_start 120 30 --refresh 1
	wait_for "hostile-job" 30
	wait_for "● connected" 30
	alive
	n=$(request_count "GET /data-jobs/for-team/starshot/jobs")
	_log "  $n page requests"
	[ "$n" -le "$4" ] || fail "$name: $n page requests for one screen (at most $4)"
	hwm_below "$HWM_BOUND" "$name"
	keys_answer
}

# ASan's shadow memory and quarantine count towards the peak.
if [ "$VDKTOP_VARIANT" = asan ]; then HWM_BOUND=128; else HWM_BOUND=64; fi

case_counts "2^61+1 pages" 2305843009213693953 2305843009213693953 12
case_counts "10^12 items" 1000000000000 10000000000 12
case_counts "2*10^9 items" 2000000000 4000000 12
case_counts "200,000 pages" 16 200000 12
pass_faults
