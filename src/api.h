/* One function per Control Service operation.
 *
 * Each operation comes in three parts:
 *   api_X_request()  builds the HTTP request (URL escaped, body encoded);
 *   api_X_parse()    turns a response into model structs or an api_error;
 *   api_X()          does both around a blocking http_perform.
 * The first two are pure, so they are unit-tested without a network and
 * used by the worker thread with the asynchronous http client. Parsers
 * read every JSON field defensively (missing, null, wrong type → unknown).
 * Parsers return 0 on success, -1 with *err filled otherwise. */
#ifndef VDKTOP_API_H
#define VDKTOP_API_H

#include <stdbool.h>

#include "gql.h"
#include "http.h"
#include "logtext.h"
#include "model.h"

struct api_error {
	long http_status; /* 0: transport failure or unparseable answer */
	char *what;       /* the server's ErrorMessage fields, when sent */
	char *why;
	char *consequences;
	char *countermeasures;
	/* Always set on error: one line for the status bar, e.g.
	 * "job not found", "job is already running", or the server's what. */
	char *message;
};

/* An api_error must start zeroed (= {0}); every function that fills one
 * clears it first, so one variable can be reused for many calls. */
void api_error_clear(struct api_error *e);
/* Fills e from any non-2xx response (ErrorMessage body, GraphQL errors,
 * plain text, or empty body + status-specific wording in context), or
 * from a transport failure / body-cap hit (http_status 0).
 * context names the operation, which picks the wording for empty bodies:
 * "info" "jobs" "job" "create" "update" "delete" "keytab" "deployments"
 * "deploy" "patch" "undeploy" "executions" "execution" "start" "cancel"
 * "logs" "properties" "secrets" "sources"; NULL or anything else:
 * generic text. */
void api_error_from_response(struct api_error *e, const struct http_response *r, const char *context);
/* As api_error_from_response, with only the status-specific wording and
 * none of the body's text (secrets: a server may quote what it was sent).
 * "secrets": 501 "this service has no secrets store (vault) enabled",
 * 413 "too large (limit 1 MiB)". */
