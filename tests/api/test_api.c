// deps: util model timefmt gql jsonread http http_fail http_msg auth safefile api api_error api_parse jdoc logstream logscan logtext logline auth_exchange transport
/* Every API operation against the fake Control Service (started by
 * tests/api/run.sh): success and each documented error, the headers the
 * service sees, keep-alive, gzip, the body cap and faults. Waits are
 * condition polls with deadlines, never fixed sleeps. OAuth is in
 * test_api_auth.c. */
#include "helpers.h"

/* ---- tests ------------------------------------------------------------------ */

static void test_info(void **state)
{
	(void)state;
	struct api_info *i = NULL;
	struct api_error e = {0};
	assert_int_equal(api_info(C, &T, &i, &e), 0);
	assert_non_null(i->api_version);
	assert_true(str_starts_with(i->api_version, "PipelinesControlService/"));
	bool has39 = false;
	for (size_t k = 0; k < i->python_versions.n; k++)
		has39 |= str_eq(i->python_versions.v[k], "3.9");
	assert_true(has39);
	api_info_free(i);
}

static void test_jobs_query(void **state)
{
	(void)state;
	struct json_object *st = admin(URL, "GET", "/_admin/state", NULL);
	long long starshot = jint(st, "teams.starshot"), all = jint(st, "jobs");
	json_object_put(st);
	assert_true(starshot > 5);

	struct api_error e = {0};
	struct job_page *p = NULL;
	struct jobs_query q = {.team = "starshot", .page = 1, .page_size = 100};
	assert_int_equal(api_jobs(C, &T, &q, &p, &e), 0);
	assert_int_equal(p->n, starshot);
	assert_int_equal(p->total_items, starshot);
	assert_int_equal(p->total_pages, 1);
	assert_int_equal(p->page_number, 1);
	bool deployed = false, undeployed = false, failed = false;
	for (size_t i = 0; i < p->n; i++) {
		assert_string_equal(p->jobs[i].team, "starshot");
		assert_non_null(p->jobs[i].name);
		if (i)
			assert_true(strcmp(p->jobs[i - 1].name, p->jobs[i].name) < 0);
		deployed |= p->jobs[i].deployment != NULL;
		undeployed |= p->jobs[i].deployment == NULL;
		failed |= p->jobs[i].deployment && exec_status_is_failure(p->jobs[i].deployment->last_status);
	}
	assert_true(deployed && undeployed && failed);
	job_page_free(p);

	/* 1-based paging. */
	q.page_size = 5;
	q.page = (long)((starshot + 4) / 5);
	assert_int_equal(api_jobs(C, &T, &q, &p, &e), 0);
	assert_int_equal(p->total_pages, q.page);
	assert_int_equal(p->n, starshot - 5 * (q.page - 1));
	job_page_free(p);

	/* Sort descending by name, every team. */
	struct jobs_query all_q = {.team = "*", .page = 1, .page_size = 1000, .sort_desc = true};
	assert_int_equal(api_jobs(C, &T, &all_q, &p, &e), 0);
	assert_int_equal(p->total_items, all);
	assert_true(strcmp(p->jobs[0].name, p->jobs[1].name) > 0);
	char *one = xstrdup(p->jobs[3].name);
	job_page_free(p);

	/* Exact name, search and status filters. */
	struct jobs_query nq = {.team = "*", .job_name = one, .page = 1, .page_size = 10};
	assert_int_equal(api_jobs(C, &T, &nq, &p, &e), 0);
	assert_int_equal(p->n, 1);
	assert_string_equal(p->jobs[0].name, one);
	job_page_free(p);
	free(one);
	struct jobs_query sq = {.team = "starshot", .search = "telemetry", .page = 1, .page_size = 100};
	assert_int_equal(api_jobs(C, &T, &sq, &p, &e), 0);
	assert_true(p->n >= 1);
	for (size_t i = 0; i < p->n; i++)
		assert_true(str_contains_ci(p->jobs[i].name, "telemetry") || str_contains_ci(p->jobs[i].description, "telemetry"));
	job_page_free(p);
	struct jobs_query fq = {.team = "*", .last_status = "USER_ERROR", .page = 1, .page_size = 100};
	assert_int_equal(api_jobs(C, &T, &fq, &p, &e), 0);
	assert_true(p->n >= 1);
	for (size_t i = 0; i < p->n; i++)
		assert_int_equal(p->jobs[i].deployment->last_status, EXEC_USER_ERROR);
	job_page_free(p);
	struct jobs_query eq = {.team = "*", .enabled = "not_deployed", .page = 1, .page_size = 100};
	assert_int_equal(api_jobs(C, &T, &eq, &p, &e), 0);
	assert_true(p->n >= 1);
	for (size_t i = 0; i < p->n; i++)
		assert_null(p->jobs[i].deployment);
	job_page_free(p);

	/* Details and nested executions, newest first. */
	struct jobs_query dq = {.team = "starshot", .page = 1, .page_size = 100, .details = true, .executions = 3,
				.sort = JOBS_SORT_LAST_RUN, .sort_desc = true};
	assert_int_equal(api_jobs(C, &T, &dq, &p, &e), 0);
	size_t with_exec = 0, with_contacts = 0;
	for (size_t i = 0; i < p->n; i++) {
		struct job *j = &p->jobs[i];
		assert_true(j->n_executions <= 3);
		with_exec += j->n_executions > 0;
		with_contacts += j->contacts.on_user_error.n + j->contacts.on_success.n + j->contacts.on_platform_error.n > 0;
		for (size_t k = 1; k < j->n_executions; k++)
			assert_true(j->executions[k - 1].start_time >= j->executions[k].start_time);
		assert_true(j->next_run != 0);
	}
	assert_true(with_exec > 0 && with_contacts > 0);
	job_page_free(p);
	api_error_clear(&e);
}

