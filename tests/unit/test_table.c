// deps: ui/table ui/cell ui/filterbar ui/lineedit sanitize util
/* The table widget without a terminal: layout, fitting, selection by key,
 * scrolling. theme_* are stubbed: drawing is not exercised here. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ui/filterbar.h"
#include "ui/table.h"

int theme_attr(enum theme_element e);
bool theme_unicode(void);
bool theme_blank_like(int attr, int base);
bool theme_blank_like(int attr, int base)
{
	return attr == base;
}
int theme_attr(enum theme_element e)
{
	return (int)e;
}
bool theme_unicode(void)
{
	return true;
}

static char *fit(const char *s, int w, enum cell_align al, bool unicode)
{
	struct strbuf sb = STRBUF_INIT;
	cell_fit(s, w, al, unicode, &sb);
	return strbuf_steal(&sb);
}

static void test_fit_ascii(void **state)
{
	(void)state;
	char *s = fit("starshot", 10, CELL_LEFT, true);
	assert_string_equal(s, "starshot  ");
	free(s);
	s = fit("42", 5, CELL_RIGHT, true);
	assert_string_equal(s, "   42");
	free(s);
	s = fit("ingest-telemetry", 8, CELL_LEFT, true);
	assert_string_equal(s, "ingest-\u2026");
	assert_int_equal(cell_width(s, true), 8);
	free(s);
	s = fit("ingest-telemetry", 8, CELL_LEFT, false);
	assert_string_equal(s, "ingest-~");
	free(s);
	/* exactly fitting text is never cut */
	s = fit("abcdef", 6, CELL_LEFT, true);
	assert_string_equal(s, "abcdef");
	free(s);
	s = fit("abcdef", 1, CELL_LEFT, true);
	assert_string_equal(s, "\u2026");
	free(s);
	s = fit("abc", 0, CELL_LEFT, true);
	assert_string_equal(s, "");
	free(s);
}

static void test_fit_wide(void **state)
{
	(void)state;
	/* three CJK characters, two columns each */
	const char *cjk = "\u65e5\u672c\u8a9e";
	assert_int_equal(cell_width(cjk, true), 6);
	char *s = fit(cjk, 6, CELL_LEFT, true);
	assert_string_equal(s, cjk);
	free(s);
	/* 5 columns: 2 wide chars = 4, ellipsis = 1 */
	s = fit(cjk, 5, CELL_LEFT, true);
	assert_string_equal(s, "\u65e5\u672c\u2026");
	assert_int_equal(cell_width(s, true), 5);
	free(s);
	/* 4 columns: one wide char, no half char, a gap, then the ellipsis */
	s = fit(cjk, 4, CELL_LEFT, true);
	assert_string_equal(s, "\u65e5 \u2026");
	assert_int_equal(cell_width(s, true), 4);
	free(s);
	/* without a UTF-8 terminal punctuation is spelled in ASCII... */
	s = fit("a\u2026 \u2192 b", 10, CELL_LEFT, false);
	assert_string_equal(s, "a... -> b ");
	assert_int_equal(cell_width("a\u2026", false), 4);
	free(s);
	/* ...and every other non-ASCII char is one '?' */
	s = fit("caf\u00e9", 6, CELL_LEFT, false);
	assert_string_equal(s, "caf?  ");
	free(s);
}

