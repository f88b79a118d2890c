/* The worker's tests' stand-ins for the http client and the api layer,
 * so timing and failures are under the test's control: a scripted client
 * (answers at once, fails, or hangs until released; each client runs only
 * its own transfers, on one thread) and the api calls the worker makes,
 * plus the fixture (a started worker) and its helpers. Included by
 * test_worker.c and test_worker_bulk.c, after cmocka.h. */
#ifndef VDKTOP_TEST_WORKER_STUB_H
#define VDKTOP_TEST_WORKER_STUB_H

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

__attribute__((unused)) static int cancelled_count(void)
{
	pthread_mutex_lock(&mu);
	int n = cancelled;
	pthread_mutex_unlock(&mu);
	return n;
}

__attribute__((unused)) static int hung_count(void)
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
__attribute__((unused)) static void release_hung(long status)
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

__attribute__((unused)) static int submitted_count(void)
{
	pthread_mutex_lock(&mu);
	int n = submitted;
	pthread_mutex_unlock(&mu);
	return n;
}

__attribute__((unused)) static void script(enum behaviour b)
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

__attribute__((unused)) static int setup(void **state)
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

__attribute__((unused)) static int teardown(void **state)
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
__attribute__((unused)) static struct wresult *next_result(struct fx *f, int timeout_ms)
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
__attribute__((unused)) static int others_until(struct fx *f, long long until_ms)
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

#endif
