/* Fitting text into a width without curses: word-boundary wrapping for
 * dialogs and forms, and the priority layout of the header, status and
 * hint lines. Pure functions, so the decisions are unit-tested. */
#ifndef VDKTOP_TEXTFIT_H
#define VDKTOP_TEXTFIT_H

#include <stdbool.h>
#include <stddef.h>

/* Rows that display text (already sanitised) needs wrapped at width
 * columns, breaking at spaces: a row ends at the last space that still
 * fits, and the next row starts after the spaces. Only a word wider than
 * the whole width is split, between characters (wide characters and
 * combining marks are never split). starts[0..max) gets each row's first
 * byte (starts may be NULL); an empty text is one row. A row drawn from
 * its start to the next one may end in spaces past width: draw at most
 * width columns of it. */
size_t textfit_wrap(const char *text, size_t len, size_t width, size_t *starts, size_t max);

/* One piece of a line for textfit_layout(). */
struct fit_item {
	int width;  /* columns it wants */
	int prio;   /* 0 most important: dropped last */
	int min;    /* > 0: may shrink to this many columns (cut with an
		     * ellipsis) before it is dropped; 0: whole or nothing,
		     * for anything holding a number */
	int soft;   /* > 0 (≥ min): a cut to this width is fine before any
		     * item is dropped (a long title, a long host name) */
};

/* Gives each item its columns (out[i], 0: dropped) so that the total is
 * at most cols, cutting only as much as needed at each step: first items
 * are cut towards their soft width, then towards their min (in both,
 * least important first), and only then are items dropped whole, the
 * least important first (the later one among equals). Returns the total
 * width used. */
int textfit_layout(const struct fit_item *items, size_t n, int cols, int *out);

#endif
