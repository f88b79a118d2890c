// deps: ui/rowfmt cron ui/jobs_model timefmt model util
/* Cell formatting (status, durations, ages, rates) and the jobs view's
 * sort / filter / scope logic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ui/jobs_model.h"
#include "ui/rowfmt.h"

static void test_status(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(rowfmt_status(EXEC_SUCCEEDED, true, true, buf, sizeof buf), "\u2714 succeeded");
	assert_string_equal(rowfmt_status(EXEC_SUCCEEDED, true, false, buf, sizeof buf), "+ succeeded");
	assert_string_equal(rowfmt_status(EXEC_USER_ERROR, true, true, buf, sizeof buf), "\u2718 user_error");
	assert_string_equal(rowfmt_status(EXEC_PLATFORM_ERROR, true, false, buf, sizeof buf), "x platform_error");
	assert_string_equal(rowfmt_status(EXEC_RUNNING, true, true, buf, sizeof buf), "\u25b6 running");
	assert_string_equal(rowfmt_status(EXEC_SUBMITTED, true, true, buf, sizeof buf), "\u2026 submitted");
	assert_string_equal(rowfmt_status(EXEC_CANCELLED, true, true, buf, sizeof buf), "\u25a0 cancelled");
	assert_string_equal(rowfmt_status(EXEC_SKIPPED, true, true, buf, sizeof buf), "\u21b7 skipped");
	assert_string_equal(rowfmt_status(EXEC_UNKNOWN, true, true, buf, sizeof buf), "? unknown");
	/* no run at all is a dash, not "unknown" */
	assert_string_equal(rowfmt_status(EXEC_UNKNOWN, false, true, buf, sizeof buf), "-");
	/* out-of-range values do not index past the table */
	assert_string_equal(rowfmt_status_word((enum exec_status)99), "unknown");
	/* every ASCII glyph is ASCII */
	for (int st = 0; st < EXEC_STATUS_COUNT; st++) {
		const char *g = rowfmt_status_glyph((enum exec_status)st, false);
		for (const char *p = g; *p; p++)
			assert_true((unsigned char)*p < 0x80);
	}
	assert_int_equal(rowfmt_status_el(EXEC_USER_ERROR), EL_STATUS_FAILED);
	assert_int_equal(rowfmt_status_el(EXEC_SUCCEEDED), EL_STATUS_OK);
	assert_int_equal(rowfmt_status_el(EXEC_RUNNING), EL_STATUS_RUNNING);
	assert_true(rowfmt_status_matches(EXEC_USER_ERROR, "failed"));
	assert_true(rowfmt_status_matches(EXEC_PLATFORM_ERROR, "FAIL"));
	assert_true(rowfmt_status_matches(EXEC_USER_ERROR, "user error"));
	assert_false(rowfmt_status_matches(EXEC_SUCCEEDED, "failed"));
	assert_true(rowfmt_status_matches(EXEC_SUCCEEDED, "succ"));
}

