/* The answer of the logs endpoint, {"logs": "..."}, read as it arrives.
 *
 * A whole log can be a hundred megabytes of JSON holding one string:
 * parsed into a tree it costs the body, the tree and the copy taken out
 * of it at once. This reader holds none of them: it checks the syntax of
 * the whole answer byte by byte, piece by piece as the transport hands
 * them over (a piece may end anywhere, inside an escape too), and passes
 * the decoded bytes of the top-level "logs" string to a sink.
 *
 * The result equals json-c's reading of the same answer: escapes decoded,
 * \u surrogate pairs joined, a lone or broken surrogate as U+FFFD, raw
 * bytes kept as they are; "logs" missing or null reads as an empty log;
 * of duplicate keys the last one counts. It is stricter than json-c in
 * the syntax around it (no comments, single quotes or trailing commas),
 * which the service never sends: such answers are refused with a message. */
#ifndef VDKTOP_LOGSCAN_H
#define VDKTOP_LOGSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where the decoded "logs" bytes go. reset: a later "logs" key was met,
 * so everything put so far is void (the last key counts). */
struct logscan_sink {
	void (*put)(void *ud, const char *data, size_t len);
	void (*reset)(void *ud);
	void *ud;
};

enum logscan_error {
	LOGSCAN_OK,
	LOGSCAN_NOT_JSON,   /* syntax, an empty or truncated answer */
	LOGSCAN_NOT_OBJECT, /* valid so far, but not an object at the top */
	LOGSCAN_NOT_STRING, /* "logs" is there, and neither a string nor null */
};

struct logscan {
	struct logscan_sink sink;
	enum logscan_error error;
	char *message; /* owned; set with error */
	size_t off;    /* bytes read so far */
	bool any;      /* a byte other than white space came */
	/* the syntax */
	int state;
	unsigned depth;
	uint64_t objects; /* bit d: level d+1 is an object (else an array) */
	int lit;          /* literal: bytes of it matched so far */
	const char *lit_text;
	/* the string being read */
	int target;        /* where its bytes go: nowhere, the key test, the sink */
	bool in_key;
	unsigned hex, hex_n;
	unsigned high;     /* a high surrogate waiting for its low half */
	unsigned key_n;    /* decoded bytes of a top-level key, up to a NUL */
	bool key_logs;     /* that key is "logs" so far */
	bool key_nul;
	/* the "logs" value */
	bool value_logs;   /* the value being read belongs to a "logs" key */
	bool put_any;      /* the sink has bytes that a later key voids */
	bool other;        /* the last "logs" value is neither string nor null */
};

void logscan_init(struct logscan *s, const struct logscan_sink *sink);
/* Reads the next piece of the answer. Returns false once the answer is
 * known to be unusable (s->error, s->message); later calls do nothing. */
bool logscan_feed(struct logscan *s, const char *data, size_t len);
/* The answer ended: false when it ended early or "logs" is no string. */
bool logscan_finish(struct logscan *s);
void logscan_free(struct logscan *s);

#endif
