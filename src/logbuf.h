/* The log store behind the live execution log view.
 *
 * The Control Service has no log stream: GET …/executions/{id}/logs
 * returns {"logs": "..."}, the whole log or its last tail_lines lines, each
 * line prefixed with a K8s RFC 3339 timestamp and a space. A "live" view
 * therefore polls and hands every answer to logbuf_merge(), which works out
 * by overlap what is new and appends only that.
 *
 * Lines are kept raw, exactly as the server sent them (so a saved log is
 * the server's log byte for byte), in large text blocks with a 24-byte
 * index entry per line: no allocation per line, no length limit, and the
 * oldest lines are dropped (whole blocks freed) beyond a scrollback cap.
 * Lines are sanitised only when shown (logbuf_display), a screenful at a
 * time.
 *
 * Positions: lines are addressed by index 0 … logbuf_count()-1, oldest
 * first. When old lines are dropped, indexes shift down; every line also
 * has a sequence number (logbuf_first_seq() + index) that never changes and
 * is never reused for another line, across drops and resets. A view that
 * remembers its top line as a sequence number stays put while lines are
 * dropped under it (index = seq - first_seq, clamped at 0).
 *
 * Use from the logs view:
 *   open:          fetch the whole log, logbuf_merge(lb, text, len, true)
 *   while running: every poll, fetch tail_lines=N (a few thousand) and
 *                  logbuf_merge_tail(lb, text, len, N)
 *   LOGBUF_GAP:    fetch the whole log once and merge it as complete
 *   LOGBUF_RESET:  keep follow mode, otherwise clamp the view's position
 *   drawing:       logbuf_display() for the visible lines; flags for error
 *                  and match colouring; sanitize_wrap()/sanitize_hslice()
 *                  and sanitize_match_ranges() on the display text
 *   saving:        logbuf_raw_text() → safefile_write()
 *
 * Not thread-safe: the UI thread owns a logbuf; the worker only fetches text.
 */
#ifndef VDKTOP_LOGBUF_H
#define VDKTOP_LOGBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logtext.h"
#include "sanitize.h"

#define LOGBUF_DEFAULT_MAX_LINES 200000

struct logbuf;

/* max_lines: the scrollback cap (0 → LOGBUF_DEFAULT_MAX_LINES). */
struct logbuf *logbuf_new(size_t max_lines);
void logbuf_free(struct logbuf *lb); /* NULL is fine */

/* Changes the cap; drops the oldest lines at once if there are too many. */
void logbuf_set_max_lines(struct logbuf *lb, size_t max_lines);

/* Forgets every line (sequence numbers keep counting). */
void logbuf_clear(struct logbuf *lb);

/* ---- merging polled text ------------------------------------------------ */

enum logbuf_merge_result {
	LOGBUF_UNCHANGED, /* nothing new (also: empty text, see below) */
	LOGBUF_APPENDED,  /* new lines at the end and/or the last line grew */
	LOGBUF_GAP,       /* a tail that does not overlap what is stored: more
			     lines arrived than the tail holds, or the log was
			     replaced. Everything was appended after a marker
			     line ("… lines may be missing …"); fetch the whole
			     log and merge it with complete = true to repair. */
	LOGBUF_RESET,     /* complete text that does not continue the stored
			     lines (the log shrank or was replaced, or a gap is
			     being repaired): the store now holds exactly it.
			     Positions are void: sequence numbers moved on. */
};

/* Merges one answer of the logs endpoint (the "logs" string, len bytes).
 *
 * complete = true: text is the whole log (a fetch without tail_lines). It
 *   is matched at its absolute position against what is stored; new lines
 *   are appended, and a mismatch replaces the store (LOGBUF_RESET). The
 *   first load goes this way.
 * complete = false: text is the last lines of the log (tail_lines=N). The
 *   stored lines are aligned with its beginning: the largest k for which
 *   the last k stored lines equal the first k lines of the tail, and
 *   tail[k..] is appended. With lines that repeat verbatim this is the
 *   alignment that appends the fewest lines; poll with a tail comfortably
 *   larger than what arrives between polls (and K8s timestamps make lines
 *   unique in practice anyway). No overlap at all → LOGBUF_GAP.
 *
 * Text that does not end in '\n' has an unfinished last line: it is kept
 * as a provisional line (LOGBUF_PARTIAL) and replaced when a later poll
 * shows it longer or finished. Empty text changes nothing: the server
 * answers "" once it no longer keeps the logs, and what was already
 * fetched is worth keeping. Comparison uses a 64-bit hash per line, then
 * bytes, so a crafted hash collision cannot swallow lines. */
enum logbuf_merge_result logbuf_merge(struct logbuf *lb, const char *text, size_t len, bool complete);

/* logbuf_merge for the answer to a tail_lines=N request: when it holds
 * fewer than N lines it is the whole log, and is merged as complete (which
 * also settles any ambiguity from repeated lines). N = 0 stands for a
 * request without tail_lines, i.e. the whole log. */
enum logbuf_merge_result logbuf_merge_tail(struct logbuf *lb, const char *text, size_t len, size_t tail_lines);

/* logbuf_merge_tail for text in chunks (a logs answer as the worker
 * decoded it), with the same result. What the merge stores as it is (the
 * first load into an empty store) is taken over, not copied: t is left
 * empty then. */
enum logbuf_merge_result logbuf_merge_text(struct logbuf *lb, struct logtext *t, size_t tail_lines);

