#include "auth.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "auth_exchange.h"
#include "config.h"
#include "http.h"
#include "jsonread.h"
#include "safefile.h"
#include "transport.h"

#ifndef VDKTOP_VERSION
#define VDKTOP_VERSION "dev"
#endif

enum flow {
	FLOW_NONE,
	FLOW_STATIC,
	FLOW_API_TOKEN,   /* refresh_token grant with the API token, no client auth */
	FLOW_CREDENTIALS, /* refresh_token grant with HTTP Basic client auth */
};

struct auth {
	enum flow flow;
	char *token;
	double expires_at;
	bool expiry_known;
	char *secret; /* the API token or the refresh token */
	char *url;    /* the token endpoint */
	char *client_id;
	char *client_secret;
	char *cache_path; /* write refreshed tokens back here */
	char *describe;
	long connect_timeout_ms;
	long timeout_ms;
	char *ca_file;

	/* Everything below changes after auth_new, under mu: the token (and
	 * expiry) is replaced by the refresh thread. */
	pthread_mutex_t mu;
	pthread_cond_t refreshed;  /* a refresh ended */
	unsigned long gen;         /* of the current token, bumped with each new one */
	bool token_bad;            /* the service rejected the current token */
	bool refreshing;           /* the refresh thread runs */
	bool joinable;             /* ... or ran: join before the next */
	pthread_t thread;
	atomic_bool cancel;
	CURLM *multi;              /* of the exchange under way, to interrupt it */
	void (*ready)(void *);     /* the subscriber told when a refresh ends */
	void *ready_arg;
	char *last_error;
	long long last_fail_ms;
};

/* Seconds before expiry at which a token is renewed (the vdk CLI's rule). */
#define REFRESH_MARGIN_S 60
/* After a failed exchange, no new one starts for this long (unless the
 * caller insists, auth_refresh), so an unreachable token endpoint is not
 * hit for every request. */
#define RETRY_AFTER_MS 5000
#define MAX_SECRET_FILE (64 * 1024)
#define MAX_CACHE_FILE (1024 * 1024)

static void wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static void stop_refresh(struct auth *a);

void auth_free(struct auth *a)
{
	if (!a)
		return;
	stop_refresh(a);
	pthread_cond_destroy(&a->refreshed);
	pthread_mutex_destroy(&a->mu);
	wipe_free(a->token);
	wipe_free(a->secret);
	wipe_free(a->client_secret);
	free(a->url);
	free(a->client_id);
	free(a->cache_path);
	free(a->describe);
	free(a->last_error);
	free(a->ca_file);
	free(a);
}

