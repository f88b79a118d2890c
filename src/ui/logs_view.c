/* The live log of one execution: the whole log once, then the tail polled
 * and merged while the execution runs (the service has no log stream),
 * followed at the bottom unless the user scrolls away; search, error
 * jumps, wrapping, timestamps and saving. Drawing is in logs_draw.c,
 * prompts and saving in logs_save.c. */
#include "ui/logs_view.h"

#include <stdlib.h>
#include <string.h>

#include "ui/logs_priv.h"
#include "ui/logs_text.h"
#include "trace.h"

#define DEFAULT_POLL_MS 1500
#define DEFAULT_TAIL_LINES 2000
/* A search matches lines for this long per loop pass (keys answered in
 * between), checking the clock every SEARCH_SLICE_LINES lines. */
#define SEARCH_SLICE_MS 8
#define SEARCH_SLICE_LINES 16384

static const struct view_ops logs_ops, logs_edit_ops;

bool lv_active(const struct lv *p)
{
	return !p->gone && (!p->exec || exec_status_is_active(p->exec->status));
}

const char *lv_mode_word(const struct lv *p)
{
	if (!p->exec_id)
		return NULL;
	if (p->gone)
		return "gone";
	if (!lv_active(p))
		return "finished";
	return p->vp.follow ? "FOLLOW" : "PAUSED";
}

int lv_body_rows(const struct lv *p)
{
	int h = p->v->lines - LV_HEAD_ROWS - (p->prompt != LP_NONE ? 1 : 0);
	return h > 1 ? h : 1;
}

static size_t rows_cb(void *ctx, size_t i)
{
	return lv_line_rows(ctx, i);
}

struct logs_vp_src lv_src(struct lv *p)
{
	struct logs_vp_src s = {
		.count = logbuf_count(p->lb),
		.first_seq = logbuf_first_seq(p->lb),
		.height = (size_t)lv_body_rows(p),
		.rows = p->wrap ? rows_cb : NULL,
		.ctx = p,
	};
	return s;
}

void lv_set_prompt(struct lv *p, enum lv_prompt pr)
{
	p->prompt = pr;
	p->v->ops = pr == LP_NONE ? &logs_ops : &logs_edit_ops;
	curs_set(pr == LP_NONE ? 0 : 1);
}

/* The text to show: lines over LOGS_LINE_MAX are cut as they arrive. */
static struct wreq *logs_req(const struct lv *p, long tail)
{
	struct wreq *r = wreq_new(WREQ_LOGS, p->team, p->job, p->exec_id);
	r->tail_lines = tail;
	r->line_max = LOGS_LINE_MAX;
	return r;
}

unsigned long lv_fetch_whole(struct lv *p)
{
	struct wreq *r = logs_req(p, 0);
	r->line_max = 0; /* saved byte for byte */
	return app_submit(p->v->app, p->v, r);
}

/* The log to show: its last scrollback lines, since older ones would be
 * dropped on arrival anyway. A huge log then costs what the scrollback
 * holds, in bytes fetched, memory and time, and fits the body cap of the
 * default configuration. (Saving fetches the whole log.) */
static long load_tail(const struct lv *p)
{
	return (long)logbuf_max_lines(p->lb);
}

static void fetch_whole_once(struct lv *p)
{
	if (!p->full_req)
		p->full_req = app_submit(p->v->app, p->v, logs_req(p, load_tail(p)));
}

static void start_polling(struct lv *p)
{
	if (p->polling)
		return;
	app_watch(p->v->app, p->v, WATCH_LOGS, logs_req(p, p->tail_lines), p->poll_ms);
	p->polling = true;
}

static void stop_polling(struct lv *p)
{
	if (!p->polling)
		return;
	app_unwatch(p->v->app, WATCH_LOGS);
	p->polling = false;
}

static int exec_interval(const struct lv *p)
{
	return lv_active(p) ? p->poll_ms : app_refresh_ms(p->v->app, false);
}

