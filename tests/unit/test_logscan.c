// deps: logscan util
/* The streaming reader of the logs answer: fed whole, a byte at a time
 * and in random pieces it reads what json-c reads from the whole body,
 * and refuses what it must. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logscan.h"
#include "util.h"

static void put(void *ud, const char *data, size_t len)
{
	strbuf_append(ud, data, len);
}

static void reset(void *ud)
{
	strbuf_reset(ud);
}

/* Reads body in pieces whose lengths come from cuts (0: the rest).
 * Returns the error; *out holds what the sink was given. */
static enum logscan_error scan(const char *body, size_t len, const size_t *cuts, size_t ncuts, struct strbuf *out)
{
	struct logscan s;
	strbuf_reset(out);
	strbuf_puts(out, "");
	logscan_init(&s, &(struct logscan_sink){put, reset, out});
	size_t pos = 0;
	for (size_t i = 0; pos < len; i++) {
		size_t n = i < ncuts && cuts[i] ? cuts[i] : len - pos;
		if (n > len - pos)
			n = len - pos;
		if (!logscan_feed(&s, body + pos, n))
			break;
		pos += n;
	}
	logscan_finish(&s);
	enum logscan_error e = s.error;
	if (e != LOGSCAN_OK)
		assert_non_null(s.message);
	logscan_free(&s);
	return e;
}

/* json-c's reading of the whole body: the "logs" string (empty when
 * missing or null); false when it is not a string. */
static bool json_c_logs(const char *body, size_t len, struct strbuf *out)
{
	struct json_tokener *tok = json_tokener_new_ex(64);
	struct json_object *o = json_tokener_parse_ex(tok, body, (int)len);
	json_tokener_free(tok);
	assert_non_null(o);
	struct json_object *v = NULL;
	strbuf_reset(out);
	strbuf_puts(out, "");
	json_object_object_get_ex(o, "logs", &v);
	bool ok = !v || json_object_is_type(v, json_type_string);
	if (v && ok)
		strbuf_append(out, json_object_get_string(v), (size_t)json_object_get_string_len(v));
	json_object_put(o);
	return ok;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static size_t rnd(size_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (size_t)(rng % n);
}

/* Whole, byte by byte, and in 50 random splits: always json-c's text. */
static void same_as_json_c(const char *body, size_t len)
{
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	bool is_string = json_c_logs(body, len, &want);
	enum logscan_error expect = is_string ? LOGSCAN_OK : LOGSCAN_NOT_STRING;

	size_t *cuts = xcallocarray(len + 1, sizeof(*cuts));
	for (int round = 0; round < 52; round++) {
		size_t n = 0;
		if (round == 1) {
			for (n = 0; n < len; n++)
				cuts[n] = 1;
		} else if (round > 1) {
			for (size_t pos = 0; pos < len; n++) {
				cuts[n] = 1 + rnd(round % 2 ? 4 : 16);
				pos += cuts[n];
			}
		}
		enum logscan_error e = scan(body, len, cuts, n, &got);
		if (e != expect)
			fail_msg("%s: error %d, want %d (round %d)", body, e, expect, round);
		if (e == LOGSCAN_OK && (got.len != want.len || memcmp(got.buf, want.buf, want.len) != 0))
			fail_msg("%s: read %zu bytes unlike json-c's %zu (round %d)", body, got.len, want.len, round);
	}
	free(cuts);
	strbuf_free(&want);
	strbuf_free(&got);
}

static void test_same_as_json_c(void **state)
{
	static const char *const bodies[] = {
		"{\"logs\": \"\"}",
		"{\"logs\": \"2024-01-01T00:00:00Z one\\n2024-01-01T00:00:01Z two\\n\"}",
		"{\"logs\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"}",
		"{\"logs\": \"caf\\u00e9 \\u20ac \\u0041 \\u0000 end\"}",
		/* surrogate pairs, lone and broken halves (U+FFFD, as json-c) */
		"{\"logs\": \"\\ud83d\\ude00 \\uD83D\\uDE00\"}",
		"{\"logs\": \"\\ud800\"}",
		"{\"logs\": \"\\ud800x\"}",
		"{\"logs\": \"\\ud800\\u0041\"}",
		"{\"logs\": \"\\udc00\"}",
		"{\"logs\": \"\\ud800\\ud800\\udc00\"}",
		"{\"logs\": \"\\ud800\\n\"}",
		"{\"logs\": \"\\ud800\\\\\"}",
		"{\"logs\": \"raw \xc3\xa9 \xff\xfe bytes and a\ttab\"}",
		/* other keys before and after, nested values, duplicates */
		"{\"a\": 1, \"logs\": \"x\\n\", \"b\": [true, false, null, -1.5e+3, 0, {\"logs\": \"inner\"}]}",
		"{\"nested\": {\"logs\": \"not this\"}, \"logs\": \"this\"}",
		"{\"logs\": \"first\", \"logs\": \"second\"}",
		"{\"logs\": \"first\", \"logs\": null}",
		"{\"logs\": null}",
		"{}",
		"{\"log\": \"x\", \"logss\": \"y\", \"Logs\": \"z\"}",
		"{\"\\u006cogs\": \"escaped key\"}",
		"  {\"logs\" : \"spaced\" }  \n",
		"{\"logs\": 5}",
		"{\"logs\": [\"a\"]}",
		"{\"logs\": {\"a\": \"b\"}}",
		"{\"logs\": \"string\", \"logs\": 1}",
		"{\"logs\": false}",
	};
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		same_as_json_c(bodies[i], strlen(bodies[i]));
}

