// deps: util model timefmt gql jsonread http http_fail http_msg auth safefile api api_error api_parse jdoc logstream logscan logtext logline auth_exchange transport
/* The OAuth flow against the fakes started with --auth: 401 without a
 * token, static tokens, the API-token exchange, refresh before expiry,
 * one refresh-and-retry on a 401, a wrong API token, and the vdk CLI's
 * token cache written back 0600. */
#include "helpers.h"

/* The auth as the http client's token provider (copied by the client). */
static const struct http_token_provider *provider(struct auth *a)
{
	static struct http_token_provider p;
	auth_token_provider(a, &p);
	return &p;
}

static void test_oauth(void **state)
{
	(void)state;
	struct api_target at = {AUTH_URL, "starshot"};
	struct api_error e = {0};
	struct api_info *i = NULL;
	/* No token: 401 with an empty body. */
	assert_int_equal(api_info(C, &at, &i, &e), -1);
	assert_int_equal(e.http_status, 401);
	assert_string_equal(e.message, "unauthorized: check your token");

	/* A static token that is valid. */
	struct context ctx = {0};
	ctx.token = "static-ok";
	char *err = NULL;
	struct auth *a = auth_new(&ctx, NULL, &err);
	struct http_client *c = http_client_new(NULL, provider(a));
	assert_int_equal(api_info(c, &at, &i, &e), 0);
	api_info_free(i);
	http_client_free(c);
	auth_free(a);

	/* A static token that is wrong: one 401, no retry (nothing to refresh). */
	ctx.token = "static-wrong";
	a = auth_new(&ctx, NULL, &err);
	c = http_client_new(NULL, provider(a));
	admin_do(AUTH_URL, "DELETE", "/_admin/requests", NULL);
	assert_int_equal(api_info(c, &at, &i, &e), -1);
	assert_string_equal(e.message, "unauthorized: check your token");
	struct json_object *reqs = wait_requests(AUTH_URL, "/info", 1);
	assert_int_equal(json_object_array_length(reqs), 1);
	json_object_put(reqs);
	http_client_free(c);
	auth_free(a);

	/* The API-token flow: one exchange, then the token is reused. */
	char *tok_url = xasprintf("%s/oauth/token", AUTH_URL);
	ctx.token = NULL;
	ctx.api_token = "test-api-token";
	ctx.authorization_url = tok_url;
	a = auth_new(&ctx, NULL, &err);
	assert_non_null(a);
	c = http_client_new(NULL, provider(a));
	admin_do(AUTH_URL, "DELETE", "/_admin/stats", NULL);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(api_info(c, &at, &i, &e), 0);
		api_info_free(i);
	}
	assert_int_equal(stat_value(AUTH_URL, "tokens_issued"), 1);
	assert_true(auth_expires_at(a) > (double)time(NULL) + 3000);
	/* Revoked server-side: one 401, one refresh, one retry, success. */
	admin_do(AUTH_URL, "DELETE", "/_admin/requests", NULL);
	admin_do(AUTH_URL, "POST", "/_admin/faults", "{\"expire_tokens\":true}");
	assert_int_equal(api_info(c, &at, &i, &e), 0);
	api_info_free(i);
	assert_int_equal(stat_value(AUTH_URL, "tokens_issued"), 2);
	reqs = wait_requests(AUTH_URL, "/info", 2);
	size_t n = json_object_array_length(reqs);
	assert_true(n >= 2);
	long s401 = 0, s200 = 0;
	for (size_t k = 0; k < n; k++) {
		struct json_object *r = json_object_array_get_idx(reqs, k);
		if (!strstr(json_object_get_string(jpath(r, "path")), "/info"))
			continue;
		long st = (long)jint(r, "status");
		s401 += st == 401;
		s200 += st == 200;
		/* Header names are case-insensitive (a proxy may lower them). */
		const char *auth = NULL;
		json_object_object_foreach(jpath(r, "headers"), hname, hval) {
			if (strcasecmp(hname, "Authorization") == 0)
				auth = json_object_get_string(hval);
		}
		assert_non_null(auth);
		assert_string_equal(auth, "<redacted>");
	}
	assert_int_equal(s401, 1);
	assert_int_equal(s200, 1);
	json_object_put(reqs);
	http_client_free(c);
	auth_free(a);

	/* A wrong API token: the exchange fails, the request is not sent
	 * without a token but fails naming the exchange, and no text anywhere
	 * holds the token. */
	ctx.api_token = "wrong-api-token-123";
	a = auth_new(&ctx, NULL, &err);
	c = http_client_new(NULL, provider(a));
	admin_do(AUTH_URL, "DELETE", "/_admin/requests", NULL);
	assert_int_equal(api_info(c, &at, &i, &e), -1);
	assert_int_equal(e.http_status, 0);
	assert_string_equal(e.message, "token exchange failed: HTTP 400 (invalid_grant)");
	reqs = admin(AUTH_URL, "GET", "/_admin/requests", NULL);
	for (size_t k = 0; k < json_object_array_length(reqs); k++)
		assert_null(strstr(json_object_get_string(jpath(json_object_array_get_idx(reqs, k), "path")), "/info"));
	json_object_put(reqs);
	assert_non_null(auth_last_error(a));
	assert_non_null(strstr(auth_last_error(a), "token exchange failed: HTTP 400"));
	assert_null(strstr(auth_last_error(a), "wrong-api-token"));
	assert_null(strstr(auth_describe(a), "wrong-api-token"));
	http_client_free(c);
	auth_free(a);

	/* Short-lived tokens (30 s < the 60 s margin) are renewed before
	 * every request. */
	char *short_tok = xasprintf("%s/oauth/token", SHORT_URL);
	struct api_target st = {SHORT_URL, "starshot"};
	ctx.api_token = "test-api-token";
	ctx.authorization_url = short_tok;
	a = auth_new(&ctx, NULL, &err);
	c = http_client_new(NULL, provider(a));
	admin_do(SHORT_URL, "DELETE", "/_admin/stats", NULL);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(api_info(c, &st, &i, &e), 0);
		api_info_free(i);
	}
	assert_int_equal(stat_value(SHORT_URL, "tokens_issued"), 3);
	http_client_free(c);
	auth_free(a);

	/* The vdk CLI's cache: exchanged, written back 0600. */
	char home[] = "/tmp/vdktop-api-home-XXXXXX";
	assert_non_null(mkdtemp(home));
	char *dir = xasprintf("%s/.vdk.internal", home), *cred = xasprintf("%s/vdk-cred.json", dir);
	mkdir(dir, 0700);
	FILE *f = fopen(cred, "w");
	fprintf(f, "{\"auth_type\":\"api-token\",\"api_token\":\"test-api-token\",\"api_token_authorization_url\":\"%s\","
		   "\"access_token\":\"stale\",\"access_token_expiration_time\":1000.0,\"keep_me\":true}", tok_url);
	fclose(f);
	ctx = (struct context){0};
	ctx.cred_file = cred;
	a = auth_new(&ctx, NULL, &err);
	c = http_client_new(NULL, provider(a));
	assert_int_equal(api_info(c, &at, &i, &e), 0);
	api_info_free(i);
	http_client_free(c);
	auth_free(a);
	struct stat sb;
	assert_int_equal(stat(cred, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	struct json_object *co = json_object_from_file(cred);
	assert_string_not_equal(json_object_get_string(jpath(co, "access_token")), "stale");
	assert_true(json_object_get_boolean(jpath(co, "keep_me")));
	json_object_put(co);
	unlink(cred);
	rmdir(dir);
	rmdir(home);
	free(cred);
	free(dir);
	free(tok_url);
	free(short_tok);
	api_error_clear(&e);
}

int main(void)
{
	if (helpers_init("test_api_auth"))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oauth),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	helpers_done();
	return rc;
}
