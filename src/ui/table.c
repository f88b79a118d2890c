#include "ui/table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "sanitize.h"
#include "ui/view.h"

/* Formatted rows are cached for the screen only: a direct-mapped set of
 * slots keyed by row index, at least twice the rows on screen (so the
 * visible rows never share a slot). Memory and every loop here follow
 * the height of the table, never its row count, which a server may
 * claim to be in the billions. */
struct slot {
	size_t i;              /* the row this slot holds or marks dirty */
	struct table_row *row; /* NULL until formatted */
	bool dirty;            /* row i's text changed since the last draw */
};

#define TABLE_MIN_SLOTS 64
/* A remembered key is looked for among this many rows nearest the
 * selection: every row of any list vdktop holds whole. */
#define TABLE_KEY_SCAN 65536

struct table {
	struct table_col cols[TABLE_MAX_COLS];
	size_t ncols;
	struct table_source src;
	int want[TABLE_MAX_COLS];
	bool hidden[TABLE_MAX_COLS];
	int widths[TABLE_MAX_COLS];
	int sort_col;
	bool sort_desc;
	bool unicode;

	size_t n;
	struct slot *slots; /* nslots, a power of two */
	size_t nslots;
	size_t sel;
	char *sel_key;
	size_t top;
	int height, width;

	/* What the last table_draw put on screen, to repaint only changes. */
	bool drawn_valid;
	WINDOW *drawn_win;
	int drawn_y, drawn_x;
	size_t drawn_top, drawn_sel;
	bool row_dirty_any;
	struct strbuf line;
	char *match;            /* the filter, highlighted in the rows; owned */
	struct san_span *spans; /* its ranges in line, reused across cells */
	size_t spans_cap;
};

static void row_free(struct table_row *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < TABLE_MAX_COLS; i++)
		free(r->cell[i]);
	free(r);
}

static struct slot *slot_of(const struct table *t, size_t i)
{
	return &t->slots[i & (t->nslots - 1)];
}

/* Forgets every formatted row and dirty mark. */
static void cache_drop(struct table *t)
{
	for (size_t k = 0; k < t->nslots; k++) {
		row_free(t->slots[k].row);
		t->slots[k] = (struct slot){0, NULL, false};
	}
	t->row_dirty_any = false;
}

/* Enough slots for the screen's rows (twice, rounded to a power of two). */
static void slots_fit(struct table *t)
{
	size_t want = TABLE_MIN_SLOTS, h = (size_t)table_page_rows(t);
	while (want < 2 * h)
		want *= 2;
	if (want == t->nslots)
		return;
	cache_drop(t);
	free(t->slots);
	t->slots = xcallocarray(want, sizeof(*t->slots));
	t->nslots = want;
}

/* The row holding key, looked for outward from row around among the
 * TABLE_KEY_SCAN nearest; n when not found. */
static size_t find_key(const struct table *t, const char *key, size_t around)
{
	if (around >= t->n)
		around = t->n ? t->n - 1 : 0;
	for (size_t d = 0; d < TABLE_KEY_SCAN && d <= t->n; d++) {
		if (around + d < t->n && str_eq(t->src.key(t->src.ctx, around + d), key))
			return around + d;
		if (d && d <= around && str_eq(t->src.key(t->src.ctx, around - d), key))
			return around - d;
		if (around + d >= t->n && d > around)
			break;
	}
	return t->n;
}

static void relayout(struct table *t)
{
	int want[TABLE_MAX_COLS];
	for (size_t i = 0; i < t->ncols; i++) {
		/* room for the title and its sort indicator */
		int tw = cell_width(t->cols[i].title, t->unicode) + 1;
		/* no content hint: a column with a cap wants all of it */
		int w = t->want[i] > 0 ? t->want[i] : t->cols[i].max;
		want[i] = w > tw ? w : tw;
	}
	table_layout(t->cols, want, t->hidden, t->ncols, t->width, t->widths);
	t->drawn_valid = false;
}

