/* The home view: every job of the team, one row each.
 *
 * Normal teams are loaded whole (page 1 is watched; the other pages are
 * fetched after each page 1 answer), then filtered, scoped and sorted
 * here. A team above LAZY_LIMIT jobs is paged lazily instead: the server
 * sorts and searches, and only the pages on screen are fetched, in pages
 * about two screens long, so a refresh re-reads what is shown and little
 * more. The server's search is sent once typing pauses (SEARCH_DELAY_MS),
 * not on every keystroke. */
#include <stdlib.h>
#include <string.h>

#include "ui/actions.h"
#include "ui/app.h"
#include "ui/jobs_model.h"
#include "ui/jobs_view.h"
#include "ui/rowfmt.h"
#include "ui/table.h"
#include "ui/theme.h"
#include "trace.h"

#define LAZY_LIMIT 5000
#define DEFAULT_PAGE_SIZE 500
#define LAZY_MIN_PAGE 100
#define SEARCH_DELAY_MS 200

struct jv {
	struct view *v;
	char *team;                /* NULL: all teams */
	long page_size;            /* of the mode: full_size, or a lazy page */
	long full_size;            /* configured; what a whole team is read in */
	struct job_page **pages;   /* pages[k] is page k + 1, NULL until loaded */
	unsigned long *pending;    /* one-shot request id per page, 0 none */
	size_t npages;
	long long total;           /* jobs the server reports, -1 unknown */
	bool lazy;
	bool replace;              /* lazy: the pages answer an older query */
	bool loaded;               /* a first answer arrived */
	char *error;               /* why the first load failed */

	const struct job **rows;   /* full mode: the shown jobs, in order */
	size_t nrows;
	size_t nall;               /* full mode: jobs before filter and scope */

	struct table *table;
	enum jobs_col sort;
	bool desc;
	enum jobs_scope scope;
	struct strbuf filter;
	bool editing;
	bool active;               /* something shown is running */
	bool full;                 /* next draw repaints everything */
	long watched_page;         /* lazy: the page the watch polls */
	long long search_at;       /* lazy: send the typed search then; 0 none */
};

static const struct view_ops jobs_ops, jobs_edit_ops;

static const struct table_col cols[JC_COUNT] = {
	[JC_NAME] = {"NAME", 12, 50, 3, TABLE_LEFT, 0},
	[JC_TEAM] = {"TEAM", 8, 24, 1, TABLE_LEFT, 4},
	[JC_STATE] = {"STATE", 8, 12, 0, TABLE_LEFT, 3},
	[JC_STATUS] = {"LAST STATUS", 11, 16, 0, TABLE_LEFT, 0},
	[JC_LAST_RUN] = {"LAST RUN", 8, 10, 0, TABLE_RIGHT, 1},
	[JC_DURATION] = {"DURATION", 8, 9, 0, TABLE_RIGHT, 5},
	[JC_RATE] = {"OK%", 4, 5, 0, TABLE_RIGHT, 6},
	[JC_SCHEDULE] = {"SCHEDULE", 10, 30, 1, TABLE_LEFT, 7},
	[JC_PYTHON] = {"PYTHON", 6, 7, 0, TABLE_LEFT, 9},
	[JC_DEPLOYED_BY] = {"DEPLOYED BY", 8, 32, 1, TABLE_LEFT, 10},
	[JC_DEPLOYED_AT] = {"DEPLOYED", 8, 10, 0, TABLE_RIGHT, 8},
};

static bool all_teams(const char *team)
{
	return str_empty(team) || strcmp(team, "*") == 0;
}

static bool same_team(const char *a, const char *b)
{
	return all_teams(a) ? all_teams(b) : str_eq(a, b);
}

static const struct job *row_job(const struct jv *p, size_t i)
{
	if (!p->lazy)
		return i < p->nrows ? p->rows[i] : NULL;
	size_t k = i / (size_t)p->page_size, off = i % (size_t)p->page_size;
	if (k >= p->npages || !p->pages[k] || off >= p->pages[k]->n)
		return NULL;
	return &p->pages[k]->jobs[off];
}

