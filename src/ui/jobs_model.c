#include "ui/jobs_model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ui/rowfmt.h"
#include "util.h"

/* ---- runs by job name ---- */

static int ix_cmp(const void *pa, const void *pb)
{
	const struct execution *a = *(const struct execution *const *)pa, *b = *(const struct execution *const *)pb;
	int c = strcmp(a->job_name, b->job_name);
	if (c)
		return c;
	/* newest first within a job, ids as the last word (a total order) */
	if (a->start_time != b->start_time)
		return a->start_time > b->start_time ? -1 : 1;
	return strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

void run_index_add(struct run_index *ix, const struct execution_list *l)
{
	if (!l || l->n == 0)
		return;
	if (l->n > SIZE_MAX / sizeof(*ix->v) - ix->n)
		return; /* cannot happen for a list that was parsed into memory */
	ix->v = xrealloc(ix->v, (ix->n + l->n) * sizeof(*ix->v));
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].job_name)
			ix->v[ix->n++] = &l->v[i];
}

void run_index_done(struct run_index *ix)
{
	if (ix->n < 2)
		return;
	qsort(ix->v, ix->n, sizeof(*ix->v), ix_cmp);
	size_t w = 1;
	for (size_t i = 1; i < ix->n; i++)
		if (strcmp(ix->v[i]->job_name, ix->v[w - 1]->job_name) != 0)
			ix->v[w++] = ix->v[i];
	ix->n = w;
}

void run_index_clear(struct run_index *ix)
{
	free(ix->v);
	ix->v = NULL;
	ix->n = 0;
}

const struct execution *run_index_find(const struct run_index *ix, const char *job)
{
	if (!ix || !job)
		return NULL;
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->v[mid]->job_name, job);
		if (c == 0)
			return ix->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- one job ---- */

/* As the summary would say it: lastExecutionTime is the end time. */
static struct job_last last_of(const struct execution *e)
{
	struct job_last l = {true, e->status, e->end_time > 0 ? e->end_time : e->start_time, -1};
	if (e->end_time > 0 && e->start_time > 0 && e->end_time >= e->start_time)
		l.duration = (long long)(e->end_time - e->start_time);
	return l;
}

struct job_last jobs_model_last(const struct job *j, const struct jobs_live *live)
{
	struct job_last l = {false, EXEC_UNKNOWN, 0, -1};
	const struct deployment *d = j->deployment;
	if (d && (d->last_status != EXEC_UNKNOWN || d->last_exec_time > 0)) {
		l.known = true;
		l.status = d->last_status;
		l.time = d->last_exec_time;
		l.duration = d->last_exec_duration;
		return l;
	}
	/* The summary is empty (never ran, or a PUT cleared it): the newest
	 * finished execution is the truth. */
	const struct execution *e = live ? run_index_find(&live->done, j->name) : NULL;
	if (e)
		return last_of(e);
	for (size_t i = 0; i < j->n_executions; i++)
		if (!exec_status_is_active(j->executions[i].status))
			return last_of(&j->executions[i]);
	return l;
}

const struct execution *jobs_model_run(const struct job *j, const struct jobs_live *live)
{
	const struct execution *e = live ? run_index_find(&live->active, j->name) : NULL;
	if (e && exec_status_is_active(e->status))
		return e;
	/* The job view's own list (nested or per-job executions). */
	if (j->n_executions > 0 && exec_status_is_active(j->executions[0].status))
		return &j->executions[0];
	return NULL;
}

bool jobs_model_needs_last(const struct job *j)
{
	const struct deployment *d = j->deployment;
	if (!d || d->last_status != EXEC_UNKNOWN || d->last_exec_time > 0)
		return false;
	return d->successful_executions > 0 || d->failed_executions > 0;
}

/* The status a row shows: a run in flight, else the last finished one. */
static struct job_last shown_status(const struct job *j, const struct jobs_live *live)
{
	const struct execution *run = jobs_model_run(j, live);
	if (run) {
		struct job_last l = {true, run->status, run->start_time, -1};
		return l;
	}
	return jobs_model_last(j, live);
}

bool jobs_model_matches(const struct job *j, const struct jobs_live *live, const char *filter)
{
	if (str_empty(filter))
		return true;
	if (str_contains_ci(j->name, filter) || str_contains_ci(j->team, filter) ||
	    str_contains_ci(j->description, filter))
		return true;
	/* Status and state words match exactly, as the service's filters do
	 * in a team paged by the service, so both modes find the same jobs. */
	const char *en, *st;
	int w = jobs_model_server_word(filter, &en, &st);
	if (w == 0)
		return false;
	if (en) {
		const struct deployment *d = j->deployment;
		const char *mine = !d ? "not_deployed" : d->enabled == 0 ? "disabled" : "enabled";
		return strcmp(mine, en) == 0;
	}
	struct job_last l = jobs_model_last(j, live);
	if (st)
		return l.known && strcmp(exec_status_name(l.status), st) == 0;
	/* the words no single predicate answers */
	const struct execution *run = jobs_model_run(j, live);
	if (run && rowfmt_status_matches(run->status, filter))
		return true;
	return l.known && exec_status_is_failure(l.status) && rowfmt_status_matches(l.status, filter);
}