static void test_fit_hostile(void **state)
{
	(void)state;
	/* Escapes are shown, not acted on: the sequence stays readable. */
	char *s = fit("a\x1b[2Jb\x07", 10, CELL_LEFT, true);
	assert_string_equal(s, "a^[[2Jb^G ");
	assert_int_equal(cell_width(s, true), 10);
	free(s);
	/* C1 CSI and broken UTF-8 */
	s = fit("x\xc2\x9b" "1m\xff", 16, CELL_LEFT, true);
	assert_null(strstr(s, "\xc2\x9b"));
	assert_non_null(strstr(s, "<U+009B>"));
	assert_non_null(strstr(s, "\xef\xbf\xbd"));
	assert_int_equal(cell_width(s, true), 16);
	free(s);
	/* A right-to-left override would reorder the rest of the row. */
	s = fit("abc\u202Edef", 16, CELL_LEFT, true);
	assert_null(strstr(s, "\u202E"));
	assert_non_null(strstr(s, "<U+202E>"));
	free(s);
	/* A line break is a space; a tab runs to the next stop of 8. */
	s = fit("line1\nline2\t", 16, CELL_LEFT, true);
	assert_string_equal(s, "line1 line2     ");
	free(s);
	/* truncated multibyte sequence at the end */
	s = fit("ab\xe2\x82", 4, CELL_LEFT, true);
	assert_int_equal(cell_width(s, true), 4);
	free(s);
}

static const struct table_col cols[] = {
	{"NAME", 10, 40, 2, CELL_LEFT, 0},
	{"STATE", 8, 12, 0, CELL_LEFT, 3},
	{"LAST", 6, 0, 1, CELL_LEFT, 1},
	{"RATE", 4, 4, 0, CELL_RIGHT, 5},
};

static int sum(const int *w, size_t n)
{
	int s = 0, vis = 0;
	for (size_t i = 0; i < n; i++)
		if (w[i] > 0) {
			s += w[i];
			vis++;
		}
	return s + (vis ? vis - 1 : 0);
}

static void test_layout_wide(void **state)
{
	(void)state;
	int want[4] = {20, 8, 10, 4}, w[4];
	int n = table_layout(cols, want, NULL, 4, 70, w);
	assert_int_equal(n, 4);
	/* wants met, then the rest shared 2:1 by the flex columns */
	assert_true(w[0] >= 20 && w[0] <= 40);
	assert_int_equal(w[1], 8);
	assert_true(w[2] >= 10);
	assert_int_equal(w[3], 4);
	assert_int_equal(sum(w, 4), 70);
	int extra0 = w[0] - 20, extra2 = w[2] - 10;
	assert_true(extra0 >= 2 * extra2 - 2 && extra0 <= 2 * extra2 + 2);
	/* at 100 the name column stops at its max and LAST takes the rest */
	table_layout(cols, want, NULL, 4, 100, w);
	assert_int_equal(w[0], 40);
	assert_int_equal(sum(w, 4), 100);
}

static void test_layout_narrow(void **state)
{
	(void)state;
	int want[4] = {20, 8, 10, 4}, w[4];
	/* a column comes in only when everything more important has its
	 * want: at 40 NAME (20), LAST (10) and STATE (8) fit, RATE not */
	int n = table_layout(cols, want, NULL, 4, 40, w);
	assert_int_equal(n, 3);
	assert_int_equal(w[0], 20);
	assert_int_equal(w[1], 8);
	assert_int_equal(w[2], 10);
	assert_int_equal(w[3], 0);
	assert_int_equal(sum(w, 4), 40);
	/* at 25 the name keeps its want; LAST and STATE do not fit after
	 * it, the narrow RATE still does */
	n = table_layout(cols, want, NULL, 4, 25, w);
	assert_int_equal(n, 2);
	assert_int_equal(w[0], 20);
	assert_int_equal(w[1], 0);
	assert_int_equal(w[2], 0);
	assert_int_equal(w[3], 4);
	/* a name wider than the screen: it gets what there is, cut with … */
	int big[4] = {200, 8, 10, 4};
	n = table_layout(cols, big, NULL, 4, 30, w);
	assert_int_equal(n, 1);
	assert_int_equal(w[0], 30);
	/* too narrow even for the unhideable column: squeezed, not hidden */
	n = table_layout(cols, want, NULL, 4, 6, w);
	assert_int_equal(n, 1);
	assert_int_equal(w[0], 6);
	/* a hidden-by-choice column never shows */
	bool hidden[4] = {false, false, true, false};
	n = table_layout(cols, want, hidden, 4, 200, w);
	assert_int_equal(w[2], 0);
	assert_int_equal(n, 3);
	/* max caps the name column; nothing flexible is left to grow */
	assert_int_equal(w[0], 40);
}

