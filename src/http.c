#include "http.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include "http_fail.h"
#include "transport.h"

#ifndef VDKTOP_VERSION
#define VDKTOP_VERSION "dev"
#endif

#define MiB (1024u * 1024u)

static CURLM *lane_new(void)
{
	CURLM *m = curl_multi_init();
	if (!m)
		return NULL;
	/* Every request goes to the one service: queue them on keep-alive
	 * connections rather than open one per overlapping request. */
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)HTTP_HOST_CONNECTIONS);
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)HTTP_HOST_CONNECTIONS);
	return m;
}

static pthread_once_t global_once = PTHREAD_ONCE_INIT;

static void global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void http_global_init(void)
{
	pthread_once(&global_once, global_init);
}

/* ---- the client --------------------------------------------------------- */

struct transfer {
	struct http_client *c;
	CURL *easy;
	struct http_request *req;
	struct http_response *resp;
	CURLM *lane;              /* the multi handle easy joined, NULL before */
	struct curl_slist *headers;
	http_done_fn done;
	void *ud;
	bool sent_auth;
	bool retried;
	bool waiting;             /* for a token refresh; no easy handle yet */
	unsigned long token_gen;  /* of the token sent */
	size_t header_bytes;    /* of this attempt, all responses */
	bool header_too_large;  /* over HTTP_MAX_HEADER: the transfer was stopped */
	bool in_headers;        /* a status line came, the blank line not yet */
	bool stream_refused;    /* the body's reader refused the answer */
	bool paused;            /* bulk: this turn's share handed over, curl holds the rest */
	size_t turn_bytes;      /* bulk: body bytes handed over in this turn of the loop */
	long long start_ms;
	char errbuf[CURL_ERROR_SIZE];
	struct transfer *prev, *next;
};

/* Two lanes, each a multi handle with its own connection cache: the polls
 * and writes share one keep-alive connection in multi; bulk transfers go
 * in bulk (made on first use), one connection at a time, each closed when
 * its transfer ends, so an idle session holds one connection and a poll
 * never queues behind a 100 MB answer. The worker waits on multi (which
 * http_wakeup interrupts) with bulk's sockets added. */
struct http_client {
	CURLM *multi;
	CURLM *bulk;
	size_t bulk_in_flight;    /* transfers joined to bulk */
	size_t bulk_paused;       /* of those, paused until the next turn */
	size_t bulk_turn_max;     /* the most body bytes one turn handed over */
	struct http_options opt;
	char *ca_file;
	char *user_agent;
	struct http_token_provider tokens;
	bool has_tokens;
	bool subscribed;          /* tokens_ready registered with the provider */
	void (*gate)(void *ud);   /* a bulk answer's pieces wait for it (http_client_set_gate) */
	void *gate_ud;
	struct transfer *head;
	size_t in_flight;
	size_t waiting;           /* transfers waiting for a token */
	long connects;
	atomic_bool woken;
	/* The client another thread drives (http_client_twin), made once
	 * and freed with this one; read by tokens_ready on any thread. */
	_Atomic(struct http_client *) twin;
};

/* The token provider's "refresh ended" (any thread): the waiting
 * transfers are looked at again on the next pass of the loop, the
 * twin's too (the provider takes one subscriber). */
static void tokens_ready(void *arg)
{
	struct http_client *c = arg;
	curl_multi_wakeup(c->multi);
	struct http_client *twin = atomic_load(&c->twin);
	if (twin)
		curl_multi_wakeup(twin->multi);
}

/* subscribe: this client is the one the token provider tells when a
 * refresh ends (a twin hears of it through its parent). */
