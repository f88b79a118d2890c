/* ':log': the writes of this session as a table (time, action, job,
 * outcome, X-OPID), so a support ticket can name the exact requests;
 * Enter shows one entry whole: method and path, HTTP status, the
 * server's message. */
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "timefmt.h"
#include "ui/actionlog_view.h"
#include "ui/app.h"
#include "ui/cell.h"
#include "ui/chrome.h"
#include "ui/textfit.h"
#include "ui/theme.h"
#include "ui/view.h"

struct alog {
	size_t top, sel;
	bool at_end;   /* follow new entries */
	bool detail;   /* Enter: the selected entry whole */
};

enum { C_TIME, C_ACTION, C_JOB, C_OUTCOME, C_OPID, C_COUNT };

static size_t body_rows(struct view *v)
{
	return v->lines > 1 ? (size_t)v->lines - 1 : 1;
}

static void clamp(struct view *v)
{
	struct alog *l = v->priv;
	size_t n = app_action_count(v->app), vis = body_rows(v);
	if (l->at_end && n)
		l->sel = n - 1;
	if (l->sel >= n)
		l->sel = n ? n - 1 : 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + vis)
		l->top = l->sel - vis + 1;
}

/* Column widths for the window: time, action and the X-OPID whole, the
 * job and the outcome share the rest (the job a little more). */
static void widths(const struct view *v, int *w)
{
	int opid = 6, act = 6;
	size_t n = app_action_count(v->app);
	for (size_t i = 0; i < n; i++) {
		const struct app_action *e = app_action_at(v->app, i);
		int ow = chrome_width(e->op_id), aw = chrome_width(e->action);
		if (ow > opid)
			opid = ow;
		if (aw > act)
			act = aw;
	}
	if (opid > v->cols / 3)
		opid = v->cols / 3;
	w[C_TIME] = 8;
	w[C_ACTION] = act > 12 ? 12 : act;
	w[C_OPID] = opid;
	int flex = v->cols - 2 - 4 * 2 - w[C_TIME] - w[C_ACTION] - opid;
	if (flex < 10)
		flex = 10;
	w[C_JOB] = flex * 11 / 20;
	w[C_OUTCOME] = flex - w[C_JOB];
}

static void put_cells(WINDOW *w, int y, const int *wd, const char *const *cells)
{
	struct strbuf sb = STRBUF_INIT;
	bool uni = theme_unicode();
	for (int c = 0; c < C_COUNT; c++) {
		char *s = sanitize_str(cells[c] ? cells[c] : "-");
		if (c)
			strbuf_puts(&sb, "  ");
		cell_fit(s, wd[c], CELL_LEFT, uni, &sb);
		free(s);
	}
	wmove(w, y, 1);
	chrome_put(w, sb.buf, getmaxx(w) - 2);
	strbuf_free(&sb);
}

static void when_text(const struct view *v, time_t t, char *buf, size_t n)
{
	struct tm tm;
	if (app_utc(v->app))
		gmtime_r(&t, &tm);
	else
		localtime_r(&t, &tm);
	strftime(buf, n, "%H:%M:%S", &tm);
}

static bool is_bad(const struct app_action *e)
{
	return e->status >= 400 || (e->outcome && (str_contains_ci(e->outcome, "fail") || str_contains_ci(e->outcome, "error")));
}

/* One labelled field, its value wrapped at word boundaries. */
static void field(WINDOW *w, int *y, int last, const char *label, const char *value, int attr)
{
	int x = 14, width = getmaxx(w) - x - 1;
	if (*y >= last || width < 1)
		return;
	wattrset(w, theme_attr(EL_LABEL));
	mvwaddstr(w, *y, 1, label);
	char *s = sanitize_str(str_empty(value) ? "-" : value);
	size_t len = strlen(s), nr = textfit_wrap(s, len, (size_t)width, NULL, 0);
	size_t *st = xcalloc(nr, sizeof *st);
	textfit_wrap(s, len, (size_t)width, st, nr);
	wattrset(w, attr);
	for (size_t r = 0; r < nr && *y < last; r++, (*y)++) {
		size_t end = r + 1 < nr ? st[r + 1] : len;
		char *row = xstrndup(s + st[r], end - st[r]);
		wmove(w, *y, x);
		chrome_put(w, row, width);
		free(row);
	}
	free(st);
	free(s);
}

static void draw_detail(struct view *v, const struct app_action *e)
{
	WINDOW *w = v->win;
	int y = 1, last = v->lines;
	char tbuf[32], st[32];
	when_text(v, e->when, tbuf, sizeof tbuf);
	if (e->status)
		snprintf(st, sizeof st, "%ld", e->status);
	else
		snprintf(st, sizeof st, "no answer");
	int norm = theme_attr(EL_VALUE);
	field(w, &y, last, "time", tbuf, norm);
	field(w, &y, last, "action", e->action, norm | A_BOLD);
	field(w, &y, last, "job", e->target, norm);
	field(w, &y, last, "request", e->operation, norm);
	field(w, &y, last, "status", st, theme_attr(is_bad(e) ? EL_ERROR : EL_VALUE));
	field(w, &y, last, "outcome", e->outcome, theme_attr(is_bad(e) ? EL_ERROR : EL_VALUE));
	field(w, &y, last, "message", e->message, norm);
	field(w, &y, last, "X-OPID", e->op_id, norm);
	if (y + 1 < last) {
		wattrset(w, theme_attr(EL_DIM));
		mvwaddstr(w, y + 1, 1, "q/Esc: back to the list");
	}
}

