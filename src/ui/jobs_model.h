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

/* Executions by job name (job names are global on the server), built
 * from root `executions` answers; the newest run of a job wins. The
 * pointers are borrowed: the lists they come from outlive the index. */
struct run_index {
	const struct execution **v;
	size_t n;
};
/* Adds the rows of l that name a job; call run_index_done after the last
 * list. */
void run_index_add(struct run_index *ix, const struct execution_list *l);
void run_index_done(struct run_index *ix);
void run_index_clear(struct run_index *ix);
const struct execution *run_index_find(const struct run_index *ix, const char *job);

/* What the job query cannot tell (api-notes §4.7): the summary holds the
 * last *completed* run only and is cleared by every PUT of the job. */
struct jobs_live {
	struct run_index active; /* submitted / running now (root executions) */
	struct run_index failed; /* failed within the :failed window */
	bool failed_known;       /* an answer about failures has arrived */
	struct run_index done;   /* newest finished run, where the summary is empty */
};

/* The last completed execution: the deployment's summary, else the
 * newest finished one the list was told about (live->done, or the
 * nested executions of the job view). live may be NULL. */
struct job_last {
	bool known;             /* there is a finished execution at all */
	enum exec_status status;
	time_t time;            /* 0 unknown */
	long long duration;     /* seconds, -1 unknown */
};
struct job_last jobs_model_last(const struct job *j, const struct jobs_live *live);
/* The execution of j submitted or running now, or NULL. */
const struct execution *jobs_model_run(const struct job *j, const struct jobs_live *live);
/* Whether the summary is empty although the job has finished runs (the
 * counts say so): its last run must be asked for (live->done). */
bool jobs_model_needs_last(const struct job *j);

/* Case-insensitive substring of name, team, description, the status
 * word (a run in flight, else the last one; "failed" / "error" for
 * either error) or the state word. Empty or NULL filter: everything. */
bool jobs_model_matches(const struct job *j, const struct jobs_live *live, const char *filter);
/* running: a run in flight; failed: a failed run in the window (the
 * root query's answer, so a later success does not hide it). */
bool jobs_model_in_scope(const struct job *j, const struct jobs_live *live, enum jobs_scope s);
/* Any execution of j submitted or running (for the refresh interval). */
bool jobs_model_active(const struct job *j, const struct jobs_live *live);

/* Order by col (unknown values last in both directions), then name,
 * then team: a total order, so sorting is stable across refreshes. */
int jobs_model_compare(const struct job *a, const struct job *b, const struct jobs_live *live, enum jobs_col col,
		       bool desc);
void jobs_model_sort(const struct job **v, size_t n, const struct jobs_live *live, enum jobs_col col, bool desc);
/* The server-side sort for col, or -1 when the server cannot sort by it
 * safely (Python version throws once an undeployed job is in the result,
 * api-notes §4.3; counts have no sort at all). */
int jobs_model_server_sort(enum jobs_col col);

/* A filter word the service can answer exactly (lazy mode), as its
 * predicate: sets *enabled ("enabled", "disabled", "not_deployed") or
 * *last_status (a lowercase REST value) and returns 1; 0 for plain text
 * (the service's substring search); -1 for a word no single predicate
 * answers ("failed", "error": two statuses; "running", "submitted": the
 * summary never holds them). Case, spaces and underscores are alike. */
int jobs_model_server_word(const char *filter, const char **enabled, const char **last_status);

/* The table cells of one job (elements set for state and status); now is
 * the wall clock, watched marks the name with a flag. */
void jobs_model_cells(const struct job *j, const struct jobs_live *live, time_t now, bool utc, bool unicode,
		      bool watched, struct table_row *r);

#endif