struct table *table_new(const struct table_col *cols, size_t ncols, const struct table_source *src)
{
	struct table *t = xcalloc(1, sizeof(*t));
	if (ncols > TABLE_MAX_COLS)
		ncols = TABLE_MAX_COLS;
	memcpy(t->cols, cols, ncols * sizeof(*cols));
	t->ncols = ncols;
	t->src = *src;
	t->sort_col = -1;
	t->unicode = true;
	slots_fit(t);
	return t;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	cache_drop(t);
	free(t->slots);
	free(t->sel_key);
	strbuf_free(&t->line);
	free(t->match);
	free(t->spans);
	free(t);
}

void table_set_hidden(struct table *t, size_t col, bool hidden)
{
	if (col >= t->ncols || t->hidden[col] == hidden)
		return;
	t->hidden[col] = hidden;
	relayout(t);
}

void table_set_want(struct table *t, size_t col, int want)
{
	if (col >= t->ncols || t->want[col] == want)
		return;
	t->want[col] = want;
	relayout(t);
}

void table_set_sort(struct table *t, int col, bool desc)
{
	if (t->sort_col == col && t->sort_desc == desc)
		return;
	t->sort_col = col;
	t->sort_desc = desc;
	t->drawn_valid = false;
}

void table_set_unicode(struct table *t, bool unicode)
{
	if (t->unicode == unicode)
		return;
	t->unicode = unicode;
	relayout(t);
}

int table_page_rows(const struct table *t)
{
	return t->height > 1 ? t->height - 1 : 1;
}

/* Keeps the selection on screen, moving top as little as possible. */
static void scroll_to_sel(struct table *t)
{
	size_t h = (size_t)table_page_rows(t);
	if (t->n == 0) {
		t->top = 0;
		return;
	}
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + h)
		t->top = t->sel - h + 1;
	/* no blank space below the last row when rows could fill it */
	if (t->n > h && t->top > t->n - h)
		t->top = t->n - h;
	if (t->n <= h)
		t->top = 0;
}

static void remember_key(struct table *t)
{
	const char *k = t->n ? t->src.key(t->src.ctx, t->sel) : NULL;
	if (str_eq(k, t->sel_key))
		return;
	free(t->sel_key);
	t->sel_key = xstrdup(k);
}

void table_set_rows(struct table *t, size_t n)
{
	size_t old_sel = t->sel;
	bool at_head = t->top == 0;
	size_t offset = t->sel >= t->top ? t->sel - t->top : 0;
	cache_drop(t);
	t->n = n;
	t->drawn_valid = false;
	if (n == 0) {
		t->sel = t->top = 0;
		return; /* keep sel_key: the row may come back */
	}
	size_t found = t->sel_key ? find_key(t, t->sel_key, old_sel) : n;
	if (found < n) {
		t->sel = found;
	} else {
		t->sel = old_sel < n ? old_sel : n - 1;
		remember_key(t);
	}
	/* The selection stays on its row and, as far as possible, at its
	 * place on screen; but a list looked at from its head keeps showing
	 * the head, so a new newest execution appears instead of pushing
	 * the view down a row. */
	t->top = at_head ? 0 : t->sel >= offset ? t->sel - offset : 0;
	scroll_to_sel(t);
}

size_t table_rows(const struct table *t)
{
	return t->n;
}

void table_invalidate_row(struct table *t, size_t i)
{
	if (i >= t->n)
		return;
	struct slot *sl = slot_of(t, i);
	row_free(sl->row);
	*sl = (struct slot){i, NULL, true};
	t->row_dirty_any = true;
}

void table_invalidate_all(struct table *t)
{
	for (size_t k = 0; k < t->nslots; k++) {
		row_free(t->slots[k].row);
		t->slots[k].row = NULL;
	}
	t->drawn_valid = false;
}

void table_resize(struct table *t, int height, int width)
{
	if (t->height == height && t->width == width)
		return;
	t->height = height;
	t->width = width;
	slots_fit(t);
	relayout(t);
	scroll_to_sel(t);
}

