/* The runs view: every execution of the team (or of all teams) newest
 * first across jobs, from the root `executions` query (api-notes §4.4).
 * A failure a later success hides from the jobs list is found here.
 *
 * The first page is watched (WATCH_RUN_LIST); moving towards the end of
 * what is loaded asks for the next page once, up to RUNS_MAX rows. A
 * refresh of the first page keeps the older pages: rows it brings replace
 * theirs, and older rows stay below them. */
#include "ui/runs_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gql.h"
#include "timefmt.h"
#include "ui/app.h"
#include "ui/chrome.h"
#include "ui/detail.h"
#include "ui/job_view.h"
#include "ui/jobs_view.h"
#include "ui/logs_view.h"
#include "ui/rowfmt.h"
#include "ui/filterbar.h"
#include "ui/table.h"
#include "ui/theme.h"
#include "worker.h"

#define RUNS_PAGE 100
/* Rows kept at most: more than anyone scrolls through; the filter and the
 * scopes find older ones. */
#define RUNS_MAX 5000
#define RUNS_WINDOW_DEFAULT (24LL * 3600)

enum rcol { RC_JOB, RC_ID, RC_STATUS, RC_TYPE, RC_START, RC_DURATION, RC_BY, RC_MESSAGE, RC_COUNT };

static const struct table_col rcols[RC_COUNT] = {
	[RC_JOB] = {"JOB", 8, 40, 1, CELL_LEFT, 0},
	[RC_ID] = {"EXECUTION", 12, 44, 1, CELL_LEFT, 2},
	[RC_STATUS] = {"STATUS", 11, 16, 0, CELL_LEFT, 0},
	[RC_TYPE] = {"TYPE", 6, 9, 0, CELL_LEFT, 5},
	[RC_START] = {"START", 8, 16, 0, CELL_LEFT, 1},
	[RC_DURATION] = {"DURATION", 8, 9, 0, CELL_RIGHT, 1},
	[RC_BY] = {"STARTED BY", 8, 24, 1, CELL_LEFT, 4},
	[RC_MESSAGE] = {"MESSAGE", 10, 0, 3, CELL_LEFT, 3},
};

struct runsv {
	struct view *v;
	char *team;                 /* NULL: every team */
	enum runs_scope scope;
	long long window_s;         /* start window; 0: none */
	struct execution *ex;       /* newest first; owned */
	size_t n;
	long pages;                 /* pages merged so far */
	long long total_items, total_pages;
	bool loaded;
	unsigned long more_id;      /* the next page's request in flight, 0 none */
	char *error;
	const struct execution **rows;
	size_t nrows;
	struct table *table;
	struct lineedit filter;
	bool editing;
	bool active;
	bool to_top;                /* scope changed: first row once rows come */
	int table_y;
};

static const struct view_ops runs_ops, runs_edit_ops;

static const struct execution *row_exec(const struct runsv *p, size_t i)
{
	return i < p->nrows ? p->rows[i] : NULL;
}

static const char *row_key(void *ctx, size_t i)
{
	const struct execution *e = row_exec(ctx, i);
	return e ? e->id : NULL;
}

static void row_format(void *ctx, size_t i, struct table_row *r)
{
	struct runsv *p = ctx;
	const struct execution *e = row_exec(p, i);
	if (!e)
		return;
	struct app *a = p->v->app;
	time_t now = app_now(a);
	char buf[96];
	r->cell[RC_JOB] = xstrdup(e->job_name ? e->job_name : "-");
	r->cell[RC_ID] = xstrdup(e->id ? e->id : "-");
	r->cell[RC_STATUS] = xstrdup(rowfmt_status(e->status, true, theme_unicode(), buf, sizeof buf));
	r->el[RC_STATUS] = rowfmt_status_el(e->status);
	r->cell[RC_TYPE] = xstrdup(exec_type_name(e->type));
	r->cell[RC_START] = xstrdup(rowfmt_when(e->start_time, now, app_utc(a), buf, sizeof buf));
	r->cell[RC_DURATION] = xstrdup(rowfmt_duration(execution_duration(e, now), buf, sizeof buf));
	r->cell[RC_BY] = xstrdup(e->started_by ? e->started_by : "-");
	r->cell[RC_MESSAGE] = xstrdup(e->message ? e->message : "");
	if (exec_status_is_failure(e->status))
		r->el[RC_MESSAGE] = EL_STATUS_FAILED;
}