static void test_graphql_errors(void **state)
{
	(void)state;
	/* The builder never sends page 0, so hand-craft the request. */
	char *url = api_team_url(&T, "jobs", NULL);
	char *qv = http_escape("{jobs(pageNumber:0,pageSize:5){content{jobName}}}");
	struct http_request *r = http_request_new(HTTP_GET, xasprintf("%s?query=%s", url, qv));
	free(url);
	free(qv);
	struct http_response resp;
	assert_int_equal(http_perform(C, r, &resp), 0);
	struct job_page *p = NULL;
	struct api_error e = {0};
	assert_int_equal(api_jobs_parse(&resp, &p, &e), -1);
	assert_int_equal(e.http_status, 400);
	assert_non_null(strstr(e.message, "Page cannot be less than 1"));
	http_response_clear(&resp);
	http_request_free(r);
	api_error_clear(&e);
}

static void test_job_crud(void **state)
{
	(void)state;
	fresh_name("apitest-crud");
	struct job j = new_job(job_name);
	struct api_error e = {0};
	assert_int_equal(api_job_create(C, &T, &j, &e), 0);
	/* 409 with an empty body. */
	assert_int_equal(api_job_create(C, &T, &j, &e), -1);
	assert_int_equal(e.http_status, 409);
	assert_string_equal(e.message, "a job with this name already exists");
	job_clear(&j);
	/* 400 with an ErrorMessage body. */
	struct job bad = new_job("Bad_Name");
	assert_int_equal(api_job_create(C, &T, &bad, &e), -1);
	assert_int_equal(e.http_status, 400);
	assert_non_null(e.what);
	assert_string_equal(e.message, e.what);
	job_clear(&bad);

	struct job *got = NULL;
	assert_int_equal(api_job_get(C, &T, job_name, &got, &e), 0);
	assert_string_equal(got->name, job_name);
	assert_string_equal(got->team, "starshot");
	assert_string_equal(got->schedule_cron, "0 3 * * *");
	assert_int_equal(got->contacts.on_user_error.n, 1);
	/* Full replacement: change one field of what was read. */
	free(got->description);
	got->description = xstrdup("changed ✓");
	assert_int_equal(api_job_update(C, &T, got, &e), 0);
	job_clear(got);
	free(got);
	assert_int_equal(api_job_get(C, &T, job_name, &got, &e), 0);
	assert_string_equal(got->description, "changed ✓");
	assert_string_equal(got->schedule_cron, "0 3 * * *");
	job_clear(got);
	free(got);

	char *kt = NULL;
	size_t klen = 0;
	assert_int_equal(api_keytab(C, &T, job_name, &kt, &klen, &e), 0);
	assert_true(klen > 0);
	free(kt);

	/* 404s with empty bodies. */
	assert_int_equal(api_job_get(C, &T, "apitest-no-such-job", &got, &e), -1);
	assert_int_equal(e.http_status, 404);
	assert_string_equal(e.message, "job not found");
	struct api_target other = {URL, "supercollider"};
	assert_int_equal(api_job_get(C, &other, job_name, &got, &e), -1);
	assert_int_equal(e.http_status, 404);
	struct job ghost = new_job("apitest-no-such-job");
	assert_int_equal(api_job_update(C, &T, &ghost, &e), -1);
	assert_string_equal(e.message, "job not found");
	job_clear(&ghost);
	assert_int_equal(api_keytab(C, &T, "apitest-no-such-job", &kt, &klen, &e), -1);
	assert_int_equal(e.http_status, 404);

	assert_int_equal(api_job_delete(C, &T, job_name, &e), 0);
	assert_int_equal(api_job_get(C, &T, job_name, &got, &e), -1);
	assert_int_equal(e.http_status, 404);
	assert_int_equal(api_job_delete(C, &T, job_name, &e), -1);
	assert_string_equal(e.message, "job not found");
	api_error_clear(&e);
}

