// deps: util model timefmt gql jsonread http http_fail http_msg auth safefile api api_error api_parse jdoc logstream logscan logtext logline auth_exchange transport
/* The API layer without a network: URL and body building, every parser
 * (including malformed and hostile answers) and the error texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <json.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "jsonread.h"

static const struct api_target T = {"http://svc:8092/", "starshot"};

static struct http_response resp(long status, const char *body)
{
	struct http_response r;
	http_response_init(&r);
	r.status = status;
	if (body)
		strbuf_puts(&r.body, body);
	return r;
}

static struct json_object *body_of(const struct http_request *r)
{
	assert_non_null(r->body);
	struct json_object *o = json_tokener_parse(r->body);
	assert_non_null(o);
	return o;
}

static const char *jget(struct json_object *o, const char *path)
{
	/* "a.b.c" */
	char *p = strdup(path), *save = NULL;
	struct json_object *cur = o;
	for (char *k = strtok_r(p, ".", &save); k && cur; k = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(cur, k, &cur))
			cur = NULL;
	free(p);
	return cur ? json_object_get_string(cur) : NULL;
}

/* ---- URLs and requests ----------------------------------------------------- */

static void test_urls_escaped(void **state)
{
	(void)state;
	struct api_target t = {"https://cs.example.com//", "data eng/ops ü"};
	char *u = api_team_url(&t, "jobs", "a b/c?d#e%f", "executions", "x-1", NULL);
	assert_string_equal(u, "https://cs.example.com/data-jobs/for-team/data%20eng%2Fops%20%C3%BC/jobs/"
			       "a%20b%2Fc%3Fd%23e%25f/executions/x-1");
	free(u);
	struct api_target none = {"http://h", NULL};
	u = api_team_url(&none, "info", NULL);
	assert_string_equal(u, "http://h/data-jobs/for-team/no-team-specified/info");
	free(u);
	struct api_target star = {"http://h", "*"};
	u = api_team_url(&star, "jobs", NULL);
	assert_string_equal(u, "http://h/data-jobs/for-team/no-team-specified/jobs");
	free(u);

	struct http_request *r = api_info_request(&T);
	assert_int_equal(r->method, HTTP_GET);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/info");
	http_request_free(r);

	r = api_logs_request(&T, "job-one", "job-one-17", 200);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/job-one/executions/job-one-17/logs?tail_lines=200");
	http_request_free(r);
	r = api_logs_request(&T, "job-one", "job-one-17", 0);
	assert_null(strchr(r->url, '?'));
	http_request_free(r);

	const char *st[] = {"running", "user error", NULL};
	r = api_executions_request(&T, "j", st);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/executions"
				    "?execution_status=running&execution_status=user%20error");
	http_request_free(r);

	r = api_sources_upload_request(&T, "j", "PK\3\4", 4, "fix & deploy");
	assert_int_equal(r->method, HTTP_POST);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/sources?reason=fix%20%26%20deploy");
	assert_string_equal(r->content_type, "application/octet-stream");
	assert_int_equal(r->body_len, 4);
	assert_memory_equal(r->body, "PK\3\4", 4);
	http_request_free(r);

	r = api_keytab_request(&T, "j");
	assert_string_equal(r->accept, "application/octet-stream");
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/keytab");
	http_request_free(r);

	r = api_deployment_patch_request(&T, "j", &(struct deploy_params){.enabled = 0});
	assert_int_equal(r->method, HTTP_PATCH);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/deployments/production");
	assert_string_equal(r->body, "{\"enabled\":false}");
	http_request_free(r);

	r = api_deploy_request(&T, "j", &(struct deploy_params){.job_version = "abc", .python_version = "3.9", .enabled = -1});
	assert_int_equal(r->method, HTTP_POST);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/deployments");
	struct json_object *o = body_of(r);
	assert_string_equal(jget(o, "job_version"), "abc");
	assert_string_equal(jget(o, "python_version"), "3.9");
	assert_null(jget(o, "enabled"));
	assert_null(jget(o, "vdk_version"));
	json_object_put(o);
	http_request_free(r);

	r = api_deployment_delete_request(&T, "j");
	assert_int_equal(r->method, HTTP_DELETE);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/deployments/production");
	http_request_free(r);

	r = api_execution_cancel_request(&T, "j", "j-1");
	assert_int_equal(r->method, HTTP_DELETE);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/executions/j-1");
	http_request_free(r);

	r = api_properties_put_request(&T, "j", "{\"a\":1}");
	assert_int_equal(r->method, HTTP_PUT);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/deployments/production/properties");
	http_request_free(r);
	r = api_properties_get_request(&T, "j");
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/deployments/production/properties");
	http_request_free(r);
	r = api_deployments_request(&T, "j");
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/deployments");
	http_request_free(r);
	r = api_job_delete_request(&T, "j");
	assert_int_equal(r->method, HTTP_DELETE);
	http_request_free(r);
}

static void test_execution_start_request(void **state)
{
	(void)state;
	struct http_request *r = api_execution_start_request(&T, "j", "manual/me", "{\"k\": [1, \"v\"]}");
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/deployments/production/executions");
	struct json_object *o = body_of(r);
	assert_string_equal(jget(o, "started_by"), "manual/me");
	struct json_object *args;
	assert_true(json_object_object_get_ex(o, "args", &args));
	assert_true(json_object_is_type(args, json_type_object));
	json_object_put(o);
	http_request_free(r);
	r = api_execution_start_request(&T, "j", NULL, NULL);
	o = body_of(r);
	assert_string_equal(jget(o, "started_by"), "manual/vdktop");
	assert_null(jget(o, "args"));
	json_object_put(o);
	http_request_free(r);
	assert_null(api_execution_start_request(&T, "j", NULL, "[1,2]"));
	assert_null(api_execution_start_request(&T, "j", NULL, "{oops"));
	assert_null(api_execution_start_request(&T, "j", NULL, ""));
}

