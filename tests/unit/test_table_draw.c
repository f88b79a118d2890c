// deps: ui/table ui/cell ui/filterbar ui/lineedit ui/theme config config_paths sanitize sanitize_out vdkcli safefile util
/* The table drawn on a real terminal description (xterm-256color, the
 * built-in theme) into a file: what a cursor move costs the terminal. A
 * move repaints the row the cursor left and the one it entered, nothing
 * else, and the spaces along a row do not switch attributes back and
 * forth around each coloured cell. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ui/table.h"
#include "ui/theme.h"

#define ROWS 200
#define W 120
#define H 40

static const struct table_col cols[] = {
	{"NAME", 10, 28, 0, CELL_LEFT, 0},
	{"STATE", 8, 12, 0, CELL_LEFT, 0},
	{"STATUS", 10, 22, 0, CELL_LEFT, 0},
	{"LAST RUN", 8, 9, 0, CELL_RIGHT, 0},
	{"DURATION", 8, 9, 0, CELL_RIGHT, 0},
	{"OK%", 4, 5, 0, CELL_RIGHT, 0},
	{"SCHEDULE", 8, 22, 1, CELL_LEFT, 0},
	{"DEPLOYED", 8, 9, 0, CELL_RIGHT, 0},
};
#define NCOLS (sizeof cols / sizeof cols[0])

/* Rows as the jobs list has them: plain, dim and coloured cells mixed,
 * placeholders, right-aligned figures. */
static void fmt(void *ctx, size_t i, struct table_row *r)
{
	(void)ctx;
	bool deployed = i % 3 != 0;
	r->cell[0] = xasprintf("aggregate-accounts-%05zu", i);
	r->cell[1] = xstrdup(deployed ? "enabled" : "not deployed");
	r->el[1] = deployed ? EL_NORMAL : EL_NOT_DEPLOYED;
	r->cell[2] = xstrdup(i % 2 ? "\u2714 succeeded" : "\u2718 user_error");
	r->el[2] = i % 2 ? EL_STATUS_OK : EL_STATUS_FAILED;
	r->cell[3] = xstrdup(deployed ? "4d ago" : "-");
	r->el[3] = deployed ? EL_NORMAL : EL_DIM;
	r->cell[4] = xstrdup("-");
	r->el[4] = EL_DIM;
	r->cell[5] = xasprintf("%zu%%", i % 101);
	r->cell[6] = xstrdup("0 0 1 * * \u2192 2027-01-01");
	r->el[6] = EL_DIM;
	r->cell[7] = xasprintf("%zud ago", i % 60);
}

static const char *key(void *ctx, size_t i)
{
	static char buf[32];
	(void)ctx;
	snprintf(buf, sizeof buf, "k%zu", i);
	return buf;
}

struct fixture {
	FILE *out;
	SCREEN *scr;
	struct table *t;
};

static int setup(void **state)
{
	setlocale(LC_ALL, "C.UTF-8");
	/* Only the built-in theme: nothing of the user's or the checkout's. */
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	setenv("VDKTOP_DATADIR", "/nonexistent", 1);
	unsetenv("NO_COLOR");
	setenv("COLUMNS", "120", 1);
	setenv("LINES", "40", 1);
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->out = tmpfile();
	assert_non_null(f->out);
	f->scr = newterm("xterm-256color", f->out, stdin);
	if (!f->scr) {
		fclose(f->out);
		free(f);
		skip();
		return 0;
	}
	set_term(f->scr);
	char *err = NULL;
	assert_int_equal(theme_load("default", false, &err), 0);
	assert_null(err);
	assert_false(theme_is_monochrome());
	assert_int_equal(COLS, W);
	assert_int_equal(LINES, H);
	struct table_source ts = {NULL, fmt, key};
	f->t = table_new(cols, NCOLS, &ts);
	table_set_unicode(f->t, true);
	table_resize(f->t, H - 2, W);
	table_set_rows(f->t, ROWS);
	table_draw(f->t, stdscr, 1, 0);
	wnoutrefresh(stdscr);
	doupdate();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	table_free(f->t);
	endwin();
	delscreen(f->scr);
	fclose(f->out);
	free(f);
	return 0;
}