/* A source over a string array that can be reordered. */
struct src {
	const char **names;
	size_t n;
	int formats;
};

static void fmt(void *ctx, size_t i, struct table_row *r)
{
	struct src *s = ctx;
	s->formats++;
	r->cell[0] = xstrdup(s->names[i]);
}

static const char *key(void *ctx, size_t i)
{
	struct src *s = ctx;
	return s->names[i];
}

static struct table *mk(struct src *s)
{
	struct table_source ts = {s, fmt, key};
	struct table *t = table_new(cols, 4, &ts);
	table_resize(t, 6, 80); /* 5 rows per page */
	table_set_rows(t, s->n);
	return t;
}

/* A newest-first list looked at from its head: a new first row shows up
 * at the top instead of pushing the view down, and the selection stays on
 * its row. Scrolled away from the head, the view keeps its place. */
static void test_new_rows_at_head(void **state)
{
	(void)state;
	const char *a[] = {"r5", "r4", "r3", "r2", "r1", "r0", "q9"};
	struct src s = {a, 7, 0};
	struct table *t = mk(&s);
	const char *b[] = {"r6", "r5", "r4", "r3", "r2", "r1", "r0", "q9"};
	s.names = b;
	s.n = 8;
	table_set_rows(t, 8);
	assert_string_equal(table_selected_key(t), "r5");
	assert_int_equal(table_top(t), 0);
	/* away from the head: the selected row keeps its screen line */
	table_move(t, 5); /* r0, at index 6: the page scrolls */
	size_t top = table_top(t);
	assert_true(top > 0);
	const char *c[] = {"r7", "r6", "r5", "r4", "r3", "r2", "r1", "r0", "q9"};
	s.names = c;
	s.n = 9;
	table_set_rows(t, 9);
	assert_string_equal(table_selected_key(t), "r0");
	assert_int_equal(table_top(t), top + 1);
	table_free(t);
}

static void test_selection_by_key(void **state)
{
	(void)state;
	const char *a[] = {"alpha", "bravo", "charlie", "delta", "echo"};
	struct src s = {a, 5, 0};
	struct table *t = mk(&s);
	assert_int_equal(table_selected(t), 0);
	assert_true(table_move(t, 2));
	assert_string_equal(table_selected_key(t), "charlie");
	/* the data is re-sorted: charlie moves to index 0 */
	const char *b[] = {"charlie", "echo", "delta", "bravo", "alpha"};
	s.names = b;
	table_set_rows(t, 5);
	assert_int_equal(table_selected(t), 0);
	assert_string_equal(table_selected_key(t), "charlie");
	/* charlie disappears: the selection stays at the same position */
	const char *c[] = {"echo", "delta", "bravo"};
	s.names = c;
	s.n = 3;
	table_move(t, 1);
	assert_string_equal(table_selected_key(t), "delta");
	const char *d[] = {"alpha", "echo"};
	s.names = d;
	s.n = 2;
	table_set_rows(t, 2);
	assert_int_equal(table_selected(t), 1);
	assert_string_equal(table_selected_key(t), "echo");
	/* empty, then the key comes back */
	s.n = 0;
	table_set_rows(t, 0);
	assert_int_equal(table_selected(t), -1);
	assert_null(table_selected_key(t));
	s.names = a;
	s.n = 5;
	table_set_rows(t, 5);
	assert_string_equal(table_selected_key(t), "echo");
	assert_int_equal(table_selected(t), 4);
	/* selecting a key that is not there yet selects it on arrival */
	assert_false(table_select_key(t, "foxtrot"));
	const char *e[] = {"alpha", "foxtrot"};
	s.names = e;
	s.n = 2;
	table_set_rows(t, 2);
	assert_string_equal(table_selected_key(t), "foxtrot");
	assert_true(table_select_key(t, "alpha"));
	assert_int_equal(table_selected(t), 0);
	table_free(t);
}

