/* What a failed transfer says (http_fail.c): http builds the line from
 * what it knew when the transfer failed. */
#ifndef VDKTOP_HTTP_FAIL_H
#define VDKTOP_HTTP_FAIL_H

#include <stdbool.h>

#include "http.h"

/* The headers of an answer, all lines together: far above what any
 * service sends, far below what would cost memory. Beyond it the
 * transfer stops with its own message (curl's would be "Out of memory",
 * or nothing until its own, larger, limit). */
#define HTTP_MAX_HEADER (64 * 1024)

struct http_failure {
	int code;                 /* the CURLcode */
	long os_errno;
	const char *errbuf;       /* curl's error buffer, may be empty */
	const char *url;
	const struct http_options *opt;
	bool header_too_large;    /* over HTTP_MAX_HEADER: the transfer was stopped */
	bool in_headers;          /* a status line came, the blank line not yet */
	bool body_too_large;      /* over opt->max_body */
};

/* One line (owned). It is built from curl's error buffer, which names
 * hosts and ports but never headers, so no token gets in. */
char *http_failure_text(const struct http_failure *f);

#endif
