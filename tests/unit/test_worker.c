// deps: worker worker_api http_msg trace model util propmap jsonarg jsonread timefmt logtext logline
/* The worker's scheduling, against a scripted stand-in for the http client
 * and the api layer (defined below), so timing and failures are under the
 * test's control: one-shots, repeating watches, backoff with its bounds,
 * no pile-up behind a slow request, dropped results of a replaced watch,
 * upload progress, and shutdown with transfers in flight (leaks are caught
 * by the sanitizer build). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "http.h"
#include "worker.h"

/* ---- the scripted http client ---- */

enum behaviour { ANSWER_OK, ANSWER_FAIL, HANG };

struct transfer {
	struct http_client *c; /* the client it was submitted to */
	struct http_request *req;
	http_done_fn done;
	void *ud;
	long status;
	struct transfer *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static enum behaviour behaviour;
static struct transfer *ready, *hung;
static int submitted;
static int cancelled;
static bool on_wire; /* hung transfers count as sent: only under_way cancels them */
static bool last_bulk; /* the bulk flag of the last request submitted */
static bool last_twin; /* ... and whether it went to the twin client */
static bool held;      /* a bulk answer's delivery waits for release_held() */
static bool holding;   /* ... and one is waiting now */
static bool wrong_thread; /* a client was run by two threads */
static int gated;         /* bulk deliveries that went through the gate */

/* Requests for this team are barriers: answered at once whatever the
 * script says, and not counted in submitted. */
#define BARRIER_TEAM "barrier"

/* The worker's client and its twin (the bulk lane's): each runs only
 * the transfers submitted to it, on the one thread that drives it. */
struct http_client {
	int woken;
	bool is_twin;
	bool has_runner;
	pthread_t runner;
	struct http_client *twin;
	void (*gate)(void *ud);
	void *gate_ud;
};

void http_client_set_gate(struct http_client *c, void (*gate)(void *ud), void *ud)
{
	c->gate = gate;
	c->gate_ud = ud;
}

struct http_client *http_client_twin(struct http_client *c)
{
	if (!c->twin) {
		c->twin = calloc(1, sizeof *c->twin);
		c->twin->is_twin = true;
	}
	return c->twin;
}

/* The first of c's transfers on list, unlinked. */
static struct transfer *take_of(struct transfer **list, struct http_client *c)
{
	for (; *list; list = &(*list)->next) {
		if ((*list)->c != c)
			continue;
		struct transfer *t = *list;
		*list = t->next;
		t->next = NULL;
		return t;
	}
	return NULL;
}

static bool has_of(const struct transfer *list, const struct http_client *c)
{
	for (; list; list = list->next)
		if (list->c == c)
			return true;
	return false;
}

static void push(struct transfer **list, struct transfer *t)
{
	t->next = NULL;
	while (*list)
		list = &(*list)->next;
	*list = t;
}

void http_submit(struct http_client *c, struct http_request *req, http_done_fn done, void *ud)
{
	struct transfer *t = calloc(1, sizeof *t);
	t->c = c;
	t->req = req;
	t->done = done;
	t->ud = ud;
	pthread_mutex_lock(&mu);
	if (strstr(req->url, "/for-team/" BARRIER_TEAM "/")) {
		t->status = 200;
		push(&ready, t);
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&mu);
		return;
	}
	submitted++;
	last_bulk = req->bulk;
	last_twin = c->is_twin;
	if (behaviour == HANG) {
		push(&hung, t);
	} else {
		t->status = behaviour == ANSWER_OK ? 200 : 0;
		push(&ready, t);
	}
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

void http_run(struct http_client *c, int timeout_ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&mu);
	if (c->has_runner && !pthread_equal(c->runner, pthread_self()))
		wrong_thread = true;
	c->runner = pthread_self();
	c->has_runner = true;
	while (!has_of(ready, c) && !c->woken && timeout_ms > 0)
		if (pthread_cond_timedwait(&cv, &mu, &until) != 0)
			break;
	c->woken = 0;
	struct transfer *list = NULL, *t;
	while ((t = take_of(&ready, c)))
		push(&list, t);
	pthread_mutex_unlock(&mu);
	while (list) {
		t = list;
		list = t->next;
		if (t->req->bulk) {
			/* A large answer being decoded: the test says when it ends. */
			pthread_mutex_lock(&mu);
			holding = held;
			pthread_cond_broadcast(&cv);
			while (held)
				pthread_cond_wait(&cv, &mu);
			holding = false;
			gated += c->gate != NULL;
			pthread_cond_broadcast(&cv);
			pthread_mutex_unlock(&mu);
			/* As the real client does before each piece it decodes. */
			if (c->gate)
				c->gate(c->gate_ud);
		}
		if (t->req->on_progress) {
			for (int i = 1; i <= 4; i++) {
				t->req->on_progress(t->req->progress_ud, 25LL * i, 100);
				usleep(40000);
			}
		}
		struct http_response *resp = malloc(sizeof *resp);
		http_response_init(resp);
		resp->status = t->status;
		strbuf_puts(&resp->body, t->status == 200 ? "{}" : "");
		http_request_free(t->req);
		t->done(t->ud, resp);
		free(t);
	}
}