static struct http_client *client_make(const struct http_options *opt, const struct http_token_provider *tokens,
				       bool subscribe)
{
	http_global_init();
	(void)http_op_id();
	struct http_client *c = xcalloc(1, sizeof(*c));
	c->multi = lane_new();
	if (!c->multi) {
		free(c);
		return NULL;
	}
	if (opt)
		c->opt = *opt;
	if (c->opt.connect_timeout_ms <= 0)
		c->opt.connect_timeout_ms = 10000;
	if (c->opt.timeout_ms <= 0)
		c->opt.timeout_ms = 30000;
	if (c->opt.max_body == 0)
		c->opt.max_body = 64 * MiB;
	if (c->opt.bulk_turn_bytes == 0)
		c->opt.bulk_turn_bytes = HTTP_BULK_TURN_BYTES;
	c->ca_file = xstrdup(c->opt.ca_file);
	c->opt.ca_file = c->ca_file;
	c->user_agent = c->opt.user_agent ? xstrdup(c->opt.user_agent) : xstrdup("vdktop/" VDKTOP_VERSION);
	c->opt.user_agent = c->user_agent;
	atomic_init(&c->woken, false);
	atomic_init(&c->twin, NULL);
	if (tokens && tokens->get) {
		c->tokens = *tokens;
		c->has_tokens = true;
		c->subscribed = subscribe && c->tokens.subscribe;
		if (c->subscribed)
			c->tokens.subscribe(c->tokens.ud, tokens_ready, c);
	}
	return c;
}

struct http_client *http_client_new(const struct http_options *opt, const struct http_token_provider *tokens)
{
	return client_make(opt, tokens, true);
}

void http_client_set_gate(struct http_client *c, void (*gate)(void *ud), void *ud)
{
	c->gate = gate;
	c->gate_ud = ud;
}

struct http_client *http_client_twin(struct http_client *c)
{
	struct http_client *twin = atomic_load(&c->twin);
	if (!twin) {
		twin = client_make(&c->opt, c->has_tokens ? &c->tokens : NULL, false);
		atomic_store(&c->twin, twin);
	}
	return twin;
}

size_t http_in_flight(const struct http_client *c)
{
	return c->in_flight;
}

size_t http_bulk_turn_max(const struct http_client *c)
{
	return c->bulk_turn_max;
}

long http_connects(const struct http_client *c)
{
	return c->connects;
}

void http_wakeup(struct http_client *c)
{
	atomic_store(&c->woken, true);
	curl_multi_wakeup(c->multi);
}

/* The Authorization header lives in the slist: wipe it before freeing so
 * the token does not linger in freed heap memory. */
static void headers_free(struct curl_slist *h)
{
	for (struct curl_slist *p = h; p; p = p->next)
		if (p->data)
			explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

static void transfer_free(struct transfer *t)
{
	if (t->easy)
		curl_easy_cleanup(t->easy);
	headers_free(t->headers);
	http_request_free(t->req);
	http_response_free(t->resp);
	free(t);
}

void http_client_free(struct http_client *c)
{
	if (!c)
		return;
	/* First: no refresh may wake a multi handle that is going away. */
	if (c->subscribed)
		c->tokens.subscribe(c->tokens.ud, NULL, NULL);
	http_client_free(atomic_load(&c->twin));
	struct transfer *t = c->head;
	while (t) {
		struct transfer *next = t->next;
		if (t->lane)
			curl_multi_remove_handle(t->lane, t->easy);
		transfer_free(t);
		t = next;
	}
	if (c->bulk)
		curl_multi_cleanup(c->bulk);
	curl_multi_cleanup(c->multi);
	free(c->ca_file);
	free(c->user_agent);
	free(c);
}

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	struct transfer *t = ud;
	struct http_response *resp = t->resp;
	size_t len = size * n;
	if (resp->too_large || t->stream_refused)
		return 0;
	if (t->lane && t->lane == t->c->bulk && t->c->gate)
		t->c->gate(t->c->gate_ud);
	if (t->lane && t->lane == t->c->bulk) {
		/* A turn of the loop hands over at most bulk_turn_bytes of a
		 * bulk answer; curl keeps the rest for the next turn. Its
		 * decoding runs on this thread, and a poll's answer that came
		 * meanwhile waits for the turn to end. */
		if (t->turn_bytes >= t->c->opt.bulk_turn_bytes) {
			t->paused = true;
			t->c->bulk_paused++;
			return CURL_WRITEFUNC_PAUSE;
		}
		t->turn_bytes += len;
		if (t->turn_bytes > t->c->bulk_turn_max)
			t->c->bulk_turn_max = t->turn_bytes;
	}
	/* The cap counts decoded bytes, so a small gzip bomb is caught too. */
	if (resp->body_bytes + len > t->c->opt.max_body) {
		resp->too_large = true;
		return 0;
	}
	resp->body_bytes += len;
	const struct http_stream_ops *ops = t->req->stream;
	long status = 0;
	if (ops && !resp->stream)
		curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	if (ops && (resp->stream || (status >= 200 && status <= 299))) {
		if (!resp->stream) {
			bool bulk = t->lane && t->lane == t->c->bulk && t->c->gate;
			resp->stream = ops->open(t->req->stream_param,
						 bulk ? &(struct http_gate){t->c->gate, t->c->gate_ud} : NULL);
			resp->stream_ops = ops;
		}
		if (!ops->write(resp->stream, data, len)) {
			t->stream_refused = true;
			return 0;
		}
		return len;
	}
	strbuf_append(&resp->body, data, len);
	return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
	struct transfer *t = ud;
	size_t len = size * n;
	t->header_bytes += len;
	if (t->header_bytes > HTTP_MAX_HEADER) {
		t->header_too_large = true;
		return 0;
	}
	if (len <= 2 && (len == 0 || data[0] == '\r' || data[0] == '\n'))
		t->in_headers = false;
	if (len >= 5 && strncasecmp(data, "HTTP/", 5) == 0) {
		/* A new response begins (after a 100 Continue): forget the
		 * previous one's headers. */
		free(t->resp->location);
		t->resp->location = NULL;
		t->in_headers = true;
	} else if (len > 9 && strncasecmp(data, "location:", 9) == 0) {
		const char *v = data + 9, *end = data + len;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
			end--;
		free(t->resp->location);
		t->resp->location = xstrndup(v, (size_t)(end - v));
	}
	return len;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct transfer *t = ud;
	if (t->req->on_progress && ultotal > 0)
		t->req->on_progress(t->req->progress_ud, (long long)ulnow, (long long)ultotal);
	return 0;
}

