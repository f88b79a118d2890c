/* A column table widget: layout, selection and scrolling, and drawing
 * into a curses window; each cell's text is fitted by ui/cell.
 *
 * Layout is pure (no curses), so it is unit-tested. Rows
 * are not handed over up front: the table asks its source to format a
 * row only when it is about to be drawn, and caches the result until the
 * data changes, so a 10,000-row team costs only the visible rows.
 *
 * The selection is remembered by the row's key (job name, execution id),
 * so it survives refreshes, re-sorting and filtering. Drawing repaints
 * only the old and the new row when nothing but the cursor moved. */
#ifndef VDKTOP_TABLE_H
#define VDKTOP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "util.h"
#include "ui/cell.h"
#include "ui/keys.h"
#include "ui/theme.h"

#define TABLE_MAX_COLS 16

struct table_col {
	const char *title;
	int min;     /* never narrower: rather hidden */
	int max;     /* widest it grows; 0: no limit */
	int flex;    /* share of the space left after every column has its want */
	enum cell_align align;
	int prio;    /* 0: never hidden; on a narrow screen higher values hide first */
};

/* One formatted row; cells are owned (xstrdup) or NULL for empty. */
struct table_row {
	char *cell[TABLE_MAX_COLS];
	enum theme_element el[TABLE_MAX_COLS];
};

struct table_source {
	void *ctx;
	/* Fill row i (cells zeroed, elements EL_NORMAL beforehand). */
	void (*format)(void *ctx, size_t i, struct table_row *row);
	/* Stable key of row i, borrowed; NULL when the row has none yet. */
	const char *(*key)(void *ctx, size_t i);
};

struct table;

/* cols is copied; src is copied (ctx is borrowed). */
struct table *table_new(const struct table_col *cols, size_t ncols, const struct table_source *src);
void table_free(struct table *t);

/* Column settings; each triggers a new layout. */
void table_set_hidden(struct table *t, size_t col, bool hidden);
/* The content width this column would like (e.g. the longest name);
 * without one a column wants its max (or its title when it has none). */
void table_set_want(struct table *t, size_t col, int want);
/* col < 0: no sort indicator. */
void table_set_sort(struct table *t, int col, bool desc);
void table_set_unicode(struct table *t, bool unicode);

/* The data changed and there are now n rows: the cache is dropped and the
 * selection follows its key (or stays at the same position when the key
 * is gone), keeping its distance from the top of the screen. */
void table_set_rows(struct table *t, size_t n);
size_t table_rows(const struct table *t);
/* Row i's text changed (a live duration); n unchanged. */
void table_invalidate_row(struct table *t, size_t i);
void table_invalidate_all(struct table *t);
/* Re-formats the visible rows (time passed: "5m ago", live durations)
 * and marks those whose text changed; true when any did. */
bool table_refresh_visible(struct table *t);

/* Geometry: height includes the header line. Lays out the columns. */
void table_resize(struct table *t, int height, int width);
/* Rows shown per screen (height minus the header). */
int table_page_rows(const struct table *t);

/* Selection and scrolling; each returns true when the selection or the
 * scroll position changed. */
long table_selected(const struct table *t); /* -1 when empty */
const char *table_selected_key(const struct table *t);
bool table_select(struct table *t, long i);
bool table_select_key(struct table *t, const char *key);
bool table_move(struct table *t, long delta);
bool table_page(struct table *t, int dir);
bool table_home(struct table *t);
bool table_end(struct table *t);
size_t table_top(const struct table *t);
/* "row 12/40" (the selected row of all rows), "no rows" when empty: the
 * position indicator of a view's status line. */
void table_position(const struct table *t, struct strbuf *out);
/* The movement actions (up, down, a page either way, top, bottom) on the
 * selection, as every list view binds them. false for any other action;
 * otherwise *moved says whether the selection or scroll changed. */
bool table_navigate(struct table *t, enum action act, bool *moved);
/* Row index at window line y relative to the table's first line, or -1. */
long table_row_at(const struct table *t, int y);
/* A mouse event at window line y relative to the table's first line: a
 * wheel turn (wheel != 0) moves the selection by wheel rows, a click
 * selects the row under it. True when the selection or scroll changed. */
bool table_mouse(struct table *t, int y, int wheel);

/* Pure layout: the widths for the current geometry (0: hidden). */
int table_col_width(const struct table *t, size_t col);
/* Lays out cols for width (1-column separators) into widths[]; exposed
 * for tests. Returns the number of visible columns. */
int table_layout(const struct table_col *cols, const int *want, const bool *hidden, size_t ncols,
		 int width, int *widths);

/* Draws the header and the visible rows at y,x in win, with the size of
 * the last table_resize. Touches only the rows that changed since the
 * last call unless table_force_redraw was called (after a werase). */
void table_draw(struct table *t, WINDOW *win, int y, int x);
void table_force_redraw(struct table *t);
/* Text to highlight (ASCII case folded) in every cell of the rows, as the
 * filter matched it; NULL or "" for none. Redraws all rows on a change. */
void table_set_match(struct table *t, const char *query);


#endif
