/* One line of text fitted to a column width: what each character shows
 * as (its bytes or a replacement) and how many columns it takes. Every
 * table cell, list line and single-line label goes through here, after
 * the sanitiser. Pure (no curses), so the decisions are unit-tested. */
#ifndef VDKTOP_CELL_H
#define VDKTOP_CELL_H

#include <stdbool.h>

#include "util.h"

enum cell_align { CELL_LEFT, CELL_RIGHT };

/* Columns s takes as cell_fit shows it when it holds only printable
 * text; a control byte counts as one column (cell_fit spells it out
 * wider). What a column's want width is measured with. */
int cell_width(const char *s, bool unicode);
/* Appends s fitted to exactly width columns. Text holding anything but
 * printable ASCII goes through the sanitiser first: escape sequences,
 * controls and bidi overrides are made visible ("^[[2J", "^G",
 * "<U+202E>"), a newline becomes a space, a tab spaces to the next tab
 * stop. Then without unicode non-ASCII becomes '?' (common punctuation
 * such as "…", "—", "·", "→" gets an ASCII spelling), a wide character
 * is never split, and a cut is marked with "…" (ASCII "~").
 * Returns the number of columns of s that were dropped (0: fits). */
int cell_fit(const char *s, int width, enum cell_align al, bool unicode, struct strbuf *out);

#endif
