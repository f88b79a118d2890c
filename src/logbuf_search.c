/* The log store's search and error indexes: the active query, the
 * sorted sets of matching and error lines, and stepping through them. The
 * store (logbuf.c) keeps the sets in step as lines arrive and go, and
 * shows a line as the search reads it (lb_shown): the store depends on
 * this file, never the other way. */
#include "logbuf.h"

#include "logbuf_priv.h"
#include "logline.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const char *lb_shown(const struct logbuf *lb, const struct lb_line *l, bool show_ts, struct strbuf *tmp, size_t *len,
		     size_t *ts_len)
{
	const char *t = line_text(lb, l);
	size_t n = line_len(l), off = l->msg_off;
	*ts_len = 0;
	/* The K8s timestamp is hidden only where VDK's own one follows: a
	 * line is never left without its time. */
	if (!off || (!show_ts && logline_has_own_ts(t + off, n - off))) {
		*len = n - off;
		return t + off;
	}
	char pre[LOGLINE_TS_PADDED_MAX];
	size_t pn = logline_ts_pad(t, off, pre);
	strbuf_reset(tmp);
	strbuf_append(tmp, pre, pn);
	strbuf_append(tmp, t + off, n - off);
	*len = tmp->len;
	*ts_len = pn - 1; /* the prefix ends with its space */
	return tmp->buf;
}

bool logbuf_line_matches(struct logbuf *lb, const struct lb_line *l)
{
	if (l->flags & LOGBUF_MARKER)
		return false;
	size_t len, ts_len;
	/* What logbuf_display shows: the K8s timestamp only where no own one
	 * follows, its fraction padded. */
	const char *t = lb_shown(lb, l, lb->q_show_ts, &lb->shown, &len, &ts_len);
	if (l->flags & F_PLAIN)
		return sanitize_find(&lb->needle, t, len) != NULL;
	sanitize(&lb->scratch, t, len, SAN_NO_SPANS);
	return sanitize_find(&lb->needle, lb->scratch.text, lb->scratch.len) != NULL;
}

/* ---- line sets ---------------------------------------------------------------- */

void seqs_push(struct seqs *s, uint64_t seq)
{
	if (s->head + s->n == s->cap) {
		if (s->head > s->n) {
			/* mostly dropped from the front: slide down */
			memmove(s->v, s->v + s->head, s->n * sizeof(*s->v));
			s->head = 0;
		} else {
			s->cap = s->cap ? s->cap * 2 : 64;
			s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
		}
	}
	s->v[s->head + s->n++] = seq;
}

void seqs_drop_front(struct seqs *s, uint64_t seq)
{
	if (s->n && s->v[s->head] == seq) {
		s->head++;
		if (--s->n == 0)
			s->head = 0;
	}
}

void seqs_drop_back(struct seqs *s, uint64_t seq)
{
	if (s->n && s->v[s->head + s->n - 1] == seq)
		s->n--;
}

void seqs_clear(struct seqs *s)
{
	s->head = s->n = 0;
}

void seqs_free(struct seqs *s)
{
	free(s->v);
	*s = (struct seqs){NULL, 0, 0, 0};
}

/* Index of the first element >= seq (n when none). */
static size_t seqs_lower(const struct seqs *s, uint64_t seq)
{
	size_t lo = 0, hi = s->n;
	const uint64_t *v = s->v + s->head;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The next (dir > 0) or previous element after/before line index from,
 * wrapping around; from out of range starts at the matching end. */
static bool seqs_next(const struct logbuf *lb, const struct seqs *s, size_t from, int dir, size_t *out)
{
	if (!s->n || !lb->count)
		return false;
	size_t f = from < lb->count ? from : dir > 0 ? lb->count - 1 : 0;
	uint64_t seq = lb->first_seq + f;
	size_t k;
	if (dir > 0) {
		k = seqs_lower(s, seq + 1);
		if (k == s->n)
			k = 0;
	} else {
		k = seqs_lower(s, seq);
		k = k ? k - 1 : s->n - 1;
	}
	*out = (size_t)(s->v[s->head + k] - lb->first_seq);
	return true;
}

/* ---- search --------------------------------------------------------------------------- */

/* Marks line i (index) as a match. */
static void mark_match(struct logbuf *lb, size_t i)
{
	lb->lines[lb->head + i].flags |= LOGBUF_MATCH;
	seqs_push(&lb->matches, lb->first_seq + i);
}

/* Matches lines from scan_seq on, at most max of them; true when lines
 * are left. */
static bool scan_more(struct logbuf *lb, size_t max)
{
	size_t end = lb->count, i = (size_t)(lb->scan_seq - lb->first_seq);
	if (end - i > max)
		end = i + max;
	for (; i < end; i++)
		if (logbuf_line_matches(lb, &lb->lines[lb->head + i]))
			mark_match(lb, i);
	lb->scan_seq = lb->first_seq + i;
	return i < lb->count;
}

void logbuf_search_start(struct logbuf *lb, const char *query, bool show_ts)
{
	free(lb->query);
	lb->query = NULL;
	sanitize_needle_free(&lb->needle);
	seqs_clear(&lb->matches);
	for (size_t i = 0; i < lb->count; i++)
		lb->lines[lb->head + i].flags &= (uint8_t)~LOGBUF_MATCH;
	lb->scan_seq = lb->first_seq;
	if (!query || !*query)
		return;
	lb->query = xstrdup(query);
	sanitize_needle_init(&lb->needle, query);
	lb->q_show_ts = show_ts;
}

bool logbuf_search_more(struct logbuf *lb, size_t max_lines)
{
	return lb->query && scan_more(lb, max_lines ? max_lines : 1);
}

bool logbuf_search_busy(const struct logbuf *lb)
{
	return lb->query && lb->scan_seq < lb->first_seq + lb->count;
}

size_t logbuf_search_progress(const struct logbuf *lb)
{
	return lb->query ? (size_t)(lb->scan_seq - lb->first_seq) : lb->count;
}

size_t logbuf_search(struct logbuf *lb, const char *query, bool show_ts)
{
	logbuf_search_start(lb, query, show_ts);
	while (logbuf_search_more(lb, SIZE_MAX))
		;
	return lb->matches.n;
}

const char *logbuf_search_query(const struct logbuf *lb)
{
	return lb->query;
}

size_t logbuf_search_count(const struct logbuf *lb)
{
	return lb->matches.n;
}

size_t logbuf_search_ordinal(const struct logbuf *lb, size_t i)
{
	if (i >= lb->count || !(lb->lines[lb->head + i].flags & LOGBUF_MATCH))
		return 0;
	return seqs_lower(&lb->matches, lb->first_seq + i) + 1;
}

bool logbuf_search_next(const struct logbuf *lb, size_t from, int dir, size_t *out)
{
	return seqs_next(lb, &lb->matches, from, dir, out);
}

bool logbuf_error_next(const struct logbuf *lb, size_t from, int dir, size_t *out)
{
	return seqs_next(lb, &lb->errors, from, dir, out);
}

size_t logbuf_error_count(const struct logbuf *lb)
{
	return lb->errors.n;
}
