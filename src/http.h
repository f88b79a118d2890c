/* libcurl wrapper: one curl multi handle per client for the shared
 * keep-alive connection, and a second one for bulk transfers, used either
 * synchronously (http_perform) or driven by one thread of the worker
 * (http_submit + http_run; a twin client for another thread). Both paths share one code path so keep-alive,
 * gzip, the body cap, TLS options and headers are set in one place. */
#ifndef VDKTOP_HTTP_H
#define VDKTOP_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE };

const char *http_method_name(enum http_method m);

/* A 2xx answer's body handed on as it arrives instead of held whole (a
 * log can be a hundred megabytes): open makes the reader before the first
 * byte, write takes each piece (false refuses the answer: the transfer
 * stops, and the reader knows why), and the reader travels in
 * resp->stream to the parser; http_response_clear closes it. Called on
 * the thread that drives the transfer. Other answers fill resp->body. */
struct http_gate {
	void (*wait)(void *ud);
	void *ud;
};

/* open's gate is the bulk lane's (http_client_set_gate) for a bulk
 * transfer, else NULL: a reader that works on another thread waits for
 * it too, so that a poll just sent finds a free core. */
struct http_stream_ops {
	void *(*open)(size_t param, const struct http_gate *gate);
	bool (*write)(void *stream, const char *data, size_t len);
	void (*close)(void *stream);
};

struct http_request {
	enum http_method method;
	char *url;          /* absolute, already escaped; owned */
	char *body;         /* owned, may be NULL */
	size_t body_len;
	char *content_type; /* owned, may be NULL */
	char *accept;       /* owned, may be NULL ("application/json") */
	/* Upload progress for large bodies (sources zip); called on the
	 * thread that drives the transfer. */
	void (*on_progress)(void *ud, long long sent, long long total);
	void *progress_ud;
	const struct http_stream_ops *stream; /* NULL: the body is held */
	size_t stream_param;                  /* for stream->open */
	/* A transfer that may take long (a whole log, a sources upload, a
	 * keytab): it goes on a connection of its own, closed once it ends,
	 * so that the polls never wait behind it on the shared one. */
	bool bulk;
};

struct http_response {
	long status;             /* 0 when the transport failed */
	struct strbuf body;
	char *location;          /* Location header, if any */
	char *content_type;
	int curl_code;           /* CURLcode, 0 on success */
	char *transport_error;   /* human text when status == 0 or the body cap hit */
	bool too_large;          /* body exceeded http_options.max_body */
	long long elapsed_ms;
	size_t body_bytes;       /* of the body, held or streamed */
	void *stream;            /* the reader of a streamed body, or NULL */
	const struct http_stream_ops *stream_ops;
};

/* Connections kept to one host per lane (the shared one and the bulk
 * one): requests beyond them wait for a free one (keep-alive) instead of
 * opening more. */
#define HTTP_HOST_CONNECTIONS 1
/* A bulk answer's decoded bytes handed over per turn of the loop: about a
 * millisecond of the log's decoding, the most a poll's answer waits. */
#define HTTP_BULK_TURN_BYTES (128u * 1024u)

struct http_options {
	long connect_timeout_ms; /* default 10000 */
	long timeout_ms;         /* whole request; default 30000 */
	size_t max_body;         /* default 64 MiB */
	const char *ca_file;     /* NULL: system store */
	bool insecure;           /* skip TLS verification (shown as INSECURE) */
	const char *user_agent;  /* default "vdktop/<version>" */
	size_t bulk_turn_bytes;  /* a bulk answer's bytes per turn of the loop; default HTTP_BULK_TURN_BYTES */
};

struct http_request *http_request_new(enum http_method m, char *url /* taken */);
void http_request_set_body(struct http_request *r, const void *data, size_t len, const char *content_type);
void http_request_free(struct http_request *r);
struct http_request *http_request_dup(const struct http_request *r);
void http_response_init(struct http_response *r);
void http_response_clear(struct http_response *r);
/* Clears and frees a heap response (the one handed to an http_done_fn). */
void http_response_free(struct http_response *r);

/* curl_global_init, once per process; every entry point here calls it,
 * call it yourself only before using libcurl directly. */
void http_global_init(void);

/* Where the Authorization header comes from, injected so that http knows
 * nothing of token sources. get and rejected are called on the thread that
 * drives the client and must never block: a refresh runs elsewhere and
 * ends with the subscribed function. */
