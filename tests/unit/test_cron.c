// deps: cron util
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cron.h"

static time_t utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return timegm(&tm);
}

static char *fmt(time_t t)
{
	static char buf[8][32];
	static int k;
	char *b = buf[k++ % 8];
	if (t < 0) {
		snprintf(b, 32, "none");
		return b;
	}
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(b, 32, "%Y-%m-%d %H:%M %a", &tm);
	return b;
}

static void test_valid_table(void **state)
{
	static const char *ok[] = {
		"* * * * *", "0 0 * * *", "*/15 * * * *", "0-59/5 0-23 1-31 1-12 0-7",
		"5,10,15 1,2 3 4 5", "0 9-17/2 * * MON-FRI", "0 0 1 jan,Jul *", "0 0 * * sun",
		"0 0 * * 7", "0 0 * * 0,7", "30 4 1,15 * 5", "  1   2\t3 4 5  ", "0 0 30 2 *",
		"5/10 * * * *", "0 0 1 1 *", "0 12 * DEC SAT", "0 0 29 2 *", "59 23 31 12 6",
		"*/60 * * * *", "0 0 1-31/10 * *",
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct cron c;
		char *why = NULL;
		int r = cron_parse(ok[i], &c, &why);
		if (r != 0)
			fail_msg("'%s' should parse, got: %s", ok[i], why);
		assert_null(why);
	}
}

