// deps: ui/jobs_load ui/jobs_names ui/jobs_runs ui/jobs_model ui/table ui/cell ui/theme config config_paths sanitize_out vdkcli ui/rowfmt ui/lineedit worker_api api api_error api_parse jdoc logstream logscan logtext logline gql http http_fail http_msg transport auth auth_exchange trace propmap jsonarg jsonread timefmt sanitize safefile cron model util
/* The jobs loader without a terminal or the app: the requests it sends
 * go through its port, which records them; answers go in, and the pages,
 * rows and messages it keeps come out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "ui/jobs_priv.h"
#include "util.h"
#include "worker.h"

/* ---- a port that records what goes out ---- */

struct sent {
	struct wreq *reqs[64];
	size_t n;
	unsigned long next_id;
	struct wreq *watched[WATCH_COUNT];
	int first_ms[WATCH_COUNT];
	int refreshed[WATCH_COUNT];
	struct strlist msgs;
};

static unsigned long rec_submit(void *ud, struct wreq *req)
{
	struct sent *s = ud;
	req->id = ++s->next_id;
	assert_true(s->n < 64);
	s->reqs[s->n++] = req;
	return req->id;
}

static void rec_watch(void *ud, enum watch_slot slot, struct wreq *req, int interval_ms, int first_ms)
{
	struct sent *s = ud;
	wreq_free(s->watched[slot]);
	req->id = ++s->next_id;
	s->watched[slot] = req;
	s->first_ms[slot] = first_ms;
}

static void rec_unwatch(void *ud, enum watch_slot slot)
{
	struct sent *s = ud;
	wreq_free(s->watched[slot]);
	s->watched[slot] = NULL;
}

static void rec_set_interval(void *ud, enum watch_slot slot, int interval_ms)
{
}

static void rec_poll_now(void *ud, enum watch_slot slot)
{
	struct sent *s = ud;
	s->refreshed[slot]++;
}

static int rec_refresh_ms(void *ud, bool active)
{
	return active ? 2000 : 10000;
}

static void rec_message(void *ud, enum msg_level lvl, const char *text)
{
	strlist_push(&((struct sent *)ud)->msgs, text);
}

static time_t rec_now(void *ud)
{
	return 1714000000;
}

static const struct jobs_port rec_port = {
	rec_submit, rec_watch, rec_unwatch, rec_set_interval, rec_poll_now, rec_refresh_ms, rec_message, rec_now,
};

static void sent_clear(struct sent *s)
{
	for (size_t i = 0; i < s->n; i++)
		wreq_free(s->reqs[i]);
	for (int k = 0; k < WATCH_COUNT; k++)
		wreq_free(s->watched[k]);
	strlist_clear(&s->msgs);
	memset(s, 0, sizeof *s);
}

/* ---- the loader ---- */

static const struct table_col cols[JC_COUNT] = {
	[JC_NAME] = {"NAME", 8, 0, 1, CELL_LEFT, 0},
};

static void no_format(void *ctx, size_t i, struct table_row *row)
{
}

static const char *name_key(void *ctx, size_t i)
{
	const struct job *j = jobs_load_row(ctx, i);
	return j ? j->name : NULL;
}

static void loader(struct jv *p, struct sent *s, const char *team, long page_size)
{
	memset(p, 0, sizeof *p);
	memset(s, 0, sizeof *s);
	p->port = &rec_port;
	p->port_ud = s;
	lineedit_init(&p->filter, 0);
	p->full_size = p->page_size = page_size;
	p->failed_window_s = 86400;
	p->total = -1;
	p->sort = JC_NAME;
	p->team = xstrdup(team);
	struct table_source src = {p, no_format, name_key};
	p->table = table_new(cols, JC_COUNT, &src);
}

static void loader_free(struct jv *p, struct sent *s)
{
	jobs_load_drop(p);
	jobs_load_drop_live(p);
	table_free(p->table);
	lineedit_free(&p->filter);
	free(p->team);
	free(p->error);
	sent_clear(s);
}

/* The answer to req (a copy is answered: the recorder keeps its own)
 * with jobs named by names, of a team of total jobs in pages of n. */
