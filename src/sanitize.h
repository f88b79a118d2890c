/* Untrusted text → text that is safe to hand to the terminal.
 *
 * Log lines, job names, descriptions and error messages come from the
 * server and ultimately from job code, so they may carry escape sequences
 * (clear screen, OSC 52 clipboard writes, hyperlinks, title changes),
 * control bytes, C1 controls, bidi overrides and broken UTF-8. The
 * sanitiser makes all of that visible instead of letting it act:
 *
 *   ESC and the sequence it starts  "^[" + the sequence's bytes: "^[[31m",
 *                                   "^[]52;c;aGk=^G", "^[]8;;url^[\"
 *   C0 controls                     caret notation: "^G", "^H", "^@" (NUL)
 *   DEL                             "^?"
 *   CR                              "^M", except right before the end of the
 *                                   line (CRLF logs), where it is dropped
 *   LF                              "^J" (or "↵"/" " with SAN_NL_*)
 *   C1 controls, UTF-8 or raw byte  "<U+009B>"
 *   bidi overrides and isolates     "<U+202E>" (U+202A–202E, U+2066–2069,
 *   and marks, BOM                  U+200E/200F LRM/RLM, U+061C ALM, U+FEFF),
 *   line/paragraph separators       "<U+2028>", and any code point the C
 *   and unprintable code points     library calls unprintable
 *   invalid UTF-8                   one U+FFFD per bad sequence (overlongs,
 *                                   surrogates, > U+10FFFF, truncated)
 *   tab                             spaces to the next multiple of 8 columns
 *
 * The output is NUL-terminated UTF-8 without a single byte < 0x20 or 0x7f
 * and without C1 code points. Widths follow wcwidth() in a UTF-8 locale
 * (wide CJK = 2, combining marks = 0), which is what ncursesw uses to place
 * cells, so a layout computed here matches the screen.
 *
 * Speed matters (whole logs are searched through it): runs of printable
 * ASCII are copied in bulk, the rest goes through a byte-class table;
 * nothing is allocated per character, and a san_buf is meant to be reused
 * across calls so the steady state allocates nothing at all. */
#ifndef VDKTOP_SANITIZE_H
#define VDKTOP_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A byte range [off, off + len) of sanitised text. */
struct san_span {
	size_t off;
	size_t len;
};

/* Output of sanitize(). Owned by the caller; reuse it, free with
 * san_buf_free(). All fields are read-only for users. */
struct san_buf {
	char *text;             /* NUL-terminated, safe, valid UTF-8 */
	size_t len;             /* bytes in text */
	size_t width;           /* display columns of text */
	struct san_span *spans; /* ranges of text that stand for neutralised
	                           input (escapes, controls, U+FFFD, <U+…>), in
	                           order, non-overlapping, adjacent ones merged:
	                           draw them in a distinct colour */
	size_t nspans;
	size_t cap, spans_cap;
};

#define SAN_BUF_INIT {NULL, 0, 0, NULL, 0, 0, 0}

enum san_flags {
	SAN_NL_ARROW = 1u << 0, /* LF → "↵" (an escaped span) instead of "^J" */
	SAN_NL_SPACE = 1u << 1, /* LF → " " (plain) */
	SAN_NO_SPANS = 1u << 2, /* skip span bookkeeping (searching, counting) */
	SAN_ASCII = 1u << 3,    /* every non-ASCII character as "<U+…>", bad
	                           UTF-8 as "?": for a terminal whose locale is
	                           not UTF-8, where a byte inside a valid UTF-8
	                           sequence (0x9b) can act as a C1 control */
};

/* Sanitises len bytes at in (not NUL-terminated, may contain NUL) into b,
 * replacing b's previous content. Tab stops count from column 0 at in[0]. */
void sanitize(struct san_buf *b, const void *in, size_t len, unsigned flags);

void san_buf_free(struct san_buf *b);

/* One-line server strings (job names, descriptions, error messages):
 * a new sanitised string where line breaks (LF, CRLF) become "↵".
 * NULL in, NULL out. Free with free(). */
char *sanitize_str(const char *s);

/* Same, with line breaks as single spaces (for table cells). */
char *sanitize_str_flat(const char *s);