/* Watches the execution, loads the log, polls while it runs. Called when
 * the view shows with a known execution id. */
static void start(struct lv *p)
{
	struct app *a = p->v->app;
	p->exec_ms = exec_interval(p);
	app_watch(a, p->v, WATCH_EXECUTION, wreq_new(WREQ_EXECUTION, p->team, p->job, p->exec_id), p->exec_ms);
	if (!p->loaded || p->gap)
		fetch_whole_once(p);
	if ((p->loaded || p->waiting) && lv_active(p) && p->exec)
		start_polling(p);
}

/* ---- results ---- */

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? xstrdup(s) : NULL;
}

/* The mark's place among the matching lines ("3/17"), 0 when it is
 * gone or no match: a binary search in the store's match set. */
static size_t mark_ordinal(const struct lv *p)
{
	uint64_t first = logbuf_first_seq(p->lb);
	if (!p->has_mark || p->mark_seq < first || p->mark_seq - first >= logbuf_count(p->lb))
		return 0;
	return logbuf_search_ordinal(p->lb, (size_t)(p->mark_seq - first));
}

static int on_executions(struct lv *p, struct wresult *r)
{
	if (r->req->id != p->lookup)
		return R_NONE;
	p->lookup = 0;
	if (!r->ok) {
		set_str(&p->exec_error, r->err.message ? r->err.message : "cannot list the executions");
		return R_REDRAW;
	}
	struct execution_list *l = r->u.executions;
	if (!l || l->n == 0) {
		p->no_execution = true;
		return R_REDRAW;
	}
	executions_sort_newest_first(l->v, l->n);
	if (str_empty(l->v[0].id)) {
		/* Nothing can ask for its state or log: say so once, and send
		 * no request that could only fail (and be retried) forever. */
		p->no_id = true;
		set_str(&p->exec_error, "the service listed the newest execution without an id: its log cannot be read");
		return R_REDRAW;
	}
	p->exec_id = xstrdup(l->v[0].id);
	set_str(&p->exec_error, NULL);
	start(p);
	return R_REDRAW | R_LAYOUT;
}

/* A 404 for the execution or its log: gone after a restart of the
 * service or by retention. Asking again changes nothing, and what was
 * running must not keep counting as running. */
static int mark_gone(struct lv *p)
{
	if (!p->gone) {
		p->gone = true;
		app_message(p->v->app, MSG_WARN, "%s is gone: the service no longer has it (restart or retention)",
			    p->exec_id ? p->exec_id : "the execution");
	}
	set_str(&p->exec_error, "execution gone: the service no longer has it; polling stopped");
	stop_polling(p);
	app_unwatch(p->v->app, WATCH_EXECUTION);
	p->waiting = false;
	return R_REDRAW | R_LAYOUT;
}

static int on_execution(struct lv *p, struct wresult *r)
{
	struct app *a = p->v->app;
	if (!r->ok && r->err.http_status == 404)
		return mark_gone(p);
	if (!r->ok) {
		set_str(&p->exec_error, r->err.message ? r->err.message : "cannot read the execution");
		return R_REDRAW;
	}
	if (!r->u.execution)
		return R_NONE;
	set_str(&p->exec_error, NULL);
	if (p->exec) {
		execution_clear(p->exec);
		free(p->exec);
	}
	p->exec = r->u.execution;
	r->u.execution = NULL;
	if (lv_active(p)) {
		p->seen_active = true;
		if (p->loaded || p->waiting || !p->full_req)
			start_polling(p);
	} else if (p->seen_active && !p->final_fetched) {
		/* Final: the log is complete. One last fetch picks up what
		 * was written between the last poll and the end. */
		p->final_fetched = true;
		stop_polling(p);
		if (!p->full_req)
			p->last_req = app_submit(a, p->v, logs_req(p, p->tail_lines));
	}
	int want = exec_interval(p);
	if (want != p->exec_ms) {
		app_set_interval(a, WATCH_EXECUTION, want);
		p->exec_ms = want;
	}
	return R_REDRAW | R_LAYOUT;
}

