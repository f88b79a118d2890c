#include "jsonread.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "timefmt.h"

/* Deep enough for every answer the service sends (about 8 levels), low
 * enough that a hostile body cannot make json-c recurse far. */
#define JR_MAX_DEPTH 64

struct json_object *jr_parse(const char *buf, size_t len, char **err)
{
	if (!buf || len == 0) {
		*err = xstrdup("empty answer where JSON was expected");
		return NULL;
	}
	if (len > INT_MAX) {
		*err = xstrdup("answer too large to parse");
		return NULL;
	}
	struct json_tokener *tok = json_tokener_new_ex(JR_MAX_DEPTH);
	if (!tok) {
		*err = xstrdup("out of memory");
		return NULL;
	}
	struct json_object *o = json_tokener_parse_ex(tok, buf, (int)len);
	enum json_tokener_error je = json_tokener_get_error(tok);
	size_t off = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!o && je == json_tokener_continue) {
		*err = xstrdup("not JSON: the answer ends early");
		return NULL;
	}
	if (!o || je != json_tokener_success) {
		json_object_put(o);
		*err = xasprintf("not JSON: %s at offset %zu", json_tokener_error_desc(je), off);
		return NULL;
	}
	for (size_t i = off; i < len; i++) {
		char c = buf[i];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			json_object_put(o);
			*err = xasprintf("not JSON: unexpected data after the value at offset %zu", i);
			return NULL;
		}
	}
	return o;
}

bool jr_is(struct json_object *o, json_type t)
{
	return o && json_object_is_type(o, t);
}

struct json_object *jr_get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;
	if (!jr_is(o, json_type_object) || !key)
		return NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return v; /* a JSON null is a NULL json_object */
}

struct json_object *jr_obj(struct json_object *o, const char *key)
{
	struct json_object *v = jr_get(o, key);
	return jr_is(v, json_type_object) ? v : NULL;
}

struct json_object *jr_arr(struct json_object *o, const char *key)
{
	struct json_object *v = jr_get(o, key);
	return jr_is(v, json_type_array) ? v : NULL;
}

const char *jr_str(struct json_object *o, const char *key)
{
	struct json_object *v = jr_get(o, key);
	return jr_is(v, json_type_string) ? json_object_get_string(v) : NULL;
}

char *jr_strdup(struct json_object *o, const char *key)
{
	return xstrdup(jr_str(o, key));
}

bool jr_to_int(struct json_object *v, long long *out)
{
	if (jr_is(v, json_type_int)) {
		*out = (long long)json_object_get_int64(v);
		return true;
	}
	if (jr_is(v, json_type_double)) {
		double d = json_object_get_double(v);
		/* Converting an out-of-range double is undefined behaviour:
		 * check first. 2^63 is exactly representable. */
		if (!isfinite(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0 || d != floor(d))
			return false;
		*out = (long long)d;
		return true;
	}
	return false;
}

long long jr_int(struct json_object *o, const char *key, long long dflt)
{
	long long v;
	return jr_to_int(jr_get(o, key), &v) ? v : dflt;
}

double jr_double(struct json_object *o, const char *key, double dflt)
{
	struct json_object *v = jr_get(o, key);
	if (jr_is(v, json_type_int) || jr_is(v, json_type_double)) {
		double d = json_object_get_double(v);
		return isfinite(d) ? d : dflt;
	}
	return dflt;
}

int jr_bool(struct json_object *o, const char *key)
{
	struct json_object *v = jr_get(o, key);
	if (!jr_is(v, json_type_boolean))
		return -1;
	return json_object_get_boolean(v) ? 1 : 0;
}

time_t jr_time(struct json_object *o, const char *key)
{
	time_t t;
	if (timefmt_parse(jr_str(o, key), &t, NULL) != 0)
		return 0;
	return t;
}

void jr_strlist(struct json_object *o, const char *key, struct strlist *out)
{
	struct json_object *a = jr_arr(o, key);
	size_t n = a ? json_object_array_length(a) : 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(a, i);
		if (jr_is(v, json_type_string))
			strlist_push(out, json_object_get_string(v));
	}
}

/* The end of the string that starts with the quote at buf[i]: the index
 * after its closing quote, or len when it does not end. */
static size_t string_end(const char *buf, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (buf[i] == '\\')
			i++;
		else if (buf[i] == '"')
			return i + 1;
	}
	return len;
}

static size_t skip_space(const char *buf, size_t len, size_t i)
{
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
		i++;
	return i;
}

size_t jr_cut_array(const char *buf, size_t len, const char *key, size_t max, size_t *from, size_t *to)
{
	size_t klen = strlen(key), depth = 0, arr = 0, count = 0;
	*from = *to = 0;
	if (!buf)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (c == '"') {
			size_t e = string_end(buf, len, i);
			if (e >= len)
				return 0;
			size_t n = skip_space(buf, len, e);
			/* a key of an object at depth 2 whose value is an array */
			if (!arr && depth == 2 && e - i - 2 == klen && memcmp(buf + i + 1, key, klen) == 0 && n < len &&
			    buf[n] == ':') {
				size_t v = skip_space(buf, len, n + 1);
				if (v < len && buf[v] == '[') {
					depth++;
					arr = depth;
					size_t f = skip_space(buf, len, v + 1);
					count = f < len && buf[f] != ']' ? 1 : 0;
					i = v;
					continue;
				}
			}
			i = e - 1;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return 0;
			if (arr && depth == arr) {
				if (*from)
					*to = i;
				return count;
			}
			depth--;
		} else if (c == ',' && arr && depth == arr) {
			if (count == max && max)
				*from = i;
			count++;
		}
	}
	*from = *to = 0;
	return 0;
}
