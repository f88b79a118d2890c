// deps: logbuf logtext logbuf_search logline sanitize util
/* Load, search and poll figures for the log store. Prints, asserts only
 * correctness: timings depend on the machine.
 *
 * By default a small log keeps `make check` fast. The benchmark
 * (1,000,000 lines, about 100 MB, scrollback raised to match):
 *   VDKTOP_BENCH_LINES=1000000 build/default/tests/unit/test_logbuf_bench
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <cmocka.h>

#include "logbuf.h"
#include "util.h"

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, resident = 0;
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * 4;
}

static void gen_line(struct strbuf *sb, size_t i)
{
	static const char *const msgs[] = {
		"step.py:102 [id:a1b2]- Entering 20_load.py",
		"cursor.py:29 [id:a1b2]- Executing query",
		"ingest.py:88 [id:a1b2]- sent 500 rows",
	};
	strbuf_printf(sb, "2024-05-01T10:%02zu:%02zu.%09zuZ 10:00:00,%03zu [VDK] job [%s] %s %zu\n", i / 60 % 60,
		      i % 60, i, i % 1000, i % 9973 == 0 ? "ERROR" : "INFO ", msgs[i % 3], i);
}

static void bench(void **state)
{
	(void)state;
	const char *env = getenv("VDKTOP_BENCH_LINES");
	size_t n = env ? strtoul(env, NULL, 10) : 20000;
	if (n < 10)
		n = 10;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		gen_line(&sb, i);

	long rss0 = rss_kb();
	struct logbuf *lb = logbuf_new(n);
	long long t0 = now_ms();
	assert_int_equal(logbuf_merge(lb, sb.buf, sb.len, true), LOGBUF_APPENDED);
	long long t_load = now_ms() - t0;
	assert_int_equal(logbuf_count(lb), n);
	long rss1 = rss_kb();

	/* the last screen, as the view draws it */
	struct san_buf b = SAN_BUF_INIT;
	t0 = now_ms();
	for (size_t i = n - 50; i < n; i++)
		logbuf_display(lb, i, false, &b);
	long long t_screen = now_ms() - t0;

	t0 = now_ms();
	size_t hits = logbuf_search(lb, "sent 500", false);
	long long t_search = now_ms() - t0;
	assert_int_equal(hits, (n + 0) / 3);

	t0 = now_ms();
	size_t at = n - 1;
	for (int k = 0; k < 100; k++)
		assert_true(logbuf_search_next(lb, at, -1, &at));
	assert_true(logbuf_error_next(lb, n - 1, -1, &at));
	long long t_next = now_ms() - t0;

	/* a poll: the last 1000 lines plus 200 new ones */
	size_t from = 0;
	for (size_t i = 0, seen = 0; i < sb.len && seen < n - 1000; i++)
		if (sb.buf[i] == '\n' && ++seen == n - 1000)
			from = i + 1;
	size_t old_len = sb.len;
	for (size_t i = n; i < n + 200; i++)
		gen_line(&sb, i);
	t0 = now_ms();
	assert_int_equal(logbuf_merge(lb, sb.buf + from, sb.len - from, false), LOGBUF_APPENDED);
	long long t_poll = now_ms() - t0;
	assert_int_equal(logbuf_count(lb), n);
	assert_int_equal(logbuf_dropped(lb), 200);
	(void)old_len;

	double text = (double)logbuf_text_bytes(lb);
	printf("logbuf bench: %zu lines, %.1f MB text\n", n, text / 1e6);
	printf("  load %lld ms, last screen %lld ms, search %lld ms (%zu lines), 100x n/N + ] %lld ms, poll %lld ms\n",
	       t_load, t_screen, t_search, hits, t_next, t_poll);
	printf("  store %.1f MB = %.2fx the text; RSS grew %.1f MB on load\n", (double)logbuf_mem_bytes(lb) / 1e6,
	       (double)logbuf_mem_bytes(lb) / text, (double)(rss1 - rss0) / 1e3);
	san_buf_free(&b);
	logbuf_free(lb);
	strbuf_free(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bench),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