/* Merges one answer, keeping the view where it was. whole: the answer
 * to the load (or repair) request, asked with tail_lines = tail. Lines
 * over LOGS_LINE_MAX came cut (the request's line_max). The store may
 * take the text's chunks over. */
static int merge(struct lv *p, struct logtext *text, long tail, bool whole)
{
	struct logs_vp_src s = lv_src(p);
	size_t top = logs_vp_index(&p->vp, &s), row = p->vp.row;
	enum logbuf_merge_result res;
	if (text->cut)
		p->lines_cut = true; /* the store no longer holds the server's bytes: saving fetches them */
	if (whole && text->lines >= (size_t)tail) {
		/* A full tail: the log may begin before it, so it is not
		 * matched as the whole log; it replaces what is stored (a gap
		 * being repaired) and saving must fetch the whole log. */
		p->head_missing = true;
		bool had = logbuf_count(p->lb) > 0;
		logbuf_clear(p->lb);
		res = logbuf_merge_text(p->lb, text, (size_t)tail);
		if (had)
			res = LOGBUF_RESET;
	} else {
		res = logbuf_merge_text(p->lb, text, tail > 0 ? (size_t)tail : 0);
	}
	p->loaded = true;
	if (whole)
		p->gap = false;
	switch (res) {
	case LOGBUF_UNCHANGED:
		return R_NONE;
	case LOGBUF_GAP:
		/* More lines arrived than a tail holds: the marker line shows
		 * where, and the whole log repairs it. */
		p->gap = true;
		fetch_whole_once(p);
		break;
	case LOGBUF_RESET:
		p->gap = false; /* the store holds exactly what was sent */
		/* Sequence numbers moved on: keep the same place by index. */
		p->vp.seq = logbuf_first_seq(p->lb) + top;
		p->vp.row = row;
		p->has_mark = false;
		break;
	case LOGBUF_APPENDED:
		break;
	}
	s = lv_src(p);
	logs_vp_sync(&p->vp, &s);
	return R_REDRAW;
}

static int on_logs(struct lv *p, struct wresult *r)
{
	unsigned long id = r->req->id;
	bool whole = id == p->full_req, last = id == p->last_req;
	bool poll = r->watch == WATCH_LOGS;
	if (id == p->save_req)
		return lv_save_result(p, r);
	if (!whole && !last && !poll)
		return R_NONE;
	if (whole)
		p->full_req = 0;
	if (last)
		p->last_req = 0;
	if (!r->ok) {
		if (r->err.http_status == 404)
			return mark_gone(p);
		if (r->err.http_status == 503) {
			/* The pod has not started: keep polling until it has. */
			p->waiting = true;
			set_str(&p->log_error, NULL);
			if (lv_active(p))
				start_polling(p);
		} else {
			set_str(&p->log_error, r->err.message ? r->err.message : "cannot read the log");
		}
		return R_REDRAW;
	}
	/* A tail that lands before the first whole load would only be
	 * merged again: wait for the whole. */
	if (poll && !p->loaded && p->full_req)
		return R_NONE;
	bool notes = p->waiting || p->log_error || !p->loaded;
	p->waiting = false;
	set_str(&p->log_error, NULL);
	struct logtext empty;
	logtext_view(&empty, "", 0);
	int bits = merge(p, r->u.log ? r->u.log : &empty, r->req->tail_lines, whole) | (notes ? R_REDRAW : R_NONE);
	if (whole && lv_active(p) && p->exec)
		start_polling(p);
	return bits;
}

static int logs_on_result(struct view *v, struct wresult *r)
{
	struct lv *p = v->priv;
	if (r->type != WRESULT_DONE || !r->req || !str_eq(r->req->job, p->job))
		return R_NONE;
	if (r->req->kind == WREQ_EXECUTIONS)
		return on_executions(p, r);
	if (!p->exec_id || !str_eq(r->req->execution, p->exec_id))
		return R_NONE;
	if (r->req->kind == WREQ_EXECUTION)
		return on_execution(p, r);
	if (r->req->kind == WREQ_LOGS)
		return on_logs(p, r);
	return R_NONE;
}