static void test_deployments(void **state)
{
	(void)state;
	fresh_name("apitest-dep");
	struct job j = new_job(job_name);
	struct api_error e = {0};
	assert_int_equal(api_job_create(C, &T, &j, &e), 0);
	job_clear(&j);
	struct deployment *d = (void *)1;
	assert_int_equal(api_deployments(C, &T, job_name, &d, &e), 0);
	assert_null(d);
	/* Not deployed: 404 on start, with the server's words. */
	char *id = NULL;
	assert_int_equal(api_execution_start(C, &T, job_name, NULL, NULL, &id, &e), -1);
	assert_int_equal(e.http_status, 404);
	assert_non_null(strstr(e.message, "is not deployed"));
	/* The same 404 from a proxy that says nothing usable: still the
	 * meaning of a 404 for a start, not a bare "not found". */
	admin_do(URL, "POST", "/_admin/faults",
		 "{\"content_type_next\": {\"count\": 1, \"status\": 404, \"type\": \"text/html\"}}");
	assert_int_equal(api_execution_start(C, &T, job_name, NULL, NULL, &id, &e), -1);
	assert_int_equal(e.http_status, 404);
	assert_string_equal(e.message, "job not found or not deployed");

	char *sha = NULL;
	const unsigned char not_zip[] = "definitely not a zip";
	assert_int_equal(api_sources_upload(C, &T, job_name, not_zip, sizeof(not_zip), NULL, &sha, &e), -1);
	/* an IOException on the server: 503, not 400 (api-notes §4.7) */
	assert_int_equal(e.http_status, 503);
	assert_int_equal(api_sources_upload(C, &T, job_name, EMPTY_ZIP, sizeof(EMPTY_ZIP), "API test: first", &sha, &e), 0);
	assert_int_equal(strlen(sha), 40);
	struct json_object *reqs = NULL;
	(void)reqs;

	struct deploy_params bad = {.job_version = sha, .python_version = "2.7", .enabled = 1};
	assert_int_equal(api_deploy(C, &T, job_name, &bad, &e), -1);
	assert_int_equal(e.http_status, 409);
	struct deploy_params p = {.job_version = sha, .python_version = "3.9", .enabled = 1};
	assert_int_equal(api_deploy(C, &T, job_name, &p, &e), 0);
	/* Asynchronous: poll until the version is live. */
	long long deadline = now_ms() + 20000;
	d = NULL;
	while (now_ms() < deadline) {
		assert_int_equal(api_deployments(C, &T, job_name, &d, &e), 0);
		if (d && str_eq(d->job_version, sha))
			break;
		deployment_free(d);
		d = NULL;
		sleep_ms(100);
	}
	assert_non_null(d);
	assert_int_equal(d->enabled, 1);
	assert_string_equal(d->python_version, "3.9");
	assert_true(d->deployed_at > 0);
	deployment_free(d);
	assert_int_equal(api_deployment_get(C, &T, job_name, &d, &e), 0);
	assert_string_equal(d->job_version, sha);
	deployment_free(d);

	assert_int_equal(api_deployment_patch(C, &T, job_name, &(struct deploy_params){.enabled = 0}, &e), 0);
	assert_int_equal(api_deployments(C, &T, job_name, &d, &e), 0);
	assert_int_equal(d->enabled, 0);
	deployment_free(d);
	/* PATCH cannot change the version. */
	struct deploy_params pv = {.job_version = "0123456789abcdef", .enabled = -1};
	assert_int_equal(api_deployment_patch(C, &T, job_name, &pv, &e), -1);
	assert_int_equal(e.http_status, 400);

	char *props = NULL;
	assert_int_equal(api_properties_put(C, &T, job_name, "{\"db\":{\"host\":\"h\"},\"n\":3}", &e), 0);
	assert_int_equal(api_properties_get(C, &T, job_name, &props, &e), 0);
	struct json_object *po = json_tokener_parse(props);
	assert_int_equal(jint(po, "n"), 3);
	assert_string_equal(json_object_get_string(jpath(po, "db.host")), "h");
	json_object_put(po);
	free(props);

	assert_int_equal(api_deployment_delete(C, &T, job_name, &e), 0);
	deadline = now_ms() + 10000;
	do {
		assert_int_equal(api_deployments(C, &T, job_name, &d, &e), 0);
		if (d) {
			deployment_free(d);
			d = (void *)1;
			sleep_ms(100);
		}
	} while (d && now_ms() < deadline);
	assert_null(d);
	assert_int_equal(api_deploy(C, &T, "apitest-no-such-job", &p, &e), -1);
	assert_int_equal(e.http_status, 404);
	assert_int_equal(api_deployments(C, &T, "apitest-no-such-job", &d, &e), -1);
	assert_string_equal(e.message, "job not found");
	assert_int_equal(api_job_delete(C, &T, job_name, &e), 0);
	free(sha);
	api_error_clear(&e);
}

