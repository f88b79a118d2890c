// deps: jdoc timefmt util
/* The document the model answers are read into: whatever it accepts
 * reads as json-c's tree of the same text (jdoc_check.h), it refuses what
 * is not JSON with a message that says where, and its readers turn every
 * surprise into "not known". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jdoc.h"
#include "jdoc_check.h"
#include "util.h"

/* json-c's reading of the whole text (NULL is a JSON null) in *out;
 * false when json-c refuses it. A space is appended: json-c cannot tell
 * that a number at the very end is complete. */
static bool jsonc(const char *text, size_t len, struct json_object **out)
{
	char *buf = xmalloc(len + 1);
	memcpy(buf, text, len);
	buf[len] = ' ';
	struct json_tokener *tok = json_tokener_new_ex(1000);
	struct json_object *o = json_tokener_parse_ex(tok, buf, (int)len + 1);
	bool ok = json_tokener_get_error(tok) == json_tokener_success;
	for (size_t i = json_tokener_get_parse_end(tok); ok && i <= len; i++)
		ok = buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r';
	json_tokener_free(tok);
	free(buf);
	if (!ok) {
		json_object_put(o);
		o = NULL;
	}
	*out = o;
	return ok;
}

/* jdoc accepts text and holds json-c's reading of it (when json-c reads
 * it right: jdoc_check_comparable). Returns false for a text left out. */
static bool expect_same(const char *text, size_t len)
{
	char *err = NULL;
	struct jdoc *d = jdoc_parse(text, len, &err);
	if (!d)
		fail_msg("jdoc refused %.80s: %s", text, err);
	if (!jdoc_check_comparable(d)) {
		jdoc_free(d);
		return false;
	}
	struct json_object *o;
	if (!jsonc(text, len, &o))
		fail_msg("json-c refused %.80s", text);
	char why[200] = "";
	if (jdoc_check_same(jdoc_root(d), o, why, sizeof why))
		fail_msg("%.80s: %s", text, why);
	json_object_put(o);
	jdoc_free(d);
	return true;
}

static const char *const corpus[] = {
	"{}",
	"[]",
	"  {\"a\" : 1 }\n\t",
	"\"just a string\"",
	"0",
	"-0",
	"123456789012",
	"-9223372036854775808",
	"9223372036854775807",
	"9223372036854775808",
	"1e999",
	"-1.5e-3",
	"2.0",
	"1E2",
	"true",
	"false",
	"null",
	"[1, 2.5, \"x\", true, false, null, [], {}, [[[]]], {\"a\": {\"b\": [1, {\"c\": null}]}}]",
	"{\"dup\": 1, \"x\": 2, \"dup\": \"last\"}",
	"{\"dup\": {\"a\": 1}, \"dup\": null}",
	"{\"\": \"empty key\", \"k\": \"\"}",
	"\"escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u00e9\\u20ac\\uD83D\\uDE00\"",
	"\"lone \\uD800 high, lone \\uDC00 low, \\uD800\\u0041 high then other, \\uDBFF\\uDFFF last\"",
	"\"nul \\u0000 inside\"",
	"\"raw utf-8 \xc3\xa9 \xe2\x82\xac and bad \xff\xfe bytes\"",
	"\"raw \x01 control \x1f bytes\"",
	"{\"data\": {\"content\": [{\"jobName\": \"a\", \"config\": {\"team\": \"t\", \"schedule\": "
	"{\"scheduleCron\": \"*/5 * * * *\", \"nextRunEpochSeconds\": 1700000000}}, \"deployments\": "
	"[{\"enabled\": true, \"executions\": [{\"id\": \"e1\", \"status\": \"RUNNING\"}]}]}], "
	"\"totalItems\": 1, \"totalPages\": 1}}",
};

static void test_corpus_reads_as_json_c(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++)
		assert_true(expect_same(corpus[i], strlen(corpus[i])));
	/* U+1DA00 escaped as a pair: decoded (json-c 0.16 makes it U+FFFD),
	 * and such a document is no test of the oracle */
	char *err = NULL;
	struct jdoc *d = jdoc_parse("\"\\uD836\\uDE00\"", 14, &err);
	assert_non_null(d);
	assert_memory_equal(jdoc_root(d)->v.s, "\xf0\x9d\xa8\x80", 4);
	assert_false(jdoc_check_comparable(d));
	jdoc_free(d);
	/* an escaped NUL is part of the string, as json-c keeps it */
	d = jdoc_parse("\"a\\u0000b\"", 10, &err);
	assert_non_null(d);
	assert_int_equal(jdoc_root(d)->len, 3);
	assert_memory_equal(jdoc_root(d)->v.s, "a\0b", 3);
	jdoc_free(d);
}

