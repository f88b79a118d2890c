#include "propmap.h"

#include <stdlib.h>
#include <string.h>

#include "jsonread.h"

/* Longest value shown in a diff line. */
#define DIFF_VALUE_MAX 40

void propmap_wipe_free(char *s)
{
	if (!s)
		return;
	/* volatile: the stores must happen although the memory is freed next */
	volatile char *p = s;
	while (*p)
		*p++ = '\0';
	free(s);
}

struct propmap *propmap_new(bool secret)
{
	struct propmap *m = xcalloc(1, sizeof *m);
	m->secret = secret;
	return m;
}

static void prop_clear(struct prop *p, bool secret)
{
	free(p->key);
	if (secret)
		propmap_wipe_free(p->json);
	else
		free(p->json);
}

void propmap_free(struct propmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		prop_clear(&m->v[i], m->secret);
	free(m->v);
	free(m);
}

static enum jsonarg_kind kind_of(struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_boolean: return JSONARG_BOOLEAN;
	case json_type_int:
	case json_type_double: return JSONARG_NUMBER;
	case json_type_string: return JSONARG_STRING;
	case json_type_array: return JSONARG_ARRAY;
	case json_type_object: return JSONARG_OBJECT;
	default: return JSONARG_NULL;
	}
}

static const char *json_text(struct json_object *o)
{
	return o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "null";
}

/* Position of key in the sorted list, or where it would go (*found). */
static size_t locate(const struct propmap *m, const char *key, bool *found)
{
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(m->v[mid].key, key);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

long propmap_find(const struct propmap *m, const char *key)
{
	bool found;
	if (!m || !key)
		return -1;
	size_t i = locate(m, key, &found);
	return found ? (long)i : -1;
}

void propmap_set(struct propmap *m, const char *key, enum jsonarg_kind type, const char *json)
{
	bool found;
	size_t i = locate(m, key, &found);
	if (found) {
		if (m->secret)
			propmap_wipe_free(m->v[i].json);
		else
			free(m->v[i].json);
	} else {
		m->v = xrealloc(m->v, (m->n + 1) * sizeof *m->v);
		memmove(&m->v[i + 1], &m->v[i], (m->n - i) * sizeof *m->v);
		m->n++;
		m->v[i].key = xstrdup(key);
	}
	m->v[i].type = type;
	m->v[i].json = xstrdup(json ? json : "null");
}

bool propmap_delete(struct propmap *m, const char *key)
{
	bool found;
	size_t i = locate(m, key, &found);
	if (!found)
		return false;
	prop_clear(&m->v[i], m->secret);
	memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof *m->v);
	m->n--;
	return true;
}

static int prop_cmp(const void *a, const void *b)
{
	return strcmp(((const struct prop *)a)->key, ((const struct prop *)b)->key);
}

int propmap_parse(const char *json, size_t len, bool secret, struct propmap **out, char **err)
{
	*out = NULL;
	char *perr = NULL;
	struct json_object *o = jr_parse(json, len, &perr);
	if (!o) {
		*err = xasprintf("unexpected answer from the service (%s)", perr ? perr : "not JSON");
		free(perr);
		return -1;
	}
	if (!jr_is(o, json_type_object)) {
		json_object_put(o);
		*err = xstrdup("unexpected answer from the service (a JSON object was expected)");
		return -1;
	}
	/* Appended, then sorted once: inserting each key in order would
	 * cost a quadratic number of moves on a hostile answer of many
	 * keys. json-c keeps one value per key, so there are no duplicates. */
	struct propmap *m = propmap_new(secret);
	size_t cap = 0;
	json_object_object_foreach(o, key, val) {
		if (m->n == cap) {
			cap = cap ? cap * 2 : 16;
			m->v = xreallocarray(m->v, cap, sizeof *m->v);
		}
		m->v[m->n].key = xstrdup(key);
		m->v[m->n].type = kind_of(val);
		m->v[m->n].json = xstrdup(json_text(val));
		m->n++;
	}
	if (m->n > 1)
		qsort(m->v, m->n, sizeof *m->v, prop_cmp);
	json_object_put(o);
	*out = m;
	return 0;
}

char *propmap_to_json(const struct propmap *m)
{
	/* The values are already compact JSON texts (from a parser: the
	 * service's answer or jsonarg_parse_value), so they are joined as
	 * they are; only the keys need escaping. */
	struct strbuf sb = STRBUF_INIT;
	strbuf_putc(&sb, '{');
	for (size_t i = 0; m && i < m->n; i++) {
		struct json_object *k = json_object_new_string(m->v[i].key);
		strbuf_printf(&sb, "%s%s:", i ? "," : "", json_text(k));
		json_object_put(k);
		strbuf_puts(&sb, m->v[i].json);
	}
	strbuf_putc(&sb, '}');
	return strbuf_steal(&sb);
}

struct propmap *propmap_dup(const struct propmap *m)
{
	struct propmap *d = propmap_new(m ? m->secret : false);
	if (!m || !m->n)
		return d;
	d->v = xcalloc(m->n, sizeof *d->v);
	for (size_t i = 0; i < m->n; i++) {
		d->v[i].key = xstrdup(m->v[i].key);
		d->v[i].type = m->v[i].type;
		d->v[i].json = xstrdup(m->v[i].json);
	}
	d->n = m->n;
	return d;
}