static void test_job_bodies(void **state)
{
	(void)state;
	struct job j;
	job_init(&j);
	j.name = strdup("nightly-sales");
	j.schedule_cron = strdup("0 3 * * *");
	strlist_push(&j.contacts.on_user_error, "a@example.com");
	j.generate_keytab = 1;
	struct http_request *r = api_job_create_request(&T, &j);
	assert_int_equal(r->method, HTTP_POST);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs");
	assert_string_equal(r->content_type, "application/json");
	struct json_object *o = body_of(r);
	assert_string_equal(jget(o, "job_name"), "nightly-sales");
	assert_string_equal(jget(o, "team"), "starshot");
	assert_string_equal(jget(o, "description"), "");
	assert_string_equal(jget(o, "config.schedule.schedule_cron"), "0 3 * * *");
	assert_string_equal(jget(o, "config.generate_keytab"), "true");
	assert_null(jget(o, "config.enable_execution_notifications"));
	assert_non_null(jget(o, "config.contacts.notified_on_job_deploy"));
	json_object_put(o);
	http_request_free(r);

	j.team = strdup("other");
	j.notification_delay_minutes = 60;
	r = api_job_update_request(&T, &j);
	assert_int_equal(r->method, HTTP_PUT);
	assert_string_equal(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/nightly-sales");
	o = body_of(r);
	assert_string_equal(jget(o, "team"), "other");
	assert_string_equal(jget(o, "config.notification_delay_period_minutes"), "60");
	json_object_put(o);
	http_request_free(r);
	job_clear(&j);
}

static void test_jobs_request(void **state)
{
	(void)state;
	struct jobs_query q = {.team = "starshot", .page = 1, .page_size = 100, .search = "a&b=c"};
	struct http_request *r = api_jobs_request(&T, &q);
	assert_int_equal(r->method, HTTP_GET);
	assert_true(strncmp(r->url, "http://svc:8092/data-jobs/for-team/starshot/jobs?query=query%20jobsQuery", 72) == 0);
	assert_non_null(strstr(r->url, "&variables=%7B%22pageNumber%22%3A1%2C%22pageSize%22%3A100"));
	/* Nothing unescaped that would break the query string. */
	const char *qs = strchr(r->url, '?') + 1;
	for (const char *p = qs; *p; p++)
		assert_null(strchr(" {}\"#+", *p));
	assert_null(strstr(qs, "a&b"));
	http_request_free(r);
	r = api_job_executions_request(&T, "j", 2, 20);
	assert_non_null(strstr(r->url, "query=query%20jobExecutions"));
	http_request_free(r);
}

/* ---- errors ---------------------------------------------------------------- */

struct err_case {
	long status;
	const char *body;
	const char *ctype;
	const char *context;
	const char *message;
	const char *what;
};

static void test_error_bodies(void **state)
{
	(void)state;
	static const struct err_case cases[] = {
		{404, "", NULL, "job", "job not found", NULL},
		{404, "  \n", NULL, "deployment", "not deployed", NULL},
		{404, "", NULL, "start", "job not found or not deployed", NULL},
		{404, "<html><body>Not Found</body></html>", "text/html", "start", "job not found or not deployed", NULL},
		{404, NULL, NULL, "execution", "execution not found", NULL},
		{409, "", NULL, "create", "a job with this name already exists", NULL},
		{409, "", NULL, "start", "job is already running", NULL},
		{400, "", NULL, "cancel", "execution already finished", NULL},
		{401, "", NULL, "jobs", "unauthorized: check your token", NULL},
		{403, "", NULL, "job", "not permitted (403)", NULL},
		{503, "", NULL, "jobs", "service unavailable (503)", NULL},
		{418, "", NULL, "job", "HTTP 418", NULL},
		{500, "<html><body>Oops</body></html>", "text/html", "job", "server error (500)", NULL},
		{403, "User bob may not touch team x\nsecond line", "text/plain", "job",
		 "not permitted (403): User bob may not touch team x", NULL},
		{409,
		 "{\"what\":\"The Data Job 'x' is already running.\",\"why\":\"Only one at a time.\","
		 "\"consequences\":\"Not started.\",\"countermeasures\":\"Wait.\"}",
		 "application/json", "start", "The Data Job 'x' is already running.", "The Data Job 'x' is already running."},
		{400, "{\"errors\":[{\"message\":\"Page cannot be less than 1\"},{\"message\":\"second\"}],\"data\":null}",
		 "application/json", "jobs", "Page cannot be less than 1; second", NULL},
		{400, "{\"errors\":[{\"nomessage\":1}, 5, null],\"data\":null}", NULL, "jobs",
		 "the service rejected the query (400)", NULL},
		{404, "{\"what\":null,\"why\":\"Because.\"}", NULL, "execution", "Because.", NULL},
		{500, "{\"what\":42}", NULL, "job", "server error (500)", NULL},
		{500, "{not json", NULL, "job", "server error (500)", NULL},
		{502, "[1,2]", NULL, "job", "bad gateway (502)", NULL},
		{401, "{\"timestamp\":\"x\",\"status\":401,\"error\":\"Unauthorized\",\"message\":\"Full authentication is required\"}",
		 NULL, "job", "unauthorized: check your token: Full authentication is required", NULL},
		{400, "{\"what\":\"line one\\nline\\u001b[31mtwo\"}", NULL, "patch", "line one line [31mtwo", "line one\nline\033[31mtwo"},
		{404, "", NULL, NULL, "not found (404)", NULL},
		{409, "", NULL, "deploy", "python version not supported (409)", NULL},
		/* Fields of nothing but control characters say nothing: the next
		 * source of text, then the status wording. */
		{500, "{\"what\":\"\\u000e\"}", NULL, "job", "server error (500)", NULL},
		{404, "{\"what\":\"\\u0007\",\"why\":\"Gone.\"}", NULL, "job", "Gone.", NULL},
		{500, "\001\002", "text/plain", "job", "server error (500)", NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response r = resp(cases[i].status, cases[i].body);
		r.content_type = cases[i].ctype ? strdup(cases[i].ctype) : NULL;
		struct api_error e = {0};
		api_error_from_response(&e, &r, cases[i].context);
		if (strcmp(e.message, cases[i].message) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, e.message, cases[i].message);
		assert_int_equal(e.http_status, cases[i].status);
		if (cases[i].what)
			assert_string_equal(e.what, cases[i].what);
		/* Reusing the error struct must not leak. */
		api_error_from_response(&e, &r, cases[i].context);
		api_error_clear(&e);
		http_response_clear(&r);
	}
	struct api_error e = {0};
	struct http_response r = resp(409, "{\"what\":\"W\",\"why\":\"Y\",\"consequences\":\"C\",\"countermeasures\":\"M\"}");
	api_error_from_response(&e, &r, "start");
	assert_string_equal(e.why, "Y");
	assert_string_equal(e.consequences, "C");
	assert_string_equal(e.countermeasures, "M");
	api_error_clear(&e);
	http_response_clear(&r);

	/* Long plain text is cut to one line, never in the middle of a
	 * UTF-8 character. */
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 150; i++)
		strbuf_puts(&sb, "é");
	r = resp(403, sb.buf);
	strbuf_free(&sb);
	api_error_from_response(&e, &r, "job");
	assert_true(strlen(e.message) < 260);
	assert_non_null(strstr(e.message, "…"));
	const char *tail = strstr(e.message, "…");
	assert_int_equal((unsigned char)tail[-1], 0xA9);
	api_error_clear(&e);
	http_response_clear(&r);

	/* Transport failures and the body cap. */
	r = resp(0, NULL);
	r.transport_error = strdup("connection refused");
	api_error_from_response(&e, &r, "jobs");
	assert_int_equal(e.http_status, 0);
	assert_string_equal(e.message, "connection refused");
	http_response_clear(&r);
	r = resp(200, "{\"partial");
	r.too_large = true;
	r.transport_error = strdup("response too large (> 64 MiB)");
	api_error_from_response(&e, &r, "jobs");
	assert_int_equal(e.http_status, 0);
	assert_string_equal(e.message, "response too large (> 64 MiB)");
	struct job_page *p = (void *)1;
	assert_int_equal(api_jobs_parse(&r, &p, &e), -1);
	assert_null(p);
	assert_string_equal(e.message, "response too large (> 64 MiB)");
	api_error_clear(&e);
	http_response_clear(&r);
	api_error_set(&e, 7, "custom %d", 5);
	assert_string_equal(e.message, "custom 5");
	assert_int_equal(e.http_status, 7);
	api_error_clear(&e);
	api_error_clear(NULL);
}

/* ---- parsers ----------------------------------------------------------------- */

static const char GQL_PAGE[] =
	"{\"errors\":[],\"data\":{\"content\":[{\"jobName\":\"starshot-processing-vmc-fact-daily\","
	"\"config\":{\"team\":\"starshot\",\"description\":\"Transforms facts\",\"sourceUrl\":\"https://git/x\","
	"\"generateKeytab\":true,"
	"\"schedule\":{\"scheduleCron\":\"0 0 13 * 5\",\"nextRunEpochSeconds\":1700226000},"
	"\"contacts\":{\"notifiedOnJobSuccess\":[\"a@x\"],\"notifiedOnJobDeploy\":[],"
	"\"notifiedOnJobFailureUserError\":[\"a@x\",7,null,\"b@x\"],\"notifiedOnJobFailurePlatformError\":[\"ops@x\"]}},"
	"\"deployments\":[{\"id\":\"d\",\"enabled\":true,\"jobVersion\":\"11a403ba\",\"jobPythonVersion\":\"3.9\","
	"\"vdkVersion\":\"0.3.1\",\"lastDeployedDate\":\"2023-11-14T09:16:53.323Z\",\"lastDeployedBy\":\"auserov\","
	"\"lastExecutionStatus\":\"SUCCEEDED\",\"lastExecutionTime\":\"2023-11-15T12:04:31.100245Z\","
	"\"lastExecutionDuration\":271,\"successfulExecutions\":41,\"failedExecutions\":2,"
	"\"executions\":[{\"id\":\"e-old\",\"status\":\"USER_ERROR\",\"type\":\"SCHEDULED\",\"startTime\":\"2023-11-14T12:00Z\"},"
	"{\"id\":\"e-new\",\"status\":\"SUCCEEDED\",\"type\":\"MANUAL\",\"startTime\":\"2023-11-15T12:00:00.512345Z\","
	"\"endTime\":\"2023-11-15T12:04:31.100245Z\",\"startedBy\":\"manual/me\",\"message\":\"Success\",\"opId\":\"op\","
	"\"logsUrl\":\"\"}]}]},"
	"{\"jobName\":\"starshot-import-sql\",\"config\":{\"team\":\"starshot\",\"description\":\"\",\"sourceUrl\":null,"
	"\"schedule\":{\"scheduleCron\":null,\"nextRunEpochSeconds\":-1}},\"deployments\":null},"
	"{\"config\":{\"team\":\"nameless\"}},"
	"\"not an object\","
	"{\"jobName\":\"weird\",\"config\":[],\"deployments\":{\"enabled\":\"yes\",\"lastExecutionStatus\":\"EXPLODED\","
	"\"successfulExecutions\":1e400,\"failedExecutions\":99999999999999999999999,\"lastExecutionDuration\":\"271\","
	"\"lastDeployedDate\":\"yesterday\",\"executions\":{\"id\":1}}}"
	"],\"totalItems\":3,\"totalPages\":1}}";

/* Counts a server reports are believed within bounds: absurd ones are
 * clamped at parse time, never more pages than items, and a page keeps
 * only the rows asked for, cut before parsing, counting the rest. */
static void test_parse_jobs_hostile_counts(void **state)
{
	(void)state;
	struct job_page *p = NULL;
	struct api_error e = {0};
	struct http_response r = resp(200, "{\"data\":{\"content\":[{\"jobName\":\"a\"}],"
				  "\"totalItems\":2305843009213693953,\"totalPages\":1e300}}");
	assert_int_equal(api_jobs_parse(&r, &p, &e), 0);
	assert_true(p->total_items == API_COUNT_MAX);
	assert_true(p->total_pages == -1); /* not an integer in range: unknown */
	assert_true(p->counts_clamped);
	job_page_free(p);
	http_response_clear(&r);

	r = resp(200, "{\"data\":{\"content\":[],\"totalItems\":16,\"totalPages\":200000}}");
	assert_int_equal(api_jobs_parse(&r, &p, &e), 0);
	assert_true(p->total_items == 16 && p->total_pages == 16 && p->counts_clamped);
	job_page_free(p);
	http_response_clear(&r);

	r = resp(200, "{\"data\":{\"content\":[],\"totalItems\":-5,\"totalPages\":-1}}");
	assert_int_equal(api_jobs_parse(&r, &p, &e), 0);
	assert_true(p->total_items == -1 && p->total_pages == -1 && !p->counts_clamped);
	job_page_free(p);
	http_response_clear(&r);

	/* 5 rows for a request of 2: "[x]" in a name and "]" in a string
	 * do not confuse the cut; the totals after the array survive it. */
	r = resp(200, "{\"errors\":[],\"data\":{\"content\":[{\"jobName\":\"a]\"},{\"jobName\":\"b\\\"[\"},"
		      "{\"jobName\":\"c\"},{\"jobName\":\"d\"},{\"jobName\":\"e\"}],\"totalItems\":5,\"totalPages\":3}}");
	assert_int_equal(api_jobs_parse_page(&r, 2, &p, &e), 0);
	assert_int_equal(p->n, 2);
	assert_int_equal(p->extra_rows, 3);
	assert_string_equal(p->jobs[0].name, "a]");
	assert_string_equal(p->jobs[1].name, "b\"[");
	assert_true(p->total_items == 5 && p->total_pages == 3);
	job_page_free(p);
	assert_int_equal(api_jobs_parse_page(&r, 5, &p, &e), 0);
	assert_int_equal(p->n, 5);
	assert_int_equal(p->extra_rows, 0);
	job_page_free(p);
	http_response_clear(&r);
}

static void test_cut_array(void **state)
{
	(void)state;
	size_t from, to;
	const char *t = "{\"content\":[1],\"data\":{\"x\":{\"content\":[9,9,9]},\"content\" : [ {\"a\":[1,2]}, 2 ,3]}}";
	assert_int_equal(jr_cut_array(t, strlen(t), "content", 1, &from, &to), 3);
	assert_string_equal(t + to, "]}}");
	assert_int_equal(t[from], ',');
	assert_int_equal(jr_cut_array(t, strlen(t), "content", 3, &from, &to), 3);
	assert_true(from == 0 && to == 0);
	/* malformed or missing: nothing to cut */
	assert_int_equal(jr_cut_array("{\"data\":{\"content\":[1,2", 23, "content", 1, &from, &to), 0);
	assert_true(from == 0 && to == 0);
	assert_int_equal(jr_cut_array("]]]", 3, "content", 1, &from, &to), 0);
	assert_int_equal(jr_cut_array("{\"data\":{\"content\":[]}}", 24, "content", 1, &from, &to), 0);
	assert_int_equal(jr_cut_array(NULL, 0, "content", 1, &from, &to), 0);
}

static void test_parse_jobs_page(void **state)
{
	(void)state;
	struct http_response r = resp(200, GQL_PAGE);
	struct job_page *p = NULL;
	struct api_error e = {0};
	assert_int_equal(api_jobs_parse(&r, &p, &e), 0);
	assert_int_equal(p->n, 3);
	assert_int_equal(p->total_items, 3);
	assert_int_equal(p->total_pages, 1);
	struct job *j = &p->jobs[0];
	assert_string_equal(j->name, "starshot-processing-vmc-fact-daily");
	assert_string_equal(j->team, "starshot");
	assert_string_equal(j->schedule_cron, "0 0 13 * 5");
	assert_int_equal(j->next_run, 1700226000);
	assert_string_equal(j->source_url, "https://git/x");
	assert_int_equal(j->generate_keytab, 1);
	assert_int_equal(j->contacts.on_user_error.n, 2);
	assert_string_equal(j->contacts.on_user_error.v[1], "b@x");
	assert_int_equal(j->contacts.on_deploy.n, 0);
	assert_non_null(j->deployment);
	assert_int_equal(j->deployment->enabled, 1);
	assert_string_equal(j->deployment->job_version, "11a403ba");
	assert_string_equal(j->deployment->python_version, "3.9");
	assert_string_equal(j->deployment->deployed_by, "auserov");
	assert_int_equal(j->deployment->deployed_at, 1699953413);
	assert_int_equal(j->deployment->last_status, EXEC_SUCCEEDED);
	assert_int_equal(j->deployment->last_exec_time, 1700049871);
	assert_int_equal(j->deployment->last_exec_duration, 271);
	assert_int_equal(deployment_success_rate(j->deployment), 95);
	assert_int_equal(j->n_executions, 2);
	assert_string_equal(j->executions[0].id, "e-new");
	assert_int_equal(j->executions[0].type, EXEC_TYPE_MANUAL);
	assert_int_equal(j->executions[0].end_time, 1700049871);
	assert_string_equal(j->executions[0].logs_url, "");
	assert_int_equal(j->executions[1].status, EXEC_USER_ERROR);

	j = &p->jobs[1];
	assert_null(j->deployment);
	assert_null(j->schedule_cron);
	assert_null(j->source_url);
	assert_int_equal(j->next_run, -1);
	assert_int_equal(j->generate_keytab, -1);

	j = &p->jobs[2];
	assert_string_equal(j->name, "weird");
	assert_null(j->team);
	assert_non_null(j->deployment);
	assert_int_equal(j->deployment->enabled, -1);
	assert_int_equal(j->deployment->last_status, EXEC_UNKNOWN);
	assert_int_equal(j->deployment->successful_executions, -1);
	assert_int_equal(j->deployment->last_exec_duration, -1);
	assert_int_equal(j->deployment->deployed_at, 0);
	assert_int_equal(j->n_executions, 0);
	job_page_free(p);
	http_response_clear(&r);
}

static void test_parse_jobs_errors(void **state)
{
	(void)state;
	struct job_page *p = NULL;
	struct api_error e = {0};
	static const char *const bad200[] = {
		"", "null", "[]", "\"x\"", "{}", "{\"data\":null}", "{\"data\":[1]}", "{\"errors\":[{\"message\":\"boom\"}],\"data\":{}}",
		"<html>", "{\"data\":{\"content\":[]}} trailing", "\xff\xfe", "{\"data\":{\"content\":[]}",
	};
	for (size_t i = 0; i < sizeof(bad200) / sizeof(bad200[0]); i++) {
		struct http_response r = resp(200, bad200[i]);
		if (api_jobs_parse(&r, &p, &e) != -1)
			fail_msg("accepted %s", bad200[i]);
		assert_null(p);
		assert_non_null(e.message);
		http_response_clear(&r);
	}
	struct http_response r = resp(200, "{\"errors\":[{\"message\":\"boom\"}],\"data\":{}}");
	api_jobs_parse(&r, &p, &e);
	assert_string_equal(e.message, "boom");
	http_response_clear(&r);
	/* Errors that say nothing: a clear message, not a bare status. */
	r = resp(200, "{\"errors\":[{\"code\":1}],\"data\":{}}");
	assert_int_equal(api_jobs_parse(&r, &p, &e), -1);
	assert_string_equal(e.message, "the service reported errors in the job query without saying which");
	http_response_clear(&r);
	/* A partial answer: rows that came with errors are still shown. */
	r = resp(200, "{\"errors\":[{\"message\":\"x\"}],\"data\":{\"content\":[{\"jobName\":\"partial-job\"}]}}");
	assert_int_equal(api_jobs_parse(&r, &p, &e), 0);
	assert_int_equal(p->n, 1);
	assert_string_equal(p->jobs[0].name, "partial-job");
	job_page_free(p);
	http_response_clear(&r);
	/* Content missing or of the wrong type: an empty page, not a crash. */
	r = resp(200, "{\"data\":{\"content\":{\"jobName\":\"x\"},\"totalItems\":\"3\"}}");
	assert_int_equal(api_jobs_parse(&r, &p, &e), 0);
	assert_int_equal(p->n, 0);
	assert_int_equal(p->total_items, -1);
	job_page_free(p);
	http_response_clear(&r);
	api_error_clear(&e);
}

static void test_hostile_json(void **state)
{
	(void)state;
	/* Deep nesting, huge numbers, NUL and non-UTF-8 bytes, unknown
	 * enums: every parser copes. */
	struct strbuf deep = STRBUF_INIT;
	strbuf_puts(&deep, "{\"data\":{\"content\":[{\"jobName\":\"d\",\"config\":");
	for (int i = 0; i < 100000; i++)
		strbuf_putc(&deep, '[');
	struct http_response r = resp(200, deep.buf);
	struct job_page *p = NULL;
	struct api_error e = {0};
	assert_int_equal(api_jobs_parse(&r, &p, &e), -1);
	assert_int_equal(e.http_status, 0);
	assert_non_null(strstr(e.message, "unexpected answer"));
	http_response_clear(&r);
	strbuf_free(&deep);

	struct execution_list *l = NULL;
	r = resp(200, "[{\"id\":\"a\\u0000b\",\"status\":\"RUNNING_LATE\",\"type\":7,\"start_time\":\"2023-13-01T00:00Z\","
		      "\"message\":\"bad \xff\xfe utf8\",\"deployment\":[1]},"
		      "{\"id\":\"x\",\"start_time\":123456789012345678901234567890},"
		      "1, null, \"s\", [], {}]");
	assert_int_equal(api_executions_parse(&r, &l, &e), 0);
	assert_int_equal(l->n, 3);
	bool saw_a = false;
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].id && strcmp(l->v[i].id, "a") == 0) {
			saw_a = true;
			assert_int_equal(l->v[i].status, EXEC_UNKNOWN);
			assert_int_equal(l->v[i].type, EXEC_TYPE_UNKNOWN);
			assert_int_equal(l->v[i].start_time, 0);
			assert_null(l->v[i].deployment);
			assert_string_equal(l->v[i].message, "bad \xff\xfe utf8");
		}
	}
	assert_true(saw_a);
	execution_list_free(l);
	http_response_clear(&r);

	static const char *const not_arrays[] = {"{}", "5", "null", "\"[]\""};
	for (size_t i = 0; i < 4; i++) {
		r = resp(200, not_arrays[i]);
		assert_int_equal(api_executions_parse(&r, &l, &e), -1);
		assert_null(l);
		http_response_clear(&r);
	}
	api_error_clear(&e);
}

