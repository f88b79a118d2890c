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
 * Tokens never appear in any text this module returns.
 *
 * Threads: one struct auth is used by the thread that drives its HTTP
 * client (auth_token, auth_refresh may block on a token exchange).
 * auth_describe and auth_can_refresh may be read from any thread: they
 * change only inside auth_new. */
#ifndef VDKTOP_AUTH_H
#define VDKTOP_AUTH_H

#include <stdbool.h>

struct context;
struct http_options;
struct auth;

/* Returns NULL with *err (owned) only for a source that is configured but
 * unusable (an unreadable token_file, an empty token, a token endpoint
 * that is not https:// or loopback without ctx->allow_plain_http). No
 * source at all is not an error: the auth then gives no token. opt may be
 * NULL (defaults); it supplies timeouts and TLS settings for the token
 * exchange. No network traffic happens here. */
struct auth *auth_new(const struct context *ctx, const struct http_options *opt, char **err);
void auth_free(struct auth *a);

/* The current access token, or NULL when there is none. When the token
 * is refreshable and missing or within 60 s of its expiry, refreshes it
 * first (blocking); a failed refresh leaves the old token in place and is
 * not retried for a few seconds. Borrowed: valid until the next call. */
const char *auth_token(struct auth *a);
bool auth_can_refresh(const struct auth *a);
/* Exchanges for a new access token now. 0, or -1 with *err (owned,
 * token-free) such as "token exchange failed: HTTP 400 (invalid_grant)". */
int auth_refresh(struct auth *a, char **err);
/* "API token via vdk-cred.json", "static token from the configuration",
 * "no token" … never the secret. */
const char *auth_describe(const struct auth *a);
/* The last refresh failure, or NULL. Same thread rules as auth_token. */
const char *auth_last_error(const struct auth *a);

/* For tests and diagnostics: the epoch second the current token expires
 * (0 when unknown or static). */
double auth_expires_at(const struct auth *a);

#endif
