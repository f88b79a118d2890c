// deps: util http http_fail http_msg auth jsonread timefmt safefile auth_exchange transport
/* Token sources, their order, the vdk-cred.json cache (read rules,
 * refresh, write-back 0600 with unknown keys kept) and token-free errors,
 * with a temporary HOME and a scripted token endpoint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <json.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>
#include <pthread.h>
#include <time.h>

#include "auth.h"
#include "config.h"
#include "http.h"
#include "test_http_server.h"

static char home[256];

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	return remove(p);
}

static int setup(void **state)
{
	snprintf(home, sizeof(home), "/tmp/vdktop-auth-XXXXXX");
	assert_non_null(mkdtemp(home));
	setenv("HOME", home, 1);
	unsetenv("VDK_BASE_CONFIG_FOLDER");
	unsetenv("VDK_API_TOKEN");
	unsetenv("VDK_API_TOKEN_AUTHORIZATION_URL");
	char d[300];
	snprintf(d, sizeof(d), "%s/.vdk.internal", home);
	mkdir(d, 0700);
	return 0;
}

static int teardown(void **state)
{
	nftw(home, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static char *cred_path(void)
{
	char *p = malloc(300);
	snprintf(p, 300, "%s/.vdk.internal/vdk-cred.json", home);
	return p;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static struct json_object *read_json(const char *path)
{
	struct json_object *o = json_object_from_file(path);
	assert_non_null(o);
	return o;
}

static const char *jstr(struct json_object *o, const char *k)
{
	struct json_object *v;
	return json_object_object_get_ex(o, k, &v) ? json_object_get_string(v) : NULL;
}

static double jnum(struct json_object *o, const char *k)
{
	struct json_object *v;
	return json_object_object_get_ex(o, k, &v) ? json_object_get_double(v) : -1;
}

static void test_order_and_static(void **state)
{
	(void)state;
	char tf[300];
	snprintf(tf, sizeof(tf), "%s/tok", home);
	write_file(tf, "  file-token-123\n\n", 0600);
	setenv("VDK_API_TOKEN", "env-secret", 1);
	setenv("VDK_API_TOKEN_AUTHORIZATION_URL", "https://auth.example/token", 1);

	struct context ctx = {0};
	ctx.token = "cfg-token";
	ctx.token_file = tf;
	ctx.api_token = "api-secret";
	ctx.authorization_url = "https://auth.example/token";
	char *err = NULL;
	struct auth *a = auth_new(&ctx, NULL, &err);
	assert_non_null(a);
	assert_string_equal(auth_token(a), "cfg-token");
	assert_false(auth_can_refresh(a));
	assert_string_equal(auth_describe(a), "static token from the configuration");
	assert_int_equal(auth_refresh(a, &err), -1);
	assert_string_equal(err, "this token cannot be refreshed");
	free(err);
	auth_free(a);

	ctx.token = NULL;
	a = auth_new(&ctx, NULL, &err);
	assert_string_equal(auth_token(a), "file-token-123");
	assert_non_null(strstr(auth_describe(a), tf));
	auth_free(a);

	ctx.token_file = NULL;
	a = auth_new(&ctx, NULL, &err);
	assert_true(auth_can_refresh(a));
	assert_string_equal(auth_describe(a), "API token from the configuration");
	auth_free(a);

	ctx.api_token = NULL;
	a = auth_new(&ctx, NULL, &err);
	assert_true(auth_can_refresh(a));
	assert_string_equal(auth_describe(a), "API token from VDK_API_TOKEN");
	auth_free(a);

	/* The vdk CLI's order: a valid cached token first, then the cached
	 * login's refresh, and VDK_API_TOKEN only after both. */
	char *cp = cred_path();
	char text[512];
	snprintf(text, sizeof text, "{\"access_token\":\"cached-ok\",\"access_token_expiration_time\":%lld}",
		 (long long)time(NULL) + 3600);
	write_file(cp, text, 0600);
	a = auth_new(&ctx, NULL, &err);
	assert_string_equal(auth_token(a), "cached-ok");
	auth_free(a);
	write_file(cp, "{\"auth_type\":\"api-token\",\"api_token\":\"cached-api\","
		       "\"api_token_authorization_url\":\"https://login.example/token\"}", 0600);
	a = auth_new(&ctx, NULL, &err);
	assert_true(auth_can_refresh(a));
	assert_string_equal(auth_describe(a), "API token via vdk-cred.json");
	auth_free(a);
	snprintf(text, sizeof text, "{\"access_token\":\"cached-old\",\"access_token_expiration_time\":%lld}",
		 (long long)time(NULL) - 10);
	write_file(cp, text, 0600);
	a = auth_new(&ctx, NULL, &err);
	assert_string_equal(auth_describe(a), "API token from VDK_API_TOKEN");
	auth_free(a);
	unlink(cp);
	free(cp);

	unsetenv("VDK_API_TOKEN");
	a = auth_new(&ctx, NULL, &err);
	assert_false(auth_can_refresh(a));
	assert_null(auth_token(a));
	assert_string_equal(auth_describe(a), "no token");
	auth_free(a);
	a = auth_new(NULL, NULL, &err);
	assert_null(auth_token(a));
	auth_free(a);
	assert_null(auth_token(NULL));
	assert_string_equal(auth_describe(NULL), "no token");
	unsetenv("VDK_API_TOKEN_AUTHORIZATION_URL");
}

