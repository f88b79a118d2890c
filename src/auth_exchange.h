/* One OAuth2 token exchange (the refresh_token grant, RFC 6749 §6) as the
 * vdk CLI sends it, run on a multi handle its caller owns so that another
 * thread can interrupt it at once (curl_multi_wakeup after setting
 * *cancel). Nothing here keeps state between exchanges. */
#ifndef VDKTOP_AUTH_EXCHANGE_H
#define VDKTOP_AUTH_EXCHANGE_H

#include <stdatomic.h>
#include <stdbool.h>

struct auth_exchange {
	const char *url;           /* the token endpoint */
	const char *secret;        /* the API token or the refresh token */
	const char *client_id;     /* with client_secret: HTTP Basic client auth */
	const char *client_secret; /* NULL: no client authentication */
	const char *ca_file;       /* NULL: the system store; TLS is always verified */
	long connect_timeout_ms, timeout_ms;
};

/* Blocking, until the answer, the timeout or *cancel. multi is a CURLM *.
 * 0 with *token (owned) and *expires_in (seconds, 0 when not given), or -1
 * with *err (owned, never holding a secret or the endpoint's free text):
 * "token exchange failed: HTTP 400 (invalid_grant)", "... timed out after
 * 30 s", "token exchange cancelled". */
int auth_exchange_run(const struct auth_exchange *x, void *multi, const atomic_bool *cancel, char **token,
		      double *expires_in, char **err);

#endif