/* Bytes the terminal receives for one move of the cursor by delta. */
static long move_bytes(struct fixture *f, long delta)
{
	fflush(f->out);
	long before = ftell(f->out);
	assert_true(table_move(f->t, delta));
	table_draw(f->t, stdscr, 1, 0);
	wnoutrefresh(stdscr);
	doupdate();
	fflush(f->out);
	return ftell(f->out) - before;
}

/* Within the screen only the row the cursor left and the row it entered
 * are written into the window; every other line stays untouched. */
static void test_move_touches_two_rows(void **state)
{
	struct fixture *f = *state;
	for (int k = 0; k < 5; k++) {
		long from = table_selected(f->t);
		assert_true(table_move(f->t, 1));
		table_draw(f->t, stdscr, 1, 0);
		for (int y = 0; y < H; y++) {
			bool want = y == 2 + from || y == 2 + from + 1;
			if (is_linetouched(stdscr, y) != want)
				fail_msg("move %d (row %ld to %ld): line %d %s", k, from, from + 1, y,
					 want ? "not redrawn" : "redrawn though nothing on it changed");
		}
		wnoutrefresh(stdscr);
		doupdate();
	}
}

/* The attribute (with its colour pair) of the cell at y,x, and whether
 * it is a blank. */
static int cell_at(int y, int x, bool *blank)
{
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t a;
	short pair;
	assert_int_equal(mvwin_wch(stdscr, y, x, &cc), OK);
	assert_int_equal(getcchar(&cc, wc, &a, &pair, NULL), OK);
	*blank = wc[0] == L' ' || wc[0] == 0;
	return (int)((a & ~A_COLOR) | COLOR_PAIR(pair));
}

/* Along a row, a blank between or inside cells keeps the attribute
 * already current when it looks the same there: the attribute changes
 * only where the text does, and never away from a cell and back again. */
static void test_row_attribute_runs(void **state)
{
	(void)state;
	int normal = theme_attr(EL_NORMAL);
	for (int y = 3; y < 3 + 6; y++) { /* the row at 2 is selected */
		int runs = 0, ink_runs = 0, last = -1, ink = -1;
		for (int x = 0; x < W; x++) {
			bool blank;
			int a = cell_at(y, x, &blank);
			if (a != last)
				runs++;
			last = a;
			if (blank) {
				/* every blank looks like a plain one, and here
				 * (no cell has a background of its own) each
				 * keeps the attribute of the text before it */
				assert_true(theme_blank_like(a, normal));
				if (ink >= 0 && a != ink)
					fail_msg("row %d col %d: a blank after text in %#x drawn in %#x", y, x,
						 (unsigned)ink, (unsigned)a);
				continue;
			}
			if (a != ink)
				ink_runs++;
			ink = a;
		}
		/* the attribute changes along the row where its text does */
		if (runs != ink_runs)
			fail_msg("row %d: %d runs of attributes for %d of its text", y, runs, ink_runs);
	}
}

/* What a move costs the terminal: the two rows' text plus a few
 * attribute switches and cursor motions. Drawing attributes around every
 * cell (about 30 bytes each on xterm-256color) or repainting a third row
 * goes over. */
static void test_move_bytes(void **state)
{
	struct fixture *f = *state;
	long most = 0, total = 0;
	int n = 20;
	for (int k = 0; k < n; k++) {
		long b = move_bytes(f, 1);
		total += b;
		if (b > most)
			most = b;
	}
	print_message("bytes per move within the screen: mean %ld, max %ld\n", total / n, most);
	assert_true(most <= 420);
	/* scrolling: the first moves below the last row */
	assert_true(table_move(f->t, H - 3 - 1 - n));
	table_draw(f->t, stdscr, 1, 0);
	wnoutrefresh(stdscr);
	doupdate();
	most = total = 0;
	for (int k = 0; k < n; k++) {
		long b = move_bytes(f, 1);
		total += b;
		if (b > most)
			most = b;
	}
	print_message("bytes per move scrolling: mean %ld, max %ld\n", total / n, most);
	assert_true(most <= 440);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_move_touches_two_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row_attribute_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_bytes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