bool jobs_model_active(const struct job *j, const struct jobs_live *live)
{
	return jobs_model_run(j, live) != NULL;
}

bool jobs_model_in_scope(const struct job *j, const struct jobs_live *live, enum jobs_scope s)
{
	switch (s) {
	case SCOPE_RUNNING:
		return jobs_model_active(j, live);
	case SCOPE_FAILED:
		return live && run_index_find(&live->failed, j->name) != NULL;
	case SCOPE_ALL:
	default:
		return true;
	}
}

int jobs_model_server_word(const char *filter, const char **enabled, const char **last_status)
{
	static const struct {
		const char *word;
		const char *enabled, *status;
		int rc;
	} words[] = {
		{"enabled", "enabled", NULL, 1},          {"disabled", "disabled", NULL, 1},
		{"not deployed", "not_deployed", NULL, 1}, {"succeeded", NULL, "succeeded", 1},
		{"cancelled", NULL, "cancelled", 1},       {"skipped", NULL, "skipped", 1},
		{"user error", NULL, "user_error", 1},     {"platform error", NULL, "platform_error", 1},
		{"failed", NULL, NULL, -1},                {"error", NULL, NULL, -1},
		{"running", NULL, NULL, -1},               {"submitted", NULL, NULL, -1},
	};
	*enabled = *last_status = NULL;
	if (str_empty(filter))
		return 0;
	/* "Not_Deployed " → "not deployed" */
	char norm[32];
	size_t n = 0;
	const char *s = filter;
	while (*s == ' ')
		s++;
	for (; *s && n < sizeof norm - 1; s++)
		norm[n++] = *s == '_' ? ' ' : (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	if (*s)
		return 0; /* longer than any word */
	while (n > 0 && norm[n - 1] == ' ')
		n--;
	norm[n] = '\0';
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(norm, words[i].word) == 0) {
			*enabled = words[i].enabled;
			*last_status = words[i].status;
			return words[i].rc;
		}
	return 0;
}

/* Failures first, then what is in flight, then the quiet states. */
static int status_rank(enum exec_status st)
{
	switch (st) {
	case EXEC_PLATFORM_ERROR: return 0;
	case EXEC_USER_ERROR: return 1;
	case EXEC_RUNNING: return 2;
	case EXEC_SUBMITTED: return 3;
	case EXEC_CANCELLED: return 4;
	case EXEC_SKIPPED: return 5;
	case EXEC_SUCCEEDED: return 6;
	default: return 7;
	}
}