static void test_numbers(void **state)
{
	(void)state;
	char buf[64];
	assert_string_equal(rowfmt_duration(192, buf, sizeof buf), "3m 12s");
	assert_string_equal(rowfmt_duration(-1, buf, sizeof buf), "-");
	assert_string_equal(rowfmt_ago(1000, 1000 + 300, buf, sizeof buf), "5m ago");
	assert_string_equal(rowfmt_ago(0, 1000, buf, sizeof buf), "-");
	assert_string_equal(rowfmt_rate(95, buf, sizeof buf), "95%");
	assert_string_equal(rowfmt_rate(-1, buf, sizeof buf), "-");
	assert_string_equal(rowfmt_rate(250, buf, sizeof buf), "100%");
	/* 2026-11-28 12:00 UTC is now */
	time_t now = 1795867200;
	assert_string_equal(rowfmt_next_run(now + 2 * 3600, now, true, true, buf, sizeof buf), "\u2192 14:00");
	assert_string_equal(rowfmt_next_run(now + 2 * 3600, now, true, false, buf, sizeof buf), "-> 14:00");
	assert_string_equal(rowfmt_next_run(now + 86400, now, true, false, buf, sizeof buf), "-> Sun 12:00");
	assert_string_equal(rowfmt_next_run(now + 30 * 86400, now, true, false, buf, sizeof buf), "-> 2026-12-28");
	assert_string_equal(rowfmt_next_run(-1, now, true, false, buf, sizeof buf), "-");
	assert_string_equal(rowfmt_when(now - 60, now, true, buf, sizeof buf), "11:59:00");
	assert_string_equal(rowfmt_when(now - 2 * 86400, now, true, buf, sizeof buf), "11-26 12:00");
	assert_string_equal(rowfmt_when(now - 365 * 86400, now, true, buf, sizeof buf), "2025-11-28 12:00");
	struct deployment d;
	deployment_init(&d);
	d.enabled = 1;
	assert_string_equal(rowfmt_state(&d), "enabled");
	d.enabled = 0;
	assert_string_equal(rowfmt_state(&d), "disabled");
	assert_int_equal(rowfmt_state_el(&d), EL_DISABLED);
	assert_string_equal(rowfmt_state(NULL), "not deployed");
	assert_int_equal(rowfmt_state_el(NULL), EL_NOT_DEPLOYED);
}

/* A small team: name, status, last time, duration, enabled (-2: not
 * deployed), rate counts. */
struct spec {
	const char *name;
	const char *team;
	enum exec_status st;
	time_t t;
	long long dur;
	int enabled;
	long long ok, failed;
};

static const time_t NOW = 1795867200;

static const struct spec team[] = {
	{"ingest-orders", "starshot", EXEC_SUCCEEDED, NOW - 300, 192, 1, 19, 1},
	{"billing-daily", "starshot", EXEC_USER_ERROR, NOW - 3600, 60, 1, 5, 5},
	{"cleanup-old", "starshot", EXEC_PLATFORM_ERROR, NOW - 3 * 86400, 10, 0, 0, 4},
	{"export-reports", "starshot", EXEC_RUNNING, NOW - 30, -1, 1, 10, 0},
	{"never-deployed", "starshot", EXEC_UNKNOWN, 0, -1, -2, 0, 0},
	{"Audit-logs", "moonbase", EXEC_SUBMITTED, NOW - 5, -1, 1, 3, 0},
};
#define N (sizeof team / sizeof team[0])

static struct job *mkjobs(void)
{
	struct job *v = xcalloc(N, sizeof(*v));
	for (size_t i = 0; i < N; i++) {
		job_init(&v[i]);
		v[i].name = xstrdup(team[i].name);
		v[i].team = xstrdup(team[i].team);
		v[i].description = xasprintf("job number %zu", i);
		v[i].next_run = team[i].enabled == 1 ? NOW + (long long)i * 60 : -1;
		if (team[i].enabled == -2)
			continue;
		struct deployment *d = xcalloc(1, sizeof(*d));
		deployment_init(d);
		d->enabled = team[i].enabled;
		d->last_status = team[i].st;
		d->last_exec_time = team[i].t;
		d->last_exec_duration = team[i].dur;
		d->successful_executions = team[i].ok;
		d->failed_executions = team[i].failed;
		d->python_version = xstrdup(i % 2 ? "3.10" : "3.9");
		v[i].deployment = d;
	}
	return v;
}

/* Runs in flight as the root executions query reports them: the two
 * jobs whose fixture summary is active; failures in the window: the
 * fresh failure and a job whose later success hides its failure. */
static struct execution_list *mklist(const char *const *names, const enum exec_status *st, const time_t *start, size_t n)
{
	struct execution_list *l = xcalloc(1, sizeof(*l));
	l->v = xcalloc(n, sizeof(*l->v));
	for (size_t i = 0; i < n; i++) {
		execution_init(&l->v[i]);
		l->v[i].job_name = xstrdup(names[i]);
		l->v[i].id = xasprintf("%s-%zu", names[i], i);
		l->v[i].status = st[i];
		l->v[i].start_time = start[i];
	}
	l->n = n;
	return l;
}

