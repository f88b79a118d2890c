// deps: propmap jsonarg jsonread timefmt util
/* The properties/secrets map: parsing the service's object into sorted,
 * typed keys, writing it back whole, the user's text → typed value rules
 * (a value keeps its type unless the user writes another), and the diff
 * shown when the map changed on the server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "propmap.h"

static struct propmap *parse(const char *json, bool secret)
{
	struct propmap *m = NULL;
	char *err = NULL;
	if (propmap_parse(json, strlen(json), secret, &m, &err) != 0)
		fail_msg("%s: %s", json, err);
	return m;
}

static void test_parse_sorted_and_typed(void **state)
{
	struct propmap *m = parse("{\"retries\":3,\"name\":\"3\",\"on\":true,\"none\":null,"
				  "\"hosts\":[\"a\",\"b\"],\"nested\":{\"k\":1.5},\"Zed\":-0.25}", false);
	assert_int_equal(m->n, 7);
	const char *keys[] = {"Zed", "hosts", "name", "nested", "none", "on", "retries"};
	const enum jsonarg_kind types[] = {JSONARG_NUMBER, JSONARG_ARRAY, JSONARG_STRING, JSONARG_OBJECT,
					   JSONARG_NULL, JSONARG_BOOLEAN, JSONARG_NUMBER};
	for (size_t i = 0; i < 7; i++) {
		assert_string_equal(m->v[i].key, keys[i]);
		assert_int_equal(m->v[i].type, types[i]);
	}
	assert_string_equal(m->v[2].json, "\"3\"");
	assert_string_equal(m->v[0].json, "-0.25");
	char *d = propmap_display(&m->v[2]);
	assert_string_equal(d, "3");
	free(d);
	assert_string_equal(propmap_type_name(m->v[5].type), "boolean");
	char *out = propmap_to_json(m);
	assert_string_equal(out, "{\"Zed\":-0.25,\"hosts\":[\"a\",\"b\"],\"name\":\"3\",\"nested\":{\"k\":1.5},"
				 "\"none\":null,\"on\":true,\"retries\":3}");
	free(out);
	propmap_free(m);

	char *err = NULL;
	struct propmap *bad = NULL;
	assert_int_equal(propmap_parse("[1]", 3, false, &bad, &err), -1);
	assert_null(bad);
	assert_string_equal(err, "unexpected answer from the service (a JSON object was expected)");
	free(err);
	assert_int_equal(propmap_parse("{\"a\":", 5, false, &bad, &err), -1);
	assert_non_null(err);
	free(err);
}

/* A hostile answer of many keys, in reverse order: parsed and sorted in
 * one pass (key-by-key sorted insertion would take minutes here). */
static void test_many_keys(void **state)
{
	const size_t n = 200000;
	struct strbuf sb = STRBUF_INIT;
	strbuf_putc(&sb, '{');
	for (size_t i = n; i-- > 0;)
		strbuf_printf(&sb, "\"k%07zu\":%zu%s", i, i, i ? "," : "");
	strbuf_putc(&sb, '}');
	struct propmap *m = NULL;
	char *err = NULL;
	assert_int_equal(propmap_parse(sb.buf, sb.len, false, &m, &err), 0);
	assert_int_equal(m->n, n);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(m->v[i - 1].key, m->v[i].key) < 0);
	assert_int_equal(propmap_find(m, "k0123456"), 123456);
	assert_string_equal(m->v[123456].json, "123456");
	propmap_free(m);
	strbuf_free(&sb);
}

