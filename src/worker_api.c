/* The mapping of request kinds to api calls: building a wreq's HTTP
 * request, parsing its answer into a wresult, and the wreq/wresult
 * lifetimes. The thread that runs them is in worker.c. */
#include "worker.h"

#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "worker_priv.h"

/* How many nested executions WREQ_JOB asks for when the query names none:
 * enough for the job view's chart. */
#define JOB_EXECUTIONS_DEFAULT 30

static const struct {
	const char *name;
	bool writes;
} kinds[WREQ_KIND_COUNT] = {
	[WREQ_INFO] = {"info", false},
	[WREQ_JOBS] = {"jobs", false},
	[WREQ_JOB] = {"job", false},
	[WREQ_EXECUTIONS] = {"executions", false},
	[WREQ_DEPLOYMENT] = {"deployment", false},
	[WREQ_EXECUTION] = {"execution", false},
	[WREQ_LOGS] = {"logs", false},
	[WREQ_JOB_GET] = {"job-get", false},
	[WREQ_JOB_CREATE] = {"job-create", true},
	[WREQ_JOB_UPDATE] = {"job-update", true},
	[WREQ_JOB_DELETE] = {"job-delete", true},
	[WREQ_KEYTAB] = {"keytab", false},
	[WREQ_DEPLOY] = {"deploy", true},
	[WREQ_DEPLOYMENT_PATCH] = {"deployment-patch", true},
	[WREQ_EXEC_START] = {"execution-start", true},
	[WREQ_EXEC_CANCEL] = {"execution-cancel", true},
	[WREQ_SOURCES_UPLOAD] = {"sources-upload", true},
	[WREQ_PROPERTIES] = {"properties", false},
	[WREQ_PROPERTIES_PUT] = {"properties-put", true},
	[WREQ_SECRETS] = {"secrets", false},
	[WREQ_SECRETS_PUT] = {"secrets-put", true},
	[WREQ_EXEC_FIND] = {"exec-find", false},
};

const char *wreq_kind_name(enum wreq_kind k)
{
	return (unsigned)k < WREQ_KIND_COUNT ? kinds[k].name : "unknown";
}

bool wreq_kind_writes(enum wreq_kind k)
{
	return (unsigned)k < WREQ_KIND_COUNT && kinds[k].writes;
}

/* ---- requests ---- */

struct wreq *wreq_new(enum wreq_kind kind, const char *team, const char *job, const char *execution)
{
	struct wreq *r = xcalloc(1, sizeof *r);
	r->kind = kind;
	r->team = xstrdup(team);
	r->job = xstrdup(job);
	r->execution = xstrdup(execution);
	r->deploy.enabled = -1;
	return r;
}

/* Copies s into r's string store and returns the copy. */
static const char *own_str(struct wreq *r, const char *s)
{
	if (!s)
		return NULL;
	strlist_push(&r->strs, s);
	return r->strs.v[r->strs.n - 1];
}

void wreq_set_query(struct wreq *r, const struct jobs_query *q)
{
	r->query = *q;
	r->query.team = own_str(r, q->team);
	r->query.job_name = own_str(r, q->job_name);
	r->query.search = own_str(r, q->search);
	r->query.enabled = own_str(r, q->enabled);
	r->query.last_status = own_str(r, q->last_status);
}

void wreq_set_deploy(struct wreq *r, const struct deploy_params *p)
{
	r->deploy = *p;
	r->deploy.job_version = own_str(r, p->job_version);
	r->deploy.python_version = own_str(r, p->python_version);
	r->deploy.vdk_version = own_str(r, p->vdk_version);
}