/* ---- actions ---- */

static int moved(bool changed)
{
	return changed ? R_REDRAW : R_NONE;
}

static int scroll_by(struct lv *p, long delta)
{
	struct logs_vp_src s = lv_src(p);
	bool was = p->vp.follow;
	bool changed = logs_vp_scroll(&p->vp, &s, delta);
	return moved(changed || was != p->vp.follow);
}

/* Where n, N, ] and [ continue from: the line the last jump landed on
 * while it is on screen, otherwise the top line. */
static size_t jump_from(struct lv *p, int dir)
{
	struct logs_vp_src s = lv_src(p);
	size_t n = logbuf_count(p->lb);
	uint64_t first = logbuf_first_seq(p->lb);
	if (p->has_mark && p->mark_seq >= first && p->mark_seq - first < n &&
	    logs_vp_visible(&p->vp, &s, (size_t)(p->mark_seq - first)))
		return (size_t)(p->mark_seq - first);
	size_t top = logs_vp_index(&p->vp, &s);
	if (dir > 0)
		return top > 0 ? top - 1 : n; /* the top line itself comes first */
	return top;
}

static int jump_to(struct lv *p, size_t idx)
{
	struct logs_vp_src s = lv_src(p);
	p->has_mark = true;
	p->mark_seq = logbuf_first_seq(p->lb) + idx;
	logs_vp_show(&p->vp, &s, idx, s.height / 3);
	return R_REDRAW | R_LAYOUT;
}

static int search_step(struct lv *p, int dir)
{
	const char *q = logbuf_search_query(p->lb);
	if (!q) {
		app_message(p->v->app, MSG_INFO, "no search: / starts one");
		return R_NONE;
	}
	size_t idx;
	if (!logbuf_search_next(p->lb, jump_from(p, dir), dir, &idx)) {
		app_message(p->v->app, MSG_WARN, "no line matches /%s", q);
		return R_LAYOUT;
	}
	return jump_to(p, idx);
}

/* Matches lines for a few milliseconds; the rest waits for the next loop
 * pass, so a million lines never hold up a key. True when done. */
static bool search_slice(struct lv *p)
{
	long long t0 = now_ms();
	while (logbuf_search_more(p->lb, SEARCH_SLICE_LINES))
		if (now_ms() - t0 >= SEARCH_SLICE_MS)
			return false;
	return true;
}

static int search_continue(struct lv *p)
{
	if (!search_slice(p))
		return R_REDRAW | R_LAYOUT; /* the status line shows the progress */
	p->searching = false;
	const char *q = logbuf_search_query(p->lb);
	size_t n = logbuf_search_count(p->lb);
	trace_event("search-done lines=%zu matches=%zu ms=%lld", logbuf_count(p->lb), n, now_ms() - p->search_t0);
	if (!p->search_jump || !q)
		return R_REDRAW | R_LAYOUT;
	p->search_jump = false;
	if (n == 0) {
		app_message(p->v->app, MSG_WARN, "no line matches /%s", q);
		return R_REDRAW | R_LAYOUT;
	}
	return search_step(p, 1) | R_REDRAW;
}

static int search_begin(struct lv *p, const char *query, bool jump)
{
	logbuf_search_start(p->lb, query, p->show_ts);
	p->searching = !str_empty(query);
	p->search_jump = jump;
	p->search_t0 = now_ms();
	if (!p->searching)
		return R_REDRAW | R_LAYOUT;
	return search_continue(p);
}

int lv_search_set(struct lv *p, const char *query)
{
	p->has_mark = false;
	return search_begin(p, query, true);
}