static void header_add(struct transfer *t, const char *name, const char *value)
{
	char *h = xasprintf("%s: %s", name, value);
	t->headers = curl_slist_append(t->headers, h);
	explicit_bzero(h, strlen(h));
	free(h);
}

/* Asks the token provider first: a transfer whose token is being renewed
 * waits (t->waiting, no easy handle) and is started again by
 * resume_waiting. Returns 0 (started or waiting), or -1 with *why
 * (owned): deliver it as the transfer's failure. */
static int transfer_start(struct transfer *t, char **why)
{
	struct http_client *c = t->c;
	struct http_request *r = t->req;
	char *tok = NULL;
	if (c->has_tokens) {
		char *terr = NULL;
		switch (c->tokens.get(c->tokens.ud, t->waiting, &tok, &t->token_gen, &terr)) {
		case HTTP_TOKEN_WAIT:
			if (!t->waiting)
				c->waiting++;
			t->waiting = true;
			return 0;
		case HTTP_TOKEN_FAILED:
			*why = terr ? terr : xstrdup("no token: the token refresh failed");
			return -1;
		case HTTP_TOKEN_READY:
		case HTTP_TOKEN_NONE:
			free(terr);
			break;
		}
	}
	if (t->waiting)
		c->waiting--;
	t->waiting = false;
	CURL *e = curl_easy_init();
	if (!e) {
		if (tok) {
			explicit_bzero(tok, strlen(tok));
			free(tok);
		}
		*why = xstrdup("could not start the request");
		return -1;
	}
	t->easy = e;
	t->errbuf[0] = '\0';
	t->header_bytes = 0;
	t->header_too_large = t->in_headers = t->stream_refused = false;
	t->start_ms = now_ms();
	headers_free(t->headers);
	t->headers = NULL;

	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
	transport_easy_setup(e, r->url, c->ca_file, c->opt.insecure);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->opt.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->opt.timeout_ms);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->opt.max_body);
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
	if (r->on_progress) {
		curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(e, CURLOPT_XFERINFODATA, t);
	}

	switch (r->method) {
	case HTTP_GET:
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
		break;
	case HTTP_POST:
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		break;
	default:
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, http_method_name(r->method));
		break;
	}
	if (r->method != HTTP_GET && (r->body || r->method != HTTP_DELETE)) {
		/* PUT/PATCH/POST always carry a Content-Length, even 0. */
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(r->body ? r->body_len : 0));
	}

	header_add(t, "Accept", r->accept ? r->accept : "application/json");
	if (r->body)
		header_add(t, "Content-Type", r->content_type ? r->content_type : "application/json");
	else if (r->method != HTTP_GET && r->method != HTTP_DELETE)
		/* Keep curl from labelling an empty body as a form. */
		t->headers = curl_slist_append(t->headers, "Content-Type:");
	header_add(t, "X-OPID", http_op_id());
	/* A large upload must not wait for a 100 Continue the server may
	 * never send. */
	t->headers = curl_slist_append(t->headers, "Expect:");
	t->sent_auth = tok != NULL;
	if (tok) {
		char *h = xasprintf("Bearer %s", tok);
		header_add(t, "Authorization", h);
		explicit_bzero(h, strlen(h));
		free(h);
		explicit_bzero(tok, strlen(tok));
		free(tok);
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);

	CURLM *lane = c->multi;
	if (r->bulk) {
		/* Closed once done: the next bulk transfer may be a long way
		 * off, and an idle session keeps one connection. */
		curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
		/* curl reads up to a hundred buffers per turn while data is
		 * waiting: with gzip, 16 KiB ones made a turn 15 MB to decode
		 * and tens of ms a poll's answer waited behind; 1 KiB ones cost
		 * the download nothing measurable on loopback. */
		curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 1024L);
		if (!c->bulk)
			c->bulk = lane_new();
		lane = c->bulk;
	}
	if (!lane || curl_multi_add_handle(lane, e) != CURLM_OK) {
		*why = xstrdup("could not start the request");
		return -1;
	}
	t->lane = lane;
	if (lane == c->bulk)
		c->bulk_in_flight++;
	return 0;
}