static void test_executions(void **state)
{
	(void)state;
	char *job = deployed_job();
	struct api_error e = {0};
	char *id = NULL;
	assert_int_equal(api_execution_start(C, &T, job, NULL, "[1]", &id, &e), -1);
	assert_string_equal(e.message, "arguments must be a JSON object");
	assert_int_equal(api_execution_start(C, &T, job, "manual/api-test", "{\"x\":1}", &id, &e), 0);
	assert_true(str_starts_with(id, job));
	char *again = NULL;
	assert_int_equal(api_execution_start(C, &T, job, NULL, NULL, &again, &e), -1);
	assert_int_equal(e.http_status, 409);
	assert_non_null(strstr(e.message, "already running"));
	assert_null(again);

	struct execution *x = NULL;
	assert_int_equal(api_execution_get(C, &T, job, id, &x, &e), 0);
	assert_string_equal(x->id, id);
	assert_true(exec_status_is_active(x->status) || x->status == EXEC_SUCCEEDED);
	assert_int_equal(x->type, EXEC_TYPE_MANUAL);
	assert_string_equal(x->op_id, http_client_op_id(C));
	assert_true(str_starts_with(x->started_by, "manual/api-test"));
	execution_clear(x);
	free(x);

	struct execution_list *l = NULL;
	assert_int_equal(api_executions(C, &T, job, NULL, &l, &e), 0);
	assert_int_equal(l->n, 1);
	assert_string_equal(l->v[0].id, id);
	execution_list_free(l);
	const char *active[] = {"running", "submitted", NULL};
	assert_int_equal(api_executions(C, &T, job, active, &l, &e), 0);
	assert_true(l->n <= 1);
	execution_list_free(l);
	const char *bogus[] = {"RUNNING", NULL};
	assert_int_equal(api_executions(C, &T, job, bogus, &l, &e), -1);
	assert_int_equal(e.http_status, 404);
	assert_null(l);
	assert_int_equal(api_job_executions(C, &T, job, 1, 10, &l, &e), 0);
	assert_int_equal(l->n, 1);
	assert_string_equal(l->v[0].id, id);
	execution_list_free(l);
	/* The root query across a team: this job's run, found by team and
	 * job; the active filter returns it only while it is active. */
	const char *teams[] = {T.team};
	const char *jobs[] = {job};
	struct executions_query q = {.teams = teams, .n_teams = 1, .jobs = jobs, .n_jobs = 1, .page = 1, .page_size = 5};
	assert_int_equal(api_executions_find(C, &T, &q, &l, &e), 0);
	assert_int_equal(l->n, 1);
	assert_string_equal(l->v[0].id, id);
	assert_string_equal(l->v[0].job_name, job);
	assert_int_equal(l->total_items, 1);
	assert_int_equal(l->total_pages, 1);
	execution_list_free(l);
	q.statuses = EXEC_STATUS_BIT(EXEC_RUNNING) | EXEC_STATUS_BIT(EXEC_SUBMITTED);
	assert_int_equal(api_executions_find(C, &T, &q, &l, &e), 0);
	for (size_t i = 0; i < l->n; i++)
		assert_true(exec_status_is_active(l->v[i].status));
	execution_list_free(l);
	/* No rows: totalPages 0 (a DB page, api-notes §4.7). */
	const char *nobody[] = {"apitest-no-such-team"};
	q.teams = nobody;
	q.statuses = 0;
	assert_int_equal(api_executions_find(C, &T, &q, &l, &e), 0);
	assert_int_equal(l->n, 0);
	assert_int_equal(l->total_items, 0);
	assert_int_equal(l->total_pages, 0);
	execution_list_free(l);

	assert_int_equal(api_execution_cancel(C, &T, job, id, &e), 0);
	assert_int_equal(api_execution_get(C, &T, job, id, &x, &e), 0);
	assert_int_equal(x->status, EXEC_CANCELLED);
	assert_true(x->end_time > 0);
	execution_clear(x);
	free(x);
	/* 400 once it is final. */
	assert_int_equal(api_execution_cancel(C, &T, job, id, &e), -1);
	assert_int_equal(e.http_status, 400);
	assert_non_null(e.message);
	assert_int_equal(api_execution_get(C, &T, job, "no-such-execution", &x, &e), -1);
	assert_int_equal(e.http_status, 404);
	assert_int_equal(api_execution_cancel(C, &T, job, "no-such-execution", &e), -1);
	assert_int_equal(e.http_status, 404);

	/* Runs to the end on its own; executions list sorted newest first. */
	char *id2 = NULL;
	long long deadline = now_ms() + 20000;
	int rc;
	while ((rc = api_execution_start(C, &T, job, NULL, NULL, &id2, &e)) != 0 && now_ms() < deadline)
		sleep_ms(100);
	assert_int_equal(rc, 0);
	assert_int_equal(api_executions(C, &T, job, NULL, &l, &e), 0);
	assert_int_equal(l->n, 2);
	assert_string_equal(l->v[0].id, strcmp(id, id2) > 0 ? id : id2);
	execution_list_free(l);
	deadline = now_ms() + 30000;
	enum exec_status st = EXEC_SUBMITTED;
	while (exec_status_is_active(st) && now_ms() < deadline) {
		assert_int_equal(api_execution_get(C, &T, job, id2, &x, &e), 0);
		st = x->status;
		execution_clear(x);
		free(x);
		if (exec_status_is_active(st))
			sleep_ms(200);
	}
	assert_false(exec_status_is_active(st));
	assert_int_not_equal(st, EXEC_UNKNOWN);
	free(id2);
	free(id);
	assert_int_equal(api_job_delete(C, &T, job, &e), 0);
	free(job);
	api_error_clear(&e);
}

