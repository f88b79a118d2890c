/* The jobs view's data: loading a team whole or in lazy pages, the
 * queries sent for them, and turning answers into rows.
 *
 * A normal team is read whole (page 1 is watched; the other pages are
 * fetched after each page 1 answer) and filtered, scoped and sorted
 * locally. Above LAZY_LIMIT jobs the server pages, sorts and searches,
 * and only the pages on screen are fetched. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ui/cell.h"
#include "ui/jobs_priv.h"
#include "ui/rowfmt.h"

#define LAZY_LIMIT 5000
#define LAZY_MIN_PAGE 100
/* Lazy mode lists at most this many rows, whatever total the server
 * claims: the pages index (one pointer a page) and every loop over it
 * stay small, and nobody scrolls past a million jobs. */
#define LAZY_MAX_ROWS 1000000

unsigned long jobs_submit(struct jv *p, struct wreq *req)
{
	return p->port->submit(p->port_ud, req);
}

void jobs_watch(struct jv *p, enum watch_slot slot, struct wreq *req, int interval_ms, int first_ms)
{
	p->port->watch(p->port_ud, slot, req, interval_ms, first_ms);
}

void jobs_unwatch(struct jv *p, enum watch_slot slot)
{
	p->port->unwatch(p->port_ud, slot);
}

void jobs_refresh(struct jv *p, enum watch_slot slot)
{
	p->port->poll_now(p->port_ud, slot);
}

int jobs_refresh_ms(struct jv *p, bool active)
{
	return p->port->refresh_ms(p->port_ud, active);
}

void jobs_say(struct jv *p, enum msg_level lvl, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	p->port->message(p->port_ud, lvl, s);
	free(s);
}

time_t jobs_now(const struct jv *p)
{
	return p->port->now(p->port_ud);
}

/* Pages of page_size that hold total jobs. page_size is at least 1 (the
 * config's minimum, LAZY_MIN_PAGE), but the division is never left to
 * trust: 0 pages when it is not. */
static long long pages_for(long long total, long page_size)
{
	if (page_size <= 0 || total <= 0)
		return 0;
	return (total + page_size - 1) / page_size;
}

bool jobs_load_all_teams(const char *team)
{
	return str_empty(team) || strcmp(team, "*") == 0;
}

bool jobs_load_same_team(const char *a, const char *b)
{
	return jobs_load_all_teams(a) ? jobs_load_all_teams(b) : str_eq(a, b);
}

const struct job *jobs_load_row(const struct jv *p, size_t i)
{
	if (!p->lazy)
		return i < p->nrows ? p->rows[i] : NULL;
	size_t k = i / (size_t)p->page_size, off = i % (size_t)p->page_size;
	if (k >= p->npages || !p->pages[k] || off >= p->pages[k]->n)
		return NULL;
	return &p->pages[k]->jobs[off];
}

static size_t shown_rows(const struct jv *p)
{
	if (!p->lazy)
		return p->nrows;
	return p->total > 0 ? (size_t)p->total : 0;
}

/* Faster while anything of the team runs: the root query covers the
 * whole team, not only the rows loaded. */
static void update_interval(struct jv *p)
{
	bool active = p->live.active.n > 0;
	if (active != p->active) {
		p->active = active;
		int ms = jobs_refresh_ms(p, active);
		p->port->set_interval(p->port_ud, WATCH_JOBS, ms);
		p->port->set_interval(p->port_ud, WATCH_RUNS, ms);
	}
}

/* Column widths from the loaded jobs; in full mode also filter, scope
 * and sort them into rows (lazy mode shows the server's order). */
