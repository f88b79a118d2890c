/* libFuzzer target: the log store under arbitrary polls.
 *
 * The input is a little program. Its bytes grow a server log of unique
 * lines ("<n>:" then fuzz bytes, unfinished last lines included) and poll
 * it the way the logs view does: tails of random size (tail_lines=N) and
 * whole fetches. An oracle checks that, whenever a tail reached back into
 * what was stored (or the whole log was fetched), the store holds exactly
 * the last max_lines lines of the log, byte for byte. Raw polls of
 * arbitrary bytes are mixed in too; for all states the invariants hold
 * (counts, flags, search count, safe display text).
 *
 * Build and run (from the top of the tree):
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *     tests/fuzz/fuzz_logbuf.c src/logbuf.c src/logbuf_search.c src/logtext.c src/logline.c src/sanitize.c src/util.c -o /tmp/fuzz_logbuf
 *   /tmp/fuzz_logbuf -max_total_time=20
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logbuf.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_at(int ok, int line)
{
	if (!ok) {
		fprintf(stderr, "fuzz_logbuf: check on line %d failed\n", line);
		abort();
	}
}
#define check(ok) check_at((ok), __LINE__)

struct log {
	struct strbuf text;
	size_t *starts; /* offset of each line, the unfinished one included */
	size_t n, cap;
	bool open;      /* the last line has no '\n' yet */
};

static void log_new_line(struct log *lg)
{
	if (lg->n == lg->cap) {
		lg->cap = lg->cap ? lg->cap * 2 : 16;
		lg->starts = xrealloc(lg->starts, lg->cap * sizeof(*lg->starts));
	}
	lg->starts[lg->n++] = lg->text.len;
	strbuf_printf(&lg->text, "%zu:", lg->n);
	lg->open = true;
}

static void log_put(struct log *lg, const uint8_t *p, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (p[i] != '\n')
			strbuf_putc(&lg->text, (char)p[i]);
}

static void check_invariants(struct logbuf *lb, uint64_t *last_seq)
{
	size_t n = logbuf_count(lb), matches = 0, bytes = 0;
	check(n <= logbuf_max_lines(lb));
	check(logbuf_first_seq(lb) >= *last_seq);
	*last_seq = logbuf_first_seq(lb);
	struct san_buf b = SAN_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		struct logbuf_line l;
		check(logbuf_line(lb, i, &l));
		check(l.msg_off <= l.len);
		check(!(l.flags & LOGBUF_PARTIAL) || i + 1 == n || (l.flags & LOGBUF_MARKER) == 0);
		check(!(l.flags & LOGBUF_PARTIAL) || i + 1 == n);
		matches += !!(l.flags & LOGBUF_MATCH);
		bytes += l.len;
		if (i < 8 || i + 8 > n) {
			logbuf_display(lb, i, i & 1, &b);
			for (size_t k = 0; k < b.len; k++)
				check((unsigned char)b.text[k] >= 0x20 && b.text[k] != 0x7f);
		}
	}
	check(!logbuf_line(lb, n, &(struct logbuf_line){0}));
	check(matches == logbuf_search_count(lb));
	check(bytes == logbuf_text_bytes(lb));
	size_t at;
	if (logbuf_search_next(lb, 0, 1, &at))
		check(at < n && (logbuf_line_flags(lb, at) & LOGBUF_MATCH));
	if (logbuf_error_next(lb, n, -1, &at))
		check(at < n && (logbuf_line_flags(lb, at) & LOGBUF_ERROR));
	san_buf_free(&b);
}

/* The store must be the last max_lines lines of the log. */
static void check_oracle(struct logbuf *lb, const struct log *lg)
{
	size_t keep = lg->n < logbuf_max_lines(lb) ? lg->n : logbuf_max_lines(lb);
	check(logbuf_count(lb) == keep);
	size_t from = keep ? lg->starts[lg->n - keep] : lg->text.len;
	size_t len;
	char *raw = logbuf_raw_text(lb, &len);
	check(len == lg->text.len - from);
	check(memcmp(raw, lg->text.buf + from, len) == 0);
	free(raw);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	struct logbuf *lb = logbuf_new(1 + data[0] % 16);
	struct log lg = {STRBUF_INIT, NULL, 0, 0, false};
	strbuf_puts(&lg.text, "");
	size_t stored_end = 0; /* log lines the store had seen at the last sync */
	bool synced = true;
	uint64_t seq = 0;
	size_t i = 1;

	while (i < size) {
		uint8_t op = data[i++];
		size_t arg = op >> 3;
		switch (op & 7) {
		case 0: /* new lines, each with a few bytes of payload */
		case 1:
			for (size_t k = 0; k <= arg % 4; k++) {
				if (lg.open)
					strbuf_putc(&lg.text, '\n');
				log_new_line(&lg);
				size_t take = i < size ? data[i++] % 8 : 0;
				take = take < size - i ? take : size - i;
				log_put(&lg, data + i, take);
				i += take;
				strbuf_putc(&lg.text, '\n');
				lg.open = false;
			}
			break;
		case 2: /* an unfinished line, or more of one */
			if (!lg.open) {
				if (lg.n && lg.text.len && lg.text.buf[lg.text.len - 1] != '\n')
					strbuf_putc(&lg.text, '\n');
				log_new_line(&lg);
			}
			{
				size_t take = arg % 6 < size - i ? arg % 6 : size - i;
				log_put(&lg, data + i, take);
				i += take;
			}
			break;
		case 3: /* finish the unfinished line */
			if (lg.open) {
				strbuf_putc(&lg.text, '\n');
				lg.open = false;
			}
			break;
		case 4: /* poll a tail of N lines */
		case 5: {
			size_t want = 1 + arg, m = want < lg.n ? want : lg.n;
			if (!m)
				break;
			size_t from = lg.starts[lg.n - m];
			bool reaches = lg.n - m + 1 <= stored_end && stored_end > 0;
			bool whole = m < want;
			enum logbuf_merge_result r = logbuf_merge_tail(lb, lg.text.buf + from, lg.text.len - from, want);
			if (whole || (synced && reaches)) {
				check(r != LOGBUF_GAP);
				synced = true;
				check_oracle(lb, &lg);
			} else {
				synced = false;
			}
			stored_end = lg.n;
			break;
		}
		case 6: /* fetch the whole log */
			if (lg.text.len) {
				logbuf_merge(lb, lg.text.buf, lg.text.len, true);
				synced = true;
				check_oracle(lb, &lg);
				stored_end = lg.n;
			}
			break;
		case 7: /* search, or a raw poll of arbitrary bytes */
			if (arg & 1) {
				char q[4] = {0};
				size_t take = arg % 4 < size - i ? arg % 4 : size - i;
				memcpy(q, data + i, take);
				i += take;
				logbuf_search(lb, q, arg & 2);
			} else {
				size_t take = arg < size - i ? arg : size - i;
				logbuf_merge(lb, (const char *)data + i, take, arg & 2);
				i += take;
				synced = false;
				stored_end = 0;
			}
			break;
		}
		check_invariants(lb, &seq);
	}
	free(lg.starts);
	strbuf_free(&lg.text);
	logbuf_free(lb);
	return 0;
}
