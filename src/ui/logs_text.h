/* Small text helpers of the logs view, pure so they can be tested: the
 * default file name for saving, counting lines, grouping digits. */
#ifndef VDKTOP_UI_LOGS_TEXT_H
#define VDKTOP_UI_LOGS_TEXT_H

#include <stddef.h>

#include "util.h"

/* "<job>-<execution>.log", a name in the current directory: every byte
 * outside [A-Za-z0-9._-] (a '/', a control byte, anything the server
 * might slip in) becomes '_', and a leading '.' or '-' becomes '_' too, so
 * the name is never hidden, never an option and never a path. Owned. */
char *logs_default_filename(const char *job, const char *exec_id);

/* Lines in text as a log reader counts them: '\n'-terminated lines, plus
 * an unfinished last line. "" has none. */
size_t logs_count_lines(const char *text, size_t len);

/* Log lines longer than this are stored cut (the logs request's
 * line_max, see logtext.h): their first bytes, on a whole UTF-8
 * character, then a marker naming what was left out, so one endless line
 * cannot cost its size again in the store, the wrapping and the search.
 * The same line always cuts the same way, so polled tails still match
 * what is stored. */
#define LOGS_LINE_MAX 65536

/* n with thousands separators ("12,345") into buf; returns buf. */
char *logs_fmt_count(size_t n, char *buf, size_t size);

#endif
