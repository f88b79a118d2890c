// deps: ui/screen ui/theme config config_paths sanitize sanitize_out vdkcli safefile util
/* The screen as screen_init sets it up on a real terminal (a pty): a
 * full update reaches the terminal in one piece, not as hundreds of
 * write(2)s of a few bytes, each of which wakes the terminal (or ssh). */
#include <curses.h>
#include <fcntl.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "ui/screen.h"
#include "util.h"

/* Every write(2) of the process goes through here (ncurses' included:
 * the executable's exported definition wins over libc's), counted while
 * armed. */
static int counting_fd = -1;
static int writes;
static size_t written;

__attribute__((visibility("default"))) ssize_t write(int fd, const void *buf, size_t n);
__attribute__((visibility("default"))) ssize_t write(int fd, const void *buf, size_t n)
{
	if (fd == counting_fd) {
		writes++;
		written += n;
	}
	return syscall(SYS_write, fd, buf, n);
}

struct pty {
	int master, saved_in, saved_out;
};

/* The pty's master side, read until nothing is left (so the terminal
 * never blocks a write). */
static void drain(int master)
{
	char buf[65536];
	while (read(master, buf, sizeof buf) > 0)
		;
}

static int setup(void **state)
{
	setlocale(LC_ALL, "C.UTF-8");
	setenv("TERM", "xterm-256color", 1);
	unsetenv("COLUMNS");
	unsetenv("LINES");
	struct pty *p = calloc(1, sizeof *p);
	assert_non_null(p);
	p->master = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(p->master >= 0);
	assert_int_equal(grantpt(p->master), 0);
	assert_int_equal(unlockpt(p->master), 0);
	int slave = open(ptsname(p->master), O_RDWR | O_NOCTTY);
	assert_true(slave >= 0);
	struct winsize ws = {.ws_row = 50, .ws_col = 200};
	assert_int_equal(ioctl(slave, TIOCSWINSZ, &ws), 0);
	fcntl(p->master, F_SETFL, O_NONBLOCK);
	fflush(stdout);
	p->saved_in = dup(STDIN_FILENO);
	p->saved_out = dup(STDOUT_FILENO);
	dup2(slave, STDIN_FILENO);
	dup2(slave, STDOUT_FILENO);
	close(slave);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	struct pty *p = *state;
	fflush(stdout);
	dup2(p->saved_in, STDIN_FILENO);
	dup2(p->saved_out, STDOUT_FILENO);
	close(p->saved_in);
	close(p->saved_out);
	drain(p->master);
	close(p->master);
	free(p);
	return 0;
}

/* A screen like the jobs list's: every line columns of text with runs of
 * blanks between them, which ncurses crosses by moving the cursor. */
static void fill(int salt)
{
	for (int y = 0; y < LINES; y++) {
		move(y, 0);
		clrtoeol();
		for (int x = 0; x + 30 < COLS; x += 40)
			mvprintw(y, x, "job-%05d-%d  enabled", y * 7 + x, salt);
	}
}

static void test_full_update_is_one_write(void **state)
{
	struct pty *p = *state;
	char *err = NULL;
	assert_int_equal(screen_init(false, &err), 0);
	assert_null(err);
	assert_int_equal(COLS, 200);
	assert_int_equal(LINES, 50);
	drain(p->master);
	for (int salt = 0; salt < 3; salt++) {
		fill(salt);
		writes = 0;
		written = 0;
		counting_fd = STDOUT_FILENO;
		refresh();
		counting_fd = -1;
		drain(p->master);
		fprintf(stderr, "update %d: %zu bytes in %d write(s)\n", salt, written, writes);
		/* the first: 250 runs of text, 200 cursor moves between
		 * them; then 250 digits changed, each reached by a move */
		assert_true(written > (salt ? 1000u : 4000u));
		assert_true(writes <= 2);
	}
	screen_end();
	drain(p->master);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_update_is_one_write, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
