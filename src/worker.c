#include "worker.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http.h"
#include "trace.h"

#define BACKOFF_CAP_MS 60000
#define PROGRESS_EVERY_MS 100
/* How many nested executions WREQ_JOB asks for when the query names none:
 * enough for the job view's chart. */
#define JOB_EXECUTIONS_DEFAULT 30

static const struct {
	const char *name;
	bool writes;
} kinds[WREQ_KIND_COUNT] = {
	[WREQ_INFO] = {"info", false},
	[WREQ_JOBS] = {"jobs", false},
	[WREQ_JOB] = {"job", false},
	[WREQ_EXECUTIONS] = {"executions", false},
	[WREQ_DEPLOYMENT] = {"deployment", false},
	[WREQ_EXECUTION] = {"execution", false},
	[WREQ_LOGS] = {"logs", false},
	[WREQ_JOB_GET] = {"job-get", false},
	[WREQ_JOB_CREATE] = {"job-create", true},
	[WREQ_JOB_UPDATE] = {"job-update", true},
	[WREQ_JOB_DELETE] = {"job-delete", true},
	[WREQ_KEYTAB] = {"keytab", false},
	[WREQ_DEPLOY] = {"deploy", true},
	[WREQ_DEPLOYMENT_PATCH] = {"deployment-patch", true},
	[WREQ_EXEC_START] = {"execution-start", true},
	[WREQ_EXEC_CANCEL] = {"execution-cancel", true},
	[WREQ_SOURCES_UPLOAD] = {"sources-upload", true},
};

const char *wreq_kind_name(enum wreq_kind k)
{
	return (unsigned)k < WREQ_KIND_COUNT ? kinds[k].name : "unknown";
}

bool wreq_kind_writes(enum wreq_kind k)
{
	return (unsigned)k < WREQ_KIND_COUNT && kinds[k].writes;
}

/* ---- requests ---- */

struct wreq *wreq_new(enum wreq_kind kind, const char *team, const char *job, const char *execution)
{
	struct wreq *r = xcalloc(1, sizeof *r);
	r->kind = kind;
	r->team = xstrdup(team);
	r->job = xstrdup(job);
	r->execution = xstrdup(execution);
	r->deploy.enabled = -1;
	return r;
}

/* Copies s into r's string store and returns the copy. */
static const char *own_str(struct wreq *r, const char *s)
{
	if (!s)
		return NULL;
	strlist_push(&r->strs, s);
	return r->strs.v[r->strs.n - 1];
}

void wreq_set_query(struct wreq *r, const struct jobs_query *q)
{
	r->query = *q;
	r->query.team = own_str(r, q->team);
	r->query.job_name = own_str(r, q->job_name);
	r->query.search = own_str(r, q->search);
	r->query.enabled = own_str(r, q->enabled);
	r->query.last_status = own_str(r, q->last_status);
}

void wreq_set_deploy(struct wreq *r, const struct deploy_params *p)
{
	r->deploy = *p;
	r->deploy.job_version = own_str(r, p->job_version);
	r->deploy.python_version = own_str(r, p->python_version);
	r->deploy.vdk_version = own_str(r, p->vdk_version);
}

/* A copy without the bulky parts (body, blob): what progress results
 * carry and what watches re-issue from. */
static struct wreq *wreq_dup_light(const struct wreq *r)
{
	struct wreq *d = wreq_new(r->kind, r->team, r->job, r->execution);
	d->id = r->id;
	d->owner = r->owner;
	d->page_size = r->page_size;
	d->tail_lines = r->tail_lines;
	wreq_set_query(d, &r->query);
	wreq_set_deploy(d, &r->deploy);
	d->args_json = xstrdup(r->args_json);
	d->started_by = xstrdup(r->started_by);
	d->reason = xstrdup(r->reason);
	return d;
}

struct wreq *wreq_dup(const struct wreq *r)
{
	if (!r)
		return NULL;
	struct wreq *d = wreq_dup_light(r);
	if (r->job_body) {
		d->job_body = xmalloc(sizeof *d->job_body);
		job_init(d->job_body);
		job_copy(d->job_body, r->job_body);
	}
	if (r->blob) {
		d->blob = xmalloc(r->blob_len ? r->blob_len : 1);
		memcpy(d->blob, r->blob, r->blob_len);
		d->blob_len = r->blob_len;
	}
	return d;
}

