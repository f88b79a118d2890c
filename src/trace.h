/* --trace FILE: one line per event, "<ms since start> <event> key=value…",
 * the time in milliseconds with three decimals (microsecond resolution:
 * the key budgets sit at a few milliseconds), for the benchmark harness.
 * Thread-safe: the worker writes too. Events name requests by method and
 * path only (wreq_describe), never headers, so no token can reach the
 * file. */
#ifndef VDKTOP_TRACE_H
#define VDKTOP_TRACE_H

#include <stdbool.h>

#include "util.h"

/* Opens (creates, mode 0600, not through a symlink) and writes "start".
 * An existing file is reused (truncated, made 0600) only when it is a
 * regular file owned by the effective user; anything else is refused.
 * Returns 0, or -1 with *err. */
int trace_open(const char *path, char **err);
void trace_close(void);
bool trace_enabled(void);
void trace_event(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* The trace's clock (monotonic, microseconds), for durations in events. */
long long trace_now_us(void);

/* Paint bookkeeping (UI thread only). A view's draw reports how many rows
 * of data it put on screen; after the terminal update the app calls
 * trace_painted, which writes "first-paint rows=N" the first time the
 * jobs view showed rows, and "paint reason=data view=V rows=N" when the
 * paint answered a worker result (data = true). */
void trace_drawn(const char *view, long long rows);
void trace_painted(bool data);

#endif