void jobs_load_rebuild(struct jv *p)
{
	{
		size_t cap = 0;
		for (size_t k = 0; k < p->npages; k++)
			cap += p->pages[k] ? p->pages[k]->n : 0;
		free(p->rows);
		p->rows = xcallocarray(cap ? cap : 1, sizeof(*p->rows));
		p->nrows = 0;
		p->nall = cap;
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
				int w = cell_width(j->name, true) + 2;
				if (w > want_name)
					want_name = w;
				w = cell_width(j->team, true);
				if (w > want_team)
					want_team = w;
				w = j->deployment ? cell_width(j->deployment->deployed_by, true) : 0;
				if (w > want_by)
					want_by = w;
				/* cron, then "→ Sun 22:00" */
				w = cell_width(j->schedule_cron, true) + (j->next_run > 0 ? 12 : 0);
				if (w > want_sched)
					want_sched = w;
				if (p->lazy || !jobs_model_in_scope(j, &p->live, p->scope) ||
				    !jobs_model_matches(j, &p->live, p->filter.buf))
					continue;
				p->rows[p->nrows++] = j;
			}
		}
		if (!p->lazy)
			jobs_model_sort(p->rows, p->nrows, &p->live, p->sort, p->desc);
		table_set_want(p->table, JC_NAME, want_name);
		table_set_want(p->table, JC_TEAM, want_team);
		table_set_want(p->table, JC_DEPLOYED_BY, want_by);
		table_set_want(p->table, JC_SCHEDULE, want_sched);
	}
	table_set_sort(p->table, (int)p->sort, p->desc);
	table_set_rows(p->table, shown_rows(p));
	update_interval(p);
	jobs_load_ask_last(p);
	p->full = true;
}

void jobs_load_drop(struct jv *p)
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
	jobs_names_free(p);
}

static void set_npages(struct jv *p, size_t n)
{
	for (size_t k = n; k < p->npages; k++)
		job_page_free(p->pages[k]);
	p->pages = xreallocarray(p->pages, n ? n : 1, sizeof(*p->pages));
	p->pending = xreallocarray(p->pending, n ? n : 1, sizeof(*p->pending));
	for (size_t k = p->npages; k < n; k++) {
		p->pages[k] = NULL;
		p->pending[k] = 0;
	}
	p->npages = n;
}

static long lazy_page_size(const struct jv *p);

/* What a lazy team is read as. "failed" / "error": two statuses, which
 * no one filter of the service expresses, so the list reads both whole
 * (page "1" asks for user_error, page "2" for platform_error). A scope,
 * or "running" / "submitted" (which the summary never holds): the jobs
 * the root executions query named, each by its name. Either way the list
 * then works as for a small team. */
static enum jobs_subset subset_for(const struct jv *p)
{
	const char *en, *st;
	if (!p->lazy && !p->subset)
		return SUBSET_NONE;
	if (p->scope != SCOPE_ALL)
		return SUBSET_NAMES;
	if (jobs_model_server_word(p->filter.buf, &en, &st) >= 0)
		return SUBSET_NONE;
	return rowfmt_status_matches(EXEC_USER_ERROR, p->filter.buf) ? SUBSET_FAILURES : SUBSET_NAMES;
}

static void fill_query(const struct jv *p, struct jobs_query *q, long page)
{
	memset(q, 0, sizeof(*q));
	q->team = p->team;
	q->page = page;
	q->page_size = p->page_size;
	q->sort = JOBS_SORT_NAME;
	if (p->subset == SUBSET_NAMES) {
		jobs_names_fill(p, q, page);
		return;
	}
	if (p->subset) {
		q->page = 1;
		q->last_status = page == 2 ? "platform_error" : "user_error";
		return;
	}
	if (p->lazy) {
		int s = jobs_model_server_sort(p->sort);
		q->sort = s >= 0 ? (enum jobs_sort)s : JOBS_SORT_NAME;
		q->sort_desc = p->desc;
		/* The words of the list's filter become the service's exact
		 * predicates, so both modes find the same jobs; the service's
		 * own search would match "failed" or "disabled" nowhere or by
		 * name only (api-notes §4.7). */
		if (jobs_model_server_word(p->filter.buf, &q->enabled, &q->last_status) == 0)
			q->search = p->filter.len ? p->filter.buf : NULL;
	}
}

static struct wreq *page_request(const struct jv *p, long page)
{
	struct jobs_query q;
	fill_query(p, &q, page);
	struct wreq *r = wreq_new(WREQ_JOBS, jobs_load_all_teams(p->team) ? NULL : p->team, NULL, NULL);
	wreq_set_query(r, &q);
	return r;
}

