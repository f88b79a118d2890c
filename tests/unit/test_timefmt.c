// deps: util timefmt
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timefmt.h"

struct good {
	const char *in;
	long long epoch;
	long nanos;
};

static void test_parse_good(void **state)
{
	(void)state;
	static const struct good table[] = {
		{"2021-08-02T23:11Z", 1627945860, 0},
		{"2021-08-02T23:11:00Z", 1627945860, 0},
		{"2023-11-15T12:04:31.100245Z", 1700049871, 100245000},
		{"2021-07-08T09:15:08+00:00", 1625735708, 0},
		{"2021-07-08T11:15:08+02:00", 1625735708, 0},
		{"2021-07-08T09:15:08-01:30", 1625735708 + 5400, 0},
		{"2021-07-08T14:45:08+0530", 1625735708, 0},
		{"2023-11-15T12:04:30.101234567Z", 1700049870, 101234567},
		{"2023-11-15T12:04:30.1Z", 1700049870, 100000000},
		{"2023-11-14T09:16:53.323Z", 1699953413, 323000000},
		{"2023-11-15t12:04:31z", 1700049871, 0},
		{"2023-11-15 12:04:31Z", 1700049871, 0},
		{"2024-02-29T00:00Z", 1709164800, 0},
		{"1970-01-01T00:00:00Z", 0, 0},
		{"2016-12-31T23:59:60Z", 1483228800, 0},
		{"2023-11-15T12:04+01:00", 1700046240, 0},
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		time_t t = 12345;
		long ns = -1;
		int rc = timefmt_parse(table[i].in, &t, &ns);
		if (rc != 0 || (long long)t != table[i].epoch || ns != table[i].nanos)
			fail_msg("%s: rc=%d t=%lld ns=%ld", table[i].in, rc, (long long)t, ns);
	}
	time_t t;
	assert_int_equal(timefmt_parse("2021-08-02T23:11Z", &t, NULL), 0);
}

static void test_parse_bad(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "garbage", "2021-08-02", "2021-08-02T23Z", "2021-08-02T23:11",
		"2021-13-02T23:11Z", "2021-00-02T23:11Z", "2021-02-29T00:00Z", "2021-04-31T00:00Z",
		"2021-08-02T24:00Z", "2021-08-02T23:60Z", "2021-08-02T23:11:61Z", "2021-08-02T23:11:5Z",
		"2021-08-02T23:11:05.Z", "2021-08-02T23:11:05.1234567891Z", "2021-08-02T23:11:05+25:00",
		"2021-08-02T23:11:05+01:60", "2021-08-02T23:11:05+1", "2021-08-02T23:11:05+01:", "2021-08-02T23:11:05Zjunk",
		"2021-08-02T23:11:05 Z", "21-08-02T23:11Z", "2021/08/02T23:11Z", "-2021-08-02T23:11Z",
		"2021-08-02T23:11.5Z", "２０２１-08-02T23:11Z", "2021-08-02T23:11:05\xff", "1700049871",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		time_t t = 777;
		if (timefmt_parse(bad[i], &t, NULL) == 0)
			fail_msg("accepted %s", bad[i]);
		assert_int_equal(t, 777);
	}
	assert_int_equal(timefmt_parse(NULL, NULL, NULL), -1);
}

static void test_duration(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(timefmt_duration(0, b, sizeof(b)), "0s");
	assert_string_equal(timefmt_duration(45, b, sizeof(b)), "45s");
	assert_string_equal(timefmt_duration(192, b, sizeof(b)), "3m 12s");
	assert_string_equal(timefmt_duration(3720, b, sizeof(b)), "1h 02m");
	assert_string_equal(timefmt_duration(2 * 86400 + 3 * 3600 + 59, b, sizeof(b)), "2d 03h");
	assert_string_equal(timefmt_duration(-5, b, sizeof(b)), "-");
	assert_string_equal(timefmt_duration(INT64_MAX, b, sizeof(b)), "106751991167300d 15h");
	char small[4];
	assert_string_equal(timefmt_duration(192, small, sizeof(small)), "3m ");
}