static void test_logs(void **state)
{
	(void)state;
	char *job = deployed_job();
	char path[256];
	snprintf(path, sizeof(path), "/_admin/executions/starshot/%s", job);
	struct json_object *o = admin(URL, "POST", path, "{\"status\":\"running\",\"log_delay_s\":2}");
	char *id = xstrdup(json_object_get_string(jpath(o, "id")));
	json_object_put(o);
	struct api_error e = {0};
	char *text = NULL;
	size_t len = 0;
	/* The pod exists, its log is not readable yet: 503, to retry. */
	int rc = api_logs(C, &T, job, id, 0, &text, &len, &e);
	assert_int_equal(rc, -1);
	assert_int_equal(e.http_status, 503);
	assert_string_equal(e.message, "the pod is starting: retrying");
	long long deadline = now_ms() + 15000;
	while ((rc = api_logs(C, &T, job, id, 0, &text, &len, &e)) != 0 && now_ms() < deadline) {
		assert_int_equal(e.http_status, 503);
		sleep_ms(100);
	}
	assert_int_equal(rc, 0);
	size_t first = len;
	free(text);
	/* Growth: append lines, each gets a K8s timestamp prefix. */
	snprintf(path, sizeof(path), "/_admin/logs/starshot/%s/%s", job, id);
	struct http_request *r = http_request_new(HTTP_POST, xasprintf("%s%s", URL, path));
	http_request_set_body(r, "marker-one\nmarker-two", 21, "text/plain");
	struct http_response resp;
	assert_int_equal(http_perform(ADMIN, r, &resp), 0);
	http_response_clear(&resp);
	http_request_free(r);
	assert_int_equal(api_logs(C, &T, job, id, 0, &text, &len, &e), 0);
	assert_true(len > first);
	char *m = strstr(text, "marker-one");
	assert_non_null(m);
	/* "2023-11-15T12:04:30.101234567Z marker-one" */
	const char *line = m;
	while (line > text && line[-1] != '\n')
		line--;
	time_t ts;
	char stamp[64];
	size_t sl = (size_t)(m - line - 1);
	assert_true(sl < sizeof(stamp));
	memcpy(stamp, line, sl);
	stamp[sl] = '\0';
	assert_int_equal(timefmt_parse(stamp, &ts, NULL), 0);
	free(text);
	/* tail_lines=1: exactly the newest line (the execution keeps
	 * logging, so which one is not fixed). */
	assert_int_equal(api_logs(C, &T, job, id, 1, &text, &len, &e), 0);
	assert_true(len > 31);
	assert_null(strchr(text, '\n'));
	sl = strcspn(text, " ");
	assert_true(sl < sizeof(stamp));
	memcpy(stamp, text, sl);
	stamp[sl] = '\0';
	assert_int_equal(timefmt_parse(stamp, &ts, NULL), 0);
	free(text);
	assert_int_equal(api_logs(C, &T, job, "no-such-execution", 0, &text, &len, &e), -1);
	assert_int_equal(e.http_status, 404);

	/* The running demo execution logs on its own. */
	o = admin(URL, "GET", "/_admin/state", NULL);
	struct json_object *run = json_object_array_get_idx(jpath(o, "running"), 0);
	assert_non_null(run);
	char *rjob = xstrdup(json_object_get_string(jpath(run, "job")));
	char *rid = xstrdup(json_object_get_string(jpath(run, "id")));
	json_object_put(o);
	assert_int_equal(api_logs(C, &T, rjob, rid, 0, &text, &len, &e), 0);
	size_t before = len;
	free(text);
	deadline = now_ms() + 15000;
	do {
		sleep_ms(100);
		assert_int_equal(api_logs(C, &T, rjob, rid, 0, &text, &len, &e), 0);
		free(text);
	} while (len <= before && now_ms() < deadline);
	assert_true(len > before);
	free(rjob);
	free(rid);

	/* Once the service forgets the logs: 200 with "". */
	snprintf(path, sizeof(path), "/_admin/executions/starshot/%s/%s/status", job, id);
	admin_do(URL, "POST", path, "{\"status\":\"succeeded\"}");
	admin_do(URL, "POST", "/_admin/time", "{\"advance_s\":4000}");
	assert_int_equal(api_logs(C, &T, job, id, 0, &text, &len, &e), 0);
	assert_int_equal(len, 0);
	assert_string_equal(text, "");
	free(text);
	free(id);
	assert_int_equal(api_job_delete(C, &T, job, &e), 0);
	free(job);
	api_error_clear(&e);
}

