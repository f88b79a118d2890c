// deps: worker worker_api http_msg trace model util propmap jsonarg jsonread timefmt logtext logline
/* The worker's scheduling, against the scripted stand-ins of
 * worker_stub.h: one-shots, repeating watches, backoff with its bounds,
 * no pile-up behind a slow request, dropped results of a replaced watch,
 * upload progress, and shutdown with transfers in flight (leaks are caught
 * by the sanitizer build). The bulk lane's are in test_worker_bulk.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "worker_stub.h"

static void test_one_shot(void **state)
{
	struct fx *f = *state;
	struct wreq *rq = wreq_new(WREQ_INFO, "team-a", NULL, NULL);
	rq->owner = 7;
	unsigned long id = worker_submit(f->w, rq);
	struct wresult *r = next_result(f, 2000);
	assert_non_null(r);
	assert_int_equal(r->type, WRESULT_DONE);
	assert_true(r->ok);
	assert_int_equal(r->watch, -1);
	assert_int_equal(r->req->id, id);
	assert_int_equal(r->req->owner, 7);
	assert_non_null(r->u.info);
	assert_string_equal(r->u.info->api_version, "stub/1");
	assert_true(r->done_ms >= r->sent_ms);
	wresult_free(r);
	assert_int_equal(others_until(f, now_ms() + 50), 0);
	assert_int_equal(worker_busy(f->w), 0);
}

static void test_watch_repeats_until_unwatched(void **state)
{
	struct fx *f = *state;
	worker_watch(f->w, WATCH_JOBS, wreq_new(WREQ_JOBS, "team-a", NULL, NULL), 40);
	long long prev = 0;
	for (int i = 0; i < 3; i++) {
		struct wresult *r = next_result(f, 2000);
		assert_non_null(r);
		assert_true(r->ok);
		assert_int_equal(r->watch, WATCH_JOBS);
		assert_int_equal(r->attempt, 0);
		assert_non_null(r->u.jobs);
		assert_string_equal(r->u.jobs->jobs[0].name, "alpha");
		/* The first goes out at once, the next ones an interval apart. */
		if (i == 0)
			assert_true(r->sent_ms - now_ms() < 1000);
		else
			assert_true(r->sent_ms - prev >= 35);
		prev = r->sent_ms;
		wresult_free(r);
	}
	worker_unwatch(f->w, WATCH_JOBS);
	/* Anything still queued for the slot was dropped with it, and
	 * nothing goes out for it over several of its intervals. */
	int n = submitted_count();
	assert_int_equal(others_until(f, now_ms() + 4 * 40), 0);
	assert_int_equal(submitted_count(), n);
}

/* An answer already queued for the UI but not taken yet is dropped with
 * its watch: a view that went away never gets its data. */
static void test_unwatch_drops_an_answer_not_taken(void **state)
{
	struct fx *f = *state;
	worker_watch(f->w, WATCH_JOBS, wreq_new(WREQ_JOBS, "team-a", NULL, NULL), 60000);
	struct pollfd p = {.fd = f->pipe[0], .events = POLLIN};
	assert_int_equal(poll(&p, 1, 2000), 1); /* queued, and the UI woken */
	worker_unwatch(f->w, WATCH_JOBS);
	assert_int_equal(others_until(f, now_ms()), 0);
	assert_int_equal(submitted_count(), 1);
}

static void test_backoff_bounds_and_refresh(void **state)
{
	struct fx *f = *state;
	script(ANSWER_FAIL);
	const int interval = 20;
	worker_watch(f->w, WATCH_JOBS, wreq_new(WREQ_JOBS, "team-a", NULL, NULL), interval);
	for (int attempt = 1; attempt <= 4; attempt++) {
		struct wresult *r = next_result(f, 3000);
		assert_non_null(r);
		assert_false(r->ok);
		assert_string_equal(r->err.message, "connection refused");
		assert_int_equal(r->attempt, attempt);
		long long ceil = (long long)interval << attempt;
		assert_true(r->retry_in_ms <= ceil);
		assert_true(r->retry_in_ms >= (ceil < 500 ? ceil : 500));
		wresult_free(r);
	}
	/* Refresh: at once, and a success resets the count. */
	script(ANSWER_OK);
	worker_refresh(f->w, WATCH_JOBS);
	long long t0 = now_ms();
	struct wresult *r = next_result(f, 3000);
	assert_non_null(r);
	assert_true(now_ms() - t0 < 150);
	assert_true(r->ok);
	assert_int_equal(r->attempt, 0);
	wresult_free(r);
	worker_unwatch(f->w, WATCH_JOBS);
}

static void test_backoff_is_capped(void **state)
{
	struct fx *f = *state;
	script(ANSWER_FAIL);
	/* A long interval: the first retry already hits the 60 s cap. */
	worker_watch(f->w, WATCH_JOB, wreq_new(WREQ_INFO, "team-a", NULL, NULL), 50000);
	struct wresult *r = next_result(f, 2000);
	assert_non_null(r);
	assert_int_equal(r->attempt, 1);
	assert_true(r->retry_in_ms <= 60000);
	assert_true(r->retry_in_ms >= 15000);
	wresult_free(r);
}

