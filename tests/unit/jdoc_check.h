/* Whether a jdoc value holds what json-c reads from the same text: the
 * oracle of test_jdoc and fuzz_jdoc. jdoc replaced json-c for the model
 * answers, so anything it accepts must mean what json-c would have made
 * of it (it may refuse more: comments, NaN, trailing commas). */
#ifndef VDKTOP_JDOC_CHECK_H
#define VDKTOP_JDOC_CHECK_H

#include <json.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "jdoc.h"

/* The last member named key, null values included (json-c keeps the last
 * of repeated keys). */
static const struct jnode *jdoc_check_member(const struct jnode *o, const char *key, size_t *distinct_out)
{
	const struct jnode *found = NULL, *m = o + 1;
	size_t distinct = 0;
	for (uint32_t k = 0; k < o->len; k++, m += m->skip) {
		const struct jnode *p = o + 1;
		bool seen = false;
		for (uint32_t q = 0; q < k; q++, p += p->skip)
			if (strcmp(p->key, m->key) == 0)
				seen = true;
		distinct += !seen;
		if (key && strcmp(m->key, key) == 0)
			found = m;
	}
	if (distinct_out)
		*distinct_out = distinct;
	return found;
}

/* Strings alike, but for json-c 0.16 reading some valid surrogate pairs
 * (\uD836\uDE00 is U+1DA00) as U+FFFD: there jdoc's four bytes of the
 * code point stand against json-c's three of the replacement. */
static bool jdoc_check_same_text(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	while (i < an && j < bn) {
		if (a[i] == b[j]) {
			i++;
			j++;
		} else if ((unsigned char)a[i] >= 0xf0 && an - i >= 4 && bn - j >= 3 &&
			   memcmp(b + j, "\xef\xbf\xbd", 3) == 0) {
			i += 4;
			j += 3;
		} else {
			return false;
		}
	}
	return i == an && j == bn;
}

/* 0 when v and o agree; else writes where they differ to why. */
static int jdoc_check_same(const struct jnode *v, struct json_object *o, char *why, size_t n)
{
	enum json_type t = json_object_get_type(o);
	switch (t) {
	case json_type_null:
		if (v->type == JD_NULL)
			return 0;
		break;
	case json_type_boolean:
		if (v->type == JD_BOOL && v->v.b == (bool)json_object_get_boolean(o))
			return 0;
		break;
	case json_type_int:
		if (v->type == JD_INT && v->v.i == json_object_get_int64(o))
			return 0;
		/* beyond a long long: json-c keeps an unsigned or clamps, jdoc
		 * keeps a double (read as "not an integer") */
		if (v->type == JD_DOUBLE && fabs(v->v.d) >= 9223372036854775807.0)
			return 0;
		break;
	case json_type_double: {
		double d = json_object_get_double(o);
		if (v->type == JD_DOUBLE && (v->v.d == d || (!isfinite(v->v.d) && !isfinite(d))))
			return 0;
		break;
	}
	case json_type_string:
		if (v->type == JD_STRING && jdoc_check_same_text(v->v.s, v->len, json_object_get_string(o),
								 (size_t)json_object_get_string_len(o)))
			return 0;
		break;
	case json_type_array: {
		if (v->type != JD_ARRAY || v->len != json_object_array_length(o))
			break;
		const struct jnode *e = jd_first(v);
		for (size_t i = 0; i < v->len; i++, e = jd_next(v, e)) {
			if (!e) {
				snprintf(why, n, "array element %zu missing", i);
				return -1;
			}
			if (jdoc_check_same(e, json_object_array_get_idx(o, i), why, n))
				return -1;
		}
		return 0;
	}
	case json_type_object: {
		size_t distinct = 0;
		if (v->type != JD_OBJECT)
			break;
		jdoc_check_member(v, NULL, &distinct);
		if (distinct != (size_t)json_object_object_length(o)) {
			snprintf(why, n, "object with %zu distinct members, json-c %d", distinct,
				 json_object_object_length(o));
			return -1;
		}
		json_object_object_foreach(o, key, val)
		{
			const struct jnode *m = jdoc_check_member(v, key, NULL);
			if (!m) {
				snprintf(why, n, "member \"%.40s\" missing", key);
				return -1;
			}
			if (jdoc_check_same(m, val, why, n))
				return -1;
		}
		return 0;
	}
	}
	snprintf(why, n, "jdoc type %d where json-c has %s", v->type, json_type_to_name(t));
	return -1;
}

#endif