/* A long text with an escape every few bytes: every escape is split at
 * every place by some piece boundary. */
static void test_long_text_random_splits(void **state)
{
	static const char *const pieces[] = {"plain text ", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", "\\t",
					     "\\u20AC", "\\ud800", "\\\\", "\\/"};
	struct strbuf body = STRBUF_INIT;
	strbuf_puts(&body, "{\"before\": [1, 2, {\"x\": \"y\"}], \"logs\": \"");
	for (int i = 0; i < 3000; i++)
		strbuf_puts(&body, pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))]);
	strbuf_puts(&body, "\", \"after\": null}");
	same_as_json_c(body.buf, body.len);
	strbuf_free(&body);
}

static void expect_error(const char *body, enum logscan_error want, const char *message)
{
	struct strbuf got = STRBUF_INIT;
	size_t len = strlen(body);
	for (int bytewise = 0; bytewise < 2; bytewise++) {
		struct logscan s;
		strbuf_reset(&got);
		logscan_init(&s, &(struct logscan_sink){put, reset, &got});
		size_t pos = 0;
		while (pos < len) {
			size_t n = bytewise ? 1 : len - pos;
			if (!logscan_feed(&s, body + pos, n))
				break;
			pos += n;
		}
		logscan_finish(&s);
		if (s.error != want)
			fail_msg("'%s': error %d, want %d (%s)", body, s.error, want, s.message ? s.message : "none");
		if (message && (!s.message || strcmp(s.message, message) != 0))
			fail_msg("'%s': message \"%s\", want \"%s\"", body, s.message ? s.message : "", message);
		logscan_free(&s);
	}
	strbuf_free(&got);
}

