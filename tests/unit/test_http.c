// deps: util http http_fail http_msg auth jsonread timefmt safefile auth_exchange transport
/* The libcurl client against a scripted loopback server: headers,
 * Location, keep-alive, the body cap, 401 retry, async use, wakeup and
 * transport error texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "config.h"
#include "http.h"
#include "test_http_server.h"

/* The auth as the http client's token provider (copied by the client). */
static const struct http_token_provider *provider(struct auth *a)
{
	static struct http_token_provider p;
	auth_token_provider(a, &p);
	return &p;
}

static void test_escape(void **state)
{
	(void)state;
	char *e = http_escape("a b/c?d=e&f#g%h~i-j_k.l");
	assert_string_equal(e, "a%20b%2Fc%3Fd%3De%26f%23g%25h~i-j_k.l");
	free(e);
	e = http_escape("équipe\x01\xff");
	assert_string_equal(e, "%C3%A9quipe%01%FF");
	free(e);
	e = http_escape(NULL);
	assert_string_equal(e, "");
	free(e);
	e = http_escape("");
	assert_string_equal(e, "");
	free(e);
}

static void test_requests(void **state)
{
	(void)state;
	assert_string_equal(http_method_name(HTTP_PATCH), "PATCH");
	assert_string_equal(http_method_name(HTTP_DELETE), "DELETE");
	struct http_request *r = http_request_new(HTTP_PUT, strdup("http://x/y"));
	http_request_set_body(r, "a\0b", 3, "application/x");
	r->accept = strdup("*/*");
	struct http_request *d = http_request_dup(r);
	http_request_free(r);
	assert_int_equal(d->method, HTTP_PUT);
	assert_string_equal(d->url, "http://x/y");
	assert_int_equal(d->body_len, 3);
	assert_memory_equal(d->body, "a\0b", 3);
	assert_string_equal(d->content_type, "application/x");
	assert_string_equal(d->accept, "*/*");
	http_request_free(d);
	http_request_free(NULL);
	http_response_clear(NULL);
}

static void test_op_id(void **state)
{
	(void)state;
	/* main() set VDK_OP_ID_OVERRIDE to a header-injection attempt, which
	 * must be ignored in favour of a random id. */
	struct http_client *c = http_client_new(NULL, NULL);
	const char *id = http_client_op_id(c);
	assert_int_equal(strlen(id), 16);
	for (const char *p = id; *p; p++)
		assert_non_null(strchr("0123456789abcdef", *p));
	struct http_client *c2 = http_client_new(NULL, NULL);
	assert_string_equal(http_client_op_id(c2), id);
	http_client_free(c);
	http_client_free(c2);
}

static const char *header_value(const char *req, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	for (const char *p = req; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			size_t l = strcspn(v, "\r\n");
			if (l >= n)
				l = n - 1;
			memcpy(out, v, l);
			out[l] = '\0';
			return out;
		}
		if (p[0] == '\r' && p[1] == '\n')
			break;
	}
	return NULL;
}

