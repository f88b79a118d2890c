// deps: logstream logscan logtext logline util
/* A logs answer decoded beside its download: whatever the pieces the
 * transfer hands over, the text and the verdict are those of decoding it
 * in one go; a tail never starts a thread, a big answer does; an answer
 * known bad stops the transfer; an abandoned one is let go at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logstream.h"
#include "util.h"

static size_t threads(void)
{
	DIR *d = opendir("/proc/self/task");
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void put(void *ud, const char *data, size_t len)
{
	logtext_append(ud, data, len);
}

static void reset(void *ud)
{
	logtext_reset(ud);
}

/* The text of a whole answer decoded in one go, as one string. */
static void flatten(const struct logtext *t, struct strbuf *out)
{
	for (size_t i = 0; i < t->n; i++)
		strbuf_append(out, t->chunks[i].data, t->chunks[i].len);
}

/* An answer of several blocks: lines with escapes, accented letters and
 * surrogate pairs, so that blocks end inside every kind of escape. */
static void big_answer(struct strbuf *body, size_t lines)
{
	strbuf_puts(body, "{\"other\": [1, {\"logs\": \"not this one\"}], \"logs\": \"");
	for (size_t i = 0; i < lines; i++)
		strbuf_printf(body, "2024-05-01T10:00:%02zuZ row %zu \\u00e9t\\u00e9 \\ud83d\\ude00 tab\\there"
				    " \\\"quoted\\\" [%s] %s\\n",
			      i % 60, i, i % 97 == 0 ? "ERROR" : "INFO ", i % 2 ? "x" : "a longer message text");
	strbuf_puts(body, "the last line\"}");
}

