#include "conn.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "transport.h"

void conn_http_options(const struct config *cfg, const struct context *ctx, struct http_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->connect_timeout_ms = (cfg->connect_timeout_s > 0 ? cfg->connect_timeout_s : 10) * 1000;
	opt->timeout_ms = (cfg->timeout_s > 0 ? cfg->timeout_s : 30) * 1000;
	opt->max_body = (size_t)(cfg->max_body_mb > 0 ? cfg->max_body_mb : 64) << 20;
	opt->ca_file = ctx->ca_file;
	opt->insecure = ctx->insecure;
	opt->user_agent = "vdktop/" VDKTOP_VERSION;
}

char *conn_host(const char *url)
{
	return transport_host_port(url);
}

int conn_check_url(const struct context *ctx, bool has_token, char **err)
{
	if (str_empty(ctx->url)) {
		*err = xasprintf("context %s has no url (set url in the config, --url, or "
			"VDK_CONTROL_SERVICE_REST_API_URL)", ctx->name ? ctx->name : "-");
		return -1;
	}
	if (strncasecmp(ctx->url, "https://", 8) != 0 && strncasecmp(ctx->url, "http://", 7) != 0) {
		*err = xasprintf("context %s: url must start with https:// or http://", ctx->name ? ctx->name : "-");
		return -1;
	}
	/* user:password@ in the URL is a credential too (sent as Basic auth). */
	bool userinfo = transport_url_has_userinfo(ctx->url);
	if (!has_token && !userinfo)
		return 0;
	return transport_check_secret(ctx->url, ctx->allow_plain_http,
				      has_token ? "a token" : "the credentials in the URL (user:password@)", ctx->name, err);
}

struct http_client *conn_client(const struct config *cfg, const struct context *ctx, struct auth **auth_out, char **err)
{
	*auth_out = NULL;
	*err = NULL;
	if (conn_check_url(ctx, false, err) < 0)
		return NULL;
	struct http_options opt;
	conn_http_options(cfg, ctx, &opt);
	struct auth *auth = auth_new(ctx, &opt, err);
	if (!auth && *err)
		return NULL;
	/* The token may come from the context, the environment or the vdk
	 * CLI's cache: ask the auth whether it has a source at all. */
	bool has_token = !str_empty(ctx->token) || !str_empty(ctx->token_file) || !str_empty(ctx->api_token) ||
		(auth && !str_starts_with(auth_describe(auth), "no token"));
	if (conn_check_url(ctx, has_token, err) < 0) {
		auth_free(auth);
		return NULL;
	}
	struct http_token_provider tokens;
	if (auth)
		auth_token_provider(auth, &tokens);
	struct http_client *http = http_client_new(&opt, auth ? &tokens : NULL);
	if (!http) {
		auth_free(auth);
		*err = xstrdup("cannot initialise the HTTP client");
		return NULL;
	}
	*auth_out = auth;
	return http;
}

struct conn *conn_open(const struct config *cfg, const struct context *ctx, int wake_fd, char **err)
{
	struct auth *auth;
	struct http_client *http = conn_client(cfg, ctx, &auth, err);
	if (!http)
		return NULL;
	struct conn *c = xcalloc(1, sizeof *c);
	c->auth = auth;
	c->worker = worker_new(http, ctx->url, wake_fd);
	c->host = conn_host(ctx->url);
	if (auth_endpoint(auth))
		c->token_host = transport_host_port(auth_endpoint(auth));
	if (worker_start(c->worker) < 0) {
		*err = xstrdup("cannot start the background thread");
		conn_close(c);
		return NULL;
	}
	return c;
}

void conn_close(struct conn *c)
{
	if (!c)
		return;
	/* The worker (and its http client) first: it uses the auth. Neither
	 * waits for a token exchange under way: the worker's loop never
	 * blocks on one, and auth_free interrupts it. */
	worker_free(c->worker);
	auth_free(c->auth);
	free(c->host);
	free(c->token_host);
	free(c);
}

char *conn_token_note(const struct conn *c)
{
	if (!c || !c->token_host || !auth_exchanging(c->auth))
		return NULL;
	return xasprintf("waiting for the token endpoint %s", c->token_host);
}