static void test_set_delete_equal_dup(void **state)
{
	struct propmap *m = parse("{\"b\":1}", false);
	propmap_set(m, "c", JSONARG_STRING, "\"x\"");
	propmap_set(m, "a", JSONARG_BOOLEAN, "false");
	propmap_set(m, "b", JSONARG_NUMBER, "5");
	assert_int_equal(m->n, 3);
	assert_string_equal(m->v[0].key, "a");
	assert_string_equal(m->v[1].json, "5");
	assert_int_equal(propmap_find(m, "c"), 2);
	assert_int_equal(propmap_find(m, "d"), -1);
	struct propmap *d = propmap_dup(m);
	assert_true(propmap_equal(m, d));
	assert_true(propmap_delete(d, "a"));
	assert_false(propmap_delete(d, "a"));
	assert_false(propmap_equal(m, d));
	propmap_set(d, "a", JSONARG_STRING, "\"false\"");
	assert_false(propmap_equal(m, d)); /* same key, another type */
	char *out = propmap_to_json(d);
	assert_string_equal(out, "{\"a\":\"false\",\"b\":5,\"c\":\"x\"}");
	free(out);
	propmap_free(d);
	propmap_free(m);
	struct propmap *e = propmap_new(true);
	out = propmap_to_json(e);
	assert_string_equal(out, "{}");
	free(out);
	propmap_free(e);
}

static void expect_typed(const char *text, enum jsonarg_kind old, bool is_new, enum jsonarg_kind want_type,
			 const char *want_json)
{
	enum jsonarg_kind t;
	char *json = NULL, *err = NULL;
	if (propmap_value_from_text(text, old, is_new, &t, &json, &err) != 0)
		fail_msg("'%s' should be accepted: %s", text, err);
	assert_null(err);
	if (t != want_type || strcmp(json, want_json) != 0)
		fail_msg("'%s': got %s %s, want %s %s", text, propmap_type_name(t), json,
			 propmap_type_name(want_type), want_json);
	free(json);
}

static void expect_refused(const char *text, enum jsonarg_kind old, const char *want_err)
{
	enum jsonarg_kind t;
	char *json = NULL, *err = NULL;
	if (propmap_value_from_text(text, old, false, &t, &json, &err) == 0)
		fail_msg("'%s' should be refused, got %s", text, json);
	assert_null(json);
	assert_non_null(err);
	if (!strstr(err, want_err))
		fail_msg("'%s': got \"%s\", want \"%s\"", text, err, want_err);
	/* The user's text may be a secret: the error never quotes it. */
	if (strlen(text) > 2 && strstr(err, text))
		fail_msg("'%s': the error quotes the text: %s", text, err);
	free(err);
}

static void test_value_keeps_its_type(void **state)
{
	/* JSON as typed: the type the user wrote. */
	expect_typed("5", JSONARG_NUMBER, false, JSONARG_NUMBER, "5");
	expect_typed("\"3\"", JSONARG_NUMBER, false, JSONARG_STRING, "\"3\"");
	expect_typed("false", JSONARG_BOOLEAN, false, JSONARG_BOOLEAN, "false");
	expect_typed("3", JSONARG_STRING, false, JSONARG_NUMBER, "3");
	expect_typed("true", JSONARG_NUMBER, false, JSONARG_BOOLEAN, "true");
	expect_typed("null", JSONARG_STRING, false, JSONARG_NULL, "null");
	expect_typed(" [1, 2] ", JSONARG_ARRAY, false, JSONARG_ARRAY, "[1,2]");
	expect_typed("{\"a\": {\"b\": true}}", JSONARG_OBJECT, false, JSONARG_OBJECT, "{\"a\":{\"b\":true}}");
	expect_typed("2.50", JSONARG_NUMBER, false, JSONARG_NUMBER, "2.50");
	/* Plain text where a string was (or for a new key): that string. */
	expect_typed("db.example.com", JSONARG_STRING, false, JSONARG_STRING, "\"db.example.com\"");
	expect_typed("say \"hi\"", JSONARG_STRING, false, JSONARG_STRING, "\"say \\\"hi\\\"\"");
	expect_typed("hunter2", JSONARG_NUMBER, true, JSONARG_STRING, "\"hunter2\"");
	/* Anywhere else, plain text is refused with how to write it. */
	expect_refused("five", JSONARG_NUMBER, "not a number: write a number, true/false, null, or \"text\"");
	expect_refused("yes", JSONARG_BOOLEAN, "not a boolean");
	expect_refused("{\"a\": 1", JSONARG_OBJECT, "not valid JSON: unexpected end of input");
	expect_refused("[1,,2]", JSONARG_ARRAY, "not valid JSON: unexpected ','");
	expect_refused("", JSONARG_STRING, "a value is needed");
	expect_refused("1e999", JSONARG_NUMBER, "not a number");
}

