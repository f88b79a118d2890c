/* Shared by the API test programs: the fakes' URLs (from run.sh), an
 * admin client for the fake's /_admin endpoints, and small helpers. */
#ifndef VDKTOP_TESTS_API_HELPERS_H
#define VDKTOP_TESTS_API_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "auth.h"
#include "config.h"
#include "timefmt.h"

static const char *URL UNUSED, *AUTH_URL UNUSED, *SHORT_URL UNUSED;
static struct http_client *C UNUSED; /* the client under test, no auth */
static struct http_client *ADMIN UNUSED; /* for /_admin, never counted */
static struct api_target T UNUSED;
static char job_name[64] UNUSED;

/* ---- helpers --------------------------------------------------------------- */

static inline struct json_object *admin(const char *base, const char *method, const char *path, const char *body)
{
	enum http_method m = strcmp(method, "POST") == 0 ? HTTP_POST : strcmp(method, "DELETE") == 0 ? HTTP_DELETE : HTTP_GET;
	struct http_request *r = http_request_new(m, xasprintf("%s%s", base, path));
	if (body)
		http_request_set_body(r, body, strlen(body), "application/json");
	struct http_response resp;
	if (http_perform(ADMIN, r, &resp) != 0 || resp.status >= 300)
		fail_msg("admin %s %s: %ld %s", method, path, resp.status, resp.transport_error ? resp.transport_error : "");
	struct json_object *o = resp.body.len ? json_tokener_parse(resp.body.buf) : NULL;
	http_response_clear(&resp);
	http_request_free(r);
	return o;
}

static inline void admin_do(const char *base, const char *method, const char *path, const char *body)
{
	json_object_put(admin(base, method, path, body));
}

static inline struct json_object *jpath(struct json_object *o, const char *path)
{
	char *p = strdup(path), *save = NULL;
	for (char *k = strtok_r(p, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(o, k, &o))
			o = NULL;
	free(p);
	return o;
}

static inline long long jint(struct json_object *o, const char *path)
{
	struct json_object *v = jpath(o, path);
	return v ? json_object_get_int64(v) : -1;
}

static inline long long stat_value(const char *base, const char *key)
{
	struct json_object *s = admin(base, "GET", "/_admin/stats", NULL);
	long long v = jint(s, key);
	json_object_put(s);
	return v;
}

static inline void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* The fake logs a request after answering it: wait until at least min
 * requests whose path contains what are logged. */
static inline struct json_object *wait_requests(const char *base, const char *what, size_t min)
{
	long long deadline = now_ms() + 5000;
	for (;;) {
		struct json_object *reqs = admin(base, "GET", "/_admin/requests", NULL);
		size_t n = 0;
		for (size_t k = 0; k < json_object_array_length(reqs); k++) {
			const char *p = json_object_get_string(jpath(json_object_array_get_idx(reqs, k), "path"));
			n += p && strstr(p, what) != NULL;
		}
		if (n >= min || now_ms() > deadline)
			return reqs;
		json_object_put(reqs);
		sleep_ms(20);
	}
}

/* An empty zip archive (just the end-of-central-directory record). */
static const unsigned char EMPTY_ZIP[22] UNUSED = {'P', 'K', 5, 6};

static inline void fresh_name(const char *prefix)
{
	static int n;
	snprintf(job_name, sizeof(job_name), "%s-%d-%d", prefix, (int)getpid() % 100000, n++);
}

static inline struct job new_job(const char *name)
{
	struct job j;
	job_init(&j);
	j.name = xstrdup(name);
	j.team = xstrdup("starshot");
	j.description = xstrdup("created by the API test");
	j.schedule_cron = xstrdup("0 3 * * *");
	strlist_push(&j.contacts.on_user_error, "oncall@example.com");
	j.generate_keytab = 1;
	return j;
}

/* Creates, uploads and deploys a job; waits until the version is live. */
static inline char *deployed_job(void)
{
	fresh_name("apitest-run");
	struct job j = new_job(job_name);
	struct api_error e = {0};
	assert_int_equal(api_job_create(C, &T, &j, &e), 0);
	job_clear(&j);
	char *sha = NULL;
	assert_int_equal(api_sources_upload(C, &T, job_name, EMPTY_ZIP, sizeof(EMPTY_ZIP), "test", &sha, &e), 0);
	struct deploy_params p = {.job_version = sha, .python_version = "3.9", .enabled = 1};
	assert_int_equal(api_deploy(C, &T, job_name, &p, &e), 0);
	long long deadline = now_ms() + 20000;
	bool live = false;
	while (!live && now_ms() < deadline) {
		struct deployment *d = NULL;
		assert_int_equal(api_deployments(C, &T, job_name, &d, &e), 0);
		live = d && str_eq(d->job_version, sha);
		deployment_free(d);
		if (!live)
			sleep_ms(100);
	}
	assert_true(live);
	free(sha);
	api_error_clear(&e);
	return xstrdup(job_name);
}

/* Reads the fakes' URLs and makes the shared clients; 0 or 1 (not run
 * through run.sh). */
static inline int helpers_init(const char *prog)
{
	URL = getenv("VDKTOP_TEST_URL");
	AUTH_URL = getenv("VDKTOP_TEST_AUTH_URL");
	SHORT_URL = getenv("VDKTOP_TEST_AUTH_SHORT_URL");
	if (!URL || !AUTH_URL || !SHORT_URL) {
		fprintf(stderr, "%s: run through tests/api/run.sh (VDKTOP_TEST_URL, VDKTOP_TEST_AUTH_URL, "
				"VDKTOP_TEST_AUTH_SHORT_URL unset)\n", prog);
		return 1;
	}
	unsetenv("VDK_API_TOKEN");
	T.base_url = URL;
	T.team = "starshot";
	C = http_client_new(NULL, NULL);
	ADMIN = http_client_new(NULL, NULL);
	return 0;
}

static inline void helpers_done(void)
{
	http_client_free(C);
	http_client_free(ADMIN);
}

#endif