static int answer(struct jv *p, const struct wreq *req, int watch, const char *const *names, size_t n,
		  long long total, size_t extra)
{
	struct wresult *r = calloc(1, sizeof *r);
	r->type = WRESULT_DONE;
	r->req = wreq_dup(req);
	r->req->id = req->id;
	r->watch = watch;
	r->ok = true;
	struct job_page *jp = calloc(1, sizeof *jp);
	jp->jobs = calloc(n ? n : 1, sizeof *jp->jobs);
	for (size_t i = 0; i < n; i++) {
		job_init(&jp->jobs[i]);
		jp->jobs[i].name = xstrdup(names[i]);
		jp->jobs[i].team = xstrdup("starshot");
	}
	jp->n = n;
	jp->total_items = total;
	jp->total_pages = (total + req->query.page_size - 1) / req->query.page_size;
	jp->page_number = req->query.page;
	jp->extra_rows = extra;
	r->u.jobs = jp;
	int bits = jobs_load_result(p, r);
	wresult_free(r);
	return bits;
}

static const char *row_name(const struct jv *p, size_t i)
{
	const struct job *j = jobs_load_row(p, i);
	return j ? j->name : NULL;
}

/* A team of five in pages of two: page 1's answer asks for pages 2 and
 * 3, and the rows are every job of the three pages, by name. */
static void test_whole_team(void **state)
{
	struct jv p;
	struct sent s;
	loader(&p, &s, "starshot", 2);
	jobs_load_watch(&p, 1);
	const struct wreq *w = s.watched[WATCH_JOBS];
	assert_non_null(w);
	assert_int_equal(w->kind, WREQ_JOBS);
	assert_string_equal(w->team, "starshot");
	assert_int_equal(w->query.page, 1);
	assert_int_equal(w->query.page_size, 2);

	const char *p1[] = {"delta", "alpha"};
	assert_true(answer(&p, w, WATCH_JOBS, p1, 2, 5, 0) & R_REDRAW);
	assert_int_equal(p.npages, 3);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.reqs[0]->query.page, 2);
	assert_int_equal(s.reqs[1]->query.page, 3);
	assert_int_equal(p.nrows, 2);

	/* The last page first: each lands in its own place. */
	const char *p3[] = {"echo"};
	answer(&p, s.reqs[1], -1, p3, 1, 5, 0);
	const char *p2[] = {"charlie", "bravo"};
	answer(&p, s.reqs[0], -1, p2, 2, 5, 0);
	assert_int_equal(p.nrows, 5);
	const char *want[] = {"alpha", "bravo", "charlie", "delta", "echo"};
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(row_name(&p, i), want[i]);
	assert_int_equal(s.msgs.n, 0);
	loader_free(&p, &s);
}

/* An answer to a page asked for again (or for an older query) is not
 * taken; a failed page keeps what is shown. */
static void test_superseded_and_failed(void **state)
{
	struct jv p;
	struct sent s;
	loader(&p, &s, "starshot", 2);
	jobs_load_watch(&p, 1);
	const char *p1[] = {"alpha", "bravo"};
	answer(&p, s.watched[WATCH_JOBS], WATCH_JOBS, p1, 2, 3, 0);
	assert_int_equal(s.n, 1);
	/* page 1 again: page 2 is asked for anew */
	answer(&p, s.watched[WATCH_JOBS], WATCH_JOBS, p1, 2, 3, 0);
	assert_int_equal(s.n, 2);
	const char *late[] = {"zulu"};
	assert_int_equal(answer(&p, s.reqs[0], -1, late, 1, 3, 0), R_NONE);
	assert_int_equal(p.nrows, 2);
	const char *p2[] = {"charlie"};
	answer(&p, s.reqs[1], -1, p2, 1, 3, 0);
	assert_int_equal(p.nrows, 3);
	assert_string_equal(row_name(&p, 2), "charlie");

	struct wresult *r = calloc(1, sizeof *r);
	r->type = WRESULT_DONE;
	r->req = wreq_dup(s.watched[WATCH_JOBS]);
	r->watch = WATCH_JOBS;
	r->ok = false;
	r->err.message = xstrdup("HTTP 503");
	assert_int_equal(jobs_load_result(&p, r), R_NONE);
	wresult_free(r);
	assert_int_equal(p.nrows, 3);
	assert_null(p.error);
	loader_free(&p, &s);
}

