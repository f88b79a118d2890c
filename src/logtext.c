/* A log's decoded text in chunks of whole lines; see logtext.h. */
#include "logtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logline.h"
#include "util.h"

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static inline uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

uint64_t logtext_hash(const char *s, size_t n, bool *plain)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)n * 0xff51afd7ed558ccdULL);
	uint64_t bad = 0;
	size_t i = 0;
	for (; n - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		bad |= ((w - 0x20 * ONES) & ~w) | (w + ONES) | w;
		h = rotl(h ^ (w * 0x87c37b91114253d5ULL), 31) * 0x4cf5ad432745937fULL;
	}
	if (i < n) {
		uint64_t w = 0;
		for (size_t k = 0; i + k < n; k++) {
			w |= (uint64_t)p[i + k] << (8 * k);
			bad |= (p[i + k] < 0x20 || p[i + k] >= 0x7f) ? HIGHS : 0;
		}
		h = rotl(h ^ (w * 0x87c37b91114253d5ULL), 31) * 0x4cf5ad432745937fULL;
	}
	*plain = (bad & HIGHS) == 0;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return h;
}

struct logtext *logtext_new(size_t line_max)
{
	struct logtext *t = xcalloc(1, sizeof(*t));
	t->line_max = line_max;
	return t;
}

static void chunks_free(struct logtext *t)
{
	if (t->view)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->chunks[i].data);
	free(t->chunks);
	free(t->facts);
}

void logtext_free(struct logtext *t)
{
	if (!t)
		return;
	chunks_free(t);
	free(t);
}

void logtext_reset(struct logtext *t)
{
	size_t line_max = t->line_max;
	chunks_free(t);
	memset(t, 0, sizeof(*t));
	t->line_max = line_max;
}

