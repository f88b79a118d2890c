/* Defensive readers over json-c trees.
 *
 * Server JSON is untrusted: a field may be missing, null, of the wrong
 * type, absurdly large or nested without end. These helpers turn every
 * such case into "not known" (NULL, -1, 0) so parsers stay short and can
 * never crash on a surprise. (Named jsonread, not json, so that
 * json-c's own <json.h> is never shadowed by -Isrc.) */
#ifndef VDKTOP_JSONREAD_H
#define VDKTOP_JSONREAD_H

#include <json.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util.h"

/* Parses a whole buffer (trailing non-space is an error) with a nesting
 * limit. Returns the tree, or NULL with *err set (owned) to a short
 * reason such as "not JSON: unexpected character at offset 3". */
struct json_object *jr_parse(const char *buf, size_t len, char **err);

/* Before parsing: finds, in JSON text, the array that is member key of
 * an object at nesting depth 2 (the root is depth 1; for a GraphQL
 * answer, data.content) and, when it holds more than max elements, the
 * bytes [*from, *to) whose removal leaves its first max. Returns the
 * array's element count (0 when not found or the text is malformed, and
 * then *from = *to = 0). A scan of bytes, no allocation: a page with a
 * million rows is never built as a tree just to drop most of them. */
size_t jr_cut_array(const char *buf, size_t len, const char *key, size_t max, size_t *from, size_t *to);

/* The member key of o when o is an object and the member is not null. */
struct json_object *jr_get(struct json_object *o, const char *key);
/* As jr_get, but only when the member has that type. */
struct json_object *jr_obj(struct json_object *o, const char *key);
struct json_object *jr_arr(struct json_object *o, const char *key);
bool jr_is(struct json_object *o, json_type t);

/* A string member as a new heap string; NULL when missing or not a
 * string. */
char *jr_strdup(struct json_object *o, const char *key);
/* Borrowed; NULL when missing or not a string. */
const char *jr_str(struct json_object *o, const char *key);
/* Integer member: ints, and doubles that hold an integral value in range;
 * dflt otherwise (also for strings, bools and overflowing numbers). */
long long jr_int(struct json_object *o, const char *key, long long dflt);
/* Any finite number; dflt otherwise. */
double jr_double(struct json_object *o, const char *key, double dflt);
/* 1 / 0 for a boolean member, -1 otherwise. */
int jr_bool(struct json_object *o, const char *key);
/* A time string (timefmt_parse); 0 when missing or unparsable. */
time_t jr_time(struct json_object *o, const char *key);
/* Appends every string element of an array member to out; other
 * elements are skipped. */
void jr_strlist(struct json_object *o, const char *key, struct strlist *out);

/* Converts a number value itself (not a member) like jr_int. */
bool jr_to_int(struct json_object *v, long long *out);

#endif