void wreq_free(struct wreq *r)
{
	if (!r)
		return;
	free(r->team);
	free(r->job);
	free(r->execution);
	if (r->job_body) {
		job_clear(r->job_body);
		free(r->job_body);
	}
	free(r->args_json);
	free(r->started_by);
	free(r->reason);
	free(r->blob);
	strlist_clear(&r->strs);
	free(r);
}

/* Builds the HTTP request for r against base_url; NULL when r lacks
 * what its kind needs. */
static struct http_request *wreq_build(const struct wreq *r, const char *base_url)
{
	struct api_target t = {base_url, r->team};
	switch (r->kind) {
	case WREQ_INFO:
		return api_info_request(&t);
	case WREQ_JOBS:
		return api_jobs_request(&t, &r->query);
	case WREQ_JOB: {
		if (!r->job)
			return NULL;
		struct jobs_query q = r->query;
		q.team = r->team;
		q.job_name = r->job;
		q.details = true;
		q.page = 1;
		q.page_size = 1;
		if (q.executions <= 0)
			q.executions = JOB_EXECUTIONS_DEFAULT;
		return api_jobs_request(&t, &q);
	}
	case WREQ_EXECUTIONS:
		if (!r->job)
			return NULL;
		return api_job_executions_request(&t, r->job, 1, r->page_size > 0 ? r->page_size : JOB_EXECUTIONS_DEFAULT);
	case WREQ_DEPLOYMENT:
		return r->job ? api_deployments_request(&t, r->job) : NULL;
	case WREQ_EXECUTION:
		return r->job && r->execution ? api_execution_get_request(&t, r->job, r->execution) : NULL;
	case WREQ_LOGS:
		return r->job && r->execution ? api_logs_request(&t, r->job, r->execution, r->tail_lines) : NULL;
	case WREQ_JOB_GET:
		return r->job ? api_job_get_request(&t, r->job) : NULL;
	case WREQ_JOB_CREATE:
		return r->job_body ? api_job_create_request(&t, r->job_body) : NULL;
	case WREQ_JOB_UPDATE:
		return r->job_body ? api_job_update_request(&t, r->job_body) : NULL;
	case WREQ_JOB_DELETE:
		return r->job ? api_job_delete_request(&t, r->job) : NULL;
	case WREQ_KEYTAB:
		return r->job ? api_keytab_request(&t, r->job) : NULL;
	case WREQ_DEPLOY:
		return r->job ? api_deploy_request(&t, r->job, &r->deploy) : NULL;
	case WREQ_DEPLOYMENT_PATCH:
		return r->job ? api_deployment_patch_request(&t, r->job, &r->deploy) : NULL;
	case WREQ_EXEC_START:
		return r->job ? api_execution_start_request(&t, r->job, r->started_by, r->args_json) : NULL;
	case WREQ_EXEC_CANCEL:
		return r->job && r->execution ? api_execution_cancel_request(&t, r->job, r->execution) : NULL;
	case WREQ_SOURCES_UPLOAD:
		return r->job && r->blob ? api_sources_upload_request(&t, r->job, r->blob, r->blob_len, r->reason) : NULL;
	case WREQ_KIND_COUNT:
		break;
	}
	return NULL;
}

/* The path (and method) of a request URL: everything after the host,
 * without the query string. */
static char *describe_url(enum http_method m, const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : url;
	if (!p)
		p = "/";
	size_t len = strcspn(p, "?#");
	return xasprintf("%s %.*s", http_method_name(m), (int)len, p);
}

char *wreq_describe(const struct wreq *r)
{
	struct http_request *hr = wreq_build(r, "http://host");
	if (!hr)
		return xasprintf("%s (incomplete request)", wreq_kind_name(r->kind));
	char *s = describe_url(hr->method, hr->url);
	http_request_free(hr);
	return s;
}

/* ---- results ---- */

