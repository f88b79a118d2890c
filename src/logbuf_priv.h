/* Internals shared by the log store (logbuf.c: blocks, lines, merging)
 * and its search and error indexes (logbuf_search.c). Not for other
 * modules: the public interface is logbuf.h. */
#ifndef VDKTOP_LOGBUF_PRIV_H
#define VDKTOP_LOGBUF_PRIV_H

#include "logbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sanitize.h"
#include "util.h"

#define NO_BLOCK UINT32_MAX

/* Internal flag: every byte is printable ASCII, so the display text is the
 * raw text and a search needs no sanitising. */
#define F_PLAIN 0x10u

struct lb_line {
	uint64_t hash;
	uint32_t block; /* slot in blocks[], NO_BLOCK for an empty line */
	uint32_t off;
	uint32_t len_lo;
	uint8_t len_hi;
	uint8_t msg_off;
	uint8_t flags;
	uint8_t spare;
};
_Static_assert(sizeof(struct lb_line) == 24, "the per-line index stays at 24 bytes");

struct lb_block {
	char *data; /* NULL: a free slot */
	size_t size, used;
	size_t live; /* lines stored here; the block goes when this is 0 */
};

/* Sequence numbers of some lines (matches, errors), ascending: v[head ..
 * head+n). Kept as lines arrive and go, so n/N and ]/[ are a binary
 * search and a match's ordinal is an index. */
struct seqs {
	uint64_t *v;
	size_t head, n, cap;
};

/* One line of the text being merged. */
struct tline {
	const char *p;
	size_t len;
	uint64_t hash;
	bool plain;
};

struct logbuf {
	struct lb_line *lines; /* lines[head .. head+count) */
	size_t head, count, cap;
	struct lb_block *blocks;
	size_t nblocks;
	uint32_t cur;      /* the open block for small lines */
	size_t next_block; /* small logs start small; blocks double up to BLOCK_SIZE */

	size_t max_lines, dropped, bytes;
	uint64_t first_seq;
	/* aligned: lines[head] is line log_first of the server's log (false
	 * after a gap, or when the first text seen was a tail). */
	bool aligned;
	size_t log_first;

	char *query; /* as given; NULL: no search */
	struct san_needle needle;
	bool q_show_ts;
	struct seqs matches, errors;
	uint64_t scan_seq; /* the search has matched the lines before this one */
	struct san_buf scratch;
	struct strbuf shown; /* a line with its timestamp padded, for searching */

	struct tline *tail;
	size_t tail_cap;
	size_t *pi, *ends;
	size_t pi_cap, ends_cap;
};

static inline size_t line_len(const struct lb_line *l)
{
	return l->len_lo | ((size_t)l->len_hi << 32);
}

static inline const char *line_text(const struct logbuf *lb, const struct lb_line *l)
{
	return l->block == NO_BLOCK ? "" : lb->blocks[l->block].data + l->off;
}

/* ---- logbuf_search.c: the store calls these, they never call the store -- */

/* The raw bytes of line l as logbuf_display shows them: without the K8s
 * timestamp where VDK's own follows (unless show_ts), else with it and
 * its fraction padded (copied into tmp). Sets *len, and *ts_len to the
 * bytes of a timestamp shown (0: none). */
const char *lb_shown(const struct logbuf *lb, const struct lb_line *l, bool show_ts, struct strbuf *tmp, size_t *len,
		     size_t *ts_len);

/* Whether line l matches the active search (lb->query set). */
bool logbuf_line_matches(struct logbuf *lb, const struct lb_line *l);

/* The line sets (struct seqs) the store keeps in step as lines come and go. */
void seqs_push(struct seqs *s, uint64_t seq);
/* Drops seq when it is the first (resp. last) element. */
void seqs_drop_front(struct seqs *s, uint64_t seq);
void seqs_drop_back(struct seqs *s, uint64_t seq);
void seqs_clear(struct seqs *s);
void seqs_free(struct seqs *s);

#endif