void jobs_load_watch(struct jv *p, long page)
{
	if (p->subset == SUBSET_NAMES) {
		/* no page to watch: the root query's refresh drives the names */
		jobs_unwatch(p, WATCH_JOBS);
		jobs_names_fetch(p);
		return;
	}
	p->watched_page = page;
	jobs_watch(p, WATCH_JOBS, page_request(p, page), jobs_refresh_ms(p, p->active), 0);
}

/* Watches a page whose rows are in hand: its first refresh is due after
 * an interval, not now. */
static void watch_loaded(struct jv *p, long page)
{
	int ms = jobs_refresh_ms(p, p->active);
	p->watched_page = page;
	jobs_watch(p, WATCH_JOBS, page_request(p, page), ms, ms);
}

static void fetch_page(struct jv *p, size_t k)
{
	if (k >= p->npages)
		set_npages(p, k + 1);
	p->pending[k] = jobs_submit(p, page_request(p, (long)k + 1));
}

/* Lazy mode: the watch follows the selection's page; pages on screen
 * that are missing are fetched once. */
void jobs_load_follow(struct jv *p)
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
			jobs_load_watch(p, page);
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
void jobs_load_requery(struct jv *p, bool keep)
{
	p->search_at = 0; /* this query carries the filter as it is now */
	enum jobs_subset want = subset_for(p);
	if (want != p->subset) {
		p->subset = want;
		p->lazy = want == SUBSET_NONE;
		p->page_size = want == SUBSET_FAILURES ? LAZY_LIMIT : want == SUBSET_NAMES ? 1 : lazy_page_size(p);
		keep = false;
	} else if (want == SUBSET_NAMES) {
		/* the same kind of names (the scope may have changed them);
		 * the filter applies to the rows in hand */
		jobs_names_sync(p);
		jobs_load_rebuild(p);
		return;
	}
	if (keep && p->loaded) {
		p->replace = true;
		for (size_t k = 0; k < p->npages; k++)
			p->pending[k] = 0; /* answers to the old query are dropped */
		jobs_load_watch(p, 1);
		return;
	}
	jobs_load_drop(p);
	p->replace = false;
	p->total = -1;
	p->loaded = false;
	free(p->error);
	p->error = NULL;
	jobs_names_sync(p);
	jobs_load_rebuild(p);
	jobs_load_watch(p, 1);
}

static void requery(struct jv *p)
{
	jobs_load_requery(p, false);
}

/* A typed search still waiting goes out now (the prompt was closed). */
void jobs_load_search_now(struct jv *p)
{
	if (p->search_at)
		jobs_load_requery(p, true);
}

void jobs_load_set_team(struct jv *p, const char *team)
{
	jobs_load_drop_live(p);
	free(p->team);
	p->team = jobs_load_all_teams(team) ? NULL : xstrdup(team);
	table_set_hidden(p->table, JC_TEAM, p->team != NULL);
	p->lazy = false;
	p->subset = SUBSET_NONE;
	p->page_size = p->full_size;
	requery(p);
	jobs_load_watch_runs(p);
}

/* The list's page an answer is for (subset: by the status it asked for). */
static long req_page(const struct jv *p, const struct wreq *req)
{
	if (p->subset == SUBSET_FAILURES && req->query.last_status)
		return str_eq(req->query.last_status, "platform_error") ? 2 : 1;
	return req->query.page;
}

static bool result_current(const struct jv *p, const struct wreq *req)
{
	if (!jobs_load_same_team(req->query.team, p->team) || req->query.page_size != p->page_size)
		return false;
	struct jobs_query q;
	fill_query(p, &q, req_page(p, req));
	return q.sort == req->query.sort && q.sort_desc == req->query.sort_desc &&
	       str_eq(str_empty(q.search) ? NULL : q.search, str_empty(req->query.search) ? NULL : req->query.search) &&
	       str_eq(q.enabled, req->query.enabled) && str_eq(q.last_status, req->query.last_status) &&
	       str_eq(q.job_name, req->query.job_name);
}

/* Lazy pages: about two screens, so that a refresh re-reads little more
 * than what is shown, but never more than the configured page. */