void wreq_set_exec_query(struct wreq *r, const struct executions_query *q)
{
	strlist_clear(&r->eq_teams);
	strlist_clear(&r->eq_jobs);
	r->exec_query = *q;
	for (size_t i = 0; q->teams && i < q->n_teams; i++)
		strlist_push(&r->eq_teams, q->teams[i]);
	for (size_t i = 0; q->jobs && i < q->n_jobs; i++)
		strlist_push(&r->eq_jobs, q->jobs[i]);
	r->exec_query.teams = (const char *const *)r->eq_teams.v;
	r->exec_query.n_teams = r->eq_teams.n;
	r->exec_query.jobs = (const char *const *)r->eq_jobs.v;
	r->exec_query.n_jobs = r->eq_jobs.n;
}

struct wreq *wreq_dup_light(const struct wreq *r)
{
	struct wreq *d = wreq_new(r->kind, r->team, r->job, r->execution);
	d->id = r->id;
	d->owner = r->owner;
	d->page_size = r->page_size;
	d->tail_lines = r->tail_lines;
	d->line_max = r->line_max;
	wreq_set_query(d, &r->query);
	wreq_set_deploy(d, &r->deploy);
	wreq_set_exec_query(d, &r->exec_query);
	d->args_json = xstrdup(r->args_json);
	d->started_by = xstrdup(r->started_by);
	d->reason = xstrdup(r->reason);
	return d;
}

struct wreq *wreq_dup(const struct wreq *r)
{
	if (!r)
		return NULL;
	struct wreq *d = wreq_dup_light(r);
	if (r->job_body) {
		d->job_body = xmalloc(sizeof *d->job_body);
		job_init(d->job_body);
		job_copy(d->job_body, r->job_body);
	}
	if (r->blob) {
		d->blob = xmalloc(r->blob_len ? r->blob_len : 1);
		memcpy(d->blob, r->blob, r->blob_len);
		d->blob_len = r->blob_len;
	}
	if (r->map)
		d->map = propmap_dup(r->map);
	return d;
}

void wreq_free(struct wreq *r)
{
	if (!r)
		return;
	free(r->team);
	free(r->job);
	free(r->execution);
	if (r->job_body) {
		job_clear(r->job_body);
		free(r->job_body);
	}
	free(r->args_json);
	free(r->started_by);
	free(r->reason);
	free(r->blob);
	propmap_free(r->map);
	strlist_clear(&r->strs);
	strlist_clear(&r->eq_teams);
	strlist_clear(&r->eq_jobs);
	free(r);
}

