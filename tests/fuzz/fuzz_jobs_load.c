/* libFuzzer target: the UI side of a jobs answer, past the parser. The
 * jobs loader (src/ui/jobs_load.c) runs against a stub app that records
 * the requests it makes; the input answers them one after the other, with
 * keys in between, and every answer goes through the real wresult_parse
 * into jobs_load_result and the table model.
 *
 * Input: records of [control byte][length, 2 bytes LE][body]. The control
 * byte's low 3 bits pick a move before the answer (end, home, page down,
 * a resize, follow), bit 3 answers the watched page instead of the oldest
 * one-shot request, bit 4 makes the answer a failure.
 * Invariants: the table never holds more rows than the loader's bound,
 * the loader never asks for more pages than a screenful needs (the queue
 * of requests stays small), every row on screen is a loaded job or none.
 */
// deps: util model timefmt gql jsonread http http_fail http_msg auth safefile api api_error api_parse jdoc logstream logscan logtext logline auth_exchange transport jsonarg propmap trace worker_api sanitize ui/rowfmt ui/jobs_model ui/table ui/cell ui/filterbar ui/lineedit ui/jobs_load ui/jobs_runs ui/jobs_names cron
#include "fuzz_common.h"

#include "ui/jobs_priv.h"
#include "worker_priv.h"
#include "ui/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- the stub app: requests are recorded, not sent ---- */

#define MAX_QUEUE 64
/* Lazy mode lists at most this many rows (jobs_load.c LAZY_MAX_ROWS). */
#define ROWS_BOUND 1000000

struct app {
	struct wreq *watch;
	struct wreq *q[MAX_QUEUE];
	size_t nq;
	size_t submitted; /* one-shot requests since the last answer */
	unsigned long next_id;
};

/* The jobs loader reaches the app only through its port: this one records
 * the requests and answers nothing by itself. */
static unsigned long port_submit(void *ud, struct wreq *req)
{
	struct app *a = ud;
	req->id = ++a->next_id;
	a->submitted++;
	/* a screen's worth of pages at most between two answers */
	FUZZ_CHECK(a->submitted <= 16);
	if (a->nq == MAX_QUEUE) {
		wreq_free(a->q[0]);
		memmove(a->q, a->q + 1, (MAX_QUEUE - 1) * sizeof(*a->q));
		a->nq--;
	}
	a->q[a->nq++] = req;
	return req->id;
}

static void port_watch(void *ud, enum watch_slot slot, struct wreq *req, int interval_ms, int first_ms)
{
	struct app *a = ud;
	(void)interval_ms;
	(void)first_ms;
	req->id = ++a->next_id;
	if (slot != WATCH_JOBS) {
		/* the running executions' watch: not answered here */
		wreq_free(req);
		return;
	}
	wreq_free(a->watch);
	a->watch = req;
}

static void port_unwatch(void *ud, enum watch_slot slot)
{
	struct app *a = ud;
	if (slot == WATCH_JOBS) {
		wreq_free(a->watch);
		a->watch = NULL;
	}
}

static void port_set_interval(void *ud, enum watch_slot slot, int interval_ms)
{
	(void)ud;
	(void)slot;
	(void)interval_ms;
}

/* the running executions' watch is not answered here */
static void port_poll_now(void *ud, enum watch_slot slot)
{
	(void)ud;
	(void)slot;
}

static int port_refresh_ms(void *ud, bool active)
{
	(void)ud;
	return active ? 1000 : 5000;
}

static void port_message(void *ud, enum msg_level lvl, const char *text)
{
	(void)ud;
	(void)lvl;
	(void)text;
}

static time_t port_now(void *ud)
{
	(void)ud;
	return 1700000000;
}

static const struct jobs_port fuzz_port = {
	.submit = port_submit,
	.watch = port_watch,
	.unwatch = port_unwatch,
	.set_interval = port_set_interval,
	.poll_now = port_poll_now,
	.refresh_ms = port_refresh_ms,
	.message = port_message,
	.now = port_now,
};

int theme_attr(enum theme_element e)
{
	(void)e;
	return 0;
}

/* Every attribute is 0 here, so every blank looks alike. */
bool theme_blank_like(int attr, int base)
{
	return attr == base;
}

