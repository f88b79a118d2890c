// deps: ui/chart util
/* Duration chart arithmetic: bar levels and the characters per cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "ui/chart.h"
#include "ui/rowfmt.h"
#include "ui/theme.h"

/* Drawing is not exercised; these satisfy the linker. */
int theme_attr(enum theme_element e);
int theme_attr(enum theme_element e)
{
	return (int)e;
}
const char *rowfmt_status_glyph(enum exec_status st, bool unicode)
{
	return "?";
}
enum theme_element rowfmt_status_el(enum exec_status st)
{
	return EL_NORMAL;
}

static void test_levels(void **state)
{
	(void)state;
	assert_int_equal(chart_steps(true), 8);
	assert_int_equal(chart_steps(false), 4);
	/* the longest run fills the chart */
	assert_int_equal(chart_level(600, 600, 4, 8), 32);
	assert_int_equal(chart_level(300, 600, 4, 8), 16);
	/* a tiny run is still visible */
	assert_int_equal(chart_level(1, 3600, 4, 8), 1);
	/* unknown / zero / nonsense: nothing */
	assert_int_equal(chart_level(0, 600, 4, 8), 0);
	assert_int_equal(chart_level(-1, 600, 4, 8), 0);
	assert_int_equal(chart_level(10, 0, 4, 8), 0);
	assert_int_equal(chart_level(10, 10, 0, 8), 0);
	/* values above max are capped (a live running bar) */
	assert_int_equal(chart_level(1200, 600, 2, 4), 8);
	/* huge values do not overflow */
	assert_int_equal(chart_level(1LL << 60, 1LL << 60, 5, 8), 40);
}

static void test_cells(void **state)
{
	(void)state;
	/* level 12 of 8 per row: bottom full, second half */
	assert_string_equal(chart_cell(12, 0, true), "\u2588");
	assert_string_equal(chart_cell(12, 1, true), "\u2584");
	assert_string_equal(chart_cell(12, 2, true), " ");
	assert_string_equal(chart_cell(1, 0, true), "\u2581");
	assert_string_equal(chart_cell(0, 0, true), " ");
	/* ASCII: 4 per row, ".:|#" */
	assert_string_equal(chart_cell(5, 0, false), "#");
	assert_string_equal(chart_cell(5, 1, false), ".");
	assert_string_equal(chart_cell(6, 1, false), ":");
	assert_string_equal(chart_cell(7, 1, false), "|");
	assert_string_equal(chart_cell(8, 1, false), "#");
	/* stride: bars with gaps when they fit */
	assert_int_equal(chart_stride(30, 60), 2);
	assert_int_equal(chart_stride(30, 59), 1);
	assert_int_equal(chart_stride(30, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_cells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