static void test_config_errors(void **state)
{
	(void)state;
	struct context ctx = {0};
	char *err = NULL;
	char tf[300];
	snprintf(tf, sizeof(tf), "%s/missing", home);
	ctx.token_file = tf;
	assert_null(auth_new(&ctx, NULL, &err));
	assert_non_null(strstr(err, "token file"));
	free(err);
	snprintf(tf, sizeof(tf), "%s/empty", home);
	write_file(tf, " \n", 0600);
	assert_null(auth_new(&ctx, NULL, &err));
	assert_non_null(strstr(err, "is empty"));
	free(err);
	write_file(tf, "line-one-secret\nline-two-secret\n", 0600);
	assert_null(auth_new(&ctx, NULL, &err));
	assert_non_null(strstr(err, "more than one line"));
	assert_null(strstr(err, "secret"));
	free(err);

	/* A token file others can read (or the group write) is refused,
	 * as ssh refuses such a private key, with the fix in the message. */
	write_file(tf, "file-secret-token\n", 0644);
	assert_null(auth_new(&ctx, NULL, &err));
	assert_non_null(strstr(err, "can be read by others (mode 0644)"));
	assert_non_null(strstr(err, "chmod 600"));
	assert_null(strstr(err, "file-secret"));
	free(err);
	write_file(tf, "file-secret-token\n", 0620);
	assert_null(auth_new(&ctx, NULL, &err));
	assert_non_null(strstr(err, "can be changed by others"));
	free(err);
	write_file(tf, "file-secret-token\n", 0600);
	struct auth *ok = auth_new(&ctx, NULL, &err);
	assert_non_null(ok);
	assert_string_equal(auth_token(ok), "file-secret-token");
	auth_free(ok);

	ctx.token_file = NULL;
	ctx.api_token = "top-secret-api-token";
	assert_null(auth_new(&ctx, NULL, &err));
	assert_non_null(strstr(err, "authorization_url"));
	free(err);
	ctx.authorization_url = "http://auth.example.com/token";
	assert_null(auth_new(&ctx, NULL, &err));
	assert_non_null(strstr(err, "plain http"));
	assert_null(strstr(err, "top-secret"));
	free(err);
	ctx.allow_plain_http = true;
	struct auth *a = auth_new(&ctx, NULL, &err);
	assert_non_null(a);
	auth_free(a);
	ctx.allow_plain_http = false;
	ctx.authorization_url = "http://localhost:9/token";
	a = auth_new(&ctx, NULL, &err);
	assert_non_null(a);
	auth_free(a);
	ctx.authorization_url = "file:///etc/passwd";
	assert_null(auth_new(&ctx, NULL, &err));
	free(err);
	ctx.authorization_url = "::not a url::";
	assert_null(auth_new(&ctx, NULL, &err));
	free(err);
}