static void expect_same_as_inline(const char *body, size_t len, unsigned seed)
{
	struct logtext *want = logtext_new(0);
	struct logscan sc;
	logscan_init(&sc, &(struct logscan_sink){put, reset, want});
	logscan_feed(&sc, body, len);
	assert_true(logscan_finish(&sc));
	logscan_free(&sc);
	logtext_finish(want);

	struct logstream *ls = logstream_open(0);
	size_t pos = 0;
	while (pos < len) {
		seed = seed * 1103515245u + 12345u;
		size_t n = 1 + (seed >> 8) % 40000;
		if (n > len - pos)
			n = len - pos;
		assert_true(logstream_write(ls, body + pos, n));
		pos += n;
	}
	assert_true(logscan_finish(logstream_finish(ls)));
	struct logtext *got = logstream_take_text(ls);
	logstream_free(ls);
	logtext_finish(got);

	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	flatten(want, &a);
	flatten(got, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	assert_int_equal(want->lines, got->lines);
	for (size_t i = 0; i < want->lines; i++) {
		assert_true(want->facts[i].hash == got->facts[i].hash);
		assert_int_equal(want->facts[i].error, got->facts[i].error);
		assert_int_equal(want->facts[i].msg_off, got->facts[i].msg_off);
	}
	strbuf_free(&a);
	strbuf_free(&b);
	logtext_free(want);
	logtext_free(got);
}

static void test_big_answer_same_as_inline(void **state)
{
	(void)state;
	struct strbuf body = STRBUF_INIT;
	big_answer(&body, 40000);
	assert_true(body.len > 8 * LOGSTREAM_BLOCK);
	for (unsigned seed = 1; seed <= 3; seed++)
		expect_same_as_inline(body.buf, body.len, seed);
	strbuf_free(&body);
}

static void test_tail_stays_on_its_thread(void **state)
{
	(void)state;
	size_t before = threads();
	struct strbuf body = STRBUF_INIT;
	big_answer(&body, 500);
	assert_true(body.len < LOGSTREAM_BLOCK);
	struct logstream *ls = logstream_open(0);
	assert_true(logstream_write(ls, body.buf, body.len));
	assert_int_equal(threads(), before);
	assert_true(logscan_finish(logstream_finish(ls)));
	struct logtext *t = logstream_take_text(ls);
	logtext_finish(t);
	assert_int_equal(t->lines, 501);
	logtext_free(t);
	logstream_free(ls);
	strbuf_free(&body);
	expect_same_as_inline("{\"logs\": \"one\\ntwo\"}", 20, 7);
}

static void test_big_answer_decoded_beside(void **state)
{
	(void)state;
	size_t before = threads();
	struct strbuf body = STRBUF_INIT;
	big_answer(&body, 40000);
	struct logstream *ls = logstream_open(0);
	assert_true(logstream_write(ls, body.buf, LOGSTREAM_BLOCK + 1));
	assert_int_equal(threads(), before + 1);
	assert_true(logstream_write(ls, body.buf + LOGSTREAM_BLOCK + 1, body.len - LOGSTREAM_BLOCK - 1));
	assert_true(logscan_finish(logstream_finish(ls)));
	assert_int_equal(threads(), before); /* joined */
	logstream_free(ls);
	strbuf_free(&body);
}

static atomic_int gate_calls, gate_elsewhere;
static pthread_t test_thread;

static void gate(void *ud)
{
	(void)ud;
	atomic_fetch_add(&gate_calls, 1);
	if (!pthread_equal(pthread_self(), test_thread))
		atomic_fetch_add(&gate_elsewhere, 1);
}

/* The decoder looks at the transfer's gate (a bulk lane giving way to a
 * poll) before each slice it decodes, on its own thread; a tail, decoded
 * on the transfer's thread after the transfer's own gate, does not. */
static void test_decoder_waits_at_the_gate(void **state)
{
	(void)state;
	test_thread = pthread_self();
	struct strbuf body = STRBUF_INIT;
	big_answer(&body, 40000);
	atomic_store(&gate_calls, 0);
	atomic_store(&gate_elsewhere, 0);
	struct logstream *ls = logstream_open(0);
	logstream_set_gate(ls, gate, NULL);
	assert_true(logstream_write(ls, body.buf, body.len));
	assert_true(logscan_finish(logstream_finish(ls)));
	logstream_free(ls);
	int slices = (int)((body.len / LOGSTREAM_BLOCK) * (LOGSTREAM_BLOCK / LOGSTREAM_SLICE));
	assert_true(atomic_load(&gate_calls) >= slices);
	assert_int_equal(atomic_load(&gate_elsewhere), atomic_load(&gate_calls));

	atomic_store(&gate_calls, 0);
	ls = logstream_open(0);
	logstream_set_gate(ls, gate, NULL);
	assert_true(logstream_write(ls, "{\"logs\": \"tail\"}", 16));
	assert_true(logscan_finish(logstream_finish(ls)));
	logstream_free(ls);
	assert_int_equal(atomic_load(&gate_calls), 0);
	strbuf_free(&body);
}

/* A bad answer stops the transfer within the blocks already handed over,
 * and says why. */
static void test_bad_answer_stops(void **state)
{
	(void)state;
	struct strbuf body = STRBUF_INIT;
	strbuf_puts(&body, "{\"logs\": \"fine so far\", \"x\": nope");
	while (body.len < 40 * LOGSTREAM_BLOCK)
		strbuf_puts(&body, "                                                                ");
	struct logstream *ls = logstream_open(0);
	size_t pos = 0, step = 16384;
	while (pos < body.len && logstream_write(ls, body.buf + pos, step))
		pos += step;
	assert_true(pos < body.len);
	assert_true(pos <= (LOGSTREAM_AHEAD + 3) * LOGSTREAM_BLOCK);
	struct logscan *sc = logstream_finish(ls);
	assert_false(logscan_finish(sc));
	assert_int_equal(sc->error, LOGSCAN_NOT_JSON);
	assert_non_null(strstr(sc->message, "not JSON"));
	logstream_free(ls);
	strbuf_free(&body);
}

/* A transfer abandoned half way (the view went away): freed without
 * finishing, the decoder stops, nothing leaks (ASan, valgrind). */
static void test_abandoned(void **state)
{
	(void)state;
	size_t before = threads();
	struct strbuf body = STRBUF_INIT;
	big_answer(&body, 40000);
	struct logstream *ls = logstream_open(0);
	assert_true(logstream_write(ls, body.buf, body.len / 2));
	logstream_free(ls);
	assert_int_equal(threads(), before);
	strbuf_free(&body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_big_answer_same_as_inline),
		cmocka_unit_test(test_tail_stays_on_its_thread),
		cmocka_unit_test(test_big_answer_decoded_beside),
		cmocka_unit_test(test_decoder_waits_at_the_gate),
		cmocka_unit_test(test_bad_answer_stops),
		cmocka_unit_test(test_abandoned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
