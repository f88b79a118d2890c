/* Helpers shared by the API fuzz targets: a response built from fuzz
 * bytes, and the invariants every parser promises about its api_error. */
#ifndef VDKTOP_FUZZ_COMMON_H
#define VDKTOP_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "http.h"
#include "util.h"

#define FUZZ_CHECK(ok)                                                              \
	do {                                                                        \
		if (!(ok)) {                                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #ok); \
			abort();                                                    \
		}                                                                   \
	} while (0)

/* Statuses a real server (or a proxy in front of it) answers with. */
static const long fuzz_statuses[] = { 200, 201, 202, 204, 400, 401, 403, 404, 409, 413, 500, 502, 503, 504, 0, 299, 302, 199 };
static const char *const fuzz_content_types[] = { "application/json", "application/json;charset=UTF-8", "text/html",
						  "text/plain", "application/octet-stream", NULL };

/* Byte 0 picks the status, byte 1 the content type and whether a
 * Location header (up to the first '\n' of the rest) is present; the rest
 * is the body. Returns the number of bytes consumed from data. */
__attribute__((unused)) static size_t fuzz_response(struct http_response *r, const uint8_t *data, size_t size)
{
	http_response_init(r);
	if (size < 2)
		return size;
	r->status = fuzz_statuses[data[0] % (sizeof(fuzz_statuses) / sizeof(fuzz_statuses[0]))];
	unsigned ct = data[1] & 0x7f;
	const char *type = fuzz_content_types[ct % (sizeof(fuzz_content_types) / sizeof(fuzz_content_types[0]))];
	r->content_type = type ? xstrdup(type) : NULL;
	size_t used = 2;
	if (data[1] & 0x80) {
		const uint8_t *nl = memchr(data + 2, '\n', size - 2);
		size_t n = nl ? (size_t)(nl - (data + 2)) : size - 2;
		r->location = xcalloc(1, n + 1);
		memcpy(r->location, data + 2, n);
		used += n + (nl ? 1 : 0);
	}
	if (r->status == 0) {
		r->curl_code = 7;
		r->transport_error = xstrdup("Failed to connect");
	}
	/* A body-cap hit, as http.c reports it, for one status in eight. */
	if ((data[0] >> 5) == 7 && r->status != 0) {
		r->too_large = true;
		r->transport_error = xstrdup("answer larger than 1 MiB");
	}
	strbuf_append(&r->body, data + used, size - used);
	return size;
}

/* An error must carry one printable line for the status bar. */
__attribute__((unused)) static void fuzz_check_error(int rc, const struct api_error *e)
{
	if (rc == 0)
		return;
	FUZZ_CHECK(e->message != NULL);
	FUZZ_CHECK(e->message[0] != '\0');
}

#endif