static int cmp_ll(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

static int cmp_str(const char *a, const char *b)
{
	return strcasecmp(a, b);
}

/* Compares one column: *unknown gets -1 / 1 when only a / b has no value
 * (those sort last whatever the direction), 0 otherwise. */
static int col_cmp(const struct job *a, const struct job *b, const struct jobs_live *live, enum jobs_col col,
		   int *unknown)
{
	*unknown = 0;
	const struct deployment *da = a->deployment, *db = b->deployment;
	struct job_last la, lb;
#define KNOWN(ka, kb)                          \
	do {                                   \
		if (!(ka) || !(kb)) {          \
			if ((ka) != (kb))      \
				*unknown = (ka) ? -1 : 1; \
			return 0;              \
		}                              \
	} while (0)
	switch (col) {
	case JC_NAME:
		return 0; /* the tie-breaker does it */
	case JC_TEAM:
		KNOWN(a->team != NULL, b->team != NULL);
		return cmp_str(a->team, b->team);
	case JC_STATE: {
		/* enabled, disabled, not deployed */
		int ra = !da ? 2 : da->enabled == 0 ? 1 : 0;
		int rb = !db ? 2 : db->enabled == 0 ? 1 : 0;
		return ra - rb;
	}
	case JC_STATUS:
		la = shown_status(a, live), lb = shown_status(b, live);
		KNOWN(la.known, lb.known);
		return status_rank(la.status) - status_rank(lb.status);
	case JC_LAST_RUN:
		la = jobs_model_last(a, live), lb = jobs_model_last(b, live);
		KNOWN(la.time > 0, lb.time > 0);
		return cmp_ll(la.time, lb.time);
	case JC_DURATION:
		la = jobs_model_last(a, live), lb = jobs_model_last(b, live);
		KNOWN(la.duration >= 0, lb.duration >= 0);
		return cmp_ll(la.duration, lb.duration);
	case JC_RATE: {
		int ra = deployment_success_rate(da), rb = deployment_success_rate(db);
		KNOWN(ra >= 0, rb >= 0);
		return ra - rb;
	}
	case JC_SCHEDULE:
		KNOWN(a->next_run > 0, b->next_run > 0);
		return cmp_ll(a->next_run, b->next_run);
	case JC_PYTHON:
		KNOWN(da && da->python_version, db && db->python_version);
		return strverscmp(da->python_version, db->python_version);
	case JC_DEPLOYED_BY:
		KNOWN(da && da->deployed_by, db && db->deployed_by);
		return cmp_str(da->deployed_by, db->deployed_by);
	case JC_DEPLOYED_AT:
		KNOWN(da && da->deployed_at > 0, db && db->deployed_at > 0);
		return cmp_ll(da->deployed_at, db->deployed_at);
	default:
		return 0;
	}
#undef KNOWN
}

int jobs_model_compare(const struct job *a, const struct job *b, const struct jobs_live *live, enum jobs_col col,
		       bool desc)
{
	int unknown;
	int c = col_cmp(a, b, live, col, &unknown);
	if (unknown)
		return unknown;
	if (c == 0)
		c = cmp_str(a->name ? a->name : "", b->name ? b->name : "");
	if (c == 0)
		c = cmp_str(a->team ? a->team : "", b->team ? b->team : "");
	return desc ? -c : c;
}

/* qsort has no context argument in C11; a sort happens on the UI thread
 * only, so a file-scope key is safe. */
static enum jobs_col sort_col;
static bool sort_desc;
static const struct jobs_live *sort_live;

static int qcmp(const void *pa, const void *pb)
{
	const struct job *const *a = pa, *const *b = pb;
	return jobs_model_compare(*a, *b, sort_live, sort_col, sort_desc);
}

void jobs_model_sort(const struct job **v, size_t n, const struct jobs_live *live, enum jobs_col col, bool desc)
{
	if (n < 2)
		return;
	sort_col = col;
	sort_desc = desc;
	sort_live = live;
	qsort(v, n, sizeof(*v), qcmp);
	sort_live = NULL;
}

int jobs_model_server_sort(enum jobs_col col)
{
	switch (col) {
	case JC_NAME: return JOBS_SORT_NAME;
	case JC_TEAM: return JOBS_SORT_TEAM;
	case JC_STATE: return JOBS_SORT_STATE;
	case JC_STATUS: return JOBS_SORT_LAST_STATUS;
	case JC_LAST_RUN: return JOBS_SORT_LAST_RUN;
	case JC_DURATION: return JOBS_SORT_DURATION;
	case JC_SCHEDULE: return JOBS_SORT_NEXT_RUN;
	default: return -1;
	}
}

void jobs_model_cells(const struct job *j, const struct jobs_live *live, time_t now, bool utc, bool uni, bool watched,
		      struct table_row *r)
{
	char buf[96];
	const struct deployment *d = j->deployment;
	struct job_last l = jobs_model_last(j, live);
	const struct execution *run = jobs_model_run(j, live);
	if (watched)
		r->cell[JC_NAME] = xasprintf("%s %s", uni ? "\u2691" : "!", j->name);
	else
		r->cell[JC_NAME] = xstrdup(j->name);
	r->cell[JC_TEAM] = xstrdup(j->team);
	r->cell[JC_STATE] = xstrdup(rowfmt_state(d));
	r->el[JC_STATE] = rowfmt_state_el(d);
	if (run) {
		/* in flight: how long since it started, live */
		char dur[32];
		rowfmt_status(run->status, true, uni, buf, sizeof buf);
		r->cell[JC_STATUS] = run->start_time > 0
			? xasprintf("%s %s", buf, rowfmt_duration(execution_duration(run, now), dur, sizeof dur))
			: xstrdup(buf);
		r->el[JC_STATUS] = rowfmt_status_el(run->status);
	} else {
		r->cell[JC_STATUS] = xstrdup(rowfmt_status(l.status, l.known, uni, buf, sizeof buf));
		r->el[JC_STATUS] = l.known ? rowfmt_status_el(l.status) : EL_DIM;
	}
	r->cell[JC_LAST_RUN] = xstrdup(rowfmt_ago(l.time, now, buf, sizeof buf));
	r->cell[JC_DURATION] = xstrdup(l.known ? rowfmt_duration(l.duration, buf, sizeof buf) : "-");
	r->cell[JC_RATE] = xstrdup(rowfmt_rate(deployment_success_rate(d), buf, sizeof buf));
	r->cell[JC_SCHEDULE] = rowfmt_schedule(j, now, utc, uni);
	switch (rowfmt_schedule_state(j->schedule_cron, d)) {
	case SCHED_NONE:
	case SCHED_DISABLED:
	case SCHED_UNDEPLOYED:
		r->el[JC_SCHEDULE] = EL_DIM;
		break;
	case SCHED_INVALID:
		r->el[JC_SCHEDULE] = EL_WARNING;
		break;
	default:
		break;
	}
	r->cell[JC_PYTHON] = xstrdup(d && d->python_version ? d->python_version : "-");
	r->cell[JC_DEPLOYED_BY] = xstrdup(d && d->deployed_by ? d->deployed_by : "-");
	r->cell[JC_DEPLOYED_AT] = xstrdup(rowfmt_ago(d ? d->deployed_at : 0, now, buf, sizeof buf));
}