static double now_epoch(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *trim_dup(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	return xstrndup(s, len);
}

/* A token endpoint receives a long-lived secret: only over TLS, or
 * straight to this machine, unless the context explicitly allows plain
 * HTTP (transport.h). */
static int check_token_url(const char *url, const struct context *ctx, char **err)
{
	char *scheme = NULL;
	CURLU *u = curl_url();
	int rc = -1;
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
		/* Not echoed: it may carry user:password@. */
		*err = xstrdup("the authorization URL does not parse");
	else if (strcasecmp(scheme, "https") != 0 && strcasecmp(scheme, "http") != 0)
		*err = xasprintf("unsupported authorization URL scheme: %s", scheme);
	else
		rc = transport_check_secret(url, ctx && ctx->allow_plain_http, "the API token",
					    ctx && ctx->name ? ctx->name : "-", err);
	curl_free(scheme);
	curl_url_cleanup(u);
	return rc;
}

static char *default_cache_path(void)
{
	const char *base = getenv("VDK_BASE_CONFIG_FOLDER");
	if (str_empty(base))
		base = getenv("HOME");
	if (str_empty(base))
		return NULL;
	return xasprintf("%s/.vdk.internal/vdk-cred.json", base);
}

static void load_cache(struct auth *a, const char *path, const struct context *ctx, char **err)
{
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT) {
		a->describe = xstrdup("no token");
		return;
	}
	char *data = NULL, *rerr = NULL;
	size_t len = 0;
	if (safefile_read(path, MAX_CACHE_FILE, false, &data, &len, &rerr) != 0) {
		a->describe = xasprintf("no token (%s)", rerr ? rerr : "vdk-cred.json unreadable");
		free(rerr);
		return;
	}
	char *perr = NULL;
	struct json_object *o = jr_parse(data, len, &perr);
	explicit_bzero(data, len);
	free(data);
	if (!jr_is(o, json_type_object)) {
		a->describe = xasprintf("no token (vdk-cred.json: %s)", perr ? perr : "not a JSON object");
		free(perr);
		json_object_put(o);
		return;
	}
	const char *type = jr_str(o, "auth_type");
	const char *access = jr_str(o, "access_token");
	double exp = jr_double(o, "access_token_expiration_time", 0);
	const char *api_token = jr_str(o, "api_token"), *api_url = jr_str(o, "api_token_authorization_url");
	const char *refresh = jr_str(o, "refresh_token"), *url = jr_str(o, "authorization_url");
	const char *cid = jr_str(o, "client_id"), *csecret = jr_str(o, "client_secret");

	if (str_eq(type, "api-token") && !str_empty(api_token) && !str_empty(api_url)) {
		a->flow = FLOW_API_TOKEN;
		a->secret = xstrdup(api_token);
		a->url = xstrdup(api_url);
		a->describe = xstrdup("API token via vdk-cred.json");
	} else if (str_eq(type, "credentials") && !str_empty(refresh) && !str_empty(url) && !str_empty(cid) &&
		   !str_empty(csecret)) {
		/* Without a client secret (a PKCE login) the vdk CLI cannot
		 * refresh either: such logins fall through to the static case. */
		a->flow = FLOW_CREDENTIALS;
		a->secret = xstrdup(refresh);
		a->url = xstrdup(url);
		a->client_id = xstrdup(cid);
		a->client_secret = xstrdup(csecret);
		a->describe = xstrdup("vdk login (credentials) via vdk-cred.json");
	}
	if (a->flow != FLOW_NONE) {
		if (check_token_url(a->url, ctx, err) != 0) {
			json_object_put(o);
			return;
		}
		a->cache_path = xstrdup(path);
		a->token = str_empty(access) ? NULL : xstrdup(access);
		/* A missing expiry reads as 0: renewed before first use, as
		 * the vdk CLI does. */
		a->expires_at = exp;
		a->expiry_known = true;
	} else if (!str_empty(access) && (exp <= 0 || exp >= now_epoch() + REFRESH_MARGIN_S)) {
		a->flow = FLOW_STATIC;
		a->token = xstrdup(access);
		a->expires_at = exp;
		a->expiry_known = exp > 0;
		a->describe = xstrdup("access token from vdk-cred.json (not refreshable)");
	} else if (!str_empty(access)) {
		a->describe = xstrdup("no token (the token in vdk-cred.json expired: run vdk login)");
	} else {
		a->describe = xstrdup("no token (vdk-cred.json holds none)");
	}
	json_object_put(o);
}

