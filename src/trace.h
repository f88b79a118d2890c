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

/* Opens path (creates it, mode 0600, not through a symlink) and starts
 * the trace's clock, but writes nothing: an existing file is reused only
 * when it is a regular file owned by the effective user (anything else is
 * refused) and keeps its contents until trace_start(). Returns 0, or -1
 * with *err. */
int trace_open(const char *path, char **err);
/* vdktop has decided to run: truncates the file (mode 0600) and writes
 * "start". 0, or -1 (then there is no trace). No-op without trace_open. */
int trace_start(void);
/* Gives up an opened, unstarted trace: the file is left as it was (one
 * this run created is removed). */
void trace_discard(void);
/* Writes "exit" and closes; discards an unstarted trace. */
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