static struct execution_list *RUNS, *FAILS;
static struct jobs_live LIVE;

static void mklive(void)
{
	const char *rn[] = {"export-reports", "Audit-logs"};
	enum exec_status rs[] = {EXEC_RUNNING, EXEC_SUBMITTED};
	time_t rt[] = {NOW - 30, NOW - 5};
	RUNS = mklist(rn, rs, rt, 2);
	const char *fn[] = {"billing-daily", "ingest-orders", "billing-daily"};
	enum exec_status fs[] = {EXEC_USER_ERROR, EXEC_PLATFORM_ERROR, EXEC_USER_ERROR};
	time_t ft[] = {NOW - 3600, NOW - 7200, NOW - 9000};
	FAILS = mklist(fn, fs, ft, 3);
	memset(&LIVE, 0, sizeof LIVE);
	run_index_add(&LIVE.active, RUNS);
	run_index_done(&LIVE.active);
	run_index_add(&LIVE.failed, FAILS);
	run_index_done(&LIVE.failed);
	LIVE.failed_known = true;
}

static void freelive(void)
{
	run_index_clear(&LIVE.active);
	run_index_clear(&LIVE.failed);
	run_index_clear(&LIVE.done);
	execution_list_free(RUNS);
	execution_list_free(FAILS);
}

static void freejobs(struct job *v)
{
	for (size_t i = 0; i < N; i++)
		job_clear(&v[i]);
	free(v);
}

static void order(struct job *v, enum jobs_col col, bool desc, char *out, size_t n)
{
	const struct job *p[N];
	for (size_t i = 0; i < N; i++)
		p[i] = &v[i];
	jobs_model_sort(p, N, &LIVE, col, desc);
	out[0] = '\0';
	for (size_t i = 0; i < N; i++) {
		strncat(out, p[i]->name, n - strlen(out) - 2);
		strcat(out, " ");
	}
}

static void test_sort(void **state)
{
	(void)state;
	struct job *v = mkjobs();
	mklive();
	char buf[512];
	order(v, JC_NAME, false, buf, sizeof buf);
	assert_string_equal(buf, "Audit-logs billing-daily cleanup-old export-reports ingest-orders never-deployed ");
	order(v, JC_NAME, true, buf, sizeof buf);
	assert_string_equal(buf, "never-deployed ingest-orders export-reports cleanup-old billing-daily Audit-logs ");
	/* failures first; a job that never ran is last both ways */
	order(v, JC_STATUS, false, buf, sizeof buf);
	assert_string_equal(buf, "cleanup-old billing-daily export-reports Audit-logs ingest-orders never-deployed ");
	order(v, JC_STATUS, true, buf, sizeof buf);
	assert_string_equal(buf, "ingest-orders Audit-logs export-reports billing-daily cleanup-old never-deployed ");
	order(v, JC_LAST_RUN, true, buf, sizeof buf);
	assert_string_equal(buf, "Audit-logs export-reports ingest-orders billing-daily cleanup-old never-deployed ");
	order(v, JC_STATE, false, buf, sizeof buf);
	assert_string_equal(buf, "Audit-logs billing-daily export-reports ingest-orders cleanup-old never-deployed ");
	/* rates: 95, 50, 0, 100, -, 100 → ties broken by name */
	order(v, JC_RATE, true, buf, sizeof buf);
	assert_string_equal(buf, "export-reports Audit-logs ingest-orders billing-daily cleanup-old never-deployed ");
	order(v, JC_TEAM, false, buf, sizeof buf);
	assert_true(str_starts_with(buf, "Audit-logs billing-daily"));
	assert_int_equal(jobs_model_server_sort(JC_LAST_RUN), JOBS_SORT_LAST_RUN);
	assert_int_equal(jobs_model_server_sort(JC_RATE), -1);
	/* the server cannot sort Python versions once an undeployed job is
	 * in the result: never asked */
	assert_int_equal(jobs_model_server_sort(JC_PYTHON), -1);
	freejobs(v);
	freelive();
}

