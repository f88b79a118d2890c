/* libFuzzer target: the document the model answers are read into.
 * Invariants: whatever jdoc accepts, json-c reads as the same values
 * (where json-c reads it right: jdoc_check_comparable)
 * (jdoc is never more lenient than the parser it replaced, and never
 * reads a value differently); whatever it refuses comes with a message;
 * the readers never fail on any member of what it accepts. */
// deps: jdoc timefmt util
#include <json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/jdoc_check.h"
#include "fuzz_common.h"
#include "jdoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every reader on every member of every object, for the sanitizers. */
static void read_all(const struct jnode *v)
{
	if (v->type == JD_OBJECT) {
		const struct jnode *m = v + 1;
		for (uint32_t k = 0; k < v->len; k++, m += m->skip) {
			struct strlist l = {0};
			free(jd_strdup(v, m->key));
			(void)jd_int(v, m->key, -1);
			(void)jd_double(v, m->key, -1);
			(void)jd_bool(v, m->key);
			(void)jd_time(v, m->key);
			jd_strlist(v, m->key, &l);
			strlist_clear(&l);
			read_all(m);
		}
	}
	for (const struct jnode *e = jd_first(v); e; e = jd_next(v, e))
		read_all(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	struct jdoc *d = jdoc_parse((const char *)data, size, &err);
	if (!d) {
		FUZZ_CHECK(err && *err);
		free(err);
		return 0;
	}
	FUZZ_CHECK(!err);
	read_all(jdoc_root(d));
	if (!jdoc_check_comparable(d)) {
		jdoc_free(d);
		return 0;
	}
	/* json-c on the same text plus a space (a number at the very end is
	 * only complete for json-c once something follows it). */
	char *buf = xmalloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = ' ';
	struct json_tokener *tok = json_tokener_new_ex(1000);
	struct json_object *o = json_tokener_parse_ex(tok, buf, (int)size + 1);
	FUZZ_CHECK(json_tokener_get_error(tok) == json_tokener_success);
	json_tokener_free(tok);
	char why[200] = "";
	if (jdoc_check_same(jdoc_root(d), o, why, sizeof why)) {
		fprintf(stderr, "jdoc and json-c differ: %s\n", why);
		abort();
	}
	json_object_put(o);
	free(buf);
	jdoc_free(d);
	return 0;
}
