// deps: ui/lineedit util
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <fcntl.h>
#include <ftw.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ui/lineedit.h"

static void type(struct lineedit *le, const char *utf8)
{
	/* one key per code point, as get_wch() would deliver them */
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	const char *p = utf8;
	size_t n = strlen(utf8);
	while (n) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, p, n, &st);
		assert_true(k != (size_t)-1 && k != (size_t)-2 && k != 0);
		assert_true(lineedit_handle_key(le, (int)wc, true));
		p += k;
		n -= k;
	}
}

static void key(struct lineedit *le, int k)
{
	assert_true(lineedit_handle_key(le, k, k < KEY_MIN));
}

static void test_insert_and_move_utf8(void **state)
{
	struct lineedit le;
	lineedit_init(&le, 0);
	assert_string_equal(lineedit_text(&le), "");
	assert_false(le.modified);
	type(&le, "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"); /* "café 日本" */
	assert_true(le.modified);
	assert_int_equal(lineedit_chars(&le), 7);
	assert_int_equal(le.cursor, le.len);
	/* left over a 3-byte character lands on its first byte */
	key(&le, KEY_LEFT);
	assert_int_equal(le.cursor, le.len - 3);
	key(&le, KEY_LEFT);
	key(&le, KEY_LEFT);
	key(&le, KEY_LEFT); /* before é */
	assert_int_equal(le.cursor, 3);
	key(&le, KEY_DC); /* deletes the whole 2-byte é */
	assert_string_equal(lineedit_text(&le), "caf \xe6\x97\xa5\xe6\x9c\xac");
	lineedit_insert_wc(&le, L'\u00e8');
	assert_string_equal(lineedit_text(&le), "caf\xc3\xa8 \xe6\x97\xa5\xe6\x9c\xac");
	key(&le, KEY_BACKSPACE);
	key(&le, 127);
	key(&le, 8);
	assert_string_equal(lineedit_text(&le), "c \xe6\x97\xa5\xe6\x9c\xac");
	assert_int_equal(le.cursor, 1);
	/* boundaries */
	key(&le, 1); /* C-a */
	assert_int_equal(le.cursor, 0);
	assert_false(lineedit_left(&le));
	assert_false(lineedit_backspace(&le));
	key(&le, KEY_LEFT); /* consumed even when nothing moves */
	key(&le, 5); /* C-e */
	assert_int_equal(le.cursor, le.len);
	assert_false(lineedit_right(&le));
	assert_false(lineedit_delete(&le));
	key(&le, KEY_HOME);
	key(&le, KEY_RIGHT);
	key(&le, KEY_RIGHT);
	key(&le, KEY_RIGHT);
	assert_int_equal(le.cursor, 5);
	key(&le, KEY_END);
	assert_int_equal(le.cursor, le.len);
	/* the cursor is always on a code point boundary */
	key(&le, KEY_HOME);
	for (int i = 0; i < 10; i++) {
		assert_true(le.cursor == le.len || (le.buf[le.cursor] & 0xc0) != 0x80);
		lineedit_right(&le);
	}
	lineedit_free(&le);
}

static void test_keys_not_consumed(void **state)
{
	struct lineedit le;
	lineedit_init(&le, 0);
	assert_false(lineedit_handle_key(&le, '\t', true));
	assert_false(lineedit_handle_key(&le, '\n', true));
	assert_false(lineedit_handle_key(&le, '\r', true));
	assert_false(lineedit_handle_key(&le, 27, true));
	assert_false(lineedit_handle_key(&le, KEY_UP, false));
	assert_false(lineedit_handle_key(&le, KEY_DOWN, false));
	assert_false(lineedit_handle_key(&le, KEY_BTAB, false));
	assert_false(lineedit_handle_key(&le, KEY_ENTER, false));
	assert_false(lineedit_handle_key(&le, 0x9b, true)); /* C1 CSI */
	assert_string_equal(lineedit_text(&le), "");
	/* nothing that is not a character goes in */
	assert_false(lineedit_insert_wc(&le, 0x1b));
	assert_false(lineedit_insert_wc(&le, 0xd800));
	assert_false(lineedit_insert_wc(&le, 0x110000));
	assert_false(le.modified);
	lineedit_free(&le);
}

static void test_kills(void **state)
{
	struct lineedit le;
	lineedit_init(&le, 0);
	lineedit_set(&le, "deploy  /tmp/my-job  now");
	assert_false(le.modified);
	key(&le, 23); /* C-w */
	assert_string_equal(lineedit_text(&le), "deploy  /tmp/my-job  ");
	key(&le, 23);
	assert_string_equal(lineedit_text(&le), "deploy  ");
	assert_true(le.modified);
	lineedit_set(&le, "\xc3\xa9t\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac");
	key(&le, KEY_LEFT);
	key(&le, 23); /* word before the cursor, the rest stays */
	assert_string_equal(lineedit_text(&le), "\xc3\xa9t\xc3\xa9 \xe6\x9c\xac");
	assert_int_equal(le.cursor, 6);
	key(&le, 11); /* C-k */
	assert_string_equal(lineedit_text(&le), "\xc3\xa9t\xc3\xa9 ");
	key(&le, KEY_LEFT);
	key(&le, KEY_LEFT);
	key(&le, 21); /* C-u */
	assert_string_equal(lineedit_text(&le), "\xc3\xa9 ");
	assert_int_equal(le.cursor, 0);
	assert_false(lineedit_kill_to_start(&le));
	assert_false(lineedit_kill_word(&le));
	key(&le, KEY_END);
	assert_false(lineedit_kill_to_end(&le));
	lineedit_free(&le);
}

