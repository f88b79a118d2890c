/* The log store: text blocks, the per-line index, the scrollback cap and
 * merging polled text. Search and the error index are in logbuf_search.c. */
#include "logbuf.h"

#include "logbuf_priv.h"
#include "logline.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Text lives in blocks of BLOCK_SIZE; a line never spans blocks. A line of
 * BIG_LINE or more that does not fit the open block gets a block of its
 * own, so big lines cost at most BLOCK_SIZE/8 of slack per block, never a
 * half-empty megabyte. */
#define BLOCK_SIZE ((size_t)1 << 20)
#define BIG_LINE (BLOCK_SIZE / 8)
#define FIRST_BLOCK ((size_t)64 << 10)

#define F_PUBLIC (LOGBUF_ERROR | LOGBUF_MARKER | LOGBUF_PARTIAL | LOGBUF_MATCH)

static const char marker_text[] = "\xe2\x80\xa6 lines may be missing between polls";

/* ---- storage ------------------------------------------------------------------ */

struct logbuf *logbuf_new(size_t max_lines)
{
	struct logbuf *lb = xcalloc(1, sizeof(*lb));
	lb->max_lines = max_lines ? max_lines : LOGBUF_DEFAULT_MAX_LINES;
	lb->cur = NO_BLOCK;
	lb->next_block = FIRST_BLOCK;
	lb->scratch = (struct san_buf)SAN_BUF_INIT;
	lb->shown = (struct strbuf)STRBUF_INIT;
	return lb;
}

void logbuf_free(struct logbuf *lb)
{
	if (!lb)
		return;
	for (size_t i = 0; i < lb->nblocks; i++)
		free(lb->blocks[i].data);
	free(lb->blocks);
	free(lb->lines);
	free(lb->query);
	sanitize_needle_free(&lb->needle);
	seqs_free(&lb->matches);
	seqs_free(&lb->errors);
	san_buf_free(&lb->scratch);
	strbuf_free(&lb->shown);
	free(lb->tail);
	free(lb->pi);
	free(lb->ends);
	free(lb);
}

/* A free block slot, for the caller to fill. */
static uint32_t block_slot(struct logbuf *lb)
{
	for (size_t slot = 0; lb->blocks && slot < lb->nblocks; slot++)
		if (!lb->blocks[slot].data)
			return (uint32_t)slot;
	lb->blocks = xreallocarray(lb->blocks, lb->nblocks + 1, sizeof(*lb->blocks));
	return (uint32_t)lb->nblocks++;
}

static uint32_t block_new(struct logbuf *lb, size_t size)
{
	uint32_t slot = block_slot(lb);
	lb->blocks[slot] = (struct lb_block){xmalloc(size), size, 0, 0};
	return slot;
}

/* Gives up l's bytes; the last line of a block is rewound so a replaced
 * provisional line does not leave its old text behind. */
static void line_release(struct logbuf *lb, const struct lb_line *l, bool at_end)
{
	lb->bytes -= line_len(l);
	if (l->block == NO_BLOCK)
		return;
	struct lb_block *b = &lb->blocks[l->block];
	if (at_end && l->off + line_len(l) == b->used)
		b->used = l->off;
	if (--b->live)
		return;
	if (l->block == lb->cur) {
		b->used = 0;
	} else {
		free(b->data);
		*b = (struct lb_block){NULL, 0, 0, 0};
	}
}

static void drop_front(struct logbuf *lb)
{
	seqs_drop_front(&lb->matches, lb->first_seq);
	seqs_drop_front(&lb->errors, lb->first_seq);
	line_release(lb, &lb->lines[lb->head], false);
	lb->head++;
	lb->count--;
	lb->first_seq++;
	if (lb->scan_seq < lb->first_seq)
		lb->scan_seq = lb->first_seq;
	lb->dropped++;
	lb->log_first++;
}

static void pop_back(struct logbuf *lb)
{
	uint64_t seq = lb->first_seq + lb->count - 1;
	seqs_drop_back(&lb->matches, seq);
	seqs_drop_back(&lb->errors, seq);
	line_release(lb, &lb->lines[lb->head + lb->count - 1], true);
	lb->count--;
	if (lb->scan_seq > seq)
		lb->scan_seq = seq;
}