long table_selected(const struct table *t)
{
	return t->n ? (long)t->sel : -1;
}

const char *table_selected_key(const struct table *t)
{
	return t->n ? t->sel_key : NULL;
}

bool table_select(struct table *t, long i)
{
	if (t->n == 0)
		return false;
	if (i < 0)
		i = 0;
	if ((size_t)i >= t->n)
		i = (long)t->n - 1;
	size_t old_sel = t->sel, old_top = t->top;
	t->sel = (size_t)i;
	scroll_to_sel(t);
	remember_key(t);
	return t->sel != old_sel || t->top != old_top;
}

bool table_select_key(struct table *t, const char *key)
{
	size_t i = find_key(t, key, t->sel);
	if (i < t->n) {
		table_select(t, (long)i);
		return true;
	}
	/* not there yet: remembered, so the next data selects it */
	free(t->sel_key);
	t->sel_key = xstrdup(key);
	return false;
}

bool table_move(struct table *t, long delta)
{
	return table_select(t, (long)t->sel + delta);
}

bool table_page(struct table *t, int dir)
{
	if (t->n == 0)
		return false;
	long h = table_page_rows(t);
	size_t old_sel = t->sel, old_top = t->top;
	long sel = (long)t->sel + dir * h;
	long top = (long)t->top + dir * h;
	if (sel < 0)
		sel = 0;
	if (sel >= (long)t->n)
		sel = (long)t->n - 1;
	if (top < 0)
		top = 0;
	t->sel = (size_t)sel;
	t->top = (size_t)top;
	scroll_to_sel(t);
	remember_key(t);
	return t->sel != old_sel || t->top != old_top;
}

bool table_home(struct table *t)
{
	return table_select(t, 0);
}

bool table_end(struct table *t)
{
	return table_select(t, (long)t->n - 1);
}

size_t table_top(const struct table *t)
{
	return t->top;
}

long table_row_at(const struct table *t, int y)
{
	if (y < 1 || y >= t->height)
		return -1;
	size_t i = t->top + (size_t)(y - 1);
	return i < t->n ? (long)i : -1;
}

int table_col_width(const struct table *t, size_t col)
{
	return col < t->ncols ? t->widths[col] : 0;
}

/* The effective want of column i: at least min, at most max. */
static int col_want(const struct table_col *c, const int *want, size_t i)
{
	int w = want ? want[i] : c->min;
	if (c->max > 0 && w > c->max)
		w = c->max;
	return w < c->min ? c->min : w;
}

int table_layout(const struct table_col *cols, const int *want, const bool *hidden, size_t ncols,
		 int width, int *widths)
{
	bool vis[TABLE_MAX_COLS];
	if (ncols > TABLE_MAX_COLS)
		ncols = TABLE_MAX_COLS;
	int maxprio = 0;
	for (size_t i = 0; i < ncols; i++) {
		vis[i] = false;
		widths[i] = 0;
		if (cols[i].prio > maxprio)
			maxprio = cols[i].prio;
	}
	/* Admit columns by importance. Columns that are never hidden always
	 * come in; any other column only when it fits at its minimum after
	 * every column admitted before it has its full want, so a job name
	 * is shown whole before an extra column appears. */
	int need_want = 0, nvis = 0;
	for (int p = 0; p <= maxprio; p++)
		for (size_t i = 0; i < ncols; i++) {
			if (cols[i].prio != p || (hidden && hidden[i]))
				continue;
			int sep = nvis > 0 ? 1 : 0;
			if (p > 0 && need_want + sep + cols[i].min > width)
				continue;
			vis[i] = true;
			nvis++;
			need_want += sep + col_want(&cols[i], want, i);
		}
	if (nvis == 0)
		return 0;
	int spare = width - (nvis - 1);
	for (size_t i = 0; i < ncols; i++)
		if (vis[i]) {
			widths[i] = cols[i].min;
			spare -= cols[i].min;
		}
	if (spare < 0) {
		/* Only unhideable columns and still too wide: squeeze from the
		 * right, never below one column. */
		for (size_t k = ncols; k-- > 0 && spare < 0;) {
			if (!vis[k])
				continue;
			int take = widths[k] - 1;
			if (take > -spare)
				take = -spare;
			widths[k] -= take;
			spare += take;
		}
		return nvis;
	}
	/* Then each column up to its want, most important first. */
	for (int p = 0; p <= maxprio && spare > 0; p++)
		for (size_t i = 0; i < ncols && spare > 0; i++) {
			if (!vis[i] || cols[i].prio != p)
				continue;
			int add = col_want(&cols[i], want, i) - widths[i];
			if (add <= 0)
				continue;
			if (add > spare)
				add = spare;
			widths[i] += add;
			spare -= add;
		}
	/* What is left goes to flexible columns by weight, one column at a
	 * time so rounding never overshoots. */
	int base[TABLE_MAX_COLS];
	memcpy(base, widths, ncols * sizeof(int));
	while (spare > 0) {
		int best = -1;
		for (size_t i = 0; i < ncols; i++) {
			if (!vis[i] || cols[i].flex <= 0)
				continue;
			if (cols[i].max > 0 && widths[i] >= cols[i].max)
				continue;
			/* smallest (extra+1)/flex wins */
			if (best < 0 ||
			    (long)(widths[i] - base[i] + 1) * cols[best].flex <
				    (long)(widths[best] - base[best] + 1) * cols[i].flex)
				best = (int)i;
		}
		if (best < 0)
			break;
		widths[best]++;
		spare--;
	}
	return nvis;
}

