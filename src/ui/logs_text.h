/* Small text helpers of the logs view, pure so they can be tested: the
 * default file name for saving, counting lines, grouping digits. */
#ifndef VDKTOP_UI_LOGS_TEXT_H
#define VDKTOP_UI_LOGS_TEXT_H

#include <stddef.h>

/* "<job>-<execution>.log", a name in the current directory: every byte
 * outside [A-Za-z0-9._-] (a '/', a control byte, anything the server
 * might slip in) becomes '_', and a leading '.' or '-' becomes '_' too, so
 * the name is never hidden, never an option and never a path. Owned. */
char *logs_default_filename(const char *job, const char *exec_id);

/* Lines in text as a log reader counts them: '\n'-terminated lines, plus
 * an unfinished last line. "" has none. */
size_t logs_count_lines(const char *text, size_t len);

/* n with thousands separators ("12,345") into buf; returns buf. */
char *logs_fmt_count(size_t n, char *buf, size_t size);

#endif