static const char *row_key(void *ctx, size_t i)
{
	const struct job *j = row_job(ctx, i);
	return j ? j->name : NULL;
}

static void row_format(void *ctx, size_t i, struct table_row *r)
{
	struct jv *p = ctx;
	struct app *a = p->v->app;
	const struct job *j = row_job(p, i);
	if (!j) {
		r->cell[JC_NAME] = xstrdup(theme_unicode() ? "\u2026" : "...");
		r->el[JC_NAME] = EL_DIM;
		return;
	}
	jobs_model_cells(j, app_now(a), app_utc(a), theme_unicode(), app_is_watched(a, j->name), r);
}

static size_t shown_rows(const struct jv *p)
{
	if (!p->lazy)
		return p->nrows;
	return p->total > 0 ? (size_t)p->total : 0;
}

static void update_interval(struct jv *p)
{
	bool active = false;
	size_t n = shown_rows(p);
	for (size_t i = 0; i < n && !active; i++) {
		const struct job *j = row_job(p, i);
		active = j && jobs_model_active(j);
	}
	if (active != p->active) {
		p->active = active;
		app_set_interval(p->v->app, WATCH_JOBS, app_refresh_ms(p->v->app, active));
	}
}

/* Column widths from the loaded jobs; in full mode also filter, scope
 * and sort them into rows (lazy mode shows the server's order). */
static void rebuild(struct jv *p)
{
	{
		size_t cap = 0;
		for (size_t k = 0; k < p->npages; k++)
			cap += p->pages[k] ? p->pages[k]->n : 0;
		free(p->rows);
		p->rows = xcalloc(cap ? cap : 1, sizeof(*p->rows));
		p->nrows = 0;
		p->nall = cap;
		time_t now = app_now(p->v->app);
		int want_name = 0, want_team = 0, want_by = 0, want_sched = 0;
		for (size_t k = 0; k < p->npages; k++) {
			if (!p->pages[k])
				continue;
			for (size_t i = 0; i < p->pages[k]->n; i++) {
				const struct job *j = &p->pages[k]->jobs[i];
				if (!j->name)
					continue;
				/* widths from every job, so columns do not jump while
				 * the user types a filter */
				int w = table_text_width(j->name, true) + 2;
				if (w > want_name)
					want_name = w;
				w = table_text_width(j->team, true);
				if (w > want_team)
					want_team = w;
				w = j->deployment ? table_text_width(j->deployment->deployed_by, true) : 0;
				if (w > want_by)
					want_by = w;
				/* cron, then "→ Sun 22:00" */
				w = table_text_width(j->schedule_cron, true) + (j->next_run > 0 ? 12 : 0);
				if (w > want_sched)
					want_sched = w;
				if (p->lazy || !jobs_model_in_scope(j, p->scope, now) ||
				    !jobs_model_matches(j, p->filter.buf))
					continue;
				p->rows[p->nrows++] = j;
			}
		}
		if (!p->lazy)
			jobs_model_sort(p->rows, p->nrows, p->sort, p->desc);
		table_set_want(p->table, JC_NAME, want_name);
		table_set_want(p->table, JC_TEAM, want_team);
		table_set_want(p->table, JC_DEPLOYED_BY, want_by);
		table_set_want(p->table, JC_SCHEDULE, want_sched);
	}
	table_set_sort(p->table, (int)p->sort, p->desc);
	table_set_rows(p->table, shown_rows(p));
	update_interval(p);
	p->full = true;
}

static void drop_pages(struct jv *p)
{
	for (size_t k = 0; k < p->npages; k++)
		job_page_free(p->pages[k]);
	free(p->pages);
	free(p->pending);
	p->pages = NULL;
	p->pending = NULL;
	p->npages = 0;
	free(p->rows);
	p->rows = NULL;
	p->nrows = p->nall = 0;
}

