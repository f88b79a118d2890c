// deps: ui/textfit sanitize util
/* Word-boundary wrapping for dialogs and forms, and the priority layout
 * of the chrome lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ui/textfit.h"

/* The rows of text wrapped at width, each without its trailing spaces,
 * joined with '|'. */
static char *rows_of(const char *text, size_t width)
{
	static char out[1024];
	size_t len = strlen(text), starts[64];
	size_t n = textfit_wrap(text, len, width, starts, 64);
	out[0] = 0;
	for (size_t r = 0; r < n; r++) {
		size_t end = r + 1 < n ? starts[r + 1] : len;
		while (end > starts[r] && text[end - 1] == ' ')
			end--;
		if (r)
			strcat(out, "|");
		strncat(out, text + starts[r], end - starts[r]);
	}
	return out;
}

static void test_wrap_words(void **state)
{
	(void)state;
	/* The two breaks seen in the delete and deploy dialogs. */
	assert_string_equal(rows_of("Deploys the sources in Git to team starshot", 22),
			    "Deploys the sources in|Git to team starshot");
	assert_string_equal(rows_of("Deploys the sources in Git to team starshot", 25),
			    "Deploys the sources in|Git to team starshot");
	assert_string_equal(rows_of("delete job for team starshot now", 24), "delete job for team|starshot now");
	/* Fits: one row; exact fit: one row. */
	assert_string_equal(rows_of("short", 10), "short");
	assert_string_equal(rows_of("abcde fghij", 11), "abcde fghij");
	/* Empty text is one empty row. */
	assert_int_equal(textfit_wrap("", 0, 10, NULL, 0), 1);
	/* Spaces at a break are absorbed, however many. */
	assert_string_equal(rows_of("abc     def", 5), "abc|def");
	/* A word wider than the row is split between characters only. */
	assert_string_equal(rows_of("a abcdefghijkl b", 5), "a|abcde|fghij|kl b");
	assert_string_equal(rows_of("abcdefghij", 4), "abcd|efgh|ij");
	/* Leading spaces are no break opportunity: no blank first row. */
	assert_string_equal(rows_of("  abcdefgh", 4), "  ab|cdef|gh");
}

static void test_wrap_no_broken_word(void **state)
{
	(void)state;
	const char *text = "The job starshot-ingest will be deleted from team starshot with every deployment";
	for (size_t w = 16; w < 60; w++) { /* the longest word is 15 */
		char *r = rows_of(text, w);
		/* Every word of the text appears whole in the rows. */
		char copy[256];
		strcpy(copy, text);
		for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
			size_t found = 0;
			for (const char *p = r; (p = strstr(p, tok)); p++) {
				char before = p == r ? '|' : p[-1], after = p[strlen(tok)];
				if ((before == ' ' || before == '|') && (after == ' ' || after == '|' || !after))
					found++;
			}
			if (!found)
				fail_msg("width %zu broke \"%s\": %s", w, tok, r);
		}
	}
}

static void test_wrap_wide(void **state)
{
	(void)state;
	/* Two-column characters are never split and count double. */
	assert_string_equal(rows_of("\xe6\x97\xa5\xe6\x9c\xac \xe8\xaa\x9e", 4), "\xe6\x97\xa5\xe6\x9c\xac|\xe8\xaa\x9e");
	assert_string_equal(rows_of("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 3), "\xe6\x97\xa5|\xe6\x9c\xac|\xe8\xaa\x9e");
}

static void test_layout_fits(void **state)
{
	(void)state;
	struct fit_item it[] = {{10, 0, 0, 0}, {20, 3, 0, 0}, {5, 1, 0, 0}};
	int out[3];
	assert_int_equal(textfit_layout(it, 3, 80, out), 35);
	assert_int_equal(out[0], 10);
	assert_int_equal(out[1], 20);
	assert_int_equal(out[2], 5);
}

static void test_layout_drops_least_important(void **state)
{
	(void)state;
	/* title, url (shrinks to 8), age, sort label */
	struct fit_item it[] = {{12, 0, 0, 0}, {30, 4, 8, 0}, {18, 1, 0, 0}, {10, 3, 0, 0}};
	int out[4];
	/* 70 wanted, 60 given: the url shrinks first */
	assert_int_equal(textfit_layout(it, 4, 60, out), 60);
	assert_int_equal(out[1], 20);
	assert_int_equal(out[3], 10);
	/* 39: the url is dropped (below its min), then the sort label */
	assert_int_equal(textfit_layout(it, 4, 39, out), 30);
	assert_int_equal(out[0], 12);
	assert_int_equal(out[1], 0);
	assert_int_equal(out[2], 18);
	assert_int_equal(out[3], 0);
	/* A numbered piece is never cut: whole or nothing. */
	assert_int_equal(textfit_layout(it, 4, 25, out), 12);
	assert_int_equal(out[2], 0);
	assert_int_equal(out[0], 12);
	/* Nothing fits: everything dropped, no negative widths. */
	assert_int_equal(textfit_layout(it, 4, 0, out), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(out[i], 0);
}

static void test_layout_ties(void **state)
{
	(void)state;
	/* Among equals the later item goes first. */
	struct fit_item it[] = {{10, 2, 0, 0}, {10, 2, 0, 0}};
	int out[2];
	assert_int_equal(textfit_layout(it, 2, 15, out), 10);
	assert_int_equal(out[0], 10);
	assert_int_equal(out[1], 0);
	/* An important item gives up spare columns before a less important
	 * whole one is dropped. */
	struct fit_item it2[] = {{30, 0, 10, 0}, {10, 1, 0, 0}};
	assert_int_equal(textfit_layout(it2, 2, 25, out), 25);
	assert_int_equal(out[0], 15);
	assert_int_equal(out[1], 10);
}

static void test_layout_soft(void **state)
{
	(void)state;
	/* product name, context, host (soft 12), long title (soft 40, min
	 * 16), a kept marker: the title and the host are cut to their soft
	 * widths before the product name is dropped. */
	struct fit_item it[] = {{8, 5, 0, 0}, {7, 2, 8, 0}, {31, 4, 12, 12}, {70, 0, 16, 40}, {11, -1, 0, 0}};
	int out[5];
	assert_int_equal(textfit_layout(it, 5, 100, out), 100);
	assert_int_equal(out[0], 8);
	assert_int_equal(out[3], 100 - 8 - 7 - 12 - 11);
	assert_int_equal(out[2], 12);
	/* Narrower: soft cuts done, then the title gives up columns down
	 * to its min before anything is dropped. */
	assert_int_equal(textfit_layout(it, 5, 70, out), 70);
	assert_int_equal(out[0], 8);
	assert_int_equal(out[4], 11);
	assert_int_equal(out[3], 32);
	/* Narrower still: everything at its min, then the product name
	 * goes first, the host next; the marker stays. */
	assert_int_equal(textfit_layout(it, 5, 40, out), 34);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 7);
	assert_int_equal(out[2], 0);
	assert_int_equal(out[3], 16);
	assert_int_equal(out[4], 11);
	/* Never below its min: then it goes too. */
	assert_int_equal(textfit_layout(it, 5, 20, out), 11);
	assert_int_equal(out[3], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_no_broken_word),
		cmocka_unit_test(test_wrap_wide),
		cmocka_unit_test(test_layout_fits),
		cmocka_unit_test(test_layout_drops_least_important),
		cmocka_unit_test(test_layout_ties),
		cmocka_unit_test(test_layout_soft),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
