// deps: logtext logline util
/* A log's decoded text in chunks of whole lines: whatever the pieces it
 * arrives in, the chunks in a row are the text (long lines cut as the
 * contiguous rule below cuts them), no line spans two chunks, and the
 * line count is a reader's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logline.h"
#include "logtext.h"
#include "util.h"

/* The rule, on the whole text at once: a line over max keeps its first
 * max bytes, backed off to the lead byte of a character cut in two, then
 * the marker. */
static size_t reference_cut(const char *text, size_t len, size_t max, struct strbuf *out)
{
	size_t cut = 0;
	strbuf_reset(out);
	strbuf_puts(out, "");
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - p);
		if (max && n > max) {
			size_t keep = max;
			while (keep > 0 && ((unsigned char)p[keep] & 0xC0) == 0x80)
				keep--;
			strbuf_append(out, p, keep);
			strbuf_printf(out, " [\u2026 %zu more bytes: save the log to read them]", n - keep);
			cut++;
		} else {
			strbuf_append(out, p, n);
		}
		if (!nl)
			break;
		strbuf_putc(out, '\n');
		p = nl + 1;
	}
	return cut;
}

static size_t count_lines(const char *text, size_t len)
{
	size_t n = 0;
	for (const char *p = text, *end = text + len; p < end; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	return n;
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static size_t rnd(size_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (size_t)(rng % n);
}

/* Feeds text in pieces of at most piece bytes (1: byte by byte) and
 * checks the result against the rule. */
static void check_split(const char *text, size_t len, size_t max, size_t piece)
{
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	size_t want_cut = reference_cut(text, len, max, &want);
	struct logtext *t = logtext_new(max);
	for (size_t pos = 0; pos < len;) {
		size_t n = piece == 1 ? 1 : 1 + rnd(piece);
		if (n > len - pos)
			n = len - pos;
		logtext_append(t, text + pos, n);
		pos += n;
	}
	logtext_finish(t);
	strbuf_puts(&got, "");
	for (size_t i = 0; i < t->n; i++) {
		const struct logtext_chunk *c = &t->chunks[i];
		assert_true(c->len > 0);
		/* a line never spans chunks, and none is left half empty */
		if (i + 1 < t->n)
			assert_int_equal(c->data[c->len - 1], '\n');
		assert_true(c->cap - c->len <= LOGTEXT_CHUNK / 8);
		strbuf_append(&got, c->data, c->len);
	}
	if (got.len != want.len || memcmp(got.buf, want.buf, want.len) != 0)
		fail_msg("max %zu, pieces of %zu: %zu bytes, want %zu", max, piece, got.len, want.len);
	assert_int_equal(t->bytes, want.len);
	assert_int_equal(t->cut, want_cut);
	assert_int_equal(t->lines, count_lines(text, len));

	/* read back line by line: the same lines */
	struct logtext_pos pos = LOGTEXT_POS_INIT;
	const char *s, *w = want.buf, *wend = want.buf + want.len;
	size_t n, lines = 0;
	bool partial;
	while (logtext_next_line(t, &pos, &s, &n, &partial)) {
		const char *nl = memchr(w, '\n', (size_t)(wend - w));
		size_t wn = nl ? (size_t)(nl - w) : (size_t)(wend - w);
		assert_int_equal(n, wn);
		assert_memory_equal(s, w, n);
		assert_int_equal(partial, nl == NULL);
		/* the facts the store will use, as it would find them out */
		bool plain;
		size_t ts = logline_ts_prefix(s, n);
		assert_true(t->facts[lines].hash == logtext_hash(s, n, &plain));
		assert_int_equal(t->facts[lines].plain, plain);
		assert_int_equal(t->facts[lines].msg_off, ts);
		assert_int_equal(t->facts[lines].error, logline_is_error(s + ts, n - ts));
		w += wn + (nl != NULL);
		lines++;
	}
	assert_int_equal(lines, t->lines);
	logtext_free(t);
	strbuf_free(&want);
	strbuf_free(&got);
}

/* A line over the bound keeps its first bytes, on a whole character, and
 * names what was left out; other lines pass untouched. */
static void test_cut_long_lines(void **state)
{
	static const struct {
		const char *in, *out;
		size_t cut;
	} cases[] = {
		{"short\nlines\n", "short\nlines\n", 0},
		/* 20 bytes, the 16th inside a 2-byte character */
		{"ok\n012345678901234\xc3\xa9xxxx\nend",
		 "ok\n012345678901234 [\u2026 6 more bytes: save the log to read them]\nend", 1},
		/* an unfinished last line is cut too */
		{"aaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa [\u2026 4 more bytes: save the log to read them]", 1},
		{"exactly sixteen!\n", "exactly sixteen!\n", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (size_t piece = 1; piece <= 64; piece *= 4) {
			struct logtext *t = logtext_new(16);
			for (size_t pos = 0, len = strlen(cases[i].in); pos < len; pos += piece)
				logtext_append(t, cases[i].in + pos, len - pos < piece ? len - pos : piece);
			logtext_finish(t);
			struct strbuf got = STRBUF_INIT;
			strbuf_puts(&got, "");
			for (size_t k = 0; k < t->n; k++)
				strbuf_append(&got, t->chunks[k].data, t->chunks[k].len);
			assert_string_equal(got.buf, cases[i].out);
			assert_int_equal(t->cut, cases[i].cut);
			strbuf_free(&got);
			logtext_free(t);
		}
	}
	for (int i = 0; i < 40; i++) {
		struct strbuf text = STRBUF_INIT;
		for (int line = 0; line < 50; line++) {
			size_t n = rnd(3) ? rnd(20) : rnd(200);
			for (size_t k = 0; k < n; k++)
				strbuf_puts(&text, rnd(4) ? "a" : rnd(2) ? "\xc3\xa9" : "\xe2\x82\xac");
			if (line < 49 || rnd(2))
				strbuf_putc(&text, '\n');
		}
		check_split(text.buf, text.len, 16 + rnd(40), 1);
		check_split(text.buf, text.len, 16 + rnd(40), 7);
		strbuf_free(&text);
	}
}

/* Megabytes of lines, some longer than a chunk, some empty, in random
 * pieces: chunks of whole lines that are the text. */
static void test_chunks_of_whole_lines(void **state)
{
	struct strbuf text = STRBUF_INIT;
	char line[160];
	for (int i = 0; text.len < 5 * LOGTEXT_CHUNK; i++) {
		if (i % 20000 == 7000) {
			/* a line longer than a chunk */
			for (size_t k = 0; k < LOGTEXT_CHUNK + LOGTEXT_CHUNK / 2; k++)
				strbuf_putc(&text, (char)('a' + k % 26));
			strbuf_putc(&text, '\n');
			continue;
		}
		if (i % 997 == 0) {
			strbuf_putc(&text, '\n');
			continue;
		}
		int n = snprintf(line, sizeof line, "2024-05-01T10:00:00.%09dZ row %d of the log %s%.*s\n", i, i,
				 i % 101 ? "" : "ERROR ",
				 (int)rnd(60), "...........................................................");
		strbuf_append(&text, line, (size_t)n);
	}
	strbuf_puts(&text, "an unfinished last line");
	check_split(text.buf, text.len, 0, 1);
	check_split(text.buf, text.len, 0, 1000);
	check_split(text.buf, text.len, 0, 70000);
	check_split(text.buf, text.len, 65536, 70000);
	strbuf_free(&text);
}

/* A later "logs" key voids the text so far; an empty text has no chunk. */
static void test_reset_and_empty(void **state)
{
	struct logtext *t = logtext_new(0);
	logtext_append(t, "first\nsec", 9);
	logtext_reset(t);
	logtext_append(t, "x\n", 2);
	logtext_finish(t);
	assert_int_equal(t->n, 1);
	assert_int_equal(t->bytes, 2);
	assert_int_equal(t->lines, 1);
	assert_memory_equal(t->chunks[0].data, "x\n", 2);
	logtext_reset(t);
	logtext_finish(t);
	assert_int_equal(t->n, 0);
	assert_int_equal(t->lines, 0);
	logtext_free(t);

	struct logtext v;
	logtext_view(&v, "a\n\nb", 4);
	assert_int_equal(v.lines, 3);
	assert_int_equal(v.n, 1);
	logtext_view(&v, "", 0);
	assert_int_equal(v.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_long_lines),
		cmocka_unit_test(test_chunks_of_whole_lines),
		cmocka_unit_test(test_reset_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