static void test_headers_location_keepalive(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	ms_push(s, ms_response(202, "Location: http://10.1.1.1/x/executions/j-1\r\nContent-Type: application/json\r\n", "{}"));
	ms_push(s, ms_response(200, "Content-Type: text/plain\r\n", "hello"));
	struct http_client *c = http_client_new(&(struct http_options){.user_agent = NULL}, NULL);
	char *url = ms_url(s, "/data-jobs/for-team/t/jobs/j/deployments/production/executions");
	struct http_request *r = http_request_new(HTTP_POST, url);
	http_request_set_body(r, "{\"a\":1}", 7, "application/json");
	struct http_response resp;
	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_int_equal(resp.status, 202);
	assert_string_equal(resp.location, "http://10.1.1.1/x/executions/j-1");
	assert_string_equal(resp.content_type, "application/json");
	assert_string_equal(resp.body.buf, "{}");
	assert_true(resp.elapsed_ms >= 0);
	http_response_clear(&resp);
	http_request_free(r);

	const char *req = ms_request(s, 0);
	char v[256];
	assert_true(strncmp(req, "POST /data-jobs/for-team/t/jobs/j/deployments/production/executions HTTP/1.1\r\n", 78) == 0);
	assert_string_equal(header_value(req, "User-Agent", v, sizeof(v)), "vdktop/" VDKTOP_VERSION);
	assert_string_equal(header_value(req, "X-OPID", v, sizeof(v)), http_client_op_id(c));
	assert_string_equal(header_value(req, "Accept", v, sizeof(v)), "application/json");
	assert_string_equal(header_value(req, "Content-Type", v, sizeof(v)), "application/json");
	assert_non_null(header_value(req, "Accept-Encoding", v, sizeof(v)));
	assert_non_null(strstr(v, "gzip"));
	assert_null(header_value(req, "Authorization", v, sizeof(v)));
	assert_null(header_value(req, "Expect", v, sizeof(v)));
	assert_non_null(strstr(req, "\r\n\r\n{\"a\":1}"));

	/* Many requests, one connection. */
	for (int i = 0; i < 10; i++) {
		r = http_request_new(i % 2 ? HTTP_DELETE : HTTP_PUT, ms_url(s, "/x"));
		assert_int_equal(http_perform(c, r, &resp), 0);
		assert_int_equal(resp.status, 200);
		assert_null(resp.location);
		assert_string_equal(resp.body.buf, "hello");
		http_response_clear(&resp);
		http_request_free(r);
	}
	assert_int_equal(http_connects(c), 1);
	assert_int_equal(s->connections, 1);
	/* PUT without a body still says Content-Length: 0. */
	assert_true(strncmp(ms_request(s, 1), "PUT /x HTTP/1.1", 15) == 0);
	assert_string_equal(header_value(ms_request(s, 1), "Content-Length", v, sizeof(v)), "0");
	assert_true(strncmp(ms_request(s, 2), "DELETE /x HTTP/1.1", 18) == 0);
	http_client_free(c);
	ms_stop(s);
}

static void test_body_cap(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	char *big = malloc(5001);
	memset(big, 'x', 5000);
	big[5000] = '\0';
	ms_push(s, ms_response(200, "", big));
	free(big);
	struct http_client *c = http_client_new(&(struct http_options){.max_body = 1000}, NULL);
	struct http_request *r = http_request_new(HTTP_GET, ms_url(s, "/big"));
	struct http_response resp;
	assert_int_equal(http_perform(c, r, &resp), -1);
	assert_true(resp.too_large);
	assert_string_equal(resp.transport_error, "response too large (> 1000 bytes)");
	http_response_clear(&resp);
	http_client_free(c);
	/* A larger cap lets the same answer through. */
	c = http_client_new(&(struct http_options){.max_body = 2 * 1024 * 1024}, NULL);
	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_int_equal(resp.body.len, 5000);
	http_response_clear(&resp);
	http_client_free(c);
	http_request_free(r);
	ms_stop(s);
}

static void test_chunked_cap(void **state)
{
	(void)state;
	/* No Content-Length: the cap must trip while the body streams. */
	struct mini_server *s = ms_start();
	size_t n = 3 * 1024 * 1024;
	char *resp = malloc(n + 200);
	int h = sprintf(resp, "HTTP/1.1 200 X\r\nConnection: close\r\n\r\n");
	memset(resp + h, 'y', n);
	resp[h + n] = '\0';
	ms_push(s, resp);
	struct http_client *c = http_client_new(&(struct http_options){.max_body = 1024 * 1024}, NULL);
	struct http_request *r = http_request_new(HTTP_GET, ms_url(s, "/stream"));
	struct http_response out;
	assert_int_equal(http_perform(c, r, &out), -1);
	assert_true(out.too_large);
	assert_string_equal(out.transport_error, "response too large (> 1 MiB)");
	assert_true(out.body.len <= 1024 * 1024);
	http_response_clear(&out);
	http_request_free(r);
	http_client_free(c);
	ms_stop(s);
}

/* A reader of streamed bodies that refuses one over param bytes (0:
 * never), and counts what it was given and how often it was closed. */
struct test_stream {
	size_t refuse_over;
	struct strbuf got;
};
static int streams_closed;

static void *ts_open(size_t param, const struct http_gate *gate)
{
	/* No gate: these transfers are not on a bulk lane that has one. */
	assert_null(gate);
	struct test_stream *ts = calloc(1, sizeof(*ts));
	ts->refuse_over = param;
	return ts;
}

