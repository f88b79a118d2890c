/* The home view: every job of the team, one row each. This file draws it
 * and takes its keys; what is loaded, and how a big team is paged lazily
 * by the server, is in jobs_load.c. In lazy mode the server's search is
 * sent once typing pauses (SEARCH_DELAY_MS), not on every keystroke. */
#include <stdlib.h>
#include <string.h>

#include "ui/app.h"
#include "ui/job_view.h"
#include "ui/jobs_model.h"
#include "ui/jobs_priv.h"
#include "ui/jobs_view.h"
#include "ui/logs_view.h"
#include "ui/props_view.h"
#include "ui/rowfmt.h"
#include "ui/filterbar.h"
#include "ui/table.h"
#include "ui/theme.h"
#include "trace.h"

#define DEFAULT_PAGE_SIZE 500
#define SEARCH_DELAY_MS 200

static const struct view_ops jobs_ops, jobs_edit_ops;

static bool is_jobs_view(const struct view *v)
{
	return v && (v->ops == &jobs_ops || v->ops == &jobs_edit_ops);
}

static const struct table_col cols[JC_COUNT] = {
	[JC_NAME] = {"NAME", 12, 50, 3, CELL_LEFT, 0},
	[JC_TEAM] = {"TEAM", 8, 24, 1, CELL_LEFT, 4},
	[JC_STATE] = {"STATE", 8, 12, 0, CELL_LEFT, 3},
	[JC_STATUS] = {"STATUS", 11, 20, 0, CELL_LEFT, 0},
	[JC_LAST_RUN] = {"LAST RUN", 8, 10, 0, CELL_RIGHT, 1},
	[JC_DURATION] = {"DURATION", 8, 9, 0, CELL_RIGHT, 5},
	[JC_RATE] = {"OK%", 4, 5, 0, CELL_RIGHT, 6},
	[JC_SCHEDULE] = {"SCHEDULE", 10, 30, 1, CELL_LEFT, 7},
	[JC_PYTHON] = {"PYTHON", 6, 7, 0, CELL_LEFT, 9},
	[JC_DEPLOYED_BY] = {"DEPLOYED BY", 8, 32, 1, CELL_LEFT, 10},
	[JC_DEPLOYED_AT] = {"DEPLOYED", 8, 10, 0, CELL_RIGHT, 8},
};

static const char *row_key(void *ctx, size_t i)
{
	const struct job *j = jobs_load_row(ctx, i);
	return j ? j->name : NULL;
}

static void row_format(void *ctx, size_t i, struct table_row *r)
{
	struct jv *p = ctx;
	struct app *a = p->v->app;
	const struct job *j = jobs_load_row(p, i);
	if (!j) {
		r->cell[JC_NAME] = xstrdup(theme_unicode() ? "\u2026" : "...");
		r->el[JC_NAME] = EL_DIM;
		return;
	}
	jobs_model_cells(j, &p->live, app_now(a), app_utc(a), theme_unicode(), app_is_watched(a, j->name), r);
}

/* ---- view ops ---- */

static void jobs_fini(struct view *v)
{
	struct jv *p = v->priv;
	jobs_load_drop(p);
	jobs_load_drop_live(p);
	table_free(p->table);
	lineedit_free(&p->filter);
	free(p->team);
	free(p->error);
	free(p);
}

static void jobs_on_show(struct view *v)
{
	struct jv *p = v->priv;
	if (!jobs_load_same_team(app_team(v->app), p->team) || (!p->loaded && !p->pages))
		jobs_load_set_team(p, app_team(v->app));
	else if (p->search_at)
		jobs_load_search_now(p);
	else
		jobs_load_watch(p, p->lazy ? (p->watched_page > 0 ? p->watched_page : 1) : 1);
	jobs_load_watch_runs(p);
	p->full = true;
}

static void jobs_on_hide(struct view *v)
{
	app_unwatch(v->app, WATCH_JOBS);
	jobs_load_unwatch_runs(v->priv);
}

static void jobs_on_resize(struct view *v)
{
	struct jv *p = v->priv;
	p->full = true;
}