static long lazy_page_size(const struct jv *p)
{
	long n = 2L * (p->v && p->v->lines > 0 ? p->v->lines : 24);
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
		if (n < ps && p->total > 0 && k * ps + n < (size_t)p->total)
			break;
		struct job_page *pg = xcalloc(1, sizeof(*pg));
		pg->jobs = xcallocarray(n, sizeof(*pg->jobs));
		for (size_t i = 0; i < n; i++) {
			pg->jobs[i] = jp->jobs[k * ps + i];
			job_init(&jp->jobs[k * ps + i]);
		}
		pg->n = n;
		pg->total_items = jp->total_items;
		pg->total_pages = pages_for(p->total, p->page_size);
		pg->page_number = (long long)k + 1;
		p->pages[k] = pg;
	}
	job_page_free(jp);
}

static long long lazy_total(long long total)
{
	return total < LAZY_MAX_ROWS ? total : LAZY_MAX_ROWS;
}

/* Full mode: the pages to read for the team, from page 1's answer. The
 * server's totalPages is believed only as far as its totalItems and the
 * team size of full mode allow (both bounded at parse time too), so a
 * claim of 200,000 pages never becomes 200,000 requests. */
static size_t full_pages(const struct jv *p, const struct job_page *jp)
{
	long long cap = pages_for(LAZY_LIMIT, p->page_size);
	if (jp->total_items >= 0) {
		long long need = pages_for(jp->total_items, p->page_size);
		cap = need < cap ? need : cap;
	}
	long long want = jp->total_pages > 0 ? jp->total_pages : 1;
	want = want < cap ? want : cap;
	return want > 0 ? (size_t)want : 1;
}

/* Says once per answer what was dropped from it. */
static void warn_dropped(struct jv *p, const struct job_page *jp, long page)
{
	if (jp->extra_rows)
		jobs_say(p, MSG_WARN, "%zu extra jobs dropped from page %ld (asked for %ld)", jp->extra_rows,
			    page, p->page_size);
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
	if (total > LAZY_MAX_ROWS)
		jobs_say(p, MSG_WARN, "the service reports %lld jobs: listing the first %d, loaded as you scroll",
			    total, LAZY_MAX_ROWS);
	else
		jobs_say(p, MSG_INFO, "%lld jobs: loading pages as you scroll", total);
	struct jobs_query q;
	fill_query(p, &q, 1);
	if (req->query.page != 1 || q.sort != req->query.sort || q.sort_desc != req->query.sort_desc ||
	    !str_empty(q.search) || !str_empty(req->query.search) || q.enabled || q.last_status) {
		job_page_free(jp);
		requery(p);
		return R_REDRAW | R_LAYOUT;
	}
	jobs_load_drop(p);
	p->replace = false;
	p->total = lazy_total(total);
	set_npages(p, (size_t)pages_for(p->total, p->page_size));
	split_into_pages(p, jp);
	jobs_load_rebuild(p);
	watch_loaded(p, 1);
	jobs_load_follow(p);
	return R_REDRAW | R_LAYOUT;
}

int jobs_load_result(struct jv *p, struct wresult *r)
{
	if (p->subset == SUBSET_NAMES)
		return jobs_names_result(p, r);
	long page = req_page(p, r->req);
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
	warn_dropped(p, jp, page);
	if (p->replace) {
		jobs_load_drop(p);
		p->replace = false;
	}
	p->loaded = true;
	free(p->error);
	p->error = NULL;
	if (page == 1 || p->lazy) {
		long long total = jp->total_items >= 0 ? jp->total_items : (long long)jp->n;
		if (!p->lazy && !p->subset && total > LAZY_LIMIT)
			return enter_lazy(p, r->req, jp, total);
		p->total = p->lazy ? lazy_total(total) : total;
		size_t want = p->subset ? 2
			      : p->lazy ? (size_t)pages_for(p->total, p->page_size)
					: full_pages(p, jp);
		/* k is a page this view asked for itself */
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
	jobs_load_rebuild(p);
	jobs_load_follow(p);
	return R_REDRAW | R_LAYOUT;
}
