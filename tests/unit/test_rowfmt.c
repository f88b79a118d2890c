// deps: ui/rowfmt ui/jobs_model timefmt model util
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
	jobs_model_sort(p, N, col, desc);
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
	freejobs(v);
}

static void test_filter_scope(void **state)
{
	(void)state;
	struct job *v = mkjobs();
	assert_true(jobs_model_matches(&v[0], NULL));
	assert_true(jobs_model_matches(&v[0], ""));
	assert_true(jobs_model_matches(&v[0], "INGEST"));
	assert_true(jobs_model_matches(&v[5], "moonbase"));
	assert_true(jobs_model_matches(&v[2], "number 2"));
	assert_true(jobs_model_matches(&v[1], "failed"));
	assert_true(jobs_model_matches(&v[2], "failed"));
	assert_false(jobs_model_matches(&v[0], "failed"));
	assert_true(jobs_model_matches(&v[4], "not deployed"));
	assert_true(jobs_model_matches(&v[2], "disabled"));
	assert_false(jobs_model_matches(&v[0], "zzz"));
	size_t running = 0, failed = 0;
	for (size_t i = 0; i < N; i++) {
		running += jobs_model_in_scope(&v[i], SCOPE_RUNNING, NOW);
		failed += jobs_model_in_scope(&v[i], SCOPE_FAILED, NOW);
		assert_true(jobs_model_in_scope(&v[i], SCOPE_ALL, NOW));
	}
	assert_int_equal(running, 2); /* export-reports, Audit-logs */
	assert_int_equal(failed, 1);  /* billing-daily; cleanup-old is 3 days old */
	assert_true(jobs_model_active(&v[3]));
	assert_false(jobs_model_active(&v[0]));
	/* a newer nested execution overrides the summary */
	v[0].executions = xcalloc(1, sizeof(struct execution));
	execution_init(&v[0].executions[0]);
	v[0].n_executions = 1;
	v[0].executions[0].status = EXEC_RUNNING;
	v[0].executions[0].start_time = NOW - 10;
	assert_true(jobs_model_in_scope(&v[0], SCOPE_RUNNING, NOW));
	struct job_last l = jobs_model_last(&v[0]);
	assert_int_equal(l.status, EXEC_RUNNING);
	assert_int_equal(l.duration, -1);
	freejobs(v);
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
	struct table_row r;
	memset(&r, 0, sizeof r);
	jobs_model_cells(&v[0], NOW, true, true, false, &r);
	assert_string_equal(r.cell[JC_NAME], "ingest-orders");
	assert_string_equal(r.cell[JC_STATE], "enabled");
	assert_string_equal(r.cell[JC_STATUS], "\u2714 succeeded");
	assert_int_equal(r.el[JC_STATUS], EL_STATUS_OK);
	assert_string_equal(r.cell[JC_LAST_RUN], "5m ago");
	assert_string_equal(r.cell[JC_DURATION], "3m 12s");
	assert_string_equal(r.cell[JC_RATE], "95%");
	assert_string_equal(r.cell[JC_PYTHON], "3.9");
	free_row(&r);
	/* running: the duration is live; watched: flagged; ASCII glyphs */
	memset(&r, 0, sizeof r);
	jobs_model_cells(&v[3], NOW, true, false, true, &r);
	assert_string_equal(r.cell[JC_NAME], "! export-reports");
	assert_string_equal(r.cell[JC_STATUS], "> running");
	assert_string_equal(r.cell[JC_DURATION], "30s");
	free_row(&r);
	/* never deployed, never ran */
	memset(&r, 0, sizeof r);
	jobs_model_cells(&v[4], NOW, true, true, false, &r);
	assert_string_equal(r.cell[JC_STATE], "not deployed");
	assert_int_equal(r.el[JC_STATE], EL_NOT_DEPLOYED);
	assert_string_equal(r.cell[JC_STATUS], "-");
	assert_string_equal(r.cell[JC_RATE], "-");
	assert_string_equal(r.cell[JC_DURATION], "-");
	free_row(&r);
	freejobs(v);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_filter_scope),
		cmocka_unit_test(test_cells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