void wresult_free(struct wresult *r)
{
	if (!r)
		return;
	if (r->type == WRESULT_DONE && r->req) {
		switch (r->req->kind) {
		case WREQ_INFO:
			api_info_free(r->u.info);
			break;
		case WREQ_JOBS:
			job_page_free(r->u.jobs);
			break;
		case WREQ_JOB:
		case WREQ_JOB_GET:
			if (r->u.job) {
				job_clear(r->u.job);
				free(r->u.job);
			}
			break;
		case WREQ_DEPLOYMENT:
			deployment_free(r->u.deployment);
			break;
		case WREQ_EXECUTIONS:
			execution_list_free(r->u.executions);
			break;
		case WREQ_EXECUTION:
			if (r->u.execution) {
				execution_clear(r->u.execution);
				free(r->u.execution);
			}
			break;
		case WREQ_LOGS:
		case WREQ_KEYTAB:
			free(r->u.text.data);
			break;
		case WREQ_EXEC_START:
			free(r->u.execution_id);
			break;
		case WREQ_SOURCES_UPLOAD:
			free(r->u.version_sha);
			break;
		default:
			break;
		}
	}
	api_error_clear(&r->err);
	wreq_free(r->req);
	free(r);
}

/* Parses resp into res according to the request kind (worker thread). */
static void parse_response(struct wresult *res, const struct http_response *resp)
{
	struct api_error *e = &res->err;
	int rc = -1;
	switch (res->req->kind) {
	case WREQ_INFO:
		rc = api_info_parse(resp, &res->u.info, e);
		break;
	case WREQ_JOBS:
		rc = api_jobs_parse(resp, &res->u.jobs, e);
		break;
	case WREQ_JOB: {
		struct job_page *page = NULL;
		rc = api_jobs_parse(resp, &page, e);
		if (rc == 0 && page && page->n > 0) {
			/* Steal the first job; leave an empty one for the page's free. */
			res->u.job = xmalloc(sizeof *res->u.job);
			*res->u.job = page->jobs[0];
			job_init(&page->jobs[0]);
		}
		job_page_free(page);
		break;
	}
	case WREQ_EXECUTIONS:
		rc = api_job_executions_parse(resp, &res->u.executions, e);
		break;
	case WREQ_DEPLOYMENT:
		rc = api_deployments_parse(resp, &res->u.deployment, e);
		break;
	case WREQ_EXECUTION:
		rc = api_execution_get_parse(resp, &res->u.execution, e);
		break;
	case WREQ_LOGS:
		rc = api_logs_parse(resp, &res->u.text.data, &res->u.text.len, e);
		break;
	case WREQ_JOB_GET:
		rc = api_job_get_parse(resp, &res->u.job, e);
		break;
	case WREQ_JOB_CREATE:
		rc = api_job_create_parse(resp, e);
		break;
	case WREQ_JOB_UPDATE:
		rc = api_job_update_parse(resp, e);
		break;
	case WREQ_JOB_DELETE:
		rc = api_job_delete_parse(resp, e);
		break;
	case WREQ_KEYTAB:
		rc = api_keytab_parse(resp, &res->u.text.data, &res->u.text.len, e);
		break;
	case WREQ_DEPLOY:
		rc = api_deploy_parse(resp, e);
		break;
	case WREQ_DEPLOYMENT_PATCH:
		rc = api_deployment_patch_parse(resp, e);
		break;
	case WREQ_EXEC_START:
		rc = api_execution_start_parse(resp, &res->u.execution_id, e);
		break;
	case WREQ_EXEC_CANCEL:
		rc = api_execution_cancel_parse(resp, e);
		break;
	case WREQ_SOURCES_UPLOAD:
		rc = api_sources_upload_parse(resp, &res->u.version_sha, e);
		break;
	case WREQ_KIND_COUNT:
		break;
	}
	res->ok = rc == 0;
	if (!res->ok && !e->message)
		e->message = xstrdup(resp->transport_error ? resp->transport_error : "unexpected answer from the service");
}

/* ---- the worker ---- */

struct watch {
	struct wreq *req;     /* template; NULL when the slot is free */
	int interval_ms;
	long long next_ms;    /* when to issue next */
	unsigned gen;         /* bumped on replace/unwatch: older results are dropped */
	bool in_flight;
	int stale;            /* requests of an older gen still on the wire: the
	                         new one waits for them (one per slot at most) */
	int attempt;          /* consecutive failures */
};

struct pending {
	struct worker *w;
	struct wreq *req;
	int watch;
	unsigned gen;
	long long sent_ms;
	long long last_progress_ms;
	struct pending *prev, *next;
};