struct auth *auth_new(const struct context *ctx, const struct http_options *opt, char **err)
{
	http_global_init();
	struct auth *a = xcalloc(1, sizeof(*a));
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->refreshed, NULL);
	atomic_init(&a->cancel, false);
	char *e = NULL;
	a->connect_timeout_ms = opt && opt->connect_timeout_ms > 0 ? opt->connect_timeout_ms : 10000;
	a->timeout_ms = opt && opt->timeout_ms > 0 ? opt->timeout_ms : 30000;
	/* opt->insecure is not taken: the token endpoint is always verified. */
	a->ca_file = opt ? xstrdup(opt->ca_file) : NULL;
	const char *env_token = getenv("VDK_API_TOKEN"), *env_url = getenv("VDK_API_TOKEN_AUTHORIZATION_URL");

	if (ctx && !str_empty(ctx->token)) {
		a->flow = FLOW_STATIC;
		a->token = trim_dup(ctx->token, strlen(ctx->token));
		a->describe = xstrdup(ctx->token_from_env ? "static token from VDKTOP_TOKEN"
							  : "static token from the configuration");
	} else if (ctx && !str_empty(ctx->token_file)) {
		char *data = NULL, *rerr = NULL;
		size_t len = 0;
		if (safefile_read_secret(ctx->token_file, MAX_SECRET_FILE, &data, &len, &rerr) != 0) {
			e = xasprintf("token file: %s", rerr ? rerr : ctx->token_file);
			free(rerr);
			goto fail;
		}
		a->token = trim_dup(data, len);
		explicit_bzero(data, len);
		free(data);
		if (str_empty(a->token)) {
			e = xasprintf("token file %s is empty", ctx->token_file);
			goto fail;
		}
		if (strpbrk(a->token, "\r\n")) {
			e = xasprintf("token file %s holds more than one line", ctx->token_file);
			goto fail;
		}
		a->flow = FLOW_STATIC;
		a->describe = xasprintf("static token from %s", ctx->token_file);
	} else if (ctx && !str_empty(ctx->api_token)) {
		if (str_empty(ctx->authorization_url)) {
			e = xstrdup("api_token needs authorization_url (the OAuth2 token endpoint)");
			goto fail;
		}
		if (check_token_url(ctx->authorization_url, ctx, &e) != 0)
			goto fail;
		a->flow = FLOW_API_TOKEN;
		a->secret = trim_dup(ctx->api_token, strlen(ctx->api_token));
		a->url = xstrdup(ctx->authorization_url);
		a->describe = xstrdup("API token from the configuration");
	} else {
		/* The vdk CLI's order (api-notes §4.7, §6.2): the cached access
		 * token while valid, then the cached login's own refresh, and
		 * only then VDK_API_TOKEN from the environment. */
		char *path = ctx && !str_empty(ctx->cred_file) ? xstrdup(ctx->cred_file) : default_cache_path();
		if (path)
			load_cache(a, path, ctx, &e);
		else
			a->describe = xstrdup("no token");
		free(path);
		if (e)
			goto fail;
		if (a->flow == FLOW_NONE && !str_empty(env_token) && !str_empty(env_url)) {
			if (check_token_url(env_url, ctx, &e) != 0)
				goto fail;
			free(a->describe);
			a->flow = FLOW_API_TOKEN;
			a->secret = trim_dup(env_token, strlen(env_token));
			a->url = xstrdup(env_url);
			a->describe = xstrdup("API token from VDK_API_TOKEN");
		}
	}
	if (a->token && strpbrk(a->token, "\r\n")) {
		e = xstrdup("the token contains a line break");
		goto fail;
	}
	return a;
fail:
	auth_free(a);
	if (err)
		*err = e;
	else
		free(e);
	return NULL;
}

bool auth_can_refresh(const struct auth *a)
{
	return a && (a->flow == FLOW_API_TOKEN || a->flow == FLOW_CREDENTIALS);
}

const char *auth_describe(const struct auth *a)
{
	return a && a->describe ? a->describe : "no token";
}

/* The last refresh failure, or NULL: borrowed, so read it only while no
 * refresh runs (after auth_refresh or auth_token returned). */
const char *auth_last_error(const struct auth *a)
{
	return a ? a->last_error : NULL;
}

double auth_expires_at(const struct auth *a)
{
	if (!a)
		return 0;
	struct auth *m = (struct auth *)a; /* the lock only */
	pthread_mutex_lock(&m->mu);
	double r = a->expiry_known ? a->expires_at : 0;
	pthread_mutex_unlock(&m->mu);
	return r;
}

bool auth_exchanging(struct auth *a)
{
	if (!a)
		return false;
	pthread_mutex_lock(&a->mu);
	bool r = a->refreshing;
	pthread_mutex_unlock(&a->mu);
	return r;
}

const char *auth_endpoint(const struct auth *a)
{
	return auth_can_refresh(a) ? a->url : NULL;
}

/* ---- writing refreshed tokens back to the vdk CLI's cache ---------------- */