static struct lb_line *line_slot(struct logbuf *lb)
{
	if (lb->head + lb->count == lb->cap) {
		/* Grow, up to a quarter more than the cap; beyond that slide
		 * the window back to the start of the array. */
		size_t limit = lb->max_lines + lb->max_lines / 4 + 1024;
		if (lb->head && (lb->cap >= limit || lb->head >= lb->count / 2)) {
			memmove(lb->lines, lb->lines + lb->head, lb->count * sizeof(*lb->lines));
			lb->head = 0;
		} else {
			size_t cap = lb->cap ? lb->cap + lb->cap / 2 : 1024;
			if (cap > limit)
				cap = limit > lb->cap ? limit : lb->cap + 1024;
			lb->lines = xreallocarray(lb->lines, cap, sizeof(*lb->lines));
			lb->cap = cap;
		}
	}
	return &lb->lines[lb->head + lb->count];
}

/* Indexes a line whose bytes are in place: block bi at off (NO_BLOCK for
 * an empty line). fact: what the worker found out about it already, or
 * NULL to find it out here. */
static void index_line(struct logbuf *lb, uint32_t bi, size_t off, const char *s, size_t len, uint64_t hash,
		       bool plain, unsigned flags, const struct logtext_fact *fact)
{
	struct lb_line *l = line_slot(lb);
	if (bi != NO_BLOCK)
		lb->blocks[bi].live++;
	l->off = (uint32_t)off;
	l->block = bi;
	l->hash = hash;
	l->len_lo = (uint32_t)len;
	l->len_hi = (uint8_t)((uint64_t)len >> 32);
	l->spare = 0;
	if (fact) {
		l->msg_off = fact->msg_off;
		if (fact->error)
			flags |= LOGBUF_ERROR;
	} else {
		size_t ts = flags & LOGBUF_MARKER ? 0 : logline_ts_prefix(s, len);
		l->msg_off = (uint8_t)ts;
		if (!(flags & LOGBUF_MARKER) && logline_is_error(s + ts, len - ts))
			flags |= LOGBUF_ERROR;
	}
	if (plain)
		flags |= F_PLAIN;
	l->flags = (uint8_t)flags;
	uint64_t seq = lb->first_seq + lb->count;
	lb->count++;
	lb->bytes += len;
	if (flags & LOGBUF_ERROR)
		seqs_push(&lb->errors, seq);
	if (lb->query && lb->scan_seq == seq) {
		/* the search is done up to here: keep it current (else its
		 * scan reaches this line in turn) */
		lb->scan_seq++;
		if (logbuf_line_matches(lb, l)) {
			l->flags |= LOGBUF_MATCH;
			seqs_push(&lb->matches, seq);
		}
	}
	while (lb->count > lb->max_lines)
		drop_front(lb);
}

static void append_line(struct logbuf *lb, const char *s, size_t len, uint64_t hash, bool plain, unsigned flags)
{
	uint32_t bi = NO_BLOCK;
	size_t off = 0;
	if (len) {
		struct lb_block *cur = lb->cur == NO_BLOCK ? NULL : &lb->blocks[lb->cur];
		if (cur && cur->size - cur->used >= len) {
			bi = lb->cur;
		} else if (len >= BIG_LINE) {
			bi = block_new(lb, len);
		} else {
			size_t size = lb->next_block > len ? lb->next_block : len;
			bi = lb->cur = block_new(lb, size);
			if (lb->next_block < BLOCK_SIZE)
				lb->next_block *= 2;
		}
		struct lb_block *b = &lb->blocks[bi];
		memcpy(b->data + b->used, s, len);
		off = b->used;
		b->used += len;
		s = b->data + off;
	}
	index_line(lb, bi, off, s, len, hash, plain, flags, NULL);
}

static void append_text(struct logbuf *lb, const char *s, size_t len, bool partial)
{
	bool plain;
	uint64_t h = logtext_hash(s, len, &plain);
	append_line(lb, s, len, h, plain, partial ? LOGBUF_PARTIAL : 0);
}