static int error_step(struct lv *p, int dir)
{
	size_t idx;
	size_t from = jump_from(p, dir);
	if (!logbuf_error_next(p->lb, from, dir, &idx)) {
		app_message(p->v->app, MSG_INFO, "no error lines in this log");
		return R_NONE;
	}
	/* The search wraps around the ends: say so rather than jump back
	 * silently, so "no further error" is never mistaken for one. */
	if (from < logbuf_count(p->lb) && (dir > 0 ? idx <= from : idx >= from))
		app_message(p->v->app, MSG_INFO, dir > 0 ? "no further error below: back to the first one"
							 : "no further error above: on to the last one");
	return jump_to(p, idx);
}

static int toggle_ts(struct lv *p)
{
	p->show_ts = !p->show_ts;
	/* Matches are found on the text as shown. */
	const char *q = logbuf_search_query(p->lb);
	if (q) {
		char *copy = xstrdup(q);
		search_begin(p, copy, false);
		free(copy);
	}
	app_message(p->v->app, MSG_INFO, p->show_ts ? "K8s timestamps shown" : "K8s timestamps hidden where the line has its own");
	return R_REDRAW | R_LAYOUT;
}

static int logs_on_action(struct view *v, enum action act, const char *arg)
{
	struct lv *p = v->priv;
	long h = lv_body_rows(p);
	struct logs_vp_src s;
	switch (act) {
	case ACT_UP:
		return scroll_by(p, -1);
	case ACT_DOWN:
		return scroll_by(p, 1);
	case ACT_PAGE_UP:
		return scroll_by(p, -(h > 1 ? h - 1 : 1));
	case ACT_PAGE_DOWN:
		return scroll_by(p, h > 1 ? h - 1 : 1);
	case ACT_TOP:
		s = lv_src(p);
		return moved(logs_vp_home(&p->vp, &s));
	case ACT_BOTTOM:
	case ACT_FOLLOW:
		s = lv_src(p);
		return moved(logs_vp_end(&p->vp, &s));
	case ACT_LEFT:
	case ACT_RIGHT: {
		if (p->wrap)
			return R_NONE;
		size_t step = v->cols > 8 ? (size_t)v->cols / 4 : 2;
		size_t old = p->hcol;
		if (act == ACT_LEFT)
			p->hcol = p->hcol > step ? p->hcol - step : 0;
		else
			p->hcol += step;
		return p->hcol != old ? R_REDRAW | R_LAYOUT : R_NONE;
	}
	case ACT_WRAP:
		p->wrap = !p->wrap;
		p->hcol = 0;
		app_message(v->app, MSG_INFO, p->wrap ? "long lines wrapped" : "long lines cut (h/l or Left/Right scroll)");
		return R_REDRAW | R_LAYOUT;
	case ACT_TIMESTAMPS:
		return toggle_ts(p);
	case ACT_SEARCH:
		lineedit_set(&p->le, logbuf_search_query(p->lb));
		lv_set_prompt(p, LP_SEARCH);
		return R_REDRAW | R_LAYOUT;
	case ACT_SEARCH_NEXT:
		return search_step(p, 1);
	case ACT_SEARCH_PREV:
		return search_step(p, -1);
	case ACT_NEXT_ERROR:
		return error_step(p, 1);
	case ACT_PREV_ERROR:
		return error_step(p, -1);
	case ACT_SAVE:
		if (!p->exec_id) {
			app_message(v->app, MSG_WARN, "no execution to save yet");
			return R_NONE;
		}
		if (!str_empty(arg))
			return lv_save_named(p, arg);
		{
			char *name = logs_default_filename(p->job, p->exec_id);
			lineedit_set(&p->le, name);
			free(name);
		}
		lv_set_prompt(p, LP_SAVE);
		return R_REDRAW | R_LAYOUT;
	case ACT_REFRESH:
		/* A log that failed to load, or has a gap, is fetched whole
		 * again; the app refreshes the watches. */
		if (p->exec_id && (!p->loaded || p->gap || p->log_error))
			fetch_whole_once(p);
		return R_UNHANDLED;
	default:
		return R_UNHANDLED;
	}
}

