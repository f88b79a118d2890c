/* The selected row's full text below a table, word-wrapped: a value in
 * the properties views, a run's message in the runs and job views. A
 * table cell cuts text to its column; this is where it is read whole. */
#ifndef VDKTOP_UI_DETAIL_H
#define VDKTOP_UI_DETAIL_H

#include <curses.h>

#include "ui/theme.h"

/* At most this many wrapped rows of text; the last says "…" when more
 * was cut. */
#define DETAIL_MAX 6

/* Draws label on row y and text (server text: sanitised here) wrapped on
 * the rows below it, indented by 2, in at most max - 1 rows and
 * DETAIL_MAX. Nothing when max < 2. Returns the rows used. */
int detail_draw(WINDOW *w, int y, int max, int cols, const char *label, const char *text, enum theme_element el);

#endif