static struct table_row *row_get(struct table *t, size_t i)
{
	struct slot *sl = slot_of(t, i);
	if (sl->i != i) {
		row_free(sl->row);
		*sl = (struct slot){i, NULL, false};
	}
	if (!sl->row) {
		struct table_row *r = xcalloc(1, sizeof(*r));
		for (size_t c = 0; c < TABLE_MAX_COLS; c++)
			r->el[c] = EL_NORMAL;
		t->src.format(t->src.ctx, i, r);
		sl->row = r;
	}
	return sl->row;
}

static void put(struct table *t, WINDOW *win, int attr, const char *s, int width, enum cell_align al)
{
	strbuf_reset(&t->line);
	cell_fit(s, width, al, t->unicode, &t->line);
	wattrset(win, attr);
	waddstr(win, t->line.buf ? t->line.buf : "");
}

/* A cell with the filter's matches highlighted. The matches are looked
 * for in the fitted text, the text as made safe and shown: a range never
 * points into what the fitting replaced or cut. */
static void put_matched(struct table *t, WINDOW *win, int attr, const char *s, int width, enum cell_align al)
{
	if (str_empty(t->match)) {
		put(t, win, attr, s, width, al);
		return;
	}
	strbuf_reset(&t->line);
	cell_fit(s, width, al, t->unicode, &t->line);
	const char *text = t->line.buf ? t->line.buf : "";
	size_t n = sanitize_match_ranges(text, t->line.len, t->match, &t->spans, &t->spans_cap);
	int hl = theme_attr(EL_SEARCH_MATCH);
	/* Without colour the match and the selected row are both reverse
	 * video: on that row the match turns back to normal video, bold and
	 * underlined, so it still stands out. */
	if (PAIR_NUMBER(hl) == 0 && (attr & A_REVERSE) && (hl & A_REVERSE))
		hl = (attr & ~A_REVERSE) | A_BOLD | A_UNDERLINE;
	size_t at = 0;
	for (size_t k = 0; k <= n; k++) {
		size_t end = k < n ? t->spans[k].off : t->line.len;
		wattrset(win, attr);
		waddnstr(win, text + at, (int)(end - at));
		if (k == n)
			break;
		wattrset(win, hl);
		waddnstr(win, text + end, (int)t->spans[k].len);
		at = end + t->spans[k].len;
	}
}

/* A cell fitted to its width. Its leading blanks (the padding of a
 * right-aligned cell) stay in the attribute already current, *cur, when a
 * blank looks the same in both; the text and what follows it take the
 * cell's own. With a filter a match may include padding, so the cell is
 * then drawn in its own attribute throughout. */