struct http_request *wreq_build(const struct wreq *r, const char *base_url)
{
	struct api_target t = {base_url, r->team};
	switch (r->kind) {
	case WREQ_INFO:
		return api_info_request(&t);
	case WREQ_JOBS:
		return api_jobs_request(&t, &r->query);
	case WREQ_JOB: {
		if (!r->job)
			return NULL;
		struct jobs_query q = r->query;
		q.team = r->team;
		q.job_name = r->job;
		q.details = true;
		q.page = 1;
		q.page_size = 1;
		if (q.executions <= 0)
			q.executions = JOB_EXECUTIONS_DEFAULT;
		return api_jobs_request(&t, &q);
	}
	case WREQ_EXECUTIONS:
		if (!r->job)
			return NULL;
		return api_job_executions_request(&t, r->job, 1, r->page_size > 0 ? r->page_size : JOB_EXECUTIONS_DEFAULT);
	case WREQ_DEPLOYMENT:
		return r->job ? api_deployments_request(&t, r->job) : NULL;
	case WREQ_EXECUTION:
		return r->job && r->execution ? api_execution_get_request(&t, r->job, r->execution) : NULL;
	case WREQ_LOGS: {
		if (!r->job || !r->execution)
			return NULL;
		struct http_request *hr = api_logs_request(&t, r->job, r->execution, r->tail_lines);
		if (hr)
			api_logs_stream(hr, r->line_max);
		return hr;
	}
	case WREQ_JOB_GET:
		return r->job ? api_job_get_request(&t, r->job) : NULL;
	case WREQ_JOB_CREATE:
		return r->job_body ? api_job_create_request(&t, r->job_body) : NULL;
	case WREQ_JOB_UPDATE:
		return r->job_body ? api_job_update_request(&t, r->job_body) : NULL;
	case WREQ_JOB_DELETE:
		return r->job ? api_job_delete_request(&t, r->job) : NULL;
	case WREQ_KEYTAB:
		return r->job ? api_keytab_request(&t, r->job) : NULL;
	case WREQ_DEPLOY:
		return r->job ? api_deploy_request(&t, r->job, &r->deploy) : NULL;
	case WREQ_DEPLOYMENT_PATCH:
		return r->job ? api_deployment_patch_request(&t, r->job, &r->deploy) : NULL;
	case WREQ_EXEC_START:
		return r->job ? api_execution_start_request(&t, r->job, r->started_by, r->args_json) : NULL;
	case WREQ_EXEC_CANCEL:
		return r->job && r->execution ? api_execution_cancel_request(&t, r->job, r->execution) : NULL;
	case WREQ_SOURCES_UPLOAD:
		return r->job && r->blob ? api_sources_upload_request(&t, r->job, r->blob, r->blob_len, r->reason) : NULL;
	case WREQ_PROPERTIES:
		return r->job ? api_properties_get_request(&t, r->job) : NULL;
	case WREQ_SECRETS:
		return r->job ? api_secrets_get_request(&t, r->job) : NULL;
	case WREQ_PROPERTIES_PUT:
	case WREQ_SECRETS_PUT: {
		if (!r->job || !r->map)
			return NULL;
		char *body = propmap_to_json(r->map);
		struct http_request *hr = r->kind == WREQ_SECRETS_PUT ? api_secrets_put_request(&t, r->job, body)
								      : api_properties_put_request(&t, r->job, body);
		propmap_wipe_free(body);
		return hr;
	}
	case WREQ_EXEC_FIND:
		return api_executions_find_request(&t, &r->exec_query);
	case WREQ_KIND_COUNT:
		break;
	}
	return NULL;
}

char *wreq_describe_url(enum http_method m, const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : url;
	if (!p)
		p = "/";
	size_t len = strcspn(p, "?#");
	return xasprintf("%s %.*s", http_method_name(m), (int)len, p);
}

char *wreq_describe(const struct wreq *r)
{
	struct http_request *hr = wreq_build(r, "http://host");
	if (!hr)
		return xasprintf("%s (incomplete request)", wreq_kind_name(r->kind));
	char *s = wreq_describe_url(hr->method, hr->url);
	http_request_free(hr);
	return s;
}

/* ---- results ---- */

void wresult_free(struct wresult *r)
{
	if (!r)
		return;
	if (r->type == WRESULT_DONE && r->req) {
		switch (r->req->kind) {
		case WREQ_INFO:
			api_info_free(r->u.info);
			break;
		case WREQ_JOBS:
			job_page_free(r->u.jobs);
			break;
		case WREQ_JOB:
		case WREQ_JOB_GET:
			if (r->u.job) {
				job_clear(r->u.job);
				free(r->u.job);
			}
			break;
		case WREQ_DEPLOYMENT:
			deployment_free(r->u.deployment);
			break;
		case WREQ_EXECUTIONS:
		case WREQ_EXEC_FIND:
			execution_list_free(r->u.executions);
			break;
		case WREQ_EXECUTION:
			if (r->u.execution) {
				execution_clear(r->u.execution);
				free(r->u.execution);
			}
			break;
		case WREQ_LOGS:
			logtext_free(r->u.log);
			break;
		case WREQ_KEYTAB:
			free(r->u.text.data);
			break;
		case WREQ_EXEC_START:
			free(r->u.execution_id);
			break;
		case WREQ_SOURCES_UPLOAD:
			free(r->u.version_sha);
			break;
		case WREQ_PROPERTIES:
		case WREQ_SECRETS:
			propmap_free(r->u.map);
			break;
		default:
			break;
		}
	}
	api_error_clear(&r->err);
	wreq_free(r->req);
	free(r);
}