static void test_parse_rest_objects(void **state)
{
	(void)state;
	struct api_error e = {0};
	struct http_response r = resp(200, "{\"api_version\":\"PipelinesControlService/1.2\","
					   "\"supported_python_versions\":[\"3.9\",\"3.11\",null]}");
	struct api_info *info = NULL;
	assert_int_equal(api_info_parse(&r, &info, &e), 0);
	assert_string_equal(info->api_version, "PipelinesControlService/1.2");
	assert_int_equal(info->python_versions.n, 2);
	api_info_free(info);
	http_response_clear(&r);
	r = resp(200, "[\"3.9\"]");
	assert_int_equal(api_info_parse(&r, &info, &e), -1);
	assert_null(info);
	http_response_clear(&r);

	r = resp(200, "{\"job_name\":\"starshot-x\",\"description\":\"d\",\"team\":\"starshot\",\"config\":{"
		      "\"db_default_type\":\"TRINO\",\"contacts\":{\"notified_on_job_failure_user_error\":[\"a@x\"],"
		      "\"notified_on_job_failure_platform_error\":[],\"notified_on_job_success\":null,"
		      "\"notified_on_job_deploy\":\"oops\"},\"schedule\":{\"schedule_cron\":\"0 0 13 * 5\"},"
		      "\"generate_keytab\":true,\"enable_execution_notifications\":false,"
		      "\"notification_delay_period_minutes\":60}}");
	struct job *j = NULL;
	assert_int_equal(api_job_get_parse(&r, &j, &e), 0);
	assert_string_equal(j->name, "starshot-x");
	assert_string_equal(j->db_default_type, "TRINO");
	assert_string_equal(j->schedule_cron, "0 0 13 * 5");
	assert_int_equal(j->contacts.on_user_error.n, 1);
	assert_int_equal(j->contacts.on_deploy.n, 0);
	assert_int_equal(j->generate_keytab, 1);
	assert_int_equal(j->enable_execution_notifications, 0);
	assert_int_equal(j->notification_delay_minutes, 60);
	job_clear(j);
	free(j);
	http_response_clear(&r);
	r = resp(200, "{\"job_name\":5,\"config\":\"x\"}");
	assert_int_equal(api_job_get_parse(&r, &j, &e), 0);
	assert_null(j->name);
	assert_int_equal(j->generate_keytab, -1);
	job_clear(j);
	free(j);
	http_response_clear(&r);
	r = resp(404, "");
	assert_int_equal(api_job_get_parse(&r, &j, &e), -1);
	assert_string_equal(e.message, "job not found");
	assert_int_equal(e.http_status, 404);
	http_response_clear(&r);

	r = resp(200, "[{\"vdk_version\":\"0.3\",\"job_version\":\"11a403ba\",\"python_version\":\"3.9\",\"mode\":\"release\","
		      "\"id\":null,\"enabled\":false,\"contacts\":null,\"schedule\":null,\"resources\":null,"
		      "\"last_deployed_date\":\"2023-11-14T09:16:53.323456Z\",\"last_deployed_by\":\"me\"}]");
	struct deployment *d = NULL;
	assert_int_equal(api_deployments_parse(&r, &d, &e), 0);
	assert_non_null(d);
	assert_int_equal(d->enabled, 0);
	assert_string_equal(d->mode, "release");
	assert_null(d->id);
	assert_false(d->resources.present);
	assert_int_equal(d->deployed_at, 1699953413);
	assert_string_equal(d->deployed_by, "me");
	deployment_free(d);
	http_response_clear(&r);
	r = resp(200, "[]");
	d = (void *)1;
	assert_int_equal(api_deployments_parse(&r, &d, &e), 0);
	assert_null(d);
	http_response_clear(&r);
	r = resp(200, "[5, null]");
	assert_int_equal(api_deployments_parse(&r, &d, &e), 0);
	assert_null(d);
	http_response_clear(&r);
	r = resp(200, "\"no\"");
	assert_int_equal(api_deployments_parse(&r, &d, &e), -1);
	http_response_clear(&r);
	r = resp(200, "{\"job_version\":\"v\"}");
	assert_int_equal(api_deployment_get_parse(&r, &d, &e), 0);
	assert_string_equal(d->job_version, "v");
	deployment_free(d);
	http_response_clear(&r);

	r = resp(200, "{\"id\":\"starshot-x-1700049600\",\"job_name\":\"starshot-x\",\"status\":\"succeeded\","
		      "\"type\":\"manual\",\"start_time\":\"2023-11-15T12:00:00.512345Z\",\"end_time\":null,"
		      "\"started_by\":\"manual/vdk-control-cli/me\",\"logs_url\":\"\",\"message\":\"Success\",\"op_id\":\"5c1f\","
		      "\"deployment\":{\"vdk_version\":\"0.3\",\"job_version\":\"11a403ba\",\"python_version\":\"3.9\","
		      "\"mode\":\"release\",\"id\":\"release\",\"enabled\":true,\"deployed_by\":\"me\","
		      "\"deployed_date\":\"2023-11-14T09:16:53.323456Z\",\"schedule\":{\"schedule_cron\":\"0 0 13 * 5\"},"
		      "\"resources\":{\"cpu_request\":0.5,\"cpu_limit\":2.0,\"memory_request\":1000,\"memory_limit\":1000}}}");
	struct execution *x = NULL;
	assert_int_equal(api_execution_get_parse(&r, &x, &e), 0);
	assert_string_equal(x->id, "starshot-x-1700049600");
	assert_int_equal(x->status, EXEC_SUCCEEDED);
	assert_int_equal(x->type, EXEC_TYPE_MANUAL);
	assert_int_equal(x->end_time, 0);
	assert_string_equal(x->op_id, "5c1f");
	assert_non_null(x->deployment);
	assert_true(x->deployment->resources.present);
	assert_true(x->deployment->resources.cpu_request == 0.5);
	assert_int_equal(x->deployment->resources.memory_limit, 1000);
	assert_string_equal(x->deployment->schedule_cron, "0 0 13 * 5");
	assert_string_equal(x->deployment->deployed_by, "me");
	assert_int_equal(x->deployment->deployed_at, 1699953413);
	execution_clear(x);
	free(x);
	http_response_clear(&r);

	r = resp(200, "{\"a\":{\"b\":[1,2]},\"url\":\"http://x/y\"}");
	char *props = NULL;
	assert_int_equal(api_properties_get_parse(&r, &props, &e), 0);
	assert_string_equal(props, "{\"a\":{\"b\":[1,2]},\"url\":\"http://x/y\"}");
	free(props);
	http_response_clear(&r);
	r = resp(200, "[]");
	assert_int_equal(api_properties_get_parse(&r, &props, &e), -1);
	http_response_clear(&r);

	r = resp(200, "{\"version_sha\":\"17012900f6\"}");
	char *sha = NULL;
	assert_int_equal(api_sources_upload_parse(&r, &sha, &e), 0);
	assert_string_equal(sha, "17012900f6");
	free(sha);
	http_response_clear(&r);
	r = resp(200, "{\"version_sha\":null}");
	assert_int_equal(api_sources_upload_parse(&r, &sha, &e), -1);
	assert_null(sha);
	http_response_clear(&r);

	r = resp(200, NULL);
	strbuf_append(&r.body, "\x05\x02\0keytab", 9);
	char *kt = NULL;
	size_t klen = 0;
	assert_int_equal(api_keytab_parse(&r, &kt, &klen, &e), 0);
	assert_int_equal(klen, 9);
	assert_memory_equal(kt, "\x05\x02\0keytab", 9);
	free(kt);
	http_response_clear(&r);
	r = resp(404, "");
	assert_int_equal(api_keytab_parse(&r, &kt, &klen, &e), -1);
	assert_null(kt);
	http_response_clear(&r);

	/* Writes: any 2xx is success (the server says 200 where the spec
	 * says 201/204 and the other way round). */
	long ok[] = {200, 201, 202, 204};
	for (size_t i = 0; i < 4; i++) {
		r = resp(ok[i], "");
		assert_int_equal(api_job_create_parse(&r, &e), 0);
		assert_int_equal(api_job_update_parse(&r, &e), 0);
		assert_int_equal(api_job_delete_parse(&r, &e), 0);
		assert_int_equal(api_deploy_parse(&r, &e), 0);
		assert_int_equal(api_deployment_patch_parse(&r, &e), 0);
		assert_int_equal(api_deployment_delete_parse(&r, &e), 0);
		assert_int_equal(api_execution_cancel_parse(&r, &e), 0);
		assert_int_equal(api_properties_put_parse(&r, &e), 0);
		http_response_clear(&r);
	}
	r = resp(409, "");
	assert_int_equal(api_job_create_parse(&r, &e), -1);
	assert_string_equal(e.message, "a job with this name already exists");
	http_response_clear(&r);
	api_error_clear(&e);
}