static void test_scrolling(void **state)
{
	(void)state;
	enum { N = 100 };
	const char *names[N];
	char buf[N][16];
	for (int i = 0; i < N; i++) {
		snprintf(buf[i], sizeof buf[i], "job%02d", i);
		names[i] = buf[i];
	}
	struct src s = {names, N, 0};
	struct table *t = mk(&s);
	assert_int_equal(table_page_rows(t), 5);
	table_move(t, 4);
	assert_int_equal(table_top(t), 0);
	table_move(t, 1); /* row 5 scrolls the view by one */
	assert_int_equal(table_top(t), 1);
	assert_int_equal(table_selected(t), 5);
	table_page(t, 1);
	assert_int_equal(table_selected(t), 10);
	assert_int_equal(table_top(t), 6);
	table_page(t, -1);
	table_page(t, -1);
	assert_int_equal(table_selected(t), 0);
	assert_int_equal(table_top(t), 0);
	table_end(t);
	assert_int_equal(table_selected(t), N - 1);
	assert_int_equal(table_top(t), N - 5);
	assert_false(table_move(t, 1));
	table_page(t, 1);
	assert_int_equal(table_selected(t), N - 1);
	table_home(t);
	assert_int_equal(table_top(t), 0);
	assert_false(table_move(t, -1));
	/* row_at maps screen lines (header at 0) to rows */
	assert_int_equal(table_row_at(t, 0), -1);
	assert_int_equal(table_row_at(t, 1), 0);
	assert_int_equal(table_row_at(t, 5), 4);
	assert_int_equal(table_row_at(t, 6), -1);
	/* the mouse: a click on the header or below the rows changes nothing,
	 * one on a row selects it, the wheel moves from there */
	assert_false(table_mouse(t, 0, 0));
	assert_false(table_mouse(t, 6, 0));
	assert_int_equal(table_selected(t), 0);
	assert_true(table_mouse(t, 3, 0));
	assert_int_equal(table_selected(t), 2);
	assert_false(table_mouse(t, 3, 0));
	assert_true(table_mouse(t, 0, 2));
	assert_int_equal(table_selected(t), 4);
	assert_true(table_mouse(t, 0, -4));
	assert_false(table_mouse(t, 0, -1));
	/* the selection keeps its screen offset across a refresh */
	table_select(t, 50);
	size_t off = (size_t)table_selected(t) - table_top(t);
	const char *shifted[N];
	shifted[0] = "new-job";
	for (int i = 1; i < N; i++)
		shifted[i] = names[i - 1];
	s.names = shifted;
	table_set_rows(t, N);
	assert_int_equal(table_selected(t), 51);
	assert_int_equal((size_t)table_selected(t) - table_top(t), off);
	/* shrinking the window keeps the selection visible */
	table_resize(t, 3, 80);
	assert_true((size_t)table_selected(t) >= table_top(t));
	assert_true((size_t)table_selected(t) < table_top(t) + 2);
	table_free(t);
}

