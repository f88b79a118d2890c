/* An execution and the tail of its log: details on top, the last
 * TAIL_LINES log lines below, scrollable, polled while it runs. Every
 * line is sanitised before it is kept. */
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "ui/app.h"
#include "ui/rowfmt.h"
#include "ui/table.h"
#include "ui/theme.h"

#define TAIL_LINES 200
#define HEAD_LINES 3

struct lv {
	struct view *v;
	char *team, *job, *exec_id;
	unsigned long lookup;       /* request finding the newest execution */
	struct execution *exec;
	struct strlist lines;
	bool logs_loaded, no_execution;
	char *error;
	size_t top;
	bool follow;
};

static const struct view_ops logs_ops;

static int body_rows(const struct lv *p)
{
	int h = p->v->lines - HEAD_LINES;
	return h > 1 ? h : 1;
}

static size_t max_top(const struct lv *p)
{
	size_t h = (size_t)body_rows(p);
	return p->lines.n > h ? p->lines.n - h : 0;
}

static bool active(const struct lv *p)
{
	return !p->exec || exec_status_is_active(p->exec->status);
}

static void start_watches(struct lv *p)
{
	struct app *a = p->v->app;
	int ms = app_refresh_ms(a, active(p));
	app_watch(a, p->v, WATCH_EXECUTION, wreq_new(WREQ_EXECUTION, p->team, p->job, p->exec_id), ms);
	struct wreq *r = wreq_new(WREQ_LOGS, p->team, p->job, p->exec_id);
	r->tail_lines = TAIL_LINES;
	app_watch(a, p->v, WATCH_LOGS, r, ms);
}

static void set_lines(struct lv *p, const char *data, size_t len)
{
	strlist_clear(&p->lines);
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && data[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		char *raw = xstrndup(data + start, i - start);
		/* xstrndup stops at a NUL byte: count it as the line's end */
		char *safe = sanitize_str(raw);
		strlist_push(&p->lines, safe);
		free(safe);
		free(raw);
		start = i + 1;
	}
	/* keep the last TAIL_LINES only */
	if (p->lines.n > TAIL_LINES) {
		size_t drop = p->lines.n - TAIL_LINES;
		for (size_t i = 0; i < drop; i++)
			free(p->lines.v[i]);
		memmove(p->lines.v, p->lines.v + drop, TAIL_LINES * sizeof(*p->lines.v));
		p->lines.n = TAIL_LINES;
	}
}

static int logs_on_result(struct view *v, struct wresult *r)
{
	struct lv *p = v->priv;
	if (r->type != WRESULT_DONE || !r->req || !str_eq(r->req->job, p->job))
		return R_NONE;
	if (r->req->kind == WREQ_EXECUTIONS) {
		if (r->req->id != p->lookup)
			return R_NONE;
		p->lookup = 0;
		if (!r->ok) {
			free(p->error);
			p->error = xstrdup(r->err.message ? r->err.message : "request failed");
			return R_REDRAW;
		}
		struct execution_list *l = r->u.executions;
		if (!l || l->n == 0) {
			p->no_execution = true;
			return R_REDRAW;
		}
		executions_sort_newest_first(l->v, l->n);
		p->exec_id = xstrdup(l->v[0].id);
		start_watches(p);
		return R_REDRAW | R_LAYOUT;
	}
	if (!str_eq(r->req->execution, p->exec_id))
		return R_NONE;
	if (!r->ok) {
		if (!p->logs_loaded || r->req->kind == WREQ_EXECUTION) {
			free(p->error);
			p->error = xstrdup(r->err.message ? r->err.message : "request failed");
			return R_REDRAW;
		}
		return R_NONE;
	}
	free(p->error);
	p->error = NULL;
	if (r->req->kind == WREQ_EXECUTION && r->u.execution) {
		bool was = active(p);
		if (p->exec) {
			execution_clear(p->exec);
			free(p->exec);
		}
		p->exec = r->u.execution;
		r->u.execution = NULL;
		if (was != active(p)) {
			int ms = app_refresh_ms(v->app, active(p));
			app_set_interval(v->app, WATCH_EXECUTION, ms);
			app_set_interval(v->app, WATCH_LOGS, ms);
		}
		return R_REDRAW | R_LAYOUT;
	}
	if (r->req->kind == WREQ_LOGS) {
		set_lines(p, r->u.text.data ? r->u.text.data : "", r->u.text.data ? r->u.text.len : 0);
		p->logs_loaded = true;
		if (p->follow || p->top > max_top(p))
			p->top = max_top(p);
		return R_REDRAW;
	}
	return R_NONE;
}

static void put_fit(WINDOW *w, int y, int x, int width, enum theme_element el, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	table_fit(s, width, TABLE_LEFT, theme_unicode(), &sb);
	wattrset(w, theme_attr(el));
	mvwaddstr(w, y, x, sb.buf ? sb.buf : "");
	strbuf_free(&sb);
}

