/* Requests and the blocking wrappers. The JSON → model parsers are in
 * api_parse.c, the error texts in api_error.c. */
#include "api.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonread.h"

/* ---- URLs ---------------------------------------------------------------- */

char *api_team_url(const struct api_target *t, ...)
{
	struct strbuf sb = STRBUF_INIT;
	const char *base = t && t->base_url ? t->base_url : "";
	size_t blen = strlen(base);
	while (blen && base[blen - 1] == '/')
		blen--;
	strbuf_append(&sb, base, blen);
	strbuf_puts(&sb, "/data-jobs/for-team/");
	/* Every team: the vdk CLI's placeholder. The authorization webhook
	 * reads the team from the URI, so nothing that looks like a real team
	 * (such as "default") goes there (api-notes §4.7). */
	bool all = !t || str_empty(t->team) || strcmp(t->team, "*") == 0;
	char *team = http_escape(all ? API_NO_TEAM : t->team);
	strbuf_puts(&sb, team);
	free(team);
	va_list ap;
	va_start(ap, t);
	const char *seg;
	while ((seg = va_arg(ap, const char *))) {
		char *e = http_escape(seg);
		strbuf_putc(&sb, '/');
		strbuf_puts(&sb, e);
		free(e);
	}
	va_end(ap);
	return strbuf_steal(&sb);
}

/* The deployment id in paths is ignored by the server but must be
 * non-empty (api-notes §2.3); the vdk CLI sends this one. */
#define DEPLOYMENT_ID "production"

static void query_add(char **url, const char *name, const char *value)
{
	char *v = http_escape(value);
	char *n = xasprintf("%s%c%s=%s", *url, strchr(*url, '?') ? '&' : '?', name, v);
	free(v);
	free(*url);
	*url = n;
}

static struct http_request *json_request(enum http_method m, char *url, struct json_object *body)
{
	struct http_request *r = http_request_new(m, url);
	if (body) {
		const char *s = json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		http_request_set_body(r, s, strlen(s), "application/json");
		json_object_put(body);
	}
	return r;
}

/* ---- request builders ---------------------------------------------------- */

struct http_request *api_info_request(const struct api_target *t)
{
	return http_request_new(HTTP_GET, api_team_url(t, "info", NULL));
}

static struct http_request *graphql_request(const struct api_target *t, char *doc, char *vars)
{
	char *url = api_team_url(t, "jobs", NULL);
	query_add(&url, "query", doc);
	if (vars)
		query_add(&url, "variables", vars);
	free(doc);
	free(vars);
	return http_request_new(HTTP_GET, url);
}

struct http_request *api_jobs_request(const struct api_target *t, const struct jobs_query *q)
{
	char *vars = NULL;
	char *doc = gql_jobs_query(q, &vars);
	return graphql_request(t, doc, vars);
}

struct http_request *api_executions_find_request(const struct api_target *t, const struct executions_query *q)
{
	char *vars = NULL;
	char *doc = gql_executions_query(q, &vars);
	return graphql_request(t, doc, vars);
}

struct http_request *api_job_executions_request(const struct api_target *t, const char *job, long page, long page_size)
{
	const char *jobs[] = {job ? job : ""};
	struct executions_query q = {.jobs = jobs, .n_jobs = 1, .page = page, .page_size = page_size};
	return api_executions_find_request(t, &q);
}

struct http_request *api_job_get_request(const struct api_target *t, const char *job)
{
	return http_request_new(HTTP_GET, api_team_url(t, "jobs", job, NULL));
}

static struct json_object *strlist_json(const struct strlist *l)
{
	struct json_object *a = json_object_new_array();
	for (size_t i = 0; i < l->n; i++)
		json_object_array_add(a, json_object_new_string(l->v[i] ? l->v[i] : ""));
	return a;
}

/* The REST DataJob. Unknown (NULL / -1) optional fields are left out so
 * the server applies its defaults on create; on update callers start
 * from a GET, so what they did not change is sent back unchanged. */