void wresult_parse(struct wresult *res, const struct http_response *resp)
{
	struct api_error *e = &res->err;
	int rc = -1;
	switch (res->req->kind) {
	case WREQ_INFO:
		rc = api_info_parse(resp, &res->u.info, e);
		break;
	case WREQ_JOBS:
		rc = api_jobs_parse_page(resp, res->req->query.page_size > 0 ? (size_t)res->req->query.page_size : 0,
					 &res->u.jobs, e);
		break;
	case WREQ_JOB: {
		struct job_page *page = NULL;
		rc = api_jobs_parse_page(resp, 1, &page, e);
		if (rc == 0 && page && page->n > 0) {
			/* Steal the first job; leave an empty one for the page's free. */
			res->u.job = xmalloc(sizeof *res->u.job);
			*res->u.job = page->jobs[0];
			job_init(&page->jobs[0]);
		}
		job_page_free(page);
		break;
	}
	case WREQ_EXECUTIONS:
		rc = api_job_executions_parse(resp, &res->u.executions, e);
		break;
	case WREQ_DEPLOYMENT:
		rc = api_deployments_parse(resp, &res->u.deployment, e);
		break;
	case WREQ_EXECUTION:
		rc = api_execution_get_parse(resp, &res->u.execution, e);
		break;
	case WREQ_LOGS:
		rc = api_logs_parse_text(resp, res->req->line_max, &res->u.log, e);
		break;
	case WREQ_JOB_GET:
		rc = api_job_get_parse(resp, &res->u.job, e);
		break;
	case WREQ_JOB_CREATE:
		rc = api_job_create_parse(resp, e);
		break;
	case WREQ_JOB_UPDATE:
		rc = api_job_update_parse(resp, e);
		break;
	case WREQ_JOB_DELETE:
		rc = api_job_delete_parse(resp, e);
		break;
	case WREQ_KEYTAB:
		rc = api_keytab_parse(resp, &res->u.text.data, &res->u.text.len, e);
		break;
	case WREQ_DEPLOY:
		rc = api_deploy_parse(resp, e);
		break;
	case WREQ_DEPLOYMENT_PATCH:
		rc = api_deployment_patch_parse(resp, e);
		break;
	case WREQ_EXEC_START:
		rc = api_execution_start_parse(resp, &res->u.execution_id, e);
		break;
	case WREQ_EXEC_CANCEL:
		rc = api_execution_cancel_parse(resp, e);
		break;
	case WREQ_SOURCES_UPLOAD:
		rc = api_sources_upload_parse(resp, &res->u.version_sha, e);
		break;
	case WREQ_PROPERTIES:
	case WREQ_SECRETS: {
		bool secret = res->req->kind == WREQ_SECRETS;
		char *json = NULL, *perr = NULL;
		rc = secret ? api_secrets_get_parse(resp, &json, e) : api_properties_get_parse(resp, &json, e);
		if (rc == 0 && propmap_parse(json, strlen(json), secret, &res->u.map, &perr) < 0) {
			api_error_set(e, 0, "%s", perr);
			rc = -1;
		}
		free(perr);
		if (secret)
			propmap_wipe_free(json);
		else
			free(json);
		break;
	}
	case WREQ_PROPERTIES_PUT:
		rc = api_properties_put_parse(resp, e);
		break;
	case WREQ_SECRETS_PUT:
		rc = api_secrets_put_parse(resp, e);
		break;
	case WREQ_EXEC_FIND:
		rc = api_executions_find_parse(resp, &res->u.executions, e);
		break;
	case WREQ_KIND_COUNT:
		break;
	}
	res->ok = rc == 0;
	res->http_status = resp->status;
	if (!res->ok && !e->message)
		e->message = xstrdup(resp->transport_error ? resp->transport_error : "unexpected answer from the service");
}
