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

/* Whether json-c reads the document right, so that it can be the oracle.
 * json-c 0.16 tests a code point decoded from an escaped surrogate pair
 * for "surrogate" by its low 16 bits: \uD836\uDE00 (U+1DA00, and every
 * point whose low bits fall in D800-DFFF: U+1D800-U+1DFFF, U+2D800-...)
 * becomes U+FFFD or swallows what follows. jdoc decodes them; documents
 * holding one are left out of the comparison. */
static bool jdoc_check_text_comparable(const char *s, size_t n)
{
	for (size_t i = 0; i + 3 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0xf0 || c > 0xf4)
			continue;
		unsigned long cp = ((unsigned long)(c & 0x07) << 18) | ((unsigned long)(s[i + 1] & 0x3f) << 12) |
				   ((unsigned long)(s[i + 2] & 0x3f) << 6) | (unsigned long)(s[i + 3] & 0x3f);
		if ((cp & 0xF800) == 0xD800)
			return false;
	}
	return true;
}

static bool jdoc_check_comparable(const struct jdoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct jnode *v = &d->nodes[i];
		if (v->key && !jdoc_check_text_comparable(v->key, strlen(v->key)))
			return false;
		if (v->type == JD_STRING && !jdoc_check_text_comparable(v->v.s, v->len))
			return false;
	}
	return true;
}

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
		if (v->type == JD_STRING && v->len == (uint32_t)json_object_get_string_len(o) &&
		    memcmp(v->v.s, json_object_get_string(o), v->len) == 0)
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