static bool prompt_shown(const struct jv *p)
{
	return p->editing || p->filter.len > 0;
}

static void draw_empty(struct jv *p, WINDOW *w, int y)
{
	char *msg;
	const char *team = p->team ? p->team : "any team";
	if (!p->loaded && p->error)
		msg = xasprintf("cannot load the jobs of %s: %s", team, p->error);
	else if (!p->loaded)
		msg = xasprintf("loading the jobs of %s%s", team, theme_unicode() ? "\u2026" : "...");
	else if (p->filter.len)
		msg = xasprintf("no jobs match /%s", p->filter.buf);
	else if (p->scope == SCOPE_RUNNING)
		msg = xasprintf("no running jobs in %s (:jobs shows all)", team);
	else if (p->scope == SCOPE_FAILED && !p->live.failed_known)
		msg = xasprintf("looking for failed runs in %s%s", team, theme_unicode() ? "\u2026" : "...");
	else if (p->scope == SCOPE_FAILED)
		msg = xasprintf("no runs in %s failed in the last %ld h (:jobs shows all)", team,
				p->failed_window_s / 3600);
	else
		msg = xasprintf("no jobs in team %s", team);
	struct strbuf sb = STRBUF_INIT;
	cell_fit(msg, p->v->cols - 2, CELL_LEFT, theme_unicode(), &sb);
	wattrset(w, theme_attr(p->error && !p->loaded ? EL_ERROR : EL_DIM));
	mvwaddstr(w, y, 1, sb.buf ? sb.buf : "");
	wattrset(w, theme_attr(EL_NORMAL));
	strbuf_free(&sb);
	free(msg);
}

static void jobs_draw(struct view *v)
{
	struct jv *p = v->priv;
	WINDOW *w = v->win;
	if (!w)
		return;
	int h = v->lines - (prompt_shown(p) ? 1 : 0);
	table_set_unicode(p->table, theme_unicode());
	table_resize(p->table, h, v->cols);
	table_set_match(p->table, p->filter.buf);
	if (p->full) {
		werase(w);
		table_force_redraw(p->table);
	}
	table_draw(p->table, w, 0, 0);
	if (trace_enabled()) {
		/* rows that show a job, not the "…" of a page still loading */
		long long shown = 0;
		size_t top = table_top(p->table), rows = (size_t)table_page_rows(p->table);
		for (size_t i = top; i < top + rows && i < table_rows(p->table); i++)
			shown += jobs_load_row(p, i) != NULL;
		trace_drawn("jobs", shown);
	}
	if (p->full && table_rows(p->table) == 0)
		draw_empty(p, w, 2);
	/* redrawn while editing too: it places the cursor */
	if (prompt_shown(p) && (p->full || p->editing))
		/* what jobs_model_matches looks at: a status or state word whole */
		filterbar_draw_fields(w, v->lines - 1, v->cols, "name, team, description, status, state", &p->filter,
					 p->editing, theme_unicode());
	p->full = false;
}

static const struct job *selected_job(const struct jv *p)
{
	long i = table_selected(p->table);
	return i < 0 ? NULL : jobs_load_row(p, (size_t)i);
}

static int moved(struct jv *p, bool changed)
{
	if (!changed)
		return R_NONE;
	jobs_load_follow(p);
	return R_REDRAW;
}

static int filter_changed(struct jv *p)
{
	if (p->lazy || p->subset)
		p->search_at = now_ms() + SEARCH_DELAY_MS; /* the server searches, once typing pauses */
	else
		jobs_load_rebuild(p);
	return R_REDRAW | R_LAYOUT;
}

/* After a sort or scope change the next Enter opens what is at the top,
 * not whatever the old selection has moved to. */
static int to_first_row(struct jv *p)
{
	table_home(p->table);
	p->full = true;
	return R_REDRAW | R_LAYOUT;
}