/* Takes t's easy handle out of its lane (the transfer stays linked). */
static void transfer_leave_lane(struct transfer *t)
{
	if (!t->lane)
		return;
	curl_multi_remove_handle(t->lane, t->easy);
	if (t->lane == t->c->bulk)
		t->c->bulk_in_flight--;
	if (t->paused)
		t->c->bulk_paused--;
	t->paused = false;
	t->lane = NULL;
}

static void unlink_transfer(struct transfer *t)
{
	struct http_client *c = t->c;
	if (t->waiting)
		c->waiting--;
	t->waiting = false;
	if (t->prev)
		t->prev->next = t->next;
	else
		c->head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	c->in_flight--;
}

/* An easy handle that never joined the multi handle. */
static void transfer_abandon_easy(struct transfer *t)
{
	if (t->easy) {
		curl_easy_cleanup(t->easy);
		t->easy = NULL;
	}
}

static void deliver_error(struct transfer *t, char *text)
{
	struct http_response *resp = t->resp;
	resp->status = 0;
	resp->transport_error = text;
	t->resp = NULL;
	unlink_transfer(t);
	http_done_fn done = t->done;
	void *ud = t->ud;
	transfer_free(t);
	done(ud, resp);
}

/* Returns true when done ran (false: the transfer went out again). */
static bool transfer_finish(struct transfer *t, CURLcode rc)
{
	struct http_client *c = t->c;
	struct http_response *resp = t->resp;
	long status = 0, nconn = 0, os_errno = 0;
	char *ctype = NULL;
	curl_easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &os_errno);
	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &nconn);
	curl_easy_getinfo(t->easy, CURLINFO_CONTENT_TYPE, &ctype);
	c->connects += nconn;
	resp->elapsed_ms = now_ms() - t->start_ms;
	resp->curl_code = (int)rc;
	free(resp->content_type);
	resp->content_type = xstrdup(ctype);
	transfer_leave_lane(t);
	curl_easy_cleanup(t->easy);
	t->easy = NULL;

	/* The token may have been revoked or expired early: renew it once
	 * and repeat the request once, when the token has a renewal. */
	if (rc == CURLE_OK && status == 401 && !t->retried && t->sent_auth && c->tokens.rejected &&
	    c->tokens.rejected(c->tokens.ud, t->token_gen)) {
		t->retried = true;
		http_response_clear(resp);
		char *why = NULL;
		if (transfer_start(t, &why) == 0)
			return false;
		transfer_abandon_easy(t);
		deliver_error(t, why);
		return true;
	}

	/* A reader that refused the answer is no failure of the transport:
	 * the parser says what is wrong with it, from the reader. */
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && t->stream_refused)) {
		resp->status = resp->too_large ? status : 0;
		struct http_failure f = {
			.code = (int)rc,
			.os_errno = os_errno,
			.errbuf = t->errbuf,
			.url = t->req->url,
			.opt = &c->opt,
			.header_too_large = t->header_too_large,
			.in_headers = t->in_headers,
			.body_too_large = resp->too_large,
		};
		resp->transport_error = http_failure_text(&f);
		if (rc == CURLE_FILESIZE_EXCEEDED)
			resp->too_large = true;
	} else {
		resp->status = status;
	}
	strbuf_append(&resp->body, "", 0);
	t->resp = NULL;
	unlink_transfer(t);
	http_done_fn done = t->done;
	void *ud = t->ud;
	transfer_free(t);
	done(ud, resp);
	return true;
}