static struct json_object *job_json(const struct api_target *t, const struct job *j)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "job_name", json_object_new_string(j->name ? j->name : ""));
	json_object_object_add(o, "description", json_object_new_string(j->description ? j->description : ""));
	const char *team = j->team ? j->team : t ? t->team : NULL;
	if (!str_empty(team) && strcmp(team, "*") != 0)
		json_object_object_add(o, "team", json_object_new_string(team));
	struct json_object *cfg = json_object_new_object();
	if (j->db_default_type)
		json_object_object_add(cfg, "db_default_type", json_object_new_string(j->db_default_type));
	struct json_object *c = json_object_new_object();
	json_object_object_add(c, "notified_on_job_failure_user_error", strlist_json(&j->contacts.on_user_error));
	json_object_object_add(c, "notified_on_job_failure_platform_error", strlist_json(&j->contacts.on_platform_error));
	json_object_object_add(c, "notified_on_job_success", strlist_json(&j->contacts.on_success));
	json_object_object_add(c, "notified_on_job_deploy", strlist_json(&j->contacts.on_deploy));
	json_object_object_add(cfg, "contacts", c);
	if (j->schedule_cron) {
		struct json_object *s = json_object_new_object();
		json_object_object_add(s, "schedule_cron", json_object_new_string(j->schedule_cron));
		json_object_object_add(cfg, "schedule", s);
	}
	if (j->generate_keytab >= 0)
		json_object_object_add(cfg, "generate_keytab", json_object_new_boolean(j->generate_keytab));
	if (j->enable_execution_notifications >= 0)
		json_object_object_add(cfg, "enable_execution_notifications",
				       json_object_new_boolean(j->enable_execution_notifications));
	if (j->notification_delay_minutes >= 0 && j->notification_delay_minutes <= INT32_MAX)
		json_object_object_add(cfg, "notification_delay_period_minutes",
				       json_object_new_int64(j->notification_delay_minutes));
	json_object_object_add(o, "config", cfg);
	return o;
}

struct http_request *api_job_create_request(const struct api_target *t, const struct job *job)
{
	return json_request(HTTP_POST, api_team_url(t, "jobs", NULL), job_json(t, job));
}

struct http_request *api_job_update_request(const struct api_target *t, const struct job *job)
{
	return json_request(HTTP_PUT, api_team_url(t, "jobs", job->name ? job->name : "", NULL), job_json(t, job));
}

struct http_request *api_job_delete_request(const struct api_target *t, const char *job)
{
	return http_request_new(HTTP_DELETE, api_team_url(t, "jobs", job, NULL));
}

struct http_request *api_keytab_request(const struct api_target *t, const char *job)
{
	struct http_request *r = http_request_new(HTTP_GET, api_team_url(t, "jobs", job, "keytab", NULL));
	r->accept = xstrdup("application/octet-stream");
	return r;
}

struct http_request *api_deployments_request(const struct api_target *t, const char *job)
{
	return http_request_new(HTTP_GET, api_team_url(t, "jobs", job, "deployments", NULL));
}

struct http_request *api_deployment_get_request(const struct api_target *t, const char *job)
{
	return http_request_new(HTTP_GET, api_team_url(t, "jobs", job, "deployments", DEPLOYMENT_ID, NULL));
}

static struct json_object *deploy_json(const struct deploy_params *p)
{
	struct json_object *o = json_object_new_object();
	if (p && p->job_version)
		json_object_object_add(o, "job_version", json_object_new_string(p->job_version));
	if (p && p->python_version)
		json_object_object_add(o, "python_version", json_object_new_string(p->python_version));
	if (p && p->vdk_version)
		json_object_object_add(o, "vdk_version", json_object_new_string(p->vdk_version));
	if (p && p->enabled >= 0)
		json_object_object_add(o, "enabled", json_object_new_boolean(p->enabled != 0));
	return o;
}

struct http_request *api_deploy_request(const struct api_target *t, const char *job, const struct deploy_params *p)
{
	return json_request(HTTP_POST, api_team_url(t, "jobs", job, "deployments", NULL), deploy_json(p));
}

struct http_request *api_deployment_patch_request(const struct api_target *t, const char *job, const struct deploy_params *p)
{
	return json_request(HTTP_PATCH, api_team_url(t, "jobs", job, "deployments", DEPLOYMENT_ID, NULL), deploy_json(p));
}

struct http_request *api_deployment_delete_request(const struct api_target *t, const char *job)
{
	return http_request_new(HTTP_DELETE, api_team_url(t, "jobs", job, "deployments", DEPLOYMENT_ID, NULL));
}

struct http_request *api_executions_request(const struct api_target *t, const char *job, const char *const *statuses)
{
	char *url = api_team_url(t, "jobs", job, "executions", NULL);
	for (size_t i = 0; statuses && statuses[i]; i++)
		query_add(&url, "execution_status", statuses[i]);
	return http_request_new(HTTP_GET, url);
}

struct http_request *api_execution_get_request(const struct api_target *t, const char *job, const char *id)
{
	return http_request_new(HTTP_GET, api_team_url(t, "jobs", job, "executions", id, NULL));
}