static int set_scope(struct jv *p, enum jobs_scope s)
{
	bool failed_changed = (s == SCOPE_FAILED) != (p->scope == SCOPE_FAILED);
	p->scope = s;
	if (failed_changed) {
		/* failures are asked for only while they are looked at */
		p->live.failed_known = false;
		jobs_load_watch_runs(p);
	}
	if (p->lazy || p->subset)
		jobs_load_requery(p, true); /* a big team: read the scope's jobs by name */
	else
		jobs_load_rebuild(p);
	return to_first_row(p);
}

static int cycle_sort(struct jv *p)
{
	enum jobs_col c = p->sort;
	for (int n = 0; n < JC_COUNT; n++) {
		c = (enum jobs_col)((c + 1) % JC_COUNT);
		if (c == JC_TEAM && p->team)
			continue;
		if (p->lazy && jobs_model_server_sort(c) < 0)
			continue;
		/* Only what is on screen: a sort by a column the width hides
		 * would reorder rows for no visible reason. */
		if (table_col_width(p->table, (size_t)c) <= 0)
			continue;
		break;
	}
	p->sort = c;
	p->desc = false;
	app_message(p->v->app, MSG_INFO, "sorted by %s", cols[c].title);
	if (p->lazy)
		jobs_load_requery(p, true);
	else
		jobs_load_rebuild(p);
	return to_first_row(p);
}

/* A column's own key: the first press sorts by it (age newest first, as
 * the column reads), a second press of the same key reverses. */
static int sort_by(struct jv *p, enum jobs_col c, bool first_desc)
{
	if (p->sort != c && table_col_width(p->table, (size_t)c) <= 0) {
		app_message(p->v->app, MSG_INFO, "%s is not on screen: nothing to sort by", cols[c].title);
		return R_REDRAW;
	}
	if (p->sort != c && p->lazy && jobs_model_server_sort(c) < 0) {
		app_message(p->v->app, MSG_INFO, "the service cannot sort this team by %s", cols[c].title);
		return R_REDRAW;
	}
	if (p->sort == c) {
		p->desc = !p->desc;
	} else {
		p->sort = c;
		p->desc = first_desc;
	}
	app_message(p->v->app, MSG_INFO, "sorted by %s, %s", cols[c].title, p->desc ? "descending" : "ascending");
	if (p->lazy)
		jobs_load_requery(p, true);
	else
		jobs_load_rebuild(p);
	return to_first_row(p);
}

/* Lazy mode: the rows shown answer an older search or sort than the one
 * asked for (it is waiting for a pause in typing, or on its way). */
static bool rows_outdated(const struct jv *p)
{
	return (p->lazy || p->subset) && (p->search_at || p->replace);
}

/* Opening a row of the outdated list could open the wrong job. */
static bool refuse_outdated(struct jv *p)
{
	if (!rows_outdated(p))
		return false;
	jobs_load_search_now(p);
	app_message(p->v->app, MSG_INFO, "searching%s the list still shows the previous search",
		    theme_unicode() ? "\u2026" : "...");
	return true;
}