/* The same words as the job view's filter, and the job's name. */
static bool exec_matches(const struct runsv *p, const struct execution *e)
{
	const char *f = p->filter.buf;
	if (str_empty(f))
		return true;
	return str_contains_ci(e->job_name, f) || str_contains_ci(e->id, f) || rowfmt_status_matches(e->status, f) ||
	       str_contains_ci(exec_type_name(e->type), f) || str_contains_ci(e->started_by, f) ||
	       str_contains_ci(e->message, f);
}

static void rebuild(struct runsv *p)
{
	free(p->rows);
	p->rows = xcalloc(p->n ? p->n : 1, sizeof(*p->rows));
	p->nrows = 0;
	bool active = false;
	int want_job = 0, want_id = 0, want_by = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct execution *e = &p->ex[i];
		active = active || exec_status_is_active(e->status);
		if (!exec_matches(p, e))
			continue;
		p->rows[p->nrows++] = e;
		int w = cell_width(e->job_name, true);
		want_job = w > want_job ? w : want_job;
		w = cell_width(e->id, true);
		want_id = w > want_id ? w : want_id;
		w = cell_width(e->started_by, true);
		want_by = w > want_by ? w : want_by;
	}
	table_set_want(p->table, RC_JOB, want_job);
	table_set_want(p->table, RC_ID, want_id);
	table_set_want(p->table, RC_BY, want_by);
	table_set_rows(p->table, p->nrows);
	if (active != p->active) {
		p->active = active;
		app_set_interval(p->v->app, WATCH_RUN_LIST, app_refresh_ms(p->v->app, active));
	}
}

/* ---- requests ---- */

static struct wreq *page_req(const struct runsv *p, long page)
{
	const char *teams[1] = {p->team};
	struct executions_query q = {0};
	q.teams = teams;
	q.n_teams = p->team ? 1 : 0;
	if (p->scope == RUNS_FAILED)
		q.statuses = EXEC_STATUS_BIT(EXEC_USER_ERROR) | EXEC_STATUS_BIT(EXEC_PLATFORM_ERROR);
	else if (p->scope == RUNS_RUNNING)
		q.statuses = EXEC_STATUS_BIT(EXEC_SUBMITTED) | EXEC_STATUS_BIT(EXEC_RUNNING);
	q.start_gte = p->window_s > 0 ? app_now(p->v->app) - (time_t)p->window_s : 0;
	q.page = page;
	q.page_size = RUNS_PAGE;
	struct wreq *r = wreq_new(WREQ_EXEC_FIND, p->team, NULL, NULL);
	wreq_set_exec_query(r, &q);
	return r;
}

static void watch_first(struct runsv *p)
{
	app_watch(p->v->app, p->v, WATCH_RUN_LIST, page_req(p, 1), app_refresh_ms(p->v->app, p->active));
}

/* Near the end of what is loaded and the server has more: the next page. */
static void maybe_more(struct runsv *p)
{
	if (p->more_id || !p->loaded || p->n >= RUNS_MAX || p->total_pages <= p->pages || p->filter.len)
		return;
	long sel = table_selected(p->table);
	if (sel >= 0 && (size_t)sel + (size_t)table_page_rows(p->table) < p->nrows)
		return;
	p->more_id = app_submit(p->v->app, p->v, page_req(p, p->pages + 1));
}

static bool has_id(const struct execution *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(v[i].id, id))
			return true;
	return false;
}

/* Moves the executions of l (emptied) into a new array: fresh first, then
 * the kept ones of old that fresh does not hold; old is cleared. */
static void merge(struct runsv *p, struct execution_list *l, bool first_page)
{
	size_t keep_from = first_page ? 0 : p->n;
	struct execution *v = xcalloc(p->n + l->n + 1, sizeof *v);
	size_t n = 0;
	if (first_page) {
		for (size_t i = 0; i < l->n; i++)
			v[n++] = l->v[i];
		/* older pages stay below a refreshed first page */
		time_t oldest = l->n ? l->v[l->n - 1].start_time : 0;
		for (size_t i = 0; i < p->n; i++) {
			bool older = p->pages > 1 && l->n == RUNS_PAGE && p->ex[i].start_time <= oldest;
			if (older && n < RUNS_MAX && !has_id(l->v, l->n, p->ex[i].id))
				v[n++] = p->ex[i];
			else
				execution_clear(&p->ex[i]);
		}
	} else {
		for (size_t i = 0; i < keep_from; i++)
			v[n++] = p->ex[i];
		for (size_t i = 0; i < l->n; i++) {
			if (n < RUNS_MAX && !has_id(v, n, l->v[i].id))
				v[n++] = l->v[i];
			else
				execution_clear(&l->v[i]);
		}
	}
	free(p->ex);
	p->ex = v;
	p->n = n;
	/* the executions moved: l keeps only its array */
	l->n = 0;
}