static int logs_on_key(struct view *v, int key, bool is_char)
{
	struct lv *p = v->priv;
	if (p->prompt == LP_NONE)
		return R_UNHANDLED;
	if (is_char && key == 0x1b) {
		lv_set_prompt(p, LP_NONE);
		free(p->save_path);
		p->save_path = NULL;
		return R_REDRAW | R_LAYOUT;
	}
	if (is_char && key == '\n')
		return lv_prompt_submit(p);
	lineedit_handle_key(&p->le, key, is_char);
	return R_REDRAW;
}

static int logs_on_mouse(struct view *v, int y, int x, int wheel)
{
	struct lv *p = v->priv;
	return wheel ? scroll_by(p, wheel) : R_NONE;
}

/* ---- life cycle ---- */

static void logs_on_show(struct view *v)
{
	struct lv *p = v->priv;
	if (p->gone)
		return;
	if (p->exec_id) {
		start(p);
	} else if (!p->lookup && !p->no_execution && !p->no_id) {
		struct wreq *r = wreq_new(WREQ_EXECUTIONS, p->team, p->job, NULL);
		r->page_size = 1;
		p->lookup = app_submit(v->app, v, r);
	}
}

static void logs_on_hide(struct view *v)
{
	struct lv *p = v->priv;
	app_unwatch(v->app, WATCH_EXECUTION);
	app_unwatch(v->app, WATCH_LOGS);
	p->polling = false;
	if (p->prompt != LP_NONE)
		curs_set(0);
}

static void logs_on_resize(struct view *v)
{
	struct lv *p = v->priv;
	struct logs_vp_src s = lv_src(p);
	logs_vp_sync(&p->vp, &s);
}

/* The duration in the header runs while the execution does; a search
 * goes on a slice per loop pass. */
static int logs_on_tick(struct view *v, long long now)
{
	struct lv *p = v->priv;
	if (p->searching)
		return search_continue(p);
	return R_REDRAW;
}

static long long logs_next_tick(struct view *v, long long now)
{
	struct lv *p = v->priv;
	if (p->searching)
		return now + 1;
	return p->exec && lv_active(p) && p->exec->start_time > 0 ? now + 1000 : 0;
}

static void logs_title(struct view *v, struct strbuf *out)
{
	struct lv *p = v->priv;
	strbuf_printf(out, "logs %s/%s", p->job, p->exec_id ? p->exec_id : "\u2026");
}

static void logs_status(struct view *v, struct strbuf *out)
{
	struct lv *p = v->priv;
	char n1[32], n2[32];
	/* Tab-separated parts, most important first (chrome_draw_status):
	 * the position, following or not, the search, the column. */
	size_t count = logbuf_count(p->lb);
	if (count) {
		struct logs_vp_src src = lv_src(p);
		size_t top = logs_vp_index(&p->vp, &src) + 1;
		size_t pct = logs_vp_at_bottom(&p->vp, &src) ? 100 : top * 100 / count;
		strbuf_printf(out, "line %s/%s (%zu%%)", logs_fmt_count(top, n1, sizeof n1),
			      logs_fmt_count(count, n2, sizeof n2), pct);
	} else {
		strbuf_puts(out, "no lines");
	}
	/* While paused, how many lines arrived below since (the screen
	 * holds still, so they are easy to miss). */
	struct logs_vp_src end_src = lv_src(p);
	uint64_t end = end_src.first_seq + end_src.count;
	if (p->vp.follow || p->pause_end > end)
		p->pause_end = end;
	const char *mode = lv_mode_word(p);
	if (mode && !p->vp.follow && lv_active(p) && end > p->pause_end)
		strbuf_printf(out, "\tPAUSED  %s new below", logs_fmt_count((size_t)(end - p->pause_end), n1, sizeof n1));
	else if (mode)
		strbuf_printf(out, "\t%s", mode);
	const char *q = logbuf_search_query(p->lb);
	if (q) {
		size_t total = logbuf_search_count(p->lb), ord = mark_ordinal(p);
		strbuf_puts(out, "\t");
		if (p->searching)
			strbuf_printf(out, "/%s searching %zu %%, %s found", q,
				      count ? logbuf_search_progress(p->lb) * 100 / count : 100,
				      logs_fmt_count(total, n2, sizeof n2));
		else if (total == 0)
			strbuf_printf(out, "/%s no match", q);
		else if (ord)
			strbuf_printf(out, "/%s %s/%s", q, logs_fmt_count(ord, n1, sizeof n1),
				      logs_fmt_count(total, n2, sizeof n2));
		else
			strbuf_printf(out, "/%s %s matches", q, logs_fmt_count(total, n2, sizeof n2));
	}
	if (!p->wrap && p->hcol)
		strbuf_printf(out, "\tcol %zu", p->hcol + 1);
}

