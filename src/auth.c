#include "auth.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "config.h"
#include "http.h"
#include "jsonread.h"
#include "safefile.h"

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
	char *last_error;
	long long last_fail_ms;
	long connect_timeout_ms;
	long timeout_ms;
	char *ca_file;
	bool insecure;
};

/* Seconds before expiry at which a token is renewed (the vdk CLI's rule). */
#define REFRESH_MARGIN_S 60
/* After a failed exchange, auth_token waits this long before trying
 * again, so an unreachable token endpoint is not hit for every request. */
#define RETRY_AFTER_MS 5000
#define MAX_SECRET_FILE (64 * 1024)
#define MAX_CACHE_FILE (1024 * 1024)
#define MAX_TOKEN_ANSWER (1024 * 1024)

static void wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void auth_free(struct auth *a)
{
	if (!a)
		return;
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

/* A token endpoint receives a long-lived secret: only over TLS, or to
 * this machine, unless the context explicitly allows plain HTTP. */
static int check_token_url(const char *url, bool allow_plain, char **err)
{
	char *scheme = NULL, *host = NULL;
	int rc = -1;
	CURLU *u = curl_url();
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		*err = xasprintf("invalid authorization URL: %s", url);
		goto out;
	}
	if (strcasecmp(scheme, "https") == 0) {
		rc = 0;
	} else if (strcasecmp(scheme, "http") == 0) {
		if (allow_plain || strcasecmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 ||
		    strcmp(host, "[::1]") == 0 || strcmp(host, "::1") == 0)
			rc = 0;
		else
			*err = xasprintf("refusing to send the API token over plain http to %s "
					 "(use https, or set allow_plain_http in the context)", host);
	} else {
		*err = xasprintf("unsupported authorization URL scheme: %s", scheme);
	}
out:
	curl_free(scheme);
	curl_free(host);
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

static void load_cache(struct auth *a, const char *path, bool allow_plain, char **err)
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
		if (check_token_url(a->url, allow_plain, err) != 0) {
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
	char *e = NULL;
	a->connect_timeout_ms = opt && opt->connect_timeout_ms > 0 ? opt->connect_timeout_ms : 10000;
	a->timeout_ms = opt && opt->timeout_ms > 0 ? opt->timeout_ms : 30000;
	a->ca_file = opt ? xstrdup(opt->ca_file) : NULL;
	a->insecure = opt && opt->insecure;
	bool allow_plain = ctx && ctx->allow_plain_http;
	const char *env_token = getenv("VDK_API_TOKEN"), *env_url = getenv("VDK_API_TOKEN_AUTHORIZATION_URL");

	if (ctx && !str_empty(ctx->token)) {
		a->flow = FLOW_STATIC;
		a->token = trim_dup(ctx->token, strlen(ctx->token));
		a->describe = xstrdup("static token from the configuration");
	} else if (ctx && !str_empty(ctx->token_file)) {
		char *data = NULL, *rerr = NULL;
		size_t len = 0;
		if (safefile_read(ctx->token_file, MAX_SECRET_FILE, false, &data, &len, &rerr) != 0) {
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
		if (check_token_url(ctx->authorization_url, allow_plain, &e) != 0)
			goto fail;
		a->flow = FLOW_API_TOKEN;
		a->secret = trim_dup(ctx->api_token, strlen(ctx->api_token));
		a->url = xstrdup(ctx->authorization_url);
		a->describe = xstrdup("API token from the configuration");
	} else if (!str_empty(env_token) && !str_empty(env_url)) {
		if (check_token_url(env_url, allow_plain, &e) != 0)
			goto fail;
		a->flow = FLOW_API_TOKEN;
		a->secret = trim_dup(env_token, strlen(env_token));
		a->url = xstrdup(env_url);
		a->describe = xstrdup("API token from VDK_API_TOKEN");
	} else {
		char *path = ctx && !str_empty(ctx->cred_file) ? xstrdup(ctx->cred_file) : default_cache_path();
		if (path)
			load_cache(a, path, allow_plain, &e);
		else
			a->describe = xstrdup("no token");
		free(path);
		if (e)
			goto fail;
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

const char *auth_last_error(const struct auth *a)
{
	return a ? a->last_error : NULL;
}

double auth_expires_at(const struct auth *a)
{
	return a && a->expiry_known ? a->expires_at : 0;
}

const char *auth_token(struct auth *a)
{
	if (!a)
		return NULL;
	if (auth_can_refresh(a)) {
		bool due = !a->token || (a->expiry_known && a->expires_at < now_epoch() + REFRESH_MARGIN_S);
		if (due && (a->last_fail_ms == 0 || now_ms() - a->last_fail_ms >= RETRY_AFTER_MS)) {
			char *err = NULL;
			auth_refresh(a, &err);
			free(err);
		}
	}
	return a->token;
}

static size_t on_answer(char *data, size_t size, size_t n, void *ud)
{
	struct strbuf *sb = ud;
	size_t len = size * n;
	if (sb->len + len > MAX_TOKEN_ANSWER)
		return 0;
	strbuf_append(sb, data, len);
	return len;
}

/* An OAuth2 error code is a short ASCII word ("invalid_grant"); anything
 * else from the endpoint is not repeated, since it could echo a secret. */
static bool safe_code(const char *s)
{
	if (str_empty(s) || strlen(s) > 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-' || *p == '.'))
			return false;
	return true;
}

static void write_cache(struct auth *a)
{
	char *data = NULL, *rerr = NULL;
	size_t len = 0;
	struct json_object *o = NULL;
	/* Re-read the file: the vdk CLI may have changed it meanwhile, and
	 * keys this program does not know must survive. */
	if (safefile_read(a->cache_path, MAX_CACHE_FILE, false, &data, &len, &rerr) == 0) {
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
	json_object_object_add(o, "access_token", json_object_new_string(a->token));
	double exp = a->expiry_known ? a->expires_at : now_epoch();
	char num[64];
	snprintf(num, sizeof(num), "%.3f", exp);
	json_object_object_add(o, "access_token_expiration_time", json_object_new_double_s(exp, num));
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	char *werr = NULL;
	if (safefile_write(a->cache_path, text, strlen(text), 0600, true, &werr) != 0) {
		free(a->last_error);
		a->last_error = xasprintf("could not update the token cache: %s", werr ? werr : "?");
	}
	free(werr);
	explicit_bzero((char *)text, strlen(text));
	json_object_put(o);
}

int auth_refresh(struct auth *a, char **err)
{
	if (!auth_can_refresh(a)) {
		if (err)
			*err = xstrdup("this token cannot be refreshed");
		return -1;
	}
	char *e = NULL;
	struct strbuf answer = STRBUF_INIT;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *h = NULL;
	char *enc = NULL, *body = NULL;
	CURL *c = curl_easy_init();
	if (!c) {
		e = xstrdup("token exchange failed: could not start a request");
		goto out;
	}
	enc = curl_easy_escape(c, a->secret, 0);
	body = xasprintf("grant_type=refresh_token&refresh_token=%s", enc ? enc : "");
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Content-Type: application/x-www-form-urlencoded;charset=UTF-8");
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, a->url);
	http_easy_setup(c, a->ca_file, a->insecure);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vdktop/" VDKTOP_VERSION);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, a->connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, a->timeout_ms);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_answer);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
	if (a->flow == FLOW_CREDENTIALS) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, a->client_id);
		curl_easy_setopt(c, CURLOPT_PASSWORD, a->client_secret);
	}
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK) {
		e = xasprintf("token exchange failed: %s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
		goto out;
	}
	strbuf_append(&answer, "", 0);
	char *perr = NULL;
	struct json_object *o = jr_parse(answer.buf, answer.len, &perr);
	free(perr);
	if (status < 200 || status > 299) {
		const char *code = jr_str(o, "error");
		if (safe_code(code))
			e = xasprintf("token exchange failed: HTTP %ld (%s)", status, code);
		else
			e = xasprintf("token exchange failed: HTTP %ld", status);
	} else if (str_empty(jr_str(o, "access_token"))) {
		e = xstrdup("token exchange failed: the answer holds no access_token");
	} else if (strpbrk(jr_str(o, "access_token"), "\r\n")) {
		e = xstrdup("token exchange failed: the access token contains a line break");
	} else {
		wipe_free(a->token);
		a->token = xstrdup(jr_str(o, "access_token"));
		/* expires_in is optional (RFC 6749 §5.1). Without it the token
		 * is kept until the service rejects it. */
		double in = jr_double(o, "expires_in", 0);
		if (in <= 0) {
			const char *s = jr_str(o, "expires_in");
			in = s ? strtod(s, NULL) : 0;
		}
		a->expiry_known = in > 0 && in < 1e9;
		a->expires_at = a->expiry_known ? now_epoch() + in : 0;
		free(a->last_error);
		a->last_error = NULL;
		if (a->cache_path)
			write_cache(a);
	}
	if (o) {
		const char *t = jr_str(o, "access_token");
		if (t)
			explicit_bzero((char *)t, strlen(t));
	}
	json_object_put(o);
out:
	if (answer.buf)
		explicit_bzero(answer.buf, answer.len);
	strbuf_free(&answer);
	if (enc) {
		explicit_bzero(enc, strlen(enc));
		curl_free(enc);
	}
	wipe_free(body);
	curl_slist_free_all(h);
	if (c)
		curl_easy_cleanup(c);
	if (e) {
		free(a->last_error);
		a->last_error = xstrdup(e);
		a->last_fail_ms = now_ms();
		if (err)
			*err = e;
		else
			free(e);
		return -1;
	}
	a->last_fail_ms = 0;
	return 0;
}