static void set_npages(struct jv *p, size_t n)
{
	for (size_t k = n; k < p->npages; k++)
		job_page_free(p->pages[k]);
	p->pages = xrealloc(p->pages, (n ? n : 1) * sizeof(*p->pages));
	p->pending = xrealloc(p->pending, (n ? n : 1) * sizeof(*p->pending));
	for (size_t k = p->npages; k < n; k++) {
		p->pages[k] = NULL;
		p->pending[k] = 0;
	}
	p->npages = n;
}

static void fill_query(const struct jv *p, struct jobs_query *q, long page)
{
	memset(q, 0, sizeof(*q));
	q->team = p->team;
	q->page = page;
	q->page_size = p->page_size;
	q->sort = JOBS_SORT_NAME;
	if (p->lazy) {
		int s = jobs_model_server_sort(p->sort);
		q->sort = s >= 0 ? (enum jobs_sort)s : JOBS_SORT_NAME;
		q->sort_desc = p->desc;
		q->search = p->filter.len ? p->filter.buf : NULL;
	}
}

static struct wreq *page_request(const struct jv *p, long page)
{
	struct jobs_query q;
	fill_query(p, &q, page);
	struct wreq *r = wreq_new(WREQ_JOBS, all_teams(p->team) ? NULL : p->team, NULL, NULL);
	wreq_set_query(r, &q);
	return r;
}

static void watch(struct jv *p, long page)
{
	p->watched_page = page;
	app_watch(p->v->app, p->v, WATCH_JOBS, page_request(p, page), app_refresh_ms(p->v->app, p->active));
}

/* Watches a page whose rows are in hand: its first refresh is due after
 * an interval, not now. */
static void watch_loaded(struct jv *p, long page)
{
	int ms = app_refresh_ms(p->v->app, p->active);
	p->watched_page = page;
	app_watch_after(p->v->app, p->v, WATCH_JOBS, page_request(p, page), ms, ms);
}

static void fetch_page(struct jv *p, size_t k)
{
	if (k >= p->npages)
		set_npages(p, k + 1);
	p->pending[k] = app_submit(p->v->app, p->v, page_request(p, (long)k + 1));
}

/* Lazy mode: the watch follows the selection's page; pages on screen
 * that are missing are fetched once. */
static void lazy_follow(struct jv *p)
{
	if (!p->lazy || p->total <= 0)
		return;
	size_t ps = (size_t)p->page_size;
	long sel = table_selected(p->table);
	long page = sel < 0 ? 1 : sel / (long)ps + 1;
	if (page != p->watched_page) {
		if ((size_t)page - 1 < p->npages && p->pages[page - 1])
			watch_loaded(p, page);
		else
			watch(p, page);
	}
	size_t top = table_top(p->table), h = (size_t)table_page_rows(p->table);
	for (size_t i = top; i < top + h && i < (size_t)p->total; i += ps) {
		size_t k = i / ps;
		if ((long)k + 1 != page && (k >= p->npages || (!p->pages[k] && !p->pending[k])))
			fetch_page(p, k);
	}
	size_t last = (top + h - 1) / ps;
	if ((long)last + 1 != page && last * ps < (size_t)p->total &&
	    (last >= p->npages || (!p->pages[last] && !p->pending[last])))
		fetch_page(p, last);
}

/* Starts over with a new query. A new team drops the rows at once; a
 * new sort or search (lazy mode) keeps them on screen until the first
 * answer replaces them, so typing a filter never blanks the list. */
static void requery_keep(struct jv *p, bool keep)
{
	p->search_at = 0; /* this query carries the filter as it is now */
	if (keep && p->loaded) {
		p->replace = true;
		for (size_t k = 0; k < p->npages; k++)
			p->pending[k] = 0; /* answers to the old query are dropped */
		watch(p, 1);
		return;
	}
	drop_pages(p);
	p->replace = false;
	p->total = -1;
	p->loaded = false;
	free(p->error);
	p->error = NULL;
	rebuild(p);
	watch(p, 1);
}