static void test_ago(void **state)
{
	(void)state;
	char b[32];
	time_t now = 1700000000;
	assert_string_equal(timefmt_ago(0, now, b, sizeof(b)), "-");
	assert_string_equal(timefmt_ago(now - 3, now, b, sizeof(b)), "just now");
	assert_string_equal(timefmt_ago(now - 45, now, b, sizeof(b)), "45s ago");
	assert_string_equal(timefmt_ago(now - 300, now, b, sizeof(b)), "5m ago");
	assert_string_equal(timefmt_ago(now - 3 * 3600 - 5, now, b, sizeof(b)), "3h ago");
	assert_string_equal(timefmt_ago(now - 2 * 86400, now, b, sizeof(b)), "2d ago");
	assert_string_equal(timefmt_ago(now + 300, now, b, sizeof(b)), "in 5m");
	assert_string_equal(timefmt_ago(now + 2, now, b, sizeof(b)), "just now");
	assert_string_equal(timefmt_ago((time_t)INT64_MIN, now, b, sizeof(b)), "-");
	assert_string_equal(timefmt_ago((time_t)INT64_MAX, now, b, sizeof(b)), "-");
}

static void test_clock_and_iso(void **state)
{
	(void)state;
	char b[64];
	assert_string_equal(timefmt_clock(1700049871, true, b, sizeof(b)), "2023-11-15 12:04");
	assert_string_equal(timefmt_clock(0, true, b, sizeof(b)), "-");
	setenv("TZ", "Asia/Kolkata", 1);
	tzset();
	assert_string_equal(timefmt_clock(1700049871, false, b, sizeof(b)), "2023-11-15 17:34");
	unsetenv("TZ");
	tzset();
	assert_string_equal(timefmt_iso(1700049871, b, sizeof(b)), "2023-11-15T12:04:31Z");
	time_t back;
	assert_int_equal(timefmt_parse(b, &back, NULL), 0);
	assert_int_equal(back, 1700049871);
}

/* The calendar arithmetic agrees with the C library's timegm across the
 * years a timestamp can spell (0001-9999), every month, leap days and
 * leap seconds included. */
static void test_parse_same_as_timegm(void **state)
{
	(void)state;
	size_t n = 0;
	for (int y = 1; y <= 9999; y += (y < 1890 || y > 2210) ? 13 : 1) {
		for (int m = 1; m <= 12; m++) {
			int last = m == 2 ? ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28)
				   : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
			for (int d = 1; d <= last; d += (d == last - 1 ? 1 : 5)) {
				int h = (y * 7 + d) % 24, mi = (m * 13 + d) % 60, sec = (y + m + d) % 61;
				char text[96];
				snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, h, mi, sec);
				time_t got;
				assert_int_equal(timefmt_parse(text, &got, NULL), 0);
				struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
						.tm_hour = h, .tm_min = mi, .tm_sec = sec};
				if (got != timegm(&tm))
					fail_msg("%s: %lld, timegm %lld", text, (long long)got, (long long)timegm(&tm));
				n++;
			}
		}
	}
	assert_true(n > 40000);
}

static void test_parse_age(void **state)
{
	(void)state;
	assert_int_equal(timefmt_parse_age("90s"), 90);
	assert_int_equal(timefmt_parse_age("30m"), 1800);
	assert_int_equal(timefmt_parse_age("24h"), 86400);
	assert_int_equal(timefmt_parse_age("7d"), 7 * 86400);
	assert_int_equal(timefmt_parse_age("2W"), 14 * 86400);
	const char *bad[] = {NULL, "", "d", "7", "0d", "-1d", "7dd", "7y", "99999999999999999999d", "4000d"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(timefmt_parse_age(bad[i]), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_same_as_timegm),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_parse_age),
		cmocka_unit_test(test_ago),
		cmocka_unit_test(test_clock_and_iso),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
