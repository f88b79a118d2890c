// deps: worker worker_api http_msg trace model util propmap jsonarg jsonread timefmt logtext logline
/* The worker's bulk lane, against the scripted stand-ins of
 * worker_stub.h: what goes as a bulk transfer and to which client, polls
 * answered while a large answer is decoded on the lane's own thread, the
 * lane giving way to a poll just sent (and not to a slow one), and a
 * view's download cancelled with the view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "worker_stub.h"

/* The kind's answer, and whether its request went as a bulk transfer. */
static bool answered_bulk(struct fx *f, enum wreq_kind kind)
{
	struct wresult *r = next_result(f, 3000);
	while (r && (r->type != WRESULT_DONE || r->req->kind != kind)) {
		wresult_free(r);
		r = next_result(f, 3000);
	}
	assert_non_null(r);
	wresult_free(r);
	pthread_mutex_lock(&mu);
	bool b = last_bulk, twin = last_twin;
	pthread_mutex_unlock(&mu);
	/* A bulk transfer goes to the bulk lane's own client, and only one. */
	assert_int_equal(b, twin);
	return b;
}

/* What may be large goes on a connection of its own; the polls, a log's
 * tail poll among them, share the keep-alive one. */
static void test_bulk_requests(void **state)
{
	struct fx *f = *state;
	struct wreq *rq = wreq_new(WREQ_LOGS, "team-a", "job-a", "exec-1");
	rq->tail_lines = 200000;
	worker_submit(f->w, rq);
	assert_true(answered_bulk(f, WREQ_LOGS));
	rq = wreq_new(WREQ_LOGS, "team-a", "job-a", "exec-1");
	rq->tail_lines = 1000;
	worker_watch(f->w, WATCH_LOGS, rq, 60000);
	assert_false(answered_bulk(f, WREQ_LOGS));
	worker_unwatch(f->w, WATCH_LOGS);
	worker_submit(f->w, wreq_new(WREQ_KEYTAB, "team-a", "job-a", NULL));
	assert_true(answered_bulk(f, WREQ_KEYTAB));
	rq = wreq_new(WREQ_SOURCES_UPLOAD, "team-a", "job-a", NULL);
	rq->blob = calloc(1, 10);
	rq->blob_len = 10;
	rq->reason = strdup("test");
	worker_submit(f->w, rq);
	assert_true(answered_bulk(f, WREQ_SOURCES_UPLOAD));
	worker_watch(f->w, WATCH_JOBS, wreq_new(WREQ_JOBS, "team-a", NULL, NULL), 60000);
	assert_false(answered_bulk(f, WREQ_JOBS));
	worker_submit(f->w, wreq_new(WREQ_DEPLOYMENT, "team-a", "job-a", NULL));
	assert_false(answered_bulk(f, WREQ_DEPLOYMENT));
}

/* Whether a bulk answer's delivery is held (the stub's stand-in for a
 * long decode), waiting up to timeout_ms for it to be. */
static bool wait_holding(int timeout_ms)
{
	long long until = now_ms() + timeout_ms;
	pthread_mutex_lock(&mu);
	while (!holding && now_ms() < until) {
		pthread_mutex_unlock(&mu);
		usleep(1000);
		pthread_mutex_lock(&mu);
	}
	bool h = holding;
	pthread_mutex_unlock(&mu);
	return h;
}

/* A whole log asked for, its answer's delivery held on the bulk lane's
 * thread: true once it is. */
static bool start_held_log(struct fx *f)
{
	pthread_mutex_lock(&mu);
	held = true;
	pthread_mutex_unlock(&mu);
	struct wreq *rq = wreq_new(WREQ_LOGS, "team-a", "job-a", "exec-1");
	rq->tail_lines = 200000;
	worker_submit(f->w, rq);
	return wait_holding(3000);
}

