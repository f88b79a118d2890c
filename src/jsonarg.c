#include "jsonarg.h"

#include "util.h"

#include <json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Deep enough for any real argument object; json-c's own default. */
#define JSONARG_MAX_DEPTH 32

/* "column 12" or "line 2, column 3" for a byte offset, counting code points
 * (UTF-8 continuation bytes do not start a column). */
static char *where(const char *text, size_t off)
{
	size_t line = 1, col = 1;
	bool multi = strchr(text, '\n') != NULL;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	if (multi)
		return xasprintf("line %zu, column %zu", line, col);
	return xasprintf("column %zu", col);
}

/* The character at off, safe to show: printable ASCII verbatim, anything
 * else by code point or byte value. */
static char *what_at(const char *text, size_t off)
{
	unsigned char c = (unsigned char)text[off];
	if (!c)
		return xstrdup("end of input");
	if (c == '\'')
		return xstrdup("single quote (JSON strings use \")");
	if (c > 0x20 && c < 0x7f)
		return xasprintf("'%c'", c);
	if (c == ' ')
		return xstrdup("space");
	if (c == '\n')
		return xstrdup("line break");
	if (c < 0x80)
		return xasprintf("control character 0x%02X", c);
	return xstrdup("non-ASCII character");
}

static const char *type_name(json_type t)
{
	switch (t) {
	case json_type_array:
		return "an array";
	case json_type_string:
		return "a string";
	case json_type_int:
	case json_type_double:
		return "a number";
	case json_type_boolean:
		return "true/false";
	case json_type_null:
		return "null";
	default:
		return "something else";
	}
}

/* json-c accepts NaN, Infinity and numbers that overflow a double; the
 * server's JSON reader does not. Returns the offending key path or NULL. */
static char *find_non_finite(struct json_object *o, const char *path)
{
	switch (json_object_get_type(o)) {
	case json_type_double:
		if (!isfinite(json_object_get_double(o)))
			return xstrdup(path);
		return NULL;
	case json_type_object: {
		json_object_object_foreach(o, key, val) {
			char *sub = *path ? xasprintf("%s.%s", path, key) : xstrdup(key);
			char *bad = find_non_finite(val, sub);
			free(sub);
			if (bad)
				return bad;
		}
		return NULL;
	}
	case json_type_array: {
		size_t n = json_object_array_length(o);
		for (size_t i = 0; i < n; i++) {
			char *sub = xasprintf("%s[%zu]", path, i);
			char *bad = find_non_finite(json_object_array_get_idx(o, i), sub);
			free(sub);
			if (bad)
				return bad;
		}
		return NULL;
	}
	default:
		return NULL;
	}
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* Parses text into a tree of any type: 0, or -1 with *msg (owned). */
static int parse_tree(const char *text, struct json_object **out, char **msg)
{
	*out = NULL;
	size_t len = strlen(text);
	if (len >= (size_t)INT32_MAX) {
		*msg = xstrdup("the text is too long");
		return -1;
	}
	struct json_tokener *tok = json_tokener_new_ex(JSONARG_MAX_DEPTH);
	if (!tok)
		abort();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	/* Passing the terminating NUL tells the tokener the input is complete,
	 * so a bare number or a truncated object is decided now. */
	struct json_object *o = json_tokener_parse_ex(tok, text, (int)len + 1);
	enum json_tokener_error e = json_tokener_get_error(tok);
	size_t end = json_tokener_get_parse_end(tok);
	if (end > len)
		end = len;
	json_tokener_free(tok);

	if (e != json_tokener_success) {
		char *pos = where(text, end);
		char *what = what_at(text, end);
		if (e == json_tokener_error_depth)
			*msg = xasprintf("nested more than %d levels deep at %s", JSONARG_MAX_DEPTH, pos);
		else if (!text[end] || e == json_tokener_continue)
			*msg = xasprintf("unexpected end of input at %s: a '}', ']' or '\"' is missing",
					pos);
		else if (e == json_tokener_error_parse_unexpected)
			*msg = xasprintf("unexpected %s at %s", what, pos);
		else
			*msg = xasprintf("unexpected %s at %s (%s)", what, pos,
					json_tokener_error_desc(e));
		free(pos);
		free(what);
		json_object_put(o);
		return -1;
	}
	char *bad = find_non_finite(o, "");
	if (bad) {
		/* The path is made of the user's keys: keep it printable and short. */
		for (char *q = bad; *q; q++)
			if ((unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f)
				*q = '?';
		if (strlen(bad) > 60)
			strcpy(bad + 57, "...");
		*msg = *bad ? xasprintf("not a finite number: \"%s\" (NaN, Infinity and overflowing "
					"numbers are not JSON)", bad)
			    : xstrdup("not a finite number (NaN, Infinity and overflowing numbers are not JSON)");
		free(bad);
		json_object_put(o);
		return -1;
	}
	*out = o;
	return 0;
}

int jsonarg_parse(const char *text, char **json_out, char **err)
{
	*json_out = NULL;
	if (err)
		*err = NULL;
	if (!text || blank(text))
		return 0;
	char *msg = NULL;
	struct json_object *o = NULL;
	if (parse_tree(text, &o, &msg) < 0)
		goto fail;
	if (!o || !json_object_is_type(o, json_type_object)) {
		/* json-c represents a top-level null as a NULL object */
		msg = xasprintf("expected a JSON object like {\"key\": \"value\"}, not %s",
				type_name(json_object_get_type(o)));
		json_object_put(o);
		goto fail;
	}
	*json_out = xstrdup(json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return 0;
fail:
	if (err)
		*err = msg;
	else
		free(msg);
	return -1;
}

int jsonarg_parse_value(const char *text, char **json_out, enum jsonarg_kind *kind_out, char **err)
{
	*json_out = NULL;
	*kind_out = JSONARG_NULL;
	if (err)
		*err = NULL;
	char *msg = NULL;
	struct json_object *o = NULL;
	if (!text || blank(text))
		msg = xstrdup("a value is needed (JSON: 3, \"text\", true, null, [..] or {..})");
	else if (parse_tree(text, &o, &msg) == 0) {
		switch (json_object_get_type(o)) {
		case json_type_boolean: *kind_out = JSONARG_BOOLEAN; break;
		case json_type_int:
		case json_type_double: *kind_out = JSONARG_NUMBER; break;
		case json_type_string: *kind_out = JSONARG_STRING; break;
		case json_type_array: *kind_out = JSONARG_ARRAY; break;
		case json_type_object: *kind_out = JSONARG_OBJECT; break;
		default: *kind_out = JSONARG_NULL; break;
		}
		/* json-c writes a top-level null as the text null */
		*json_out = xstrdup(o ? json_object_to_json_string_ext(
						o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
				      : "null");
		json_object_put(o);
		return 0;
	}
	if (err)
		*err = msg;
	else
		free(msg);
	return -1;
}