struct http_request *api_execution_start_request(const struct api_target *t, const char *job, const char *started_by,
						 const char *args_json)
{
	struct json_object *args = NULL;
	if (args_json) {
		char *perr = NULL;
		args = jr_parse(args_json, strlen(args_json), &perr);
		free(perr);
		if (!jr_is(args, json_type_object)) {
			json_object_put(args);
			return NULL;
		}
	}
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "started_by", json_object_new_string(started_by ? started_by : "manual/vdktop"));
	if (args)
		json_object_object_add(o, "args", args);
	return json_request(HTTP_POST, api_team_url(t, "jobs", job, "deployments", DEPLOYMENT_ID, "executions", NULL), o);
}

struct http_request *api_execution_cancel_request(const struct api_target *t, const char *job, const char *id)
{
	return http_request_new(HTTP_DELETE, api_team_url(t, "jobs", job, "executions", id, NULL));
}

struct http_request *api_logs_request(const struct api_target *t, const char *job, const char *id, long tail_lines)
{
	char *url = api_team_url(t, "jobs", job, "executions", id, "logs", NULL);
	if (tail_lines > 0) {
		char n[32];
		snprintf(n, sizeof(n), "%ld", tail_lines);
		query_add(&url, "tail_lines", n);
	}
	return http_request_new(HTTP_GET, url);
}

struct http_request *api_properties_get_request(const struct api_target *t, const char *job)
{
	return http_request_new(HTTP_GET, api_team_url(t, "jobs", job, "deployments", DEPLOYMENT_ID, "properties", NULL));
}

struct http_request *api_properties_put_request(const struct api_target *t, const char *job, const char *json)
{
	struct http_request *r =
		http_request_new(HTTP_PUT, api_team_url(t, "jobs", job, "deployments", DEPLOYMENT_ID, "properties", NULL));
	const char *body = json ? json : "{}";
	http_request_set_body(r, body, strlen(body), "application/json");
	return r;
}

struct http_request *api_secrets_get_request(const struct api_target *t, const char *job)
{
	return http_request_new(HTTP_GET, api_team_url(t, "jobs", job, "deployments", DEPLOYMENT_ID, "secrets", NULL));
}

struct http_request *api_secrets_put_request(const struct api_target *t, const char *job, const char *json)
{
	struct http_request *r =
		http_request_new(HTTP_PUT, api_team_url(t, "jobs", job, "deployments", DEPLOYMENT_ID, "secrets", NULL));
	const char *body = json ? json : "{}";
	http_request_set_body(r, body, strlen(body), "application/json");
	return r;
}

struct http_request *api_sources_upload_request(const struct api_target *t, const char *job, const void *zip, size_t len,
						const char *reason)
{
	char *url = api_team_url(t, "jobs", job, "sources", NULL);
	if (!str_empty(reason))
		query_add(&url, "reason", reason);
	struct http_request *r = http_request_new(HTTP_POST, url);
	http_request_set_body(r, zip ? zip : "", zip ? len : 0, "application/octet-stream");
	return r;
}

/* ---- blocking wrappers ---------------------------------------------------- */

/* Sends req (freed here) and leaves the answer in resp. */
static void send_sync(struct http_client *c, struct http_request *req, struct http_response *resp)
{
	http_perform(c, req, resp);
	http_request_free(req);
}

#define SYNC(call_request, call_parse)                         \
	do {                                                   \
		struct http_response resp;                     \
		send_sync(c, call_request, &resp);             \
		int rc_ = call_parse;                          \
		http_response_clear(&resp);                    \
		return rc_;                                    \
	} while (0)

int api_info(struct http_client *c, const struct api_target *t, struct api_info **out, struct api_error *err)
{
	SYNC(api_info_request(t), api_info_parse(&resp, out, err));
}

int api_jobs(struct http_client *c, const struct api_target *t, const struct jobs_query *q, struct job_page **out,
	     struct api_error *err)
{
	struct http_response resp;
	send_sync(c, api_jobs_request(t, q), &resp);
	int rc = api_jobs_parse(&resp, out, err);
	if (rc == 0 && *out)
		(*out)->page_number = q && q->page >= 1 ? q->page : 1;
	http_response_clear(&resp);
	return rc;
}

int api_executions_find(struct http_client *c, const struct api_target *t, const struct executions_query *q,
			struct execution_list **out, struct api_error *err)
{
	SYNC(api_executions_find_request(t, q), api_executions_find_parse(&resp, out, err));
}

int api_job_executions(struct http_client *c, const struct api_target *t, const char *job, long page, long page_size,
		       struct execution_list **out, struct api_error *err)
{
	SYNC(api_job_executions_request(t, job, page, page_size), api_job_executions_parse(&resp, out, err));
}

int api_job_get(struct http_client *c, const struct api_target *t, const char *job, struct job **out, struct api_error *err)
{
	SYNC(api_job_get_request(t, job), api_job_get_parse(&resp, out, err));
}