/* ---- the table source, as the jobs view has it ---- */

static void format_row(void *ctx, size_t i, struct table_row *row)
{
	const struct job *j = jobs_load_row(ctx, i);
	row->cell[JC_NAME] = xstrdup(j ? j->name : "");
}

static const char *row_key(void *ctx, size_t i)
{
	const struct job *j = jobs_load_row(ctx, i);
	return j ? j->name : NULL;
}

static struct table_col cols[JC_COUNT];

/* Answers one request with body (or a failure); the result is consumed. */
static void answer(struct jv *p, struct wreq *req, int watch, const uint8_t *body, size_t len, bool fail)
{
	struct wresult *res = xcalloc(1, sizeof(*res));
	res->type = WRESULT_DONE;
	res->req = req;
	res->watch = watch;
	struct http_response r;
	http_response_init(&r);
	r.status = fail ? 503 : 200;
	r.content_type = xstrdup("application/json");
	strbuf_append(&r.body, body, len);
	wresult_parse(res, &r);
	http_response_clear(&r);
	jobs_load_result(p, res);
	wresult_free(res);
}

static void check(const struct jv *p)
{
	size_t n = table_rows(p->table);
	FUZZ_CHECK(n <= ROWS_BOUND);
	FUZZ_CHECK(!p->lazy || p->npages <= ROWS_BOUND / 100 + 1);
	size_t top = table_top(p->table), h = (size_t)table_page_rows(p->table);
	for (size_t i = top; i < top + h && i < n; i++) {
		const struct job *j = jobs_load_row(p, i);
		FUZZ_CHECK(!j || j->name);
	}
	if (!p->lazy)
		FUZZ_CHECK(p->nrows <= p->nall);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app a = {0};
	struct view v = {0};
	v.app = &a;
	v.lines = 30;
	v.cols = 120;
	struct jv *p = xcalloc(1, sizeof(*p));
	p->v = &v;
	p->port = &fuzz_port;
	p->port_ud = &a;
	p->full_size = 500;
	p->page_size = 500;
	p->total = -1;
	p->sort = JC_NAME;
	for (size_t c = 0; c < JC_COUNT; c++)
		cols[c] = (struct table_col){"COL", 1, 20, 1, CELL_LEFT, 0};
	struct table_source src = {.format = format_row, .key = row_key, .ctx = p};
	p->table = table_new(cols, JC_COUNT, &src);
	table_resize(p->table, 28, 120);
	jobs_load_set_team(p, "starshot");

	size_t off = 0;
	for (int step = 0; step < 12 && off + 3 <= size; step++) {
		uint8_t ctl = data[off];
		size_t len = (size_t)data[off + 1] | (size_t)data[off + 2] << 8;
		off += 3;
		if (len > size - off)
			len = size - off;
		switch (ctl & 7) {
		case 1:
			table_end(p->table);
			break;
		case 2:
			table_home(p->table);
			break;
		case 3:
			table_page(p->table, 1);
			break;
		case 4:
			table_resize(p->table, 5 + ctl / 8, 80);
			break;
		default:
			break;
		}
		jobs_load_follow(p);
		a.submitted = 0;
		bool fail = (ctl & 16) != 0;
		if (((ctl & 8) || a.nq == 0) && a.watch) {
			/* the watch keeps polling: answer a copy of its request */
			struct wreq *w = a.watch;
			struct wreq *copy = wreq_new(w->kind, w->team, NULL, NULL);
			wreq_set_query(copy, &w->query);
			copy->id = w->id;
			answer(p, copy, WATCH_JOBS, data + off, len, fail);
		} else if (a.nq) {
			struct wreq *r = a.q[0];
			memmove(a.q, a.q + 1, (a.nq - 1) * sizeof(*a.q));
			a.nq--;
			answer(p, r, -1, data + off, len, fail);
		}
		check(p);
		off += len;
	}

	jobs_load_drop(p);
	table_free(p->table);
	free(p->team);
	free(p->error);
	lineedit_free(&p->filter);
	free(p);
	for (size_t i = 0; i < a.nq; i++)
		wreq_free(a.q[i]);
	wreq_free(a.watch);
	return 0;
}