static int jobs_on_action(struct view *v, enum action act, const char *arg)
{
	struct jv *p = v->priv;
	const struct job *j = selected_job(p);
	bool changed;
	if (table_navigate(p->table, act, &changed))
		return moved(p, changed);
	switch (act) {
	case ACT_OPEN:
		if (!j || refuse_outdated(p))
			return R_NONE;
		app_push(v->app, job_view_new(v->app, j->team ? j->team : p->team, j->name));
		return R_NONE;
	case ACT_LOGS:
		if (!j || refuse_outdated(p))
			return R_NONE;
		app_push(v->app, logs_view_new(v->app, j->team ? j->team : p->team, j->name, NULL));
		return R_NONE;
	case ACT_PROPS:
	case ACT_SECRETS:
		if (!j || refuse_outdated(p))
			return R_NONE;
		app_push(v->app, props_view_new(v->app, j->team ? j->team : p->team, j->name, act == ACT_SECRETS));
		return R_NONE;
	case ACT_WATCH:
		if (!j)
			return R_NONE;
		app_toggle_watch(v->app, j->name);
		app_message(v->app, MSG_INFO, app_is_watched(v->app, j->name) ? "watching %s" : "stopped watching %s",
			    j->name);
		table_invalidate_row(p->table, (size_t)table_selected(p->table));
		return R_REDRAW | R_LAYOUT;
	case ACT_FILTER:
		p->editing = true;
		v->ops = &jobs_edit_ops;
		p->full = true;
		return R_REDRAW | R_LAYOUT;
	case ACT_SORT_NEXT:
		return cycle_sort(p);
	case ACT_SORT_REVERSE:
		p->desc = !p->desc;
		if (p->lazy)
			jobs_load_requery(p, true);
		else
			jobs_load_rebuild(p);
		return to_first_row(p);
	case ACT_SORT_NAME:
		return sort_by(p, JC_NAME, false);
	case ACT_SORT_TEAM:
		return sort_by(p, JC_TEAM, false);
	case ACT_SORT_STATUS:
		return sort_by(p, JC_STATUS, false);
	case ACT_SORT_AGE:
		return sort_by(p, JC_LAST_RUN, true);
	case ACT_SCOPE_ALL:
		return set_scope(p, SCOPE_ALL);
	case ACT_SCOPE_RUNNING:
		return set_scope(p, SCOPE_RUNNING);
	case ACT_SCOPE_FAILED:
		return set_scope(p, SCOPE_FAILED);
	case ACT_TEAM:
		if (!arg)
			return R_UNHANDLED;
		app_set_team(v->app, arg);
		jobs_load_set_team(p, app_team(v->app));
		return R_REDRAW | R_LAYOUT;
	case ACT_BACK:
		if (p->filter.len) {
			lineedit_set(&p->filter, NULL);
			return filter_changed(p);
		}
		if (p->scope != SCOPE_ALL)
			return set_scope(p, SCOPE_ALL);
		return R_UNHANDLED;
	default:
		return R_UNHANDLED;
	}
}

static void stop_editing(struct view *v)
{
	struct jv *p = v->priv;
	p->editing = false;
	v->ops = &jobs_ops;
	p->full = true;
}

static int filter_edited(void *ctx)
{
	struct view *v = ctx;
	return filter_changed(v->priv);
}

/* Closing the prompt starts a pending server search at once. */
static void filter_closed(void *ctx)
{
	struct view *v = ctx;
	stop_editing(v);
	jobs_load_search_now(v->priv);
}

static const struct filterbar_ops filter_ops = {filter_edited, filter_closed};

static int jobs_on_key(struct view *v, int key, bool is_char)
{
	struct jv *p = v->priv;
	if (!p->editing)
		return R_UNHANDLED;
	return filterbar_key(&p->filter, key, is_char, &filter_ops, v);
}

static int jobs_on_result(struct view *v, struct wresult *r)
{
	struct jv *p = v->priv;
	if (r->req && r->req->kind == WREQ_EXEC_FIND && r->req->owner == v->id)
		return jobs_load_runs_result(p, r);
	if (r->type != WRESULT_DONE || !r->req || r->req->kind != WREQ_JOBS)
		return R_NONE;
	return jobs_load_result(p, r);
}

static bool any_recent(const struct jv *p, time_t now)
{
	size_t top = table_top(p->table), h = (size_t)table_page_rows(p->table);
	for (size_t i = top; i < top + h && i < table_rows(p->table); i++) {
		const struct job *j = jobs_load_row(p, i);
		if (!j)
			continue;
		if (jobs_model_active(j, &p->live))
			return true;
		struct job_last l = jobs_model_last(j, &p->live);
		if (l.known && l.time > 0 && now - l.time < 60)
			return true;
	}
	return false;
}

static int jobs_on_tick(struct view *v, long long now)
{
	struct jv *p = v->priv;
	int bits = R_NONE;
	long long runs = jobs_load_runs_due(p, now);
	if (runs && now >= runs)
		jobs_load_runs_release(p);
	if (p->search_at && now >= p->search_at) {
		jobs_load_requery(p, true);
		bits = R_REDRAW | R_LAYOUT;
	}
	return table_refresh_visible(p->table) ? bits | R_REDRAW : bits;
}