void logtext_view(struct logtext *t, const char *text, size_t len)
{
	memset(t, 0, sizeof(*t));
	t->view = true;
	t->one = (struct logtext_chunk){(char *)text, len, len};
	t->chunks = &t->one;
	t->n = len ? 1 : 0;
	t->bytes = len;
	for (const char *p = text, *end = text + len; p < end; t->lines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
}

static struct logtext_chunk *chunk_add(struct logtext *t, size_t cap)
{
	if (t->n == t->cap || !t->chunks) {
		t->cap = t->n + (t->n ? t->n : 16);
		t->chunks = xreallocarray(t->chunks, t->cap, sizeof(*t->chunks));
	}
	struct logtext_chunk *c = &t->chunks[t->n++];
	*c = (struct logtext_chunk){xmalloc(cap), 0, cap};
	return c;
}

/* Gives back what a chunk will never use: at most an eighth of a chunk
 * stays unused, as in the log store's blocks. */
static void trim(struct logtext_chunk *c)
{
	if (c->cap - c->len > LOGTEXT_CHUNK / 8) {
		c->data = xrealloc(c->data, c->len ? c->len : 1);
		c->cap = c->len;
	}
}

/* The chunk the open line continues in, with room for n more bytes: a
 * full chunk hands its open line over to a new one, unless that line is
 * all it holds, then it grows. */
static struct logtext_chunk *room(struct logtext *t, size_t n)
{
	struct logtext_chunk *c = t->n ? &t->chunks[t->n - 1] : NULL;
	if (!c || (t->big && t->line_start == c->len)) {
		if (c)
			trim(c);
		t->big = false;
		t->line_start = 0;
		return chunk_add(t, n > LOGTEXT_CHUNK ? n : LOGTEXT_CHUNK);
	}
	if (c->cap - c->len >= n)
		return c;
	if (t->line_start == 0) {
		size_t cap = c->cap * 2 > c->len + n ? c->cap * 2 : c->len + n;
		c->data = xrealloc(c->data, cap);
		c->cap = cap;
		t->big = true;
		return c;
	}
	size_t open = c->len - t->line_start;
	size_t cap = open + n > LOGTEXT_CHUNK ? open + n : LOGTEXT_CHUNK;
	struct logtext_chunk *d = chunk_add(t, cap);
	c = &t->chunks[t->n - 2];
	memcpy(d->data, c->data + t->line_start, open);
	d->len = open;
	c->len = t->line_start;
	trim(c);
	t->line_start = 0;
	return d;
}

static void store(struct logtext *t, const char *p, size_t n)
{
	if (!n)
		return;
	struct logtext_chunk *c = room(t, n);
	memcpy(c->data + c->len, p, n);
	c->len += n;
	t->bytes += n;
}

/* n more bytes of the open line (no '\n' among them). */
static void line_add(struct logtext *t, const char *p, size_t n)
{
	if (t->cutting || !n) {
		t->line_len += n;
		return;
	}
	if (!t->line_max || t->line_len + n <= t->line_max) {
		store(t, p, n);
		t->line_len += n;
		return;
	}
	/* Over line_max: keep line_max bytes, back to the lead byte of a
	 * character cut in two (the first byte left out decides). */
	size_t take = t->line_max - t->line_len;
	store(t, p, take);
	struct logtext_chunk *c = &t->chunks[t->n - 1];
	const unsigned char *kept = (const unsigned char *)c->data + t->line_start;
	size_t keep = t->line_max;
	unsigned char next = (unsigned char)p[take];
	while (keep > 0 && (next & 0xC0) == 0x80)
		next = kept[--keep];
	t->bytes -= t->line_max - keep;
	c->len = t->line_start + keep;
	t->line_kept = keep;
	t->cutting = true;
	t->line_len += n;
}

/* The facts of the line just completed: the bytes of the last chunk
 * from line_start, without its '\n'. */
static void learn(struct logtext *t, bool newline)
{
	if (t->lines == t->facts_cap) {
		t->facts_cap = t->facts_cap ? t->facts_cap * 2 : 1024;
		t->facts = xreallocarray(t->facts, t->facts_cap, sizeof(*t->facts));
	}
	struct logtext_fact *f = &t->facts[t->lines];
	const char *s = "";
	size_t n = 0;
	if (t->n) {
		const struct logtext_chunk *c = &t->chunks[t->n - 1];
		s = c->data + t->line_start;
		n = c->len - t->line_start - (newline ? 1 : 0);
	}
	f->hash = logtext_hash(s, n, &f->plain);
	size_t ts = logline_ts_prefix(s, n);
	f->msg_off = (uint8_t)ts;
	f->error = logline_is_error(s + ts, n - ts);
}

static void line_end(struct logtext *t, bool newline)
{
	if (t->cutting) {
		char mark[80];
		int m = snprintf(mark, sizeof mark, " [\u2026 %zu more bytes: save the log to read them]",
				 t->line_len - t->line_kept);
		store(t, mark, (size_t)m);
		t->cut++;
		t->cutting = false;
	}
	if (newline)
		store(t, "\n", 1);
	learn(t, newline);
	t->lines++;
	t->line_len = 0;
	if (t->n)
		t->line_start = t->chunks[t->n - 1].len;
}

void logtext_append(struct logtext *t, const char *data, size_t len)
{
	while (len) {
		const char *nl = memchr(data, '\n', len);
		size_t seg = nl ? (size_t)(nl - data) : len;
		line_add(t, data, seg);
		if (!nl)
			return;
		line_end(t, true);
		data += seg + 1;
		len -= seg + 1;
	}
}

void logtext_finish(struct logtext *t)
{
	if (t->line_len)
		line_end(t, false);
	if (t->n)
		trim(&t->chunks[t->n - 1]);
}

bool logtext_next_line(const struct logtext *t, struct logtext_pos *pos, const char **s, size_t *n, bool *partial)
{
	while (pos->chunk < t->n) {
		const struct logtext_chunk *c = &t->chunks[pos->chunk];
		if (pos->off >= c->len) {
			pos->chunk++;
			pos->off = 0;
			continue;
		}
		const char *p = c->data + pos->off;
		size_t rest = c->len - pos->off;
		const char *nl = memchr(p, '\n', rest);
		*s = p;
		*partial = nl == NULL;
		*n = nl ? (size_t)(nl - p) : rest;
		pos->off += *n + (nl != NULL);
		return true;
	}
	return false;
}