static void test_filter_scope(void **state)
{
	(void)state;
	struct job *v = mkjobs();
	mklive();
	assert_true(jobs_model_matches(&v[0], &LIVE, NULL));
	assert_true(jobs_model_matches(&v[0], &LIVE, ""));
	assert_true(jobs_model_matches(&v[0], &LIVE, "INGEST"));
	assert_true(jobs_model_matches(&v[5], &LIVE, "moonbase"));
	assert_true(jobs_model_matches(&v[2], &LIVE, "number 2"));
	assert_true(jobs_model_matches(&v[1], &LIVE, "failed"));
	assert_true(jobs_model_matches(&v[2], &LIVE, "failed"));
	assert_false(jobs_model_matches(&v[0], &LIVE, "failed"));
	assert_true(jobs_model_matches(&v[4], &LIVE, "not deployed"));
	assert_true(jobs_model_matches(&v[2], &LIVE, "disabled"));
	assert_true(jobs_model_matches(&v[3], &LIVE, "running"));
	assert_false(jobs_model_matches(&v[0], &LIVE, "running"));
	assert_false(jobs_model_matches(&v[0], &LIVE, "zzz"));
	size_t running = 0, failed = 0;
	for (size_t i = 0; i < N; i++) {
		running += jobs_model_in_scope(&v[i], &LIVE, SCOPE_RUNNING);
		failed += jobs_model_in_scope(&v[i], &LIVE, SCOPE_FAILED);
		assert_true(jobs_model_in_scope(&v[i], &LIVE, SCOPE_ALL));
	}
	assert_int_equal(running, 2); /* export-reports, Audit-logs */
	/* billing-daily, and ingest-orders whose later success hides its
	 * failure from the summary; cleanup-old failed 3 days ago */
	assert_int_equal(failed, 2);
	assert_true(jobs_model_in_scope(&v[0], &LIVE, SCOPE_FAILED));
	assert_false(jobs_model_in_scope(&v[2], &LIVE, SCOPE_FAILED));
	assert_true(jobs_model_active(&v[3], &LIVE));
	assert_false(jobs_model_active(&v[0], &LIVE));
	/* without the root query's answer nothing runs and nothing failed:
	 * the summary never says so (api-notes §4.7) */
	assert_false(jobs_model_active(&v[3], NULL));
	assert_false(jobs_model_in_scope(&v[1], NULL, SCOPE_FAILED));
	/* a running nested execution (the job view's list) is a run in
	 * flight, but not the last finished run */
	v[0].executions = xcalloc(2, sizeof(struct execution));
	execution_init(&v[0].executions[0]);
	execution_init(&v[0].executions[1]);
	v[0].n_executions = 2;
	v[0].executions[0].status = EXEC_RUNNING;
	v[0].executions[0].start_time = NOW - 10;
	v[0].executions[1].status = EXEC_USER_ERROR;
	v[0].executions[1].start_time = NOW - 100;
	v[0].executions[1].end_time = NOW - 40;
	assert_true(jobs_model_in_scope(&v[0], NULL, SCOPE_RUNNING));
	struct job_last l = jobs_model_last(&v[0], NULL);
	assert_int_equal(l.status, EXEC_SUCCEEDED);
	/* a PUT cleared the summary: the newest finished execution */
	v[0].deployment->last_status = EXEC_UNKNOWN;
	v[0].deployment->last_exec_time = 0;
	assert_true(jobs_model_needs_last(&v[0]));
	l = jobs_model_last(&v[0], NULL);
	assert_true(l.known);
	assert_int_equal(l.status, EXEC_USER_ERROR);
	assert_int_equal(l.duration, 60);
	/* ... or the one the list asked the root query for */
	const char *dn[] = {"ingest-orders"};
	enum exec_status ds[] = {EXEC_SUCCEEDED};
	time_t dt[] = {NOW - 20};
	struct execution_list *done = mklist(dn, ds, dt, 1);
	run_index_add(&LIVE.done, done);
	run_index_done(&LIVE.done);
	l = jobs_model_last(&v[0], &LIVE);
	assert_int_equal(l.status, EXEC_SUCCEEDED);
	assert_int_equal(l.time, NOW - 20); /* no end known: its start */
	assert_false(jobs_model_needs_last(&v[1]));
	assert_false(jobs_model_needs_last(&v[4]));
	freejobs(v);
	freelive();
	execution_list_free(done);
}