enum http_token {
	HTTP_TOKEN_NONE,   /* no credentials: send without Authorization */
	HTTP_TOKEN_READY,  /* *token (owned, wiped by http) and its *gen are set */
	HTTP_TOKEN_WAIT,   /* a refresh is under way: the request waits for it,
	                      and asks again with after_wait and *gen as left */
	HTTP_TOKEN_FAILED, /* *err (owned, token-free): the request fails with it */
};
struct http_token_provider {
	void *ud;
	enum http_token (*get)(void *ud, bool after_wait, char **token, unsigned long *gen, char **err);
	/* The service answered 401 to the token gen: make the next get renew
	 * it. false: it cannot be renewed, and the 401 stands. */
	bool (*rejected)(void *ud, unsigned long gen);
	/* Registers ready(arg), called from any thread when a refresh ends;
	 * ready NULL unregisters, and once that returns no call is under way.
	 * One subscriber at a time. */
	void (*subscribe)(void *ud, void (*ready)(void *arg), void *arg);
};

struct http_client;

/* tokens may be NULL (no Authorization header); it is copied, its ud must
 * outlive the client. */
struct http_client *http_client_new(const struct http_options *opt, const struct http_token_provider *tokens);
/* Frees the twin too (after the thread driving it has let go). */
void http_client_free(struct http_client *c);
/* c's twin, made on first call and owned by c: a client of its own (its
 * lanes, connections and loop) with c's options and token source, for
 * another thread to drive, so that transfers there never wait for this
 * thread's turns nor it for theirs. A token refresh wakes both. NULL when
 * curl cannot make one. */
struct http_client *http_client_twin(struct http_client *c);
/* Each piece of a bulk answer waits for gate(ud), called on c's thread
 * before the piece is handed over (and decoded): it may block a while to
 * give way to another thread's transfers. Set before c's thread runs. */
void http_client_set_gate(struct http_client *c, void (*gate)(void *ud), void *ud);
/* The X-OPID sent on every request: one random 16-hex id per process. */
const char *http_client_op_id(const struct http_client *c);
/* The process-wide operation id sent as X-OPID (VDK_OP_ID_OVERRIDE when it
 * is a plain token, else random), made on first use (http_msg.c). */
const char *http_op_id(void);

/* Blocking request. A 401 triggers one token refresh and one retry when
 * the token provider can renew the token. Returns 0 when an HTTP status was received
 * (whatever it was), -1 on transport failure; resp is filled either way. */
int http_perform(struct http_client *c, const struct http_request *req, struct http_response *resp);

/* Asynchronous use (the one thread that drives c). done is called from
 * http_run on the same thread; resp is owned by the callee of done (free
 * it with http_response_free). Transfers still in flight when the client is freed
 * are dropped without calling done. A 401 is refreshed and retried once
 * here too, before done sees it. */
typedef void (*http_done_fn)(void *ud, struct http_response *resp);
void http_submit(struct http_client *c, struct http_request *req /* taken */, http_done_fn done, void *ud);
/* Drops the transfer submitted with ud (c's thread): done is never
 * called for it. One still waiting for a connection goes at no cost. One
 * already sent goes only with under_way: HTTP/1.1 cannot abandon an answer
 * half read, so its connection is closed and the next request opens a new
 * one; worth it for a large answer, not for a small one (a bulk
 * transfer's connection is its own and closes anyway). Returns whether
 * the transfer was dropped. */
bool http_cancel(struct http_client *c, void *ud, bool under_way);
/* Runs transfers for at most timeout_ms; returns earlier once at least
 * one transfer completed (its done ran) or http_wakeup was called. */
void http_run(struct http_client *c, int timeout_ms);
/* Thread-safe: interrupts http_run. */
void http_wakeup(struct http_client *c);
size_t http_in_flight(const struct http_client *c);
/* The most body bytes one turn of the loop handed over from a bulk
 * transfer so far (bulk_turn_bytes plus at most what curl kept). */
size_t http_bulk_turn_max(const struct http_client *c);
/* Connections opened so far (for the benchmark's keep-alive figure). */
long http_connects(const struct http_client *c);

/* Percent-escapes one path segment or query value (RFC 3986 unreserved
 * characters kept). */
char *http_escape(const char *s);

#endif