/* ---- drawing ---- */

static bool prompt_shown(const struct runsv *p)
{
	return p->editing || p->filter.len > 0;
}

static const char *scope_word(enum runs_scope s)
{
	return s == RUNS_FAILED ? "failed" : s == RUNS_RUNNING ? "running" : "all";
}

/* The window as one would type it: "24h", "7d", "30m". */
static char *age_text(long long s, char *buf, size_t n)
{
	if (s >= 2 * 86400 && s % 86400 == 0)
		snprintf(buf, n, "%lldd", s / 86400);
	else if (s % 3600 == 0)
		snprintf(buf, n, "%lldh", s / 3600);
	else if (s % 60 == 0)
		snprintf(buf, n, "%lldm", s / 60);
	else
		snprintf(buf, n, "%llds", s);
	return buf;
}

static void runs_draw(struct view *v)
{
	struct runsv *p = v->priv;
	WINDOW *w = v->win;
	if (!w)
		return;
	werase(w);
	int lines = v->lines, cols = v->cols;
	int bottom = lines - (prompt_shown(p) ? 1 : 0);
	char win[32] = "";
	if (p->window_s > 0)
		age_text(p->window_s, win, sizeof win);
	char *title = xasprintf("runs %s%s%s  team %s", scope_word(p->scope), p->window_s > 0 ? "  last " : "",
				win, p->team ? p->team : "*");
	chrome_put_at(w, 0, 0, cols, EL_TITLE, title);
	free(title);
	const char *hint = "Enter log \u00b7 o job \u00b7 r run \u00b7 x cancel";
	int hw = chrome_width(hint);
	if (cols > hw + 50)
		chrome_put_at(w, 0, cols - hw, hw, EL_DIM, hint);
	/* the selected run's whole message */
	int detail = bottom >= 14 ? DETAIL_MAX + 2 : bottom >= 8 ? 3 : 0;
	p->table_y = 1;
	int table_h = bottom - p->table_y - detail;
	if (table_h < 2)
		table_h = 2;
	table_force_redraw(p->table);
	table_set_unicode(p->table, theme_unicode());
	table_resize(p->table, table_h, cols);
	table_draw(p->table, w, p->table_y, 0);
	if (table_rows(p->table) == 0 && table_h > 2) {
		const char *msg = p->error && !p->loaded ? p->error
			: !p->loaded ? "loading runs\u2026"
			: p->n == 0 ? "no runs in this scope and window (:runs all 7d widens it)"
			: "no runs match the filter (Esc clears it)";
		chrome_put_at(w, p->table_y + 2, 1, cols - 2, p->error && !p->loaded ? EL_ERROR : EL_DIM, msg);
	}
	long sel = table_selected(p->table);
	const struct execution *e = sel >= 0 ? row_exec(p, (size_t)sel) : NULL;
	if (detail && e) {
		char *label = xasprintf("message of %s (%s)", e->id ? e->id : "-", e->job_name ? e->job_name : "-");
		detail_draw(w, p->table_y + table_h + 1, detail - 1, cols, label,
			    str_empty(e->message) ? "(no message)" : e->message,
			    exec_status_is_failure(e->status) ? EL_STATUS_FAILED : EL_VALUE);
		free(label);
	}
	wattrset(w, theme_attr(EL_NORMAL));
	if (prompt_shown(p))
		filterbar_draw(w, lines - 1, cols, &p->filter, p->editing, theme_unicode());
}

/* ---- events ---- */

static int runs_on_result(struct view *v, struct wresult *r)
{
	struct runsv *p = v->priv;
	if (r->type != WRESULT_DONE || !r->req || r->req->kind != WREQ_EXEC_FIND)
		return R_NONE;
	bool first = r->watch == WATCH_RUN_LIST;
	bool more = r->watch < 0 && r->req->id == p->more_id;
	if (!first && !more)
		return R_NONE;
	if (more)
		p->more_id = 0;
	if (!r->ok || !r->u.executions) {
		free(p->error);
		p->error = xstrdup(r->err.message ? r->err.message : "request failed");
		if (p->loaded)
			app_message(v->app, MSG_ERROR, "runs: %s", p->error);
		return R_REDRAW | R_LAYOUT;
	}
	free(p->error);
	p->error = NULL;
	struct execution_list *l = r->u.executions;
	size_t fresh = l->n;
	executions_sort_newest_first(l->v, l->n);
	merge(p, l, first);
	if (first) {
		/* nothing older kept: the first page is all there is */
		if (p->pages < 1 || p->n <= fresh)
			p->pages = 1;
		p->total_items = l->total_items;
		p->total_pages = l->total_pages;
	} else {
		p->pages++;
	}
	p->loaded = true;
	rebuild(p);
	if (p->to_top && p->nrows) {
		/* the table would keep the old selection by its key */
		table_home(p->table);
		p->to_top = false;
	}
	maybe_more(p);
	return R_REDRAW | R_LAYOUT;
}