int api_job_create(struct http_client *c, const struct api_target *t, const struct job *job, struct api_error *err)
{
	SYNC(api_job_create_request(t, job), api_job_create_parse(&resp, err));
}

int api_job_update(struct http_client *c, const struct api_target *t, const struct job *job, struct api_error *err)
{
	SYNC(api_job_update_request(t, job), api_job_update_parse(&resp, err));
}

int api_job_delete(struct http_client *c, const struct api_target *t, const char *job, struct api_error *err)
{
	SYNC(api_job_delete_request(t, job), api_job_delete_parse(&resp, err));
}

int api_keytab(struct http_client *c, const struct api_target *t, const char *job, char **out, size_t *len,
	       struct api_error *err)
{
	SYNC(api_keytab_request(t, job), api_keytab_parse(&resp, out, len, err));
}

int api_deployments(struct http_client *c, const struct api_target *t, const char *job, struct deployment **out,
		    struct api_error *err)
{
	SYNC(api_deployments_request(t, job), api_deployments_parse(&resp, out, err));
}

int api_deployment_get(struct http_client *c, const struct api_target *t, const char *job, struct deployment **out,
		       struct api_error *err)
{
	SYNC(api_deployment_get_request(t, job), api_deployment_get_parse(&resp, out, err));
}

int api_deploy(struct http_client *c, const struct api_target *t, const char *job, const struct deploy_params *p,
	       struct api_error *err)
{
	SYNC(api_deploy_request(t, job, p), api_deploy_parse(&resp, err));
}

int api_deployment_patch(struct http_client *c, const struct api_target *t, const char *job, const struct deploy_params *p,
			 struct api_error *err)
{
	SYNC(api_deployment_patch_request(t, job, p), api_deployment_patch_parse(&resp, err));
}

int api_deployment_delete(struct http_client *c, const struct api_target *t, const char *job, struct api_error *err)
{
	SYNC(api_deployment_delete_request(t, job), api_deployment_delete_parse(&resp, err));
}

int api_executions(struct http_client *c, const struct api_target *t, const char *job, const char *const *statuses,
		   struct execution_list **out, struct api_error *err)
{
	SYNC(api_executions_request(t, job, statuses), api_executions_parse(&resp, out, err));
}

int api_execution_get(struct http_client *c, const struct api_target *t, const char *job, const char *id,
		      struct execution **out, struct api_error *err)
{
	SYNC(api_execution_get_request(t, job, id), api_execution_get_parse(&resp, out, err));
}

int api_execution_start(struct http_client *c, const struct api_target *t, const char *job, const char *started_by,
			const char *args_json, char **id_out, struct api_error *err)
{
	struct http_request *req = api_execution_start_request(t, job, started_by, args_json);
	if (!req) {
		api_error_set(err, 0, "arguments must be a JSON object");
		return -1;
	}
	SYNC(req, api_execution_start_parse(&resp, id_out, err));
}

int api_execution_cancel(struct http_client *c, const struct api_target *t, const char *job, const char *id,
			 struct api_error *err)
{
	SYNC(api_execution_cancel_request(t, job, id), api_execution_cancel_parse(&resp, err));
}

int api_logs(struct http_client *c, const struct api_target *t, const char *job, const char *id, long tail_lines,
	     char **out, size_t *len, struct api_error *err)
{
	SYNC(api_logs_request(t, job, id, tail_lines), api_logs_parse(&resp, out, len, err));
}

int api_properties_get(struct http_client *c, const struct api_target *t, const char *job, char **json_out,
		       struct api_error *err)
{
	SYNC(api_properties_get_request(t, job), api_properties_get_parse(&resp, json_out, err));
}

int api_properties_put(struct http_client *c, const struct api_target *t, const char *job, const char *json,
		       struct api_error *err)
{
	SYNC(api_properties_put_request(t, job, json), api_properties_put_parse(&resp, err));
}

int api_secrets_get(struct http_client *c, const struct api_target *t, const char *job, char **json_out,
		    struct api_error *err)
{
	SYNC(api_secrets_get_request(t, job), api_secrets_get_parse(&resp, json_out, err));
}

int api_secrets_put(struct http_client *c, const struct api_target *t, const char *job, const char *json,
		    struct api_error *err)
{
	SYNC(api_secrets_put_request(t, job, json), api_secrets_put_parse(&resp, err));
}

int api_sources_upload(struct http_client *c, const struct api_target *t, const char *job, const void *zip, size_t len,
		       const char *reason, char **version_sha, struct api_error *err)
{
	SYNC(api_sources_upload_request(t, job, zip, len, reason), api_sources_upload_parse(&resp, version_sha, err));
}