static void test_refused(void **state)
{
	expect_error("", LOGSCAN_NOT_JSON, "empty answer where JSON was expected");
	expect_error("   ", LOGSCAN_NOT_JSON, "not JSON: the answer ends early");
	expect_error("[\"logs\"]", LOGSCAN_NOT_OBJECT, "a JSON object was expected");
	expect_error("\"logs\"", LOGSCAN_NOT_OBJECT, NULL);
	expect_error("<html>", LOGSCAN_NOT_OBJECT, NULL);
	expect_error("{\"logs\": \"unterminated", LOGSCAN_NOT_JSON, "not JSON: the answer ends early");
	expect_error("{\"logs\": \"cut in an escape \\u00", LOGSCAN_NOT_JSON, "not JSON: the answer ends early");
	expect_error("{\"logs\": \"bad \\x escape\"}", LOGSCAN_NOT_JSON,
		     "not JSON: invalid escape in a string at offset 15");
	expect_error("{\"logs\": \"bad \\u12G4\"}", LOGSCAN_NOT_JSON, NULL);
	expect_error("{\"logs\": \"a\"} trailing", LOGSCAN_NOT_JSON,
		     "not JSON: unexpected data after the value at offset 14");
	expect_error("{\"logs\": \"a\",}", LOGSCAN_NOT_JSON, NULL);
	expect_error("{'logs': 'a'}", LOGSCAN_NOT_JSON, NULL);
	expect_error("{\"logs\" \"a\"}", LOGSCAN_NOT_JSON, NULL);
	expect_error("{\"a\": tru}", LOGSCAN_NOT_JSON, NULL);
	expect_error("{\"a\": 01}", LOGSCAN_NOT_JSON, NULL);
	expect_error("{\"a\": 1.}", LOGSCAN_NOT_JSON, NULL);
	expect_error("{\"a\": -}", LOGSCAN_NOT_JSON, NULL);
	expect_error("{\"a\": [1 2]}", LOGSCAN_NOT_JSON, NULL);
	expect_error("{\"a\": [1}", LOGSCAN_NOT_JSON, NULL);
	expect_error("{\"logs\": 12}", LOGSCAN_NOT_STRING, "logs is not a string");
	/* json-c stops reading at a NUL byte, so it never gave such a log */
	struct logscan s;
	struct strbuf got = STRBUF_INIT;
	logscan_init(&s, &(struct logscan_sink){put, reset, &got});
	assert_false(logscan_feed(&s, "{\"logs\": \"a\0b\"}", 15));
	assert_string_equal(s.message, "not JSON: a NUL byte in a string at offset 11");
	logscan_free(&s);
	logscan_init(&s, &(struct logscan_sink){put, reset, &got});
	assert_true(logscan_feed(&s, "{\"logs\": \"ab\"}", 14));
	assert_false(logscan_feed(&s, "\0", 1));
	logscan_free(&s);
	strbuf_free(&got);
	expect_error("{\"logs\": \"x\", \"logs\": {}}", LOGSCAN_NOT_STRING, NULL);

	/* Nesting: as deep as json-c goes is fine, deeper is refused. */
	struct strbuf deep = STRBUF_INIT;
	strbuf_puts(&deep, "{\"a\":");
	for (int i = 0; i < 62; i++)
		strbuf_putc(&deep, '[');
	for (int i = 0; i < 62; i++)
		strbuf_putc(&deep, ']');
	strbuf_puts(&deep, ", \"logs\": \"ok\"}");
	same_as_json_c(deep.buf, deep.len);
	strbuf_reset(&deep);
	strbuf_puts(&deep, "{\"a\":");
	for (int i = 0; i < 100000; i++)
		strbuf_putc(&deep, '[');
	expect_error(deep.buf, LOGSCAN_NOT_JSON, "not JSON: nesting too deep at offset 68");
	strbuf_free(&deep);
}

/* Once refused, more input changes nothing and nothing more is put. */
static void test_stops_after_error(void **state)
{
	struct strbuf got = STRBUF_INIT;
	struct logscan s;
	logscan_init(&s, &(struct logscan_sink){put, reset, &got});
	assert_true(logscan_feed(&s, "{\"logs\": \"ab", 12));
	assert_false(logscan_feed(&s, "\\q", 2));
	assert_false(logscan_feed(&s, "cd\"}", 4));
	assert_false(logscan_finish(&s));
	assert_int_equal(s.error, LOGSCAN_NOT_JSON);
	assert_int_equal(got.len, 2);
	logscan_free(&s);
	strbuf_free(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_json_c),
		cmocka_unit_test(test_long_text_random_splits),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_stops_after_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