static void test_cache_read_rules(void **state)
{
	(void)state;
	char *path = cred_path();
	char buf[1024];
	char *err = NULL;
	long now = (long)time(NULL);

	/* A plain cached token, valid: used as is. */
	snprintf(buf, sizeof(buf), "{\"access_token\":\"cached-tok\",\"access_token_expiration_time\":%ld.5}", now + 3600);
	write_file(path, buf, 0600);
	struct auth *a = auth_new(&(struct context){0}, NULL, &err);
	assert_string_equal(auth_token(a), "cached-tok");
	assert_false(auth_can_refresh(a));
	assert_true(auth_expires_at(a) > now + 3000);
	auth_free(a);

	/* Expired and not refreshable: not sent. */
	snprintf(buf, sizeof(buf), "{\"access_token\":\"old-tok\",\"access_token_expiration_time\":%ld}", now + 30);
	write_file(path, buf, 0600);
	a = auth_new(&(struct context){0}, NULL, &err);
	assert_null(auth_token(a));
	assert_non_null(strstr(auth_describe(a), "expired"));
	assert_null(strstr(auth_describe(a), "old-tok"));
	auth_free(a);

	/* A PKCE login (no client secret) cannot refresh. */
	snprintf(buf, sizeof(buf), "{\"auth_type\":\"credentials\",\"access_token\":\"pk\",\"refresh_token\":\"r\","
				   "\"authorization_url\":\"https://a/t\",\"client_id\":\"c\",\"client_secret\":\"\","
				   "\"access_token_expiration_time\":%ld}", now + 3600);
	write_file(path, buf, 0600);
	a = auth_new(&(struct context){0}, NULL, &err);
	assert_false(auth_can_refresh(a));
	assert_string_equal(auth_token(a), "pk");
	auth_free(a);

	/* Broken files: no token, a reason, never a crash. */
	static const char *const broken[] = {"not json", "[1,2]", "{\"access_token\":5}", "", "{\"auth_type\":\"api-token\"}",
					     "{\"access_token\":null,\"api_token\":\"x\"}"};
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		write_file(path, broken[i], 0600);
		a = auth_new(&(struct context){0}, NULL, &err);
		assert_non_null(a);
		assert_null(auth_token(a));
		assert_non_null(strstr(auth_describe(a), "no token"));
		auth_free(a);
	}

	/* VDK_BASE_CONFIG_FOLDER wins over HOME; cred_file wins over both. */
	char base[300];
	snprintf(base, sizeof(base), "%s/base", home);
	mkdir(base, 0700);
	snprintf(buf, sizeof(buf), "%s/.vdk.internal", base);
	mkdir(buf, 0700);
	strcat(buf, "/vdk-cred.json");
	write_file(buf, "{\"access_token\":\"base-tok\"}", 0600);
	write_file(path, "{\"access_token\":\"home-tok\"}", 0600);
	setenv("VDK_BASE_CONFIG_FOLDER", base, 1);
	a = auth_new(&(struct context){0}, NULL, &err);
	assert_string_equal(auth_token(a), "base-tok");
	auth_free(a);
	struct context ctx = {0};
	ctx.cred_file = path;
	a = auth_new(&ctx, NULL, &err);
	assert_string_equal(auth_token(a), "home-tok");
	auth_free(a);
	unsetenv("VDK_BASE_CONFIG_FOLDER");
	free(path);
}