/* ---- lines ---------------------------------------------------------------- */

enum logbuf_line_flags {
	LOGBUF_ERROR = 1u << 0,   /* an error line: [ERROR]/[CRITI]/[FATAL],
				     ERROR/CRITICAL/FATAL as words, Traceback,
				     "SomethingError:"/"…Exception:" */
	LOGBUF_MARKER = 1u << 1,  /* not from the server: the gap marker. Not
				     saved, never matches a search. */
	LOGBUF_PARTIAL = 1u << 2, /* the unfinished last line */
	LOGBUF_MATCH = 1u << 3,   /* matches the active search */
};

size_t logbuf_count(const struct logbuf *lb);
uint64_t logbuf_first_seq(const struct logbuf *lb);
/* Lines of the current log dropped by the scrollback cap, for a note such
 * as "12,000 older lines dropped". Back to 0 on a reset. */
size_t logbuf_dropped(const struct logbuf *lb);
size_t logbuf_max_lines(const struct logbuf *lb);
/* Raw text bytes held (without separators) and bytes allocated in all. */
size_t logbuf_text_bytes(const struct logbuf *lb);
size_t logbuf_mem_bytes(const struct logbuf *lb);

struct logbuf_line {
	const char *text; /* raw bytes, not NUL-terminated; valid until the
			     next merge, clear, cap change or free */
	size_t len;
	size_t msg_off;   /* where the message starts after the K8s timestamp
			     and its space (0 when the line has none) */
	unsigned flags;   /* enum logbuf_line_flags */
};

/* Line i (< logbuf_count). Returns false for an index out of range. */
bool logbuf_line(const struct logbuf *lb, size_t i, struct logbuf_line *out);
unsigned logbuf_line_flags(const struct logbuf *lb, size_t i);

/* The display text of line i: sanitised, tabs expanded, with the timestamp
 * prefix or without it, plus its escaped spans for colouring. A K8s
 * timestamp shown has its fraction padded to nine digits, so the text
 * after it starts at the same column on every line. Returns the bytes of
 * that timestamp at the start of out (without the space after it), 0 when
 * none is shown. */
size_t logbuf_display(const struct logbuf *lb, size_t i, bool show_ts, struct san_buf *out);

/* ---- search ---------------------------------------------------------------- */

/* Sets the active search (NULL or "" clears it) and returns the number of
 * matching lines. Matching is a substring search on each line's display
 * text (with or without the timestamp, as shown), ignoring ASCII case;
 * other bytes match exactly. Lines appended later are matched as they
 * arrive, so the count and LOGBUF_MATCH flags stay current: call again
 * only when the query or show_ts changes. */
size_t logbuf_search(struct logbuf *lb, const char *query, bool show_ts);
/* The same in steps, for a UI that must answer keys meanwhile (a million
 * lines take tens of milliseconds): start sets the query and matches
 * nothing yet; each more() call matches up to max_lines further lines,
 * oldest first, and returns whether lines are left. Until then the count,
 * flags and logbuf_search_next() cover the lines scanned so far; lines
 * that arrive are matched when the scan reaches them, dropped lines leave
 * it. progress is how many of the current lines were scanned. */
void logbuf_search_start(struct logbuf *lb, const char *query, bool show_ts);
bool logbuf_search_more(struct logbuf *lb, size_t max_lines);
bool logbuf_search_busy(const struct logbuf *lb);
size_t logbuf_search_progress(const struct logbuf *lb);
const char *logbuf_search_query(const struct logbuf *lb); /* NULL if none */
size_t logbuf_search_count(const struct logbuf *lb);

/* Line i's place among the matching lines, 1-based ("3/17"); 0 when it
 * does not match. A binary search: the matching lines (and the error
 * lines) are kept as a sorted set as lines arrive and are dropped. */
size_t logbuf_search_ordinal(const struct logbuf *lb, size_t i);

/* The next (dir > 0) or previous (dir < 0) matching line after/before line
 * from, wrapping around the ends (from itself comes last). Returns false
 * when nothing matches. from may be out of range (e.g. count for "from the
 * end"). A binary search, whatever the log's size. */
bool logbuf_search_next(const struct logbuf *lb, size_t from, int dir, size_t *out);
/* Same for error lines, and how many there are. */
bool logbuf_error_next(const struct logbuf *lb, size_t from, int dir, size_t *out);
size_t logbuf_error_count(const struct logbuf *lb);

/* Highlighting every match in a line's display text, wrapping and
 * horizontal scrolling work on the text logbuf_display() produced: see
 * sanitize_match_ranges(), sanitize_wrap() and sanitize_hslice(). */

/* ---- raw text (saving) ------------------------------------------------------- */

/* Calls fn with consecutive pieces of the stored log exactly as the server
 * sent it: lines joined with '\n', with a final '\n' only when the server's
 * text had one; marker lines left out. Stops at the first non-zero return
 * of fn and returns it; 0 when done. The whole log is only here if nothing
 * was dropped (logbuf_dropped() == 0) and there was no gap. */
int logbuf_write_raw(const struct logbuf *lb, int (*fn)(void *ctx, const char *data, size_t len), void *ctx);

/* The same as one new buffer (NUL-terminated, *len without the NUL), for
 * safefile_write(). Free with free(). */
char *logbuf_raw_text(const struct logbuf *lb, size_t *len);

#endif
