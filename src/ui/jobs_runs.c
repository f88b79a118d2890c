/* What the jobs list learns from the root `executions` query, which is
 * the only source of what runs now and what failed lately: the job
 * summary holds the last *completed* run and is cleared by every PUT of
 * the job (api-notes §4.7).
 *
 *   runs in flight   one query per refresh for the whole team
 *                    (statusIn RUNNING, SUBMITTED; teamNameIn, or no
 *                    team filter for all teams), watched in WATCH_RUNS;
 *   failures         statusIn USER_ERROR, PLATFORM_ERROR and
 *                    startTimeGte now - window, watched in WATCH_FAILED
 *                    while the :failed scope is on;
 *   last runs        for a job whose summary is empty although its counts
 *                    say it ran: its newest finished execution (page of
 *                    one), asked once per job, a few at a time. */
#include <stdlib.h>
#include <string.h>

#include "ui/jobs_priv.h"

/* One answer holds every run in flight of a team; more than this many at
 * once would be shown from the newest on. */
#define RUNS_PAGE 1000
#define FAILED_PAGE 1000
/* Last-run questions in flight at once: the list stays responsive and
 * the server sees a trickle, not a burst, after a team-wide redeploy. */
#define LAST_INFLIGHT 4

static const char *const *team_list(const struct jv *p, size_t *n)
{
	*n = p->team ? 1 : 0;
	return p->team ? (const char *const *)&p->team : NULL;
}

static struct wreq *runs_req(const struct jv *p)
{
	struct executions_query q = {0};
	q.teams = team_list(p, &q.n_teams);
	q.statuses = EXEC_STATUS_BIT(EXEC_RUNNING) | EXEC_STATUS_BIT(EXEC_SUBMITTED);
	q.page = 1;
	q.page_size = RUNS_PAGE;
	struct wreq *r = wreq_new(WREQ_EXEC_FIND, p->team, NULL, NULL);
	wreq_set_exec_query(r, &q);
	return r;
}

static struct wreq *failed_req(const struct jv *p)
{
	struct executions_query q = {0};
	q.teams = team_list(p, &q.n_teams);
	q.statuses = EXEC_STATUS_BIT(EXEC_USER_ERROR) | EXEC_STATUS_BIT(EXEC_PLATFORM_ERROR);
	q.start_gte = jobs_now(p) - p->failed_window_s;
	q.page = 1;
	q.page_size = FAILED_PAGE;
	struct wreq *r = wreq_new(WREQ_EXEC_FIND, p->team, NULL, NULL);
	wreq_set_exec_query(r, &q);
	return r;
}

/* Before the list's first answer the root executions query waits, for
 * RUNS_HOLD_MS at most: sent beside the first page it would have the
 * service (and the machine) work on it while that page is answered,
 * parsed and painted, for rows not on screen yet. Once the first rows are
 * in, the view's next tick (jobs_load_runs_due) sends it: the loop paints
 * before it runs ticks again, so the query does not compete with the
 * building and painting of those rows either. */
#define RUNS_HOLD_MS 300

void jobs_load_watch_runs(struct jv *p)
{
	p->runs_release_at = 0;
	p->runs_held = !p->loaded && p->subset == SUBSET_NONE;
	jobs_watch(p, WATCH_RUNS, runs_req(p), jobs_refresh_ms(p, p->active), p->runs_held ? RUNS_HOLD_MS : 0);
	if (p->scope == SCOPE_FAILED)
		jobs_watch(p, WATCH_FAILED, failed_req(p), jobs_refresh_ms(p, false), 0);
	else
		jobs_unwatch(p, WATCH_FAILED);
}

void jobs_load_runs_release(struct jv *p)
{
	p->runs_release_at = 0;
	if (!p->runs_held)
		return;
	p->runs_held = false;
	jobs_refresh(p, WATCH_RUNS);
}

long long jobs_load_runs_due(struct jv *p, long long now)
{
	if (!p->runs_held || !p->loaded) {
		p->runs_release_at = 0;
		return 0;
	}
	/* Asked first in the pass that adopted the rows, when the deadline
	 * is still ahead: it falls due in the pass after the paint. */
	if (!p->runs_release_at)
		p->runs_release_at = now + 1;
	return p->runs_release_at;
}

void jobs_load_unwatch_runs(struct jv *p)
{
	p->runs_held = false;
	jobs_unwatch(p, WATCH_RUNS);
	jobs_unwatch(p, WATCH_FAILED);
}

static void reindex(struct jv *p)
{
	run_index_clear(&p->live.active);
	run_index_add(&p->live.active, p->runs);
	run_index_done(&p->live.active);
	run_index_clear(&p->live.failed);
	run_index_add(&p->live.failed, p->fails);
	run_index_done(&p->live.failed);
	run_index_clear(&p->live.done);
	for (size_t i = 0; i < p->ndone; i++)
		run_index_add(&p->live.done, p->done[i]);
	run_index_done(&p->live.done);
}