static bool ts_write(void *stream, const char *data, size_t len)
{
	struct test_stream *ts = stream;
	strbuf_append(&ts->got, data, len);
	return !ts->refuse_over || ts->got.len <= ts->refuse_over;
}

static void ts_close(void *stream)
{
	struct test_stream *ts = stream;
	strbuf_free(&ts->got);
	free(ts);
	streams_closed++;
}

static const struct http_stream_ops test_stream_ops = {ts_open, ts_write, ts_close};

/* A 2xx body goes to the request's reader as it arrives and is not held;
 * other answers are held as ever; a reader that refuses stops the
 * transfer without a transport error (the parser tells why); the body
 * cap still counts a streamed body. */
static void test_stream_body(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	char *big = malloc(50001);
	memset(big, 'x', 50000);
	big[50000] = '\0';
	ms_push(s, ms_response(200, "", big));
	ms_push(s, ms_response(404, "", "{\"error\": \"nope\"}"));
	ms_push(s, ms_response(200, "", big));
	ms_push(s, ms_response(200, "", big));
	free(big);
	struct http_client *c = http_client_new(&(struct http_options){.max_body = 1024 * 1024}, NULL);
	struct http_request *r = http_request_new(HTTP_GET, ms_url(s, "/logs"));
	r->stream = &test_stream_ops;
	struct http_response resp;

	streams_closed = 0;
	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_int_equal(resp.status, 200);
	assert_int_equal(resp.body.len, 0);
	assert_int_equal(resp.body_bytes, 50000);
	assert_ptr_equal(resp.stream_ops, &test_stream_ops);
	assert_non_null(resp.stream);
	assert_int_equal(((struct test_stream *)resp.stream)->got.len, 50000);
	http_response_clear(&resp);
	assert_int_equal(streams_closed, 1);

	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_int_equal(resp.status, 404);
	assert_null(resp.stream);
	assert_string_equal(resp.body.buf, "{\"error\": \"nope\"}");
	http_response_clear(&resp);

	r->stream_param = 1000;
	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_int_equal(resp.status, 200);
	assert_null(resp.transport_error);
	assert_non_null(resp.stream);
	assert_true(((struct test_stream *)resp.stream)->got.len < 50000);
	http_response_clear(&resp);
	assert_int_equal(streams_closed, 2);
	http_client_free(c);

	c = http_client_new(&(struct http_options){.max_body = 1000}, NULL);
	r->stream_param = 0;
	assert_int_equal(http_perform(c, r, &resp), -1);
	assert_true(resp.too_large);
	assert_true(resp.body_bytes <= 1000);
	assert_int_equal(resp.body.len, 0);
	http_response_clear(&resp);
	http_client_free(c);
	http_request_free(r);
	ms_stop(s);
}

static void test_transport_errors(void **state)
{
	(void)state;
	struct http_client *c = http_client_new(&(struct http_options){.connect_timeout_ms = 2000, .timeout_ms = 700}, NULL);
	char url[64];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/x", ms_closed_port());
	struct http_request *r = http_request_new(HTTP_GET, strdup(url));
	struct http_response resp;
	assert_int_equal(http_perform(c, r, &resp), -1);
	assert_int_equal(resp.status, 0);
	assert_string_equal(resp.transport_error, "connection refused");
	http_response_clear(&resp);
	http_request_free(r);

	/* A server that accepts and never answers: the total timeout. */
	struct mini_server *s = ms_start();
	ms_push(s, strdup("")); /* answers nothing */
	r = http_request_new(HTTP_GET, ms_url(s, "/slow"));
	assert_int_equal(http_perform(c, r, &resp), -1);
	assert_string_equal(resp.transport_error, "timed out after 700 ms");
	http_response_clear(&resp);
	http_request_free(r);
	ms_stop(s);

	/* RFC 6761: .invalid never resolves. */
	r = http_request_new(HTTP_GET, strdup("http://example.invalid/x"));
	assert_int_equal(http_perform(c, r, &resp), -1);
	assert_string_equal(resp.transport_error, "could not resolve host example.invalid");
	http_response_clear(&resp);
	http_request_free(r);

	r = http_request_new(HTTP_GET, strdup("ftp://127.0.0.1/x"));
	assert_int_equal(http_perform(c, r, &resp), -1);
	assert_non_null(strstr(resp.transport_error, "invalid service URL"));
	http_response_clear(&resp);
	http_request_free(r);

	s = ms_start();
	ms_push(s, strdup("HTTP/1.1 200 X\r\nContent-Length: 100\r\nConnection: close\r\n\r\nshort"));
	r = http_request_new(HTTP_GET, ms_url(s, "/drop"));
	assert_int_equal(http_perform(c, r, &resp), -1);
	assert_non_null(strstr(resp.transport_error, "connection dropped"));
	http_response_clear(&resp);
	http_request_free(r);
	ms_stop(s);
	http_client_free(c);
}

