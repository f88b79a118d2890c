// deps: ui/run_flow worker_api api api_error api_parse jdoc logstream logscan logtext logline gql http http_fail http_msg transport auth auth_exchange trace propmap jsonarg jsonread timefmt sanitize safefile model util
/* The run action's requests and answers: the probe for a run going on,
 * the start with its arguments parsed, the 409 lookup (answer in, state
 * and requests out). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "ui/run_flow.h"
#include "util.h"
#include "worker.h"

/* The answer to req (taken) with the given outcome. */
static struct wresult *answer(struct wreq *req, unsigned long id, bool ok, long status)
{
	struct wresult *r = calloc(1, sizeof *r);
	r->type = WRESULT_DONE;
	r->req = req;
	r->req->id = id;
	r->watch = -1;
	r->ok = ok;
	if (!ok) {
		r->err.http_status = status;
		r->err.message = xasprintf("HTTP %ld", status);
	}
	return r;
}

/* Executions of the job, newest first, with these statuses. */
static struct wresult *executions(struct wreq *req, unsigned long id, const enum exec_status *st, size_t n)
{
	struct wresult *r = answer(req, id, true, 200);
	struct execution_list *l = calloc(1, sizeof *l);
	l->v = calloc(n ? n : 1, sizeof *l->v);
	l->n = n;
	for (size_t i = 0; i < n; i++) {
		l->v[i].id = xasprintf("ingest-%zu", i);
		l->v[i].status = st[i];
	}
	r->u.executions = l;
	return r;
}

static enum run_event feed(struct run_flow *f, struct wresult *r)
{
	enum run_event ev = run_flow_result(f, r);
	wresult_free(r);
	return ev;
}

static void test_start_parses_args(void **state)
{
	struct run_flow f;
	run_flow_init(&f, "starshot", "ingest");
	char *err = NULL;
	struct wreq *req = run_flow_start(&f, "  { \"day\" : \"2024-01-01\",\n \"n\": 3 } ", &err);
	assert_non_null(req);
	assert_null(err);
	assert_int_equal(req->kind, WREQ_EXEC_START);
	assert_string_equal(req->team, "starshot");
	assert_string_equal(req->job, "ingest");
	/* The compact object, not the text as typed. */
	assert_string_equal(req->args_json, "{\"day\":\"2024-01-01\",\"n\":3}");
	assert_string_equal(req->started_by, "manual/vdktop");
	wreq_free(req);
	/* Blank: no arguments at all. */
	req = run_flow_start(&f, "   ", &err);
	assert_non_null(req);
	assert_null(req->args_json);
	wreq_free(req);
	run_flow_fini(&f);
}

static void test_bad_args_send_nothing(void **state)
{
	struct run_flow f;
	run_flow_init(&f, "starshot", "ingest");
	char *err = NULL;
	assert_null(run_flow_start(&f, "[1, 2]", &err));
	assert_non_null(err);
	assert_non_null(strstr(err, "not an array"));
	free(err);
	err = NULL;
	assert_null(run_flow_start(&f, "{\"a\": 1", &err));
	assert_non_null(err);
	free(err);
	run_flow_fini(&f);
}

static void test_probe_finds_running(void **state)
{
	struct run_flow f;
	run_flow_init(&f, "starshot", "ingest");
	struct wreq *q = run_flow_probe(&f);
	assert_int_equal(q->kind, WREQ_EXECUTIONS);
	assert_string_equal(q->job, "ingest");
	f.probe = 7;
	enum exec_status st[] = {EXEC_SUCCEEDED, EXEC_RUNNING, EXEC_USER_ERROR};
	assert_int_equal(feed(&f, executions(q, 7, st, 3)), RUN_RUNNING);
	assert_string_equal(f.running_id, "ingest-1");
	assert_int_equal(f.probe, 0);
	/* Starting anyway forgets it. */
	char *err = NULL;
	struct wreq *req = run_flow_start(&f, "", &err);
	assert_null(f.running_id);
	wreq_free(req);
	run_flow_fini(&f);
}

static void test_probe_nothing_running(void **state)
{
	struct run_flow f;
	run_flow_init(&f, "starshot", "ingest");
	f.probe = 7;
	enum exec_status st[] = {EXEC_SUCCEEDED, EXEC_CANCELLED};
	assert_int_equal(feed(&f, executions(run_flow_probe(&f), 7, st, 2)), RUN_NONE);
	assert_null(f.running_id);
	/* An answer to nothing the flow sent means nothing. */
	enum exec_status run[] = {EXEC_RUNNING};
	assert_int_equal(feed(&f, executions(run_flow_probe(&f), 99, run, 1)), RUN_NONE);
	assert_null(f.running_id);
	run_flow_fini(&f);
}

static void test_started(void **state)
{
	struct run_flow f;
	run_flow_init(&f, "starshot", "ingest");
	char *err = NULL;
	struct wreq *req = run_flow_start(&f, "", &err);
	f.pending = 9;
	struct wresult *r = answer(req, 9, true, 202);
	r->u.execution_id = xstrdup("ingest-1714000000");
	assert_int_equal(feed(&f, r), RUN_STARTED);
	assert_string_equal(f.started_id, "ingest-1714000000");
	assert_int_equal(f.pending, 0);
	run_flow_fini(&f);
}

/* 409: the lookup goes out, and its answer names the running one. */
static void test_conflict_lookup(void **state)
{
	struct run_flow f;
	run_flow_init(&f, "starshot", "ingest");
	char *err = NULL;
	f.pending = 9;
	assert_int_equal(feed(&f, answer(run_flow_start(&f, "", &err), 9, false, 409)), RUN_CONFLICT);
	struct wreq *q = run_flow_lookup(&f);
	assert_int_equal(q->kind, WREQ_EXECUTIONS);
	assert_int_equal(q->page_size, 10);
	f.lookup = 10;
	enum exec_status st[] = {EXEC_SUBMITTED};
	assert_int_equal(feed(&f, executions(q, 10, st, 1)), RUN_FOUND);
	assert_string_equal(f.running_id, "ingest-0");
	/* Gone by the time it was looked up. */
	free(f.running_id);
	f.running_id = NULL;
	f.lookup = 11;
	enum exec_status done[] = {EXEC_SUCCEEDED};
	assert_int_equal(feed(&f, executions(run_flow_lookup(&f), 11, done, 1)), RUN_NOT_FOUND);
	run_flow_fini(&f);
}

static void test_failures(void **state)
{
	struct run_flow f;
	run_flow_init(&f, "starshot", "ingest");
	char *err = NULL;
	f.pending = 9;
	assert_int_equal(feed(&f, answer(run_flow_start(&f, "", &err), 9, false, 404)), RUN_NOT_DEPLOYED);
	f.pending = 12;
	assert_int_equal(feed(&f, answer(run_flow_start(&f, "", &err), 12, false, 500)), RUN_FAILED);
	run_flow_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_parses_args),
		cmocka_unit_test(test_bad_args_send_nothing),
		cmocka_unit_test(test_probe_finds_running),
		cmocka_unit_test(test_probe_nothing_running),
		cmocka_unit_test(test_started),
		cmocka_unit_test(test_conflict_lookup),
		cmocka_unit_test(test_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