void logbuf_clear(struct logbuf *lb)
{
	for (size_t i = 0; i < lb->nblocks; i++)
		free(lb->blocks[i].data);
	free(lb->blocks);
	lb->blocks = NULL;
	lb->nblocks = 0;
	lb->cur = NO_BLOCK;
	lb->next_block = FIRST_BLOCK;
	lb->first_seq += lb->count;
	lb->scan_seq = lb->first_seq;
	lb->head = lb->count = 0;
	lb->dropped = lb->bytes = 0;
	seqs_clear(&lb->matches);
	seqs_clear(&lb->errors);
	lb->aligned = false;
	lb->log_first = 0;
}

void logbuf_set_max_lines(struct logbuf *lb, size_t max_lines)
{
	lb->max_lines = max_lines ? max_lines : LOGBUF_DEFAULT_MAX_LINES;
	while (lb->count > lb->max_lines)
		drop_front(lb);
}

/* ---- merging -------------------------------------------------------------------- */

/* Takes the chunks of t over as blocks, their lines indexed where they
 * are: a big first load is not copied. t is left empty. */
static void adopt_all(struct logbuf *lb, struct logtext *t)
{
	size_t k = 0; /* the line's place in t->facts */
	for (size_t i = 0; i < t->n; i++) {
		struct logtext_chunk *c = &t->chunks[i];
		uint32_t bi = block_slot(lb);
		lb->blocks[bi] = (struct lb_block){c->data, c->cap, c->len, 0};
		c->data = NULL;
		const char *data = lb->blocks[bi].data;
		/* held while its lines are indexed: the cap may drop them all
		 * before the last one (an empty line is in no block) */
		lb->blocks[bi].live++;
		for (size_t off = 0; off < c->len;) {
			const char *nl = memchr(data + off, '\n', c->len - off);
			size_t n = nl ? (size_t)(nl - (data + off)) : c->len - off;
			/* facts for every line the text finished */
			const struct logtext_fact *f = t->facts && k < t->lines ? &t->facts[k] : NULL;
			bool plain = f && f->plain;
			uint64_t h = f ? f->hash : logtext_hash(data + off, n, &plain);
			index_line(lb, n ? bi : NO_BLOCK, off, data + off, n, h, plain, nl ? 0 : LOGBUF_PARTIAL, f);
			k++;
			off += n + (nl != NULL);
		}
		/* only empty lines, or every line dropped by the cap already */
		if (--lb->blocks[bi].live == 0) {
			free(lb->blocks[bi].data);
			lb->blocks[bi] = (struct lb_block){NULL, 0, 0, 0};
		}
	}
	logtext_reset(t);
}

static void load_all(struct logbuf *lb, struct logtext *t)
{
	if (!t->view) {
		adopt_all(lb, t);
		return;
	}
	struct logtext_pos pos = LOGTEXT_POS_INIT;
	size_t n;
	const char *s;
	bool partial;
	while (logtext_next_line(t, &pos, &s, &n, &partial))
		append_text(lb, s, n, partial);
}

static bool same_line(const struct logbuf *lb, const struct lb_line *l, const char *s, size_t n)
{
	return !(l->flags & LOGBUF_MARKER) && line_len(l) == n && memcmp(line_text(lb, l), s, n) == 0;
}

/* The provisional last line p is the start of s. */
static bool grows_into(const struct logbuf *lb, const struct lb_line *p, const char *s, size_t n)
{
	return line_len(p) <= n && memcmp(line_text(lb, p), s, line_len(p)) == 0;
}

/* The stored last line corresponds to (s, n, partial): bring it up to date.
 * Returns whether anything changed. */
static bool update_last(struct logbuf *lb, const char *s, size_t n, bool partial)
{
	struct lb_line *last = &lb->lines[lb->head + lb->count - 1];
	if (line_len(last) != n) {
		pop_back(lb);
		append_text(lb, s, n, partial);
		return true;
	}
	if (!!(last->flags & LOGBUF_PARTIAL) == partial)
		return false;
	last->flags ^= LOGBUF_PARTIAL;
	return true;
}

static enum logbuf_merge_result reload(struct logbuf *lb, struct logtext *t)
{
	logbuf_clear(lb);
	load_all(lb, t);
	lb->aligned = true;
	return LOGBUF_RESET;
}

/* Whole log: the stored lines must sit at their absolute place in it. */
static enum logbuf_merge_result merge_complete(struct logbuf *lb, struct logtext *t)
{
	struct logtext_pos pos = LOGTEXT_POS_INIT;
	size_t n;
	const char *s;
	bool partial, changed = false;

