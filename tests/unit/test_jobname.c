// deps: jobname util
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "jobname.h"

static void expect_bad(const char *name, const char *want)
{
	char *why = (char *)"unset";
	if (jobname_valid(name, &why))
		fail_msg("'%s' should be invalid", name);
	assert_non_null(why);
	if (strcmp(why, want) != 0)
		fail_msg("'%s': got \"%s\", want \"%s\"", name, why, want);
	free(why);
}

static void expect_ok(const char *name)
{
	char *why = (char *)"unset";
	if (!jobname_valid(name, &why))
		fail_msg("'%s' should be valid: %s", name, why);
	assert_null(why);
}

static void test_valid(void **state)
{
	expect_ok("abcdef");
	expect_ok("my-job-1");
	expect_ok("a12345");
	expect_ok("a-----");
	expect_ok("job-ending-in-dash-");
	expect_ok("a23456789012345678901234567890123456789012345678"); /* 48 */
	expect_ok("a234567890123456789012345678901234567890123456789"); /* 49 */
	expect_ok("a2345678901234567890123456789012345678901234567890"); /* 50 */
}

static void test_invalid(void **state)
{
	expect_bad("", "enter a name");
	expect_bad(NULL, "enter a name");
	expect_bad("abcd", "6-50 characters (now 4)");
	expect_bad("a", "6-50 characters (now 1)");
	expect_bad("abcde", "6-50 characters (now 5)");
	expect_bad("a23456789012345678901234567890123456789012345678901",
		   "6-50 characters (now 51)");
	expect_bad("Abcdef", "must start with a lowercase letter, not 'A'");
	expect_bad("1abcdef", "must start with a lowercase letter, not '1'");
	expect_bad("-abcdef", "must start with a lowercase letter, not '-'");
	expect_bad(" abcdef", "must start with a lowercase letter, not a space");
	expect_bad("abAdef", "only lowercase letters, digits and '-': 'A' at position 3");
	expect_bad("my_job_x", "only lowercase letters, digits and '-': '_' at position 3");
	expect_bad("my job", "only lowercase letters, digits and '-': a space at position 3");
	/* characters count as characters, not bytes */
	expect_bad("caf\xc3\xa9-job", "only lowercase letters, digits and '-': U+00E9 at position 4");
	expect_bad("\xc3\xa9-job-x", "must start with a lowercase letter, not U+00E9");
	expect_bad("ab\xe2\x80\x8b" "cdef", "only lowercase letters, digits and '-': U+200B at position 3");
	expect_bad("abc\x1b[31m", "only lowercase letters, digits and '-': U+001B at position 4");
	expect_bad("abc\xffxyz", "only lowercase letters, digits and '-': invalid UTF-8 byte 0xFF at position 4");
	expect_bad("abc\xe2\x80", "only lowercase letters, digits and '-': invalid UTF-8 byte 0xE2 at position 4");
	/* invalid characters are reported before the length */
	expect_bad("aB", "only lowercase letters, digits and '-': 'B' at position 2");
	/* why may be NULL */
	assert_false(jobname_valid("x", NULL));
	assert_true(jobname_valid("abcdef", NULL));
}

static void test_cli_warning(void **state)
{
	assert_null(jobname_warning("abcdef"));
	assert_null(jobname_warning("a2345678901234567890123456789012345678901234")); /* 44 */
	assert_null(jobname_warning("a23456789012345678901234567890123456789012345")); /* 45 */
	char *w = jobname_warning("a234567890123456789012345678901234567890123456"); /* 46 */
	assert_non_null(w);
	assert_non_null(strstr(w, "46 characters"));
	assert_non_null(strstr(w, "vdk CLI"));
	free(w);
	assert_null(jobname_warning("NotValid"));
	assert_null(jobname_warning(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_cli_warning),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
