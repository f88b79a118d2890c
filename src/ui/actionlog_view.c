/* ':log': the writes of this session with their outcome and the X-OPID
 * sent, so a support ticket can name the exact requests. */
#include <stdlib.h>

#include "sanitize.h"
#include "timefmt.h"
#include "ui/app.h"
#include "ui/chrome.h"
#include "ui/theme.h"
#include "ui/view.h"

struct alog {
	size_t top;
	bool at_end; /* follow new entries */
};

static size_t body_rows(struct view *v)
{
	return v->lines > 1 ? (size_t)v->lines - 1 : 1;
}

static void clamp(struct view *v)
{
	struct alog *l = v->priv;
	size_t n = app_action_count(v->app), vis = body_rows(v);
	size_t max = n > vis ? n - vis : 0;
	if (l->at_end || l->top > max)
		l->top = max;
}

static void alog_draw(struct view *v)
{
	struct alog *l = v->priv;
	WINDOW *w = v->win;
	werase(w);
	clamp(v);
	wattrset(w, theme_attr(EL_COLUMN_HEADER) | A_BOLD);
	mvwaddstr(w, 0, 1, "time      operation                                  target            outcome");
	size_t n = app_action_count(v->app);
	if (!n) {
		wattrset(w, theme_attr(EL_DIM));
		mvwaddstr(w, 2, 1, "no actions yet in this session");
	}
	for (size_t i = 0; i < body_rows(v) && l->top + i < n; i++) {
		const struct app_action *e = app_action_at(v->app, l->top + i);
		char tbuf[32];
		struct tm tm;
		if (app_utc(v->app))
			gmtime_r(&e->when, &tm);
		else
			localtime_r(&e->when, &tm);
		strftime(tbuf, sizeof tbuf, "%H:%M:%S", &tm);
		char *op = sanitize_str(e->operation ? e->operation : "-");
		char *target = sanitize_str(e->target ? e->target : "-");
		char *outcome = sanitize_str(e->outcome ? e->outcome : "-");
		char *line = xasprintf("%-9s %-42s %-17s %s  [X-OPID %s]", tbuf, op, target, outcome,
			e->op_id ? e->op_id : "-");
		bool bad = outcome && (str_contains_ci(outcome, "fail") || str_contains_ci(outcome, "error"));
		wattrset(w, theme_attr(bad ? EL_ERROR : EL_NORMAL));
		wmove(w, (int)i + 1, 1);
		chrome_put(w, line, v->cols - 2);
		free(line);
		free(op);
		free(target);
		free(outcome);
	}
	wattrset(w, A_NORMAL);
}

static int alog_scroll(struct view *v, long d)
{
	struct alog *l = v->priv;
	size_t n = app_action_count(v->app), vis = body_rows(v);
	size_t max = n > vis ? n - vis : 0, old = l->top;
	long t = (long)l->top + d;
	l->top = t < 0 ? 0 : ((size_t)t > max ? max : (size_t)t);
	l->at_end = l->top == max;
	return l->top != old ? R_REDRAW : R_NONE;
}

static int alog_action(struct view *v, enum action a, const char *arg)
{
	long page = (long)body_rows(v);
	switch (a) {
	case ACT_UP: return alog_scroll(v, -1);
	case ACT_DOWN: return alog_scroll(v, 1);
	case ACT_PAGE_UP: return alog_scroll(v, -page);
	case ACT_PAGE_DOWN: return alog_scroll(v, page);
	case ACT_TOP: return alog_scroll(v, -(long)app_action_count(v->app));
	case ACT_BOTTOM: return alog_scroll(v, (long)app_action_count(v->app));
	case ACT_ACTION_LOG: return R_NONE;
	default: return R_UNHANDLED;
	}
}

static void alog_title(struct view *v, struct strbuf *out)
{
	strbuf_printf(out, "actions of this session (%zu)", app_action_count(v->app));
}

static int alog_mouse(struct view *v, int y, int x, int wheel)
{
	return wheel ? alog_scroll(v, wheel) : R_NONE;
}

static void alog_fini(struct view *v)
{
	free(v->priv);
}

static const struct view_ops alog_ops = {
	.name = "log",
	.mask = VM_OTHER,
	.fini = alog_fini,
	.draw = alog_draw,
	.on_action = alog_action,
	.title = alog_title,
	.on_mouse = alog_mouse,
};

struct view *action_log_view_new(struct app *a)
{
	struct alog *l = xcalloc(1, sizeof *l);
	l->at_end = true;
	return view_new(a, &alog_ops, l);
}
