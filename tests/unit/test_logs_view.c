// deps: ui/logs_vp ui/logs_text util
/* The logs view's pure parts: the viewport (top line and row, follow and
 * pause, wrapped lines, dropped lines) and its text helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ui/logs_text.h"
#include "ui/logs_vp.h"

/* A log whose line i takes rows[i] rows; counts the calls so the tests can
 * prove that no operation walks the whole log. */
struct fake_log {
	size_t *rows;
	size_t calls;
};

static size_t fake_rows(void *ctx, size_t i)
{
	struct fake_log *f = ctx;
	f->calls++;
	return f->rows ? f->rows[i] : 1;
}

static struct logs_vp_src src_of(struct fake_log *f, size_t count, uint64_t first, size_t h)
{
	struct logs_vp_src s = {count, first, h, fake_rows, f};
	return s;
}

static void test_follow_stays_at_bottom(void **state)
{
	(void)state;
	struct fake_log f = {NULL, 0};
	struct logs_vp vp;
	logs_vp_init(&vp, true);
	struct logs_vp_src s = src_of(&f, 5, 0, 10);
	logs_vp_sync(&vp, &s);
	/* fits on screen: the first line at the top */
	assert_int_equal(logs_vp_index(&vp, &s), 0);
	assert_true(logs_vp_at_bottom(&vp, &s));
	s.count = 100;
	logs_vp_sync(&vp, &s);
	assert_int_equal(logs_vp_index(&vp, &s), 90);
	s.count = 150;
	logs_vp_sync(&vp, &s);
	assert_int_equal(logs_vp_index(&vp, &s), 140);
	assert_true(vp.follow);
	/* down while following: nothing to do */
	assert_false(logs_vp_scroll(&vp, &s, 1));
	assert_true(vp.follow);
}

static void test_scroll_up_pauses_end_resumes(void **state)
{
	(void)state;
	struct fake_log f = {NULL, 0};
	struct logs_vp vp;
	logs_vp_init(&vp, true);
	struct logs_vp_src s = src_of(&f, 100, 0, 10);
	logs_vp_sync(&vp, &s);
	assert_true(logs_vp_scroll(&vp, &s, -1));
	assert_false(vp.follow);
	assert_int_equal(logs_vp_index(&vp, &s), 89);
	/* new lines do not move a paused view */
	s.count = 200;
	logs_vp_sync(&vp, &s);
	assert_int_equal(logs_vp_index(&vp, &s), 89);
	/* scrolling down to the end does not resume by itself */
	assert_true(logs_vp_scroll(&vp, &s, 1000));
	assert_int_equal(logs_vp_index(&vp, &s), 190);
	assert_false(vp.follow);
	assert_false(logs_vp_scroll(&vp, &s, 1));
	/* up past the start stops at line 0 */
	assert_true(logs_vp_scroll(&vp, &s, -1000));
	assert_int_equal(logs_vp_index(&vp, &s), 0);
	assert_false(logs_vp_scroll(&vp, &s, -1));
	assert_true(logs_vp_end(&vp, &s));
	assert_true(vp.follow);
	assert_int_equal(logs_vp_index(&vp, &s), 190);
	assert_false(logs_vp_end(&vp, &s));
	assert_true(logs_vp_home(&vp, &s));
	assert_false(vp.follow);
	assert_int_equal(logs_vp_index(&vp, &s), 0);
}

static void test_wrapped_rows(void **state)
{
	(void)state;
	/* line 2 takes 5 rows, line 4 takes 3 */
	size_t rows[] = {1, 1, 5, 1, 3};
	struct fake_log f = {rows, 0};
	struct logs_vp vp;
	logs_vp_init(&vp, true);
	struct logs_vp_src s = src_of(&f, 5, 0, 4);
	logs_vp_sync(&vp, &s);
	/* last 4 rows: line 3 (1 row) + line 4 (3 rows) */
	assert_int_equal(logs_vp_index(&vp, &s), 3);
	assert_int_equal(vp.row, 0);
	assert_true(logs_vp_scroll(&vp, &s, -1));
	assert_int_equal(logs_vp_index(&vp, &s), 2);
	assert_int_equal(vp.row, 4);
	assert_true(logs_vp_scroll(&vp, &s, -3));
	assert_int_equal(logs_vp_index(&vp, &s), 2);
	assert_int_equal(vp.row, 1);
	assert_true(logs_vp_scroll(&vp, &s, -2));
	assert_int_equal(logs_vp_index(&vp, &s), 1);
	assert_int_equal(vp.row, 0);
	/* down 3 rows: line 1 (1) + 2 rows into line 2 */
	assert_true(logs_vp_scroll(&vp, &s, 3));
	assert_int_equal(logs_vp_index(&vp, &s), 2);
	assert_int_equal(vp.row, 2);
	/* the bottom in wrap mode is a row inside a line */
	s.height = 2;
	assert_true(logs_vp_scroll(&vp, &s, 100));
	assert_int_equal(logs_vp_index(&vp, &s), 4);
	assert_int_equal(vp.row, 1);
	/* the line got shorter (unwrapped): the row is clamped */
	rows[4] = 1;
	vp.row = 2;
	logs_vp_sync(&vp, &s);
	assert_int_equal(logs_vp_index(&vp, &s), 3);
	assert_int_equal(vp.row, 0);
}

