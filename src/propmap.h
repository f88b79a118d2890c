/* A job's properties or secrets: the free-form JSON object the service
 * keeps per job (api-notes §2.5-2.6), as a list of keys sorted by name,
 * each with its value's JSON type and its compact JSON text.
 *
 * The service only reads and replaces the whole map, so every change is
 * made on a copy of the map last read and sent whole (read-modify-write).
 * Parsing and serialising happen on the worker thread; the UI edits the
 * list, turns the user's text into a value (propmap_value_from_text) and
 * compares maps, without touching JSON trees.
 *
 * A map marked secret wipes its values when freed; nothing here ever puts
 * a secret value into an error text. */
#ifndef VDKTOP_PROPMAP_H
#define VDKTOP_PROPMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "jsonarg.h"
#include "util.h"

struct prop {
	char *key;
	enum jsonarg_kind type;
	char *json;  /* the value as compact JSON text: 3, "x", true, [1] */
};

struct propmap {
	struct prop *v;  /* sorted by key (byte order) */
	size_t n;
	bool secret;     /* values are wiped from memory on free */
};

/* An empty map. */
struct propmap *propmap_new(bool secret);
/* From a JSON object's text: 0, or -1 with *err (owned; names no value). */
int propmap_parse(const char *json, size_t len, bool secret, struct propmap **out, char **err);
/* The whole map as a compact JSON object text (owned). */
char *propmap_to_json(const struct propmap *m);
struct propmap *propmap_dup(const struct propmap *m);
void propmap_free(struct propmap *m);

/* Index of key, or -1. */
long propmap_find(const struct propmap *m, const char *key);
/* Adds or replaces key (json is a value's JSON text, as from
 * jsonarg_parse_value; copied). */
void propmap_set(struct propmap *m, const char *key, enum jsonarg_kind type, const char *json);
/* Removes key; false when it was not there. */
bool propmap_delete(struct propmap *m, const char *key);
/* Same keys with the same values. */
bool propmap_equal(const struct propmap *a, const struct propmap *b);

/* "number", "string", "boolean", "null", "array", "object". */
const char *propmap_type_name(enum jsonarg_kind t);
/* How a value is shown in one line: a string without its quotes (escapes
 * decoded), anything else as its JSON text (owned). */
char *propmap_display(const struct prop *p);

/* The user's text for a value, as JSON: 3 a number, "3" a string, true a
 * boolean, [..] / {..} as they are. Text that is not JSON is taken as a
 * string when the value was a string (old_type, or JSONARG_STRING for a
 * new key), so `hello` needs no quotes there; for a value of another type
 * it is an error that says how to write it. 0 with *json / *type, or -1
 * with *err (owned; quotes no part of text, which may be a secret). */
int propmap_value_from_text(const char *text, enum jsonarg_kind old_type, bool is_new, enum jsonarg_kind *type,
			    char **json, char **err);
/* A value for `--set KEY=VALUE` (the subcommand), which keeps an existing
 * value's type: a string takes the text as it is (a quoted JSON string
 * without its quotes), a number and a boolean must be written as one, an
 * array or object as JSON of that type; a null takes any JSON. A new key
 * (exists false) follows propmap_value_from_text. 0, or -1 with *err
 * (owned, quotes no part of text). */
int propmap_value_keep_type(const char *text, bool exists, enum jsonarg_kind old_type, enum jsonarg_kind *type,
			    char **json, char **err);
/* The JSON text of text as a string value (owned). */
char *propmap_string_json(const char *text);
/* The text the edit prompt starts with: the value's JSON text. */
char *propmap_edit_text(const struct prop *p);

/* What changed from a to b, one line each, keys in order:
 *   "+ key = value"   added
 *   "- key"           removed
 *   "~ key: old → new" changed (with hide_values: "~ key (value changed)")
 * Values longer than 40 bytes are cut. Returns the number of lines. */
size_t propmap_diff(const struct propmap *a, const struct propmap *b, bool hide_values, struct strlist *out);

/* Overwrites a heap string's bytes before freeing it (secret values). */
void propmap_wipe_free(char *s);

#endif