static void forget(struct runsv *p)
{
	for (size_t i = 0; i < p->n; i++)
		execution_clear(&p->ex[i]);
	free(p->ex);
	p->ex = NULL;
	p->n = 0;
	p->pages = 0;
	p->total_items = p->total_pages = -1;
	p->loaded = false;
	p->more_id = 0;
}

/* "failed", "running", "all", an age ("7d"), in any order. */
static bool parse_scope(struct runsv *p, const char *arg)
{
	enum runs_scope scope = RUNS_ALL;
	long long window = -1;
	char *copy = xstrdup(arg ? arg : "");
	bool ok = true;
	for (char *save = NULL, *t = strtok_r(copy, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (strcasecmp(t, "failed") == 0 || strcasecmp(t, "error") == 0)
			scope = RUNS_FAILED;
		else if (strcasecmp(t, "running") == 0 || strcasecmp(t, "active") == 0)
			scope = RUNS_RUNNING;
		else if (strcasecmp(t, "all") == 0)
			scope = RUNS_ALL;
		else if ((window = timefmt_parse_age(t)) < 0) {
			app_message(p->v->app, MSG_ERROR,
				    "runs: \"%s\" is neither failed, running, all nor an age such as 30m, 24h or 7d", t);
			ok = false;
			break;
		}
	}
	free(copy);
	if (!ok)
		return false;
	p->scope = scope;
	/* what runs now has no window unless one is given */
	p->window_s = window > 0 ? window : scope == RUNS_RUNNING ? 0 : RUNS_WINDOW_DEFAULT;
	return true;
}

static void stop_editing(void *ctx)
{
	struct view *v = ctx;
	struct runsv *p = v->priv;
	p->editing = false;
	v->ops = &runs_ops;
}

static const char *row_team(const struct runsv *p, const struct execution *e)
{
	return p->team ? p->team : jobs_view_team_of(jobs_view_home(p->v->app), e->job_name);
}

static bool team_known(struct runsv *p, const struct execution *e)
{
	if (row_team(p, e))
		return true;
	app_message(p->v->app, MSG_WARN, "the team of %s is not in the jobs list: :team NAME, then :runs",
		    e->job_name ? e->job_name : "this job");
	return false;
}

static int runs_on_action(struct view *v, enum action act, const char *arg)
{
	struct runsv *p = v->priv;
	long sel = table_selected(p->table);
	const struct execution *e = sel >= 0 ? row_exec(p, (size_t)sel) : NULL;
	bool changed;
	if (table_navigate(p->table, act, &changed)) {
		maybe_more(p);
		return changed ? R_REDRAW : R_NONE;
	}
	switch (act) {
	case ACT_OPEN:
	case ACT_LOGS:
	case ACT_JOB:
		if (!e || !e->job_name) {
			app_message(v->app, MSG_WARN, "%s: no run selected", action_info(act)->name);
			return R_NONE;
		}
		if (!team_known(p, e))
			return R_NONE;
		app_push(v->app, act == ACT_JOB ? job_view_new(v->app, row_team(p, e), e->job_name)
						: logs_view_new(v->app, row_team(p, e), e->job_name, e->id));
		return R_NONE;
	case ACT_RUNS:
		if (!parse_scope(p, arg))
			return R_NONE;
		forget(p);
		rebuild(p);
		p->to_top = true;
		watch_first(p);
		return R_REDRAW | R_LAYOUT;
	case ACT_FILTER:
		p->editing = true;
		v->ops = &runs_edit_ops;
		return R_REDRAW | R_LAYOUT;
	case ACT_BACK:
		if (p->filter.len) {
			lineedit_set(&p->filter, NULL);
			rebuild(p);
			table_home(p->table);
			return R_REDRAW | R_LAYOUT;
		}
		return R_UNHANDLED;
	default:
		return R_UNHANDLED;
	}
}

static int filter_edited(void *ctx)
{
	struct view *v = ctx;
	struct runsv *p = v->priv;
	rebuild(p);
	table_home(p->table);
	return R_REDRAW | R_LAYOUT;
}

static const struct filterbar_ops filter_ops = {filter_edited, stop_editing};

static int runs_on_key(struct view *v, int key, bool is_char)
{
	struct runsv *p = v->priv;
	if (!p->editing)
		return R_UNHANDLED;
	return filterbar_key(&p->filter, key, is_char, &filter_ops, v);
}

static void runs_on_show(struct view *v)
{
	watch_first(v->priv);
}

static void runs_on_hide(struct view *v)
{
	app_unwatch(v->app, WATCH_RUN_LIST);
}

static int runs_on_tick(struct view *v, long long now)
{
	struct runsv *p = v->priv;
	return table_refresh_visible(p->table) ? R_REDRAW : R_NONE;
}

static long long runs_next_tick(struct view *v, long long now)
{
	struct runsv *p = v->priv;
	/* live durations tick each second */
	return now + (p->active ? 1000 : 30000);
}

static void runs_title(struct view *v, struct strbuf *out)
{
	struct runsv *p = v->priv;
	strbuf_printf(out, "runs %s", scope_word(p->scope));
	if (!p->loaded)
		return;
	if (p->filter.len)
		strbuf_printf(out, " (%zu/%zu", p->nrows, p->n);
	else
		strbuf_printf(out, " (%zu", p->n);
	if (p->total_items > (long long)p->n)
		strbuf_printf(out, " of %lld", p->total_items);
	strbuf_puts(out, ")");
}

static void runs_status(struct view *v, struct strbuf *out)
{
	struct runsv *p = v->priv;
	/* Tab-separated parts, most important first (chrome_draw_status). */
	table_position(p->table, out);
	if (p->error && p->loaded)
		strbuf_printf(out, "\tlast read failed: %s", p->error);
	if (p->filter.len && !p->editing)
		strbuf_printf(out, "\t/%s", p->filter.buf);
}

static int runs_on_mouse(struct view *v, int y, int x, int wheel)
{
	struct runsv *p = v->priv;
	return table_mouse(p->table, y - p->table_y, wheel) ? R_REDRAW : R_NONE;
}

static void runs_fini(struct view *v)
{
	struct runsv *p = v->priv;
	forget(p);
	free(p->rows);
	table_free(p->table);
	lineedit_free(&p->filter);
	free(p->team);
	free(p->error);
	free(p);
}

/* A run across jobs: its job, and that execution for `x`. */
static bool runs_target(struct view *v, struct view_target *t)
{
	const struct runsv *p = v->priv;
	long sel = table_selected(p->table);
	const struct execution *e = sel >= 0 ? row_exec(p, (size_t)sel) : NULL;
	if (!e || !e->job_name)
		return true;
	t->team = row_team(p, e);
	t->job = e->job_name;
	t->exec_id = e->id;
	t->exec_status = e->status;
	t->team_unknown = !t->team;
	return true;
}

#define RUNS_OPS_FIELDS                 \
	.name = "runs",                 \
	.mask = VM_RUNS,                \
	.fini = runs_fini,              \
	.on_show = runs_on_show,        \
	.on_hide = runs_on_hide,        \
	.draw = runs_draw,              \
	.on_action = runs_on_action,    \
	.on_key = runs_on_key,          \
	.on_result = runs_on_result,    \
	.on_tick = runs_on_tick,        \
	.next_tick = runs_next_tick,    \
	.title = runs_title,            \
	.status = runs_status,          \
	.on_mouse = runs_on_mouse,      \
	.target = runs_target

static const struct view_ops runs_ops = {RUNS_OPS_FIELDS, .flags = 0};
static const struct view_ops runs_edit_ops = {RUNS_OPS_FIELDS, .flags = VF_TEXTINPUT};

struct view *runs_view_new(struct app *a, const char *arg)
{
	struct runsv *p = xcalloc(1, sizeof *p);
	lineedit_init(&p->filter, 0);
	const char *team = app_team(a);
	p->team = str_empty(team) || strcmp(team, "*") == 0 ? NULL : xstrdup(team);
	p->total_items = p->total_pages = -1;
	struct table_source src = {p, row_format, row_key};
	p->table = table_new(rcols, RC_COUNT, &src);
	table_set_rows(p->table, 0);
	struct view *v = view_new(a, &runs_ops, p);
	p->v = v;
	if (!parse_scope(p, arg)) {
		p->scope = RUNS_ALL;
		p->window_s = RUNS_WINDOW_DEFAULT;
	}
	return v;
}