/* The first answer failing: an empty list says why. */
static void test_first_failure(void **state)
{
	struct jv p;
	struct sent s;
	loader(&p, &s, "starshot", 2);
	jobs_load_watch(&p, 1);
	struct wresult *r = calloc(1, sizeof *r);
	r->type = WRESULT_DONE;
	r->req = wreq_dup(s.watched[WATCH_JOBS]);
	r->watch = WATCH_JOBS;
	r->ok = false;
	r->err.message = xstrdup("connection refused");
	assert_true(jobs_load_result(&p, r) & R_REDRAW);
	wresult_free(r);
	assert_string_equal(p.error, "connection refused");
	assert_false(p.loaded);
	loader_free(&p, &s);
}

/* Rows beyond the page asked for are dropped, and the status line says so. */
static void test_extra_rows_said(void **state)
{
	struct jv p;
	struct sent s;
	loader(&p, &s, "starshot", 2);
	jobs_load_watch(&p, 1);
	const char *p1[] = {"alpha", "bravo"};
	answer(&p, s.watched[WATCH_JOBS], WATCH_JOBS, p1, 2, 2, 7);
	assert_int_equal(s.msgs.n, 1);
	assert_string_equal(s.msgs.v[0], "7 extra jobs dropped from page 1 (asked for 2)");
	assert_int_equal(p.nrows, 2);
	loader_free(&p, &s);
}

/* Above 5,000 jobs the server pages: the list goes lazy, keeps page 1's
 * rows, and its watch takes over after an interval. */
static void test_lazy(void **state)
{
	struct jv p;
	struct sent s;
	loader(&p, &s, NULL, 500);
	jobs_load_watch(&p, 1);
	assert_null(s.watched[WATCH_JOBS]->team);
	const char *names[100];
	char buf[100][16];
	for (int i = 0; i < 100; i++) {
		snprintf(buf[i], sizeof buf[i], "job-%03d", i);
		names[i] = buf[i];
	}
	answer(&p, s.watched[WATCH_JOBS], WATCH_JOBS, names, 100, 12000, 0);
	assert_true(p.lazy);
	assert_int_equal(p.total, 12000);
	assert_string_equal(s.msgs.v[0], "12000 jobs: loading pages as you scroll");
	assert_non_null(s.watched[WATCH_JOBS]);
	assert_int_equal(s.first_ms[WATCH_JOBS], 10000);
	assert_int_equal(s.watched[WATCH_JOBS]->query.page_size, p.page_size);
	assert_non_null(p.pages[0]);
	assert_string_equal(row_name(&p, 0), "job-000");
	loader_free(&p, &s);
}

/* The running executions' query waits for the list's first rows and
 * goes out as soon as they are in. */
static void test_runs_wait_for_first_rows(void **state)
{
	struct jv p;
	struct sent s;
	loader(&p, &s, "starshot", 2);
	jobs_load_watch(&p, 1);
	jobs_load_watch_runs(&p);
	assert_non_null(s.watched[WATCH_RUNS]);
	assert_true(s.first_ms[WATCH_RUNS] > 0);
	assert_int_equal(s.refreshed[WATCH_RUNS], 0);
	const char *p1[] = {"alpha"};
	assert_int_equal(jobs_load_runs_due(&p, 1000), 0);
	answer(&p, s.watched[WATCH_JOBS], WATCH_JOBS, p1, 1, 1, 0);
	/* Not beside the rows' paint: due in the view's tick after it. */
	assert_int_equal(s.refreshed[WATCH_RUNS], 0);
	assert_int_equal(jobs_load_runs_due(&p, 1000), 1001);
	assert_int_equal(jobs_load_runs_due(&p, 1001), 1001);
	jobs_load_runs_release(&p);
	assert_int_equal(s.refreshed[WATCH_RUNS], 1);
	assert_int_equal(jobs_load_runs_due(&p, 1002), 0);
	answer(&p, s.watched[WATCH_JOBS], WATCH_JOBS, p1, 1, 1, 0);
	assert_int_equal(s.refreshed[WATCH_RUNS], 1);
	assert_int_equal(jobs_load_runs_due(&p, 1003), 0);
	loader_free(&p, &s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_team),
		cmocka_unit_test(test_superseded_and_failed),
		cmocka_unit_test(test_first_failure),
		cmocka_unit_test(test_extra_rows_said),
		cmocka_unit_test(test_lazy),
		cmocka_unit_test(test_runs_wait_for_first_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