static void test_invalid_table(void **state)
{
	static const struct {
		const char *expr, *why;
	} bad[] = {
		{"", "empty schedule"},
		{"   ", "empty schedule"},
		{"* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), got 4"},
		{"0 * * * * *", "too many fields"},
		{"60 * * * *", "field 1 (minute): 60 is out of range 0-59"},
		{"0 24 * * *", "field 2 (hour): 24 is out of range 0-23"},
		{"0 0 0 * *", "field 3 (day of month): 0 is out of range 1-31"},
		{"0 0 32 * *", "field 3 (day of month): 32 is out of range 1-31"},
		{"0 0 * 13 *", "field 4 (month): 13 is out of range 1-12"},
		{"0 0 * 0 *", "field 4 (month): 0 is out of range 1-12"},
		{"0 0 * * 8", "field 5 (day of week): 8 is out of range 0-7"},
		{"0 0 * FOO *", "field 4 (month): 'FOO' is not a number or month name (JAN-DEC)"},
		{"0 0 * * MONDAY", "field 5 (day of week): 'MONDAY' is not a number or weekday name"},
		{"0 MON * * *", "field 2 (hour): 'MON' is not a number"},
		{"5-1 * * * *", "field 1 (minute): range 5-1 goes backwards"},
		{"0 0 * * FRI-SUN", "field 5 (day of week): range FRI-SUN goes backwards (Sunday is also 7"},
		{"*/0 * * * *", "field 1 (minute): a step of 0 is not allowed"},
		{"*/ * * * *", "field 1 (minute): '/' must be followed by a step number"},
		{"*/61 * * * *", "field 1 (minute): step 61 is larger than the field's range 0-59"},
		{"1,,2 * * * *", "field 1 (minute): empty list element"},
		{"1, * * * *", "field 1 (minute): empty list element"},
		{"1-2x * * * *", "field 1 (minute): unexpected 'x' in '1-2x'"},
		{"** * * * *", "field 1 (minute): '**' is not a valid item"},
		{"-1 * * * *", "field 1 (minute): unexpected '-'"},
		{"1- * * * *", "field 1 (minute): a value is missing"},
		{"@daily", "macros like @daily are not supported"},
		{"0 0 ? * *", "field 3 (day of month): '?' uses a non-standard cron extension"},
		{"0 0 * * 1#2", "field 5 (day of week): '1#2' uses a non-standard cron extension"},
		{"0 0 LW * *", "field 3 (day of month): 'LW' is not a number"},
		{"99999999999999999999 * * * *", "field 1 (minute): 99999999999999999999 is out of range"},
		{"0 0\n* * *", "control character"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cron c;
		memset(&c, 0x5a, sizeof(c));
		char *why = NULL;
		int r = cron_parse(bad[i].expr, &c, &why);
		if (r == 0)
			fail_msg("'%s' should be refused", bad[i].expr);
		assert_non_null(why);
		if (strncmp(why, bad[i].why, strlen(bad[i].why)) != 0)
			fail_msg("'%s': got '%s', want prefix '%s'", bad[i].expr, why, bad[i].why);
		free(why);
	}
	/* why may be NULL */
	struct cron c;
	assert_int_equal(cron_parse("x", &c, NULL), -1);
	assert_int_equal(cron_parse(NULL, &c, NULL), -1);
}

static void test_long_token_excerpt(void **state)
{
	char expr[300];
	memset(expr, 'Q', 200);
	strcpy(expr + 200, " * * * *");
	struct cron c;
	char *why = NULL;
	assert_int_equal(cron_parse(expr, &c, &why), -1);
	assert_true(strlen(why) < 120);
	assert_non_null(strstr(why, "..."));
	free(why);
}

struct next_case {
	const char *expr;
	int from[5];
	const char *want[4];
};

static void run_next(const struct next_case *nc)
{
	struct cron c;
	char *why = NULL;
	if (cron_parse(nc->expr, &c, &why) != 0)
		fail_msg("'%s': %s", nc->expr, why);
	time_t from = utc(nc->from[0], nc->from[1], nc->from[2], nc->from[3], nc->from[4]);
	time_t t = from;
	for (int i = 0; i < 4 && nc->want[i]; i++) {
		t = cron_next(&c, t);
		if (strcmp(fmt(t), nc->want[i]) != 0)
			fail_msg("'%s' from %s: run %d is %s, want %s", nc->expr, fmt(from), i + 1,
				 fmt(t), nc->want[i]);
	}
}

static void test_next_runs(void **state)
{
	static const struct next_case cases[] = {
		/* strictly after, even on an exact match */
		{"0 0 * * *", {2024, 3, 10, 0, 0}, {"2024-03-11 00:00 Mon", "2024-03-12 00:00 Tue"}},
		{"* * * * *", {2024, 3, 10, 23, 59}, {"2024-03-11 00:00 Mon", "2024-03-11 00:01 Mon"}},
		/* month and year ends */
		{"30 23 31 * *", {2024, 1, 31, 23, 30},
		 {"2024-03-31 23:30 Sun", "2024-05-31 23:30 Fri", "2024-07-31 23:30 Wed"}},
		{"0 0 1 1 *", {2023, 12, 31, 23, 59}, {"2024-01-01 00:00 Mon", "2025-01-01 00:00 Wed"}},
		{"59 23 31 12 *", {2024, 6, 1, 0, 0}, {"2024-12-31 23:59 Tue", "2025-12-31 23:59 Wed"}},
		/* leap years */
		{"0 12 29 2 *", {2023, 3, 1, 0, 0},
		 {"2024-02-29 12:00 Thu", "2028-02-29 12:00 Tue", "2032-02-29 12:00 Sun"}},
		{"0 0 29 2 *", {2096, 3, 1, 0, 0}, {"2104-02-29 00:00 Fri"}},
		{"0 0 29 2 *", {2000, 1, 1, 0, 0}, {"2000-02-29 00:00 Tue"}},
		{"0 0 28 2 *", {2100, 2, 28, 0, 0}, {"2101-02-28 00:00 Mon"}},
		/* day-of-month OR day-of-week when both are restricted */
		{"0 8 13 * 5", {2024, 9, 1, 0, 0},
		 {"2024-09-06 08:00 Fri", "2024-09-13 08:00 Fri", "2024-09-20 08:00 Fri", "2024-09-27 08:00 Fri"}},
		{"0 8 1 * MON", {2024, 6, 29, 0, 0},
		 {"2024-07-01 08:00 Mon", "2024-07-08 08:00 Mon", "2024-07-15 08:00 Mon"}},
		{"0 8 2 * MON", {2024, 6, 29, 0, 0},
		 {"2024-07-01 08:00 Mon", "2024-07-02 08:00 Tue", "2024-07-08 08:00 Mon"}},
		/* one day field '*': the other decides alone */
		{"0 0 * * 0", {2024, 1, 1, 0, 0}, {"2024-01-07 00:00 Sun", "2024-01-14 00:00 Sun"}},
		{"0 0 * * 7", {2024, 1, 1, 0, 0}, {"2024-01-07 00:00 Sun"}},
		{"0 0 15 * *", {2024, 1, 15, 0, 0}, {"2024-02-15 00:00 Thu"}},
		/* a stepped day field is restricted: OR applies */
		{"0 0 */10 * 3", {2024, 5, 1, 0, 0},
		 {"2024-05-08 00:00 Wed", "2024-05-11 00:00 Sat", "2024-05-15 00:00 Wed", "2024-05-21 00:00 Tue"}},
		/* steps */
		{"*/20 * * * *", {2024, 1, 1, 10, 41}, {"2024-01-01 11:00 Mon", "2024-01-01 11:20 Mon"}},
		{"10-30/10 */6 * * *", {2024, 1, 1, 5, 0},
		 {"2024-01-01 06:10 Mon", "2024-01-01 06:20 Mon", "2024-01-01 06:30 Mon", "2024-01-01 12:10 Mon"}},
		{"50/5 * * * *", {2024, 1, 1, 0, 56}, {"2024-01-01 01:50 Mon", "2024-01-01 01:55 Mon"}},
		{"0 0 * * 5-7", {2024, 1, 1, 0, 0},
		 {"2024-01-05 00:00 Fri", "2024-01-06 00:00 Sat", "2024-01-07 00:00 Sun", "2024-01-12 00:00 Fri"}},
		/* names */
		{"15 3 * feb-Apr/2 Sun", {2024, 1, 1, 0, 0}, {"2024-02-04 03:15 Sun"}},
		{"0 0 1 AUG,jan *", {2024, 2, 1, 0, 0}, {"2024-08-01 00:00 Thu", "2025-01-01 00:00 Wed"}},
		{"0 6 * * MON-FRI", {2024, 3, 8, 7, 0},
		 {"2024-03-11 06:00 Mon", "2024-03-12 06:00 Tue"}},
		/* 31 in short months is skipped */
		{"0 0 31 4,6 *", {2024, 1, 1, 0, 0}, {"none"}},
		{"0 0 30 2 *", {2024, 1, 1, 0, 0}, {"none"}},
		/* before 1970 */
		{"0 0 1 1 *", {1969, 6, 1, 0, 0}, {"1970-01-01 00:00 Thu"}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_next(&cases[i]);
}

static void test_next_n_and_matches(void **state)
{
	struct cron c;
	assert_int_equal(cron_parse("0 */8 * * *", &c, NULL), 0);
	time_t out[5];
	assert_int_equal(cron_next_n(&c, utc(2024, 12, 31, 20, 0), out, 5), 5);
	assert_string_equal(fmt(out[0]), "2025-01-01 00:00 Wed");
	assert_string_equal(fmt(out[1]), "2025-01-01 08:00 Wed");
	assert_string_equal(fmt(out[4]), "2025-01-02 08:00 Thu");
	assert_true(cron_matches(&c, utc(2025, 1, 1, 8, 0) + 59));
	assert_false(cron_matches(&c, utc(2025, 1, 1, 8, 1)));

	assert_int_equal(cron_parse("0 0 30 2 *", &c, NULL), 0);
	assert_int_equal(cron_next_n(&c, utc(2024, 1, 1, 0, 0), out, 3), 0);

	assert_int_equal(cron_parse("0 0 29 2 *", &c, NULL), 0);
	assert_int_equal(cron_next_n(&c, utc(2024, 1, 1, 0, 0), out, 2), 2);
	assert_string_equal(fmt(out[1]), "2028-02-29 00:00 Tue");
}

static void test_extreme_times(void **state)
{
	struct cron c;
	assert_int_equal(cron_parse("* * * * *", &c, NULL), 0);
	assert_int_equal(cron_next(&c, (time_t)INT64_MAX), -1);
	assert_int_equal(cron_next(&c, (time_t)INT64_MIN), -1);
	assert_int_equal(cron_next(&c, (time_t)-1), 0);
	assert_int_equal(cron_next(&c, (time_t)-61), -60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_table),
		cmocka_unit_test(test_invalid_table),
		cmocka_unit_test(test_long_token_excerpt),
		cmocka_unit_test(test_next_runs),
		cmocka_unit_test(test_next_n_and_matches),
		cmocka_unit_test(test_extreme_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