static void test_server_words(void **state)
{
	(void)state;
	const char *en, *st;
	assert_int_equal(jobs_model_server_word("Not_Deployed ", &en, &st), 1);
	assert_string_equal(en, "not_deployed");
	assert_null(st);
	assert_int_equal(jobs_model_server_word("not deployed", &en, &st), 1);
	assert_int_equal(jobs_model_server_word("disabled", &en, &st), 1);
	assert_string_equal(en, "disabled");
	assert_int_equal(jobs_model_server_word("user error", &en, &st), 1);
	assert_null(en);
	assert_string_equal(st, "user_error");
	assert_int_equal(jobs_model_server_word("PLATFORM_ERROR", &en, &st), 1);
	assert_string_equal(st, "platform_error");
	assert_int_equal(jobs_model_server_word("failed", &en, &st), -1);
	assert_int_equal(jobs_model_server_word("running", &en, &st), -1);
	assert_int_equal(jobs_model_server_word("ingest", &en, &st), 0);
	assert_int_equal(jobs_model_server_word("a very long text that is no status word at all", &en, &st), 0);
	assert_int_equal(jobs_model_server_word(NULL, &en, &st), 0);
	assert_null(en);
	assert_null(st);
}

static void test_run_index(void **state)
{
	(void)state;
	const char *n[] = {"b", "a", "b", "c"};
	enum exec_status st[] = {EXEC_RUNNING, EXEC_SUBMITTED, EXEC_SUBMITTED, EXEC_RUNNING};
	time_t t[] = {NOW - 50, NOW - 5, NOW - 10, NOW};
	struct execution_list *l = mklist(n, st, t, 4);
	free(l->v[3].job_name); /* a row without a job name is not indexed */
	l->v[3].job_name = NULL;
	struct run_index ix = {0};
	run_index_add(&ix, l);
	run_index_add(&ix, NULL);
	run_index_done(&ix);
	assert_int_equal(ix.n, 2);
	assert_int_equal(run_index_find(&ix, "b")->start_time, NOW - 10); /* the newest */
	assert_non_null(run_index_find(&ix, "a"));
	assert_null(run_index_find(&ix, "c"));
	assert_null(run_index_find(&ix, NULL));
	assert_null(run_index_find(NULL, "a"));
	run_index_clear(&ix);
	execution_list_free(l);
}

static void free_row(struct table_row *r)
{
	for (size_t i = 0; i < TABLE_MAX_COLS; i++)
		free(r->cell[i]);
}