static long long jobs_next_tick(struct view *v, long long now)
{
	struct jv *p = v->priv;
	/* seconds tick only while a visible text changes every second */
	long long t = now + (any_recent(p, app_now(v->app)) ? 1000 : 15000);
	long long runs = jobs_load_runs_due(p, now);
	if (runs && runs < t)
		t = runs;
	return p->search_at && p->search_at < t ? p->search_at : t;
}

static void jobs_title(struct view *v, struct strbuf *out)
{
	struct jv *p = v->priv;
	strbuf_puts(out, "jobs");
	if (p->scope == SCOPE_RUNNING)
		strbuf_puts(out, " [running]");
	else if (p->scope == SCOPE_FAILED)
		strbuf_printf(out, " [failed %ldh]", p->failed_window_s / 3600);
	strbuf_printf(out, " %s %s", theme_unicode() ? "\u2014" : "-", p->team ? p->team : "all teams");
	if (!p->loaded)
		return;
	if (rows_outdated(p))
		strbuf_printf(out, " (searching%s)", theme_unicode() ? "\u2026" : "...");
	else if (p->lazy)
		strbuf_printf(out, " (%lld%s)", p->total, p->filter.len ? " found" : "");
	else if (p->subset == SUBSET_NAMES && p->names_total > p->nnames)
		strbuf_printf(out, " (%zu/%zu of %zu)", p->nrows, p->nall, p->names_total);
	else if (p->filter.len || p->scope != SCOPE_ALL)
		strbuf_printf(out, " (%zu/%zu)", p->nrows, p->nall);
	else
		strbuf_printf(out, " (%zu)", p->nall);
}

static void jobs_status(struct view *v, struct strbuf *out)
{
	struct jv *p = v->priv;
	bool uni = theme_unicode();
	/* Tab-separated parts, most important first (chrome_draw_status). */
	table_position(p->table, out);
	if (p->filter.len && !p->editing)
		strbuf_printf(out, "\t/%s", p->filter.buf);
	strbuf_printf(out, "\tsort %s%s", cols[p->sort].title,
		      uni ? (p->desc ? "\u25bc" : "\u25b2") : (p->desc ? "v" : "^"));
}

static int jobs_on_mouse(struct view *v, int y, int x, int wheel)
{
	struct jv *p = v->priv;
	return moved(p, table_mouse(p->table, y, wheel));
}

static bool jobs_target(struct view *v, struct view_target *t)
{
	const struct job *j = selected_job(v->priv);
	t->team = j && j->team ? j->team : app_team(v->app);
	if (j) {
		t->job = j->name;
		t->deployed_known = true;
		t->dep = j->deployment;
	}
	return true;
}

#define JOBS_OPS_FIELDS                      \
	.name = "jobs",                      \
	.mask = VM_JOBS,                     \
	.fini = jobs_fini,                   \
	.on_show = jobs_on_show,             \
	.on_hide = jobs_on_hide,             \
	.on_resize = jobs_on_resize,         \
	.draw = jobs_draw,                   \
	.on_action = jobs_on_action,         \
	.on_key = jobs_on_key,               \
	.on_result = jobs_on_result,         \
	.on_tick = jobs_on_tick,             \
	.next_tick = jobs_next_tick,         \
	.title = jobs_title,                 \
	.status = jobs_status,               \
	.on_mouse = jobs_on_mouse,           \
	.target = jobs_target

/* Two tables of the same functions: while the filter prompt is open the
 * view takes raw keys, so typed letters are text, not commands. */
static const struct view_ops jobs_ops = {JOBS_OPS_FIELDS, .flags = 0};
static const struct view_ops jobs_edit_ops = {JOBS_OPS_FIELDS, .flags = VF_TEXTINPUT};

/* The loader's port on the app: the view owns what it sends. */
static unsigned long port_submit(void *ud, struct wreq *req)
{
	struct view *v = ud;
	return app_submit(v->app, v, req);
}

static void port_watch(void *ud, enum watch_slot slot, struct wreq *req, int interval_ms, int first_ms)
{
	struct view *v = ud;
	app_watch_after(v->app, v, slot, req, interval_ms, first_ms);
}