void http_submit(struct http_client *c, struct http_request *req, http_done_fn done, void *ud)
{
	struct transfer *t = xcalloc(1, sizeof(*t));
	t->c = c;
	t->req = req;
	t->done = done;
	t->ud = ud;
	t->resp = xmalloc(sizeof(*t->resp));
	http_response_init(t->resp);
	t->next = c->head;
	if (c->head)
		c->head->prev = t;
	c->head = t;
	c->in_flight++;
	char *why = NULL;
	if (transfer_start(t, &why) != 0) {
		/* A broken curl or a failed token refresh; report it like any
		 * failure, from http_run's thread as documented, by failing now. */
		transfer_abandon_easy(t);
		deliver_error(t, why);
	}
}

/* Starts the transfers that waited for a token, now that a refresh may
 * have ended; returns how many failed (their done ran). */
static int resume_waiting(struct http_client *c)
{
	if (c->waiting == 0)
		return 0;
	int failed = 0;
	struct transfer *t = c->head;
	while (t) {
		struct transfer *next = t->next;
		char *why = NULL;
		if (t->waiting && transfer_start(t, &why) != 0) {
			transfer_abandon_easy(t);
			deliver_error(t, why);
			failed++;
		}
		t = next;
	}
	return failed;
}

bool http_cancel(struct http_client *c, void *ud, bool under_way)
{
	for (struct transfer *t = c->head; t; t = t->next) {
		if (t->ud != ud)
			continue;
		curl_off_t sent_at = 0;
		if (t->easy)
			curl_easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME_T, &sent_at);
		if (sent_at > 0 && !under_way)
			return false;
		if (t->easy) {
			long nconn = 0;
			curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &nconn);
			c->connects += nconn;
			transfer_leave_lane(t);
		}
		unlink_transfer(t);
		transfer_free(t);
		return true;
	}
	return false;
}

