/* --trace FILE: one line per event, "<ms since start> <event> key=value…",
 * for the benchmark harness. Thread-safe: the worker writes too. Events
 * name requests by method and path only (wreq_describe), never headers, so
 * no token can reach the file. */
#ifndef VDKTOP_TRACE_H
#define VDKTOP_TRACE_H

#include <stdbool.h>

#include "util.h"

/* Opens (creates, mode 0600, not through a symlink) and writes "start".
 * Returns 0, or -1 with *err. */
int trace_open(const char *path, char **err);
void trace_close(void);
bool trace_enabled(void);
void trace_event(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