static void release_held(void)
{
	pthread_mutex_lock(&mu);
	held = false;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

/* A large answer is decoded on the bulk lane's own thread: polls and
 * one-shots are answered while it is, and each lane's client is driven
 * by one thread only. */
static void test_polls_answered_while_bulk_decodes(void **state)
{
	struct fx *f = *state;
	bool decoding = start_held_log(f);
	worker_watch(f->w, WATCH_JOBS, wreq_new(WREQ_JOBS, "team-a", NULL, NULL), 60000);
	worker_submit(f->w, wreq_new(WREQ_DEPLOYMENT, "team-a", "job-a", NULL));
	int answered = 0;
	struct wresult *r;
	while (answered < 2 && (r = next_result(f, 3000))) {
		answered += r->type == WRESULT_DONE && r->req->kind != WREQ_LOGS;
		wresult_free(r);
	}
	/* Released before asserting: a failed assert must not leave the
	 * bulk lane's thread held for teardown to join. */
	release_held();
	assert_true(decoding);
	assert_int_equal(answered, 2);
	r = next_result(f, 3000);
	assert_non_null(r);
	assert_int_equal(r->req->kind, WREQ_LOGS);
	wresult_free(r);
	pthread_mutex_lock(&mu);
	bool wrong = wrong_thread;
	pthread_mutex_unlock(&mu);
	assert_false(wrong);
}

static int gated_count(void)
{
	pthread_mutex_lock(&mu);
	int n = gated;
	pthread_mutex_unlock(&mu);
	return n;
}

/* The bulk lane waits for a poll just sent: the poll's answer comes
 * first, the log's after it. */
static void test_bulk_gives_way_to_a_poll(void **state)
{
	struct fx *f = *state;
	worker_set_give_way(f->w, 60000);
	bool decoding = start_held_log(f);
	script(HANG);
	worker_submit(f->w, wreq_new(WREQ_DEPLOYMENT, "team-a", "job-a", NULL));
	for (int i = 0; i < 3000 && hung_count() < 1; i++)
		usleep(1000);
	int polls = hung_count();
	release_held();
	for (int i = 0; i < 3000 && gated_count() < 1; i++)
		usleep(1000);
	int gates = gated_count();
	release_hung(200);
	assert_true(decoding);
	assert_int_equal(polls, 1);
	assert_int_equal(gates, 1);
	struct wresult *r = next_result(f, 3000);
	assert_non_null(r);
	assert_int_equal(r->req->kind, WREQ_DEPLOYMENT);
	wresult_free(r);
	r = next_result(f, 3000);
	assert_non_null(r);
	assert_int_equal(r->req->kind, WREQ_LOGS);
	wresult_free(r);
}

/* ... but not for an answer slower than that: the download goes on. */
static void test_bulk_goes_on_past_a_slow_poll(void **state)
{
	struct fx *f = *state;
	worker_set_give_way(f->w, 50);
	script(HANG);
	worker_submit(f->w, wreq_new(WREQ_DEPLOYMENT, "team-a", "job-a", NULL));
	for (int i = 0; i < 3000 && hung_count() < 1; i++)
		usleep(1000);
	assert_int_equal(hung_count(), 1);
	script(ANSWER_OK);
	struct wreq *rq = wreq_new(WREQ_LOGS, "team-a", "job-a", "exec-1");
	rq->tail_lines = 200000;
	worker_submit(f->w, rq);
	struct wresult *r = next_result(f, 5000);
	assert_non_null(r);
	assert_int_equal(r->req->kind, WREQ_LOGS);
	wresult_free(r);
	assert_int_equal(gated_count(), 1);
	assert_int_equal(hung_count(), 1);
}

/* A view that goes takes its log download along, on the bulk lane too. */
static void test_forgotten_owner_cancels_bulk(void **state)
{
	struct fx *f = *state;
	script(HANG);
	struct wreq *rq = wreq_new(WREQ_LOGS, "team-a", "job-a", "exec-1");
	rq->tail_lines = 200000;
	rq->owner = 9;
	worker_submit(f->w, rq);
	for (int i = 0; i < 2000 && hung_count() < 1; i++)
		usleep(1000);
	assert_int_equal(hung_count(), 1);
	worker_forget_owner(f->w, 9);
	for (int i = 0; i < 2000 && cancelled_count() < 1; i++)
		usleep(1000);
	assert_int_equal(cancelled_count(), 1);
	assert_int_equal(hung_count(), 0);
	assert_int_equal(worker_busy(f->w), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bulk_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polls_answered_while_bulk_decodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forgotten_owner_cancels_bulk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_gives_way_to_a_poll, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_goes_on_past_a_slow_poll, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
