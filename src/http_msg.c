/* Requests and responses as plain values: building, copying and freeing
 * them needs no curl, so the worker's tests link this file alone and
 * script the transport around it. */
#include "http.h"

#include <stdlib.h>
#include <string.h>

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