struct async_state {
	int done;
	long status[4];
};

static void on_done(void *ud, struct http_response *resp)
{
	struct async_state *a = ud;
	a->status[a->done++] = resp->status;
	http_response_free(resp);
}

static void *wake_later(void *ud)
{
	usleep(100 * 1000);
	http_wakeup(ud);
	return NULL;
}

static void test_async_and_wakeup(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	ms_push(s, ms_response(200, "", "a"));
	struct http_client *c = http_client_new(NULL, NULL);
	struct async_state a = {0};
	for (int i = 0; i < 3; i++)
		http_submit(c, http_request_new(HTTP_GET, ms_url(s, "/a")), on_done, &a);
	assert_int_equal(http_in_flight(c), 3);
	long long deadline = now_ms() + 5000;
	while (a.done < 3 && now_ms() < deadline)
		http_run(c, 200);
	assert_int_equal(a.done, 3);
	assert_int_equal(a.status[2], 200);
	assert_int_equal(http_in_flight(c), 0);

	/* An idle http_run returns at once when another thread wakes it. */
	pthread_t th;
	long long t0 = now_ms();
	pthread_create(&th, NULL, wake_later, c);
	http_run(c, 10000);
	long long took = now_ms() - t0;
	pthread_join(th, NULL);
	assert_true(took < 5000);

	/* Freeing with a transfer in flight drops it without calling done. */
	http_submit(c, http_request_new(HTTP_GET, ms_url(s, "/a")), on_done, &a);
	http_client_free(c);
	assert_int_equal(a.done, 3);
	ms_stop(s);
}

static void poll_once(struct http_client *c, struct mini_server *s)
{
	struct http_request *r = http_request_new(HTTP_GET, ms_url(s, "/jobs"));
	struct http_response resp;
	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_string_equal(resp.body.buf, "poll");
	http_response_clear(&resp);
	http_request_free(r);
}

static void wait_closed(struct mini_server *s, int n)
{
	long long deadline = now_ms() + 5000;
	while (ms_closed_count(s) < n && now_ms() < deadline)
		usleep(1000);
	assert_int_equal(ms_closed_count(s), n);
}

struct turns_state {
	int done;
	long status;
	bool intact;
};

static void on_turns_done(void *ud, struct http_response *resp)
{
	struct turns_state *st = ud;
	st->done++;
	st->status = resp->status;
	const struct test_stream *ts = resp->stream;
	st->intact = ts && ts->got.len == 2000000;
	for (size_t i = 0; st->intact && i < ts->got.len; i++)
		st->intact = ts->got.buf[i] == (char)('a' + i % 23);
	http_response_free(resp);
}

/* A bulk answer is handed over a bounded share per turn of the loop (a
 * poll's answer waits for one turn at most), the rest kept by curl and
 * handed over whole and in order on the next turns; a transfer paused for
 * its share does not leave the loop waiting on sockets that have nothing
 * to say. */
static void test_bulk_turns(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	char *body = malloc(2000001);
	for (size_t i = 0; i < 2000000; i++)
		body[i] = (char)('a' + i % 23);
	body[2000000] = '\0';
	ms_push(s, ms_response(200, "", body));
	free(body);
	struct http_client *c = http_client_new(&(struct http_options){.timeout_ms = 20000, .bulk_turn_bytes = 4096}, NULL);
	struct http_request *r = http_request_new(HTTP_GET, ms_url(s, "/logs"));
	r->bulk = true;
	r->stream = &test_stream_ops;
	struct turns_state st = {0};
	http_submit(c, r, on_turns_done, &st);
	long long deadline = now_ms() + 15000;
	while (st.done == 0 && now_ms() < deadline)
		http_run(c, 30000);
	assert_int_equal(st.done, 1);
	assert_int_equal(st.status, 200);
	assert_true(st.intact);
	/* Its share, plus at most one write of curl's that crossed it. */
	assert_true(http_bulk_turn_max(c) > 0);
	assert_true(http_bulk_turn_max(c) <= 4096 + 16384);
	http_client_free(c);
	ms_stop(s);
}

