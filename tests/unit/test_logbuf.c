// deps: logbuf logtext logbuf_search logline sanitize util
/* The log store: overlap merge of polled tails, scrollback, search, error
 * lines, layout helpers and the byte-exact raw text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "logbuf.h"
#include "util.h"

/* The store as "l1|l2|…": a marker line is "#", a provisional line ends
 * in "~". Owned by the caller. */
static char *dump(const struct logbuf *lb)
{
	struct strbuf sb = STRBUF_INIT;
	struct logbuf_line l;
	strbuf_puts(&sb, "");
	for (size_t i = 0; logbuf_line(lb, i, &l); i++) {
		if (i)
			strbuf_putc(&sb, '|');
		if (l.flags & LOGBUF_MARKER) {
			strbuf_putc(&sb, '#');
			continue;
		}
		strbuf_append(&sb, l.text, l.len);
		if (l.flags & LOGBUF_PARTIAL)
			strbuf_putc(&sb, '~');
	}
	return strbuf_steal(&sb);
}

#define assert_dump(lb, want)                                                                                        \
	do {                                                                                                         \
		char *got_ = dump(lb);                                                                               \
		assert_string_equal(got_, want);                                                                     \
		free(got_);                                                                                          \
	} while (0)

static enum logbuf_merge_result merge(struct logbuf *lb, const char *s, bool complete)
{
	return logbuf_merge(lb, s, strlen(s), complete);
}

static void assert_raw(const struct logbuf *lb, const char *want, size_t want_len)
{
	size_t len;
	char *raw = logbuf_raw_text(lb, &len);
	assert_int_equal(len, want_len);
	assert_memory_equal(raw, want, len);
	free(raw);
}

