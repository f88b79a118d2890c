#include "cli_table.h"

#include <stdlib.h>
#include <string.h>

#include "cli_priv.h"
#include "sanitize.h"

void cli_table_init(struct cli_table *t, size_t ncols, const char *const *titles, const bool *right)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->titles = titles;
	t->right = right;
	t->width = xcalloc(ncols, sizeof *t->width);
	for (size_t i = 0; i < ncols; i++)
		t->width[i] = strlen(titles[i]);
}

void cli_table_add(struct cli_table *t, char *const *cells)
{
	if (t->rows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->cells = xreallocarray(t->cells, t->cap, t->ncols * sizeof *t->cells);
	}
	char **row = t->cells + t->rows * t->ncols;
	for (size_t i = 0; i < t->ncols; i++) {
		/* Server text: escapes, controls and line breaks shown, never
		 * acted on, so a name cannot move the cursor or split a row. */
		row[i] = sanitize_str_flat(cells[i] ? cells[i] : "-");
		size_t w = sanitize_width(row[i], strlen(row[i]));
		if (w > t->width[i])
			t->width[i] = w;
	}
	t->rows++;
}

static void pad(struct cli *c, size_t n)
{
	static const char spaces[] = "                                ";
	while (n > 0) {
		size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
		cli_put_raw(c, spaces, k);
		n -= k;
	}
}

static void cell(struct cli *c, const struct cli_table *t, size_t col, const char *s)
{
	size_t len = strlen(s), w = sanitize_width(s, len), fill = t->width[col] - w;
	bool last = col + 1 == t->ncols;
	if (col > 0)
		pad(c, 2);
	if (t->right && t->right[col])
		pad(c, fill);
	cli_put_safe(c, stdout, s, len);
	if (!(t->right && t->right[col]) && !last)
		pad(c, fill);
}

void cli_table_print(struct cli *c, const struct cli_table *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		cell(c, t, i, t->titles[i]);
	cli_put_raw(c, "\n", 1);
	for (size_t r = 0; r < t->rows && !c->out_gone; r++) {
		for (size_t i = 0; i < t->ncols; i++)
			cell(c, t, i, t->cells[r * t->ncols + i]);
		cli_put_raw(c, "\n", 1);
	}
}

void cli_table_free(struct cli_table *t)
{
	for (size_t i = 0; i < t->rows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->width);
	memset(t, 0, sizeof *t);
}