static void test_headers_seen(void **state)
{
	(void)state;
	admin_do(URL, "DELETE", "/_admin/requests", NULL);
	struct api_info *i = NULL;
	struct api_error e = {0};
	assert_int_equal(api_info(C, &T, &i, &e), 0);
	api_info_free(i);
	struct json_object *reqs = wait_requests(URL, "/info", 1);
	struct json_object *r = NULL;
	for (size_t k = 0; k < json_object_array_length(reqs); k++) {
		struct json_object *x = json_object_array_get_idx(reqs, k);
		if (str_eq(json_object_get_string(jpath(x, "path")), "/data-jobs/for-team/starshot/info")) {
			assert_null(r);
			r = x;
		}
	}
	assert_non_null(r);
	struct json_object *h = jpath(r, "headers");
	const char *opid = NULL, *ua = NULL, *enc = NULL;
	json_object_object_foreach(h, k, v)
	{
		if (strcasecmp(k, "X-OPID") == 0)
			opid = json_object_get_string(v);
		if (strcasecmp(k, "User-Agent") == 0)
			ua = json_object_get_string(v);
		if (strcasecmp(k, "Accept-Encoding") == 0)
			enc = json_object_get_string(v);
	}
	assert_non_null(opid);
	assert_string_equal(opid, http_client_op_id(C));
	assert_string_equal(ua, "vdktop/" VDKTOP_VERSION);
	assert_non_null(strstr(enc, "gzip"));
	assert_false(json_object_get_boolean(jpath(r, "authorization")));
	json_object_put(reqs);
}