	if (!lb->aligned)
		return reload(lb, t);
	for (size_t i = 0; i < lb->log_first; i++)
		if (!logtext_next_line(t, &pos, &s, &n, &partial))
			return reload(lb, t);
	for (size_t j = 0; j < lb->count; j++) {
		const struct lb_line *l = &lb->lines[lb->head + j];
		if (!logtext_next_line(t, &pos, &s, &n, &partial))
			return reload(lb, t);
		if (j + 1 < lb->count) {
			if (!same_line(lb, l, s, n))
				return reload(lb, t);
			continue;
		}
		if ((l->flags & LOGBUF_PARTIAL) ? !grows_into(lb, l, s, n) : !same_line(lb, l, s, n))
			return reload(lb, t);
		changed = update_last(lb, s, n, partial);
	}
	while (logtext_next_line(t, &pos, &s, &n, &partial)) {
		append_text(lb, s, n, partial);
		changed = true;
	}
	return changed ? LOGBUF_APPENDED : LOGBUF_UNCHANGED;
}

/* Whether the stored lines line up with the tail so that the exact part
 * (the first ne stored lines of the suffix; all of them, or all but the
 * provisional last one) ends right before tail line e: the last
 * min(ne, e) of them equal t[e - min(ne, e) .. e), byte for byte. The
 * provisional line must then be the start of t[e]; without one, e ≥ 1. */
static bool aligned_at(const struct logbuf *lb, size_t ne, size_t e, bool prov)
{
	const struct tline *t = lb->tail;
	size_t k = ne < e ? ne : e;
	for (size_t i = 0; i < k; i++)
		if (!same_line(lb, &lb->lines[lb->head + ne - k + i], t[e - k + i].p, t[e - k + i].len))
			return false;
	if (prov)
		return grows_into(lb, &lb->lines[lb->head + ne], t[e].p, t[e].len);
	return e > 0;
}

static size_t *scratch_sizes(size_t **buf, size_t *cap, size_t n)
{
	if (n > *cap) {
		*cap = n;
		*buf = xreallocarray(*buf, n, sizeof(**buf));
	}
	return *buf;
}

/* KMP failure function of a sequence of hashes given by get(i). */
#define FAILURE(pi, n, get)                                                                                          \
	do {                                                                                                         \
		if (n)                                                                                               \
			(pi)[0] = 0;                                                                                 \
		for (size_t i_ = 1, k_ = 0; i_ < (n); i_++) {                                                        \
			while (k_ && get(i_) != get(k_))                                                             \
				k_ = (pi)[k_ - 1];                                                                   \
			if (get(i_) == get(k_))                                                                      \
				k_++;                                                                                \
			(pi)[i_] = k_;                                                                               \
		}                                                                                                    \
	} while (0)

/* Where the tail continues the store: the largest e (0 ≤ e ≤ M, M = m - 1
 * with a provisional line, else m) with aligned_at(e), or SIZE_MAX. The
 * largest e appends the fewest lines when lines repeat. Two cases:
 * the tail reaches back past the stored lines (e > ne: they occur whole
 * inside it), or it starts among them (e ≤ ne: a suffix of the store is a
 * prefix of the tail). Both are found with KMP over the line hashes, and
 * every candidate is confirmed by bytes, longest first, so a hash
 * collision can cost time but never lines. */