/* A bulk transfer has a connection of its own: polls complete while its
 * answer is still arriving, they keep their one connection throughout,
 * and the bulk connection closes once its transfer ends. */
static void test_bulk_own_connection(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	/* Request 0: an answer that stops after 100 of its 1,000,000 bytes;
	 * every later one: "poll". */
	char *stalled = malloc(256);
	snprintf(stalled, 256, "HTTP/1.1 200 X\r\nContent-Length: 1000000\r\n\r\n%0100d", 0);
	ms_push(s, stalled);
	ms_push(s, ms_response(200, "", "poll"));
	struct http_client *c = http_client_new(&(struct http_options){.timeout_ms = 20000}, NULL);
	struct async_state a = {0};
	struct http_request *big = http_request_new(HTTP_GET, ms_url(s, "/logs"));
	big->bulk = true;
	http_submit(c, big, on_done, &a);
	long long deadline = now_ms() + 5000;
	while (ms_request_count(s) < 1 && now_ms() < deadline)
		http_run(c, 50);
	assert_int_equal(ms_request_count(s), 1);

	/* On one shared connection the polls would wait for the whole
	 * answer, here until it timed out and failed first. */
	for (int i = 0; i < 5; i++)
		poll_once(c, s);
	assert_int_equal(a.done, 0);
	assert_int_equal(http_in_flight(c), 1);
	int bulk_conn = ms_request_conn(s, 0), poll_conn = ms_request_conn(s, 1);
	assert_int_not_equal(bulk_conn, poll_conn);
	for (size_t i = 2; i <= 5; i++)
		assert_int_equal(ms_request_conn(s, i), poll_conn);
	assert_int_equal(s->connections, 2);

	/* Cancelled under way: its connection closes, the polls' stays. */
	assert_true(http_cancel(c, &a, true));
	wait_closed(s, 1);
	poll_once(c, s);
	assert_int_equal(ms_request_conn(s, 6), poll_conn);

	/* The loop waits on the bulk connection too: a bulk answer ends the
	 * wait when it arrives, not when the wait runs out. */
	big = http_request_new(HTTP_GET, ms_url(s, "/logs"));
	big->bulk = true;
	http_submit(c, big, on_done, &a);
	long long t0 = now_ms();
	while (a.done == 0 && now_ms() - t0 < 60000)
		http_run(c, 30000);
	assert_true(now_ms() - t0 < 15000);
	assert_int_equal(a.status[0], 200);
	wait_closed(s, 2);
	assert_int_equal(ms_request_conn(s, 7), 3);

	/* A bulk transfer that completes leaves no connection behind: the
	 * next one opens its own again. */
	for (int i = 0; i < 2; i++) {
		struct http_request *r = http_request_new(HTTP_GET, ms_url(s, "/logs"));
		r->bulk = true;
		struct http_response resp;
		assert_int_equal(http_perform(c, r, &resp), 0);
		assert_string_equal(resp.body.buf, "poll");
		http_response_clear(&resp);
		http_request_free(r);
		wait_closed(s, 3 + i);
		assert_int_equal(ms_request_conn(s, 8 + (size_t)i), 4 + i);
	}
	poll_once(c, s);
	assert_int_equal(ms_request_conn(s, 10), poll_conn);
	assert_int_equal(s->connections, 5);
	assert_int_equal(a.done, 1);
	http_client_free(c);
	ms_stop(s);
}

/* A token provider under the test's control: what get answers, and what
 * http asked. */
struct fake_tokens {
	enum http_token answer;
	const char *token;
	unsigned long gen;
	int gets, waited_gets, rejects;
	unsigned long rejected_gen;
	void (*ready)(void *);
	void *ready_arg;
};

