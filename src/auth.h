/* Bearer tokens for the Control Service.
 *
 * Sources, first one configured wins:
 *   1. ctx->token                       a static token
 *   2. ctx->token_file                  a file holding one (trimmed)
 *   3. ctx->api_token + authorization_url
 *                                       the vdk CLI's API-token flow: the API
 *                                       token is exchanged for short-lived
 *                                       access tokens (OAuth2 refresh_token
 *                                       grant, no client credentials)
 *   4. env VDK_API_TOKEN + VDK_API_TOKEN_AUTHORIZATION_URL  (the same flow)
 *   5. the vdk CLI's cache vdk-cred.json (ctx->cred_file, else
 *      $VDK_BASE_CONFIG_FOLDER or $HOME, then /.vdk.internal/vdk-cred.json):
 *      its access token, refreshed through its api-token or credentials
 *      login; refreshed tokens are written back (0600, atomically, unknown
 *      keys kept) so the vdk CLI sees them too.
 * Flows 3 and 4 keep their tokens in memory only: they never overwrite a
 * login the user made with the vdk CLI.
 *
 * Tokens never appear in any text this module returns. The token endpoint
 * gets the plain-http rule of transport.h and TLS verification always:
 * the context's insecure applies to the service only.
 *
 * Threads: a token exchange runs on a thread of its own, so the thread
 * that drives the HTTP client (through auth_token_provider) never waits
 * for one, and auth_free interrupts one under way at once. auth_describe
 * and auth_can_refresh may be read from any thread: they change only
 * inside auth_new. */
#ifndef VDKTOP_AUTH_H
#define VDKTOP_AUTH_H

#include <stdbool.h>

struct context;
struct http_options;
struct http_token_provider;
struct auth;

/* Returns NULL with *err (owned) only for a source that is configured but
 * unusable (an unreadable token_file, an empty token, a token endpoint
 * that is not https:// or straight to loopback without
 * ctx->allow_plain_http). No source at all is not an error: the auth then
 * gives no token. opt may be NULL (defaults); it supplies timeouts and the
 * CA file for the token exchange. No network traffic happens here. */
struct auth *auth_new(const struct context *ctx, const struct http_options *opt, char **err);
/* Interrupts a token exchange under way, then frees. */
void auth_free(struct auth *a);

/* The token provider an http client takes (http.h): it never blocks. A
 * refreshable token that is missing, rejected by the service or within
 * 60 s of its expiry is renewed on the refresh thread while requests
 * wait; a failed exchange fails them with its reason ("token exchange
 * failed: timed out after 30 s") unless the old token has not expired,
 * and is not tried again for a few seconds. a must outlive the client. */
void auth_token_provider(struct auth *a, struct http_token_provider *out);

/* Blocking forms, for callers without an event loop (tests, tools). The
 * current access token, or NULL when there is none, renewed first by the
 * rule above. Borrowed: valid until the next call. */
const char *auth_token(struct auth *a);
bool auth_can_refresh(const struct auth *a);
/* Exchanges for a new access token now. 0, or -1 with *err (owned,
 * token-free) such as "token exchange failed: HTTP 400 (invalid_grant)". */
int auth_refresh(struct auth *a, char **err);
/* "API token via vdk-cred.json", "static token from the configuration",
 * "no token" … never the secret. */
const char *auth_describe(const struct auth *a);
/* The last refresh failure, or NULL. Borrowed: read it only while no
 * refresh runs (after auth_token or auth_refresh). */
const char *auth_last_error(const struct auth *a);

/* Whether a token exchange is under way (any thread). */
bool auth_exchanging(struct auth *a);
/* The token endpoint, or NULL when the token is not refreshable; fixed
 * since auth_new (any thread). It may hold user:password@. */
const char *auth_endpoint(const struct auth *a);

/* For tests and diagnostics: the epoch second the current token expires
 * (0 when unknown or static). */
double auth_expires_at(const struct auth *a);

#endif
