/* 5-field UNIX cron schedules: validation and next-run computation.
 *
 * The Control Service stores a job's schedule as a 5-field UNIX cron
 * expression and computes the next run in UTC (api-notes §5.6). It never
 * validates the expression itself: a bad one only surfaces at deploy time as
 * an e-mail. So vdktop validates before it sends, and previews the next runs.
 *
 *   minute hour day-of-month month day-of-week
 *
 * Each field is a comma-separated list of items:
 *   *            every value              5        one value
 *   a-b          an inclusive range       * / n    every n-th value (no spaces)
 *   a-b/n        every n-th within a-b    a/n      every n-th from a to the end
 * Months accept JAN..DEC, weekdays SUN..SAT (case-insensitive); weekday 0
 * and 7 are both Sunday. Macros (@daily), '?', 'L', 'W' and '#' are refused:
 * the server's cron library does not read them in UNIX mode.
 *
 * Day matching: when both the day-of-month and day-of-week fields are
 * restricted, a day matches if EITHER matches (the classic Vixie cron rule).
 * A day field counts as unrestricted when one of its items is a bare `*`
 * (or `* /1`); `* /2` or `1-31` are restricted. This is how the Kubernetes
 * CronJob controller, which actually starts the runs, reads it.
 *
 * All times are UTC epoch seconds; no time zone or locale is consulted.
 */
#ifndef VDKTOP_CRON_H
#define VDKTOP_CRON_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* A parsed schedule: one bit per allowed value. Plain data, no ownership. */
struct cron {
	uint64_t minutes;  /* bit 0..59 */
	uint32_t hours;    /* bit 0..23 */
	uint32_t days;     /* bit 1..31 (day of month) */
	uint16_t months;   /* bit 1..12 */
	uint8_t weekdays;  /* bit 0..6, 0 = Sunday (7 is folded into 0) */
	bool days_any;     /* day-of-month field has a bare '*' item */
	bool weekdays_any; /* day-of-week field has a bare '*' item */
};

/* How far cron_next() looks ahead. Eight years is the longest gap between two
 * 29 Februaries (2096 -> 2104), so a schedule that exists is always found. */
#define CRON_HORIZON_YEARS 9

/* Parses expr into *out. Returns 0 on success. On failure returns -1 and, if
 * why is not NULL, sets *why to a new string the caller frees, naming the
 * field and the problem, e.g. "field 2 (hour): 24 is out of range 0-23".
 * An empty or blank expression is an error ("empty schedule"): the caller
 * decides whether "no schedule" is acceptable (the server deploys it as the
 * never-firing "0 0 30 2 *"). *out is only written on success. */
int cron_parse(const char *expr, struct cron *out, char **why);

/* The first time that matches c strictly after `after` (whole minutes, UTC).
 * Returns -1 if none exists within CRON_HORIZON_YEARS (e.g. "0 0 30 2 *")
 * or if `after` is outside the years 1..9000. */
time_t cron_next(const struct cron *c, time_t after);

/* Fills out[0..n-1] with the next n run times after `after`, in order.
 * Returns how many were found (fewer than n when the schedule runs out). */
int cron_next_n(const struct cron *c, time_t after, time_t *out, int n);

/* True if the UTC minute containing t matches c. */
bool cron_matches(const struct cron *c, time_t t);

#endif
