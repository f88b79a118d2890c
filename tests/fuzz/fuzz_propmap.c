/* libFuzzer target: the properties/secrets map on arbitrary answers and
 * arbitrary user text.
 * Byte 0 picks: even, the rest is a service answer for propmap_parse;
 * odd, bits 1-3 an old type, bit 4 "new key", the rest the user's text
 * for propmap_value_from_text and propmap_value_keep_type.
 * Invariants: no crash or leak; a parsed map has strictly sorted keys and
 * writes back to a text that parses to an equal map (a fixed point), and
 * a diff against itself is empty; an accepted value is JSON of the type
 * reported, and is accepted again unchanged; a refusal has a message. */
// deps: propmap jsonarg jsonread timefmt util
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "propmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_value(int rc, enum jsonarg_kind t, char *json, char *err)
{
	if (rc != 0) {
		CHECK(!json && err && *err);
		free(err);
		return;
	}
	CHECK(json && !err);
	char *again = NULL, *err2 = NULL;
	enum jsonarg_kind t2;
	CHECK(jsonarg_parse_value(json, &again, &t2, &err2) == 0);
	CHECK(t2 == t && strcmp(again, json) == 0);
	free(again);
	free(json);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned sel = data[0];
	char *text = malloc(size);
	if (!text)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (!(sel & 1)) {
		struct propmap *m = NULL;
		char *err = NULL;
		if (propmap_parse((const char *)data + 1, size - 1, sel & 2, &m, &err) == 0) {
			CHECK(m && !err);
			for (size_t i = 1; i < m->n; i++)
				CHECK(strcmp(m->v[i - 1].key, m->v[i].key) < 0);
			char *out = propmap_to_json(m);
			struct propmap *m2 = NULL;
			char *err2 = NULL;
			CHECK(propmap_parse(out, strlen(out), false, &m2, &err2) == 0);
			CHECK(propmap_equal(m, m2));
			struct strlist diff = {0};
			CHECK(propmap_diff(m, m2, sel & 4, &diff) == 0);
			propmap_free(m2);
			free(out);
			propmap_free(m);
		} else {
			CHECK(!m && err && *err);
			free(err);
		}
	} else {
		enum jsonarg_kind old = (enum jsonarg_kind)((sel >> 1) % 6), t = JSONARG_NULL;
		bool is_new = sel & 0x10;
		char *json = NULL, *err = NULL;
		int rc = propmap_value_from_text(text, old, is_new, &t, &json, &err);
		check_value(rc, t, json, err);
		json = err = NULL;
		rc = propmap_value_keep_type(text, !is_new, old, &t, &json, &err);
		if (rc == 0 && !is_new && old != JSONARG_NULL)
			CHECK(t == old);
		check_value(rc, t, json, err);
	}
	free(text);
	return 0;
}
