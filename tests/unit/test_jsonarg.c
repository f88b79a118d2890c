// deps: jsonarg util
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "jsonarg.h"

static void expect_ok(const char *in, const char *want)
{
	char *out = (char *)"unset", *err = (char *)"unset";
	if (jsonarg_parse(in, &out, &err) != 0)
		fail_msg("'%s' should parse: %s", in, err);
	assert_null(err);
	if (!want) {
		assert_null(out);
		return;
	}
	assert_non_null(out);
	if (strcmp(out, want) != 0)
		fail_msg("'%s': got %s, want %s", in, out, want);
	free(out);
}

static void expect_bad(const char *in, const char *want)
{
	char *out = (char *)"unset", *err = NULL;
	if (jsonarg_parse(in, &out, &err) == 0)
		fail_msg("'%s' should be refused, got %s", in, out);
	assert_null(out);
	assert_non_null(err);
	if (strcmp(err, want) != 0)
		fail_msg("'%s': got \"%s\", want \"%s\"", in, err, want);
	free(err);
}

static void test_valid(void **state)
{
	expect_ok("", NULL);
	expect_ok("   \t ", NULL);
	expect_ok(NULL, NULL);
	expect_ok("{}", "{}");
	expect_ok("  { \"day\" : \"2024-01-01\" ,  \"n\": 3 }  ", "{\"day\":\"2024-01-01\",\"n\":3}");
	expect_ok("{\"a\": {\"b\": [1, 2.5, true, null]}}", "{\"a\":{\"b\":[1,2.5,true,null]}}");
	expect_ok("{\"path\": \"/tmp/x\"}", "{\"path\":\"/tmp/x\"}");
	expect_ok("{\"name\": \"caf\xc3\xa9\"}", "{\"name\":\"caf\xc3\xa9\"}");
	expect_ok("{\"q\": \"say \\\"hi\\\"\"}", "{\"q\":\"say \\\"hi\\\"\"}");
	expect_ok("{\"a\": 1}\n", "{\"a\":1}");
	expect_ok("{\"a\":\n 1}", "{\"a\":1}");
	/* a control character inside a string comes out escaped */
	expect_ok("{\"a\": \"x\x1by\"}", "{\"a\":\"x\\u001by\"}");
}

static void test_invalid(void **state)
{
	expect_bad("[1, 2]", "expected a JSON object like {\"key\": \"value\"}, not an array");
	expect_bad("\"text\"", "expected a JSON object like {\"key\": \"value\"}, not a string");
	expect_bad("42", "expected a JSON object like {\"key\": \"value\"}, not a number");
	expect_bad("null", "expected a JSON object like {\"key\": \"value\"}, not null");
	expect_bad("{\"a\": 1, \"b\": }", "unexpected '}' at column 15");
	expect_bad("{\"a\": 1,}", "unexpected '}' at column 9");
	expect_bad("{\"a\" 1}", "unexpected '1' at column 6 (object property name separator ':' expected)");
	expect_bad("{\"a\": 1", "unexpected end of input at column 8: a '}', ']' or '\"' is missing");
	expect_bad("{\"a\": \"x", "unexpected end of input at column 9: a '}', ']' or '\"' is missing");
	expect_bad("{\"a\": 1} x", "unexpected 'x' at column 10");
	expect_bad("{\"a\": 1}{}", "unexpected '{' at column 9");
	expect_bad("{\"\xc3\xa9\": tru}", "unexpected '}' at column 10 (boolean expected)");
	expect_bad("{\"a\":\n  1 2}", "unexpected '2' at line 2, column 5 (object value separator ',' expected)");
	expect_bad("{\"a\": 'b'}", "unexpected single quote (JSON strings use \") at column 7");
	expect_bad("key=value", "unexpected 'k' at column 1");
	expect_bad("{\"a\": NaN}", "not a finite number: \"a\" (NaN, Infinity and overflowing numbers are not JSON)");
	expect_bad("{\"x\": {\"y\": [0, 1e999]}}", "not a finite number: \"x.y[1]\" (NaN, Infinity and overflowing numbers are not JSON)");
	expect_bad("{\"\x1b]52;\": -Infinity}", "not a finite number: \"?]52;\" (NaN, Infinity and overflowing numbers are not JSON)");
}

static void test_depth(void **state)
{
	char deep[400] = "";
	for (int i = 0; i < 40; i++)
		strcat(deep, "{\"a\":");
	char *out = NULL, *err = NULL;
	assert_int_equal(jsonarg_parse(deep, &out, &err), -1);
	assert_non_null(strstr(err, "nested more than 32 levels"));
	free(err);
	/* err may be NULL */
	assert_int_equal(jsonarg_parse("[", &out, NULL), -1);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_depth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
