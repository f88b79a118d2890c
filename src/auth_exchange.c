#include "auth_exchange.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "jsonread.h"
#include "transport.h"
#include "util.h"

#ifndef VDKTOP_VERSION
#define VDKTOP_VERSION "dev"
#endif

#define MAX_TOKEN_ANSWER (1024 * 1024)

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

static char *duration_text(long ms)
{
	return ms % 1000 == 0 ? xasprintf("%ld s", ms / 1000) : xasprintf("%ld ms", ms);
}

/* Drives the one transfer on multi; CURLE_OK or its result, or -1 when
 * cancelled. */
static int perform(CURLM *multi, CURL *e, const atomic_bool *cancel)
{
	if (curl_multi_add_handle(multi, e) != CURLM_OK)
		return CURLE_FAILED_INIT;
	int result = -1;
	while (!atomic_load(cancel)) {
		int running = 0, left;
		if (curl_multi_perform(multi, &running) != CURLM_OK) {
			result = CURLE_FAILED_INIT;
			break;
		}
		CURLMsg *m;
		bool done = false;
		while ((m = curl_multi_info_read(multi, &left)))
			if (m->msg == CURLMSG_DONE && m->easy_handle == e) {
				result = (int)m->data.result;
				done = true;
			}
		if (done || running == 0) {
			if (!done)
				result = CURLE_FAILED_INIT;
			break;
		}
		curl_multi_poll(multi, NULL, 0, 1000, NULL);
	}
	curl_multi_remove_handle(multi, e);
	return result;
}

/* Reads the answer: a token, or the reason there is none. */
static int read_answer(long status, struct strbuf *answer, char **token, double *expires_in, char **err)
{
	strbuf_append(answer, "", 0);
	char *perr = NULL;
	struct json_object *o = jr_parse(answer->buf, answer->len, &perr);
	free(perr);
	const char *access = jr_str(o, "access_token");
	int rc = -1;
	if (status < 200 || status > 299) {
		const char *code = jr_str(o, "error");
		if (safe_code(code))
			*err = xasprintf("token exchange failed: HTTP %ld (%s)", status, code);
		else
			*err = xasprintf("token exchange failed: HTTP %ld", status);
	} else if (str_empty(access)) {
		*err = xstrdup("token exchange failed: the answer holds no access_token");
	} else if (strpbrk(access, "\r\n")) {
		*err = xstrdup("token exchange failed: the access token contains a line break");
	} else {
		*token = xstrdup(access);
		/* expires_in is optional (RFC 6749 §5.1), and some endpoints send
		 * it as a string. */
		double in = jr_double(o, "expires_in", 0);
		if (in <= 0) {
			const char *s = jr_str(o, "expires_in");
			in = s ? strtod(s, NULL) : 0;
		}
		*expires_in = in > 0 && in < 1e9 ? in : 0;
		rc = 0;
	}
	if (access)
		explicit_bzero((char *)access, strlen(access));
	json_object_put(o);
	return rc;
}

int auth_exchange_run(const struct auth_exchange *x, void *multi, const atomic_bool *cancel, char **token,
		      double *expires_in, char **err)
{
	*token = NULL;
	*expires_in = 0;
	*err = NULL;
	struct strbuf answer = STRBUF_INIT;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *h = NULL;
	char *enc = NULL, *body = NULL;
	int rc = -1;
	CURL *c = curl_easy_init();
	if (!c) {
		*err = xstrdup("token exchange failed: could not start a request");
		goto out;
	}
	enc = curl_easy_escape(c, x->secret, 0);
	body = xasprintf("grant_type=refresh_token&refresh_token=%s", enc ? enc : "");
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Content-Type: application/x-www-form-urlencoded;charset=UTF-8");
	h = curl_slist_append(h, "Expect:");
	/* Never insecure: skipping verification is the user's choice for the
	 * service they named, not for where the long-lived secret goes. */
	transport_easy_setup(c, x->url, x->ca_file, false);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "vdktop/" VDKTOP_VERSION);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, x->connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, x->timeout_ms);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_answer);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
#if LIBCURL_VERSION_NUM >= 0x075700
	/* A cancelled exchange must not wait for a name lookup to end. */
	curl_easy_setopt(c, CURLOPT_QUICK_EXIT, 1L);
#endif
	if (x->client_secret) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, x->client_id);
		curl_easy_setopt(c, CURLOPT_PASSWORD, x->client_secret);
	}
	int res = perform(multi, c, cancel);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (res < 0) {
		*err = xstrdup("token exchange cancelled");
	} else if (res == CURLE_OPERATION_TIMEDOUT) {
		char *d = duration_text(strstr(errbuf, "onnect") ? x->connect_timeout_ms : x->timeout_ms);
		*err = xasprintf("token exchange failed: timed out after %s", d);
		free(d);
	} else if (res != CURLE_OK) {
		*err = xasprintf("token exchange failed: %s", errbuf[0] ? errbuf : curl_easy_strerror((CURLcode)res));
	} else {
		rc = read_answer(status, &answer, token, expires_in, err);
	}
out:
	if (answer.buf)
		explicit_bzero(answer.buf, answer.len);
	strbuf_free(&answer);
	if (enc) {
		explicit_bzero(enc, strlen(enc));
		curl_free(enc);
	}
	if (body) {
		explicit_bzero(body, strlen(body));
		free(body);
	}
	curl_slist_free_all(h);
	if (c)
		curl_easy_cleanup(c);
	return rc;
}