static void test_edit_keys(void **state)
{
	(void)state;
	struct lineedit t;
	lineedit_init(&t, 0);
	assert_int_equal(filterbar_edit_key(&t, 'b', true), FILTERBAR_CHANGED);
	assert_int_equal(filterbar_edit_key(&t, 0xe9, true), FILTERBAR_CHANGED); /* é */
	assert_int_equal(filterbar_edit_key(&t, 0x65e5, true), FILTERBAR_CHANGED); /* 日 */
	assert_string_equal(t.buf, "b\u00e9\u65e5");
	/* backspace removes one whole character, in every spelling */
	assert_int_equal(filterbar_edit_key(&t, KEY_BACKSPACE, false), FILTERBAR_CHANGED);
	assert_string_equal(t.buf, "b\u00e9");
	assert_int_equal(filterbar_edit_key(&t, KEY_FN(KEY_BACKSPACE), false), FILTERBAR_CHANGED);
	assert_string_equal(t.buf, "b");
	assert_int_equal(filterbar_edit_key(&t, 0x7f, true), FILTERBAR_CHANGED);
	assert_string_equal(t.buf, "");
	assert_int_equal(filterbar_edit_key(&t, 0x7f, true), FILTERBAR_IGNORED);
	/* controls never enter the text */
	assert_int_equal(filterbar_edit_key(&t, 0x07, true), FILTERBAR_IGNORED);
	assert_int_equal(filterbar_edit_key(&t, 0x9b, true), FILTERBAR_IGNORED);
	assert_int_equal(t.len, 0);
	filterbar_edit_key(&t, 'a', true);
	filterbar_edit_key(&t, ' ', true);
	filterbar_edit_key(&t, 'b', true);
	assert_int_equal(filterbar_edit_key(&t, 0x17, true), FILTERBAR_CHANGED); /* C-w */
	assert_string_equal(t.buf, "a ");
	assert_int_equal(filterbar_edit_key(&t, 0x15, true), FILTERBAR_CHANGED); /* C-u */
	assert_string_equal(t.buf, "");
	assert_int_equal(filterbar_edit_key(&t, '\n', true), FILTERBAR_DONE);
	assert_int_equal(filterbar_edit_key(&t, KEY_ENTER, false), FILTERBAR_DONE);
	assert_int_equal(filterbar_edit_key(&t, 0x1b, true), FILTERBAR_CANCEL);
	/* the list's navigation keys are left to the keymap */
	assert_int_equal(filterbar_edit_key(&t, KEY_DOWN, false), FILTERBAR_UNHANDLED);
	assert_int_equal(filterbar_edit_key(&t, KEY_FN(KEY_NPAGE), false), FILTERBAR_UNHANDLED);
	/* q is text in a prompt, never "back" */
	assert_int_equal(filterbar_edit_key(&t, 'q', true), FILTERBAR_CHANGED);
	assert_string_equal(t.buf, "q");
	/* Home, End, Left, Right move the cursor as in every other prompt;
	 * typing goes where the cursor is */
	filterbar_edit_key(&t, 'b', true);
	assert_int_equal(filterbar_edit_key(&t, KEY_FN(KEY_HOME), false), FILTERBAR_MOVED);
	assert_int_equal(t.cursor, 0);
	assert_int_equal(filterbar_edit_key(&t, 'a', true), FILTERBAR_CHANGED);
	assert_string_equal(t.buf, "aqb");
	assert_int_equal(filterbar_edit_key(&t, KEY_RIGHT, false), FILTERBAR_MOVED);
	assert_int_equal(filterbar_edit_key(&t, KEY_DC, false), FILTERBAR_CHANGED); /* Delete */
	assert_string_equal(t.buf, "aq");
	assert_int_equal(filterbar_edit_key(&t, KEY_FN(KEY_END), false), FILTERBAR_IGNORED); /* already there */
	assert_int_equal(filterbar_edit_key(&t, KEY_LEFT, false), FILTERBAR_MOVED);
	assert_int_equal(filterbar_edit_key(&t, 0x0b, true), FILTERBAR_CHANGED); /* C-k */
	assert_string_equal(t.buf, "a");
	lineedit_free(&t);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_ascii),
		cmocka_unit_test(test_fit_wide),
		cmocka_unit_test(test_fit_hostile),
		cmocka_unit_test(test_layout_wide),
		cmocka_unit_test(test_layout_narrow),
		cmocka_unit_test(test_selection_by_key),
		cmocka_unit_test(test_new_rows_at_head),
		cmocka_unit_test(test_scrolling),
		cmocka_unit_test(test_edit_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