static void requery(struct jv *p)
{
	requery_keep(p, false);
}

/* A typed search still waiting goes out now (the prompt was closed). */
static void search_now(struct jv *p)
{
	if (p->search_at)
		requery_keep(p, true);
}

static void set_team(struct jv *p, const char *team)
{
	free(p->team);
	p->team = all_teams(team) ? NULL : xstrdup(team);
	table_set_hidden(p->table, JC_TEAM, p->team != NULL);
	p->lazy = false;
	p->page_size = p->full_size;
	requery(p);
}

static bool result_current(const struct jv *p, const struct wreq *req)
{
	if (!same_team(req->query.team, p->team) || req->query.page_size != p->page_size)
		return false;
	struct jobs_query q;
	fill_query(p, &q, req->query.page);
	return q.sort == req->query.sort && q.sort_desc == req->query.sort_desc &&
	       str_eq(str_empty(q.search) ? NULL : q.search, str_empty(req->query.search) ? NULL : req->query.search);
}

/* Lazy pages: about two screens, so that a refresh re-reads little more
 * than what is shown, but never more than the configured page. */
static long lazy_page_size(const struct jv *p)
{
	long n = 2L * (p->v->lines > 0 ? p->v->lines : 24);
	if (n < LAZY_MIN_PAGE)
		n = LAZY_MIN_PAGE;
	return n < p->full_size ? n : p->full_size;
}

/* Moves the first rows of jp into lazy pages 1, 2, … (whole pages only,
 * or the team's last one) and frees jp. */
static void split_into_pages(struct jv *p, struct job_page *jp)
{
	size_t ps = (size_t)p->page_size;
	for (size_t k = 0; k < p->npages && k * ps < jp->n; k++) {
		size_t n = jp->n - k * ps < ps ? jp->n - k * ps : ps;
		if (n < ps && (long long)(k * ps + n) < p->total)
			break;
		struct job_page *pg = xcalloc(1, sizeof(*pg));
		pg->jobs = xcalloc(n, sizeof(*pg->jobs));
		for (size_t i = 0; i < n; i++) {
			pg->jobs[i] = jp->jobs[k * ps + i];
			job_init(&jp->jobs[k * ps + i]);
		}
		pg->n = n;
		pg->total_items = jp->total_items;
		pg->total_pages = ((long long)p->total + p->page_size - 1) / p->page_size;
		pg->page_number = (long long)k + 1;
		p->pages[k] = pg;
	}
	job_page_free(jp);
}

/* The team is too big to hold: from now on the server pages, sorts and
 * searches. At start-up the answer in hand (page 1 by name, no search) is
 * already the top of the lazy list: its rows are kept and shown at once,
 * and the watch only takes over for the next refresh. */
static int enter_lazy(struct jv *p, const struct wreq *req, struct job_page *jp, long long total)
{
	p->lazy = true;
	if (jobs_model_server_sort(p->sort) < 0)
		p->sort = JC_NAME;
	p->page_size = lazy_page_size(p);
	app_message(p->v->app, MSG_INFO, "%lld jobs: loading pages as you scroll", total);
	struct jobs_query q;
	fill_query(p, &q, 1);
	if (req->query.page != 1 || q.sort != req->query.sort || q.sort_desc != req->query.sort_desc ||
	    !str_empty(q.search) || !str_empty(req->query.search)) {
		job_page_free(jp);
		requery(p);
		return R_REDRAW | R_LAYOUT;
	}
	drop_pages(p);
	p->replace = false;
	p->total = total;
	set_npages(p, (size_t)((total + p->page_size - 1) / p->page_size));
	split_into_pages(p, jp);
	rebuild(p);
	watch_loaded(p, 1);
	lazy_follow(p);
	return R_REDRAW | R_LAYOUT;
}