static void port_unwatch(void *ud, enum watch_slot slot)
{
	app_unwatch(((struct view *)ud)->app, slot);
}

static void port_set_interval(void *ud, enum watch_slot slot, int interval_ms)
{
	app_set_interval(((struct view *)ud)->app, slot, interval_ms);
}

static void port_poll_now(void *ud, enum watch_slot slot)
{
	app_refresh(((struct view *)ud)->app, (int)slot);
}

static int port_refresh_ms(void *ud, bool active)
{
	return app_refresh_ms(((struct view *)ud)->app, active);
}

static void port_message(void *ud, enum msg_level lvl, const char *text)
{
	app_message(((struct view *)ud)->app, lvl, "%s", text);
}

static time_t port_now(void *ud)
{
	return app_now(((struct view *)ud)->app);
}

static const struct jobs_port app_port = {
	.submit = port_submit,
	.watch = port_watch,
	.unwatch = port_unwatch,
	.set_interval = port_set_interval,
	.poll_now = port_poll_now,
	.refresh_ms = port_refresh_ms,
	.message = port_message,
	.now = port_now,
};

struct view *jobs_view_new(struct app *a)
{
	struct jv *p = xcalloc(1, sizeof(*p));
	lineedit_init(&p->filter, 0);
	const struct config *cfg = app_config(a);
	p->full_size = cfg && cfg->page_size > 0 ? cfg->page_size : DEFAULT_PAGE_SIZE;
	p->page_size = p->full_size;
	p->failed_window_s = 3600L * (cfg && cfg->failed_window_h > 0 ? cfg->failed_window_h : 24);
	p->total = -1;
	p->sort = JC_NAME;
	struct table_source src = {p, row_format, row_key};
	p->table = table_new(cols, JC_COUNT, &src);
	struct view *v = view_new(a, &jobs_ops, p);
	p->v = v;
	p->port = &app_port;
	p->port_ud = v;
	p->team = jobs_load_all_teams(app_team(a)) ? NULL : xstrdup(app_team(a));
	table_set_hidden(p->table, JC_TEAM, p->team != NULL);
	p->full = true;
	return v;
}

struct view *jobs_view_home(const struct app *a)
{
	struct view *root = app_root(a);
	return is_jobs_view(root) ? root : NULL;
}

const char *jobs_view_team_of(const struct view *v, const char *job)
{
	if (!is_jobs_view(v) || !job)
		return NULL;
	const struct jv *p = v->priv;
	if (p->team)
		return p->team;
	for (size_t k = 0; k < p->npages; k++)
		for (size_t i = 0; p->pages[k] && i < p->pages[k]->n; i++)
			if (str_eq(p->pages[k]->jobs[i].name, job))
				return p->pages[k]->jobs[i].team;
	return NULL;
}


void jobs_view_select(struct view *v, const char *job)
{
	if (!is_jobs_view(v) || !job)
		return;
	struct jv *p = v->priv;
	if (p->filter.len && !p->lazy) {
		/* a filter could hide the job the user just created */
		lineedit_set(&p->filter, NULL);
		jobs_load_rebuild(p);
	}
	table_select_key(p->table, job);
	p->full = true;
	app_dirty(v->app, v);
}

void jobs_view_refresh(struct view *v)
{
	if (!is_jobs_view(v))
		return;
	app_refresh(v->app, WATCH_JOBS);
}

void jobs_view_set_enabled(struct view *v, const char *job, bool enabled)
{
	if (!is_jobs_view(v) || !job)
		return;
	struct jv *p = v->priv;
	for (size_t k = 0; k < p->npages; k++)
		for (size_t i = 0; p->pages[k] && i < p->pages[k]->n; i++) {
			struct job *j = &p->pages[k]->jobs[i];
			if (str_eq(j->name, job) && j->deployment)
				j->deployment->enabled = enabled ? 1 : 0;
		}
	table_invalidate_all(p->table);
	p->full = true;
	app_dirty(v->app, v);
}