static void test_max_length_and_paste(void **state)
{
	struct lineedit le;
	lineedit_init(&le, 6);
	type(&le, "abc");
	assert_int_equal(lineedit_insert_str(&le, "\xe6\x97\xa5\xe6\x9c\xac-long"), 3);
	assert_string_equal(lineedit_text(&le), "abc\xe6\x97\xa5\xe6\x9c\xac-");
	assert_true(lineedit_handle_key(&le, 'x', true)); /* consumed, refused */
	assert_false(lineedit_insert_wc(&le, 'x'));
	assert_int_equal(lineedit_chars(&le), 6);
	lineedit_free(&le);

	lineedit_init(&le, 0);
	/* paste: line breaks and tabs become spaces, controls vanish, bad bytes
	 * become U+FFFD, at the cursor */
	lineedit_set(&le, "[]");
	lineedit_left(&le);
	assert_int_equal(lineedit_insert_str(&le, "a\tb\r\nc\x1b[31md\xff\xc3"), 13);
	assert_string_equal(lineedit_text(&le),
			    "[a b  c[31md\xef\xbf\xbd\xef\xbf\xbd]");
	assert_int_equal(le.cursor, le.len - 1);
	lineedit_set(&le, NULL);
	assert_string_equal(lineedit_text(&le), "");
	lineedit_free(&le);
}

static void test_view_scroll(void **state)
{
	struct lineedit le;
	lineedit_init(&le, 0);
	size_t start;
	int col;
	lineedit_set(&le, "0123456789abcdef");
	/* cursor at the end: the last 9 characters and a blank cell */
	lineedit_view(&le, 10, &start, &col);
	assert_int_equal(start, 7);
	assert_int_equal(col, 9);
	char *vis = lineedit_visible(&le, 10, NULL, &col);
	assert_string_equal(vis, "789abcdef");
	free(vis);
	/* moving left inside the window does not scroll */
	for (int i = 0; i < 5; i++)
		lineedit_left(&le);
	lineedit_view(&le, 10, &start, &col);
	assert_int_equal(start, 7);
	assert_int_equal(col, 4);
	/* home scrolls back fully; the text fills the field from the left */
	lineedit_home(&le);
	lineedit_view(&le, 10, &start, &col);
	assert_int_equal(start, 0);
	assert_int_equal(col, 0);
	vis = lineedit_visible(&le, 10, NULL, &col);
	assert_string_equal(vis, "0123456789");
	free(vis);
	/* moving right past the edge scrolls by as little as needed */
	for (int i = 0; i < 12; i++)
		lineedit_right(&le);
	lineedit_view(&le, 10, &start, &col);
	assert_int_equal(start, 3);
	assert_int_equal(col, 9);
	/* deleting from the end pulls the window back */
	lineedit_end(&le);
	lineedit_view(&le, 10, &start, &col);
	lineedit_kill_word(&le);
	lineedit_set(&le, "0123");
	lineedit_view(&le, 10, &start, &col);
	assert_int_equal(start, 0);
	assert_int_equal(col, 4);
	/* width 1 still shows the cursor */
	lineedit_view(&le, 1, &start, &col);
	assert_int_equal(start, 4);
	assert_int_equal(col, 0);
	lineedit_free(&le);
}