static size_t find_alignment(struct logbuf *lb, size_t m, size_t ne, bool prov)
{
	const struct tline *t = lb->tail;
	const struct lb_line *x = lb->lines + lb->head;
	size_t M = prov ? m - 1 : m;
	/* When the store knows where it sits in the server's log, a tail
	 * cannot reach back before line 0: the exact part ends at most
	 * log_first + ne lines into it. */
	if (lb->aligned && M > lb->log_first + ne)
		M = lb->log_first + ne;

	if (ne < M) {
		if (ne == 0) {
			for (size_t e = M; e > 0; e--)
				if (aligned_at(lb, ne, e, prov))
					return e;
		} else {
			size_t *pi = scratch_sizes(&lb->pi, &lb->pi_cap, ne);
			size_t *ends = scratch_sizes(&lb->ends, &lb->ends_cap, M);
			size_t nends = 0, q = 0;
#define X_HASH(i) (x[i].hash)
			FAILURE(pi, ne, X_HASH);
#undef X_HASH
			for (size_t i = 0; i < M; i++) {
				while (q && (q == ne || x[q].hash != t[i].hash))
					q = pi[q - 1];
				if (q < ne && x[q].hash == t[i].hash && ++q == ne && i + 1 > ne)
					ends[nends++] = i + 1;
			}
			while (nends--)
				if (aligned_at(lb, ne, ends[nends], prov))
					return ends[nends];
		}
	}

	size_t L = ne < M ? ne : M, q = 0;
	size_t *pi = scratch_sizes(&lb->pi, &lb->pi_cap, M);
#define T_HASH(i) (t[i].hash)
	FAILURE(pi, M, T_HASH);
#undef T_HASH
	for (size_t i = ne - L; i < ne; i++) {
		uint64_t h = x[i].hash;
		while (q && (q == M || t[q].hash != h))
			q = pi[q - 1];
		if (q < M && t[q].hash == h)
			q++;
	}
	for (;;) {
		if (aligned_at(lb, ne, q, prov))
			return q;
		if (q == 0)
			return SIZE_MAX;
		q = pi[q - 1];
	}
}

static enum logbuf_merge_result merge_tail(struct logbuf *lb, struct logtext *text)
{
	struct logtext_pos pos = LOGTEXT_POS_INIT;
	size_t m = 0, n;
	const char *s;
	bool partial = false, plast = false;

	if (lb->count == 0) {
		load_all(lb, text);
		lb->aligned = false;
		return LOGBUF_APPENDED;
	}
	while (logtext_next_line(text, &pos, &s, &n, &partial)) {
		if (m == lb->tail_cap) {
			lb->tail_cap = lb->tail_cap ? lb->tail_cap * 2 : 256;
			lb->tail = xreallocarray(lb->tail, lb->tail_cap, sizeof(*lb->tail));
		}
		lb->tail[m].p = s;
		lb->tail[m].len = n;
		lb->tail[m].hash = logtext_hash(s, n, &lb->tail[m].plain);
		m++;
		plast = partial;
	}
	const struct tline *t = lb->tail;

	bool prov = lb->lines[lb->head + lb->count - 1].flags & LOGBUF_PARTIAL;
	size_t q = find_alignment(lb, m, prov ? lb->count - 1 : lb->count, prov);

	bool changed = false;
	size_t next;
	if (q == SIZE_MAX) {
		/* No overlap: keep the provisional line as it was, mark the
		 * place, and take the whole tail. */
		if (prov)
			lb->lines[lb->head + lb->count - 1].flags &= (uint8_t)~LOGBUF_PARTIAL;
		bool plain;
		uint64_t h = logtext_hash(marker_text, sizeof(marker_text) - 1, &plain);
		append_line(lb, marker_text, sizeof(marker_text) - 1, h, false, LOGBUF_MARKER);
		lb->aligned = false;
		next = 0;
	} else if (prov) {
		changed = update_last(lb, t[q].p, t[q].len, q + 1 == m && plast);
		next = q + 1;
	} else {
		if (q == m)
			changed = update_last(lb, t[q - 1].p, t[q - 1].len, plast);
		next = q;
	}
	for (size_t i = next; i < m; i++) {
		append_line(lb, t[i].p, t[i].len, t[i].hash, t[i].plain, i + 1 == m && plast ? LOGBUF_PARTIAL : 0);
		changed = true;
	}
	if (q == SIZE_MAX)
		return LOGBUF_GAP;
	return changed ? LOGBUF_APPENDED : LOGBUF_UNCHANGED;
}

static enum logbuf_merge_result merge(struct logbuf *lb, struct logtext *t, bool complete)
{
	if (!t->bytes)
		return LOGBUF_UNCHANGED;
	if (lb->count == 0 && complete) {
		logbuf_clear(lb);
		load_all(lb, t);
		lb->aligned = true;
		return LOGBUF_APPENDED;
	}
	return complete ? merge_complete(lb, t) : merge_tail(lb, t);
}

enum logbuf_merge_result logbuf_merge(struct logbuf *lb, const char *text, size_t len, bool complete)
{
	struct logtext t;
	logtext_view(&t, text, len);
	return merge(lb, &t, complete);
}