struct worker {
	pthread_mutex_t mu;
	pthread_t thread;
	bool started, stop;
	struct http_client *http;
	char *base_url;
	int wake_fd;
	unsigned long next_id;
	struct watch watches[WATCH_COUNT];
	bool cancel_due;        /* a watch was replaced or dropped, or an owner went */
	unsigned long *gone;    /* owners whose reads in flight are to be cancelled */
	size_t ngone;
	/* One-shot requests waiting for the thread. */
	struct wreq **queue;
	size_t nq, capq;
	/* Finished results, oldest first, from head. */
	struct wresult **results;
	size_t rhead, nres, capres;
	/* Transfers handed to http (worker thread only, except the count). */
	struct pending *pendings;
	size_t in_flight;
	unsigned long long rng; /* worker thread only */
};

static void wake_ui(struct worker *w)
{
	char b = 1;
	/* Non-blocking: a full pipe already means "wake up". */
	while (write(w->wake_fd, &b, 1) < 0 && errno == EINTR)
		;
}

/* Takes res; caller holds the lock. */
static void post_locked(struct worker *w, struct wresult *res)
{
	if (w->rhead + w->nres == w->capres) {
		if (w->rhead > 0) {
			memmove(w->results, w->results + w->rhead, w->nres * sizeof *w->results);
			w->rhead = 0;
		}
		if (w->nres == w->capres) {
			w->capres = w->capres ? w->capres * 2 : 16;
			w->results = xrealloc(w->results, w->capres * sizeof *w->results);
		}
	}
	bool was_empty = w->nres == 0;
	w->results[w->rhead + w->nres++] = res;
	if (was_empty)
		wake_ui(w);
}

static unsigned long long rng_next(struct worker *w)
{
	/* xorshift64*: plenty for jitter. */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 2685821657736338717ULL;
}

/* Full jitter: a random wait in [floor, min(cap, base·2^attempt)]. */
static long long backoff_ms(struct worker *w, int interval_ms, int attempt)
{
	long long ceil = interval_ms > 0 ? interval_ms : 1000;
	for (int i = 0; i < attempt && ceil < BACKOFF_CAP_MS; i++)
		ceil *= 2;
	if (ceil > BACKOFF_CAP_MS)
		ceil = BACKOFF_CAP_MS;
	/* Never zero: a dead service must not be hammered in a tight loop. */
	long long floor = ceil / 4 < 500 ? (ceil < 500 ? ceil : 500) : ceil / 4;
	return floor + (long long)(rng_next(w) % (unsigned long long)(ceil - floor + 1));
}

/* A result that does not mean the service is failing: the log of an
 * execution whose pod has not started yet. */
static bool expected_failure(const struct wresult *r)
{
	return r->req->kind == WREQ_LOGS && r->err.http_status == 503;
}

static void on_progress(void *ud, long long sent, long long total)
{
	struct pending *p = ud;
	long long now = now_ms();
	if (sent < total && now - p->last_progress_ms < PROGRESS_EVERY_MS)
		return;
	p->last_progress_ms = now;
	struct wresult *res = xcalloc(1, sizeof *res);
	res->type = WRESULT_PROGRESS;
	res->req = wreq_dup_light(p->req);
	res->watch = p->watch;
	res->ok = true;
	res->sent_ms = p->sent_ms;
	res->progress_done = sent;
	res->progress_total = total;
	pthread_mutex_lock(&p->w->mu);
	post_locked(p->w, res);
	pthread_mutex_unlock(&p->w->mu);
}

static void pending_unlink(struct worker *w, struct pending *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		w->pendings = p->next;
	if (p->next)
		p->next->prev = p->prev;
}

