/* The jobs view's data logic without a screen: which jobs a filter or a
 * scope keeps, and in which order they are listed. */
#ifndef VDKTOP_JOBS_MODEL_H
#define VDKTOP_JOBS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "gql.h"
#include "model.h"
#include "ui/table.h"

/* The jobs table's columns, in display order. */
enum jobs_col {
	JC_NAME,
	JC_TEAM,
	JC_STATE,
	JC_STATUS,
	JC_LAST_RUN,
	JC_DURATION,
	JC_RATE,
	JC_SCHEDULE,
	JC_PYTHON,
	JC_DEPLOYED_BY,
	JC_DEPLOYED_AT,
	JC_COUNT
};

enum jobs_scope { SCOPE_ALL, SCOPE_RUNNING, SCOPE_FAILED };

/* The last execution as the list knows it: the deployment's summary, or
 * the newest nested execution when the summary has none. */
struct job_last {
	bool known;             /* there is a last execution at all */
	enum exec_status status;
	time_t time;            /* 0 unknown */
	long long duration;     /* seconds, -1 unknown */
};
struct job_last jobs_model_last(const struct job *j);

/* Case-insensitive substring of name, team, description, the last
 * status word ("failed" for either error) or the state word. Empty or
 * NULL filter: everything. */
bool jobs_model_matches(const struct job *j, const char *filter);
/* running: the last execution is submitted/running, or a nested
 * execution is; failed: the last run failed within 24 h of now. */
bool jobs_model_in_scope(const struct job *j, enum jobs_scope s, time_t now);
/* Any execution of j submitted or running (for the refresh interval). */
bool jobs_model_active(const struct job *j);

/* Order by col (unknown values last in both directions), then name,
 * then team: a total order, so sorting is stable across refreshes. */
int jobs_model_compare(const struct job *a, const struct job *b, enum jobs_col col, bool desc);
void jobs_model_sort(const struct job **v, size_t n, enum jobs_col col, bool desc);
/* The server-side sort for col, or -1 when the server cannot sort by it. */
int jobs_model_server_sort(enum jobs_col col);

/* The table cells of one job (elements set for state and status); now is
 * the wall clock, watched marks the name with a flag. */
void jobs_model_cells(const struct job *j, time_t now, bool utc, bool unicode, bool watched, struct table_row *r);

#endif