static void alog_draw(struct view *v)
{
	struct alog *l = v->priv;
	WINDOW *w = v->win;
	werase(w);
	clamp(v);
	size_t n = app_action_count(v->app);
	if (l->detail && n) {
		draw_detail(v, app_action_at(v->app, l->sel));
		wattrset(w, A_NORMAL);
		return;
	}
	int wd[C_COUNT];
	widths(v, wd);
	static const char *const head[C_COUNT] = {"TIME", "ACTION", "JOB", "OUTCOME", "X-OPID"};
	wattrset(w, theme_attr(EL_COLUMN_HEADER) | A_BOLD);
	put_cells(w, 0, wd, head);
	if (!n) {
		wattrset(w, theme_attr(EL_DIM));
		mvwaddstr(w, 2, 1, "no actions yet in this session");
	}
	for (size_t i = 0; i < body_rows(v) && l->top + i < n; i++) {
		const struct app_action *e = app_action_at(v->app, l->top + i);
		char tbuf[32];
		when_text(v, e->when, tbuf, sizeof tbuf);
		const char *cells[C_COUNT] = {tbuf, e->action, e->target, e->outcome, e->op_id};
		int attr = theme_attr(is_bad(e) ? EL_ERROR : EL_NORMAL);
		if (l->top + i == l->sel)
			attr = theme_attr(EL_SELECTED);
		wattrset(w, attr);
		if (l->top + i == l->sel) {
			wmove(w, (int)i + 1, 0);
			whline(w, ' ', v->cols);
		}
		put_cells(w, (int)i + 1, wd, cells);
	}
	wattrset(w, A_NORMAL);
}

static int alog_move(struct view *v, long d)
{
	struct alog *l = v->priv;
	size_t n = app_action_count(v->app);
	if (!n || l->detail)
		return R_NONE;
	size_t old = l->sel;
	long s = (long)l->sel + d;
	l->sel = s < 0 ? 0 : ((size_t)s >= n ? n - 1 : (size_t)s);
	l->at_end = l->sel == n - 1;
	return l->sel != old ? R_REDRAW | R_LAYOUT : R_NONE;
}

static int alog_action(struct view *v, enum action a, const char *arg)
{
	struct alog *l = v->priv;
	long page = (long)body_rows(v);
	long all = (long)app_action_count(v->app);
	switch (a) {
	case ACT_UP: return alog_move(v, -1);
	case ACT_DOWN: return alog_move(v, 1);
	case ACT_PAGE_UP: return alog_move(v, -page);
	case ACT_PAGE_DOWN: return alog_move(v, page);
	case ACT_TOP: return alog_move(v, -all);
	case ACT_BOTTOM: return alog_move(v, all);
	case ACT_OPEN:
		if (!all || l->detail)
			return R_NONE;
		l->detail = true;
		return R_REDRAW | R_LAYOUT;
	case ACT_BACK:
		if (!l->detail)
			return R_UNHANDLED;
		l->detail = false;
		return R_REDRAW | R_LAYOUT;
	case ACT_ACTION_LOG: return R_NONE;
	default: return R_UNHANDLED;
	}
}

static void alog_title(struct view *v, struct strbuf *out)
{
	struct alog *l = v->priv;
	if (l->detail)
		strbuf_puts(out, "action log entry");
	else
		strbuf_printf(out, "actions of this session (%zu)", app_action_count(v->app));
}

static void alog_status(struct view *v, struct strbuf *out)
{
	struct alog *l = v->priv;
	size_t n = app_action_count(v->app);
	if (n)
		strbuf_printf(out, "row %zu/%zu", l->sel + 1, n);
	else
		strbuf_puts(out, "no rows");
}

static int alog_mouse(struct view *v, int y, int x, int wheel)
{
	struct alog *l = v->priv;
	if (wheel)
		return alog_move(v, wheel);
	if (l->detail || y < 1)
		return R_NONE;
	size_t i = l->top + (size_t)(y - 1);
	if (i >= app_action_count(v->app))
		return R_NONE;
	return alog_move(v, (long)i - (long)l->sel);
}

static void alog_fini(struct view *v)
{
	free(v->priv);
}

static const struct view_ops alog_ops = {
	.name = "log",
	.mask = VM_OTHER,
	.flags = VF_ACTION_LOG,
	.fini = alog_fini,
	.draw = alog_draw,
	.on_action = alog_action,
	.title = alog_title,
	.status = alog_status,
	.on_mouse = alog_mouse,
};

struct view *action_log_view_new(struct app *a)
{
	struct alog *l = xcalloc(1, sizeof *l);
	l->at_end = true;
	return view_new(a, &alog_ops, l);
}