static void expect_refused(const char *text, size_t len, const char *message)
{
	char *err = NULL;
	struct jdoc *d = jdoc_parse(text, len, &err);
	if (d)
		fail_msg("jdoc accepted %.80s", text);
	assert_non_null(err);
	if (strcmp(err, message) != 0)
		fail_msg("%.80s: \"%s\", expected \"%s\"", text, err, message);
	free(err);
}

static void test_refused(void **state)
{
	(void)state;
	expect_refused("", 0, "empty answer where JSON was expected");
	expect_refused("   ", 3, "not JSON: the answer ends early");
	expect_refused("{\"a\": 1", 7, "not JSON: the answer ends early");
	expect_refused("{\"a\": \"cut", 10, "not JSON: the answer ends early");
	expect_refused("\"cut in an escape \\u00", 22, "not JSON: the answer ends early");
	expect_refused("\"cut after a backslash \\", 24, "not JSON: the answer ends early");
	expect_refused("tru", 3, "not JSON: the answer ends early");
	expect_refused("[1, 2", 5, "not JSON: the answer ends early");
	expect_refused("-", 1, "not JSON: the answer ends early");
	expect_refused("{\"a\": 1} x", 10, "not JSON: unexpected data after the value at offset 9");
	expect_refused("{\"a\": 1}{}", 10, "not JSON: unexpected data after the value at offset 8");
	expect_refused("\"bad \\x escape\"", 15, "not JSON: invalid escape in a string at offset 5");
	expect_refused("\"bad \\u12G4\"", 12, "not JSON: invalid escape in a string at offset 5");
	expect_refused("{\"a\" 1}", 7, "not JSON: a colon was expected at offset 5");
	expect_refused("{a: 1}", 6, "not JSON: a member name was expected at offset 1");
	expect_refused("[1 2]", 5, "not JSON: a comma or ] was expected at offset 3");
	expect_refused("[1,]", 4, "not JSON: unexpected character at offset 3");
	expect_refused("{\"a\": 1,}", 9, "not JSON: a member name was expected at offset 8");
	expect_refused("/* c */ {}", 10, "not JSON: unexpected character at offset 0");
	expect_refused("NaN", 3, "not JSON: unexpected character at offset 0");
	expect_refused("nan", 3, "not JSON: unexpected character at offset 0");
	expect_refused("'single'", 8, "not JSON: unexpected character at offset 0");
	expect_refused("01", 2, "not JSON: unexpected data after the value at offset 1");
	expect_refused("1.", 2, "not JSON: the answer ends early");
	expect_refused("1.e5", 4, "not JSON: a number without digits at offset 2");
	expect_refused("-x", 2, "not JSON: a number without digits at offset 1");
	expect_refused("\"a\0b\"", 5, "not JSON: a NUL byte in a string at offset 2");
	expect_refused("[1,\0]", 5, "not JSON: a NUL byte at offset 3");
}

static void test_nesting_bounded(void **state)
{
	(void)state;
	struct strbuf ok = STRBUF_INIT, deep = STRBUF_INIT;
	for (int i = 0; i < 64; i++)
		strbuf_putc(&ok, '[');
	for (int i = 0; i < 64; i++)
		strbuf_putc(&ok, ']');
	expect_same(ok.buf, ok.len);
	for (int i = 0; i < 100000; i++)
		strbuf_putc(&deep, '[');
	expect_refused(deep.buf, deep.len, "not JSON: nesting too deep at offset 64");
	strbuf_free(&ok);
	strbuf_free(&deep);
}

/* A body of a few megabytes must not become gigabytes of nodes. */
static void test_values_bounded(void **state)
{
	(void)state;
	struct strbuf b = STRBUF_INIT;
	strbuf_putc(&b, '[');
	for (unsigned i = 0; i < JDOC_MAX_NODES; i++)
		strbuf_puts(&b, "0,");
	strbuf_puts(&b, "0]");
	char *err = NULL;
	assert_null(jdoc_parse(b.buf, b.len, &err));
	char want[100];
	snprintf(want, sizeof want, "too many values (more than %u) at offset %u", JDOC_MAX_NODES,
		 2 * (JDOC_MAX_NODES - 1) + 1);
	assert_string_equal(err, want);
	free(err);
	/* one value fewer is a document */
	strbuf_reset(&b);
	strbuf_putc(&b, '[');
	for (unsigned i = 0; i + 2 < JDOC_MAX_NODES; i++)
		strbuf_puts(&b, "0,");
	strbuf_puts(&b, "0]");
	struct jdoc *d = jdoc_parse(b.buf, b.len, &err);
	assert_non_null(d);
	assert_int_equal(d->n, JDOC_MAX_NODES);
	assert_int_equal(jdoc_root(d)->len, JDOC_MAX_NODES - 1);
	jdoc_free(d);
	strbuf_free(&b);
}

/* Never more lenient than json-c: every prefix of every corpus text, and
 * random byte changes to them, read the same as json-c when accepted. */