static int drain_lane(CURLM *lane)
{
	int completed = 0, left;
	CURLMsg *m;
	while ((m = curl_multi_info_read(lane, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		struct transfer *t = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
		if (t && transfer_finish(t, m->data.result))
			completed++;
	}
	return completed;
}

/* A new turn: each bulk transfer may hand over bulk_turn_bytes again, and
 * one paused for its share goes on (curl hands it what it kept first). */
static void bulk_new_turn(struct http_client *c)
{
	for (struct transfer *t = c->head; t; t = t->next) {
		if (!t->lane || t->lane != c->bulk)
			continue;
		t->turn_bytes = 0;
		if (t->paused) {
			t->paused = false;
			c->bulk_paused--;
			curl_easy_pause(t->easy, CURLPAUSE_CONT);
		}
	}
}

/* Moves both lanes on and delivers what completed; returns how many. A
 * poll answered meanwhile is delivered before the bulk lane's turn, which
 * hands over at most bulk_turn_bytes of a large answer to decode. */
static int perform(struct http_client *c)
{
	int running = 0;
	curl_multi_perform(c->multi, &running);
	int done = drain_lane(c->multi);
	if (c->bulk) {
		bulk_new_turn(c);
		curl_multi_perform(c->bulk, &running);
		done += drain_lane(c->bulk);
	}
	return done;
}

/* The sockets the bulk lane waits on, as extra descriptors for a poll on
 * the shared lane; *timeout_ms is shortened to the bulk lane's own
 * timer. Returns how many were set in *fds (owned by the caller). */
static unsigned bulk_waitfds(struct http_client *c, struct curl_waitfd **fds, int *timeout_ms)
{
	*fds = NULL;
	if (!c->bulk || c->bulk_in_flight == 0)
		return 0;
	long t = -1;
	curl_multi_timeout(c->bulk, &t);
	fd_set rd, wr, ex;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_ZERO(&ex);
	int maxfd = -1;
	curl_multi_fdset(c->bulk, &rd, &wr, &ex, &maxfd);
	/* No socket to wait on yet (a name being resolved): curl asks to
	 * look again soon. */
	if (maxfd < 0 && (t < 0 || t > 100))
		t = 100;
	if (t >= 0 && t < *timeout_ms)
		*timeout_ms = (int)t;
	unsigned n = 0;
	for (int fd = 0; fd <= maxfd; fd++)
		n += FD_ISSET(fd, &rd) || FD_ISSET(fd, &wr) || FD_ISSET(fd, &ex);
	if (n == 0)
		return 0;
	*fds = xcallocarray(n, sizeof(**fds));
	unsigned i = 0;
	for (int fd = 0; fd <= maxfd && i < n; fd++) {
		short ev = (short)((FD_ISSET(fd, &rd) ? CURL_WAIT_POLLIN : 0) | (FD_ISSET(fd, &wr) ? CURL_WAIT_POLLOUT : 0) |
				   (FD_ISSET(fd, &ex) ? CURL_WAIT_POLLPRI : 0));
		if (ev)
			(*fds)[i++] = (struct curl_waitfd){.fd = fd, .events = ev};
	}
	return i;
}

/* Waits on both lanes at once for at most timeout_ms; http_wakeup ends it. */
static void wait_lanes(struct http_client *c, int timeout_ms)
{
	struct curl_waitfd *extra;
	unsigned n = bulk_waitfds(c, &extra, &timeout_ms);
	/* A paused bulk transfer has data in hand: only look at the polls. */
	if (c->bulk_paused > 0)
		timeout_ms = 0;
	curl_multi_poll(c->multi, extra, n, timeout_ms, NULL);
	free(extra);
}

/* consume_wake: http_run reports a wakeup by returning; http_perform
 * must leave it for the caller's own loop. */
static bool run_once(struct http_client *c, int timeout_ms, bool consume_wake, bool *woke)
{
	int failed = resume_waiting(c);
	if (perform(c) + failed > 0)
		return true;
	if (consume_wake && atomic_exchange(&c->woken, false)) {
		*woke = true;
		return true;
	}
	if (timeout_ms <= 0)
		return false;
	wait_lanes(c, timeout_ms);
	failed = resume_waiting(c);
	return perform(c) + failed > 0;
}

void http_run(struct http_client *c, int timeout_ms)
{
	long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		bool woke = false;
		long long left = deadline - now_ms();
		if (run_once(c, left > 0 ? (int)left : 0, true, &woke) || woke)
			return;
		if (atomic_exchange(&c->woken, false))
			return;
		if (deadline - now_ms() <= 0)
			return;
	}
}

struct sync_wait {
	bool done;
	struct http_response *resp;
};

static void sync_done(void *ud, struct http_response *resp)
{
	struct sync_wait *w = ud;
	w->resp = resp;
	w->done = true;
}

int http_perform(struct http_client *c, const struct http_request *req, struct http_response *resp)
{
	struct sync_wait w = {false, NULL};
	http_submit(c, http_request_dup(req), sync_done, &w);
	while (!w.done) {
		bool woke = false;
		run_once(c, 1000, false, &woke);
	}
	*resp = *w.resp;
	free(w.resp);
	return resp->status == 0 || resp->too_large ? -1 : 0;
}