static enum http_token fake_get(void *ud, bool after_wait, char **token, unsigned long *gen, char **err)
{
	struct fake_tokens *f = ud;
	f->gets++;
	f->waited_gets += after_wait;
	if (f->answer == HTTP_TOKEN_READY) {
		*token = strdup(f->token);
		*gen = f->gen;
	} else if (f->answer == HTTP_TOKEN_FAILED) {
		*err = strdup("token exchange failed: timed out after 30 s");
	}
	return f->answer;
}

static bool fake_rejected(void *ud, unsigned long gen)
{
	struct fake_tokens *f = ud;
	f->rejects++;
	f->rejected_gen = gen;
	/* The renewal is under way: the retry waits for it. */
	f->answer = HTTP_TOKEN_WAIT;
	return true;
}

static void fake_subscribe(void *ud, void (*ready)(void *arg), void *arg)
{
	struct fake_tokens *f = ud;
	f->ready = ready;
	f->ready_arg = arg;
}

static void test_token_provider(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	ms_push(s, ms_response(200, "", "one"));
	ms_push(s, ms_response(401, "", ""));
	ms_push(s, ms_response(200, "", "two"));
	struct fake_tokens f = {.answer = HTTP_TOKEN_WAIT};
	struct http_token_provider tp = {&f, fake_get, fake_rejected, fake_subscribe};
	struct http_client *c = http_client_new(NULL, &tp);
	assert_non_null(f.ready);

	/* While the token is being renewed the request waits, and the loop
	 * does not: http_run returns on time with nothing sent. */
	struct async_state a = {0};
	http_submit(c, http_request_new(HTTP_GET, ms_url(s, "/a")), on_done, &a);
	http_run(c, 50);
	assert_int_equal(a.done, 0);
	assert_int_equal(ms_request_count(s), 0);
	assert_int_equal(http_in_flight(c), 1);
	/* The renewal ends: the request goes out with its token. */
	f.answer = HTTP_TOKEN_READY;
	f.token = "tok-one";
	f.gen = 7;
	f.ready(f.ready_arg);
	long long deadline = now_ms() + 5000;
	while (a.done < 1 && now_ms() < deadline)
		http_run(c, 200);
	assert_int_equal(a.status[0], 200);
	assert_true(f.waited_gets >= 1);
	char v[256];
	assert_string_equal(header_value(ms_request(s, 0), "Authorization", v, sizeof(v)), "Bearer tok-one");

	/* A 401 tells the provider which token was refused; the retry waits
	 * for the renewal and carries the new token. */
	http_submit(c, http_request_new(HTTP_GET, ms_url(s, "/b")), on_done, &a);
	deadline = now_ms() + 5000;
	while (f.rejects == 0 && now_ms() < deadline)
		http_run(c, 200);
	assert_int_equal(f.rejected_gen, 7);
	assert_int_equal(a.done, 1);
	f.answer = HTTP_TOKEN_READY;
	f.token = "tok-two";
	f.gen = 8;
	f.ready(f.ready_arg);
	while (a.done < 2 && now_ms() < deadline)
		http_run(c, 200);
	assert_int_equal(a.status[1], 200);
	assert_int_equal(ms_request_count(s), 3);
	assert_string_equal(header_value(ms_request(s, 2), "Authorization", v, sizeof(v)), "Bearer tok-two");

	/* A failed renewal fails the request with its reason; nothing is sent
	 * without a token. */
	f.answer = HTTP_TOKEN_FAILED;
	struct http_response resp;
	struct http_request *r = http_request_new(HTTP_GET, ms_url(s, "/c"));
	assert_int_equal(http_perform(c, r, &resp), -1);
	assert_int_equal(resp.status, 0);
	assert_string_equal(resp.transport_error, "token exchange failed: timed out after 30 s");
	assert_int_equal(ms_request_count(s), 3);
	http_response_clear(&resp);
	http_request_free(r);

	/* No token at all: sent without Authorization. */
	f.answer = HTTP_TOKEN_NONE;
	r = http_request_new(HTTP_GET, ms_url(s, "/d"));
	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_null(header_value(ms_request(s, 3), "Authorization", v, sizeof(v)));
	http_response_clear(&resp);
	http_request_free(r);

	/* A request waiting for a token when the client goes is dropped, and
	 * the provider can no longer wake it. */
	f.answer = HTTP_TOKEN_WAIT;
	http_submit(c, http_request_new(HTTP_GET, ms_url(s, "/e")), on_done, &a);
	http_client_free(c);
	assert_null(f.ready);
	assert_int_equal(a.done, 2);
	ms_stop(s);
}