static void test_mutations_never_more_lenient(void **state)
{
	(void)state;
	unsigned seed = 12345;
	size_t accepted = 0, refused = 0;
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		size_t len = strlen(corpus[i]);
		char *buf = xmalloc(len + 1);
		for (size_t cut = 0; cut <= len; cut++) {
			memcpy(buf, corpus[i], cut);
			char *err = NULL;
			struct jdoc *d = jdoc_parse(buf, cut, &err);
			if (d) {
				jdoc_free(d);
				accepted += expect_same(buf, cut);
			} else {
				assert_non_null(err);
				free(err);
				refused++;
			}
		}
		static const char bytes[] = "{}[]\",:\\ u0123456789eE+-.tfnrlx\x01\x80\xff";
		for (int k = 0; k < 3000; k++) {
			memcpy(buf, corpus[i], len);
			for (int m = 0; m < 1 + k % 3; m++) {
				seed = seed * 1103515245u + 12345u;
				size_t at = (seed >> 8) % (len ? len : 1);
				seed = seed * 1103515245u + 12345u;
				buf[at] = bytes[(seed >> 8) % (sizeof bytes - 1)];
			}
			char *err = NULL;
			struct jdoc *d = jdoc_parse(buf, len, &err);
			if (d) {
				jdoc_free(d);
				accepted += expect_same(buf, len);
			} else {
				free(err);
				refused++;
			}
		}
		free(buf);
	}
	/* both sides exercised */
	assert_true(accepted > 1000);
	assert_true(refused > 1000);
}

static struct jdoc *doc(const char *text)
{
	char *err = NULL;
	struct jdoc *d = jdoc_parse(text, strlen(text), &err);
	if (!d)
		fail_msg("%s: %s", text, err);
	return d;
}

static void test_readers(void **state)
{
	(void)state;
	struct jdoc *d = doc("{\"s\": \"text\", \"n\": null, \"i\": 42, \"neg\": -7, \"whole\": 3.0, \"frac\": 2.5,"
			     " \"big\": 1e300, \"huge\": 1e999, \"over\": 9223372036854775808, \"t\": true, \"f\": false,"
			     " \"o\": {\"k\": \"v\"}, \"a\": [\"x\", 1, null, \"y\", {}], \"when\": \"2024-03-01T10:00:00Z\","
			     " \"dup\": \"first\", \"dup\": \"second\", \"dupnull\": \"x\", \"dupnull\": null}");
	const struct jnode *o = jdoc_root(d);
	assert_string_equal(jd_str(o, "s"), "text");
	assert_null(jd_str(o, "i"));	  /* not a string */
	assert_null(jd_str(o, "missing"));
	assert_null(jd_get(o, "n"));	  /* null is "not there" */
	assert_null(jd_get(jd_obj(o, "s"), "k")); /* a string is no object */
	assert_int_equal(jd_int(o, "i", -1), 42);
	assert_int_equal(jd_int(o, "neg", -1), -7);
	assert_int_equal(jd_int(o, "whole", -1), 3);
	assert_int_equal(jd_int(o, "frac", -1), -1);
	assert_int_equal(jd_int(o, "big", -1), -1);
	assert_int_equal(jd_int(o, "huge", -1), -1);
	assert_int_equal(jd_int(o, "over", -1), -1);
	assert_int_equal(jd_int(o, "s", -1), -1);
	assert_true(jd_double(o, "frac", 0) == 2.5);
	assert_true(jd_double(o, "i", 0) == 42.0);
	assert_true(jd_double(o, "huge", -1) == -1); /* not finite */
	assert_true(jd_double(o, "s", -1) == -1);
	assert_int_equal(jd_bool(o, "t"), 1);
	assert_int_equal(jd_bool(o, "f"), 0);
	assert_int_equal(jd_bool(o, "i"), -1);
	assert_string_equal(jd_str(jd_obj(o, "o"), "k"), "v");
	assert_null(jd_arr(o, "o"));
	assert_string_equal(jd_str(o, "dup"), "second");
	assert_null(jd_get(o, "dupnull")); /* the last one counts, null too */
	struct strlist l = {0};
	jd_strlist(o, "a", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "x");
	assert_string_equal(l.v[1], "y");
	strlist_clear(&l);
	assert_int_equal(jd_time(o, "when"), 1709287200);
	assert_int_equal(jd_time(o, "s"), 0);
	char *s = jd_strdup(o, "s");
	assert_string_equal(s, "text");
	free(s);
	assert_null(jd_strdup(o, "i"));
	/* elements in order, whatever they hold */
	const struct jnode *a = jd_arr(o, "a");
	size_t n = 0;
	for (const struct jnode *e = jd_first(a); e; e = jd_next(a, e))
		n++;
	assert_int_equal(n, 5);
	assert_null(jd_first(jd_arr(o, "missing")));
	jdoc_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_reads_as_json_c),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_nesting_bounded),
		cmocka_unit_test(test_values_bounded),
		cmocka_unit_test(test_mutations_never_more_lenient),
		cmocka_unit_test(test_readers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
