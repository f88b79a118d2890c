#include "ui/textfit.h"

#include "sanitize.h"

size_t textfit_wrap(const char *text, size_t len, size_t width, size_t *starts, size_t max)
{
	size_t rows = 1, col = 0, i = 0, nb;
	/* The last break opportunity on this row: where the next row would
	 * start (after a run of spaces) and the column it leaves behind. */
	size_t brk = 0, brk_col = 0;
	bool have_brk = false;
	if (width == 0)
		width = 1;
	if (starts && max)
		starts[0] = 0;
	while (i < len) {
		int w = sanitize_char_width(text + i, len - i, &nb);
		if (text[i] == ' ') {
			/* Spaces never start a wrap: they are absorbed at the
			 * end of the row, however many there are. Leading
			 * spaces are no break: the row would be blank. */
			bool lead = col == 0;
			col += (size_t)w;
			i += nb;
			while (i < len && text[i] == ' ') {
				col++;
				i++;
			}
			if (!lead) {
				brk = i;
				brk_col = col;
				have_brk = true;
			}
			continue;
		}
		if (w && col && col + (size_t)w > width) {
			size_t at = i;
			if (have_brk) {
				at = brk;
				col -= brk_col;
			} else {
				col = 0;
			}
			if (starts && rows < max)
				starts[rows] = at;
			rows++;
			have_brk = false;
			/* The word carried over may itself be too wide. */
			if (col + (size_t)w > width && col) {
				if (starts && rows < max)
					starts[rows] = i;
				rows++;
				col = 0;
			}
		}
		col += (size_t)w;
		i += nb;
	}
	return rows;
}

static int floor_of(const struct fit_item *it, bool soft)
{
	return soft ? it->soft : it->min;
}

/* Narrows items to their soft widths (or their mins) until total fits in
 * cols, least important first (the later one among equals); returns the
 * new total. */
static int cut_to_floor(const struct fit_item *items, size_t n, int cols, int *out, int total, bool soft)
{
	while (total > cols) {
		size_t pick = n;
		for (size_t i = 0; i < n; i++) {
			int lo = floor_of(&items[i], soft);
			if (lo > 0 && out[i] > lo && (pick == n || items[i].prio >= items[pick].prio))
				pick = i;
		}
		if (pick == n)
			break;
		int over = total - cols, spare = out[pick] - floor_of(&items[pick], soft);
		int give = spare < over ? spare : over;
		out[pick] -= give;
		total -= give;
	}
	return total;
}

int textfit_layout(const struct fit_item *items, size_t n, int cols, int *out)
{
	int total = 0;
	for (size_t i = 0; i < n; i++) {
		out[i] = items[i].width > 0 ? items[i].width : 0;
		total += out[i];
	}
	if (cols < 0)
		cols = 0;
	/* Soft cuts first, then cuts to each item's min: every item gives
	 * up what it can spare before any disappears. */
	total = cut_to_floor(items, n, cols, out, total, true);
	total = cut_to_floor(items, n, cols, out, total, false);
	/* Last, drops: the least important item still shown; the later one
	 * among equals. */
	while (total > cols) {
		size_t pick = n;
		for (size_t i = 0; i < n; i++)
			if (out[i] > 0 && (pick == n || items[i].prio >= items[pick].prio))
				pick = i;
		if (pick == n)
			break;
		total -= out[pick];
		out[pick] = 0;
	}
	return total;
}
