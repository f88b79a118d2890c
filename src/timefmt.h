/* Times as the server sends them and as a person reads them. */
#ifndef VDKTOP_TIMEFMT_H
#define VDKTOP_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* ISO-8601 / RFC 3339 in every form the server emits: optional seconds,
 * 0–9 fraction digits, 'Z' or ±hh:mm (or ±hhmm). Returns 0 and sets *out
 * (and *nanos when not NULL), or -1. NULL-safe. */
int timefmt_parse(const char *s, time_t *out, long *nanos);

/* The formatters write into buf (NUL-terminated, truncated to n) and
 * return buf, so they can be used inline in printf-style calls. */

/* "45s", "3m 12s", "1h 02m", "2d 03h"; "-" for negative. */
char *timefmt_duration(long long seconds, char *buf, size_t n);
/* "just now", "5m ago", "3h ago", "2d ago"; "in 5m" for the future; "-"
 * for t == 0. */
char *timefmt_ago(time_t t, time_t now, char *buf, size_t n);
/* "2026-11-28 14:05" in local time or UTC; "-" for t == 0. */
char *timefmt_clock(time_t t, bool utc, char *buf, size_t n);
/* "2026-11-28T14:05:03Z", for APIs and files. */
char *timefmt_iso(time_t t, char *buf, size_t n);

/* An age as typed: "90s", "30m", "24h", "7d", "2w" → seconds; -1 when
 * malformed, zero or negative, or beyond ten years. */
long long timefmt_parse_age(const char *s);

#endif
