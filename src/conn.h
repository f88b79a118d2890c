/* One context's link to the service: auth, http client and worker thread.
 * Built at start and rebuilt by ':ctx'; main uses the same pieces for the
 * blocking --check. */
#ifndef VDKTOP_CONN_H
#define VDKTOP_CONN_H

#include <stdbool.h>

#include "config.h"
#include "http.h"
#include "worker.h"

struct auth;

struct conn {
	struct auth *auth;       /* may be NULL: no credentials */
	struct worker *worker;   /* owns the http client */
	char *host;              /* "host:port" for the header, no credentials */
	char *token_host;        /* "host:port" of the token endpoint, or NULL */
};

/* Timeouts, body cap and TLS settings of a context. */
void conn_http_options(const struct config *cfg, const struct context *ctx, struct http_options *opt);
/* "host[:port]" of a URL, without user info; "-" when there is none. */
char *conn_host(const char *url);
/* Checks the URL's form, and refuses to send credentials (has_token) over
 * plain http:// to anything but loopback unless the context allows it.
 * 0 or -1 with *err. */
int conn_check_url(const struct context *ctx, bool has_token, char **err);
/* Auth and a blocking-capable http client for ctx; *auth_out may be NULL.
 * NULL with *err on failure. */
struct http_client *conn_client(const struct config *cfg, const struct context *ctx, struct auth **auth_out, char **err);
/* Everything, with the worker started and waking wake_fd. */
struct conn *conn_open(const struct config *cfg, const struct context *ctx, int wake_fd, char **err);
void conn_close(struct conn *c);
/* A status note while a token exchange is under way ("waiting for the
 * token endpoint host:port"), else NULL. Owned. */
char *conn_token_note(const struct conn *c);

#endif