static void test_view_wide(void **state)
{
	struct lineedit le;
	lineedit_init(&le, 0);
	size_t start;
	int col;
	/* five 2-column characters */
	lineedit_set(&le, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xa0\xe3\x82\x88");
	lineedit_view(&le, 6, &start, &col);
	/* 2 characters (4 columns) + the end cell = 5 <= 6; 3 would need 7 */
	assert_int_equal(start, 9);
	assert_int_equal(col, 4);
	char *vis = lineedit_visible(&le, 6, NULL, &col);
	assert_string_equal(vis, "\xe3\x81\xa0\xe3\x82\x88");
	free(vis);
	/* cursor on a wide character needs both of its cells */
	lineedit_home(&le);
	lineedit_view(&le, 5, &start, &col); /* a redraw after each key */
	lineedit_right(&le);
	lineedit_view(&le, 5, &start, &col);
	assert_int_equal(start, 0);
	assert_int_equal(col, 2);
	lineedit_right(&le); /* on the third: columns 4-5 do not fit in 5 */
	lineedit_view(&le, 5, &start, &col);
	assert_int_equal(start, 3);
	assert_int_equal(col, 2);
	/* a wide character never sticks out of the field */
	lineedit_home(&le);
	vis = lineedit_visible(&le, 5, NULL, &col);
	assert_string_equal(vis, "\xe6\x97\xa5\xe6\x9c\xac");
	free(vis);
	/* mixed with a combining accent (zero width) */
	lineedit_set(&le, "e\xcc\x81x");
	lineedit_view(&le, 10, &start, &col);
	assert_int_equal(col, 2);
	lineedit_free(&le);
}

static void test_masked(void **state)
{
	struct lineedit le;
	lineedit_init(&le, 0);
	lineedit_set_masked(&le, true);
	type(&le, "s3cr\xc3\xa9t\xe6\x97\xa5");
	int col;
	char *vis = lineedit_visible(&le, 20, "\xe2\x80\xa2", &col);
	assert_string_equal(vis, "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"
				 "\xe2\x80\xa2\xe2\x80\xa2");
	assert_int_equal(col, 7); /* one column per character, wide or not */
	assert_null(strstr(vis, "s3cr"));
	free(vis);
	vis = lineedit_visible(&le, 4, NULL, &col);
	assert_string_equal(vis, "***");
	assert_int_equal(col, 3);
	free(vis);
	assert_string_equal(lineedit_text(&le), "s3cr\xc3\xa9t\xe6\x97\xa5");
	lineedit_free(&le);
}

static char tmp[64];

static void touch(const char *rel)
{
	char *p = xasprintf("%s/%s", tmp, rel);
	int fd = open(p, O_CREAT | O_WRONLY, 0644);
	assert_true(fd >= 0);
	close(fd);
	free(p);
}

static void mkd(const char *rel)
{
	char *p = xasprintf("%s/%s", tmp, rel);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p);
}

static char *complete(const char *rel, struct strlist *cands)
{
	char *in = xasprintf("%s/%s", tmp, rel);
	char *out = lineedit_complete_path(in, cands);
	free(in);
	if (!out)
		return NULL;
	char *r = xstrdup(out + strlen(tmp) + 1);
	free(out);
	return r;
}

static void test_complete_path(void **state)
{
	strcpy(tmp, "/tmp/vdktop-le-XXXXXX");
	assert_non_null(mkdtemp(tmp));
	mkd("jobs");
	mkd("jobs/ingest-rides");
	mkd("jobs/ingest-fares");
	mkd("jobs/report");
	touch("jobs/readme.txt");
	touch("jobs/.hidden");
	mkd("jobs/\xc3\xa9t\xc3\xa9");
	mkd("jobs/\xc3\xa9t\xc3\xa8");
	char *l = xasprintf("%s/jobs/link-to-report", tmp);
	assert_int_equal(symlink("report", l), 0);
	free(l);

	struct strlist c = {0};
	char *r = complete("jobs/in", &c);
	assert_string_equal(r, "jobs/ingest-");
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0], "ingest-fares/");
	assert_string_equal(c.v[1], "ingest-rides/");
	free(r);
	strlist_clear(&c);

	r = complete("jobs/ingest-r", NULL);
	assert_string_equal(r, "jobs/ingest-rides/");
	free(r);
	r = complete("jobs/rea", NULL);
	assert_string_equal(r, "jobs/readme.txt");
	free(r);
	r = complete("jobs/re", &c); /* readme.txt, report/: nothing more in common */
	assert_string_equal(r, "jobs/re");
	assert_int_equal(c.n, 2);
	free(r);
	strlist_clear(&c);
	r = complete("jobs/link", NULL); /* a link to a directory completes as one */
	assert_string_equal(r, "jobs/link-to-report/");
	free(r);
	/* hidden entries only when asked for */
	r = complete("jobs/", &c);
	assert_string_equal(r, "jobs/");
	assert_int_equal(c.n, 7);
	free(r);
	strlist_clear(&c);
	r = complete("jobs/.h", NULL);
	assert_string_equal(r, "jobs/.hidden");
	free(r);
	/* the common part stops before a split multibyte character */
	r = complete("jobs/\xc3\xa9", &c);
	assert_string_equal(r, "jobs/\xc3\xa9t");
	free(r);
	strlist_clear(&c);
	assert_null(complete("jobs/zzz", NULL));
	assert_null(complete("nope/x", NULL));

	/* relative to the current directory, and ~/ */
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	char *jobs = xasprintf("%s/jobs", tmp);
	assert_int_equal(chdir(jobs), 0);
	r = lineedit_complete_path("repo", NULL);
	assert_string_equal(r, "report/");
	free(r);
	assert_int_equal(chdir(cwd), 0);
	char *old_home = xstrdup(getenv("HOME"));
	setenv("HOME", jobs, 1);
	r = lineedit_complete_path("~/ingest-f", NULL);
	assert_string_equal(r, "~/ingest-fares/");
	free(r);
	if (old_home)
		setenv("HOME", old_home, 1);
	free(old_home);
	free(jobs);
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fprintf(stderr, "C.UTF-8 locale missing\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_and_move_utf8),
		cmocka_unit_test(test_keys_not_consumed),
		cmocka_unit_test(test_kills),
		cmocka_unit_test(test_max_length_and_paste),
		cmocka_unit_test(test_view_scroll),
		cmocka_unit_test(test_view_wide),
		cmocka_unit_test(test_masked),
		cmocka_unit_test(test_complete_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