/* NULL, or why the cache could not be written. */
static char *write_cache(const char *path, const char *token, double exp)
{
	char *data = NULL, *rerr = NULL;
	size_t len = 0;
	struct json_object *o = NULL;
	/* Re-read the file: the vdk CLI may have changed it meanwhile, and
	 * keys this program does not know must survive. */
	if (safefile_read(path, MAX_CACHE_FILE, false, &data, &len, &rerr) == 0) {
		char *perr = NULL;
		o = jr_parse(data, len, &perr);
		free(perr);
		explicit_bzero(data, len);
		free(data);
	}
	free(rerr);
	if (!jr_is(o, json_type_object)) {
		json_object_put(o);
		o = json_object_new_object();
	}
	json_object_object_add(o, "access_token", json_object_new_string(token));
	char num[64];
	snprintf(num, sizeof(num), "%.3f", exp);
	json_object_object_add(o, "access_token_expiration_time", json_object_new_double_s(exp, num));
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	char *werr = NULL, *r = NULL;
	if (safefile_write(path, text, strlen(text), 0600, true, &werr) != 0)
		r = xasprintf("could not update the token cache: %s", werr ? werr : "?");
	free(werr);
	explicit_bzero((char *)text, strlen(text));
	json_object_put(o);
	return r;
}

/* ---- the refresh thread --------------------------------------------------- */

static void *refresh_main(void *arg)
{
	struct auth *a = arg;
	/* Everything the exchange reads is fixed since auth_new. */
	struct auth_exchange x = {
		.url = a->url,
		.secret = a->secret,
		.client_id = a->client_id,
		.client_secret = a->flow == FLOW_CREDENTIALS ? a->client_secret : NULL,
		.ca_file = a->ca_file,
		.connect_timeout_ms = a->connect_timeout_ms,
		.timeout_ms = a->timeout_ms,
	};
	CURLM *multi = curl_multi_init();
	pthread_mutex_lock(&a->mu);
	a->multi = multi;
	pthread_mutex_unlock(&a->mu);

	char *token = NULL, *err = NULL;
	double in = 0;
	int rc = multi ? auth_exchange_run(&x, multi, &a->cancel, &token, &in, &err) : -1;
	if (!multi)
		err = xstrdup("token exchange failed: could not start a request");
	double exp = in > 0 ? now_epoch() + in : 0;
	/* A refreshed token goes back to the vdk CLI's cache (file work,
	 * outside the lock). */
	if (rc == 0 && a->cache_path)
		err = write_cache(a->cache_path, token, in > 0 ? exp : now_epoch());

	pthread_mutex_lock(&a->mu);
	a->multi = NULL;
	if (rc == 0) {
		wipe_free(a->token);
		a->token = token;
		token = NULL;
		/* Without expires_in the token is kept until the service
		 * rejects it. */
		a->expiry_known = in > 0;
		a->expires_at = exp;
		a->gen++;
		a->token_bad = false;
		a->last_fail_ms = 0;
		free(a->last_error);
		a->last_error = err; /* a cache write failure, or NULL */
	} else {
		free(a->last_error);
		a->last_error = err;
		a->last_fail_ms = now_ms();
	}
	err = NULL;
	a->refreshing = false;
	pthread_cond_broadcast(&a->refreshed);
	/* Under the lock, so that unsubscribing waits for this call. */
	if (a->ready)
		a->ready(a->ready_arg);
	pthread_mutex_unlock(&a->mu);
	if (multi)
		curl_multi_cleanup(multi);
	wipe_free(token);
	return NULL;
}

/* Starts a refresh unless one runs (lock held). -1 when no thread could
 * be started (last_error says so). */
