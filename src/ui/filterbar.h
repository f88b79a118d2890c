/* The "/" filter prompt of the list views (jobs, job, runs, properties):
 * its editing, what a key means to the view behind it, and its line.
 * The text is a struct lineedit, so it edits like every other prompt. */
#ifndef VDKTOP_UI_FILTERBAR_H
#define VDKTOP_UI_FILTERBAR_H

#include <stdbool.h>
#include <curses.h>

#include "ui/lineedit.h"

/* The "/" filter prompt's line editing, shared by the list views: the
 * line editor every other prompt uses (Home/End, Left/Right, Ctrl-U/W/K…),
 * plus Enter and Esc. key is a key code as ui/keys.h defines them (a code
 * point, or KEY_FN(KEY_x)). */
enum filterbar_edit {
	FILTERBAR_CHANGED,   /* text changed: re-filter */
	FILTERBAR_MOVED,     /* only the cursor moved: redraw the prompt */
	FILTERBAR_DONE,      /* Enter: keep the filter, stop editing */
	FILTERBAR_CANCEL,    /* Esc: clear the filter, stop editing */
	FILTERBAR_IGNORED,   /* consumed, nothing changed */
	FILTERBAR_UNHANDLED, /* not an editing key (arrows, PgDn): navigate */
};
enum filterbar_edit filterbar_edit_key(struct lineedit *text, int key, bool is_char);
/* What a view does when its open "/" prompt changes or closes; ctx is
 * the view's own. */
struct filterbar_ops {
	int (*changed)(void *ctx); /* text changed: re-filter, return R_* bits */
	void (*stop)(void *ctx);   /* the prompt closed (Enter or Esc) */
};
/* One key to an open prompt, as every list view treats it: a change
 * re-filters, Enter closes the prompt keeping the text, Esc clears the
 * text, re-filters and closes it. Returns R_* bits (ui/view.h). */
int filterbar_key(struct lineedit *text, int key, bool is_char, const struct filterbar_ops *ops, void *ctx);
/* Draws the prompt "/text" on line y of win, width columns: highlighted
 * with the terminal cursor at the editor's cursor while editing, dim while
 * a kept filter is only shown. */
void filterbar_draw(WINDOW *win, int y, int width, const struct lineedit *text, bool editing, bool unicode);
/* The same, led by "filter (fields): " so the user knows what the filter
 * looks at; fields NULL draws the bare "/text". */
void filterbar_draw_fields(WINDOW *win, int y, int width, const char *fields, const struct lineedit *text,
			   bool editing, bool unicode);

#endif
