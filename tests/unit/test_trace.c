// deps: trace util
/* Opening the --trace file: a new file is created 0600; an existing one is
 * reused only when it is a regular file of ours (truncated, made 0600,
 * but only once vdktop starts: trace_start); a symlink, a FIFO or someone
 * else's file is refused with a message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace.h"

static char dir[64];

static int setup(void **state)
{
	snprintf(dir, sizeof dir, "%s", "/tmp/test_trace.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *names[] = {"a", "b", "link", "fifo", "other", NULL};
	for (char **c = names; *c; c++) {
		char *p = xasprintf("%s/%s", dir, *c);
		unlink(p);
		free(p);
	}
	rmdir(dir);
	return 0;
}

static char *path_of(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	struct strbuf sb = {0};
	char buf[256];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(&sb, buf, n);
	fclose(f);
	return strbuf_steal(&sb);
}

static void test_new_file_is_private(void **state)
{
	char *p = path_of("a"), *err = NULL;
	assert_int_equal(trace_open(p, &err), 0);
	assert_int_equal(trace_start(), 0);
	trace_close();
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	char *text = read_file(p);
	assert_non_null(strstr(text, " start pid="));
	free(text);
	free(p);
}

static void test_own_file_is_truncated_and_made_private(void **state)
{
	char *p = path_of("b"), *err = NULL;
	write_file(p, "old contents that must go\n", 0644);
	assert_int_equal(trace_open(p, &err), 0);
	assert_int_equal(trace_start(), 0);
	trace_close();
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	char *text = read_file(p);
	assert_null(strstr(text, "old contents"));
	assert_non_null(strstr(text, " start pid="));
	free(text);
	free(p);
}

/* vdktop that fails to start (no terminal, a bad context) leaves an
 * existing trace file as it was, and removes one it had just created. */
static void test_nothing_truncated_before_start(void **state)
{
	char *p = path_of("b"), *err = NULL;
	write_file(p, "the last run's trace\n", 0644);
	assert_int_equal(trace_open(p, &err), 0);
	trace_event("key k=x");
	trace_discard();
	assert_false(trace_enabled());
	char *text = read_file(p);
	assert_string_equal(text, "the last run's trace\n");
	free(text);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	/* trace_close before trace_start is a discard too */
	assert_int_equal(trace_open(p, &err), 0);
	trace_close();
	text = read_file(p);
	assert_string_equal(text, "the last run's trace\n");
	free(text);
	free(p);

	p = path_of("a");
	assert_int_equal(trace_open(p, &err), 0);
	assert_int_equal(stat(p, &st), 0);
	trace_discard();
	assert_int_equal(stat(p, &st), -1);
	free(p);
}

/* The first request goes out before the terminal is set up, so before
 * trace_start: its events wait and are written, with the times they
 * happened at and in their order, once the trace starts. */
static void test_events_before_start_kept(void **state)
{
	char *p = path_of("b"), *err = NULL;
	write_file(p, "the last run's trace\n", 0644);
	assert_int_equal(trace_open(p, &err), 0);
	assert_true(trace_enabled());
	trace_event("sent id=1 kind=jobs");
	trace_event("answered id=1 kind=jobs");
	char *text = read_file(p);
	assert_string_equal(text, "the last run's trace\n");
	free(text);
	assert_int_equal(trace_start(), 0);
	trace_event("parsed id=1 kind=jobs");
	trace_close();
	assert_false(trace_enabled());
	text = read_file(p);
	assert_null(strstr(text, "last run"));
	char *sent = strstr(text, " sent id=1 kind=jobs\n"), *answered = strstr(text, " answered id=1 kind=jobs\n"),
	     *start = strstr(text, " start pid="), *parsed = strstr(text, " parsed id=1 kind=jobs\n");
	assert_non_null(sent);
	assert_non_null(answered);
	assert_non_null(start);
	assert_non_null(parsed);
	assert_true(text < sent && sent < answered && answered < start && start < parsed);
	/* each line starts with its time: the first is the first event's */
	assert_true(text[0] >= '0' && text[0] <= '9');
	free(text);
	free(p);
}

static void test_symlink_is_refused(void **state)
{
	char *target = path_of("a"), *p = path_of("link"), *err = NULL;
	write_file(target, "keep\n", 0600);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(trace_open(p, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "symbolic link"));
	free(err);
	char *text = read_file(target);
	assert_string_equal(text, "keep\n");
	free(text);
	free(target);
	free(p);
}

static void test_fifo_is_refused_without_blocking(void **state)
{
	char *p = path_of("fifo"), *err = NULL;
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(trace_open(p, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, p));
	assert_non_null(strstr(err, "not a regular file"));
	free(err);
	free(p);
}

static void test_someone_elses_file_is_refused(void **state)
{
	if (geteuid() != 0) {
		/* Only root can give a file away; elsewhere this case is
		 * covered by the same check as the FIFO's. */
		skip();
	}
	char *p = path_of("other"), *err = NULL;
	write_file(p, "theirs\n", 0666);
	assert_int_equal(chown(p, 65534, 65534), 0);
	assert_int_equal(trace_open(p, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "not a regular file owned by this user"));
	free(err);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0666);
	char *text = read_file(p);
	assert_string_equal(text, "theirs\n");
	free(text);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_file_is_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_file_is_truncated_and_made_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_truncated_before_start, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_before_start_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fifo_is_refused_without_blocking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_someone_elses_file_is_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
