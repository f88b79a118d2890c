// deps: ui/deploy_wait deploy worker_api api api_error api_parse jdoc logstream logscan logtext logline gql http http_fail http_msg transport auth auth_exchange trace jobdir jobdir_ini jobname cron propmap jsonarg jsonread timefmt sanitize safefile model util
/* The wait for an accepted deployment: the poll it asks for, and what
 * each answer means (answer in, state and texts out). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "ui/deploy_wait.h"
#include "util.h"
#include "worker.h"

#define NEW_SHA "9f8e7d6c5b4a"
#define OLD_SHA "1a2b3c4d5e6f"
#define T0 1000000LL

/* A poll answer for team/job carrying a deployment of version/python
 * (version NULL: not deployed; ok false: the check failed). */
static struct wresult *answer(const char *team, const char *job, bool ok, const char *version, const char *python)
{
	struct wresult *r = calloc(1, sizeof *r);
	r->type = WRESULT_DONE;
	r->req = wreq_new(WREQ_DEPLOYMENT, team, job, NULL);
	r->watch = WATCH_DEPLOY_PROGRESS;
	r->ok = ok;
	if (!ok) {
		r->err.message = xstrdup("HTTP 503");
		r->err.http_status = 503;
	} else if (version) {
		struct deployment *d = calloc(1, sizeof *d);
		d->job_version = xstrdup(version);
		d->python_version = xstrdup(python);
		d->enabled = 1;
		r->u.deployment = d;
	}
	return r;
}

static void judge(const struct deploy_wait *w, struct wresult *r, long long now, struct deploy_wait_report *rep)
{
	deploy_wait_judge(w, r, now, rep);
	wresult_free(r);
}

static void test_request(void **state)
{
	struct deploy_wait w;
	deploy_wait_init(&w, "starshot", "ingest", NEW_SHA, NULL, T0, 0);
	struct wreq *q = deploy_wait_request(&w);
	assert_int_equal(q->kind, WREQ_DEPLOYMENT);
	assert_string_equal(q->team, "starshot");
	assert_string_equal(q->job, "ingest");
	wreq_free(q);
	/* No configured timeout: ten minutes. */
	assert_int_equal(w.timeout_ms, 600000);
	deploy_wait_fini(&w);
}

/* The old version still answering is "not yet", however often it does. */
static void test_waits_for_new_version(void **state)
{
	struct deploy_wait w;
	deploy_wait_init(&w, "starshot", "ingest", NEW_SHA, NULL, T0, 60);
	struct deploy_wait_report rep;
	judge(&w, answer("starshot", "ingest", true, OLD_SHA, "3.11"), T0 + 5000, &rep);
	assert_int_equal(rep.state, DW_WAITING);
	assert_false(rep.warn);
	assert_string_equal(rep.message, "deploying ingest 9f8e7d6\u2026 5 s");
	assert_string_equal(rep.detail, "5 s");
	assert_null(rep.outcome);
	deploy_wait_report_clear(&rep);
	/* Not deployed at all yet: waiting too. */
	judge(&w, answer("starshot", "ingest", true, NULL, NULL), T0 + 6000, &rep);
	assert_int_equal(rep.state, DW_WAITING);
	deploy_wait_report_clear(&rep);
	deploy_wait_fini(&w);
}

static void test_live(void **state)
{
	struct deploy_wait w;
	deploy_wait_init(&w, "starshot", "ingest", NEW_SHA, NULL, T0, 60);
	struct deploy_wait_report rep;
	judge(&w, answer("starshot", "ingest", true, NEW_SHA, "3.11"), T0 + 12500, &rep);
	assert_int_equal(rep.state, DW_LIVE);
	assert_string_equal(rep.message, "deployed ingest 9f8e7d6 (python 3.11)");
	assert_string_equal(rep.outcome, "live after 12 s");
	assert_string_equal(rep.detail, "live after 12 s");
	deploy_wait_report_clear(&rep);
	deploy_wait_fini(&w);
}