/* Unlinks c's transfer of ud from *list; true when it was there. */
static bool take_ud(struct transfer **list, struct http_client *c, void *ud)
{
	for (; *list; list = &(*list)->next) {
		if ((*list)->ud != ud || (*list)->c != c)
			continue;
		struct transfer *t = *list;
		*list = t->next;
		http_request_free(t->req);
		free(t);
		return true;
	}
	return false;
}

/* Called from the worker thread, like http_run. */
bool http_cancel(struct http_client *c, void *ud, bool under_way)
{
	pthread_mutex_lock(&mu);
	bool found = (!on_wire || under_way) && (take_ud(&hung, c, ud) || take_ud(&ready, c, ud));
	cancelled += found;
	pthread_mutex_unlock(&mu);
	return found;
}

static int cancelled_count(void)
{
	pthread_mutex_lock(&mu);
	int n = cancelled;
	pthread_mutex_unlock(&mu);
	return n;
}

static int hung_count(void)
{
	pthread_mutex_lock(&mu);
	int n = 0;
	for (struct transfer *t = hung; t; t = t->next)
		n++;
	pthread_mutex_unlock(&mu);
	return n;
}

void http_wakeup(struct http_client *c)
{
	pthread_mutex_lock(&mu);
	c->woken = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static void free_list(struct transfer *t)
{
	while (t) {
		struct transfer *n = t->next;
		http_request_free(t->req);
		free(t);
		t = n;
	}
}

/* Transfers in flight are dropped without done, as the real client does. */
void http_client_free(struct http_client *c)
{
	pthread_mutex_lock(&mu);
	free_list(ready);
	free_list(hung);
	ready = hung = NULL;
	pthread_mutex_unlock(&mu);
	free(c->twin);
	free(c);
}

/* Answers every hung transfer with status. */
static void release_hung(long status)
{
	pthread_mutex_lock(&mu);
	while (hung) {
		struct transfer *t = hung;
		hung = t->next;
		t->status = status;
		push(&ready, t);
	}
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

static int submitted_count(void)
{
	pthread_mutex_lock(&mu);
	int n = submitted;
	pthread_mutex_unlock(&mu);
	return n;
}

static void script(enum behaviour b)
{
	pthread_mutex_lock(&mu);
	behaviour = b;
	pthread_mutex_unlock(&mu);
}

/* ---- the api layer, reduced to what the worker needs ---- */

static struct http_request *stub_request(enum http_method m, const struct api_target *t, const char *what, const char *job)
{
	struct http_request *r = calloc(1, sizeof *r);
	r->method = m;
	r->url = xasprintf("%s/data-jobs/for-team/%s/%s/%s?q=secret", t->base_url, t->team ? t->team : "-",
		what, job ? job : "-");
	return r;
}

static int stub_parse(const struct http_response *r, struct api_error *err)
{
	if (r->status == 200)
		return 0;
	err->http_status = r->status;
	err->message = strdup(r->status ? "server error" : "connection refused");
	return -1;
}

void api_error_clear(struct api_error *e)
{
	free(e->what);
	free(e->why);
	free(e->consequences);
	free(e->countermeasures);
	free(e->message);
	memset(e, 0, sizeof *e);
}

struct http_request *api_info_request(const struct api_target *t)
{
	return stub_request(HTTP_GET, t, "info", NULL);
}

int api_info_parse(const struct http_response *r, struct api_info **out, struct api_error *err)
{
	if (stub_parse(r, err) < 0)
		return -1;
	*out = calloc(1, sizeof **out);
	(*out)->api_version = strdup("stub/1");
	return 0;
}

struct http_request *api_jobs_request(const struct api_target *t, const struct jobs_query *q)
{
	return stub_request(HTTP_GET, t, "jobs", q->job_name);
}

int api_jobs_parse(const struct http_response *r, struct job_page **out, struct api_error *err)
{
	if (stub_parse(r, err) < 0)
		return -1;
	struct job_page *p = calloc(1, sizeof *p);
	p->jobs = calloc(1, sizeof *p->jobs);
	job_init(&p->jobs[0]);
	p->jobs[0].name = strdup("alpha");
	p->n = 1;
	*out = p;
	return 0;
}

int api_jobs_parse_page(const struct http_response *r, size_t max_rows, struct job_page **out, struct api_error *err)
{
	(void)max_rows;
	return api_jobs_parse(r, out, err);
}

int api_sources_upload_parse(const struct http_response *r, char **version_sha, struct api_error *err)
{
	if (stub_parse(r, err) < 0)
		return -1;
	*version_sha = strdup("1a2b3c");
	return 0;
}

struct http_request *api_sources_upload_request(const struct api_target *t, const char *job, const void *zip, size_t len, const char *reason)
{
	return stub_request(HTTP_POST, t, "sources", job);
}

/* The rest are never called by these tests, but the worker links them. */
#define UNUSED_REQ(name, ...) \
	struct http_request *name(__VA_ARGS__) { fail_msg(#name " called"); return NULL; }
#define UNUSED_PARSE(name, ...) \
	int name(__VA_ARGS__) { fail_msg(#name " called"); return -1; }
UNUSED_REQ(api_job_executions_request, const struct api_target *t, const char *job, long page, long page_size)
UNUSED_REQ(api_executions_find_request, const struct api_target *t, const struct executions_query *q)
UNUSED_PARSE(api_executions_find_parse, const struct http_response *r, struct execution_list **out, struct api_error *err)
UNUSED_PARSE(api_job_executions_parse, const struct http_response *r, struct execution_list **out, struct api_error *err)
UNUSED_PARSE(api_execution_get_parse, const struct http_response *r, struct execution **out, struct api_error *err)
UNUSED_REQ(api_execution_get_request, const struct api_target *t, const char *job, const char *id)
int api_logs_parse_text(const struct http_response *r, size_t line_max, struct logtext **out, struct api_error *err)
{
	*out = NULL;
	return stub_parse(r, err);
}

void api_logs_stream(struct http_request *req, size_t line_max)
{
}

struct http_request *api_logs_request(const struct api_target *t, const char *job, const char *id, long tail_lines)
{
	return stub_request(HTTP_GET, t, "logs", job);
}
UNUSED_REQ(api_job_get_request, const struct api_target *t, const char *job)
UNUSED_PARSE(api_job_get_parse, const struct http_response *r, struct job **out, struct api_error *err)
UNUSED_REQ(api_job_create_request, const struct api_target *t, const struct job *job)
UNUSED_PARSE(api_job_create_parse, const struct http_response *r, struct api_error *err)
UNUSED_REQ(api_job_update_request, const struct api_target *t, const struct job *job)
UNUSED_PARSE(api_job_update_parse, const struct http_response *r, struct api_error *err)
UNUSED_REQ(api_job_delete_request, const struct api_target *t, const char *job)
UNUSED_PARSE(api_job_delete_parse, const struct http_response *r, struct api_error *err)
struct http_request *api_keytab_request(const struct api_target *t, const char *job)
{
	return stub_request(HTTP_GET, t, "keytab", job);
}

int api_keytab_parse(const struct http_response *r, char **out, size_t *len, struct api_error *err)
{
	*out = NULL;
	*len = 0;
	return stub_parse(r, err);
}
UNUSED_REQ(api_deploy_request, const struct api_target *t, const char *job, const struct deploy_params *p)
UNUSED_PARSE(api_deploy_parse, const struct http_response *r, struct api_error *err)
UNUSED_REQ(api_deployment_patch_request, const struct api_target *t, const char *job, const struct deploy_params *p)
UNUSED_PARSE(api_deployment_patch_parse, const struct http_response *r, struct api_error *err)
UNUSED_REQ(api_execution_start_request, const struct api_target *t, const char *job, const char *started_by, const char *args_json)
UNUSED_PARSE(api_execution_start_parse, const struct http_response *r, char **id_out, struct api_error *err)
UNUSED_REQ(api_execution_cancel_request, const struct api_target *t, const char *job, const char *id)
UNUSED_PARSE(api_execution_cancel_parse, const struct http_response *r, struct api_error *err)
UNUSED_REQ(api_properties_get_request, const struct api_target *t, const char *job)
UNUSED_PARSE(api_properties_get_parse, const struct http_response *r, char **json_out, struct api_error *err)
UNUSED_REQ(api_properties_put_request, const struct api_target *t, const char *job, const char *json)
UNUSED_PARSE(api_properties_put_parse, const struct http_response *r, struct api_error *err)
UNUSED_REQ(api_secrets_get_request, const struct api_target *t, const char *job)
UNUSED_PARSE(api_secrets_get_parse, const struct http_response *r, char **json_out, struct api_error *err)
UNUSED_REQ(api_secrets_put_request, const struct api_target *t, const char *job, const char *json)
UNUSED_PARSE(api_secrets_put_parse, const struct http_response *r, struct api_error *err)
void api_error_set(struct api_error *e, long http_status, const char *fmt, ...)
{
	fail_msg("api_error_set called");
}

int api_deployments_parse(const struct http_response *r, struct deployment **out, struct api_error *err)
{
	*out = NULL; /* not deployed */
	return stub_parse(r, err);
}

struct http_request *api_deployments_request(const struct api_target *t, const char *job)
{
	return stub_request(HTTP_GET, t, "deployments", job);
}

/* ---- fixtures ---- */

struct fx {
	int pipe[2];
	struct worker *w;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_int_equal(pipe(f->pipe), 0);
	fcntl(f->pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(f->pipe[1], F_SETFL, O_NONBLOCK);
	pthread_mutex_lock(&mu);
	behaviour = ANSWER_OK;
	submitted = 0;
	cancelled = 0;
	on_wire = false;
	held = holding = wrong_thread = false;
	gated = 0;
	pthread_mutex_unlock(&mu);
	f->w = worker_new(calloc(1, sizeof(struct http_client)), "http://svc", f->pipe[1]);
	assert_int_equal(worker_start(f->w), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	worker_free(f->w);
	close(f->pipe[0]);
	close(f->pipe[1]);
	free(f);
	return 0;
}

/* The next result, waiting on the wake fd as the UI does; NULL after
 * timeout_ms. */
static struct wresult *next_result(struct fx *f, int timeout_ms)
{
	long long until = now_ms() + timeout_ms;
	for (;;) {
		struct wresult *r = worker_take(f->w);
		if (r)
			return r;
		long long left = until - now_ms();
		if (left <= 0)
			return NULL;
		struct pollfd p = {.fd = f->pipe[0], .events = POLLIN};
		if (poll(&p, 1, (int)left) > 0) {
			char buf[64];
			while (read(f->pipe[0], buf, sizeof buf) > 0)
				;
		}
	}
}

/* For "nothing happened" asserts: waits until the worker has issued a
 * barrier (a one-shot the stub answers at once) in a pass that began at
 * or after until_ms, so every watch due before then has been sent and
 * every answer before it delivered. Returns how many other results came
 * meanwhile (freed). */
static int others_until(struct fx *f, long long until_ms)
{
	int others = 0;
	bool late = false;
	for (;;) {
		unsigned long id = worker_submit(f->w, wreq_new(WREQ_INFO, BARRIER_TEAM, NULL, NULL));
		struct wresult *r;
		while ((r = next_result(f, 5000)) && r->req->id != id) {
			others++;
			wresult_free(r);
		}
		assert_non_null(r);
		long long sent = r->sent_ms;
		wresult_free(r);
		/* One more barrier after the first one sent late enough: its
		 * pass began after that one was sent. */
		if (late)
			return others;
		late = sent >= until_ms;
	}
}

/* ---- tests ---- */

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
	pthread_mutex_lock(&mu);
	held = true;
	pthread_mutex_unlock(&mu);
	struct wreq *rq = wreq_new(WREQ_LOGS, "team-a", "job-a", "exec-1");
	rq->tail_lines = 200000;
	worker_submit(f->w, rq);
	bool decoding = wait_holding(3000);
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
	pthread_mutex_lock(&mu);
	held = true;
	pthread_mutex_unlock(&mu);
	struct wreq *rq = wreq_new(WREQ_LOGS, "team-a", "job-a", "exec-1");
	rq->tail_lines = 200000;
	worker_submit(f->w, rq);
	bool decoding = wait_holding(3000);
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
		cmocka_unit_test_setup_teardown(test_bulk_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polls_answered_while_bulk_decodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forgotten_owner_cancels_bulk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_gives_way_to_a_poll, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_goes_on_past_a_slow_poll, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shutdown_with_transfers_in_flight, setup, teardown),
		cmocka_unit_test(test_describe_has_no_host_or_query),
		cmocka_unit_test(test_dup_is_deep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
