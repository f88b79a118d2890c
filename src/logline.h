/* Facts about one raw log line that the logs view shows: where the K8s
 * timestamp prefix ends (so it can be hidden) and whether the line reports
 * an error (so it can be highlighted and jumped to). Pure functions on
 * bytes that need not be NUL-terminated. */
#ifndef VDKTOP_LOGLINE_H
#define VDKTOP_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Length of a leading RFC 3339 timestamp and the space after it, as the
 * service prefixes every line ("2024-05-01T10:00:00.123456789Z "; any
 * fraction of 1–9 digits, "Z" or "+hh:mm"), or 0 when the line has none. */
size_t logline_ts_prefix(const char *s, size_t n);
/* The longest prefix logline_ts_pad() writes: 19 date-time bytes, a
 * nine-digit fraction with its dot, "+hh:mm" and the space. */
#define LOGLINE_TS_PADDED_MAX 36
/* Copies the prefix s[0..n) that logline_ts_prefix() measured into out
 * (LOGLINE_TS_PADDED_MAX bytes, not NUL-terminated) with the fraction
 * padded to nine digits (".000000000" where there is none): kubelet trims
 * its trailing zeros, so without this the text after it would start at a
 * different column from line to line. Returns the bytes written. */
size_t logline_ts_pad(const char *s, size_t n, char *out);
/* Whether a message (what follows the K8s timestamp) starts with a
 * timestamp of its own, "2024-01-31 12:00:00" as VDK writes it: then
 * the K8s one can be hidden without losing the time. */
bool logline_has_own_ts(const char *s, size_t n);

/* Whether a line (its message, after the timestamp) reports an error:
 *   - a level in brackets: "[ERROR]", "[CRITI]" (VDK cuts level names to
 *     five letters), "[FATAL]", "[error ]", any case;
 *   - ERROR, CRITICAL or FATAL as whole upper-case words ("level=ERROR",
 *     "FATAL: …", but not "USER_ERROR" or "errors");
 *   - a Python traceback head, "Traceback (most recent call last)";
 *   - an exception line: "ValueError: …", "pkg.mod.UserCodeError: …" at
 *     the start, or "…Exception:" anywhere ("Caused by: x.IOException: …"). */
bool logline_is_error(const char *s, size_t n);

#endif