/* For text that is already sanitised (valid UTF-8, no controls):
 * decodes the character at s (len > 0), stores its byte length in *nbytes
 * (≥ 1) and returns its display width (0, 1 or 2; never negative). Bytes
 * that are not valid UTF-8 count as one column each, so a caller can never
 * loop forever or step into the middle of a sequence on bad input. */
int sanitize_char_width(const char *s, size_t len, size_t *nbytes);

/* Display width of already-sanitised text. */
size_t sanitize_width(const char *s, size_t len);

/* Width of one code point (wcwidth in a UTF-8 locale, whatever the process
 * locale is); -1 for code points that have no printable form. */
int sanitize_cp_width(unsigned cp);

/* ---- printing outside text (sanitize_out.c) ------------------------------
 *
 * Every line vdktop prints outside curses (--check, warnings and errors on
 * stderr, the scripting subcommands) that carries text it did not write
 * itself goes through these, so a server, a config file or a job cannot
 * retitle the terminal, write the clipboard, clear lines, reorder text or
 * forge a line of the output. In a locale that is not UTF-8 every
 * non-ASCII character is shown as "<U+…>" (SAN_ASCII). */

enum san_out_flags {
	SAN_OUT_LINE = 1u << 0, /* one field of one line: LF and CR shown as
	                           ^J and ^M, so no second line can be forged */
	SAN_OUT_TEXT = 1u << 1, /* multi-line text: LF and CRLF stay line
	                           breaks, everything else as for a field */
};

/* Writes len bytes at s (may hold NUL) to f, made safe; flags as above
 * (SAN_OUT_LINE when neither is given). No newline is added. */
void sanitize_fwrite(FILE *f, const void *s, size_t len, unsigned flags);

/* The same for a C string; NULL writes nothing. */
void sanitize_fputs(FILE *f, const char *s, unsigned flags);

/* printf, then the whole result made safe as by sanitize_fwrite(): for
 * messages that mix fixed text with outside text. When fmt itself ends
 * in a newline, that one newline is written as a line break. */
void sanitize_fprintf(FILE *f, unsigned flags, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Whether output is for a UTF-8 terminal: the process's LC_CTYPE codeset
 * (call after setlocale()). */
bool sanitize_locale_utf8(void);

/* ---- searching and laying out display text ------------------------------- */

/* A prepared case-insensitive search string: ASCII letters fold, every
 * other byte matches exactly. */
struct san_needle {
	char *q;       /* lowercased copy */
	size_t len;
	size_t anchor; /* a non-letter byte to look for with memchr, or len */
	size_t *shift; /* Horspool skips by (unfolded) byte, for len >= 3 */
};

void sanitize_needle_init(struct san_needle *nd, const char *query);
void sanitize_needle_free(struct san_needle *nd);
/* The first match in text[0..len), or NULL (also for an empty needle). */
const char *sanitize_find(const struct san_needle *nd, const char *text, size_t len);

/* Every non-overlapping match of query (ASCII case folded) in text, left
 * to right, as byte ranges of text for highlighting: stored in *ranges
 * (grown with xrealloc, *cap its capacity; start both at NULL/0 and free
 * *ranges when done). Returns the number of matches. */
size_t sanitize_match_ranges(const char *text, size_t len, const char *query, struct san_span **ranges,
			     size_t *cap);

/* Rows that display text needs wrapped at width columns (≥ 1; an empty
 * line is one row). The byte offset where each row starts is stored in
 * starts[0..max) (starts may be NULL). Rows break before a character that
 * would not fit; a wide character is never split, combining marks stay
 * with their base, and a character wider than width gets a row of its own. */
size_t sanitize_wrap(const char *text, size_t len, size_t width, size_t *starts, size_t max);

/* Horizontal scrolling: what is visible of display text from column col
 * for width columns. Draw pad_left blanks, then text[start, end), then
 * pad_right blanks: the pads stand for halves of wide characters cut by
 * the window edges. */
struct san_slice {
	size_t start, end;
	size_t pad_left, pad_right;
};
void sanitize_hslice(const char *text, size_t len, size_t col, size_t width, struct san_slice *out);

#endif
