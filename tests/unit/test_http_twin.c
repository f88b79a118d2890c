// deps: util http http_fail http_msg transport
/* A client's twin (the bulk lane's client, driven by a thread of its
 * own): made once and freed with its parent, it shares the parent's token
 * source, a token refresh that ends wakes a twin's waiting transfer, a
 * bulk answer's pieces pass its gate, and the two clients keep
 * connections of their own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "test_http_server.h"

/* A token source under the test's control: the main thread changes its
 * answer while the twin's thread asks it. */
struct tokens {
	atomic_int answer;  /* enum http_token */
	atomic_int waited;  /* asks after a wait */
	void (*ready)(void *arg);
	void *ready_arg;
};

static enum http_token tokens_get(void *ud, bool after_wait, char **token, unsigned long *gen, char **err)
{
	struct tokens *t = ud;
	if (after_wait)
		atomic_fetch_add(&t->waited, 1);
	enum http_token a = (enum http_token)atomic_load(&t->answer);
	if (a == HTTP_TOKEN_READY) {
		*token = strdup("tok-twin");
		*gen = 1;
	}
	return a;
}

static bool tokens_rejected(void *ud, unsigned long gen)
{
	return false;
}

static void tokens_subscribe(void *ud, void (*ready)(void *arg), void *arg)
{
	struct tokens *t = ud;
	t->ready = ready;
	t->ready_arg = arg;
}

static void count_gate(void *ud)
{
	atomic_fetch_add((atomic_int *)ud, 1);
}

/* A body reader that keeps the gate it was opened with. */
static struct http_gate opened_gate;
static int opened;

static void *gate_open(size_t param, const struct http_gate *gate)
{
	opened++;
	opened_gate = gate ? *gate : (struct http_gate){0};
	return &opened_gate;
}

static bool gate_write(void *stream, const char *data, size_t len)
{
	return true;
}

static void gate_close(void *stream)
{
}

static const struct http_stream_ops gate_stream = {gate_open, gate_write, gate_close};

struct drive {
	struct http_client *twin;
	atomic_int done;
	long status;
	long long took_ms; /* from the first run to the answer */
};

static void on_done(void *ud, struct http_response *resp)
{
	struct drive *d = ud;
	d->status = resp->status;
	atomic_store(&d->done, 1);
	http_response_free(resp);
}

/* The twin's thread: runs it until its transfer is answered. */
static void *drive_twin(void *ud)
{
	struct drive *d = ud;
	long long t0 = now_ms();
	while (!atomic_load(&d->done) && now_ms() - t0 < 30000)
		http_run(d->twin, 10000);
	d->took_ms = now_ms() - t0;
	return NULL;
}

static void test_twin(void **state)
{
	(void)state;
	struct mini_server *s = ms_start();
	ms_push(s, ms_response(200, "", "ok"));
	struct tokens tk = {0};
	atomic_init(&tk.answer, HTTP_TOKEN_WAIT);
	atomic_init(&tk.waited, 0);
	struct http_token_provider tp = {&tk, tokens_get, tokens_rejected, tokens_subscribe};
	struct http_client *c = http_client_new(NULL, &tp);
	assert_non_null(c);
	void *subscriber = tk.ready_arg;
	assert_non_null(tk.ready);

	/* Made once; the parent stays the one the source tells. */
	struct http_client *twin = http_client_twin(c);
	assert_non_null(twin);
	assert_ptr_not_equal(twin, c);
	assert_ptr_equal(http_client_twin(c), twin);
	assert_ptr_equal(tk.ready_arg, subscriber);

	/* A bulk transfer on the twin waits for the token, its thread asleep
	 * in the loop. */
	/* Each piece of a bulk answer passes the gate first. */
	atomic_int gates;
	atomic_init(&gates, 0);
	http_client_set_gate(twin, count_gate, &gates);
	struct drive d = {.twin = twin};
	atomic_init(&d.done, 0);
	struct http_request *big = http_request_new(HTTP_GET, ms_url(s, "/logs"));
	big->bulk = true;
	big->stream = &gate_stream; /* its reader gets the gate, for a thread of its own */
	http_submit(twin, big, on_done, &d);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, drive_twin, &d), 0);
	long long deadline = now_ms() + 5000;
	while (atomic_load(&tk.waited) < 1 && now_ms() < deadline)
		usleep(1000);
	assert_int_equal(atomic_load(&tk.waited), 1);
	assert_int_equal(atomic_load(&d.done), 0);
	assert_int_equal(ms_request_count(s), 0);

	/* The refresh ends, told to the parent: the twin's thread wakes now,
	 * not when its 10 s wait runs out, and sends with the new token. */
	atomic_store(&tk.answer, HTTP_TOKEN_READY);
	tk.ready(tk.ready_arg);
	pthread_join(th, NULL);
	assert_int_equal(atomic_load(&d.done), 1);
	assert_int_equal(d.status, 200);
	assert_true(d.took_ms < 5000);
	assert_int_equal(ms_request_count(s), 1);
	assert_non_null(strstr(ms_request(s, 0), "Authorization: Bearer tok-twin\r\n"));
	assert_true(atomic_load(&gates) >= 1);
	assert_int_equal(opened, 1);
	assert_ptr_equal(opened_gate.wait, count_gate);
	assert_ptr_equal(opened_gate.ud, &gates);

	/* The parent's own transfers go on its own connection. */
	struct http_request *r = http_request_new(HTTP_GET, ms_url(s, "/jobs"));
	struct http_response resp;
	assert_int_equal(http_perform(c, r, &resp), 0);
	assert_int_equal(resp.status, 200);
	http_response_clear(&resp);
	http_request_free(r);
	assert_int_equal(ms_request_count(s), 2);
	assert_int_not_equal(ms_request_conn(s, 1), ms_request_conn(s, 0));

	/* A twin's transfer still waiting when the parent goes is dropped
	 * with it (the twin is freed too: the sanitizer build would report
	 * it), and the source can no longer wake either. */
	atomic_store(&tk.answer, HTTP_TOKEN_WAIT);
	atomic_store(&d.done, 0);
	http_submit(twin, http_request_new(HTTP_GET, ms_url(s, "/logs")), on_done, &d);
	http_client_free(c);
	assert_null(tk.ready);
	assert_int_equal(atomic_load(&d.done), 0);
	ms_stop(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_twin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
