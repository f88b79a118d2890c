// deps: util
/* An allocation failure gives the terminal back before it aborts: the
 * fatal hook runs first, then the message, then SIGABRT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "util.h"

/* A sanitizer build would stop at the huge request itself. */
const char *__asan_default_options(void);
__attribute__((visibility("default"))) const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

static int hook_fd = -1;

static void hook(void)
{
	if (write(hook_fd, "H", 1) != 1)
		_exit(3);
}

static void test_oom_runs_hook_then_aborts(void **state)
{
	(void)state;
	int out[2], err[2];
	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(err), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(out[0]);
		close(err[0]);
		dup2(err[1], STDERR_FILENO);
		hook_fd = out[1];
		util_set_fatal_hook(hook);
		volatile size_t huge = SIZE_MAX / 2;
		void *p = xmalloc(huge);
		free(p);
		_exit(0); /* not reached */
	}
	close(out[1]);
	close(err[1]);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGABRT);
	char buf[128] = {0};
	assert_int_equal(read(out[0], buf, sizeof buf), 1);
	assert_int_equal(buf[0], 'H');
	memset(buf, 0, sizeof buf);
	assert_true(read(err[0], buf, sizeof buf - 1) > 0);
	assert_non_null(strstr(buf, "out of memory"));
	close(out[0]);
	close(err[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_runs_hook_then_aborts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