static void test_keepalive_and_gzip(void **state)
{
	(void)state;
	struct http_client *c = http_client_new(NULL, NULL);
	admin_do(URL, "DELETE", "/_admin/stats", NULL);
	struct api_error e = {0};
	struct jobs_query q = {.team = "*", .page = 1, .page_size = 100, .details = true, .executions = 5};
	for (int k = 0; k < 15; k++) {
		struct job_page *p = NULL;
		assert_int_equal(api_jobs(c, &T, &q, &p, &e), 0);
		assert_true(p->n > 10);
		job_page_free(p);
	}
	assert_int_equal(http_connects(c), 1);
	assert_true(stat_value(URL, "gzip_responses") >= 15);
	http_client_free(c);
	api_error_clear(&e);
}

static void test_body_cap_and_faults(void **state)
{
	(void)state;
	struct api_error e = {0};
	struct job_page *p = NULL;
	struct jobs_query q = {.team = "*", .page = 1, .page_size = 100, .details = true};
	struct http_client *small = http_client_new(&(struct http_options){.max_body = 4096}, NULL);
	assert_int_equal(api_jobs(small, &T, &q, &p, &e), -1);
	assert_null(p);
	assert_int_equal(e.http_status, 0);
	assert_string_equal(e.message, "response too large (> 4096 bytes)");
	/* The connection survives for the next request. */
	struct api_info *i = NULL;
	assert_int_equal(api_info(small, &T, &i, &e), 0);
	api_info_free(i);
	http_client_free(small);

	struct http_client *capped = http_client_new(&(struct http_options){.max_body = 100000}, NULL);
	admin_do(URL, "POST", "/_admin/faults", "{\"huge_next\":{\"count\":1,\"bytes\":400000}}");
	assert_int_equal(api_jobs(capped, &T, &q, &p, &e), -1);
	assert_string_equal(e.message, "response too large (> 100000 bytes)");
	http_client_free(capped);

	admin_do(URL, "POST", "/_admin/faults", "{\"fail_next\":{\"count\":1,\"status\":503}}");
	assert_int_equal(api_info(C, &T, &i, &e), -1);
	assert_int_equal(e.http_status, 503);
	assert_non_null(e.message);
	admin_do(URL, "POST", "/_admin/faults", "{\"malformed_next\":1}");
	assert_int_equal(api_jobs(C, &T, &q, &p, &e), -1);
	assert_int_equal(e.http_status, 0);
	assert_non_null(strstr(e.message, "unexpected answer"));
	admin_do(URL, "POST", "/_admin/faults", "{\"content_type_next\":{\"count\":1,\"type\":\"text/html\"}}");
	assert_int_equal(api_jobs(C, &T, &q, &p, &e), -1);
	assert_non_null(strstr(e.message, "unexpected answer"));
	admin_do(URL, "POST", "/_admin/faults", "{\"wrong_types_next\":1}");
	int rc = api_jobs(C, &T, &q, &p, &e);
	if (rc == 0)
		job_page_free(p);
	admin_do(URL, "POST", "/_admin/faults", "{\"drop_next\":1}");
	assert_int_equal(api_jobs(C, &T, &q, &p, &e), -1);
	assert_int_equal(e.http_status, 0);
	struct http_client *impatient = http_client_new(&(struct http_options){.timeout_ms = 500}, NULL);
	admin_do(URL, "POST", "/_admin/faults", "{\"latency_ms\":2000}");
	assert_int_equal(api_info(impatient, &T, &i, &e), -1);
	assert_string_equal(e.message, "timed out after 500 ms");
	admin_do(URL, "DELETE", "/_admin/faults", NULL);
	http_client_free(impatient);
	/* Everything works again. */
	assert_int_equal(api_info(C, &T, &i, &e), 0);
	api_info_free(i);
	api_error_clear(&e);
}

int main(void)
{
	if (helpers_init("test_api"))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_jobs_query),
		cmocka_unit_test(test_graphql_errors),
		cmocka_unit_test(test_job_crud),
		cmocka_unit_test(test_deployments),
		cmocka_unit_test(test_executions),
		cmocka_unit_test(test_headers_seen),
		cmocka_unit_test(test_keepalive_and_gzip),
		cmocka_unit_test(test_body_cap_and_faults),
		/* Last: it moves the fake's clock forward. */
		cmocka_unit_test(test_logs),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	helpers_done();
	return rc;
}