/* Secrets: the same whole-map shape as properties, on .../secrets, and
 * error texts of our own only: the vault switch (501) and the size limit
 * (413) in words a user can act on, and no server text that could quote
 * a value back. */
static void test_secrets(void **state)
{
	struct api_error e = {0};
	struct http_request *q = api_secrets_put_request(&T, "j", "{\"k\":\"v\"}");
	assert_int_equal(q->method, HTTP_PUT);
	assert_string_equal(q->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/deployments/production/secrets");
	assert_memory_equal(q->body, "{\"k\":\"v\"}", 9);
	http_request_free(q);
	q = api_secrets_get_request(&T, "j");
	assert_int_equal(q->method, HTTP_GET);
	assert_string_equal(q->url, "http://svc:8092/data-jobs/for-team/starshot/jobs/j/deployments/production/secrets");
	http_request_free(q);

	struct http_response r = resp(200, "{\"api_key\":\"k-1\",\"port\":5432}");
	char *json = NULL;
	assert_int_equal(api_secrets_get_parse(&r, &json, &e), 0);
	assert_string_equal(json, "{\"api_key\":\"k-1\",\"port\":5432}");
	free(json);
	http_response_clear(&r);

	const char *vault = "{\"what\":\"Secrets storage is not configured.\",\"why\":\"no vault\"}";
	r = resp(501, vault);
	assert_int_equal(api_secrets_get_parse(&r, &json, &e), -1);
	assert_null(json);
	assert_int_equal(e.http_status, 501);
	assert_string_equal(e.message, "this service has no secrets store (vault) enabled");
	assert_null(e.what);
	assert_int_equal(api_secrets_put_parse(&r, &e), -1);
	assert_string_equal(e.message, "this service has no secrets store (vault) enabled");
	http_response_clear(&r);

	r = resp(413, "{\"what\":\"too large\"}");
	assert_int_equal(api_secrets_put_parse(&r, &e), -1);
	assert_string_equal(e.message, "too large (limit 1 MiB)");
	http_response_clear(&r);

	/* A body that quotes the value sent never reaches the message. */
	r = resp(400, "{\"what\":\"JSON parse error near 'hunter2'\",\"why\":\"hunter2\"}");
	assert_int_equal(api_secrets_put_parse(&r, &e), -1);
	assert_string_equal(e.message, "bad request (400)");
	assert_null(e.what);
	assert_null(e.why);
	http_response_clear(&r);
	r = resp(403, "denied for hunter2");
	assert_int_equal(api_secrets_get_parse(&r, &json, &e), -1);
	assert_null(strstr(e.message, "hunter2"));
	http_response_clear(&r);

	long ok[] = {200, 202, 204};
	for (size_t i = 0; i < 3; i++) {
		r = resp(ok[i], "");
		assert_int_equal(api_secrets_put_parse(&r, &e), 0);
		http_response_clear(&r);
	}
	/* The properties keep the generic wording for the same statuses. */
	r = resp(501, "");
	assert_int_equal(api_properties_put_parse(&r, &e), -1);
	assert_string_equal(e.message, "not available on this service (501)");
	http_response_clear(&r);
	api_error_clear(&e);
}

static void test_location(void **state)
{
	(void)state;
	struct {
		const char *loc;
		const char *id;
	} cases[] = {
		{"http://10.0.0.7:8092/data-jobs/for-team/t/jobs/j/executions/j-1700049600", "j-1700049600"},
		{"/data-jobs/for-team/t/jobs/j/executions/j-1700049600/", "j-1700049600"},
		{"j-17", "j-17"},
		{"https://h/x/executions/j-17?foo=bar#frag", "j-17"},
		{"https://h/x/executions/a%2Db%20c", "a-b c"},
		{"https://h/x/executions/bad%zz", "bad%zz"},
		{"https://h/x/executions/", NULL},
		{"https://h/x/executions/%0a", NULL},
		{"", NULL},
		{"/", NULL},
		{"///", NULL},
		{NULL, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct http_response r = resp(202, "");
		r.location = cases[i].loc ? strdup(cases[i].loc) : NULL;
		char *id = NULL;
		struct api_error e = {0};
		int rc = api_execution_start_parse(&r, &id, &e);
		if (cases[i].id) {
			if (rc != 0 || strcmp(id, cases[i].id) != 0)
				fail_msg("%s: rc=%d id=%s", cases[i].loc, rc, id ? id : "(null)");
		} else {
			assert_int_equal(rc, -1);
			assert_null(id);
			assert_non_null(strstr(e.message, "did not say which execution"));
		}
		free(id);
		api_error_clear(&e);
		http_response_clear(&r);
	}
	struct http_response r = resp(409, "");
	char *id = NULL;
	struct api_error e = {0};
	assert_int_equal(api_execution_start_parse(&r, &id, &e), -1);
	assert_string_equal(e.message, "job is already running");
	http_response_clear(&r);
	r = resp(404, "{\"what\":\"The Data Job 'j' is not deployed.\"}");
	assert_int_equal(api_execution_start_parse(&r, &id, &e), -1);
	assert_string_equal(e.message, "The Data Job 'j' is not deployed.");
	http_response_clear(&r);
	api_error_clear(&e);
	/* a 404 that says nothing (a proxy's) still says what it means here */
	r = resp(404, "");
	assert_int_equal(api_execution_start_parse(&r, &id, &e), -1);
	assert_string_equal(e.message, "job not found or not deployed");
	http_response_clear(&r);
	api_error_clear(&e);
}

static void test_logs(void **state)
{
	(void)state;
	struct api_error e = {0};
	char *text = NULL;
	size_t len = 0;
	struct http_response r = resp(200, "{\"logs\":\"2023-11-15T12:04:30.101234567Z line one\\n2023-11-15T12:04:31Z two\"}");
	assert_int_equal(api_logs_parse(&r, &text, &len, &e), 0);
	assert_int_equal(len, strlen("2023-11-15T12:04:30.101234567Z line one\n2023-11-15T12:04:31Z two"));
	assert_string_equal(text + len - 3, "two");
	free(text);
	http_response_clear(&r);
	r = resp(200, "{\"logs\":\"\"}");
	assert_int_equal(api_logs_parse(&r, &text, &len, &e), 0);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);
	http_response_clear(&r);
	r = resp(200, "{\"logs\":null}");
	assert_int_equal(api_logs_parse(&r, &text, &len, &e), 0);
	assert_int_equal(len, 0);
	free(text);
	http_response_clear(&r);
	r = resp(200, "{\"logs\":\"a\\u0000b\"}");
	assert_int_equal(api_logs_parse(&r, &text, &len, &e), 0);
	assert_int_equal(len, 3);
	assert_memory_equal(text, "a\0b", 3);
	free(text);
	http_response_clear(&r);
	r = resp(200, "{\"logs\":[\"x\"]}");
	assert_int_equal(api_logs_parse(&r, &text, &len, &e), -1);
	assert_null(text);
	http_response_clear(&r);
	r = resp(503, "{\"what\":\"Kubernetes says 400: pod not started\"}");
	assert_int_equal(api_logs_parse(&r, &text, &len, &e), -1);
	assert_int_equal(e.http_status, 503);
	assert_string_equal(e.message, "the pod is starting: retrying");
	assert_string_equal(e.what, "Kubernetes says 400: pod not started");
	http_response_clear(&r);
	r = resp(503, "");
	assert_int_equal(api_logs_parse(&r, &text, &len, &e), -1);
	assert_string_equal(e.message, "the pod is starting: retrying");
	http_response_clear(&r);
	r = resp(404, "{\"what\":\"The execution 'x' does not exist.\"}");
	assert_int_equal(api_logs_parse(&r, &text, &len, &e), -1);
	assert_int_equal(e.http_status, 404);
	assert_string_equal(e.message, "The execution 'x' does not exist.");
	http_response_clear(&r);
	api_error_clear(&e);
}

static void test_gql_executions_parse(void **state)
{
	(void)state;
	struct http_response r = resp(200, "{\"errors\":[],\"data\":{\"content\":[{\"id\":\"a\",\"type\":\"MANUAL\","
					   "\"jobName\":\"j\",\"status\":\"PLATFORM_ERROR\",\"startTime\":\"2023-11-15T12:00Z\","
					   "\"deployment\":{\"jobVersion\":\"v1\",\"deployedDate\":\"2023-11-14T09:16Z\"}},"
					   "{\"id\":\"b\",\"status\":\"RUNNING\",\"startTime\":\"2023-11-16T12:00Z\"}],"
					   "\"totalItems\":2,\"totalPages\":1}}");
	struct execution_list *l = NULL;
	struct api_error e = {0};
	assert_int_equal(api_job_executions_parse(&r, &l, &e), 0);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->v[0].id, "b");
	assert_int_equal(l->v[1].status, EXEC_PLATFORM_ERROR);
	assert_string_equal(l->v[1].deployment->job_version, "v1");
	assert_int_equal(l->v[1].deployment->deployed_at, 1699953360);
	execution_list_free(l);
	http_response_clear(&r);
	r = resp(400, "{\"errors\":[{\"message\":\"Exception while fetching data (/executions) : bad\"}],\"data\":null}");
	assert_int_equal(api_job_executions_parse(&r, &l, &e), -1);
	assert_int_equal(e.http_status, 400);
	assert_string_equal(e.message, "Exception while fetching data (/executions) : bad");
	http_response_clear(&r);
	api_error_clear(&e);
}