static void logs_fini(struct view *v)
{
	struct lv *p = v->priv;
	if (p->exec) {
		execution_clear(p->exec);
		free(p->exec);
	}
	logbuf_free(p->lb);
	lineedit_free(&p->le);
	san_buf_free(&p->sb);
	free(p->starts);
	free(p->ranges);
	free(p->team);
	free(p->job);
	free(p->exec_id);
	free(p->exec_error);
	free(p->log_error);
	free(p->save_path);
	free(p->save_pending);
	free(p);
}

/* The logs view knows one execution: `x` cancels that one. */
static bool logs_target(struct view *v, struct view_target *t)
{
	struct lv *p = v->priv;
	if (!p->job)
		return false;
	t->team = p->team;
	t->job = p->job;
	t->exec_id = p->exec_id;
	t->exec_status = p->exec && lv_active(p) ? EXEC_RUNNING : EXEC_UNKNOWN;
	return true;
}

#define LOGS_OPS_FIELDS                      \
	.name = "logs",                      \
	.mask = VM_LOGS,                     \
	.fini = logs_fini,                   \
	.on_show = logs_on_show,             \
	.on_hide = logs_on_hide,             \
	.on_resize = logs_on_resize,         \
	.draw = lv_draw,                     \
	.on_action = logs_on_action,         \
	.on_key = logs_on_key,               \
	.on_result = logs_on_result,         \
	.on_tick = logs_on_tick,             \
	.next_tick = logs_next_tick,         \
	.title = logs_title,                 \
	.status = logs_status,               \
	.on_mouse = logs_on_mouse,           \
	.target = logs_target

/* While a prompt is open the view takes raw keys, so typed letters are
 * text, not commands. */
static const struct view_ops logs_ops = {LOGS_OPS_FIELDS, .flags = 0};
static const struct view_ops logs_edit_ops = {LOGS_OPS_FIELDS, .flags = VF_TEXTINPUT};

struct view *logs_view_new(struct app *a, const char *team, const char *job, const char *exec_id)
{
	struct lv *p = xcalloc(1, sizeof(*p));
	const struct config *cfg = app_config(a);
	p->team = xstrdup(team);
	p->job = xstrdup(job ? job : "");
	p->exec_id = str_empty(exec_id) ? NULL : xstrdup(exec_id);
	p->lb = logbuf_new(cfg && cfg->scrollback > 0 ? (size_t)cfg->scrollback : 0);
	p->poll_ms = cfg && cfg->log_poll_ms > 0 ? cfg->log_poll_ms : DEFAULT_POLL_MS;
	p->tail_lines = cfg && cfg->log_tail_lines > 0 ? cfg->log_tail_lines : DEFAULT_TAIL_LINES;
	/* One timestamp a line: VDK's own, when the line has one (t shows K8s's too). */
	p->show_ts = false;
	p->wrap = true;
	logs_vp_init(&p->vp, true);
	lineedit_init(&p->le, 0);
	struct view *v = view_new(a, &logs_ops, p);
	p->v = v;
	return v;
}