/* The proxy the environment names is the one libcurl uses, and no_proxy
 * is honoured as transport_proxy_for reads it. */
static void test_proxy_from_environment(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	ms_push(s, ms_response(200, "", "via proxy"));
	char *proxy = ms_url(s, "");
	setenv("http_proxy", proxy, 1);
	struct http_client *c = http_client_new(NULL, NULL);
	struct http_request *r = http_request_new(HTTP_GET, strdup("http://svc.invalid/p"));
	struct http_response resp;
	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_string_equal(resp.body.buf, "via proxy");
	assert_true(strncmp(ms_request(s, 0), "GET http://svc.invalid/p HTTP/1.1", 33) == 0);
	http_response_clear(&resp);
	setenv("no_proxy", "svc.invalid", 1);
	assert_int_equal(http_perform(c, r, &resp), -1);
	assert_string_equal(resp.transport_error, "could not resolve host svc.invalid");
	assert_int_equal(ms_request_count(s), 1);
	http_response_clear(&resp);
	unsetenv("no_proxy");
	unsetenv("http_proxy");
	http_request_free(r);
	http_client_free(c);
	free(proxy);
	ms_stop(s);
}

static void test_401_refresh_and_retry(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	char *tok_url = ms_url(s, "/oauth/token");
	/* 0: first exchange, 1: request → 401, 2: second exchange, 3: retry → 200,
	 * 4: request → 401, 5: exchange, 6: retry → 401 again (no third try). */
	ms_push(s, ms_response(200, "", "{\"access_token\":\"tok-one\",\"expires_in\":3600}"));
	ms_push(s, ms_response(401, "", ""));
	ms_push(s, ms_response(200, "", "{\"access_token\":\"tok-two\",\"expires_in\":3600}"));
	ms_push(s, ms_response(200, "", "ok"));
	ms_push(s, ms_response(401, "", ""));
	ms_push(s, ms_response(200, "", "{\"access_token\":\"tok-three\",\"expires_in\":3600}"));
	ms_push(s, ms_response(401, "", ""));
	struct context ctx = {0};
	ctx.api_token = "secret-api-token";
	ctx.authorization_url = tok_url;
	char *err = NULL;
	struct auth *a = auth_new(&ctx, NULL, &err);
	assert_non_null(a);
	struct http_client *c = http_client_new(NULL, provider(a));
	struct http_request *r = http_request_new(HTTP_GET, ms_url(s, "/data"));
	struct http_response resp;
	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.body.buf, "ok");
	http_response_clear(&resp);
	char v[256];
	assert_string_equal(header_value(ms_request(s, 1), "Authorization", v, sizeof(v)), "Bearer tok-one");
	assert_string_equal(header_value(ms_request(s, 3), "Authorization", v, sizeof(v)), "Bearer tok-two");
	assert_non_null(strstr(ms_request(s, 2), "grant_type=refresh_token&refresh_token=secret-api-token"));
	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_int_equal(resp.status, 401);
	assert_int_equal(ms_request_count(s), 7);
	http_response_clear(&resp);
	http_request_free(r);
	http_client_free(c);
	auth_free(a);
	free(tok_url);
	ms_stop(s);
}

int main(void)
{
	/* Set before the first client exists: the id is made once. */
	setenv("VDK_OP_ID_OVERRIDE", "abc\r\nX-Evil: 1", 1);
	unsetenv("VDK_API_TOKEN");
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("no_proxy");
	unsetenv("NO_PROXY");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_op_id),
		cmocka_unit_test(test_headers_location_keepalive),
		cmocka_unit_test(test_body_cap),
		cmocka_unit_test(test_chunked_cap),
		cmocka_unit_test(test_transport_errors),
		cmocka_unit_test(test_async_and_wakeup),
		cmocka_unit_test(test_bulk_own_connection),
		cmocka_unit_test(test_bulk_turns),
		cmocka_unit_test(test_401_refresh_and_retry),
		cmocka_unit_test(test_stream_body),
		cmocka_unit_test(test_token_provider),
		cmocka_unit_test(test_proxy_from_environment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