static void test_no_pile_up_behind_a_slow_request(void **state)
{
	struct fx *f = *state;
	script(HANG);
	worker_watch(f->w, WATCH_JOBS, wreq_new(WREQ_JOBS, "team-a", NULL, NULL), 10);
	for (int i = 0; i < 2000 && submitted_count() < 1; i++)
		usleep(1000);
	/* Twenty intervals later, still the one request. */
	assert_int_equal(others_until(f, now_ms() + 200), 0);
	assert_int_equal(submitted_count(), 1);
	assert_true(worker_busy(f->w) >= 1);
	script(ANSWER_OK);
	release_hung(200);
	struct wresult *r = next_result(f, 2000);
	assert_non_null(r);
	assert_true(r->ok);
	wresult_free(r);
	/* Once answered, the watch goes on. */
	r = next_result(f, 2000);
	assert_non_null(r);
	wresult_free(r);
	assert_true(submitted_count() >= 2);
	worker_unwatch(f->w, WATCH_JOBS);
}

static void test_replaced_watch_results_are_dropped(void **state)
{
	struct fx *f = *state;
	script(HANG);
	worker_watch(f->w, WATCH_JOB, wreq_new(WREQ_DEPLOYMENT, "team-a", "old-job", NULL), 1000);
	while (submitted_count() < 1)
		usleep(1000);
	worker_watch(f->w, WATCH_JOB, wreq_new(WREQ_DEPLOYMENT, "team-a", "new-job", NULL), 1000);
	/* The new watch does not wait for the old request, and the old one
	 * is cancelled rather than left to finish on its own connection. */
	for (int i = 0; i < 2000 && (submitted_count() < 2 || cancelled_count() < 1); i++)
		usleep(1000);
	assert_int_equal(submitted_count(), 2);
	assert_int_equal(cancelled_count(), 1);
	assert_int_equal(hung_count(), 1);
	release_hung(500);
	struct wresult *r = next_result(f, 2000);
	assert_non_null(r);
	assert_string_equal(r->req->job, "new-job");
	assert_int_equal(r->err.http_status, 500);
	wresult_free(r);
	assert_int_equal(others_until(f, now_ms() + 100), 0);
	worker_unwatch(f->w, WATCH_JOB);
}

static void test_unwatch_cancels_the_request_in_flight(void **state)
{
	struct fx *f = *state;
	script(HANG);
	worker_watch(f->w, WATCH_JOBS, wreq_new(WREQ_JOBS, "team-a", NULL, NULL), 1000);
	while (submitted_count() < 1)
		usleep(1000);
	assert_int_equal(worker_busy(f->w), 1);
	worker_unwatch(f->w, WATCH_JOBS);
	for (int i = 0; i < 2000 && worker_busy(f->w) > 0; i++)
		usleep(1000);
	assert_int_equal(worker_busy(f->w), 0);
	assert_int_equal(cancelled_count(), 1);
	assert_int_equal(hung_count(), 0);
	/* A one-shot request is never cancelled by a watch change. */
	worker_submit(f->w, wreq_new(WREQ_INFO, "team-a", NULL, NULL));
	while (submitted_count() < 2)
		usleep(1000);
	worker_watch(f->w, WATCH_JOBS, wreq_new(WREQ_JOBS, "team-a", NULL, NULL), 1000);
	worker_unwatch(f->w, WATCH_JOBS);
	for (int i = 0; i < 2000 && worker_busy(f->w) > 1; i++)
		usleep(1000);
	assert_int_equal(worker_busy(f->w), 1);
	assert_int_equal(hung_count(), 1);
	script(ANSWER_OK);
	release_hung(200);
	struct wresult *r = next_result(f, 2000);
	assert_non_null(r);
	assert_int_equal(r->req->kind, WREQ_INFO);
	wresult_free(r);
}

/* A small answer already sent is let finish (a cancel would cost the
 * connection); the new watch waits for it, then goes out with the newest
 * request, skipping any in between. A log is cancelled even then. */
static void test_replaced_watch_waits_for_a_sent_request(void **state)
{
	struct fx *f = *state;
	script(HANG);
	pthread_mutex_lock(&mu);
	on_wire = true;
	pthread_mutex_unlock(&mu);
	worker_watch(f->w, WATCH_JOB, wreq_new(WREQ_DEPLOYMENT, "team-a", "first", NULL), 1000);
	while (submitted_count() < 1)
		usleep(1000);
	worker_watch(f->w, WATCH_JOB, wreq_new(WREQ_DEPLOYMENT, "team-a", "second", NULL), 1000);
	worker_watch(f->w, WATCH_JOB, wreq_new(WREQ_DEPLOYMENT, "team-a", "third", NULL), 1000);
	assert_int_equal(others_until(f, now_ms() + 100), 0);
	assert_int_equal(submitted_count(), 1);
	assert_int_equal(cancelled_count(), 0);
	script(ANSWER_OK);
	release_hung(200);
	struct wresult *r = next_result(f, 2000);
	assert_non_null(r);
	assert_string_equal(r->req->job, "third");
	wresult_free(r);
	assert_int_equal(submitted_count(), 2);
	worker_unwatch(f->w, WATCH_JOB);

	script(HANG);
	int n = submitted_count();
	worker_watch(f->w, WATCH_LOGS, wreq_new(WREQ_LOGS, "team-a", "job", "ex-1"), 1000);
	while (submitted_count() < n + 1)
		usleep(1000);
	worker_unwatch(f->w, WATCH_LOGS);
	for (int i = 0; i < 2000 && cancelled_count() < 1; i++)
		usleep(1000);
	assert_int_equal(cancelled_count(), 1);
	assert_int_equal(worker_busy(f->w), 0);
}