static int on_jobs_result(struct jv *p, struct wresult *r)
{
	long page = r->req->query.page;
	if (page < 1 || !result_current(p, r->req))
		return R_NONE;
	size_t k = (size_t)page - 1;
	if (r->watch < 0) {
		if (k >= p->npages || p->pending[k] != r->req->id)
			return R_NONE; /* superseded */
		p->pending[k] = 0;
	}
	if (!r->ok) {
		/* keep what is shown; only an empty screen says why */
		if (!p->loaded) {
			free(p->error);
			p->error = xstrdup(r->err.message ? r->err.message : "request failed");
			p->full = true;
			return R_REDRAW;
		}
		return R_NONE;
	}
	struct job_page *jp = r->u.jobs;
	if (!jp)
		return R_NONE;
	r->u.jobs = NULL;
	if (p->replace) {
		drop_pages(p);
		p->replace = false;
	}
	p->loaded = true;
	free(p->error);
	p->error = NULL;
	if (page == 1 || p->lazy) {
		long long total = jp->total_items >= 0 ? jp->total_items : (long long)jp->n;
		if (!p->lazy && total > LAZY_LIMIT)
			return enter_lazy(p, r->req, jp, total);
		p->total = total;
		size_t want = p->lazy ? (size_t)((total + p->page_size - 1) / p->page_size)
				      : (size_t)(jp->total_pages > 0 ? jp->total_pages : 1);
		set_npages(p, want > k ? want : k + 1);
	}
	if (k >= p->npages) {
		job_page_free(jp);
		return R_NONE;
	}
	job_page_free(p->pages[k]);
	p->pages[k] = jp;
	if (page == 1 && !p->lazy)
		for (size_t i = 1; i < p->npages; i++)
			fetch_page(p, i);
	rebuild(p);
	lazy_follow(p);
	return R_REDRAW | R_LAYOUT;
}

/* ---- view ops ---- */

static struct view *home; /* the one jobs view; see jobs_view_home */

static void jobs_fini(struct view *v)
{
	actions_home_gone(v);
	if (home == v)
		home = NULL;
	struct jv *p = v->priv;
	drop_pages(p);
	table_free(p->table);
	strbuf_free(&p->filter);
	free(p->team);
	free(p->error);
	free(p);
}

static void jobs_on_show(struct view *v)
{
	struct jv *p = v->priv;
	if (!same_team(app_team(v->app), p->team) || (!p->loaded && !p->pages))
		set_team(p, app_team(v->app));
	else if (p->search_at)
		search_now(p);
	else
		watch(p, p->lazy ? (p->watched_page > 0 ? p->watched_page : 1) : 1);
	p->full = true;
}

static void jobs_on_hide(struct view *v)
{
	app_unwatch(v->app, WATCH_JOBS);
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
	else if (p->scope == SCOPE_FAILED)
		msg = xasprintf("no jobs in %s failed in the last 24 h (:jobs shows all)", team);
	else
		msg = xasprintf("no jobs in team %s", team);
	struct strbuf sb = STRBUF_INIT;
	table_fit(msg, p->v->cols - 2, TABLE_LEFT, theme_unicode(), &sb);
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
			shown += row_job(p, i) != NULL;
		trace_drawn("jobs", shown);
	}
	if (p->full && table_rows(p->table) == 0)
		draw_empty(p, w, 2);
	/* redrawn while editing too: it places the cursor */
	if (prompt_shown(p) && (p->full || p->editing))
		table_draw_filter(w, v->lines - 1, v->cols, p->filter.buf, p->editing, theme_unicode());
	p->full = false;
}

static const struct job *selected_job(const struct jv *p)
{
	long i = table_selected(p->table);
	return i < 0 ? NULL : row_job(p, (size_t)i);
}

static int moved(struct jv *p, bool changed)
{
	if (!changed)
		return R_NONE;
	lazy_follow(p);
	return R_REDRAW;
}

static int filter_changed(struct jv *p)
{
	if (p->lazy)
		p->search_at = now_ms() + SEARCH_DELAY_MS; /* the server searches, once typing pauses */
	else
		rebuild(p);
	return R_REDRAW | R_LAYOUT;
}