/* The root executions query: every field optional, each mistyped one
 * unknown rather than fatal, the server's totals kept (0 pages for no
 * rows, unlike jobs' 1). */
static void test_executions_find(void **state)
{
	(void)state;
	const char *teams[] = {"starshot"};
	struct executions_query q = {.teams = teams, .n_teams = 1,
				     .statuses = EXEC_STATUS_BIT(EXEC_RUNNING) | EXEC_STATUS_BIT(EXEC_SUBMITTED)};
	struct http_request *rq = api_executions_find_request(&T, &q);
	assert_int_equal(rq->method, HTTP_GET);
	assert_true(strncmp(rq->url, "http://svc:8092/data-jobs/for-team/starshot/jobs?query=query%20jobExecutions", 75) == 0);
	assert_non_null(strstr(rq->url, "%22teamNameIn%22%3A%5B%22starshot%22%5D"));
	assert_non_null(strstr(rq->url, "%22statusIn%22%3A%5B%22SUBMITTED%22%2C%22RUNNING%22%5D"));
	http_request_free(rq);

	struct api_error e = {0};
	struct execution_list *l = NULL;
	struct http_response r = resp(200, "{\"errors\":[],\"data\":{\"content\":[],\"totalItems\":0,\"totalPages\":0}}");
	assert_int_equal(api_executions_find_parse(&r, &l, &e), 0);
	assert_int_equal(l->n, 0);
	assert_int_equal(l->total_items, 0);
	assert_int_equal(l->total_pages, 0);
	execution_list_free(l);
	http_response_clear(&r);

	/* Missing totals, content not a list: an empty answer, totals unknown. */
	r = resp(200, "{\"data\":{\"content\":{\"id\":\"x\"}}}");
	assert_int_equal(api_executions_find_parse(&r, &l, &e), 0);
	assert_int_equal(l->n, 0);
	assert_int_equal(l->total_items, -1);
	assert_int_equal(l->total_pages, -1);
	execution_list_free(l);
	http_response_clear(&r);

	/* Wrong types everywhere: rows kept, the bad fields unknown. */
	r = resp(200, "{\"data\":{\"content\":[7,null,{\"id\":5,\"jobName\":[\"j\"],\"status\":\"BOGUS\",\"startTime\":12,"
		      "\"endTime\":\"not a time\",\"type\":{},\"deployment\":\"x\"},"
		      "{\"id\":\"r1\",\"jobName\":\"j\",\"status\":\"RUNNING\",\"startTime\":\"2023-11-15T12:00:00Z\","
		      "\"endTime\":null,\"deployment\":null}],"
		      "\"totalItems\":\"2\",\"totalPages\":-7}}");
	assert_int_equal(api_executions_find_parse(&r, &l, &e), 0);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->v[0].id, "r1");
	assert_int_equal(l->v[0].status, EXEC_RUNNING);
	assert_int_equal(l->v[0].start_time, 1700049600);
	assert_int_equal(l->v[0].end_time, 0);
	assert_null(l->v[0].deployment);
	assert_null(l->v[1].id);
	assert_null(l->v[1].job_name);
	assert_int_equal(l->v[1].status, EXEC_UNKNOWN);
	assert_int_equal(l->v[1].type, EXEC_TYPE_UNKNOWN);
	assert_int_equal(l->v[1].start_time, 0);
	assert_int_equal(l->v[1].end_time, 0);
	assert_null(l->v[1].deployment);
	assert_int_equal(l->total_items, -1);
	assert_int_equal(l->total_pages, -1);
	execution_list_free(l);
	http_response_clear(&r);

	/* No data at all, and GraphQL errors: errors. */
	r = resp(200, "{\"errors\":[]}");
	assert_int_equal(api_executions_find_parse(&r, &l, &e), -1);
	assert_null(l);
	assert_non_null(e.message);
	http_response_clear(&r);
	r = resp(400, "{\"errors\":[{\"message\":\"Exception while fetching data (/executions) : order.property must be in [x]\"}],\"data\":null}");
	assert_int_equal(api_executions_find_parse(&r, &l, &e), -1);
	assert_null(l);
	assert_int_equal(e.http_status, 400);
	http_response_clear(&r);
	api_error_clear(&e);
}