static int start_refresh_locked(struct auth *a)
{
	if (a->refreshing)
		return 0;
	if (a->joinable) {
		/* It has finished but for its last instructions. */
		pthread_join(a->thread, NULL);
		a->joinable = false;
	}
	atomic_store(&a->cancel, false);
	/* No signal is the refresh thread's to take. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&a->thread, NULL, refresh_main, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		free(a->last_error);
		a->last_error = xstrdup("token exchange failed: cannot start a thread");
		a->last_fail_ms = now_ms();
		return -1;
	}
	a->refreshing = a->joinable = true;
	return 0;
}

/* Interrupts a refresh under way (at once: its transfer is dropped) and
 * waits for its thread. */
static void stop_refresh(struct auth *a)
{
	pthread_mutex_lock(&a->mu);
	atomic_store(&a->cancel, true);
	if (a->multi)
		curl_multi_wakeup(a->multi);
	bool join = a->joinable;
	a->joinable = false;
	a->ready = NULL;
	pthread_mutex_unlock(&a->mu);
	if (join)
		pthread_join(a->thread, NULL);
}

/* ---- the token, as http asks for it ---------------------------------------- */

/* Whether the current token may still be sent (lock held). */
static bool usable_locked(const struct auth *a)
{
	return a->token && !a->token_bad && (!a->expiry_known || a->expires_at > now_epoch());
}

/* A token that is due is renewed before it is sent, as the vdk CLI does;
 * a caller that waited (after_wait, *gen as the WAIT left it) takes the
 * token that came meanwhile, even one that is due again at once (a
 * lifetime under the margin). After a failed exchange a token that has
 * not expired is still sent. */
static enum http_token get_locked(struct auth *a, bool after_wait, char **token, unsigned long *gen, char **err)
{
	if (auth_can_refresh(a)) {
		bool due = !a->token || a->token_bad || (a->expiry_known && a->expires_at < now_epoch() + REFRESH_MARGIN_S);
		bool fresh = after_wait && a->gen != *gen && usable_locked(a);
		bool recent_fail = a->last_fail_ms != 0 && now_ms() - a->last_fail_ms < RETRY_AFTER_MS;
		if (due && !fresh) {
			if (a->refreshing || (!recent_fail && start_refresh_locked(a) == 0)) {
				*gen = a->gen;
				return HTTP_TOKEN_WAIT;
			}
			if (!usable_locked(a)) {
				*err = xstrdup(a->last_error ? a->last_error : "token exchange failed");
				return HTTP_TOKEN_FAILED;
			}
		}
	}
	if (!a->token)
		return HTTP_TOKEN_NONE;
	*token = xstrdup(a->token);
	*gen = a->gen;
	return HTTP_TOKEN_READY;
}

static enum http_token provider_get(void *ud, bool after_wait, char **token, unsigned long *gen, char **err)
{
	struct auth *a = ud;
	pthread_mutex_lock(&a->mu);
	enum http_token r = get_locked(a, after_wait, token, gen, err);
	pthread_mutex_unlock(&a->mu);
	return r;
}

static bool provider_rejected(void *ud, unsigned long gen)
{
	struct auth *a = ud;
	if (!auth_can_refresh(a))
		return false;
	pthread_mutex_lock(&a->mu);
	/* A token newer than the one refused may already be here. */
	if (gen == a->gen)
		a->token_bad = true;
	pthread_mutex_unlock(&a->mu);
	return true;
}

static void provider_subscribe(void *ud, void (*ready)(void *arg), void *arg)
{
	struct auth *a = ud;
	pthread_mutex_lock(&a->mu);
	a->ready = ready;
	a->ready_arg = arg;
	pthread_mutex_unlock(&a->mu);
}

void auth_token_provider(struct auth *a, struct http_token_provider *out)
{
	*out = (struct http_token_provider){
		.ud = a,
		.get = provider_get,
		.rejected = provider_rejected,
		.subscribe = provider_subscribe,
	};
}

/* ---- blocking forms ------------------------------------------------------ */

const char *auth_token(struct auth *a)
{
	if (!a)
		return NULL;
	pthread_mutex_lock(&a->mu);
	char *tok = NULL, *err = NULL;
	unsigned long gen = 0;
	enum http_token r;
	bool waited = false;
	while ((r = get_locked(a, waited, &tok, &gen, &err)) == HTTP_TOKEN_WAIT) {
		while (a->refreshing)
			pthread_cond_wait(&a->refreshed, &a->mu);
		waited = true;
	}
	free(err);
	wipe_free(tok);
	const char *cur = r == HTTP_TOKEN_READY ? a->token : NULL;
	pthread_mutex_unlock(&a->mu);
	return cur;
}

int auth_refresh(struct auth *a, char **err)
{
	if (!auth_can_refresh(a)) {
		if (err)
			*err = xstrdup("this token cannot be refreshed");
		return -1;
	}
	pthread_mutex_lock(&a->mu);
	unsigned long before = a->gen;
	int rc = start_refresh_locked(a);
	while (rc == 0 && a->refreshing)
		pthread_cond_wait(&a->refreshed, &a->mu);
	rc = a->gen != before ? 0 : -1;
	if (rc < 0 && err)
		*err = xstrdup(a->last_error ? a->last_error : "token exchange failed");
	pthread_mutex_unlock(&a->mu);
	return rc;
}
