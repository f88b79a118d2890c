/* A single-line UTF-8 text field: the editing model behind every form field.
 *
 * No drawing happens here. A form widget owns a struct lineedit, feeds it
 * keys with lineedit_handle_key(), and draws what lineedit_visible() (or
 * lineedit_view()) says, placing the terminal cursor at the column given.
 *
 * The text is always valid UTF-8 without control characters, and the cursor
 * is a byte offset that always sits on a code point boundary. Lengths and
 * limits count code points; screen widths use wcwidth(), so the program must
 * have called setlocale(LC_CTYPE, "") with a UTF-8 locale for East Asian
 * wide characters to take two columns.
 *
 * Keys understood by lineedit_handle_key() (readline habits):
 *   Left / Right, Ctrl-B / Ctrl-F   move by one character
 *   Home / End, Ctrl-A / Ctrl-E     start / end of the line
 *   Backspace (KEY_BACKSPACE, 127, Ctrl-H)   delete before the cursor
 *   Delete (KEY_DC), Ctrl-D          delete under the cursor
 *   Ctrl-U  delete to the start      Ctrl-K  delete to the end
 *   Ctrl-W  delete the word before the cursor (back to whitespace, like a
 *           shell's Ctrl-W)
 *   any printable character          insert at the cursor
 * Tab, Enter, Esc, Up/Down and every other key are NOT consumed, so the form
 * can use them for field navigation, submit and cancel. */
#ifndef VDKTOP_UI_LINEEDIT_H
#define VDKTOP_UI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "util.h"

struct lineedit {
	char *buf;        /* UTF-8 text, NUL-terminated, owned */
	size_t len;       /* bytes in buf */
	size_t cap;
	size_t cursor;    /* byte offset, on a code point boundary */
	size_t scroll;    /* byte offset of the first visible character */
	size_t max_chars; /* 0 = no limit */
	bool masked;      /* display every character as a bullet (secrets) */
	bool modified;    /* the text changed since init / lineedit_set() */
};

/* An empty field; max_chars 0 means unlimited. Free with lineedit_free(). */
void lineedit_init(struct lineedit *le, size_t max_chars);
void lineedit_free(struct lineedit *le);

/* Replaces the text (sanitised as a paste is, cut at max_chars), puts the
 * cursor at the end and clears `modified`. NULL means empty. */
void lineedit_set(struct lineedit *le, const char *text);
/* The current text; valid until the next change. Never NULL. */
const char *lineedit_text(const struct lineedit *le);
/* Number of code points in the text. */
size_t lineedit_chars(const struct lineedit *le);
void lineedit_set_masked(struct lineedit *le, bool masked);

/* Inserts one character at the cursor. Returns false (and changes nothing)
 * for control characters, surrogates, values beyond U+10FFFF, or when the
 * field is full. */
bool lineedit_insert_wc(struct lineedit *le, wchar_t wc);
/* Inserts UTF-8 text at the cursor, as for a paste: tabs and line breaks
 * become spaces, other control characters are dropped, invalid bytes become
 * U+FFFD, and what does not fit in max_chars is dropped. Returns the number
 * of characters inserted. */
size_t lineedit_insert_str(struct lineedit *le, const char *utf8);

/* Editing and motion. Each returns true if the text or the cursor moved. */
bool lineedit_backspace(struct lineedit *le);
bool lineedit_delete(struct lineedit *le);
bool lineedit_left(struct lineedit *le);
bool lineedit_right(struct lineedit *le);
bool lineedit_home(struct lineedit *le);
bool lineedit_end(struct lineedit *le);
bool lineedit_kill_to_start(struct lineedit *le); /* Ctrl-U */
bool lineedit_kill_to_end(struct lineedit *le);   /* Ctrl-K */
bool lineedit_kill_word(struct lineedit *le);     /* Ctrl-W */

/* Feeds one key from get_wch(): is_char is true when get_wch() returned OK
 * (key is a character, including control characters such as 1 for Ctrl-A
 * and 127), false for KEY_CODE_YES (key is a KEY_* code). Returns true if
 * the field consumed the key (also a printable key refused because the
 * field is full); false if the caller should handle it. */
bool lineedit_handle_key(struct lineedit *le, int key, bool is_char);

/* Horizontal scrolling for a field `width` columns wide (>= 1): updates
 * le->scroll so the cursor stays visible, moving it as little as possible,
 * and pulls it back when the end of the text leaves room. Sets *start to
 * the byte offset of the first visible character and *cursor_col to the
 * cursor's column within the field (0-based). The scroll position only
 * moves here, so call it (or lineedit_visible()) on every redraw. */
void lineedit_view(struct lineedit *le, int width, size_t *start, int *cursor_col);

/* What to draw: calls lineedit_view() and returns a new string (caller
 * frees) of the visible characters, at most `width` columns wide; in masked
 * mode one `bullet` per character (e.g. "\u2022", or "*" on terminals
 * without UTF-8; NULL means "*"). */
char *lineedit_visible(struct lineedit *le, int width, const char *bullet, int *cursor_col);

/* Tab completion of a filesystem path for the deploy form.
 * Looks in the directory part of `text` (the current directory when there
 * is none; a leading "~/" means $HOME) for entries starting with the last
 * component. Hidden entries are offered only when that component starts
 * with '.'. If candidates is not NULL, it receives every match (names only,
 * directories with a trailing '/', sorted) so the form can list them.
 * Returns a new string: `text` extended by the longest completion common to
 * all matches, with a trailing '/' when the single match is a directory;
 * or NULL when nothing matches. The result equals `text` when the matches
 * share nothing more. */
char *lineedit_complete_path(const char *text, struct strlist *candidates);

#endif