static void test_cache_refresh_write_back(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	ms_push(s, ms_response(200, "Content-Type: application/json\r\n",
			       "{\"access_token\":\"fresh-tok\",\"expires_in\":1800,\"refresh_token\":\"ignored\"}"));
	char *url = ms_url(s, "/oauth/token");
	char *path = cred_path();
	char buf[1024];
	long now = (long)time(NULL);

	/* Valid for more than 60 s: no exchange. */
	snprintf(buf, sizeof(buf), "{\"auth_type\":\"api-token\",\"api_token\":\"my-api-secret\","
				   "\"api_token_authorization_url\":\"%s\",\"access_token\":\"cached\","
				   "\"access_token_expiration_time\":%ld,\"my_extra\":{\"keep\":[1,2]}}", url, now + 600);
	write_file(path, buf, 0644);
	char *err = NULL;
	struct auth *a = auth_new(&(struct context){0}, NULL, &err);
	assert_string_equal(auth_describe(a), "API token via vdk-cred.json");
	assert_string_equal(auth_token(a), "cached");
	assert_int_equal(ms_request_count(s), 0);
	auth_free(a);

	/* Within 60 s of expiry: exchanged, and the cache rewritten. */
	snprintf(buf, sizeof(buf), "{\"auth_type\":\"api-token\",\"api_token\":\"my-api-secret\","
				   "\"api_token_authorization_url\":\"%s\",\"access_token\":\"cached\","
				   "\"access_token_expiration_time\":%ld,\"my_extra\":{\"keep\":[1,2]}}", url, now + 59);
	write_file(path, buf, 0644);
	a = auth_new(&(struct context){0}, NULL, &err);
	assert_string_equal(auth_token(a), "fresh-tok");
	assert_int_equal(ms_request_count(s), 1);
	const char *req = ms_request(s, 0);
	assert_true(strncmp(req, "POST /oauth/token HTTP/1.1", 26) == 0);
	assert_non_null(strstr(req, "Content-Type: application/x-www-form-urlencoded;charset=UTF-8"));
	assert_non_null(strstr(req, "\r\n\r\ngrant_type=refresh_token&refresh_token=my-api-secret"));
	assert_null(strstr(req, "Authorization:"));
	assert_true(auth_expires_at(a) > now + 1700);
	/* Further calls reuse the token. */
	assert_string_equal(auth_token(a), "fresh-tok");
	assert_int_equal(ms_request_count(s), 1);
	auth_free(a);

	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	struct json_object *o = read_json(path);
	assert_string_equal(jstr(o, "access_token"), "fresh-tok");
	assert_string_equal(jstr(o, "api_token"), "my-api-secret");
	assert_string_equal(jstr(o, "auth_type"), "api-token");
	assert_string_equal(jstr(o, "api_token_authorization_url"), url);
	assert_true(jnum(o, "access_token_expiration_time") > now + 1700);
	assert_true(jnum(o, "access_token_expiration_time") < now + 1900);
	struct json_object *extra;
	assert_true(json_object_object_get_ex(o, "my_extra", &extra));
	assert_string_equal(json_object_to_json_string_ext(extra, JSON_C_TO_STRING_PLAIN), "{\"keep\":[1,2]}");
	json_object_put(o);
	/* No temporary files left behind. */
	char dir[300];
	snprintf(dir, sizeof(dir), "%s/.vdk.internal", home);
	int files = 0;
	DIR *d = opendir(dir);
	for (struct dirent *de; (de = readdir(d));)
		files += de->d_name[0] != '.';
	closedir(d);
	assert_int_equal(files, 1);
	free(path);
	free(url);
	ms_stop(s);
}

static void test_credentials_refresh(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	ms_push(s, ms_response(200, "", "{\"access_token\":\"cred-tok\"}"));
	char *url = ms_url(s, "/token");
	char *path = cred_path();
	char buf[1024];
	snprintf(buf, sizeof(buf), "{\"auth_type\":\"credentials\",\"refresh_token\":\"refresh-secret\","
				   "\"authorization_url\":\"%s\",\"client_id\":\"my-client\",\"client_secret\":\"shh\","
				   "\"access_token\":null}", url);
	write_file(path, buf, 0600);
	char *err = NULL;
	struct auth *a = auth_new(&(struct context){0}, NULL, &err);
	assert_true(auth_can_refresh(a));
	assert_string_equal(auth_token(a), "cred-tok");
	const char *req = ms_request(s, 0);
	/* base64("my-client:shh") */
	assert_non_null(strstr(req, "Authorization: Basic bXktY2xpZW50OnNoaA=="));
	assert_non_null(strstr(req, "grant_type=refresh_token&refresh_token=refresh-secret"));
	/* No expires_in: kept until the service rejects it, no proactive
	 * refresh. */
	assert_true(auth_expires_at(a) == 0);
	assert_string_equal(auth_token(a), "cred-tok");
	assert_int_equal(ms_request_count(s), 1);
	auth_free(a);
	struct json_object *o = read_json(path);
	assert_string_equal(jstr(o, "access_token"), "cred-tok");
	assert_string_equal(jstr(o, "refresh_token"), "refresh-secret");
	json_object_put(o);
	free(path);
	free(url);
	ms_stop(s);
}