static void on_done(void *ud, struct http_response *resp)
{
	struct pending *p = ud;
	struct worker *w = p->w;
	struct wresult *res = xcalloc(1, sizeof *res);
	res->type = WRESULT_DONE;
	res->req = p->req;
	res->watch = p->watch;
	res->sent_ms = p->sent_ms;
	res->done_ms = now_ms();
	res->bytes = resp->body.len;
	char *what = trace_enabled() ? wreq_describe(res->req) : NULL;
	if (what)
		trace_event("answered id=%lu kind=%s status=%ld bytes=%zu ms=%lld req=\"%s\"", res->req->id,
			wreq_kind_name(res->req->kind), resp->status, resp->body.len, res->done_ms - res->sent_ms, what);
	parse_response(res, resp);
	if (what)
		trace_event("parsed id=%lu kind=%s ok=%d ms=%lld", res->req->id, wreq_kind_name(res->req->kind),
			res->ok, now_ms() - res->done_ms);
	free(what);
	http_response_free(resp);

	pthread_mutex_lock(&w->mu);
	pending_unlink(w, p);
	w->in_flight--;
	bool drop = false;
	if (p->watch >= 0) {
		struct watch *wa = &w->watches[p->watch];
		if (wa->gen != p->gen || !wa->req) {
			drop = true;
			if (wa->stale > 0)
				wa->stale--;
		} else {
			wa->in_flight = false;
			long long now = now_ms();
			if (res->ok || expected_failure(res)) {
				wa->attempt = res->ok ? 0 : wa->attempt;
				wa->next_ms = now + wa->interval_ms;
			} else {
				wa->attempt++;
				res->retry_in_ms = backoff_ms(w, wa->interval_ms, wa->attempt);
				wa->next_ms = now + res->retry_in_ms;
			}
			res->attempt = wa->attempt;
		}
	}
	if (drop)
		wresult_free(res);
	else
		post_locked(w, res);
	pthread_mutex_unlock(&w->mu);
	free(p);
}

/* Hands req to http (worker thread, lock not held). */
static void issue(struct worker *w, struct wreq *req, int watch, unsigned gen)
{
	struct pending *p = xcalloc(1, sizeof *p);
	p->w = w;
	p->req = req;
	p->watch = watch;
	p->gen = gen;
	p->sent_ms = now_ms();
	struct http_request *hr = wreq_build(req, w->base_url);
	if (!hr) {
		struct http_response *resp = xmalloc(sizeof *resp);
		http_response_init(resp);
		resp->transport_error = xasprintf("internal error: incomplete %s request", wreq_kind_name(req->kind));
		pthread_mutex_lock(&w->mu);
		p->next = w->pendings;
		if (p->next)
			p->next->prev = p;
		w->pendings = p;
		pthread_mutex_unlock(&w->mu);
		on_done(p, resp);
		return;
	}
	if (req->kind == WREQ_SOURCES_UPLOAD) {
		hr->on_progress = on_progress;
		hr->progress_ud = p;
	}
	if (trace_enabled()) {
		char *what = describe_url(hr->method, hr->url);
		trace_event("sent id=%lu kind=%s req=\"%s\"", req->id, wreq_kind_name(req->kind), what);
		free(what);
	}
	pthread_mutex_lock(&w->mu);
	p->next = w->pendings;
	if (p->next)
		p->next->prev = p;
	w->pendings = p;
	pthread_mutex_unlock(&w->mu);
	http_submit(w->http, hr, on_done, p);
}

/* Cancels the transfers of watches replaced or dropped since they were
 * sent, when that costs no connection, or when the answer may be large
 * (a log): a small answer already on the wire is cheaper to let finish
 * (and drop) than to reconnect for. Worker thread, lock held (dropped
 * while http runs). */
static void cancel_stale_locked(struct worker *w)
{
	w->cancel_due = false;
	size_t ngone = w->ngone; /* owners added meanwhile wait for the next pass */
	struct pending *p = w->pendings;
	while (p) {
		struct pending *next = p->next;
		const struct watch *wa = p->watch >= 0 ? &w->watches[p->watch] : NULL;
		bool orphan = false;
		for (size_t i = 0; !wa && i < ngone && !wreq_kind_writes(p->req->kind); i++)
			orphan |= p->req->owner == w->gone[i];
		if (orphan || (wa && (wa->gen != p->gen || !wa->req))) {
			pthread_mutex_unlock(&w->mu);
			/* Only this thread completes transfers, so p stays valid. */
			bool gone = http_cancel(w->http, p, p->req->kind == WREQ_LOGS);
			if (gone)
				trace_event("cancelled id=%lu kind=%s", p->req->id, wreq_kind_name(p->req->kind));
			pthread_mutex_lock(&w->mu);
			if (gone && p->watch >= 0) {
				struct watch *ws = &w->watches[p->watch];
				if (ws->stale > 0)
					ws->stale--;
			}
			if (gone) {
				pending_unlink(w, p);
				w->in_flight--;
				wreq_free(p->req);
				free(p);
			}
		}
		p = next;
	}
	if (ngone) {
		w->ngone -= ngone;
		memmove(w->gone, w->gone + ngone, w->ngone * sizeof(*w->gone));
	}
}