static void put_cell(struct table *t, WINDOW *win, int *cur, int attr, const char *s, int width, enum cell_align al,
		     bool matched)
{
	if (matched && !str_empty(t->match)) {
		put_matched(t, win, attr, s, width, al);
		*cur = attr;
		return;
	}
	strbuf_reset(&t->line);
	cell_fit(s, width, al, t->unicode, &t->line);
	const char *text = t->line.buf ? t->line.buf : "";
	size_t lead = strspn(text, " ");
	if (lead > 0 && *cur != attr && theme_blank_like(*cur, attr)) {
		wattrset(win, *cur);
		waddnstr(win, text, (int)lead);
		text += lead;
		if (!*text)
			return;
	}
	wattrset(win, attr);
	waddstr(win, text);
	*cur = attr;
}

/* One line of cells: the visible columns, one space between them and the
 * rest of the width filled, so the header and the rows always line up.
 * attr[c] is column c's attribute, gap that of the spaces and the fill.
 * Blanks keep the attribute already current when they look the same in
 * it: the terminal is then told of an attribute once per change along
 * the row, not on both sides of every coloured cell. A cursor move
 * repaints two rows, and these switches were a good part of its bytes. */
static void put_cells(struct table *t, WINDOW *win, int y, int x, const char *const *text, const int *attr, int gap,
		      bool matched)
{
	wmove(win, y, x);
	int used = 0;
	bool first = true;
	int cur = gap;
	for (size_t c = 0; c < t->ncols; c++) {
		int w = t->widths[c];
		if (w <= 0)
			continue;
		if (!first) {
			put(t, win, theme_blank_like(cur, gap) ? cur : gap, " ", 1, CELL_LEFT);
			if (!theme_blank_like(cur, gap))
				cur = gap;
			used++;
		}
		first = false;
		put_cell(t, win, &cur, attr[c], text[c], w, t->cols[c].align, matched);
		used += w;
	}
	if (used < t->width)
		put(t, win, theme_blank_like(cur, gap) ? cur : gap, "", t->width - used, CELL_LEFT);
}

/* The sort column's title with its direction; the indicator is kept and
 * the title cut when the column is too narrow for both. Owned. */
static char *sorted_title(const struct table *t, size_t c)
{
	const char *title = t->cols[c].title;
	const char *ind = t->unicode ? (t->sort_desc ? "\u25bc" : "\u25b2") : (t->sort_desc ? "v" : "^");
	char *s = xasprintf("%s%s", title, ind);
	int w = t->widths[c];
	if (cell_width(s, t->unicode) > w) {
		struct strbuf sb = STRBUF_INIT;
		cell_fit(title, w - 1, CELL_LEFT, t->unicode, &sb);
		free(s);
		s = xasprintf("%s%s", sb.buf ? sb.buf : "", ind);
		strbuf_free(&sb);
	}
	return s;
}

static void draw_header(struct table *t, WINDOW *win, int y, int x)
{
	const char *text[TABLE_MAX_COLS] = {0};
	int attr[TABLE_MAX_COLS] = {0};
	int hattr = theme_attr(EL_COLUMN_HEADER);
	for (size_t c = 0; c < t->ncols; c++) {
		text[c] = t->cols[c].title;
		attr[c] = hattr;
	}
	char *sorted = NULL;
	if (t->sort_col >= 0 && (size_t)t->sort_col < t->ncols && t->widths[t->sort_col] > 0)
		text[t->sort_col] = sorted = sorted_title(t, (size_t)t->sort_col);
	put_cells(t, win, y, x, text, attr, hattr, false);
	free(sorted);
}