bool propmap_equal(const struct propmap *a, const struct propmap *b)
{
	size_t na = a ? a->n : 0, nb = b ? b->n : 0;
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!str_eq(a->v[i].key, b->v[i].key) || !str_eq(a->v[i].json, b->v[i].json))
			return false;
	return true;
}

const char *propmap_type_name(enum jsonarg_kind t)
{
	switch (t) {
	case JSONARG_BOOLEAN: return "boolean";
	case JSONARG_NUMBER: return "number";
	case JSONARG_STRING: return "string";
	case JSONARG_ARRAY: return "array";
	case JSONARG_OBJECT: return "object";
	default: return "null";
	}
}

char *propmap_display(const struct prop *p)
{
	if (p->type != JSONARG_STRING)
		return xstrdup(p->json);
	char *perr = NULL;
	struct json_object *o = jr_parse(p->json, strlen(p->json), &perr);
	free(perr);
	char *s = xstrdup(jr_is(o, json_type_string) ? json_object_get_string(o) : p->json);
	json_object_put(o);
	return s;
}

char *propmap_string_json(const char *text)
{
	struct json_object *o = json_object_new_string(text ? text : "");
	char *s = xstrdup(json_text(o));
	json_object_put(o);
	return s;
}

char *propmap_edit_text(const struct prop *p)
{
	return xstrdup(p ? p->json : "");
}

int propmap_value_from_text(const char *text, enum jsonarg_kind old_type, bool is_new, enum jsonarg_kind *type,
			    char **json, char **err)
{
	*json = NULL;
	*err = NULL;
	char *perr = NULL;
	if (jsonarg_parse_value(text, json, type, &perr) == 0)
		return 0;
	bool blank = true;
	for (const char *s = text ? text : ""; *s; s++)
		if (*s != ' ' && *s != '\t')
			blank = false;
	if ((is_new || old_type == JSONARG_STRING) && !blank) {
		/* Plain text where a string is expected: the string itself. */
		free(perr);
		*json = propmap_string_json(text);
		*type = JSONARG_STRING;
		return 0;
	}
	if (blank || old_type == JSONARG_ARRAY || old_type == JSONARG_OBJECT) {
		*err = blank ? perr : xasprintf("not valid JSON: %s", perr);
		if (!blank)
			free(perr);
		return -1;
	}
	free(perr);
	*err = xasprintf("not a %s: write a number, true/false, null, or \"text\" in quotes for a string",
			 propmap_type_name(old_type));
	return -1;
}

int propmap_value_keep_type(const char *text, bool exists, enum jsonarg_kind old_type, enum jsonarg_kind *type,
			    char **json, char **err)
{
	if (!exists || old_type == JSONARG_NULL)
		return propmap_value_from_text(text, JSONARG_STRING, true, type, json, err);
	*json = NULL;
	*err = NULL;
	char *perr = NULL, *parsed = NULL;
	enum jsonarg_kind t = JSONARG_NULL;
	bool ok = jsonarg_parse_value(text, &parsed, &t, &perr) == 0;
	free(perr);
	if (old_type == JSONARG_STRING) {
		*type = JSONARG_STRING;
		if (ok && t == JSONARG_STRING) {
			*json = parsed;
			return 0;
		}
		propmap_wipe_free(parsed);
		*json = propmap_string_json(text);
		return 0;
	}
	if (ok && t == old_type) {
		*type = t;
		*json = parsed;
		return 0;
	}
	propmap_wipe_free(parsed);
	*err = xasprintf("the value is %s %s here: write one (a whole new map with --overwrite changes types)",
			 old_type == JSONARG_ARRAY || old_type == JSONARG_OBJECT ? "an" : "a",
			 propmap_type_name(old_type));
	return -1;
}

/* A value's JSON text (types stay visible: 3 vs "3") cut for one diff
 * line (owned). */
static char *short_value(const struct prop *p)
{
	char *s = xstrdup(p->json);
	if (strlen(s) > DIFF_VALUE_MAX) {
		size_t cut = DIFF_VALUE_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		s[cut] = '\0';
		char *t = xasprintf("%s…", s);
		free(s);
		s = t;
	}
	return s;
}

size_t propmap_diff(const struct propmap *a, const struct propmap *b, bool hide_values, struct strlist *out)
{
	size_t i = 0, j = 0, lines = 0;
	size_t na = a ? a->n : 0, nb = b ? b->n : 0;
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(a->v[i].key, b->v[j].key);
		char *line = NULL;
		if (c < 0) {
			line = xasprintf("- %s", a->v[i].key);
			i++;
		} else if (c > 0) {
			if (hide_values) {
				line = xasprintf("+ %s", b->v[j].key);
			} else {
				char *v = short_value(&b->v[j]);
				line = xasprintf("+ %s = %s", b->v[j].key, v);
				free(v);
			}
			j++;
		} else {
			if (!str_eq(a->v[i].json, b->v[j].json)) {
				if (hide_values) {
					line = xasprintf("~ %s (value changed)", a->v[i].key);
				} else {
					char *o = short_value(&a->v[i]), *n = short_value(&b->v[j]);
					line = xasprintf("~ %s: %s → %s", a->v[i].key, o, n);
					free(o);
					free(n);
				}
			}
			i++;
			j++;
		}
		if (line) {
			strlist_push(out, line);
			free(line);
			lines++;
		}
	}
	return lines;
}