static void logs_draw(struct view *v)
{
	struct lv *p = v->priv;
	WINDOW *w = v->win;
	if (!w)
		return;
	werase(w);
	struct app *a = v->app;
	char st[64], when[64], dur[32];
	const struct execution *e = p->exec;
	char *head;
	if (e) {
		time_t now = app_now(a);
		long long d = e->start_time <= 0 ? -1
			: e->end_time > 0 ? (long long)(e->end_time - e->start_time)
			: (long long)(now - e->start_time);
		head = xasprintf("%s / %s  %s  started %s  %s  by %s", p->job, p->exec_id,
				 rowfmt_status(e->status, true, theme_unicode(), st, sizeof st),
				 rowfmt_when(e->start_time, now, app_utc(a), when, sizeof when),
				 rowfmt_duration(d, dur, sizeof dur), e->started_by ? e->started_by : "-");
	} else {
		head = xasprintf("%s / %s", p->job, p->exec_id ? p->exec_id : "newest execution");
	}
	put_fit(w, 0, 0, v->cols, EL_TITLE, head);
	free(head);
	if (e && e->message)
		put_fit(w, 1, 0, v->cols, exec_status_is_failure(e->status) ? EL_STATUS_FAILED : EL_VALUE, e->message);
	const char *note = NULL;
	if (p->error)
		note = p->error;
	else if (p->no_execution)
		note = "this job has no executions";
	else if (!p->logs_loaded)
		note = "loading the log\u2026";
	else if (p->lines.n == 0)
		note = e && e->logs_url ? e->logs_url : "the service keeps no log for this execution";
	if (note)
		put_fit(w, HEAD_LINES, 1, v->cols - 1, p->error ? EL_ERROR : EL_DIM, note);
	int h = body_rows(p);
	for (int k = 0; k < h && p->top + (size_t)k < p->lines.n; k++)
		put_fit(w, HEAD_LINES + k, 0, v->cols, EL_NORMAL, p->lines.v[p->top + (size_t)k]);
	wattrset(w, theme_attr(EL_NORMAL));
}

static int scroll_to(struct lv *p, long top)
{
	long mt = (long)max_top(p);
	if (top > mt)
		top = mt;
	if (top < 0)
		top = 0;
	p->follow = top == mt;
	if ((size_t)top == p->top)
		return R_NONE;
	p->top = (size_t)top;
	return R_REDRAW;
}

static int logs_on_action(struct view *v, enum action act, const char *arg)
{
	struct lv *p = v->priv;
	long h = body_rows(p);
	switch (act) {
	case ACT_UP:
		return scroll_to(p, (long)p->top - 1);
	case ACT_DOWN:
		return scroll_to(p, (long)p->top + 1);
	case ACT_PAGE_UP:
		return scroll_to(p, (long)p->top - h);
	case ACT_PAGE_DOWN:
		return scroll_to(p, (long)p->top + h);
	case ACT_TOP:
		return scroll_to(p, 0);
	case ACT_BOTTOM:
	case ACT_FOLLOW:
		return scroll_to(p, (long)max_top(p));
	default:
		return R_UNHANDLED;
	}
}

static void logs_on_show(struct view *v)
{
	struct lv *p = v->priv;
	if (p->exec_id) {
		start_watches(p);
	} else if (!p->lookup && !p->no_execution) {
		struct wreq *r = wreq_new(WREQ_EXECUTIONS, p->team, p->job, NULL);
		r->page_size = 1;
		p->lookup = app_submit(v->app, v, r);
	}
}

static void logs_on_hide(struct view *v)
{
	app_unwatch(v->app, WATCH_EXECUTION);
	app_unwatch(v->app, WATCH_LOGS);
}

static void logs_title(struct view *v, struct strbuf *out)
{
	struct lv *p = v->priv;
	strbuf_printf(out, "logs %s/%s", p->job, p->exec_id ? p->exec_id : "...");
}

static void logs_status(struct view *v, struct strbuf *out)
{
	struct lv *p = v->priv;
	strbuf_printf(out, "%s  last %zu lines", p->follow ? "FOLLOW" : "PAUSED", p->lines.n);
}

static int logs_on_mouse(struct view *v, int y, int x, int wheel)
{
	struct lv *p = v->priv;
	return wheel ? scroll_to(p, (long)p->top + wheel) : R_NONE;
}

static void logs_fini(struct view *v)
{
	struct lv *p = v->priv;
	if (p->exec) {
		execution_clear(p->exec);
		free(p->exec);
	}
	strlist_clear(&p->lines);
	free(p->team);
	free(p->job);
	free(p->exec_id);
	free(p->error);
	free(p);
}

static const struct view_ops logs_ops = {
	.name = "logs",
	.mask = VM_LOGS,
	.fini = logs_fini,
	.on_show = logs_on_show,
	.on_hide = logs_on_hide,
	.draw = logs_draw,
	.on_action = logs_on_action,
	.on_result = logs_on_result,
	.title = logs_title,
	.status = logs_status,
	.on_mouse = logs_on_mouse,
};

struct view *logs_view_new(struct app *a, const char *team, const char *job, const char *exec_id)
{
	struct lv *p = xcalloc(1, sizeof(*p));
	p->team = xstrdup(team);
	p->job = xstrdup(job ? job : "");
	p->exec_id = xstrdup(exec_id);
	p->follow = true;
	struct view *v = view_new(a, &logs_ops, p);
	p->v = v;
	return v;
}
