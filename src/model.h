/* The Control Service's data as plain C structs.
 *
 * Every struct here is produced by a parser on the worker thread and is
 * immutable once handed to the UI. All strings are owned heap strings or
 * NULL (the server sends null and missing fields interchangeably, so NULL
 * means "not known", never "empty"). Free with the matching *_free. */
#ifndef VDKTOP_MODEL_H
#define VDKTOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util.h"

enum exec_status {
	EXEC_UNKNOWN = 0,
	EXEC_SUBMITTED,
	EXEC_RUNNING,
	EXEC_SUCCEEDED,
	EXEC_CANCELLED,
	EXEC_SKIPPED,
	EXEC_USER_ERROR,
	EXEC_PLATFORM_ERROR,
	EXEC_STATUS_COUNT
};

enum exec_type {
	EXEC_TYPE_UNKNOWN = 0,
	EXEC_TYPE_MANUAL,
	EXEC_TYPE_SCHEDULED,
};

/* Accepts REST ("user_error") and GraphQL ("USER_ERROR") spellings, and the
 * legacy "finished"/"failed"; anything else is EXEC_UNKNOWN. NULL-safe. */
enum exec_status exec_status_parse(const char *s);
/* REST spelling, lowercase: "user_error". "unknown" for EXEC_UNKNOWN. */
const char *exec_status_name(enum exec_status st);
bool exec_status_is_active(enum exec_status st);  /* submitted, running */
bool exec_status_is_failure(enum exec_status st); /* user_error, platform_error */
enum exec_type exec_type_parse(const char *s);
const char *exec_type_name(enum exec_type t); /* "manual", "scheduled", "unknown" */

/* Unknown numbers are -1 throughout; unknown times are 0. */
struct resources {
	bool present;
	double cpu_request, cpu_limit; /* cores, as the server really reports */
	long long memory_request, memory_limit; /* MB */
};

struct contacts {
	struct strlist on_user_error;
	struct strlist on_platform_error;
	struct strlist on_success;
	struct strlist on_deploy;
};

/* A job's single deployment: from REST GET deployments, from a GraphQL
 * deployments[0], or an execution's snapshot. */
struct deployment {
	char *id;
	char *job_version;
	char *python_version;
	char *vdk_version;
	char *mode;
	char *deployed_by;
	time_t deployed_at;
	int enabled; /* 1, 0, or -1 when not reported */
	struct resources resources;
	char *schedule_cron; /* execution snapshots only */
	/* GraphQL execution summary; -1/0/EXEC_UNKNOWN when not selected. */
	enum exec_status last_status;
	time_t last_exec_time;
	long long last_exec_duration; /* seconds */
	long long successful_executions;
	long long failed_executions;
};

struct execution {
	char *id;
	char *job_name;
	enum exec_status status;
	enum exec_type type;
	time_t start_time;
	time_t end_time; /* 0 while running */
	char *started_by;
	char *message;
	char *op_id;
	char *logs_url;
	struct deployment *deployment; /* snapshot; may be NULL */
};

struct job {
	char *name;
	char *team;
	char *description;
	char *schedule_cron;
	long long next_run; /* epoch seconds; -1 none/invalid cron; 0 unknown */
	char *source_url;
	char *db_default_type;
	struct contacts contacts;
	int generate_keytab;                  /* -1 unknown */
	int enable_execution_notifications;   /* -1 unknown */
	long long notification_delay_minutes; /* -1 unknown */
	struct deployment *deployment; /* NULL: not deployed (or not selected) */
	struct execution *executions;  /* nested executions, newest first */
	size_t n_executions;
};

struct job_page {
	struct job *jobs;
	size_t n;
	long long total_items; /* -1 when not selected */
	long long total_pages;
	long long page_number;
	size_t extra_rows;      /* rows sent beyond those asked for, dropped */
	bool counts_clamped;    /* a count was absurd and was bounded */
};

struct execution_list {
	struct execution *v;
	size_t n;
	/* GraphQL root executions only; -1 when not known (REST, nested). */
	long long total_items;
	long long total_pages;
};

struct api_info {
	char *api_version;
	struct strlist python_versions;
};

void resources_init(struct resources *r);
void contacts_clear(struct contacts *c);
void deployment_init(struct deployment *d);
void deployment_clear(struct deployment *d);
void deployment_free(struct deployment *d);
struct deployment *deployment_dup(const struct deployment *d);
void execution_init(struct execution *e);
void execution_clear(struct execution *e);
struct execution *execution_dup(const struct execution *e);
void execution_copy(struct execution *dst, const struct execution *src);
void job_init(struct job *j);
void job_clear(struct job *j);
void job_copy(struct job *dst, const struct job *src); /* deep */
void job_page_free(struct job_page *p);
void execution_list_free(struct execution_list *l);
void api_info_free(struct api_info *i);

/* Sorts executions newest first by start_time, then id (the REST list is
 * unordered). */
void executions_sort_newest_first(struct execution *v, size_t n);

/* A run's duration in seconds, the one definition every view and the
 * subcommands use: end - start once it ended, now - start (never below 0)
 * while it is submitted or running, -1 when unknown (no start, an end
 * before the start, or a finished run without an end). */
long long execution_duration(const struct execution *e, time_t now);

/* successful / (successful + failed) in percent, or -1 when unknown or
 * there are no finished runs. */
int deployment_success_rate(const struct deployment *d);

#endif
