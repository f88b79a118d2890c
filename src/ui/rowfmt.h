/* Cell formatting shared by the jobs, job and logs views, so a status,
 * a duration or a success rate reads the same everywhere.
 *
 * Every formatter writes into a caller buffer and returns it. The
 * "unicode" flag picks glyphs that need a UTF-8 terminal; without it
 * everything produced is plain ASCII. */
#ifndef VDKTOP_ROWFMT_H
#define VDKTOP_ROWFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"
#include "ui/theme.h"

/* The glyph alone: "✔" / "+", "✘" / "x", "▶" / ">", "…" / ".",
 * "■" / "#", "↷" / "~", "?" for unknown. */
const char *rowfmt_status_glyph(enum exec_status st, bool unicode);
/* The word alone: "succeeded", "user_error", "platform_error", ... */
const char *rowfmt_status_word(enum exec_status st);
/* "✔ succeeded"; "-" when st is EXEC_UNKNOWN and known is false (no run
 * at all), so an empty history is not dressed up as a status. */
char *rowfmt_status(enum exec_status st, bool known, bool unicode, char *buf, size_t n);
/* The colour element a status is drawn with. */
enum theme_element rowfmt_status_el(enum exec_status st);
/* Whether word (lowercase, as typed in a filter) names st: its word,
 * its word with spaces, or "failed"/"error" for both error statuses. */
bool rowfmt_status_matches(enum exec_status st, const char *needle);

/* "enabled" / "disabled" / "not deployed" and their elements. d NULL:
 * not deployed. */
const char *rowfmt_state(const struct deployment *d);
enum theme_element rowfmt_state_el(const struct deployment *d);

/* "3m 12s"; "-" for negative (unknown). */
char *rowfmt_duration(long long seconds, char *buf, size_t n);
/* "5m ago"; "-" for 0. */
char *rowfmt_ago(time_t t, time_t now, char *buf, size_t n);
/* "95%"; "-" for a negative (unknown) rate. */
char *rowfmt_rate(int percent, char *buf, size_t n);
/* Next run relative to now: "→ 14:00" today, "→ Tue 14:00" within a
 * week, "→ 2026-12-24" beyond; "-" for t <= 0. ASCII uses "->". */
char *rowfmt_next_run(time_t t, time_t now, bool utc, bool unicode, char *buf, size_t n);
/* Whether a job's schedule makes runs happen: the one rule the jobs list
 * and the job view follow, so neither shows a next run that will not
 * come. An expression vdktop's cron parser (the server's rules) refuses is
 * invalid whatever the deployment; a disabled or undeployed job's schedule
 * fires nothing. d NULL: not deployed; enabled -1 (not reported) counts as
 * enabled. */
enum rowfmt_sched { SCHED_NONE, SCHED_INVALID, SCHED_UNDEPLOYED, SCHED_DISABLED, SCHED_ACTIVE };
enum rowfmt_sched rowfmt_schedule_state(const char *cron, const struct deployment *d);
/* The jobs list's cell: "-", "0 * * * * invalid", the expression alone
 * (disabled, not deployed, no next run known), or with "→ 14:00". Owned. */
char *rowfmt_schedule(const struct job *j, time_t now, bool utc, bool unicode);

/* A point in time for a table cell: "14:05:03" today, "11-28 14:05"
 * this year, else "2025-11-28 14:05"; "-" for 0. */
char *rowfmt_when(time_t t, time_t now, bool utc, char *buf, size_t n);

#endif
