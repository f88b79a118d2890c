/* A failed transfer in words: one line a person understands, for the
 * status line, --check and the subcommands. */
#include "http_fail.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MiB (1024u * 1024u)

static char *host_of(const char *url)
{
	char *host = NULL;
	CURLU *u = curl_url();
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK)
		curl_url_get(u, CURLUPART_HOST, &host, 0);
	char *r = xstrdup(host ? host : "?");
	curl_free(host);
	curl_url_cleanup(u);
	return r;
}

static char *seconds_text(long ms)
{
	if (ms % 1000 == 0)
		return xasprintf("%ld s", ms / 1000);
	return xasprintf("%ld ms", ms);
}

static char *too_large_text(size_t max)
{
	if (max % MiB == 0)
		return xasprintf("response too large (> %zu MiB)", max / MiB);
	return xasprintf("response too large (> %zu bytes)", max);
}

char *http_failure_text(const struct http_failure *f)
{
	const struct http_options *o = f->opt;
	CURLcode rc = (CURLcode)f->code;
	long os_errno = f->os_errno;
	const char *eb = f->errbuf && f->errbuf[0] ? f->errbuf : curl_easy_strerror(rc);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		if (os_errno == ECONNREFUSED || strstr(eb, "refused"))
			return xstrdup("connection refused");
		if (os_errno == EHOSTUNREACH)
			return xstrdup("no route to host");
		if (os_errno == ENETUNREACH)
			return xstrdup("network is unreachable");
		if (os_errno == ETIMEDOUT) {
			char *s = seconds_text(o->connect_timeout_ms), *r = xasprintf("connect timed out after %s", s);
			free(s);
			return r;
		}
		return xasprintf("could not connect: %s", eb);
	case CURLE_COULDNT_RESOLVE_HOST: {
		char *h = host_of(f->url), *s = xasprintf("could not resolve host %s", h);
		free(h);
		return s;
	}
	case CURLE_COULDNT_RESOLVE_PROXY:
		return xasprintf("could not resolve proxy: %s", eb);
	case CURLE_OPERATION_TIMEDOUT: {
		bool connect = strstr(eb, "onnection timed out") || strstr(eb, "onnect") != NULL;
		char *s = seconds_text(connect ? o->connect_timeout_ms : o->timeout_ms);
		char *r = xasprintf("%stimed out after %s", connect ? "connect " : "", s);
		free(s);
		return r;
	}
	case CURLE_PEER_FAILED_VERIFICATION:
#if LIBCURL_VERSION_NUM < 0x073e00
	case CURLE_SSL_CACERT:
#endif
	case CURLE_SSL_CACERT_BADFILE:
		return xasprintf("TLS certificate not trusted: %s", eb);
	case CURLE_SSL_CONNECT_ERROR:
		return xasprintf("TLS handshake failed: %s", eb);
	case CURLE_GOT_NOTHING:
		return xstrdup("the service closed the connection without answering");
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
		return xasprintf("connection dropped: %s", eb);
	case CURLE_WRITE_ERROR:
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_OUT_OF_MEMORY:
#if LIBCURL_VERSION_NUM >= 0x080600
	case CURLE_TOO_LARGE:
#endif
		/* curl refuses one header line over its own limit (100 KiB)
		 * as "out of memory" (newer versions: "too large") without
		 * saying which: between a status line and the end of its
		 * headers, that is what it means. */
		if (f->header_too_large || (rc != CURLE_WRITE_ERROR && rc != CURLE_FILESIZE_EXCEEDED && f->in_headers))
			return xasprintf("response header too large (> %d KiB)", HTTP_MAX_HEADER / 1024);
		if (f->body_too_large || rc == CURLE_FILESIZE_EXCEEDED)
			return too_large_text(o->max_body);
		return xasprintf("%s", eb);
	case CURLE_BAD_CONTENT_ENCODING:
		return xasprintf("could not decode the answer: %s", eb);
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return xasprintf("invalid service URL: %s", eb);
	default:
		return xasprintf("%s", eb);
	}
}
