/* Builds the GraphQL jobs query sent as GET parameters (api-notes §4).
 * Variables are emitted as a JSON object with real numbers. */
#ifndef VDKTOP_GQL_H
#define VDKTOP_GQL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"

enum jobs_sort {
	JOBS_SORT_NAME = 0,
	JOBS_SORT_TEAM,
	JOBS_SORT_STATE,       /* deployments.enabled */
	JOBS_SORT_LAST_STATUS, /* deployments.lastExecutionStatus */
	JOBS_SORT_LAST_RUN,    /* deployments.lastExecutionTime */
	JOBS_SORT_DURATION,    /* deployments.lastExecutionDuration */
	JOBS_SORT_NEXT_RUN,    /* config.schedule.nextRunEpochSeconds */
	JOBS_SORT_PYTHON,      /* deployments.jobPythonVersion */
	JOBS_SORT_COUNT
};

struct jobs_query {
	const char *team;        /* NULL or "*": every team */
	const char *job_name;    /* exact name or '*' pattern; NULL: any */
	const char *search;      /* server-side search; NULL/"": none */
	const char *enabled;     /* "enabled"/"disabled"/"not_deployed"/NULL */
	const char *last_status; /* lowercase REST value or NULL */
	enum jobs_sort sort;
	bool sort_desc;
	long page;               /* 1-based */
	long page_size;
	int executions;          /* nested newest executions per job; 0: none */
	bool details;            /* contacts, sourceUrl, nextRun … (job view) */
};

/* Returns the query document; *variables gets the JSON variables text.
 * Both owned by the caller. */
char *gql_jobs_query(const struct jobs_query *q, char **variables);
/* The GraphQL property name a sort column maps to. */
const char *gql_sort_property(enum jobs_sort s);

/* The root `executions` query (api-notes §4.4): one filter object, rows
 * ordered newest first (startTime DESC), one 1-based page. The server
 * treats an empty list like no list ("every team", "every job"), so
 * callers that mean "none" must not ask at all. Strings are borrowed. */
#define EXECUTIONS_PAGE_DEFAULT 100
#define EXEC_STATUS_BIT(st) (1u << (unsigned)(st))
struct executions_query {
	const char *const *teams; /* teamNameIn; n_teams 0: every team */
	size_t n_teams;
	const char *const *jobs;  /* jobNameIn; n_jobs 0: every job */
	size_t n_jobs;
	unsigned statuses;        /* statusIn as EXEC_STATUS_BIT()s; 0 (or only
	                             EXEC_UNKNOWN): any status */
	time_t start_gte;         /* startTimeGte; <= 0: no lower bound */
	long page;                /* 1-based; < 1: 1 */
	long page_size;           /* < 1: EXECUTIONS_PAGE_DEFAULT */
};

/* Same ownership as gql_jobs_query. Everything variable (names, times,
 * paging) travels in the variables; the document is constant text. */
char *gql_executions_query(const struct executions_query *q, char **variables);

/* Escapes regex metacharacters so a team name matches itself in the
 * server's `config.team` pattern (a Java regex). Owned by the caller. */
char *gql_regex_escape(const char *s);

#endif