/* The logs answer into chunks reads what api_logs_parse reads, with the
 * same messages; line_max cuts long lines. */
static void test_logs_text(void **state)
{
	(void)state;
	static const struct {
		long status;
		const char *body, *message;
	} cases[] = {
		{200, "{\"logs\":\"2023-11-15T12:04:30Z one\\n2023-11-15T12:04:31Z two\"}", NULL},
		{200, "{\"logs\":\"\"}", NULL},
		{200, "{\"logs\":null}", NULL},
		{200, "{}", NULL},
		{200, "{\"logs\":\"a\\u0000b\\ud83d\\ude00\\ud800\"}", NULL},
		{200, "{\"logs\":[\"x\"]}", "unexpected answer from the service (logs is not a string)"},
		{200, "<html>", "unexpected answer from the service (a JSON object was expected)"},
		{200, "", "unexpected answer from the service (empty answer where JSON was expected; no content type)"},
		{200, "{\"logs\":\"cut", "unexpected answer from the service (not JSON: the answer ends early; no content type)"},
		{503, "{\"what\":\"Kubernetes says 400: pod not started\"}", "the pod is starting: retrying"},
		{404, "{\"what\":\"The execution 'x' does not exist.\"}", "The execution 'x' does not exist."},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct api_error e1 = {0}, e2 = {0};
		struct http_response r = resp(cases[i].status, cases[i].body);
		char *text = NULL;
		size_t len = 0;
		struct logtext *t = NULL;
		int rc = api_logs_parse(&r, &text, &len, &e1);
		assert_int_equal(api_logs_parse_text(&r, 0, &t, &e2), rc);
		assert_int_equal(rc, cases[i].message ? -1 : 0);
		if (rc) {
			assert_null(t);
			assert_string_equal(e1.message, cases[i].message);
			assert_string_equal(e2.message, cases[i].message);
			assert_int_equal(e1.http_status, e2.http_status);
		} else {
			struct strbuf got = STRBUF_INIT;
			strbuf_puts(&got, "");
			for (size_t k = 0; k < t->n; k++)
				strbuf_append(&got, t->chunks[k].data, t->chunks[k].len);
			assert_int_equal(got.len, len);
			assert_memory_equal(got.buf, text, len);
			strbuf_free(&got);
		}
		free(text);
		logtext_free(t);
		http_response_clear(&r);
		api_error_clear(&e1);
		api_error_clear(&e2);
	}
	struct api_error e = {0};
	struct http_response r = resp(200, "{\"logs\":\"short\\n01234567890123456789\\n\"}");
	struct logtext *t = NULL;
	assert_int_equal(api_logs_parse_text(&r, 16, &t, &e), 0);
	assert_int_equal(t->cut, 1);
	assert_int_equal(t->lines, 2);
	assert_int_equal(t->n, 1);
	const char *want = "short\n0123456789012345 [\u2026 4 more bytes: save the log to read them]\n";
	assert_int_equal(t->chunks[0].len, strlen(want));
	assert_memory_equal(t->chunks[0].data, want, strlen(want));
	logtext_free(t);
	http_response_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls_escaped),
		cmocka_unit_test(test_execution_start_request),
		cmocka_unit_test(test_job_bodies),
		cmocka_unit_test(test_jobs_request),
		cmocka_unit_test(test_error_bodies),
		cmocka_unit_test(test_parse_jobs_page),
		cmocka_unit_test(test_parse_jobs_hostile_counts),
		cmocka_unit_test(test_cut_array),
		cmocka_unit_test(test_parse_jobs_errors),
		cmocka_unit_test(test_hostile_json),
		cmocka_unit_test(test_parse_rest_objects),
		cmocka_unit_test(test_secrets),
		cmocka_unit_test(test_location),
		cmocka_unit_test(test_logs),
		cmocka_unit_test(test_logs_text),
		cmocka_unit_test(test_gql_executions_parse),
		cmocka_unit_test(test_executions_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