static void test_cells(void **state)
{
	(void)state;
	struct job *v = mkjobs();
	mklive();
	struct table_row r;
	memset(&r, 0, sizeof r);
	jobs_model_cells(&v[0], &LIVE, NOW, true, true, false, &r);
	assert_string_equal(r.cell[JC_NAME], "ingest-orders");
	assert_string_equal(r.cell[JC_STATE], "enabled");
	assert_string_equal(r.cell[JC_STATUS], "\u2714 succeeded");
	assert_int_equal(r.el[JC_STATUS], EL_STATUS_OK);
	assert_string_equal(r.cell[JC_LAST_RUN], "5m ago");
	assert_string_equal(r.cell[JC_DURATION], "3m 12s");
	assert_string_equal(r.cell[JC_RATE], "95%");
	assert_string_equal(r.cell[JC_PYTHON], "3.9");
	free_row(&r);
	/* running: the time since its start, live; watched: flagged; ASCII */
	memset(&r, 0, sizeof r);
	jobs_model_cells(&v[3], &LIVE, NOW, true, false, true, &r);
	assert_string_equal(r.cell[JC_NAME], "! export-reports");
	assert_string_equal(r.cell[JC_STATUS], "> running 30s");
	assert_int_equal(r.el[JC_STATUS], EL_STATUS_RUNNING);
	free_row(&r);
	memset(&r, 0, sizeof r);
	jobs_model_cells(&v[5], &LIVE, NOW, true, true, false, &r);
	assert_string_equal(r.cell[JC_STATUS], "\u2026 submitted 5s");
	free_row(&r);
	/* the summary says succeeded but a run is in flight: running wins */
	memset(&r, 0, sizeof r);
	v[0].deployment->last_status = EXEC_SUCCEEDED;
	const char *rn[] = {"ingest-orders"};
	enum exec_status rs[] = {EXEC_RUNNING};
	time_t rt[] = {NOW - 65};
	struct execution_list *more = mklist(rn, rs, rt, 1);
	struct jobs_live live2 = {0};
	run_index_add(&live2.active, more);
	run_index_done(&live2.active);
	jobs_model_cells(&v[0], &live2, NOW, true, true, false, &r);
	assert_string_equal(r.cell[JC_STATUS], "\u25b6 running 1m 05s");
	assert_string_equal(r.cell[JC_LAST_RUN], "5m ago");
	free_row(&r);
	run_index_clear(&live2.active);
	execution_list_free(more);
	/* never deployed, never ran */
	memset(&r, 0, sizeof r);
	jobs_model_cells(&v[4], &LIVE, NOW, true, true, false, &r);
	assert_string_equal(r.cell[JC_STATE], "not deployed");
	assert_int_equal(r.el[JC_STATE], EL_NOT_DEPLOYED);
	assert_string_equal(r.cell[JC_STATUS], "-");
	assert_string_equal(r.cell[JC_RATE], "-");
	assert_string_equal(r.cell[JC_DURATION], "-");
	free_row(&r);
	freejobs(v);
	freelive();
}

/* A schedule shows a next run only when it will fire: enabled and
 * deployed, with an expression the cron parser reads. */
static void test_schedule(void **state)
{
	(void)state;
	struct deployment d;
	deployment_init(&d);
	struct job j;
	job_init(&j);
	j.schedule_cron = xstrdup("0 14 * * *");
	j.next_run = NOW + 3600;
	d.enabled = 1;
	j.deployment = &d;
	assert_int_equal(rowfmt_schedule_state(j.schedule_cron, &d), SCHED_ACTIVE);
	char *c = rowfmt_schedule(&j, NOW, true, false);
	assert_non_null(strstr(c, "->"));
	free(c);
	d.enabled = 0;
	assert_int_equal(rowfmt_schedule_state(j.schedule_cron, &d), SCHED_DISABLED);
	c = rowfmt_schedule(&j, NOW, true, false);
	assert_string_equal(c, "0 14 * * *");
	free(c);
	j.deployment = NULL;
	assert_int_equal(rowfmt_schedule_state(j.schedule_cron, NULL), SCHED_UNDEPLOYED);
	c = rowfmt_schedule(&j, NOW, true, false);
	assert_string_equal(c, "0 14 * * *");
	free(c);
	free(j.schedule_cron);
	j.schedule_cron = xstrdup("61 * * * *");
	j.deployment = &d;
	d.enabled = 1;
	assert_int_equal(rowfmt_schedule_state(j.schedule_cron, &d), SCHED_INVALID);
	c = rowfmt_schedule(&j, NOW, true, false);
	assert_string_equal(c, "61 * * * * invalid");
	free(c);
	assert_int_equal(rowfmt_schedule_state("", &d), SCHED_NONE);
	free(j.schedule_cron);
	j.schedule_cron = NULL;
	j.deployment = NULL;
	job_clear(&j);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_run_index),
		cmocka_unit_test(test_server_words),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_filter_scope),
		cmocka_unit_test(test_cells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