static void test_watch_after_waits_first(void **state)
{
	struct fx *f = *state;
	long long t0 = now_ms();
	worker_watch_after(f->w, WATCH_JOBS, wreq_new(WREQ_JOBS, "team-a", NULL, NULL), 1000, 150);
	struct wresult *r = next_result(f, 2000);
	assert_non_null(r);
	assert_true(r->sent_ms - t0 >= 140);
	wresult_free(r);
	worker_unwatch(f->w, WATCH_JOBS);
}

static void test_upload_progress(void **state)
{
	struct fx *f = *state;
	struct wreq *rq = wreq_new(WREQ_SOURCES_UPLOAD, "team-a", "job-a", NULL);
	rq->blob = malloc(100);
	memset(rq->blob, 'z', 100);
	rq->blob_len = 100;
	rq->reason = strdup("test");
	worker_submit(f->w, rq);
	int progress = 0;
	long long last_done = -1;
	struct wresult *r;
	while ((r = next_result(f, 3000)) && r->type == WRESULT_PROGRESS) {
		progress++;
		assert_true(r->progress_done > last_done);
		assert_int_equal(r->progress_total, 100);
		/* Progress results stay small: no copy of the upload. */
		assert_null(r->req->blob);
		last_done = r->progress_done;
		wresult_free(r);
	}
	assert_non_null(r);
	assert_int_equal(r->type, WRESULT_DONE);
	assert_true(r->ok);
	assert_string_equal(r->u.version_sha, "1a2b3c");
	wresult_free(r);
	/* 4 reports 40 ms apart, rate-limited to ~10/s, the last always sent. */
	assert_true(progress >= 2 && progress <= 4);
	assert_int_equal(last_done, 100);
}

static void test_shutdown_with_transfers_in_flight(void **state)
{
	struct fx *f = *state;
	script(HANG);
	worker_watch(f->w, WATCH_JOBS, wreq_new(WREQ_JOBS, "team-a", NULL, NULL), 10);
	worker_submit(f->w, wreq_new(WREQ_INFO, "team-a", NULL, NULL));
	for (int i = 0; i < 2000 && submitted_count() < 2; i++)
		usleep(1000);
	assert_int_equal(submitted_count(), 2);
	/* teardown frees the worker now: nothing may leak or hang. */
}

static void test_describe_has_no_host_or_query(void **state)
{
	struct wreq *rq = wreq_new(WREQ_DEPLOYMENT, "team a", "job-a", NULL);
	char *d = wreq_describe(rq);
	assert_string_equal(d, "GET /data-jobs/for-team/team a/deployments/job-a");
	free(d);
	wreq_free(rq);
	assert_string_equal(wreq_kind_name(WREQ_DEPLOY), "deploy");
	assert_true(wreq_kind_writes(WREQ_JOB_DELETE));
	assert_false(wreq_kind_writes(WREQ_LOGS));
}

static void test_dup_is_deep(void **state)
{
	struct wreq *rq = wreq_new(WREQ_JOBS, "t", "j", "e");
	struct jobs_query q = {.team = "t", .search = "needle", .page = 2, .page_size = 50};
	wreq_set_query(rq, &q);
	struct deploy_params p = {.job_version = "abc", .enabled = 1};
	wreq_set_deploy(rq, &p);
	rq->blob = malloc(3);
	memcpy(rq->blob, "zip", 3);
	rq->blob_len = 3;
	struct wreq *d = wreq_dup(rq);
	wreq_free(rq);
	assert_string_equal(d->query.search, "needle");
	assert_int_equal(d->query.page, 2);
	assert_string_equal(d->deploy.job_version, "abc");
	assert_int_equal(d->deploy.enabled, 1);
	assert_memory_equal(d->blob, "zip", 3);
	assert_string_equal(d->execution, "e");
	wreq_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_shot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_repeats_until_unwatched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwatch_drops_an_answer_not_taken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backoff_bounds_and_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backoff_is_capped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_pile_up_behind_a_slow_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_watch_results_are_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwatch_cancels_the_request_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_after_waits_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_watch_waits_for_a_sent_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upload_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shutdown_with_transfers_in_flight, setup, teardown),
		cmocka_unit_test(test_describe_has_no_host_or_query),
		cmocka_unit_test(test_dup_is_deep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