static void test_first_load_and_polls(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(0);
	assert_int_equal(logbuf_max_lines(lb), LOGBUF_DEFAULT_MAX_LINES);
	assert_int_equal(merge(lb, "1\n2\n3\n", true), LOGBUF_APPENDED);
	assert_dump(lb, "1|2|3");
	/* the tail overlaps by two lines; two new ones */
	assert_int_equal(merge(lb, "2\n3\n4\n5\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "1|2|3|4|5");
	/* nothing new */
	assert_int_equal(merge(lb, "3\n4\n5\n", false), LOGBUF_UNCHANGED);
	assert_int_equal(merge(lb, "5\n", false), LOGBUF_UNCHANGED);
	/* overlap of a single line, many new */
	assert_int_equal(merge(lb, "5\n6\n7\n8\n9\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "1|2|3|4|5|6|7|8|9");
	/* an empty answer (logs expired) keeps what we have */
	assert_int_equal(merge(lb, "", false), LOGBUF_UNCHANGED);
	assert_int_equal(merge(lb, "", true), LOGBUF_UNCHANGED);
	assert_int_equal(logbuf_count(lb), 9);
	/* the whole log again, longer */
	assert_int_equal(merge(lb, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", true), LOGBUF_APPENDED);
	assert_dump(lb, "1|2|3|4|5|6|7|8|9|10");
	assert_int_equal(merge(lb, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", true), LOGBUF_UNCHANGED);
	assert_raw(lb, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", 21);
	logbuf_free(lb);
	logbuf_free(NULL);
}

static void test_repeated_lines(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(0);
	merge(lb, "a\nb\nb\n", true);
	/* largest overlap: "b b" */
	assert_int_equal(merge(lb, "b\nb\nc\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "a|b|b|c");
	logbuf_clear(lb);

	merge(lb, "x\nx\nx\n", true);
	assert_int_equal(merge(lb, "x\nx\nx\nx\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "x|x|x|x");
	assert_int_equal(merge(lb, "x\nx\n", false), LOGBUF_UNCHANGED);
	assert_int_equal(merge(lb, "x\nx\nx\nx\ny\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "x|x|x|x|y");
	logbuf_clear(lb);

	/* a border that the hashes allow but the lines do not: a b a b | b a b c */
	merge(lb, "a\nb\na\nb\n", true);
	assert_int_equal(merge(lb, "a\nb\nc\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "a|b|a|b|c");

	/* with the whole log at hand, repetition is no longer ambiguous */
	logbuf_clear(lb);
	merge(lb, "A\nB\nA\nB\n", true);
	assert_int_equal(logbuf_merge_tail(lb, "A\nB\nA\nB\nA\nB\n", 12, 100), LOGBUF_APPENDED);
	assert_dump(lb, "A|B|A|B|A|B");
	logbuf_free(lb);
}

/* When lines repeat, several overlaps fit; the right one is the largest,
 * which appends the fewest lines (a repeated block in a log is new output
 * only when the tail says so beyond every fit). One case per branch of the
 * search: the store whole inside the tail, only a provisional line stored,
 * and a suffix of the store that begins the tail. */
static void test_repeats_take_the_largest_overlap(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(0);
	/* "x y" occurs twice in the tail, both past the stored lines */
	merge(lb, "x\ny\n", false);
	assert_int_equal(merge(lb, "a\nx\ny\nz\nx\ny\n", false), LOGBUF_UNCHANGED);
	assert_dump(lb, "x|y");
	assert_int_equal(merge(lb, "x\ny\nz\nx\ny\nw\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "x|y|w");

	/* only a provisional line stored: the last line it begins */
	logbuf_clear(lb);
	merge(lb, "ab", false);
	assert_dump(lb, "ab~");
	assert_int_equal(merge(lb, "z\nabc\nx\nabd\ny\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "abd|y");

	/* the whole store begins the tail, and so does its half */
	logbuf_clear(lb);
	merge(lb, "a\nx\na\nx\n", true);
	assert_int_equal(merge(lb, "a\nx\na\nx\nb\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "a|x|a|x|b");
	assert_int_equal(merge(lb, "x\nb\n", false), LOGBUF_UNCHANGED);
	assert_dump(lb, "a|x|a|x|b");
	logbuf_free(lb);
}

/* A tail that reaches back past everything stored: a small scrollback, or
 * a first tail smaller than the next. */
static void test_tail_wider_than_store(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(2);
	merge(lb, "1\n2\n3\n", true);
	assert_dump(lb, "2|3");
	assert_int_equal(merge(lb, "1\n2\n3\n4\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "3|4");
	assert_int_equal(merge(lb, "2\n3\n4\n", false), LOGBUF_UNCHANGED);
	logbuf_free(lb);

	lb = logbuf_new(0);
	assert_int_equal(merge(lb, "c\nd\n", false), LOGBUF_APPENDED);
	assert_int_equal(merge(lb, "a\nb\nc\nd\ne\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "c|d|e");
	/* the provisional line inside a wider tail */
	assert_int_equal(merge(lb, "d\ne\nf", false), LOGBUF_APPENDED);
	assert_int_equal(merge(lb, "a\nb\nc\nd\ne\nfg\nh\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "c|d|e|fg|h");
	/* a repeated block: the last occurrence wins (fewest appended) */
	logbuf_clear(lb);
	merge(lb, "x\ny\n", false);
	assert_int_equal(merge(lb, "x\ny\nz\nx\ny\n", false), LOGBUF_UNCHANGED);
	logbuf_free(lb);
}

static void test_gap_and_repair(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(0);
	merge(lb, "1\n2\n3\n", true);
	/* more lines arrived than the tail holds */
	assert_int_equal(merge(lb, "7\n8\n9\n", false), LOGBUF_GAP);
	assert_dump(lb, "1|2|3|#|7|8|9");
	assert_true(logbuf_line_flags(lb, 3) & LOGBUF_MARKER);
	/* the marker is not log text */
	assert_raw(lb, "1\n2\n3\n7\n8\n9\n", 12);
	/* polling continues after the gap */
	assert_int_equal(merge(lb, "9\n10\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "1|2|3|#|7|8|9|10");
	/* the whole log repairs it */
	uint64_t seq = logbuf_first_seq(lb);
	assert_int_equal(merge(lb, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", true), LOGBUF_RESET);
	assert_dump(lb, "1|2|3|4|5|6|7|8|9|10");
	assert_true(logbuf_first_seq(lb) > seq);
	logbuf_free(lb);
}

static void test_shrink_and_replace(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(0);
	merge(lb, "a\nb\nc\n", true);
	assert_int_equal(merge(lb, "a\nb\n", true), LOGBUF_RESET);
	assert_dump(lb, "a|b");
	/* the pod was replaced: a different log */
	assert_int_equal(merge(lb, "x\ny\n", true), LOGBUF_RESET);
	assert_dump(lb, "x|y");
	/* a replaced log seen through a tail: no overlap */
	assert_int_equal(merge(lb, "p\nq\n", false), LOGBUF_GAP);
	assert_dump(lb, "x|y|#|p|q");
	logbuf_free(lb);
}

static void test_partial_line(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(0);
	assert_int_equal(merge(lb, "a\nb", true), LOGBUF_APPENDED);
	assert_dump(lb, "a|b~");
	assert_raw(lb, "a\nb", 3);
	/* the last line grows, still unfinished */
	assert_int_equal(merge(lb, "a\nbc", false), LOGBUF_APPENDED);
	assert_dump(lb, "a|bc~");
	/* same answer again */
	assert_int_equal(merge(lb, "a\nbc", false), LOGBUF_UNCHANGED);
	/* finished, and more lines */
	assert_int_equal(merge(lb, "bcd\ne\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "a|bcd|e");
	assert_raw(lb, "a\nbcd\ne\n", 8);

	/* a server that never ends its text with a newline: each poll's last
	 * line is provisional and turns out to be complete */
	logbuf_clear(lb);
	merge(lb, "1\n2", true);
	assert_int_equal(merge(lb, "2\n3", false), LOGBUF_APPENDED);
	assert_dump(lb, "1|2|3~");
	assert_int_equal(merge(lb, "3\n4\n5", false), LOGBUF_APPENDED);
	assert_dump(lb, "1|2|3|4|5~");
	assert_int_equal(merge(lb, "5", false), LOGBUF_UNCHANGED);
	assert_raw(lb, "1\n2\n3\n4\n5", 9);
	/* and then it does end with one */
	assert_int_equal(merge(lb, "4\n5\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "1|2|3|4|5");

	/* the whole log completes a partial line */
	logbuf_clear(lb);
	merge(lb, "x\nhal", true);
	assert_int_equal(merge(lb, "x\nhalf done\ny\n", true), LOGBUF_APPENDED);
	assert_dump(lb, "x|half done|y");

	/* a provisional line that the next tail does not continue: gap */
	logbuf_clear(lb);
	merge(lb, "x\nabc", true);
	assert_int_equal(merge(lb, "zzz\nw\n", false), LOGBUF_GAP);
	assert_dump(lb, "x|abc|#|zzz|w");
	logbuf_free(lb);
}

static void test_scrollback(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(5);
	merge(lb, "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11\nl12\n", true);
	assert_dump(lb, "l8|l9|l10|l11|l12");
	assert_int_equal(logbuf_dropped(lb), 7);
	assert_int_equal(logbuf_first_seq(lb), 7);
	/* polling keeps dropping at the front */
	assert_int_equal(merge(lb, "l11\nl12\nl13\n", false), LOGBUF_APPENDED);
	assert_dump(lb, "l9|l10|l11|l12|l13");
	assert_int_equal(logbuf_dropped(lb), 8);
	assert_int_equal(logbuf_first_seq(lb), 8);
	/* the whole log still lines up with what was kept */
	assert_int_equal(merge(lb, "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11\nl12\nl13\nl14\n", true),
			 LOGBUF_APPENDED);
	assert_dump(lb, "l10|l11|l12|l13|l14");
	/* as does a tail_lines answer shorter than asked for */
	const char *whole = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11\nl12\nl13\nl14\nl15\n";
	assert_int_equal(logbuf_merge_tail(lb, whole, strlen(whole), 1000), LOGBUF_APPENDED);
	assert_dump(lb, "l11|l12|l13|l14|l15");
	/* tail_lines 0: the request had none, so this is the whole log */
	assert_int_equal(logbuf_merge_tail(lb, "l1\nl2\n", 6, 0), LOGBUF_RESET);
	assert_dump(lb, "l1|l2");
	assert_int_equal(logbuf_merge_tail(lb, whole, strlen(whole), 0), LOGBUF_APPENDED);
	logbuf_set_max_lines(lb, 2);
	assert_dump(lb, "l14|l15");
	assert_int_equal(logbuf_dropped(lb), 13);
	logbuf_free(lb);
}

static void test_scrollback_frees_blocks(void **state)
{
	(void)state;
	/* big lines, one block each */
	struct logbuf *lb = logbuf_new(10);
	size_t big = 300 * 1024;
	char *line = malloc(big + 1);
	assert_non_null(line);
	for (int i = 0; i < 60; i++) {
		memset(line, 'a' + i % 26, big);
		line[big] = '\n';
		logbuf_merge(lb, line, big + 1, false);
	}
	assert_int_equal(logbuf_count(lb), 10);
	assert_true(logbuf_mem_bytes(lb) < 12 * big + (1 << 20) + 64 * 1024);
	free(line);
	logbuf_free(lb);

	/* small lines: whole 1 MiB blocks go as their lines are dropped */
	lb = logbuf_new(1000);
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 100000; i++)
		strbuf_printf(&sb, "2024-05-01T10:00:00.%09dZ line %d of a long log with some words\n", i, i);
	logbuf_merge(lb, sb.buf, sb.len, true);
	assert_int_equal(logbuf_count(lb), 1000);
	assert_int_equal(logbuf_dropped(lb), 99000);
	assert_true(logbuf_mem_bytes(lb) < 3 * (1 << 20));
	strbuf_free(&sb);
	logbuf_free(lb);
}

static void test_search(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(0);
	merge(lb,
	      "2024-05-01T10:00:00.1Z Starting job\n"
	      "2024-05-01T10:00:01.2Z step one: Table found\n"
	      "2024-05-01T10:00:02.3Z nothing here\n"
	      "2024-05-01T10:00:03.4Z TABLE dropped\n"
	      "2024-05-01T10:00:04.5Z \x1b[31mred\x1b[0m\tdone\n",
	      true);
	assert_int_equal(logbuf_search(lb, "table", false), 2);
	assert_string_equal(logbuf_search_query(lb), "table");
	assert_int_equal(logbuf_search_count(lb), 2);
	assert_true(logbuf_line_flags(lb, 1) & LOGBUF_MATCH);
	assert_false(logbuf_line_flags(lb, 2) & LOGBUF_MATCH);
	size_t at;
	assert_true(logbuf_search_next(lb, 0, 1, &at));
	assert_int_equal(at, 1);
	assert_true(logbuf_search_next(lb, 1, 1, &at));
	assert_int_equal(at, 3);
	assert_true(logbuf_search_next(lb, 3, 1, &at)); /* wraps */
	assert_int_equal(at, 1);
	assert_true(logbuf_search_next(lb, 1, -1, &at)); /* wraps backwards */
	assert_int_equal(at, 3);
	assert_true(logbuf_search_next(lb, 4, -1, &at));
	assert_int_equal(at, 3);
	assert_true(logbuf_search_next(lb, 99, 1, &at)); /* from past the end */
	assert_int_equal(at, 1);
	assert_true(logbuf_search_next(lb, 99, -1, &at));
	assert_int_equal(at, 3);

	/* The K8s timestamp is hidden (and not matched) only where VDK's own
	 * follows; these lines have none, so it matches either way. */
	assert_int_equal(logbuf_search(lb, "10:00:0", false), 5);
	assert_true(logbuf_search_next(lb, 0, 1, &at));
	assert_int_equal(logbuf_search(lb, "10:00:0", true), 5);

	/* the display text is searched: escapes as shown, tabs as spaces */
	assert_int_equal(logbuf_search(lb, "^[[31mRED", false), 1);
	assert_true(logbuf_line_flags(lb, 4) & LOGBUF_MATCH);
	/* (the K8s timestamp is shown here, none of VDK's follows: the tab
	 * stop is at column 40) */
	assert_int_equal(logbuf_search(lb, "^[[0m   done", false), 1);
	assert_int_equal(logbuf_search(lb, "\x1b", false), 0);

	/* lines that arrive later are matched as they come */
	assert_int_equal(logbuf_search(lb, "table", false), 2);
	assert_int_equal(merge(lb,
			       "2024-05-01T10:00:04.5Z \x1b[31mred\x1b[0m\tdone\n"
			       "2024-05-01T10:00:05.6Z table again\n",
			       false),
			 LOGBUF_APPENDED);
	assert_int_equal(logbuf_search_count(lb), 3);
	assert_true(logbuf_search_next(lb, 3, 1, &at));
	assert_int_equal(at, 5);

	/* clearing */
	assert_int_equal(logbuf_search(lb, "", false), 0);
	assert_null(logbuf_search_query(lb));
	assert_false(logbuf_line_flags(lb, 1) & LOGBUF_MATCH);
	assert_false(logbuf_search_next(lb, 0, 1, &at));
	logbuf_free(lb);

	/* dropped lines leave the count */
	lb = logbuf_new(3);
	merge(lb, "hit 1\nmiss\nhit 2\n", true);
	assert_int_equal(logbuf_search(lb, "HIT", true), 2);
	merge(lb, "hit 2\nmiss 2\n", false);
	assert_dump(lb, "miss|hit 2|miss 2");
	assert_int_equal(logbuf_search_count(lb), 1);
	logbuf_free(lb);
}

static void test_error_lines(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		bool error;
	} cases[] = {
		{"2024-05-01T10:00:00Z 2024-05-01 10:00:00,123 [VDK] job [ERROR] vdk.run  step.py:12  run[id:x]- boom", true},
		{"2024-05-01T10:00:00Z 2024-05-01 10:00:00,123 [VDK] job [INFO ] vdk.run  step.py:12  run[id:x]- ok", false},
		{"2024-05-01T10:00:00Z 2024-05-01 10:00:00,123 [VDK] job [CRITI] vdk.run - bad", true},
		{"2024-05-01T10:00:00Z 2024-05-01 10:00:00,123 [VDK] job [WARNI] vdk.run - hmm", false},
		{"2024-05-01T10:00:00Z Traceback (most recent call last):", true},
		{"2024-05-01T10:00:00Z   File \"/job/10_step.py\", line 3, in run", false},
		{"2024-05-01T10:00:00Z ValueError: invalid literal", true},
		{"2024-05-01T10:00:00Z vdk.internal.core.errors.UserCodeError: what happened", true},
		{"2024-05-01T10:00:00Z java.lang.IllegalStateException: no", true},
		{"Caused by: java.io.IOException: broken pipe", true},
		{"FATAL: database is down", true},
		{"level=ERROR msg=\"x\"", true},
		{"CRITICAL something", true},
		{"[error] lower-case level", true},
		{"x [FATAL] bracketed", true},
		{"x [Crit] short", true},
		{"x [critical] long", true},
		{"x [err ] padded", true},
		{"x [EXTRA] starts like error", false},
		{"x [DEBUG] [INFO ] [WARN ] [] [ ] levels of no concern", false},
		{"processed 0 errors, ERRORS_TOTAL=0", false},
		{"USER_ERROR is a status name", false},
		{"no error here", false},
		{"Errors: none", false},
		{"", false},
	};
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		strbuf_printf(&sb, "%s\n", cases[i].line);
	struct logbuf *lb = logbuf_new(0);
	logbuf_merge(lb, sb.buf, sb.len, true);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!!(logbuf_line_flags(lb, i) & LOGBUF_ERROR) != cases[i].error)
			fail_msg("error flag of \"%s\" should be %d", cases[i].line, cases[i].error);
	size_t at;
	assert_true(logbuf_error_next(lb, 0, 1, &at));
	assert_int_equal(at, 2);
	assert_true(logbuf_error_next(lb, 0, -1, &at)); /* wraps to the last error line */
	assert_int_equal(at, 17);
	assert_true(logbuf_error_next(lb, 4, 1, &at));
	assert_int_equal(at, 6);
	strbuf_free(&sb);
	logbuf_clear(lb);
	merge(lb, "fine\nall good\n", true);
	assert_false(logbuf_error_next(lb, 0, 1, &at));
	logbuf_free(lb);
}

static void test_timestamps_and_display(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(0);
	merge(lb,
	      "2024-05-01T10:00:00.123456789Z hello\n"
	      "2024-05-01T10:00:00+02:00 offset\n"
	      "2024-05-01T10:00:00Z\ttab\n"
	      "2024-05-01 10:00:00 not k8s\n"
	      "2024-05-01T10:00:00.Z bad fraction\n"
	      "short\n",
	      true);
	struct logbuf_line l;
	assert_true(logbuf_line(lb, 0, &l));
	assert_int_equal(l.msg_off, 31);
	assert_true(logbuf_line(lb, 1, &l));
	assert_int_equal(l.msg_off, 26);
	for (size_t i = 2; i < 6; i++) {
		assert_true(logbuf_line(lb, i, &l));
		assert_int_equal(l.msg_off, 0);
	}
	assert_false(logbuf_line(lb, 6, &l));

	struct san_buf b = SAN_BUF_INIT;
	/* No timestamp of its own: the K8s one stays, shown or not. */
	logbuf_display(lb, 0, false, &b);
	assert_string_equal(b.text, "2024-05-01T10:00:00.123456789Z hello");
	logbuf_display(lb, 0, true, &b);
	assert_string_equal(b.text, "2024-05-01T10:00:00.123456789Z hello");
	logbuf_display(lb, 99, true, &b);
	assert_string_equal(b.text, "");
	/* VDK's own timestamp after it: one timestamp a line unless shown. */
	logbuf_clear(lb);
	merge(lb, "2024-05-01T10:00:00.12Z 2024-05-01 10:00:00,120 [VDK] job [INFO ] step\n", true);
	logbuf_display(lb, 0, false, &b);
	assert_string_equal(b.text, "2024-05-01 10:00:00,120 [VDK] job [INFO ] step");
	/* Shown, its fraction is padded to nine digits, as the search sees it. */
	assert_int_equal(logbuf_display(lb, 0, true, &b), 30);
	assert_string_equal(b.text, "2024-05-01T10:00:00.120000000Z 2024-05-01 10:00:00,120 [VDK] job [INFO ] step");
	assert_int_equal(logbuf_search(lb, "00.120000000Z", false), 0);
	assert_int_equal(logbuf_search(lb, "00.120000000Z", true), 1);
	/* Every fraction's width, and none, and a zone: the text after the
	 * timestamp starts at the same column on every line. */
	logbuf_clear(lb);
	merge(lb,
	      "2024-05-01T10:00:00.123456789Z a\n"
	      "2024-05-01T10:00:00.1Z b\n"
	      "2024-05-01T10:00:01Z c\n"
	      "2024-05-01T10:00:02.5+02:00 d\n",
	      true);
	assert_int_equal(logbuf_display(lb, 0, true, &b), 30);
	assert_string_equal(b.text, "2024-05-01T10:00:00.123456789Z a");
	assert_int_equal(logbuf_display(lb, 1, true, &b), 30);
	assert_string_equal(b.text, "2024-05-01T10:00:00.100000000Z b");
	assert_int_equal(logbuf_display(lb, 2, false, &b), 30);
	assert_string_equal(b.text, "2024-05-01T10:00:01.000000000Z c");
	assert_int_equal(logbuf_display(lb, 3, true, &b), 35);
	assert_string_equal(b.text, "2024-05-01T10:00:02.500000000+02:00 d");
	/* A marker line has no timestamp to pad. */
	assert_int_equal(logbuf_display(lb, 99, true, &b), 0);
	san_buf_free(&b);
	logbuf_free(lb);
}

static void test_wrap(void **state)
{
	(void)state;
	size_t st[8];
	assert_int_equal(sanitize_wrap("", 0, 10, st, 8), 1);
	assert_int_equal(st[0], 0);
	assert_int_equal(sanitize_wrap("abcdef", 6, 4, st, 8), 2);
	assert_int_equal(st[1], 4);
	assert_int_equal(sanitize_wrap("abcd", 4, 4, st, 8), 1);
	/* 中中中 at width 5: a wide character is never split */
	const char *cjk = "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad";
	assert_int_equal(sanitize_wrap(cjk, 9, 5, st, 8), 2);
	assert_int_equal(st[1], 6);
	/* wider than the window: one per row */
	assert_int_equal(sanitize_wrap(cjk, 9, 1, st, 8), 3);
	assert_int_equal(st[1], 3);
	assert_int_equal(st[2], 6);
	/* combining marks stay with their base */
	const char *comb = "e\xcc\x81" "e\xcc\x81" "e\xcc\x81";
	assert_int_equal(sanitize_wrap(comb, 9, 2, st, 8), 2);
	assert_int_equal(st[1], 6);
	assert_int_equal(sanitize_wrap(comb, 9, 1, st, 8), 3);
	assert_int_equal(st[1], 3);
	/* a mix: a中bc at 3 → "a中" "bc" */
	assert_int_equal(sanitize_wrap("a\xe4\xb8\xad" "bc", 6, 3, st, 8), 2);
	assert_int_equal(st[1], 4);
	/* a中 at 2 → "a" "中" */
	assert_int_equal(sanitize_wrap("a\xe4\xb8\xad", 4, 2, st, 8), 2);
	assert_int_equal(st[1], 1);
	/* only counting; starts beyond max are not written */
	assert_int_equal(sanitize_wrap("abcdefghij", 10, 1, NULL, 0), 10);
	st[2] = 777;
	assert_int_equal(sanitize_wrap("abcdefghij", 10, 1, st, 2), 10);
	assert_int_equal(st[2], 777);
	assert_int_equal(sanitize_wrap("ab", 2, 0, st, 8), 2);
}

static void test_hslice(void **state)
{
	(void)state;
	struct san_slice s;
	sanitize_hslice("abcdef", 6, 2, 3, &s);
	assert_int_equal(s.start, 2);
	assert_int_equal(s.end, 5);
	assert_int_equal(s.pad_left, 0);
	assert_int_equal(s.pad_right, 0);
	/* past the end */
	sanitize_hslice("abc", 3, 10, 5, &s);
	assert_int_equal(s.start, 3);
	assert_int_equal(s.end, 3);
	/* "a中中b": from column 2 the first 中 is cut in half */
	const char *t = "a\xe4\xb8\xad\xe4\xb8\xad" "b";
	sanitize_hslice(t, 8, 2, 4, &s);
	assert_int_equal(s.pad_left, 1);
	assert_int_equal(s.start, 4);
	assert_int_equal(s.end, 8);
	assert_int_equal(s.pad_right, 0);
	/* the right edge cuts the second 中 */
	sanitize_hslice(t, 8, 0, 4, &s);
	assert_int_equal(s.start, 0);
	assert_int_equal(s.end, 4);
	assert_int_equal(s.pad_left, 0);
	assert_int_equal(s.pad_right, 1);
	/* combining marks go with their base on either side of the edge */
	const char *c = "e\xcc\x81x\xcc\x81y";
	sanitize_hslice(c, 7, 1, 1, &s);
	assert_int_equal(s.start, 3);
	assert_int_equal(s.end, 6);
	sanitize_hslice(c, 7, 0, 0, &s);
	assert_int_equal(s.end, 0);
}

static int fail_second(void *ctx, const char *data, size_t len)
{
	int *calls = ctx;
	return ++*calls == 2 ? -5 : 0;
}

static void test_raw_round_trip(void **state)
{
	(void)state;
	static const char text[] = "2024-05-01T10:00:00Z crlf\r\n\n\x1b[2J\0nul\n\xff\xfe bad\n\tlast";
	size_t len = sizeof(text) - 1;
	struct logbuf *lb = logbuf_new(0);
	logbuf_merge(lb, text, len, true);
	assert_int_equal(logbuf_count(lb), 5);
	assert_raw(lb, text, len);
	assert_int_equal(logbuf_text_bytes(lb), len - 4);

	/* polled in pieces: the same bytes */
	logbuf_clear(lb);
	logbuf_merge(lb, text, 28, true); /* up to the middle of line 3 */
	logbuf_merge(lb, text + 27, len - 27, false);
	assert_raw(lb, text, len);

	int calls = 0;
	assert_int_equal(logbuf_write_raw(lb, fail_second, &calls), -5);
	assert_int_equal(calls, 2);

	logbuf_clear(lb);
	assert_raw(lb, "", 0);
	merge(lb, "\n", true);
	assert_int_equal(logbuf_count(lb), 1);
	assert_raw(lb, "\n", 1);
	logbuf_free(lb);
}

/* A log of unique lines grows at random; polls of random tail sizes that
 * always reach back into what is stored must rebuild it exactly. */
static void test_random_polls(void **state)
{
	(void)state;
	unsigned seed = 12345;
	struct strbuf log = STRBUF_INIT;
	size_t *starts = NULL, nlines = 0, cap = 0;
	struct logbuf *lb = logbuf_new(0);
	strbuf_puts(&log, "");
	for (int round = 0; round < 400; round++) {
		seed = seed * 1103515245u + 12345u;
		size_t add = (seed >> 16) % 6;
		for (size_t i = 0; i < add; i++) {
			if (nlines == cap) {
				cap = cap ? cap * 2 : 64;
				starts = realloc(starts, cap * sizeof(*starts));
				assert_non_null(starts);
			}
			starts[nlines++] = log.len;
			/* repeated text after a unique number */
			strbuf_printf(&log, "%zu rep\n", nlines);
		}
		if (!nlines)
			continue;
		seed = seed * 1103515245u + 12345u;
		size_t want = add + 1 + (seed >> 16) % 4, m = want < nlines ? want : nlines;
		size_t from = starts[nlines - m];
		enum logbuf_merge_result r = logbuf_merge_tail(lb, log.buf + from, log.len - from, want);
		assert_true(r == LOGBUF_APPENDED || r == LOGBUF_UNCHANGED);
		assert_raw(lb, log.buf, log.len);
	}
	free(starts);
	strbuf_free(&log);
	logbuf_free(lb);
}

static void test_seq_stable(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(4);
	merge(lb, "a\nb\nc\nd\n", true);
	uint64_t seq_c = logbuf_first_seq(lb) + 2;
	merge(lb, "d\ne\nf\n", false);
	/* c is still c, at a lower index */
	struct logbuf_line l;
	assert_true(logbuf_line(lb, (size_t)(seq_c - logbuf_first_seq(lb)), &l));
	assert_memory_equal(l.text, "c", 1);
	logbuf_free(lb);
}


/* The match and error sets against a scan of the flags: next/previous
 * from every line, and every match's ordinal. */
static void check_sets(const struct logbuf *lb)
{
	size_t n = logbuf_count(lb), matches = 0, errors = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned f = logbuf_line_flags(lb, i);
		if (f & LOGBUF_MATCH)
			assert_int_equal(logbuf_search_ordinal(lb, i), ++matches);
		else
			assert_int_equal(logbuf_search_ordinal(lb, i), 0);
		errors += (f & LOGBUF_ERROR) != 0;
	}
	assert_int_equal(logbuf_search_count(lb), matches);
	assert_int_equal(logbuf_error_count(lb), errors);
	for (size_t from = 0; from <= n; from++) {
		for (int dir = -1; dir <= 1; dir += 2) {
			for (unsigned flag = LOGBUF_ERROR; flag <= LOGBUF_MATCH; flag <<= 3) {
				/* brute force: the old linear walk */
				bool want = false;
				size_t want_at = 0, f = from < n ? from : dir > 0 ? n - 1 : 0;
				for (size_t k = 1; n && k <= n && !want; k++) {
					size_t i = dir > 0 ? (f + k) % n : (f + 2 * n - k) % n;
					if (logbuf_line_flags(lb, i) & flag) {
						want = true;
						want_at = i;
					}
				}
				size_t at = SIZE_MAX;
				bool got = flag == LOGBUF_MATCH ? logbuf_search_next(lb, from, dir, &at)
								: logbuf_error_next(lb, from, dir, &at);
				assert_int_equal(got, want);
				if (want)
					assert_int_equal(at, want_at);
			}
		}
	}
}

static void test_match_and_error_sets(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(40);
	struct strbuf sb = STRBUF_INIT;
	srand(7);
	int next = 0;
	assert_int_equal(logbuf_search(lb, "hit", false), 0);
	check_sets(lb);
	for (int round = 0; round < 60; round++) {
		/* a tail of the log so far plus new lines: some match, some
		 * are errors, old ones fall off the scrollback cap */
		strbuf_reset(&sb);
		int back = next < 5 ? next : 5, fresh = rand() % 9;
		for (int i = next - back; i < next + fresh; i++)
			strbuf_printf(&sb, "2024-05-01T10:00:00.%09dZ %s %d%s\n", i, i % 3 == 0 ? "hit" : "miss", i,
				      i % 7 == 0 ? " ERROR" : "");
		next += fresh;
		logbuf_merge(lb, sb.buf, sb.len, false);
		check_sets(lb);
		if (round == 30) {
			/* a new search over what is held */
			assert_true(logbuf_search(lb, "ERROR", false) > 0);
			check_sets(lb);
		}
	}
	assert_true(logbuf_dropped(lb) > 0);
	/* a provisional last line that matches, replaced as it grows */
	merge(lb, "2024-05-01T10:00:01Z ERROR partial", false);
	check_sets(lb);
	merge(lb, "2024-05-01T10:00:01Z ERROR partial line\n", false);
	check_sets(lb);
	logbuf_set_max_lines(lb, 3);
	check_sets(lb);
	logbuf_clear(lb);
	check_sets(lb);
	strbuf_free(&sb);
	logbuf_free(lb);
}

/* A search in steps ends where a whole search does, while lines arrive
 * and drop under it. */
static void test_search_in_steps(void **state)
{
	(void)state;
	struct logbuf *lb = logbuf_new(500);
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 400; i++)
		strbuf_printf(&sb, "line %d%s\n", i, i % 10 == 3 ? " needle" : "");
	logbuf_merge(lb, sb.buf, sb.len, true);
	logbuf_search_start(lb, "NEEDLE", true);
	assert_true(logbuf_search_busy(lb));
	assert_int_equal(logbuf_search_count(lb), 0);
	assert_true(logbuf_search_more(lb, 100));
	assert_int_equal(logbuf_search_progress(lb), 100);
	assert_int_equal(logbuf_search_count(lb), 10);
	check_sets(lb);
	/* 200 more lines: 100 old ones drop, the scan keeps its place */
	strbuf_reset(&sb);
	for (int i = 395; i < 600; i++)
		strbuf_printf(&sb, "line %d%s\n", i, i % 10 == 3 ? " needle" : "");
	assert_int_equal(logbuf_merge(lb, sb.buf, sb.len, false), LOGBUF_APPENDED);
	assert_int_equal(logbuf_count(lb), 500);
	assert_int_equal(logbuf_search_progress(lb), 0); /* what it had scanned was dropped */
	assert_int_equal(logbuf_search_count(lb), 0);
	assert_true(logbuf_search_more(lb, 250));
	while (logbuf_search_more(lb, 7))
		;
	assert_false(logbuf_search_busy(lb));
	assert_int_equal(logbuf_search_count(lb), 50);
	check_sets(lb);
	/* once done, new lines are matched as they arrive */
	merge(lb, "line 599\nline 600 needle\n", false);
	assert_int_equal(logbuf_search_count(lb), 51);
	check_sets(lb);
	size_t whole = logbuf_search(lb, "needle", true);
	assert_int_equal(whole, 51);
	strbuf_free(&sb);
	logbuf_free(lb);
}

/* Two stores hold the same lines, flags, matches and raw text. */
static void assert_same_store(const struct logbuf *a, const struct logbuf *b)
{
	assert_int_equal(logbuf_count(a), logbuf_count(b));
	assert_int_equal(logbuf_dropped(a), logbuf_dropped(b));
	assert_int_equal(logbuf_text_bytes(a), logbuf_text_bytes(b));
	assert_int_equal(logbuf_error_count(a), logbuf_error_count(b));
	assert_int_equal(logbuf_search_count(a), logbuf_search_count(b));
	struct logbuf_line x, y;
	for (size_t i = 0; logbuf_line(a, i, &x); i++) {
		assert_true(logbuf_line(b, i, &y));
		assert_int_equal(x.len, y.len);
		assert_memory_equal(x.text, y.text, x.len);
		assert_int_equal(x.flags, y.flags);
		assert_int_equal(x.msg_off, y.msg_off);
	}
	size_t la, lb2;
	char *ra = logbuf_raw_text(a, &la), *rb = logbuf_raw_text(b, &lb2);
	assert_int_equal(la, lb2);
	assert_memory_equal(ra, rb, la);
	free(ra);
	free(rb);
}

static struct logtext *chunked(const char *text, size_t len, size_t piece)
{
	struct logtext *t = logtext_new(0);
	for (size_t pos = 0; pos < len; pos += piece)
		logtext_append(t, text + pos, len - pos < piece ? len - pos : piece);
	logtext_finish(t);
	return t;
}

/* A log in chunks merges as the same text in one piece: the first load
 * takes the chunks over as blocks (nothing copied), with or without a
 * scrollback cap, and later answers merge alike. */
static void test_merge_text_takes_chunks(void **state)
{
	(void)state;
	struct strbuf text = STRBUF_INIT;
	for (int i = 0; text.len < 3 * LOGTEXT_CHUNK; i++) {
		if (i % 5000 == 0)
			strbuf_puts(&text, "\n");
		else
			strbuf_printf(&text, "2024-05-01T10:00:00.%06dZ %s row %d\n", i, i % 777 ? "[INFO]" : "[ERROR]", i);
	}
	strbuf_puts(&text, "unfinished");
	size_t caps[] = {0, 1000, 1};
	for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
		struct logbuf *flat = logbuf_new(caps[c]), *chunks = logbuf_new(caps[c]);
		logbuf_search(flat, "row 12", false);
		logbuf_search(chunks, "row 12", false);
		struct logtext *t = chunked(text.buf, text.len, 65536);
		assert_true(t->n > 2);
		assert_int_equal(logbuf_merge_tail(flat, text.buf, text.len, 0), LOGBUF_APPENDED);
		assert_int_equal(logbuf_merge_text(chunks, t, 0), LOGBUF_APPENDED);
		assert_int_equal(t->n, 0); /* taken over */
		assert_same_store(flat, chunks);
		logtext_free(t);

		/* the log went on: a tail of it, then the whole again */
		const char *more = "row 1\nrow 2\n";
		struct strbuf next = STRBUF_INIT;
		strbuf_append(&next, text.buf + text.len - 300, 300);
		strbuf_puts(&next, more);
		t = chunked(next.buf, next.len, 7);
		assert_int_equal(logbuf_merge_text(chunks, t, 1000000),
				 logbuf_merge_tail(flat, next.buf, next.len, 1000000));
		assert_same_store(flat, chunks);
		logtext_free(t);
		strbuf_reset(&next);
		strbuf_append(&next, text.buf, text.len);
		strbuf_puts(&next, more);
		t = chunked(next.buf, next.len, 100000);
		assert_int_equal(logbuf_merge_text(chunks, t, 0), logbuf_merge_tail(flat, next.buf, next.len, 0));
		assert_same_store(flat, chunks);
		logtext_free(t);
		strbuf_free(&next);
		logbuf_free(flat);
		logbuf_free(chunks);
	}
	strbuf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_load_and_polls),
		cmocka_unit_test(test_repeated_lines),
		cmocka_unit_test(test_repeats_take_the_largest_overlap),
		cmocka_unit_test(test_tail_wider_than_store),
		cmocka_unit_test(test_gap_and_repair),
		cmocka_unit_test(test_shrink_and_replace),
		cmocka_unit_test(test_partial_line),
		cmocka_unit_test(test_scrollback),
		cmocka_unit_test(test_scrollback_frees_blocks),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_match_and_error_sets),
		cmocka_unit_test(test_search_in_steps),
		cmocka_unit_test(test_error_lines),
		cmocka_unit_test(test_timestamps_and_display),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_hslice),
		cmocka_unit_test(test_raw_round_trip),
		cmocka_unit_test(test_random_polls),
		cmocka_unit_test(test_seq_stable),
		cmocka_unit_test(test_merge_text_takes_chunks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