static int set_scope(struct jv *p, enum jobs_scope s)
{
	if (p->lazy && s != SCOPE_ALL) {
		app_message(p->v->app, MSG_WARN, "scopes need the whole team; this one has %lld jobs: use / to search",
			    p->total);
		return R_NONE;
	}
	p->scope = s;
	rebuild(p);
	return R_REDRAW | R_LAYOUT;
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
		break;
	}
	p->sort = c;
	p->desc = false;
	app_message(p->v->app, MSG_INFO, "sorted by %s", cols[c].title);
	if (p->lazy) {
		requery_keep(p, true);
		return R_REDRAW | R_LAYOUT;
	}
	rebuild(p);
	return R_REDRAW | R_LAYOUT;
}

/* Lazy mode: the rows shown answer an older search or sort than the one
 * asked for (it is waiting for a pause in typing, or on its way). */
static bool rows_outdated(const struct jv *p)
{
	return p->lazy && (p->search_at || p->replace);
}

/* Opening a row of the outdated list could open the wrong job. */
static bool refuse_outdated(struct jv *p)
{
	if (!rows_outdated(p))
		return false;
	search_now(p);
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
			requery_keep(p, true);
		else
			rebuild(p);
		return R_REDRAW | R_LAYOUT;
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
		set_team(p, app_team(v->app));
		return R_REDRAW | R_LAYOUT;
	case ACT_BACK:
		if (p->filter.len) {
			strbuf_reset(&p->filter);
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

static int jobs_on_key(struct view *v, int key, bool is_char)
{
	struct jv *p = v->priv;
	if (!p->editing)
		return R_UNHANDLED;
	switch (table_edit_key(&p->filter, key, is_char)) {
	case TABLE_EDIT_CHANGED:
		return filter_changed(p);
	case TABLE_EDIT_DONE:
		stop_editing(v);
		search_now(p);
		return R_REDRAW | R_LAYOUT;
	case TABLE_EDIT_CANCEL: {
		stop_editing(v);
		strbuf_reset(&p->filter);
		int bits = filter_changed(p);
		search_now(p);
		return bits;
	}
	case TABLE_EDIT_IGNORED:
		return R_NONE;
	case TABLE_EDIT_UNHANDLED:
	default:
		return R_UNHANDLED;
	}
}

static int jobs_on_result(struct view *v, struct wresult *r)
{
	struct jv *p = v->priv;
	if (r->req && r->req->kind != WREQ_JOBS)
		return actions_on_result(v, r); /* background actions live here */
	if (r->type != WRESULT_DONE || !r->req)
		return R_NONE;
	return on_jobs_result(p, r);
}

static bool any_recent(const struct jv *p, time_t now)
{
	size_t top = table_top(p->table), h = (size_t)table_page_rows(p->table);
	for (size_t i = top; i < top + h && i < table_rows(p->table); i++) {
		const struct job *j = row_job(p, i);
		if (!j)
			continue;
		struct job_last l = jobs_model_last(j);
		if (l.known && (exec_status_is_active(l.status) || (l.time > 0 && now - l.time < 60)))
			return true;
	}
	return false;
}

static int jobs_on_tick(struct view *v, long long now)
{
	struct jv *p = v->priv;
	int bits = R_NONE;
	if (p->search_at && now >= p->search_at) {
		requery_keep(p, true);
		bits = R_REDRAW | R_LAYOUT;
	}
	return table_refresh_visible(p->table) ? bits | R_REDRAW : bits;
}

static long long jobs_next_tick(struct view *v, long long now)
{
	struct jv *p = v->priv;
	/* seconds tick only while a visible text changes every second */
	long long t = now + (any_recent(p, app_now(v->app)) ? 1000 : 15000);
	return p->search_at && p->search_at < t ? p->search_at : t;
}

static void jobs_title(struct view *v, struct strbuf *out)
{
	struct jv *p = v->priv;
	strbuf_puts(out, "jobs");
	if (p->scope == SCOPE_RUNNING)
		strbuf_puts(out, " [running]");
	else if (p->scope == SCOPE_FAILED)
		strbuf_puts(out, " [failed 24h]");
	strbuf_printf(out, " %s %s", theme_unicode() ? "\u2014" : "-", p->team ? p->team : "all teams");
	if (!p->loaded)
		return;
	if (rows_outdated(p))
		strbuf_printf(out, " (searching%s)", theme_unicode() ? "\u2026" : "...");
	else if (p->lazy)
		strbuf_printf(out, " (%lld%s)", p->total, p->filter.len ? " found" : "");
	else if (p->filter.len || p->scope != SCOPE_ALL)
		strbuf_printf(out, " (%zu/%zu)", p->nrows, p->nall);
	else
		strbuf_printf(out, " (%zu)", p->nall);
}

static void jobs_status(struct view *v, struct strbuf *out)
{
	struct jv *p = v->priv;
	bool uni = theme_unicode();
	strbuf_printf(out, "sort %s%s", cols[p->sort].title,
		      uni ? (p->desc ? "\u25bc" : "\u25b2") : (p->desc ? "v" : "^"));
	if (p->filter.len && !p->editing)
		strbuf_printf(out, "  /%s", p->filter.buf);
}

static int jobs_on_mouse(struct view *v, int y, int x, int wheel)
{
	struct jv *p = v->priv;
	if (wheel)
		return moved(p, table_move(p->table, wheel));
	long i = table_row_at(p->table, y);
	if (i < 0)
		return R_NONE;
	return moved(p, table_select(p->table, i));
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
	.on_mouse = jobs_on_mouse

/* Two tables of the same functions: while the filter prompt is open the
 * view takes raw keys, so typed letters are text, not commands. */
static const struct view_ops jobs_ops = {JOBS_OPS_FIELDS, .flags = 0};
static const struct view_ops jobs_edit_ops = {JOBS_OPS_FIELDS, .flags = VF_TEXTINPUT};

struct view *jobs_view_new(struct app *a)
{
	struct jv *p = xcalloc(1, sizeof(*p));
	const struct config *cfg = app_config(a);
	p->full_size = cfg && cfg->page_size > 0 ? cfg->page_size : DEFAULT_PAGE_SIZE;
	p->page_size = p->full_size;
	p->total = -1;
	p->sort = JC_NAME;
	struct table_source src = {p, row_format, row_key};
	p->table = table_new(cols, JC_COUNT, &src);
	struct view *v = view_new(a, &jobs_ops, p);
	p->v = v;
	p->team = all_teams(app_team(a)) ? NULL : xstrdup(app_team(a));
	table_set_hidden(p->table, JC_TEAM, p->team != NULL);
	p->full = true;
	home = v;
	return v;
}

struct view *jobs_view_home(const struct app *a)
{
	return home && home->app == a ? home : NULL;
}

const struct job *jobs_view_selected(struct view *v)
{
	return jobs_view_is(v) ? selected_job(v->priv) : NULL;
}

bool jobs_view_is(const struct view *v)
{
	return v && (v->ops == &jobs_ops || v->ops == &jobs_edit_ops);
}

void jobs_view_select(struct view *v, const char *job)
{
	if (!jobs_view_is(v) || !job)
		return;
	struct jv *p = v->priv;
	if (p->filter.len && !p->lazy) {
		/* a filter could hide the job the user just created */
		strbuf_reset(&p->filter);
		rebuild(p);
	}
	table_select_key(p->table, job);
	p->full = true;
	app_dirty(v->app, v);
}

void jobs_view_refresh(struct view *v)
{
	if (!jobs_view_is(v))
		return;
	app_refresh(v->app, WATCH_JOBS);
}

void jobs_view_set_enabled(struct view *v, const char *job, bool enabled)
{
	if (!jobs_view_is(v) || !job)
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
