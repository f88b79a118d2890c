/* The background threads: one-shot queues, watch slots, the result
 * mailbox, and the transfers handed to http. What each request kind
 * sends and how its answer is parsed is in worker_api.c. */
#include "worker.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "trace.h"
#include "worker_priv.h"

#define BACKOFF_CAP_MS 60000
/* The bulk lane's thread runs at this nice value (Linux: per thread): on
 * a busy machine a poll's answer, and the UI, go first. */
#define BULK_NICE 10
/* How long the bulk lane waits for a poll just sent (bulk_give_way). */
#define GIVE_WAY_MS 20
#define PROGRESS_EVERY_MS 100

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
	struct lane *lane;
	struct wreq *req;
	int watch;
	unsigned gen;
	long long sent_ms;
	long long last_progress_ms;
	struct pending *prev, *next;
};

/* A thread and the http client it drives. The shared lane carries the
 * watches and every small request on one keep-alive connection; the bulk
 * lane (a log as it loads, a sources upload, a keytab) runs on a thread
 * of its own with its own client, so a poll's answer never waits while a
 * large answer is decoded. Fields are under the worker's lock unless
 * said otherwise. */
enum { LANE_SHARED, LANE_BULK, LANE_COUNT };

struct lane {
	struct worker *w;
	struct http_client *http; /* shared: the worker's; bulk: its twin */
	pthread_t thread;
	bool started;
	bool cancel_due;        /* a watch was replaced or dropped, or an owner went */
	unsigned long *gone;    /* owners whose reads in flight are to be cancelled */
	size_t ngone;
	/* One-shot requests waiting for the thread. */
	struct wreq **queue;
	size_t nq, capq;
	/* Transfers handed to http. */
	struct pending *pendings;
};

struct worker {
	pthread_mutex_t mu;
	pthread_cond_t shared_done; /* a shared lane's transfer ended */
	int give_way_ms;
	bool stop;
	struct http_client *http;
	struct lane lanes[LANE_COUNT];
	char *base_url;
	int wake_fd;
	unsigned long next_id;
	struct watch watches[WATCH_COUNT]; /* the shared lane's */
	/* Finished results, oldest first, from head. */
	struct wresult **results;
	size_t rhead, nres, capres;
	size_t in_flight;       /* transfers handed to http, both lanes */
	unsigned long long rng; /* shared lane's thread only */
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
			w->results = xreallocarray(w->results, w->capres, sizeof *w->results);
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

/* Lock held. */
static void pending_unlink(struct pending *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		p->lane->pendings = p->next;
	if (p->next)
		p->next->prev = p->prev;
	if (p->lane == &p->w->lanes[LANE_SHARED])
		pthread_cond_broadcast(&p->w->shared_done);
}

/* The bulk lane's gate, on its thread before each piece of a large answer
 * is handed over and decoded: while a request of the shared lane sent
 * less than give_way_ms ago is unanswered, the bulk lane waits for it.
 * On two cores the log's receiving and decoding, the service sending it
 * and the poll's own turn otherwise compete, and the poll's answer waits
 * for a core. An answer slower than that is the service's: the download
 * goes on meanwhile. */
static void bulk_give_way(void *ud)
{
	struct worker *w = ud;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		long long newest = -1;
		for (const struct pending *p = w->lanes[LANE_SHARED].pendings; p; p = p->next)
			if (p->sent_ms > newest)
				newest = p->sent_ms;
		long long until = newest + w->give_way_ms;
		if (newest < 0 || now_ms() >= until)
			break;
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		long long left = until - now_ms();
		ts.tv_sec += (time_t)(left / 1000);
		ts.tv_nsec += (long)(left % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->shared_done, &w->mu, &ts);
	}
	pthread_mutex_unlock(&w->mu);
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
	res->bytes = resp->body_bytes;
	char *what = trace_enabled() ? wreq_describe(res->req) : NULL;
	if (what)
		trace_event("answered id=%lu kind=%s status=%ld bytes=%zu ms=%lld req=\"%s\"", res->req->id,
			wreq_kind_name(res->req->kind), resp->status, resp->body_bytes, res->done_ms - res->sent_ms, what);
	wresult_parse(res, resp);
	if (what)
		trace_event("parsed id=%lu kind=%s ok=%d ms=%lld", res->req->id, wreq_kind_name(res->req->kind),
			res->ok, now_ms() - res->done_ms);
	free(what);
	http_response_free(resp);