enum logbuf_merge_result logbuf_merge_text(struct logbuf *lb, struct logtext *t, size_t tail_lines)
{
	return merge(lb, t, tail_lines == 0 || t->lines < tail_lines);
}

enum logbuf_merge_result logbuf_merge_tail(struct logbuf *lb, const char *text, size_t len, size_t tail_lines)
{
	struct logtext t;
	logtext_view(&t, text, len);
	return logbuf_merge_text(lb, &t, tail_lines);
}

/* ---- access ----------------------------------------------------------------------- */

size_t logbuf_count(const struct logbuf *lb)
{
	return lb->count;
}

uint64_t logbuf_first_seq(const struct logbuf *lb)
{
	return lb->first_seq;
}

size_t logbuf_dropped(const struct logbuf *lb)
{
	return lb->dropped;
}

size_t logbuf_max_lines(const struct logbuf *lb)
{
	return lb->max_lines;
}

size_t logbuf_text_bytes(const struct logbuf *lb)
{
	return lb->bytes;
}

size_t logbuf_mem_bytes(const struct logbuf *lb)
{
	size_t total = sizeof(*lb) + lb->cap * sizeof(*lb->lines) + lb->nblocks * sizeof(*lb->blocks) +
		       lb->tail_cap * sizeof(*lb->tail) + (lb->pi_cap + lb->ends_cap) * sizeof(size_t) + lb->scratch.cap + lb->shown.cap +
		       lb->scratch.spans_cap * sizeof(struct san_span) + lb->needle.len + (lb->matches.cap + lb->errors.cap) * sizeof(uint64_t);
	for (size_t i = 0; i < lb->nblocks; i++)
		total += lb->blocks[i].size;
	return total;
}

bool logbuf_line(const struct logbuf *lb, size_t i, struct logbuf_line *out)
{
	if (i >= lb->count)
		return false;
	const struct lb_line *l = &lb->lines[lb->head + i];
	out->text = line_text(lb, l);
	out->len = line_len(l);
	out->msg_off = l->msg_off;
	out->flags = l->flags & F_PUBLIC;
	return true;
}

unsigned logbuf_line_flags(const struct logbuf *lb, size_t i)
{
	return i < lb->count ? lb->lines[lb->head + i].flags & F_PUBLIC : 0;
}

size_t logbuf_display(const struct logbuf *lb, size_t i, bool show_ts, struct san_buf *out)
{
	if (i >= lb->count) {
		sanitize(out, "", 0, 0);
		return 0;
	}
	struct strbuf tmp = STRBUF_INIT;
	size_t len, ts_len;
	const char *t = lb_shown(lb, &lb->lines[lb->head + i], show_ts, &tmp, &len, &ts_len);
	sanitize(out, t, len, 0);
	strbuf_free(&tmp);
	return ts_len;
}

/* ---- raw text ------------------------------------------------------------------------------ */

int logbuf_write_raw(const struct logbuf *lb, int (*fn)(void *ctx, const char *data, size_t len), void *ctx)
{
	bool any = false, last_partial = false;
	int rc;
	for (size_t i = 0; i < lb->count; i++) {
		const struct lb_line *l = &lb->lines[lb->head + i];
		if (l->flags & LOGBUF_MARKER)
			continue;
		if (any && (rc = fn(ctx, "\n", 1)))
			return rc;
		if (line_len(l) && (rc = fn(ctx, line_text(lb, l), line_len(l))))
			return rc;
		any = true;
		last_partial = l->flags & LOGBUF_PARTIAL;
	}
	if (any && !last_partial)
		return fn(ctx, "\n", 1);
	return 0;
}

struct raw_sink {
	char *buf;
	size_t len;
};

static int raw_copy(void *ctx, const char *data, size_t len)
{
	struct raw_sink *sink = ctx;
	memcpy(sink->buf + sink->len, data, len);
	sink->len += len;
	return 0;
}

char *logbuf_raw_text(const struct logbuf *lb, size_t *len)
{
	size_t total = 1;
	for (size_t i = 0; i < lb->count; i++)
		total += line_len(&lb->lines[lb->head + i]) + 1;
	struct raw_sink sink = {xmalloc(total), 0};
	logbuf_write_raw(lb, raw_copy, &sink);
	sink.buf[sink.len] = '\0';
	if (len)
		*len = sink.len;
	return sink.buf;
}