void api_error_from_status(struct api_error *e, const struct http_response *r, const char *context);
/* Sets e to a message of one's own (e.g. "arguments must be a JSON object"). */
void api_error_set(struct api_error *e, long http_status, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Where requests go: base URL without /data-jobs, and the path team. */
struct api_target {
	const char *base_url;
	const char *team;
};

/* The path team of requests for every team, as the vdk CLI sends it. */
#define API_NO_TEAM "no-team-specified"

/* base + "/data-jobs/for-team/" + team + "/" + each segment, every one
 * percent-escaped; the list ends with NULL. A NULL, empty or "*" team is
 * sent as API_NO_TEAM (the server ignores the path team for listing). */
char *api_team_url(const struct api_target *t, ...) __attribute__((sentinel));

/* Body of POST/PATCH deployments. NULL / -1 fields are not sent. */
struct deploy_params {
	const char *job_version;
	const char *python_version;
	const char *vdk_version;
	int enabled;
};

/* GET info */
struct http_request *api_info_request(const struct api_target *t);
int api_info_parse(const struct http_response *r, struct api_info **out, struct api_error *err);

/* GET jobs (GraphQL over GET) */
struct http_request *api_jobs_request(const struct api_target *t, const struct jobs_query *q);
int api_jobs_parse(const struct http_response *r, struct job_page **out, struct api_error *err);
/* The largest count (totalItems, totalPages) believed from a server;
 * anything above reads as this and sets job_page.counts_clamped. */
#define API_COUNT_MAX 1000000000LL
/* As api_jobs_parse, keeping at most max_rows rows (0: all): the rest
 * are only counted in extra_rows. */
int api_jobs_parse_page(const struct http_response *r, size_t max_rows, struct job_page **out, struct api_error *err);

/* GraphQL root `executions` (api-notes §4.4): what runs now, what failed
 * lately, across teams and jobs; newest first, one page. The list's
 * total_items / total_pages are the server's (0 pages for no rows). */
struct http_request *api_executions_find_request(const struct api_target *t, const struct executions_query *q);
int api_executions_find_parse(const struct http_response *r, struct execution_list **out, struct api_error *err);

/* The same query for one job's newest executions (the job view's table). */
struct http_request *api_job_executions_request(const struct api_target *t, const char *job, long page, long page_size);
int api_job_executions_parse(const struct http_response *r, struct execution_list **out, struct api_error *err);

/* Jobs CRUD (REST) */
struct http_request *api_job_get_request(const struct api_target *t, const char *job);
int api_job_get_parse(const struct http_response *r, struct job **out, struct api_error *err);
struct http_request *api_job_create_request(const struct api_target *t, const struct job *job);
int api_job_create_parse(const struct http_response *r, struct api_error *err);
/* Full replacement: callers GET, change, then PUT the whole object. */
struct http_request *api_job_update_request(const struct api_target *t, const struct job *job);
int api_job_update_parse(const struct http_response *r, struct api_error *err);
struct http_request *api_job_delete_request(const struct api_target *t, const char *job);
int api_job_delete_parse(const struct http_response *r, struct api_error *err);
struct http_request *api_keytab_request(const struct api_target *t, const char *job);
/* *out owns the bytes (NUL-terminated beyond len). */
int api_keytab_parse(const struct http_response *r, char **out, size_t *len, struct api_error *err);

/* Deployments */
struct http_request *api_deployments_request(const struct api_target *t, const char *job);
/* *out is NULL when the job is not deployed ([]). */
int api_deployments_parse(const struct http_response *r, struct deployment **out, struct api_error *err);
struct http_request *api_deploy_request(const struct api_target *t, const char *job, const struct deploy_params *p);
int api_deploy_parse(const struct http_response *r, struct api_error *err);
struct http_request *api_deployment_patch_request(const struct api_target *t, const char *job, const struct deploy_params *p);
int api_deployment_patch_parse(const struct http_response *r, struct api_error *err);
struct http_request *api_deployment_delete_request(const struct api_target *t, const char *job);
int api_deployment_delete_parse(const struct http_response *r, struct api_error *err);

/* Executions */
/* statuses: lowercase REST values, NULL-terminated, or NULL for all. */
struct http_request *api_executions_request(const struct api_target *t, const char *job, const char *const *statuses);
int api_executions_parse(const struct http_response *r, struct execution_list **out, struct api_error *err);
struct http_request *api_execution_get_request(const struct api_target *t, const char *job, const char *id);
int api_execution_get_parse(const struct http_response *r, struct execution **out, struct api_error *err);
/* args_json: a JSON object text or NULL; NULL is returned when it is
 * something else (callers validate first; api_execution_start reports
 * it). started_by NULL: "manual/vdktop". */
struct http_request *api_execution_start_request(const struct api_target *t, const char *job, const char *started_by, const char *args_json);
/* *id_out: last segment of the Location header. */
int api_execution_start_parse(const struct http_response *r, char **id_out, struct api_error *err);
struct http_request *api_execution_cancel_request(const struct api_target *t, const char *job, const char *id);
int api_execution_cancel_parse(const struct http_response *r, struct api_error *err);
/* tail_lines <= 0: the whole log. */
struct http_request *api_logs_request(const struct api_target *t, const char *job, const char *id, long tail_lines);
/* *out owns the text: "" before the pod exists, and again once the
 * service no longer keeps the log (api-notes §5.3). A 503 is an error
 * with http_status 503: the pod exists but its log is not readable yet,
 * so ask again. */
int api_logs_parse(const struct http_response *r, char **out, size_t *len, struct api_error *err);
/* The answer to req read as it arrives, decoded straight into a logtext
 * (lines over line_max kept cut; 0: whole), so the body is never held. */
void api_logs_stream(struct http_request *req, size_t line_max);
/* api_logs_parse into chunks of whole lines (logtext.h), from the reader
 * api_logs_stream set up, or from the body when there was none. *out is
 * owned by the caller. */
int api_logs_parse_text(const struct http_response *r, size_t line_max, struct logtext **out, struct api_error *err);

/* Properties (free-form JSON object text) */
struct http_request *api_properties_get_request(const struct api_target *t, const char *job);
int api_properties_get_parse(const struct http_response *r, char **json_out, struct api_error *err);
struct http_request *api_properties_put_request(const struct api_target *t, const char *job, const char *json);
int api_properties_put_parse(const struct http_response *r, struct api_error *err);

/* Secrets: the same shape, on .../secrets. The service answers 501 when
 * it has no vault, 413 when the map is over 1 MiB; errors never carry the
 * server's text (see api_error_from_status). */
struct http_request *api_secrets_get_request(const struct api_target *t, const char *job);
int api_secrets_get_parse(const struct http_response *r, char **json_out, struct api_error *err);
struct http_request *api_secrets_put_request(const struct api_target *t, const char *job, const char *json);
int api_secrets_put_parse(const struct http_response *r, struct api_error *err);

/* Sources: zip bytes as application/octet-stream → version_sha */
struct http_request *api_sources_upload_request(const struct api_target *t, const char *job, const void *zip, size_t len, const char *reason);
int api_sources_upload_parse(const struct http_response *r, char **version_sha, struct api_error *err);

struct http_request *api_deployment_get_request(const struct api_target *t, const char *job);
/* The single-deployment read: *out NULL never (404 when not deployed). */
int api_deployment_get_parse(const struct http_response *r, struct deployment **out, struct api_error *err);

/* Blocking wrappers (vdktop --check, API tests, the action flows' tests). */
int api_info(struct http_client *c, const struct api_target *t, struct api_info **out, struct api_error *err);
int api_jobs(struct http_client *c, const struct api_target *t, const struct jobs_query *q, struct job_page **out, struct api_error *err);
int api_job_get(struct http_client *c, const struct api_target *t, const char *job, struct job **out, struct api_error *err);
int api_job_create(struct http_client *c, const struct api_target *t, const struct job *job, struct api_error *err);
int api_job_update(struct http_client *c, const struct api_target *t, const struct job *job, struct api_error *err);
int api_job_delete(struct http_client *c, const struct api_target *t, const char *job, struct api_error *err);
int api_deployments(struct http_client *c, const struct api_target *t, const char *job, struct deployment **out, struct api_error *err);
int api_deploy(struct http_client *c, const struct api_target *t, const char *job, const struct deploy_params *p, struct api_error *err);
int api_deployment_patch(struct http_client *c, const struct api_target *t, const char *job, const struct deploy_params *p, struct api_error *err);
int api_executions(struct http_client *c, const struct api_target *t, const char *job, const char *const *statuses, struct execution_list **out, struct api_error *err);
int api_execution_get(struct http_client *c, const struct api_target *t, const char *job, const char *id, struct execution **out, struct api_error *err);
int api_execution_start(struct http_client *c, const struct api_target *t, const char *job, const char *started_by, const char *args_json, char **id_out, struct api_error *err);
int api_execution_cancel(struct http_client *c, const struct api_target *t, const char *job, const char *id, struct api_error *err);
int api_logs(struct http_client *c, const struct api_target *t, const char *job, const char *id, long tail_lines, char **out, size_t *len, struct api_error *err);
int api_sources_upload(struct http_client *c, const struct api_target *t, const char *job, const void *zip, size_t len, const char *reason, char **version_sha, struct api_error *err);
int api_executions_find(struct http_client *c, const struct api_target *t, const struct executions_query *q, struct execution_list **out, struct api_error *err);
int api_job_executions(struct http_client *c, const struct api_target *t, const char *job, long page, long page_size, struct execution_list **out, struct api_error *err);
int api_keytab(struct http_client *c, const struct api_target *t, const char *job, char **out, size_t *len, struct api_error *err);
int api_deployment_get(struct http_client *c, const struct api_target *t, const char *job, struct deployment **out, struct api_error *err);
int api_deployment_delete(struct http_client *c, const struct api_target *t, const char *job, struct api_error *err);
int api_properties_get(struct http_client *c, const struct api_target *t, const char *job, char **json_out, struct api_error *err);
int api_properties_put(struct http_client *c, const struct api_target *t, const char *job, const char *json, struct api_error *err);
int api_secrets_get(struct http_client *c, const struct api_target *t, const char *job, char **json_out, struct api_error *err);
int api_secrets_put(struct http_client *c, const struct api_target *t, const char *job, const char *json, struct api_error *err);

#endif