	pthread_mutex_lock(&w->mu);
	pending_unlink(p);
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

/* Transfers that may be large go on their own connection: the log as it
 * loads, repairs or saves, a sources upload, a keytab. A watch's log
 * poll asks for a short tail and stays with the other polls. */
static bool is_bulk(const struct wreq *req, int watch)
{
	switch (req->kind) {
	case WREQ_LOGS:
		return watch < 0;
	case WREQ_SOURCES_UPLOAD:
	case WREQ_KEYTAB:
		return true;
	default:
		return false;
	}
}

static void pending_link_locked(struct pending *p)
{
	p->next = p->lane->pendings;
	if (p->next)
		p->next->prev = p;
	p->lane->pendings = p;
}

/* Hands req to the lane's http client (the lane's thread, lock not held). */
static void issue(struct lane *lane, struct wreq *req, int watch, unsigned gen)
{
	struct worker *w = lane->w;
	struct pending *p = xcalloc(1, sizeof *p);
	p->w = w;
	p->lane = lane;
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
		pending_link_locked(p);
		pthread_mutex_unlock(&w->mu);
		on_done(p, resp);
		return;
	}
	hr->bulk = is_bulk(req, watch);
	if (req->kind == WREQ_SOURCES_UPLOAD) {
		hr->on_progress = on_progress;
		hr->progress_ud = p;
	}
	if (trace_enabled()) {
		char *what = wreq_describe_url(hr->method, hr->url);
		trace_event("sent id=%lu kind=%s req=\"%s\"", req->id, wreq_kind_name(req->kind), what);
		free(what);
	}
	pthread_mutex_lock(&w->mu);
	pending_link_locked(p);
	pthread_mutex_unlock(&w->mu);
	http_submit(lane->http, hr, on_done, p);
}

/* Cancels the transfers of watches replaced or dropped since they were
 * sent, when that costs no connection, or when the answer may be large
 * (a log): a small answer already on the wire is cheaper to let finish
 * (and drop) than to reconnect for. The lane's thread, lock held
 * (dropped while http runs). */
static void cancel_stale_locked(struct lane *lane)
{
	struct worker *w = lane->w;
	lane->cancel_due = false;
	size_t ngone = lane->ngone; /* owners added meanwhile wait for the next pass */
	struct pending *p = lane->pendings;
	while (p) {
		struct pending *next = p->next;
		const struct watch *wa = p->watch >= 0 ? &w->watches[p->watch] : NULL;
		bool orphan = false;
		for (size_t i = 0; !wa && i < ngone && !wreq_kind_writes(p->req->kind); i++)
			orphan |= p->req->owner == lane->gone[i];
		if (orphan || (wa && (wa->gen != p->gen || !wa->req))) {
			pthread_mutex_unlock(&w->mu);
			/* Only this thread completes the lane's transfers, so p
			 * stays valid. */
			bool gone = http_cancel(lane->http, p, p->req->kind == WREQ_LOGS);
			if (gone)
				trace_event("cancelled id=%lu kind=%s", p->req->id, wreq_kind_name(p->req->kind));
			pthread_mutex_lock(&w->mu);
			if (gone && p->watch >= 0) {
				struct watch *ws = &w->watches[p->watch];
				if (ws->stale > 0)
					ws->stale--;
			}
			if (gone) {
				pending_unlink(p);
				w->in_flight--;
				wreq_free(p->req);
				free(p);
			}
		}
		p = next;
	}
	if (ngone) {
		lane->ngone -= ngone;
		memmove(lane->gone, lane->gone + ngone, lane->ngone * sizeof(*lane->gone));
	}
}

struct to_issue {
	struct wreq *req;
	int watch;
	unsigned gen;
};

/* A lane's thread: issues its one-shots (and, on the shared lane, the
 * watches that are due) and runs its http client until the next is due. */
