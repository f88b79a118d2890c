/* Requests and responses as plain values: building, copying and freeing
 * them, escaping a path segment, the operation id every request carries.
 * None of it needs curl, so the worker's tests link this file alone and
 * script the transport around it. */
#include "http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

const char *http_method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET:
		return "GET";
	case HTTP_POST:
		return "POST";
	case HTTP_PUT:
		return "PUT";
	case HTTP_PATCH:
		return "PATCH";
	case HTTP_DELETE:
		return "DELETE";
	}
	return "GET";
}

struct http_request *http_request_new(enum http_method m, char *url)
{
	struct http_request *r = xcalloc(1, sizeof(*r));
	r->method = m;
	r->url = url;
	return r;
}

void http_request_set_body(struct http_request *r, const void *data, size_t len, const char *content_type)
{
	free(r->body);
	free(r->content_type);
	r->body = xmalloc(len + 1);
	if (len)
		memcpy(r->body, data, len);
	r->body[len] = '\0';
	r->body_len = len;
	r->content_type = xstrdup(content_type);
}

struct http_request *http_request_dup(const struct http_request *r)
{
	struct http_request *n = http_request_new(r->method, xstrdup(r->url));
	if (r->body)
		http_request_set_body(n, r->body, r->body_len, r->content_type);
	else
		n->content_type = xstrdup(r->content_type);
	n->accept = xstrdup(r->accept);
	n->on_progress = r->on_progress;
	n->progress_ud = r->progress_ud;
	n->stream = r->stream;
	n->stream_param = r->stream_param;
	n->bulk = r->bulk;
	return n;
}

void http_request_free(struct http_request *r)
{
	if (!r)
		return;
	free(r->url);
	free(r->body);
	free(r->content_type);
	free(r->accept);
	free(r);
}

void http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof(*r));
}

void http_response_clear(struct http_response *r)
{
	if (!r)
		return;
	strbuf_free(&r->body);
	if (r->stream)
		r->stream_ops->close(r->stream);
	free(r->location);
	free(r->content_type);
	free(r->transport_error);
	http_response_init(r);
}

void http_response_free(struct http_response *r)
{
	http_response_clear(r);
	free(r);
}

char *http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "");
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		unsigned char ch = *p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		    ch == '.' || ch == '_' || ch == '~') {
			strbuf_putc(&sb, (char)ch);
		} else {
			char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
			strbuf_append(&sb, e, 3);
		}
	}
	return strbuf_steal(&sb);
}

/* ---- the process-wide operation id ---- */

static pthread_once_t opid_once = PTHREAD_ONCE_INIT;
static char opid[65];

/* An override goes into a header verbatim, so only plain token
 * characters are accepted; anything else could inject a header. */
static bool opid_acceptable(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof(opid))
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

static void opid_init(void)
{
	const char *ov = getenv("VDK_OP_ID_OVERRIDE");
	if (ov && opid_acceptable(ov)) {
		snprintf(opid, sizeof(opid), "%s", ov);
		return;
	}
	unsigned char rnd[8];
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		/* No entropy source: an id only has to be unlikely to collide
		 * between processes, not to be secret. */
		unsigned long long x = (unsigned long long)time(NULL) * 6364136223846793005ULL ^
				       (unsigned long long)getpid() ^ (unsigned long long)now_ms();
		memcpy(rnd, &x, sizeof(rnd));
	}
	for (size_t i = 0; i < sizeof(rnd); i++)
		snprintf(opid + 2 * i, 3, "%02x", rnd[i]);
}

const char *http_op_id(void)
{
	pthread_once(&opid_once, opid_init);
	return opid;
}

const char *http_client_op_id(const struct http_client *c)
{
	return http_op_id();
}
