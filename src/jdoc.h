/* A read-only JSON document for the service's model answers (job pages,
 * executions, deployments).
 *
 * json-c builds a tree of separately allocated objects, each with a hash
 * table: for a page of 500 jobs that is most of the time between the
 * answer arriving and its rows on screen. A jdoc is one copy of the text,
 * decoded in place, and one array of nodes: a value and everything in it
 * are consecutive nodes, so a member or an element is found by skipping,
 * and the whole document is freed with two calls.
 *
 * The readers mirror jsonread's: the service's JSON is untrusted, so a
 * missing member, a null and a value of the wrong type all read as "not
 * known" (NULL, 0, -1 or the default given) and never fail. */
#ifndef VDKTOP_JDOC_H
#define VDKTOP_JDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util.h"

enum jd_type { JD_NULL, JD_BOOL, JD_INT, JD_DOUBLE, JD_STRING, JD_ARRAY, JD_OBJECT };

struct jnode {
	uint8_t type;     /* enum jd_type */
	uint32_t skip;    /* this value's nodes, itself included: its next sibling is this + skip */
	uint32_t len;     /* string: bytes; array and object: elements or members */
	const char *key;  /* the member's name inside an object, else NULL */
	union {
		const char *s; /* NUL-terminated, inside the document's text */
		long long i;
		double d;
		bool b;
	} v;
};

struct jdoc {
	char *text;          /* the answer's copy, strings decoded in place */
	struct jnode *nodes; /* nodes[0] is the root */
	size_t n, cap;
};

/* Strict JSON (RFC 8259; no comments, NaN or trailing commas), nested at
 * most 64 deep, at most JDOC_MAX_NODES values. Returns the document, or
 * NULL with *err (owned) set to a short reason such as "not JSON:
 * unexpected character at offset 3". A string's \u0000 ends it for the
 * readers, as with json-c; lone surrogate halves become U+FFFD. */
#define JDOC_MAX_NODES (1u << 22)
struct jdoc *jdoc_parse(const char *buf, size_t len, char **err);
void jdoc_free(struct jdoc *d);

static inline const struct jnode *jdoc_root(const struct jdoc *d)
{
	return d ? &d->nodes[0] : NULL;
}

/* Type tests that take NULL (not there) as false. */
bool jd_is(const struct jnode *v, enum jd_type t);

/* The member key of o when o is an object and the member is not null
 * (when a key repeats, the last one, as json-c keeps). */
const struct jnode *jd_get(const struct jnode *o, const char *key);
const struct jnode *jd_obj(const struct jnode *o, const char *key);
const struct jnode *jd_arr(const struct jnode *o, const char *key);

/* Elements of an array in order: for (e = jd_first(a); e; e = jd_next(a, e)). */
const struct jnode *jd_first(const struct jnode *a);
const struct jnode *jd_next(const struct jnode *a, const struct jnode *e);

/* Member readers, as jr_str, jr_strdup, jr_int, jr_double, jr_bool,
 * jr_time and jr_strlist. */
const char *jd_str(const struct jnode *o, const char *key);
char *jd_strdup(const struct jnode *o, const char *key);
long long jd_int(const struct jnode *o, const char *key, long long dflt);
double jd_double(const struct jnode *o, const char *key, double dflt);
int jd_bool(const struct jnode *o, const char *key);
time_t jd_time(const struct jnode *o, const char *key);
void jd_strlist(const struct jnode *o, const char *key, struct strlist *out);

#endif