void jobs_load_drop_live(struct jv *p)
{
	run_index_clear(&p->live.active);
	run_index_clear(&p->live.failed);
	run_index_clear(&p->live.done);
	p->live.failed_known = false;
	execution_list_free(p->runs);
	execution_list_free(p->fails);
	p->runs = p->fails = NULL;
	for (size_t i = 0; i < p->ndone; i++)
		execution_list_free(p->done[i]);
	free(p->done);
	p->done = NULL;
	p->ndone = 0;
	for (size_t i = 0; i < p->nasked; i++)
		free(p->asked[i]);
	free(p->asked);
	p->asked = NULL;
	p->nasked = 0;
	/* answers still on their way are for the old team: same_team drops them */
	p->done_inflight = 0;
}

/* ---- jobs asked for their last run: a sorted set of names ---- */

static size_t asked_pos(const struct jv *p, const char *job, bool *found)
{
	size_t lo = 0, hi = p->nasked;
	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->asked[mid], job);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool ask_last(struct jv *p, const struct job *j)
{
	bool found;
	size_t at = asked_pos(p, j->name, &found);
	if (found)
		return false;
	p->asked = xrealloc(p->asked, (p->nasked + 1) * sizeof(*p->asked));
	memmove(p->asked + at + 1, p->asked + at, (p->nasked - at) * sizeof(*p->asked));
	p->asked[at] = xstrdup(j->name);
	p->nasked++;
	const char *jobs[] = {j->name};
	struct executions_query q = {0};
	q.teams = team_list(p, &q.n_teams);
	q.jobs = jobs;
	q.n_jobs = 1;
	/* the statuses that reach the summary: a user's cancel never does */
	q.statuses = EXEC_STATUS_BIT(EXEC_SUCCEEDED) | EXEC_STATUS_BIT(EXEC_USER_ERROR) |
		     EXEC_STATUS_BIT(EXEC_PLATFORM_ERROR) | EXEC_STATUS_BIT(EXEC_SKIPPED);
	q.page = 1;
	q.page_size = 1;
	struct wreq *r = wreq_new(WREQ_EXEC_FIND, p->team, j->name, NULL);
	wreq_set_exec_query(r, &q);
	jobs_submit(p, r);
	p->done_inflight++;
	return true;
}

void jobs_load_ask_last(struct jv *p)
{
	size_t n = p->lazy ? (p->total > 0 ? (size_t)p->total : 0) : p->nrows;
	if (n == 0 || p->done_inflight >= LAST_INFLIGHT)
		return;
	/* rows on screen first, then (full mode) the rest, for sorting */
	size_t top = table_top(p->table), h = (size_t)table_page_rows(p->table);
	size_t span = p->lazy ? (h < n ? h : n) : n;
	for (size_t k = 0; k < span && p->done_inflight < LAST_INFLIGHT; k++) {
		const struct job *j = jobs_load_row(p, (top + k) % n);
		if (j && j->name && jobs_model_needs_last(j) && !run_index_find(&p->live.done, j->name))
			ask_last(p, j);
	}
}

/* ---- answers ---- */

static bool same_team(const struct jv *p, const struct wreq *req)
{
	return jobs_load_same_team(req->team, p->team);
}

int jobs_load_runs_result(struct jv *p, struct wresult *r)
{
	if (r->type != WRESULT_DONE)
		return R_NONE;
	bool last = r->watch < 0 && r->req->job;
	if (last && same_team(p, r->req) && p->done_inflight > 0)
		p->done_inflight--;
	if (!same_team(p, r->req) || !r->ok || !r->u.executions)
		return last ? (jobs_load_ask_last(p), R_NONE) : R_NONE;
	struct execution_list *l = r->u.executions;
	r->u.executions = NULL;
	if (r->watch == WATCH_RUNS) {
		p->runs_held = false; /* it went out on its own */
		execution_list_free(p->runs);
		p->runs = l;
	} else if (r->watch == WATCH_FAILED) {
		execution_list_free(p->fails);
		p->fails = l;
		p->live.failed_known = true;
		/* the window moves with the clock: the next question starts
		 * from then, not from when the scope was entered */
		int ms = jobs_refresh_ms(p, false);
		jobs_watch(p, WATCH_FAILED, failed_req(p), ms, ms);
		if (l->total_pages > 1)
			jobs_say(p, MSG_WARN, "more than %d failed runs in the window: the newest shown",
				    FAILED_PAGE);
	} else if (last) {
		p->done = xrealloc(p->done, (p->ndone + 1) * sizeof(*p->done));
		p->done[p->ndone++] = l;
	} else {
		execution_list_free(l);
		return R_NONE;
	}
	reindex(p);
	jobs_names_sync(p); /* a lazy team read by these names */
	jobs_load_rebuild(p);
	return R_REDRAW | R_LAYOUT;
}
