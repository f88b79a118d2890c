/* What a failed request says: one line from an error answer (the
 * service's what/why body, a list of errors, Spring's default body, the
 * authorization webhook's plain text; not an HTML page) or from the
 * transport, worded for the operation that failed. Both the requests
 * (api.c) and the parsers (api_parse.c) fill errors, so this is a module
 * of its own that depends on neither. */
#include "api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonread.h"

void api_error_clear(struct api_error *e)
{
	if (!e)
		return;
	free(e->what);
	free(e->why);
	free(e->consequences);
	free(e->countermeasures);
	free(e->message);
	memset(e, 0, sizeof(*e));
}

void api_error_set(struct api_error *e, long http_status, const char *fmt, ...)
{
	if (!e)
		return;
	api_error_clear(e);
	va_list ap;
	va_start(ap, fmt);
	e->message = xvasprintf(fmt, ap);
	va_end(ap);
	e->http_status = http_status;
}

/* The status bar has one line: control bytes become spaces, the text is
 * cut at max bytes (never inside a UTF-8 sequence) with an ellipsis. */
static char *one_line(const char *s, size_t len, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "");
	bool space = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			space = sb.len > 0;
			continue;
		}
		if (space) {
			strbuf_putc(&sb, ' ');
			space = false;
		}
		strbuf_putc(&sb, (char)c);
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	if (sb.len > max) {
		size_t cut = max;
		while (cut > 0 && ((unsigned char)sb.buf[cut] & 0xC0) == 0x80)
			cut--;
		sb.len = cut;
		sb.buf[cut] = '\0';
		strbuf_puts(&sb, "…");
	}
	return strbuf_steal(&sb);
}

static const char *status_text(long st, const char *ctx)
{
#define CTX(s) (ctx && strcmp(ctx, s) == 0)
	switch (st) {
	case 400:
		if (CTX("cancel"))
			return "execution already finished";
		if (CTX("patch"))
			return "this change needs a new deployment (400)";
		if (CTX("jobs"))
			return "the service rejected the query (400)";
		return "bad request (400)";
	case 401:
		return "unauthorized: check your token";
	case 403:
		return "not permitted (403)";
	case 404:
		if (CTX("job") || CTX("update") || CTX("delete") || CTX("deployments") || CTX("deploy") ||
		    CTX("patch") || CTX("undeploy") || CTX("sources") || CTX("executions"))
			return "job not found";
		if (CTX("keytab"))
			return "job or keytab not found";
		if (CTX("deployment"))
			return "not deployed";
		if (CTX("start"))
			return "job not found or not deployed";
		if (CTX("execution") || CTX("cancel") || CTX("logs"))
			return "execution not found";
		return "not found (404)";
	case 409:
		if (CTX("create"))
			return "a job with this name already exists";
		if (CTX("start"))
			return "job is already running";
		if (CTX("deploy") || CTX("patch"))
			return "python version not supported (409)";
		return "conflict (409)";
	case 413:
		if (CTX("secrets"))
			return "too large (limit 1 MiB)";
		return "request too large (413)";
	case 500:
		return "server error (500)";
	case 501:
		if (CTX("secrets"))
			return "this service has no secrets store (vault) enabled";
		return "not available on this service (501)";
	case 502:
		return "bad gateway (502)";
	case 503:
		if (CTX("logs"))
			return "the pod is starting: retrying";
		return "service unavailable (503)";
	case 504:
		return "gateway timeout (504)";
	default:
		return NULL;
	}
#undef CTX
}

/* one_line of s, or NULL when nothing printable is left. */
static char *nonempty_line(const char *s, size_t max)
{
	if (str_empty(s))
		return NULL;
	char *l = one_line(s, strlen(s), max);
	if (!*l) {
		free(l);
		return NULL;
	}
	return l;
}

static bool looks_like_html(const struct http_response *r)
{
	if (r->content_type && strstr(r->content_type, "html"))
		return true;
	const char *p = r->body.buf;
	while (p && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p && *p == '<';
}

void api_error_from_response(struct api_error *e, const struct http_response *r, const char *context)
{
	api_error_clear(e);
	if (!r) {
		e->message = xstrdup("no answer");
		return;
	}
	if (r->status == 0 || r->too_large) {
		e->http_status = 0;
		e->message = xstrdup(r->transport_error ? r->transport_error
							: r->too_large ? "response too large" : "no answer");
		return;
	}
	e->http_status = r->status;
	const char *st = status_text(r->status, context);
	char generic[32];
	if (!st) {
		snprintf(generic, sizeof(generic), "HTTP %ld", r->status);
		st = generic;
	}
	const char *body = r->body.buf ? r->body.buf : "";
	size_t len = r->body.buf ? r->body.len : 0;
	size_t start = 0;
	while (start < len && (body[start] == ' ' || body[start] == '\n' || body[start] == '\r' || body[start] == '\t'))
		start++;
	if (start == len) {
		e->message = xstrdup(st);
		return;
	}
	if (body[start] == '{' || body[start] == '[') {
		char *perr = NULL;
		struct json_object *o = jr_parse(body, len, &perr);
		free(perr);
		if (jr_is(o, json_type_object)) {
			e->what = jr_strdup(o, "what");
			e->why = jr_strdup(o, "why");
			e->consequences = jr_strdup(o, "consequences");
			e->countermeasures = jr_strdup(o, "countermeasures");
			struct json_object *errs = jr_arr(o, "errors");
			struct strbuf sb = STRBUF_INIT;
			size_t n = errs ? json_object_array_length(errs) : 0;
			for (size_t i = 0; i < n; i++) {
				const char *m = jr_str(json_object_array_get_idx(errs, i), "message");
				if (str_empty(m))
					continue;
				if (sb.len)
					strbuf_puts(&sb, "; ");
				strbuf_puts(&sb, m);
			}
			/* Spring's default error body, for proxies and filters
			 * outside the service's own handler. */
			const char *spring = jr_str(o, "message");
			/* The first text that still says something once control
			 * characters are gone; a field of only controls is none. */
			e->message = nonempty_line(e->what, 300);
			if (!e->message && sb.len)
				e->message = nonempty_line(sb.buf, 300);
			if (!e->message)
				e->message = nonempty_line(e->why, 300);
			if (!e->message) {
				char *l = nonempty_line(spring, 200);
				if (l)
					e->message = xasprintf("%s: %s", st, l);
				free(l);
			}
			strbuf_free(&sb);
		}
		json_object_put(o);
		if (!e->message)
			e->message = xstrdup(st);
		return;
	}
	if (looks_like_html(r)) {
		e->message = xstrdup(st);
		return;
	}
	/* Plain text: the authorization webhook's own words. */
	size_t end = start;
	while (end < len && body[end] != '\n' && body[end] != '\r')
		end++;
	char *l = one_line(body + start, end - start, 200);
	e->message = *l ? xasprintf("%s: %s", st, l) : xstrdup(st);
	free(l);
}

void api_error_from_status(struct api_error *e, const struct http_response *r, const char *context)
{
	api_error_clear(e);
	if (!r || r->status == 0 || r->too_large) {
		api_error_from_response(e, r, context);
		return;
	}
	e->http_status = r->status;
	const char *st = status_text(r->status, context);
	e->message = st ? xstrdup(st) : xasprintf("HTTP %ld", r->status);
}