/* A new python asked for: the new version on the old python is not it. */
static void test_live_needs_python(void **state)
{
	struct deploy_wait w;
	deploy_wait_init(&w, "starshot", "ingest", NEW_SHA, "3.12", T0, 60);
	struct deploy_wait_report rep;
	judge(&w, answer("starshot", "ingest", true, NEW_SHA, "3.11"), T0 + 2000, &rep);
	assert_int_equal(rep.state, DW_WAITING);
	deploy_wait_report_clear(&rep);
	judge(&w, answer("starshot", "ingest", true, NEW_SHA, "3.12"), T0 + 3000, &rep);
	assert_int_equal(rep.state, DW_LIVE);
	deploy_wait_report_clear(&rep);
	deploy_wait_fini(&w);
}

/* A failed check is said, and the wait goes on. */
static void test_failed_check_keeps_waiting(void **state)
{
	struct deploy_wait w;
	deploy_wait_init(&w, "starshot", "ingest", NEW_SHA, NULL, T0, 60);
	struct deploy_wait_report rep;
	judge(&w, answer("starshot", "ingest", false, NULL, NULL), T0 + 3000, &rep);
	assert_int_equal(rep.state, DW_WAITING);
	assert_true(rep.warn);
	assert_string_equal(rep.message, "deploying ingest 9f8e7d6\u2026 3 s (last check failed: HTTP 503)");
	deploy_wait_report_clear(&rep);
	deploy_wait_fini(&w);
}

static void test_timeout(void **state)
{
	struct deploy_wait w;
	deploy_wait_init(&w, "starshot", "ingest", NEW_SHA, NULL, T0, 60);
	struct deploy_wait_report rep;
	judge(&w, answer("starshot", "ingest", true, OLD_SHA, "3.11"), T0 + 59999, &rep);
	assert_int_equal(rep.state, DW_WAITING);
	deploy_wait_report_clear(&rep);
	judge(&w, answer("starshot", "ingest", true, OLD_SHA, "3.11"), T0 + 60000, &rep);
	assert_int_equal(rep.state, DW_TIMEOUT);
	assert_string_equal(rep.outcome, "timeout");
	assert_non_null(strstr(rep.message, "ingest 9f8e7d6 not live after 1 min (still 1a2b3c4"));
	deploy_wait_report_clear(&rep);
	/* The new version arriving late still counts as live. */
	judge(&w, answer("starshot", "ingest", true, NEW_SHA, "3.11"), T0 + 90000, &rep);
	assert_int_equal(rep.state, DW_LIVE);
	deploy_wait_report_clear(&rep);
	deploy_wait_fini(&w);
}

/* Answers about another job or team, or not yet done, are not this wait's. */
static void test_other_answers(void **state)
{
	struct deploy_wait w;
	deploy_wait_init(&w, "starshot", "ingest", NEW_SHA, NULL, T0, 60);
	struct deploy_wait_report rep;
	judge(&w, answer("starshot", "export", true, NEW_SHA, "3.11"), T0 + 1000, &rep);
	assert_int_equal(rep.state, DW_OTHER);
	assert_null(rep.message);
	judge(&w, answer("moonshot", "ingest", true, NEW_SHA, "3.11"), T0 + 1000, &rep);
	assert_int_equal(rep.state, DW_OTHER);
	struct wresult *r = answer("starshot", "ingest", true, NEW_SHA, "3.11");
	r->type = WRESULT_PROGRESS;
	deploy_wait_judge(&w, r, T0 + 1000, &rep);
	assert_int_equal(rep.state, DW_OTHER);
	r->type = WRESULT_DONE; /* so that its deployment is freed */
	wresult_free(r);
	deploy_wait_fini(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_waits_for_new_version),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_live_needs_python),
		cmocka_unit_test(test_failed_check_keeps_waiting),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_other_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