static void draw_row(struct table *t, WINDOW *win, int y, int x, size_t i)
{
	if (i >= t->n) {
		wmove(win, y, x);
		put(t, win, theme_attr(EL_NORMAL), "", t->width, CELL_LEFT);
		return;
	}
	struct table_row *r = row_get(t, i);
	bool sel = i == t->sel;
	int sel_attr = theme_attr(EL_SELECTED);
	int attr[TABLE_MAX_COLS] = {0};
	for (size_t c = 0; c < t->ncols; c++)
		attr[c] = sel ? sel_attr : theme_attr(r->el[c]);
	put_cells(t, win, y, x, (const char *const *)r->cell, attr, sel ? sel_attr : theme_attr(EL_NORMAL), true);
}

void table_set_match(struct table *t, const char *query)
{
	if (!str_empty(query) && t->match && strcmp(query, t->match) == 0)
		return;
	if (str_empty(query) && !t->match)
		return;
	free(t->match);
	t->match = str_empty(query) ? NULL : xstrdup(query);
	t->drawn_valid = false;
}

void table_force_redraw(struct table *t)
{
	t->drawn_valid = false;
}

void table_draw(struct table *t, WINDOW *win, int y, int x)
{
	int h = table_page_rows(t);
	bool full = !t->drawn_valid || t->drawn_win != win || t->drawn_y != y || t->drawn_x != x ||
		    t->drawn_top != t->top;
	if (full) {
		draw_header(t, win, y, x);
		for (int k = 0; k < h; k++)
			draw_row(t, win, y + 1 + k, x, t->top + (size_t)k);
	} else {
		/* Only what changed: the rows the cursor left and entered, and
		 * rows whose text was invalidated. */
		for (int k = 0; k < h; k++) {
			size_t i = t->top + (size_t)k;
			bool dirty = i < t->n && slot_of(t, i)->i == i && slot_of(t, i)->dirty;
			if (dirty || (i == t->sel) != (i == t->drawn_sel))
				draw_row(t, win, y + 1 + k, x, i);
		}
	}
	if (t->row_dirty_any) {
		for (size_t k = 0; k < t->nslots; k++)
			t->slots[k].dirty = false;
		t->row_dirty_any = false;
	}
	wattrset(win, theme_attr(EL_NORMAL));
	t->drawn_valid = true;
	t->drawn_win = win;
	t->drawn_y = y;
	t->drawn_x = x;
	t->drawn_top = t->top;
	t->drawn_sel = t->sel;
}

bool table_navigate(struct table *t, enum action act, bool *moved)
{
	switch (act) {
	case ACT_UP:
		*moved = table_move(t, -1);
		return true;
	case ACT_DOWN:
		*moved = table_move(t, 1);
		return true;
	case ACT_PAGE_UP:
		*moved = table_page(t, -1);
		return true;
	case ACT_PAGE_DOWN:
		*moved = table_page(t, 1);
		return true;
	case ACT_TOP:
		*moved = table_home(t);
		return true;
	case ACT_BOTTOM:
		*moved = table_end(t);
		return true;
	default:
		return false;
	}
}

bool table_mouse(struct table *t, int y, int wheel)
{
	if (wheel)
		return table_move(t, wheel);
	long i = table_row_at(t, y);
	return i >= 0 && table_select(t, i);
}

bool table_refresh_visible(struct table *t)
{
	bool changed = false;
	size_t h = (size_t)table_page_rows(t);
	for (size_t i = t->top; i < t->n && i < t->top + h; i++) {
		struct slot *sl = slot_of(t, i);
		struct table_row *old = sl->i == i ? sl->row : NULL;
		if (!old)
			continue;
		sl->row = NULL;
		struct table_row *now = row_get(t, i);
		bool same = true;
		for (size_t c = 0; c < t->ncols && same; c++)
			same = str_eq(old->cell[c], now->cell[c]) && old->el[c] == now->el[c];
		row_free(old);
		if (!same) {
			sl->dirty = true;
			t->row_dirty_any = true;
			changed = true;
		}
	}
	return changed;
}

void table_position(const struct table *t, struct strbuf *out)
{
	long sel = table_selected(t);
	if (sel < 0)
		strbuf_puts(out, "no rows");
	else
		strbuf_printf(out, "row %ld/%zu", sel + 1, table_rows(t));
}
