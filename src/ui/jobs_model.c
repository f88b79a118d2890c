#include "ui/jobs_model.h"

#include <stdlib.h>
#include <string.h>

#include "ui/rowfmt.h"
#include "util.h"

struct job_last jobs_model_last(const struct job *j)
{
	struct job_last l = {false, EXEC_UNKNOWN, 0, -1};
	const struct deployment *d = j->deployment;
	if (d && (d->last_status != EXEC_UNKNOWN || d->last_exec_time > 0)) {
		l.known = true;
		l.status = d->last_status;
		l.time = d->last_exec_time;
		l.duration = d->last_exec_duration;
	}
	if (j->n_executions > 0) {
		const struct execution *e = &j->executions[0];
		/* the nested list is fresher when it is newer than the summary */
		if (!l.known || e->start_time > l.time) {
			l.known = true;
			l.status = e->status;
			l.time = e->start_time;
			l.duration = e->end_time > 0 && e->start_time > 0 ? (long long)(e->end_time - e->start_time) : -1;
		}
	}
	return l;
}

bool jobs_model_matches(const struct job *j, const char *filter)
{
	if (str_empty(filter))
		return true;
	if (str_contains_ci(j->name, filter) || str_contains_ci(j->team, filter) ||
	    str_contains_ci(j->description, filter))
		return true;
	struct job_last l = jobs_model_last(j);
	if (l.known && rowfmt_status_matches(l.status, filter))
		return true;
	return str_contains_ci(rowfmt_state(j->deployment), filter);
}

bool jobs_model_active(const struct job *j)
{
	struct job_last l = jobs_model_last(j);
	if (l.known && exec_status_is_active(l.status))
		return true;
	for (size_t i = 0; i < j->n_executions; i++)
		if (exec_status_is_active(j->executions[i].status))
			return true;
	return false;
}

bool jobs_model_in_scope(const struct job *j, enum jobs_scope s, time_t now)
{
	switch (s) {
	case SCOPE_RUNNING:
		return jobs_model_active(j);
	case SCOPE_FAILED: {
		struct job_last l = jobs_model_last(j);
		if (!l.known || !exec_status_is_failure(l.status))
			return false;
		/* an unknown time is kept: better one row too many than a
		 * hidden failure */
		return l.time <= 0 || l.time >= now - 24 * 3600;
	}
	case SCOPE_ALL:
	default:
		return true;
	}
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
static int col_cmp(const struct job *a, const struct job *b, enum jobs_col col, int *unknown)
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
		la = jobs_model_last(a), lb = jobs_model_last(b);
		KNOWN(la.known, lb.known);
		return status_rank(la.status) - status_rank(lb.status);
	case JC_LAST_RUN:
		la = jobs_model_last(a), lb = jobs_model_last(b);
		KNOWN(la.time > 0, lb.time > 0);
		return cmp_ll(la.time, lb.time);
	case JC_DURATION:
		la = jobs_model_last(a), lb = jobs_model_last(b);
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

int jobs_model_compare(const struct job *a, const struct job *b, enum jobs_col col, bool desc)
{
	int unknown;
	int c = col_cmp(a, b, col, &unknown);
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

static int qcmp(const void *pa, const void *pb)
{
	const struct job *const *a = pa, *const *b = pb;
	return jobs_model_compare(*a, *b, sort_col, sort_desc);
}

void jobs_model_sort(const struct job **v, size_t n, enum jobs_col col, bool desc)
{
	if (n < 2)
		return;
	sort_col = col;
	sort_desc = desc;
	qsort(v, n, sizeof(*v), qcmp);
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
	case JC_PYTHON: return JOBS_SORT_PYTHON;
	default: return -1;
	}
}

void jobs_model_cells(const struct job *j, time_t now, bool utc, bool uni, bool watched, struct table_row *r)
{
	char buf[96];
	const struct deployment *d = j->deployment;
	struct job_last l = jobs_model_last(j);
	if (watched)
		r->cell[JC_NAME] = xasprintf("%s %s", uni ? "\u2691" : "!", j->name);
	else
		r->cell[JC_NAME] = xstrdup(j->name);
	r->cell[JC_TEAM] = xstrdup(j->team);
	r->cell[JC_STATE] = xstrdup(rowfmt_state(d));
	r->el[JC_STATE] = rowfmt_state_el(d);
	r->cell[JC_STATUS] = xstrdup(rowfmt_status(l.status, l.known, uni, buf, sizeof buf));
	r->el[JC_STATUS] = l.known ? rowfmt_status_el(l.status) : EL_DIM;
	r->cell[JC_LAST_RUN] = xstrdup(rowfmt_ago(l.time, now, buf, sizeof buf));
	long long dur = l.duration;
	if (l.known && exec_status_is_active(l.status) && l.time > 0)
		dur = now - l.time; /* live while it runs */
	r->cell[JC_DURATION] = xstrdup(l.known ? rowfmt_duration(dur, buf, sizeof buf) : "-");
	r->cell[JC_RATE] = xstrdup(rowfmt_rate(deployment_success_rate(d), buf, sizeof buf));
	if (!str_empty(j->schedule_cron)) {
		char next[64];
		rowfmt_next_run((time_t)j->next_run, now, utc, uni, next, sizeof next);
		r->cell[JC_SCHEDULE] = j->next_run > 0 ? xasprintf("%s %s", j->schedule_cron, next)
						       : xstrdup(j->schedule_cron);
	} else {
		r->cell[JC_SCHEDULE] = xstrdup("-");
		r->el[JC_SCHEDULE] = EL_DIM;
	}
	r->cell[JC_PYTHON] = xstrdup(d && d->python_version ? d->python_version : "-");
	r->cell[JC_DEPLOYED_BY] = xstrdup(d && d->deployed_by ? d->deployed_by : "-");
	r->cell[JC_DEPLOYED_AT] = xstrdup(rowfmt_ago(d ? d->deployed_at : 0, now, buf, sizeof buf));
}