static void keep(const char *text, bool exists, enum jsonarg_kind old, int want_rc, enum jsonarg_kind want_type,
		 const char *want)
{
	enum jsonarg_kind t = JSONARG_NULL;
	char *json = NULL, *err = NULL;
	int rc = propmap_value_keep_type(text, exists, old, &t, &json, &err);
	if (rc != want_rc)
		fail_msg("'%s' (%s): rc %d, want %d (%s)", text, propmap_type_name(old), rc, want_rc, err ? err : "");
	if (rc == 0) {
		if (t != want_type || strcmp(json, want) != 0)
			fail_msg("'%s': got %s %s, want %s %s", text, propmap_type_name(t), json,
				 propmap_type_name(want_type), want);
	} else if (!strstr(err, want)) {
		fail_msg("'%s': error \"%s\" lacks \"%s\"", text, err, want);
	}
	free(json);
	free(err);
}

/* --set keeps an existing value's type; a new key takes JSON as typed. */
static void test_keep_type(void **state)
{
	keep("5", true, JSONARG_NUMBER, 0, JSONARG_NUMBER, "5");
	keep("5", true, JSONARG_STRING, 0, JSONARG_STRING, "\"5\"");
	keep("\"x y\"", true, JSONARG_STRING, 0, JSONARG_STRING, "\"x y\"");
	keep("true", true, JSONARG_STRING, 0, JSONARG_STRING, "\"true\"");
	keep("false", true, JSONARG_BOOLEAN, 0, JSONARG_BOOLEAN, "false");
	keep("[1]", true, JSONARG_ARRAY, 0, JSONARG_ARRAY, "[1]");
	keep("7", true, JSONARG_NULL, 0, JSONARG_NUMBER, "7");
	keep("five", true, JSONARG_NUMBER, -1, 0, "the value is a number here");
	keep("\"5\"", true, JSONARG_NUMBER, -1, 0, "the value is a number here");
	keep("1", true, JSONARG_BOOLEAN, -1, 0, "a boolean");
	keep("{}", true, JSONARG_ARRAY, -1, 0, "an array");
	keep("5", false, JSONARG_NULL, 0, JSONARG_NUMBER, "5");
	keep("hello", false, JSONARG_NULL, 0, JSONARG_STRING, "\"hello\"");
}

static void test_diff(void **state)
{
	struct propmap *a = parse("{\"gone\":1,\"same\":\"s\",\"retries\":3,\"flag\":true}", false);
	struct propmap *b = parse("{\"new\":\"x\",\"same\":\"s\",\"retries\":\"3\",\"flag\":false}", false);
	struct strlist out = {0};
	assert_int_equal(propmap_diff(a, b, false, &out), 4);
	assert_string_equal(out.v[0], "~ flag: true → false");
	assert_string_equal(out.v[1], "- gone");
	assert_string_equal(out.v[2], "+ new = \"x\"");
	assert_string_equal(out.v[3], "~ retries: 3 → \"3\"");
	strlist_clear(&out);
	/* Secrets: keys only. */
	assert_int_equal(propmap_diff(a, b, true, &out), 4);
	assert_string_equal(out.v[0], "~ flag (value changed)");
	assert_string_equal(out.v[2], "+ new");
	for (size_t i = 0; i < out.n; i++)
		assert_null(strstr(out.v[i], "\"x\""));
	strlist_clear(&out);
	assert_int_equal(propmap_diff(a, a, false, &out), 0);
	propmap_free(a);
	propmap_free(b);

	/* Long values are cut, never inside a UTF-8 sequence. */
	a = parse("{\"k\":\"\"}", false);
	b = parse("{\"k\":\"ééééééééééééééééééééééééééééééé\"}", false);
	assert_int_equal(propmap_diff(a, b, false, &out), 1);
	assert_true(strlen(out.v[0]) < 80);
	assert_non_null(strstr(out.v[0], "…"));
	strlist_clear(&out);
	propmap_free(a);
	propmap_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_sorted_and_typed),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_set_delete_equal_dup),
		cmocka_unit_test(test_value_keeps_its_type),
		cmocka_unit_test(test_keep_type),
		cmocka_unit_test(test_diff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
