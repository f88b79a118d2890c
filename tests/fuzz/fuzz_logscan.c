/* libFuzzer target: the streaming reader of the logs answer.
 * Input: byte 0 seeds where the answer is split into pieces (a piece
 * ends anywhere, inside an escape too), the rest is the answer.
 * Invariants: reading it whole, a byte at a time and in the seeded
 * pieces gives the same verdict and the same text; and whatever the
 * reader accepts, json-c reads as the same "logs" string (the reader is
 * never more lenient than the tree parser it replaces). */
// deps: logscan util
#include <json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "logscan.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void put(void *ud, const char *p, size_t n)
{
	strbuf_append(ud, p, n);
}

static void reset(void *ud)
{
	strbuf_reset(ud);
}

/* step 0: whole; otherwise pieces of 1 .. step bytes from the seed. */
static enum logscan_error scan(const char *body, size_t len, unsigned seed, unsigned step, struct strbuf *out)
{
	struct logscan s;
	strbuf_reset(out);
	strbuf_puts(out, "");
	logscan_init(&s, &(struct logscan_sink){put, reset, out});
	size_t pos = 0;
	while (pos < len) {
		size_t n = len - pos;
		if (step) {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % step;
			if (n > len - pos)
				n = len - pos;
		}
		if (!logscan_feed(&s, body + pos, n))
			break;
		pos += n;
	}
	logscan_finish(&s);
	enum logscan_error e = s.error;
	FUZZ_CHECK(e == LOGSCAN_OK || (s.message && *s.message));
	logscan_free(&s);
	return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1 << 20))
		return 0;
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	struct strbuf whole = STRBUF_INIT, part = STRBUF_INIT;
	enum logscan_error e = scan(body, len, 0, 0, &whole);
	for (unsigned step = 1; step <= 9; step += 4) {
		FUZZ_CHECK(scan(body, len, data[0], step, &part) == e);
		if (e == LOGSCAN_OK)
			FUZZ_CHECK(part.len == whole.len && memcmp(part.buf, whole.buf, whole.len) == 0);
	}
	if (e == LOGSCAN_OK || e == LOGSCAN_NOT_STRING) {
		struct json_tokener *tok = json_tokener_new_ex(64);
		struct json_object *o = json_tokener_parse_ex(tok, body, (int)len);
		size_t end = json_tokener_get_parse_end(tok);
		json_tokener_free(tok);
		FUZZ_CHECK(o && json_object_is_type(o, json_type_object));
		for (size_t i = end; i < len; i++)
			FUZZ_CHECK(body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n');
		struct json_object *v = NULL;
		json_object_object_get_ex(o, "logs", &v);
		if (e == LOGSCAN_NOT_STRING) {
			FUZZ_CHECK(v && !json_object_is_type(v, json_type_string));
		} else if (!v) {
			FUZZ_CHECK(whole.len == 0);
		} else {
			FUZZ_CHECK(json_object_is_type(v, json_type_string));
			FUZZ_CHECK((size_t)json_object_get_string_len(v) == whole.len);
			FUZZ_CHECK(memcmp(json_object_get_string(v), whole.buf, whole.len) == 0);
		}
		json_object_put(o);
	}
	strbuf_free(&whole);
	strbuf_free(&part);
	return 0;
}