static void test_exchange_errors_hide_secrets(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	ms_push(s, ms_response(400, "", "{\"error\":\"invalid_grant\",\"error_description\":\"bad token top-secret-api\"}"));
	ms_push(s, ms_response(400, "", "{\"error\":\"top-secret-api is wrong\"}"));
	ms_push(s, ms_response(200, "", "{\"token\":\"x\"}"));
	ms_push(s, ms_response(200, "", "{\"access_token\":\"evil\\r\\nX-Injected: 1\"}"));
	char *url = ms_url(s, "/token");
	struct context ctx = {0};
	ctx.api_token = "top-secret-api";
	ctx.authorization_url = url;
	char *err = NULL;
	struct auth *a = auth_new(&ctx, &(struct http_options){.timeout_ms = 5000}, &err);
	/* A failed refresh inside auth_token is not retried at once. */
	assert_null(auth_token(a));
	assert_null(auth_token(a));
	assert_int_equal(ms_request_count(s), 1);
	assert_string_equal(auth_last_error(a), "token exchange failed: HTTP 400 (invalid_grant)");
	assert_int_equal(auth_refresh(a, &err), -1);
	assert_string_equal(err, "token exchange failed: HTTP 400");
	free(err);
	assert_int_equal(auth_refresh(a, &err), -1);
	assert_string_equal(err, "token exchange failed: the answer holds no access_token");
	free(err);
	assert_int_equal(auth_refresh(a, &err), -1);
	assert_null(strstr(err, "evil"));
	free(err);
	auth_free(a);
	ms_stop(s);
	free(url);

	/* Nobody listening. */
	char u[64];
	snprintf(u, sizeof(u), "http://127.0.0.1:%d/token", ms_closed_port());
	ctx.authorization_url = u;
	a = auth_new(&ctx, NULL, &err);
	assert_int_equal(auth_refresh(a, &err), -1);
	assert_non_null(strstr(err, "token exchange failed"));
	assert_null(strstr(err, "top-secret"));
	free(err);
	auth_free(a);
}

struct ready_flag {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int calls;
};

static void on_ready(void *arg)
{
	struct ready_flag *r = arg;
	pthread_mutex_lock(&r->mu);
	r->calls++;
	pthread_cond_signal(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

/* As http sees it: get never blocks. A due token answers WAIT while the
 * exchange runs elsewhere, the subscriber hears when it ends, and the
 * waiter then takes the new token; a hung endpoint is interrupted by
 * auth_free instead of being waited out. */
static void test_provider_never_blocks(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	ms_push(s, ms_response(200, "", "{\"access_token\":\"async-tok\",\"expires_in\":30}"));
	char *url = ms_url(s, "/token");
	struct context ctx = {0};
	ctx.api_token = "provider-secret";
	ctx.authorization_url = url;
	char *err = NULL;
	struct auth *a = auth_new(&ctx, NULL, &err);
	struct http_token_provider tp;
	auth_token_provider(a, &tp);
	struct ready_flag rf = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
	tp.subscribe(tp.ud, on_ready, &rf);
	char *tok = NULL;
	unsigned long gen = 0;
	pthread_mutex_lock(&rf.mu);
	assert_int_equal(tp.get(tp.ud, false, &tok, &gen, &err), HTTP_TOKEN_WAIT);
	while (rf.calls == 0)
		pthread_cond_wait(&rf.cv, &rf.mu);
	pthread_mutex_unlock(&rf.mu);
	/* 30 s is within the renewal margin: only the waiter takes it. */
	assert_int_equal(tp.get(tp.ud, true, &tok, &gen, &err), HTTP_TOKEN_READY);
	assert_string_equal(tok, "async-tok");
	free(tok);
	tok = NULL;
	unsigned long first = gen;
	/* Refused by the service: the next get renews it. */
	assert_true(tp.rejected(tp.ud, first));
	assert_int_equal(tp.get(tp.ud, false, &tok, &gen, &err), HTTP_TOKEN_WAIT);
	tp.subscribe(tp.ud, NULL, NULL);
	auth_free(a);
	free(url);
	ms_stop(s);

	/* A token endpoint that takes the connection and never answers. */
	int lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(lfd, 4), 0);
	socklen_t sl = sizeof sa;
	getsockname(lfd, (struct sockaddr *)&sa, &sl);
	char hung[64];
	snprintf(hung, sizeof hung, "http://127.0.0.1:%d/token", ntohs(sa.sin_port));
	ctx.authorization_url = hung;
	/* Ten minutes: only the interruption can end it in time. */
	a = auth_new(&ctx, &(struct http_options){.timeout_ms = 600000}, &err);
	auth_token_provider(a, &tp);
	assert_int_equal(tp.get(tp.ud, false, &tok, &gen, &err), HTTP_TOKEN_WAIT);
	assert_int_equal(tp.get(tp.ud, true, &tok, &gen, &err), HTTP_TOKEN_WAIT);
	assert_null(tok);
	auth_free(a);
	close(lfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order_and_static, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_read_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_refresh_write_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_credentials_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exchange_errors_hide_secrets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_provider_never_blocks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