static void test_row_of_and_show(void **state)
{
	(void)state;
	size_t rows[50];
	for (size_t i = 0; i < 50; i++)
		rows[i] = i == 20 ? 4 : 1;
	struct fake_log f = {rows, 0};
	struct logs_vp vp;
	logs_vp_init(&vp, false);
	struct logs_vp_src s = src_of(&f, 50, 0, 10);
	logs_vp_sync(&vp, &s);
	assert_int_equal(logs_vp_row_of(&vp, &s, 0), 0);
	assert_int_equal(logs_vp_row_of(&vp, &s, 9), 9);
	assert_int_equal(logs_vp_row_of(&vp, &s, 10), -1);
	/* visible: nothing moves */
	assert_false(logs_vp_show(&vp, &s, 5, 3));
	assert_int_equal(logs_vp_index(&vp, &s), 0);
	/* not visible: put at row 3, with three lines of context above */
	assert_true(logs_vp_show(&vp, &s, 30, 3));
	assert_int_equal(logs_vp_index(&vp, &s), 27);
	assert_int_equal(logs_vp_row_of(&vp, &s, 30), 3);
	/* context above a wrapped line counts rows: line 21 after line 20's 4 rows */
	assert_true(logs_vp_show(&vp, &s, 21, 3));
	assert_int_equal(logs_vp_index(&vp, &s), 20);
	assert_int_equal(vp.row, 1);
	assert_int_equal(logs_vp_row_of(&vp, &s, 21), 3);
	/* a line whose first row is scrolled off is not visible */
	assert_int_equal(logs_vp_row_of(&vp, &s, 20), -1);
	/* near the end the jump is clamped to the bottom */
	assert_true(logs_vp_show(&vp, &s, 0, 3));
	assert_int_equal(logs_vp_index(&vp, &s), 0);
	logs_vp_show(&vp, &s, 49, 3);
	assert_true(logs_vp_at_bottom(&vp, &s));
	assert_int_equal(logs_vp_row_of(&vp, &s, 49), 9);
	/* a jump pauses a following view */
	logs_vp_end(&vp, &s);
	logs_vp_show(&vp, &s, 49, 3);
	assert_false(vp.follow);
}

static void test_dropped_lines_keep_position(void **state)
{
	(void)state;
	struct fake_log f = {NULL, 0};
	struct logs_vp vp;
	logs_vp_init(&vp, false);
	struct logs_vp_src s = src_of(&f, 1000, 0, 10);
	logs_vp_sync(&vp, &s);
	logs_vp_scroll(&vp, &s, 500);
	assert_int_equal(vp.seq, 500);
	/* 100 old lines dropped, 100 appended: same line, new index */
	s.first_seq = 100;
	logs_vp_sync(&vp, &s);
	assert_int_equal(vp.seq, 500);
	assert_int_equal(logs_vp_index(&vp, &s), 400);
	/* the top line itself dropped: the first line kept */
	s.first_seq = 700;
	logs_vp_sync(&vp, &s);
	assert_int_equal(vp.seq, 700);
	assert_int_equal(logs_vp_index(&vp, &s), 0);
	/* emptied log */
	s.count = 0;
	logs_vp_sync(&vp, &s);
	assert_int_equal(logs_vp_index(&vp, &s), 0);
	assert_false(logs_vp_scroll(&vp, &s, 5));
}

static void test_cost_follows_the_screen(void **state)
{
	(void)state;
	/* a million lines: every operation asks for a few screens' rows */
	struct fake_log f = {NULL, 0};
	struct logs_vp vp;
	logs_vp_init(&vp, true);
	struct logs_vp_src s = src_of(&f, 1000000, 0, 40);
	logs_vp_sync(&vp, &s);
	logs_vp_scroll(&vp, &s, -40);
	logs_vp_scroll(&vp, &s, 40);
	logs_vp_show(&vp, &s, 123456, 13);
	logs_vp_home(&vp, &s);
	logs_vp_end(&vp, &s);
	assert_true(f.calls < 1000);
}

static void test_default_filename(void **state)
{
	(void)state;
	char *s = logs_default_filename("starshot-etl", "starshot-etl-1700000000");
	assert_string_equal(s, "starshot-etl-1700000000.log");
	free(s);
	s = logs_default_filename("../etc", "x/y\033z");
	assert_string_equal(s, "x_y_z.log");
	free(s);
	s = logs_default_filename("-rf", NULL);
	assert_string_equal(s, "_rf-execution.log");
	free(s);
	s = logs_default_filename("job", "-rf");
	assert_string_equal(s, "_rf.log");
	free(s);
}

static void test_count_and_format(void **state)
{
	(void)state;
	assert_int_equal(logs_count_lines("", 0), 0);
	assert_int_equal(logs_count_lines("a\n", 2), 1);
	assert_int_equal(logs_count_lines("a\nb", 3), 2);
	assert_int_equal(logs_count_lines("\n\n", 2), 2);
	assert_int_equal(logs_count_lines("a\0b\nc\n", 6), 2);
	char buf[32];
	assert_string_equal(logs_fmt_count(0, buf, sizeof buf), "0");
	assert_string_equal(logs_fmt_count(999, buf, sizeof buf), "999");
	assert_string_equal(logs_fmt_count(1000, buf, sizeof buf), "1,000");
	assert_string_equal(logs_fmt_count(12345, buf, sizeof buf), "12,345");
	assert_string_equal(logs_fmt_count(1234567, buf, sizeof buf), "1,234,567");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_follow_stays_at_bottom),
		cmocka_unit_test(test_scroll_up_pauses_end_resumes),
		cmocka_unit_test(test_wrapped_rows),
		cmocka_unit_test(test_row_of_and_show),
		cmocka_unit_test(test_dropped_lines_keep_position),
		cmocka_unit_test(test_cost_follows_the_screen),
		cmocka_unit_test(test_default_filename),
		cmocka_unit_test(test_count_and_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