static void *lane_main(void *arg)
{
	struct lane *lane = arg;
	struct worker *w = lane->w;
	bool watches = lane == &w->lanes[LANE_SHARED];
	/* Room for every watch from the start, so a pass never indexes an
	 * empty batch; the one-shot queue grows it below. */
	size_t cap = WATCH_COUNT;
	struct to_issue *batch = xcalloc(cap, sizeof *batch);
	/* Lowering one's own priority needs no privilege; where it fails
	 * the lane runs as before, only without precedence for the polls. */
	if (!watches)
		(void)setpriority(PRIO_PROCESS, (id_t)gettid(), BULK_NICE);

	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		if (lane->cancel_due)
			cancel_stale_locked(lane);
		long long now = now_ms();
		long long next = now + 60000;
		size_t n = 0;
		size_t want = lane->nq + WATCH_COUNT;
		if (want > cap) {
			cap = want;
			batch = xreallocarray(batch, cap, sizeof *batch);
		}
		for (size_t i = 0; i < lane->nq; i++)
			batch[n++] = (struct to_issue){lane->queue[i], -1, 0};
		lane->nq = 0;
		for (int s = 0; watches && s < WATCH_COUNT; s++) {
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
			issue(lane, batch[i].req, batch[i].watch, batch[i].gen);
		long long wait = next - now_ms();
		http_run(lane->http, n ? 0 : (int)(wait < 0 ? 0 : wait));

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
	pthread_cond_init(&w->shared_done, NULL);
	w->give_way_ms = GIVE_WAY_MS;
	w->http = http;
	for (int i = 0; i < LANE_COUNT; i++)
		w->lanes[i].w = w;
	w->lanes[LANE_SHARED].http = http;
	w->base_url = xstrdup(base_url);
	w->wake_fd = wake_fd;
	w->rng = (unsigned long long)now_ms() * 0x9E3779B97F4A7C15ULL ^ (unsigned long long)getpid();
	if (!w->rng)
		w->rng = 1;
	return w;
}

/* Stops and joins the lanes' threads that run. */
static void lanes_stop(struct worker *w)
{
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_mutex_unlock(&w->mu);
	for (int i = 0; i < LANE_COUNT; i++) {
		struct lane *lane = &w->lanes[i];
		if (!lane->started)
			continue;
		http_wakeup(lane->http);
		pthread_join(lane->thread, NULL);
		lane->started = false;
	}
}

int worker_start(struct worker *w)
{
	/* Made before any thread runs; freed with the shared client. */
	w->lanes[LANE_BULK].http = http_client_twin(w->http);
	if (!w->lanes[LANE_BULK].http)
		return -1;
	http_client_set_gate(w->lanes[LANE_BULK].http, bulk_give_way, w);
	/* The UI thread takes every signal (its poll loop turns them into
	 * events); the lanes' threads and curl's resolver threads must not. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = 0;
	for (int i = 0; i < LANE_COUNT && rc == 0; i++) {
		struct lane *lane = &w->lanes[i];
		rc = pthread_create(&lane->thread, NULL, lane_main, lane);
		lane->started = rc == 0;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		lanes_stop(w);
		return -1;
	}
	return 0;
}

void worker_free(struct worker *w)
{
	if (!w)
		return;
	lanes_stop(w);
	/* Freeing the client (and its twin) abandons their transfers; if it
	 * reports them through on_done, they leave the pending list
	 * themselves. */
	http_client_free(w->http);
	for (int i = 0; i < LANE_COUNT; i++) {
		struct lane *lane = &w->lanes[i];
		while (lane->pendings) {
			struct pending *p = lane->pendings;
			lane->pendings = p->next;
			wreq_free(p->req);
			free(p);
		}
		for (size_t j = 0; j < lane->nq; j++)
			wreq_free(lane->queue[j]);
		free(lane->queue);
		free(lane->gone);
	}
	for (size_t i = 0; i < w->nres; i++)
		wresult_free(w->results[w->rhead + i]);
	free(w->results);
	for (int s = 0; s < WATCH_COUNT; s++)
		wreq_free(w->watches[s].req);
	free(w->base_url);
	pthread_cond_destroy(&w->shared_done);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

unsigned long worker_submit(struct worker *w, struct wreq *req)
{
	struct lane *lane = &w->lanes[is_bulk(req, -1) ? LANE_BULK : LANE_SHARED];
	pthread_mutex_lock(&w->mu);
	unsigned long id = req->id = ++w->next_id;
	if (lane->nq == lane->capq) {
		lane->capq = lane->capq ? lane->capq * 2 : 8;
		lane->queue = xreallocarray(lane->queue, lane->capq, sizeof *lane->queue);
	}
	lane->queue[lane->nq++] = req;
	pthread_mutex_unlock(&w->mu);
	/* Before worker_start the bulk lane has no client yet: the request
	 * waits for its thread. */
	if (lane->http)
		http_wakeup(lane->http);
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
		w->lanes[LANE_SHARED].cancel_due = true;
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
	for (int l = 0; l < LANE_COUNT; l++) {
		struct lane *lane = &w->lanes[l];
		size_t keep = 0;
		for (size_t i = 0; i < lane->nq; i++) {
			struct wreq *r = lane->queue[i];
			if (r->owner == owner && !wreq_kind_writes(r->kind))
				wreq_free(r);
			else
				lane->queue[keep++] = r;
		}
		lane->nq = keep;
		lane->gone = xreallocarray(lane->gone, lane->ngone + 1, sizeof(*lane->gone));
		lane->gone[lane->ngone++] = owner;
		lane->cancel_due = true;
	}
	pthread_mutex_unlock(&w->mu);
	for (int l = 0; l < LANE_COUNT; l++)
		if (w->lanes[l].http)
			http_wakeup(w->lanes[l].http);
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

void worker_set_give_way(struct worker *w, int ms)
{
	pthread_mutex_lock(&w->mu);
	w->give_way_ms = ms > 0 ? ms : 0;
	pthread_mutex_unlock(&w->mu);
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
	size_t n = w->lanes[LANE_SHARED].nq + w->lanes[LANE_BULK].nq + w->in_flight;
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
