/* A log's text as it is decoded from an answer, in chunks of whole lines.
 *
 * The worker appends the decoded bytes of a logs answer as they arrive;
 * the log store then merges the text line by line, and a store that is
 * empty takes the chunks over as its own blocks instead of copying them
 * (logbuf_merge_text). So a big log is held once, never as one buffer
 * plus a copy.
 *
 * A line never spans two chunks: a chunk is about LOGTEXT_CHUNK bytes, and
 * a line longer than that has a chunk of its own. Chunks hold the text as
 * sent, '\n' separators included.
 *
 * With line_max set, a line longer than line_max is kept cut on a whole
 * character, followed by " [… N more bytes: save the log to read them]"
 * (N the bytes left out), as it arrives: an endless line costs line_max
 * bytes, not its length. */
#ifndef VDKTOP_LOGTEXT_H
#define VDKTOP_LOGTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOGTEXT_CHUNK ((size_t)1 << 20)

/* What the log store needs of each line, found out as the line arrives
 * (on the worker, while the rest downloads) so that the store only
 * indexes: its hash (see logtext_hash), where the message starts after a
 * K8s timestamp, whether it is an error line. */
struct logtext_fact {
	uint64_t hash;
	uint8_t msg_off;
	bool plain;
	bool error;
};

/* A fast 64-bit hash of a line, a word at a time; *plain tells whether
 * every byte is printable ASCII. Not cryptographic: equal hashes are
 * always confirmed by comparing bytes. */
uint64_t logtext_hash(const char *s, size_t n, bool *plain);

struct logtext_chunk {
	char *data; /* owned unless the text is a view (logtext_view) */
	size_t len, cap;
};

struct logtext {
	struct logtext_chunk *chunks;
	size_t n, cap;
	size_t bytes;    /* text held, cut lines as kept */
	size_t lines;    /* lines, an unfinished last one included */
	size_t cut;      /* lines kept cut */
	size_t line_max; /* 0: lines kept whole */
	bool view;       /* chunks borrowed: nothing is freed */
	struct logtext_fact *facts; /* one per line, in order (NULL for a view) */
	size_t facts_cap;
	/* the open line (the text after the last '\n') */
	size_t line_start; /* where it starts in the last chunk */
	size_t line_len;   /* its length as sent */
	size_t line_kept;  /* bytes of it kept, once cutting */
	bool cutting;
	bool big;          /* the last chunk grew for one line: it ends with it */
	struct logtext_chunk one;
};

struct logtext *logtext_new(size_t line_max);
void logtext_free(struct logtext *t); /* NULL is fine */
/* Forgets the text (line_max stays). */
void logtext_reset(struct logtext *t);
void logtext_append(struct logtext *t, const char *data, size_t len);
/* The text is complete: a cut last line gets its note, the last chunk is
 * trimmed to its length. */
void logtext_finish(struct logtext *t);

/* t presents len bytes of text (not copied, not cut) as one chunk. */
void logtext_view(struct logtext *t, const char *text, size_t len);

/* Reading line by line, oldest first. */
struct logtext_pos {
	size_t chunk, off;
};
#define LOGTEXT_POS_INIT {0, 0}
/* The next line: false at the end. A line without a final '\n' is
 * partial (the log's unfinished last line). */
bool logtext_next_line(const struct logtext *t, struct logtext_pos *pos, const char **s, size_t *n, bool *partial);

#endif