struct to_issue {
	struct wreq *req;
	int watch;
	unsigned gen;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct to_issue *batch = NULL;
	size_t cap = 0;

	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		if (w->cancel_due)
			cancel_stale_locked(w);
		long long now = now_ms();
		long long next = now + 60000;
		size_t n = 0;
		size_t want = w->nq + WATCH_COUNT;
		if (want > cap) {
			cap = want;
			batch = xrealloc(batch, cap * sizeof *batch);
		}
		for (size_t i = 0; i < w->nq; i++)
			batch[n++] = (struct to_issue){w->queue[i], -1, 0};
		w->nq = 0;
		for (int s = 0; s < WATCH_COUNT; s++) {
			struct watch *wa = &w->watches[s];
			if (!wa->req || wa->in_flight || wa->stale)
				continue;
			if (wa->next_ms <= now) {
				struct wreq *r = wreq_dup(wa->req);
				r->id = ++w->next_id;
				wa->in_flight = true;
				batch[n++] = (struct to_issue){r, s, wa->gen};
			} else if (wa->next_ms < next) {
				next = wa->next_ms;
			}
		}
		w->in_flight += n;
		pthread_mutex_unlock(&w->mu);

		for (size_t i = 0; i < n; i++)
			issue(w, batch[i].req, batch[i].watch, batch[i].gen);
		long long wait = next - now_ms();
		http_run(w->http, n ? 0 : (int)(wait < 0 ? 0 : wait));

		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	free(batch);
	return NULL;
}

struct worker *worker_new(struct http_client *http, const char *base_url, int wake_fd)
{
	struct worker *w = xcalloc(1, sizeof *w);
	pthread_mutex_init(&w->mu, NULL);
	w->http = http;
	w->base_url = xstrdup(base_url);
	w->wake_fd = wake_fd;
	w->rng = (unsigned long long)now_ms() * 0x9E3779B97F4A7C15ULL ^ (unsigned long long)getpid();
	if (!w->rng)
		w->rng = 1;
	return w;
}

int worker_start(struct worker *w)
{
	/* The UI thread takes every signal (its poll loop turns them into
	 * events); the worker and curl's resolver threads must not. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return -1;
	w->started = true;
	return 0;
}

void worker_free(struct worker *w)
{
	if (!w)
		return;
	if (w->started) {
		pthread_mutex_lock(&w->mu);
		w->stop = true;
		pthread_mutex_unlock(&w->mu);
		http_wakeup(w->http);
		pthread_join(w->thread, NULL);
	}
	/* Freeing the client abandons its transfers; if it reports them
	 * through on_done, they leave the pending list themselves. */
	http_client_free(w->http);
	while (w->pendings) {
		struct pending *p = w->pendings;
		w->pendings = p->next;
		wreq_free(p->req);
		free(p);
	}
	for (size_t i = 0; i < w->nq; i++)
		wreq_free(w->queue[i]);
	free(w->queue);
	free(w->gone);
	for (size_t i = 0; i < w->nres; i++)
		wresult_free(w->results[w->rhead + i]);
	free(w->results);
	for (int s = 0; s < WATCH_COUNT; s++)
		wreq_free(w->watches[s].req);
	free(w->base_url);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

unsigned long worker_submit(struct worker *w, struct wreq *req)
{
	pthread_mutex_lock(&w->mu);
	unsigned long id = req->id = ++w->next_id;
	if (w->nq == w->capq) {
		w->capq = w->capq ? w->capq * 2 : 8;
		w->queue = xrealloc(w->queue, w->capq * sizeof *w->queue);
	}
	w->queue[w->nq++] = req;
	pthread_mutex_unlock(&w->mu);
	http_wakeup(w->http);
	return id;
}

/* Drops queued results of slot (caller holds the lock). */
static void drop_results_locked(struct worker *w, int slot)
{
	size_t keep = 0;
	for (size_t i = 0; i < w->nres; i++) {
		struct wresult *r = w->results[w->rhead + i];
		if (r->watch == slot)
			wresult_free(r);
		else
			w->results[w->rhead + keep++] = r;
	}
	w->nres = keep;
}

/* A watch is replaced or dropped: its request in flight becomes stale
 * (cancelled, or awaited; caller holds the lock). */
static void retire_locked(struct worker *w, struct watch *wa)
{
	wa->gen++;
	if (wa->in_flight) {
		wa->stale++;
		w->cancel_due = true;
	}
	wa->in_flight = false;
	wa->attempt = 0;
}

void worker_watch(struct worker *w, enum watch_slot slot, struct wreq *req, int interval_ms)
{
	worker_watch_after(w, slot, req, interval_ms, 0);
}

void worker_watch_after(struct worker *w, enum watch_slot slot, struct wreq *req, int interval_ms, int first_ms)
{
	if ((unsigned)slot >= WATCH_COUNT) {
		wreq_free(req);
		return;
	}
	pthread_mutex_lock(&w->mu);
	struct watch *wa = &w->watches[slot];
	wreq_free(wa->req);
	wa->req = req;
	wa->interval_ms = interval_ms > 0 ? interval_ms : 1000;
	wa->next_ms = first_ms > 0 ? now_ms() + first_ms : 0;
	retire_locked(w, wa);
	drop_results_locked(w, slot);
	pthread_mutex_unlock(&w->mu);
	http_wakeup(w->http);
}

void worker_unwatch(struct worker *w, enum watch_slot slot)
{
	if ((unsigned)slot >= WATCH_COUNT)
		return;
	pthread_mutex_lock(&w->mu);
	struct watch *wa = &w->watches[slot];
	wreq_free(wa->req);
	wa->req = NULL;
	retire_locked(w, wa);
	drop_results_locked(w, slot);
	pthread_mutex_unlock(&w->mu);
	http_wakeup(w->http);
}

void worker_forget_owner(struct worker *w, unsigned long owner)
{
	if (!owner)
		return;
	pthread_mutex_lock(&w->mu);
	size_t keep = 0;
	for (size_t i = 0; i < w->nq; i++) {
		struct wreq *r = w->queue[i];
		if (r->owner == owner && !wreq_kind_writes(r->kind))
			wreq_free(r);
		else
			w->queue[keep++] = r;
	}
	w->nq = keep;
	w->gone = xrealloc(w->gone, (w->ngone + 1) * sizeof(*w->gone));
	w->gone[w->ngone++] = owner;
	w->cancel_due = true;
	pthread_mutex_unlock(&w->mu);
	http_wakeup(w->http);
}

void worker_set_interval(struct worker *w, enum watch_slot slot, int interval_ms)
{
	if ((unsigned)slot >= WATCH_COUNT || interval_ms <= 0)
		return;
	pthread_mutex_lock(&w->mu);
	struct watch *wa = &w->watches[slot];
	if (wa->req && wa->interval_ms != interval_ms) {
		/* A shorter interval takes effect now rather than after the old
		 * one runs out (while healthy; backoff keeps its own schedule). */
		if (wa->attempt == 0 && !wa->in_flight) {
			long long due = wa->next_ms - wa->interval_ms + interval_ms;
			if (due < wa->next_ms)
				wa->next_ms = due;
		}
		wa->interval_ms = interval_ms;
	}
	pthread_mutex_unlock(&w->mu);
	http_wakeup(w->http);
}

void worker_refresh(struct worker *w, int slot)
{
	pthread_mutex_lock(&w->mu);
	for (int s = 0; s < WATCH_COUNT; s++) {
		if (slot >= 0 && s != slot)
			continue;
		w->watches[s].next_ms = 0;
		w->watches[s].attempt = 0;
	}
	pthread_mutex_unlock(&w->mu);
	http_wakeup(w->http);
}

struct wresult *worker_take(struct worker *w)
{
	struct wresult *r = NULL;
	pthread_mutex_lock(&w->mu);
	if (w->nres > 0) {
		r = w->results[w->rhead++];
		if (--w->nres == 0)
			w->rhead = 0;
	}
	pthread_mutex_unlock(&w->mu);
	return r;
}

size_t worker_busy(struct worker *w)
{
	pthread_mutex_lock(&w->mu);
	size_t n = w->nq + w->in_flight;
	for (int s = 0; s < WATCH_COUNT; s++)
		if (w->watches[s].req && !w->watches[s].in_flight && w->watches[s].next_ms == 0)
			n++;
	pthread_mutex_unlock(&w->mu);
	return n;
}

const char *worker_op_id(const struct worker *w)
{
	return http_client_op_id(w->http);
}
