/* Response parsers: JSON → model structs. REST answers use snake_case and
 * lowercase enums, GraphQL ones camelCase and uppercase (api-notes §1);
 * one reader per struct serves both through a pair of key names. Every
 * field is optional here: missing, null or mistyped means "unknown". */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "jdoc.h"
#include "jsonread.h"
#include "logscan.h"
#include "logstream.h"

/* Picks the REST or the GraphQL spelling of a key. */
#define K(rest, gql) (g ? (gql) : (rest))

static int fail_status(const struct http_response *r, const char *ctx, struct api_error *err)
{
	if (r->status == 0 || r->too_large || r->status < 200 || r->status > 299) {
		api_error_from_response(err, r, ctx);
		return -1;
	}
	return 0;
}

/* A 2xx answer that does not parse: the parser's reason (taken) and the
 * content type, which tells a proxy's HTML page from a broken answer. */
static void not_json(const struct http_response *r, char *perr, struct api_error *err)
{
	const char *ct = r->content_type ? r->content_type : "no content type";
	api_error_set(err, 0, "unexpected answer from the service (%s; %s)", perr ? perr : "not JSON", ct);
	free(perr);
}

/* The body of a 2xx answer as JSON of any type; NULL with err otherwise.
 * The caller owns the tree. (The properties answer only: it is kept as
 * JSON text, which json-c writes back.) */
static struct json_object *answer_json(const struct http_response *r, const char *ctx, struct api_error *err)
{
	if (fail_status(r, ctx, err))
		return NULL;
	char *perr = NULL;
	struct json_object *o = jr_parse(r->body.buf, r->body.buf ? r->body.len : 0, &perr);
	if (!o)
		not_json(r, perr, err);
	return o;
}

/* The body of a 2xx answer as a document of any type; NULL with err
 * otherwise. The caller frees it. */
static struct jdoc *answer_doc(const struct http_response *r, const char *ctx, struct api_error *err)
{
	if (fail_status(r, ctx, err))
		return NULL;
	char *perr = NULL;
	struct jdoc *d = jdoc_parse(r->body.buf, r->body.buf ? r->body.len : 0, &perr);
	if (!d)
		not_json(r, perr, err);
	return d;
}

static int not_an_object(struct api_error *err)
{
	api_error_set(err, 0, "unexpected answer from the service (a JSON object was expected)");
	return -1;
}

/* As answer_doc, when anything but a JSON object is an error. */
static struct jdoc *answer_object(const struct http_response *r, const char *ctx, struct api_error *err)
{
	struct jdoc *d = answer_doc(r, ctx, err);
	if (d && !jd_is(jdoc_root(d), JD_OBJECT)) {
		jdoc_free(d);
		not_an_object(err);
		return NULL;
	}
	return d;
}

/* Drops a document that is not the list an endpoint promised. */
static int not_an_array(struct jdoc *d, struct api_error *err)
{
	jdoc_free(d);
	api_error_set(err, 0, "unexpected answer from the service (a JSON array was expected)");
	return -1;
}

/* A NUL-terminated heap copy of n bytes (the text answers: keytab, logs). */
static void copy_text(const char *p, size_t n, char **out, size_t *len)
{
	*out = xmalloc(n + 1);
	if (n)
		memcpy(*out, p, n);
	(*out)[n] = '\0';
	*len = n;
}

/* Where the service nests "the job's deployment": a list of at most one,
 * or a bare object. The first object element wins; NULL when none. */
static const struct jnode *first_object(const struct jnode *v)
{
	if (jd_is(v, JD_OBJECT))
		return v;
	for (const struct jnode *e = jd_first(v); e; e = jd_next(v, e))
		if (e->type == JD_OBJECT)
			return e;
	return NULL;
}

static void parse_resources(const struct jnode *o, struct resources *res, bool g)
{
	resources_init(res);
	if (!o)
		return;
	res->present = true;
	res->cpu_request = jd_double(o, K("cpu_request", "cpuRequest"), -1);
	res->cpu_limit = jd_double(o, K("cpu_limit", "cpuLimit"), -1);
	res->memory_request = jd_int(o, K("memory_request", "memoryRequest"), -1);
	res->memory_limit = jd_int(o, K("memory_limit", "memoryLimit"), -1);
}

static void parse_contacts(const struct jnode *o, struct contacts *c, bool g)
{
	if (!o)
		return;
	jd_strlist(o, K("notified_on_job_failure_user_error", "notifiedOnJobFailureUserError"), &c->on_user_error);
	jd_strlist(o, K("notified_on_job_failure_platform_error", "notifiedOnJobFailurePlatformError"),
		   &c->on_platform_error);
	jd_strlist(o, K("notified_on_job_success", "notifiedOnJobSuccess"), &c->on_success);
	jd_strlist(o, K("notified_on_job_deploy", "notifiedOnJobDeploy"), &c->on_deploy);
}

static struct deployment *parse_deployment(const struct jnode *o, bool g)
{
	if (!jd_is(o, JD_OBJECT))
		return NULL;
	struct deployment *d = xmalloc(sizeof(*d));
	deployment_init(d);
	d->id = jd_strdup(o, "id");
	d->job_version = jd_strdup(o, K("job_version", "jobVersion"));
	d->python_version = jd_strdup(o, K("python_version", "jobPythonVersion"));
	d->vdk_version = jd_strdup(o, K("vdk_version", "vdkVersion"));
	d->mode = jd_strdup(o, "mode");
	/* The deployment list says last_deployed_*, an execution's snapshot
	 * deployed_*; accept either in both places. */
	d->deployed_by = jd_strdup(o, K("last_deployed_by", "lastDeployedBy"));
	if (!d->deployed_by)
		d->deployed_by = jd_strdup(o, K("deployed_by", "deployedBy"));
	d->deployed_at = jd_time(o, K("last_deployed_date", "lastDeployedDate"));
	if (!d->deployed_at)
		d->deployed_at = jd_time(o, K("deployed_date", "deployedDate"));
	d->enabled = jd_bool(o, "enabled");
	parse_resources(jd_obj(o, "resources"), &d->resources, g);
	d->schedule_cron = xstrdup(jd_str(jd_obj(o, "schedule"), K("schedule_cron", "scheduleCron")));
	d->last_status = exec_status_parse(jd_str(o, "lastExecutionStatus"));
	d->last_exec_time = jd_time(o, "lastExecutionTime");
	d->last_exec_duration = jd_int(o, "lastExecutionDuration", -1);
	d->successful_executions = jd_int(o, "successfulExecutions", -1);
	d->failed_executions = jd_int(o, "failedExecutions", -1);
	return d;
}

static void parse_execution(const struct jnode *o, struct execution *e, bool g)
{
	execution_init(e);
	e->id = jd_strdup(o, "id");
	e->job_name = jd_strdup(o, K("job_name", "jobName"));
	e->status = exec_status_parse(jd_str(o, "status"));
	e->type = exec_type_parse(jd_str(o, "type"));
	e->start_time = jd_time(o, K("start_time", "startTime"));
	e->end_time = jd_time(o, K("end_time", "endTime"));
	e->started_by = jd_strdup(o, K("started_by", "startedBy"));
	e->message = jd_strdup(o, "message");
	e->op_id = jd_strdup(o, K("op_id", "opId"));
	e->logs_url = jd_strdup(o, K("logs_url", "logsUrl"));
	e->deployment = parse_deployment(jd_obj(o, "deployment"), g);
}

/* Array elements that are not objects are skipped, not fatal. */
static struct execution_list *parse_execution_array(const struct jnode *a, bool g)
{
	struct execution_list *l = xcalloc(1, sizeof(*l));
	l->total_items = -1;
	l->total_pages = -1;
	size_t n = jd_is(a, JD_ARRAY) ? a->len : 0;
	if (n)
		l->v = xcallocarray(n, sizeof(*l->v));
	for (const struct jnode *e = jd_first(a); e; e = jd_next(a, e))
		if (e->type == JD_OBJECT)
			parse_execution(e, &l->v[l->n++], g);
	executions_sort_newest_first(l->v, l->n);
	return l;
}

/* GraphQL DataJob (jobsQuery content element). */
static bool parse_gql_job(const struct jnode *o, struct job *j)
{
	const bool g = true;
	job_init(j);
	j->name = jd_strdup(o, "jobName");
	if (!j->name)
		return false; /* nothing can address a job without a name */
	const struct jnode *cfg = jd_obj(o, "config");
	j->team = jd_strdup(cfg, "team");
	j->description = jd_strdup(cfg, "description");
	const struct jnode *sch = jd_obj(cfg, "schedule");
	j->schedule_cron = jd_strdup(sch, "scheduleCron");
	j->next_run = jd_int(sch, "nextRunEpochSeconds", 0);
	if (j->next_run < -1)
		j->next_run = -1;
	parse_contacts(jd_obj(cfg, "contacts"), &j->contacts, g);
	j->source_url = jd_strdup(cfg, "sourceUrl");
	j->generate_keytab = jd_bool(cfg, "generateKeytab");
	const struct jnode *d = first_object(jd_get(o, "deployments"));
	j->deployment = parse_deployment(d, g);
	const struct jnode *ex = jd_arr(d, "executions");
	if (ex) {
		struct execution_list *l = parse_execution_array(ex, g);
		j->executions = l->v;
		j->n_executions = l->n;
		free(l);
	}
	return true;
}

/* The flattened GraphQL answer {errors, data:{content,totalItems,totalPages}}
 * (api-notes §4.1). Returns data, or NULL with err; *doc is the document
 * data lies in, for the caller to free. */
static const struct jnode *gql_data(const struct http_response *r, struct jdoc **doc, struct api_error *err)
{
	*doc = NULL;
	struct jdoc *d = answer_object(r, "jobs", err);
	if (!d)
		return NULL;
	const struct jnode *o = jdoc_root(d);
	const struct jnode *errs = jd_arr(o, "errors");
	const struct jnode *data = jd_obj(o, "data");
	/* A 200 that carries rows is shown even when errors came along (a
	 * partial answer); errors without any rows are the answer. */
	if (errs && errs->len > 0 && !(data && jd_arr(data, "content"))) {
		api_error_from_response(err, r, "jobs");
		if (err->message && str_starts_with(err->message, "HTTP ")) {
			free(err->message);
			err->message = xstrdup("the service reported errors in the job query without saying which");
		}
		jdoc_free(d);
		return NULL;
	}
	if (!data) {
		api_error_set(err, 0, "unexpected answer from the service (no data)");
		jdoc_free(d);
		return NULL;
	}
	*doc = d;
	return data;
}

/* A count the server reports, believed within [0, API_COUNT_MAX]: -1
 * (unknown) when missing, mistyped or negative, API_COUNT_MAX above it. */
static long long parse_count(const struct jnode *o, const char *key, bool *clamped)
{
	long long v = jd_int(o, key, -1);
	if (v < -1)
		v = -1;
	if (v > API_COUNT_MAX) {
		*clamped = true;
		v = API_COUNT_MAX;
	}
	return v;
}

/* Text per row below which a page is parsed whole: such a page cannot
 * hold so many values that cutting its rows first would pay. */
#define PAGE_ROW_TEXT 4096

int api_jobs_parse_page(const struct http_response *r, size_t max_rows, struct job_page **out, struct api_error *err)
{
	*out = NULL;
	/* Rows beyond what was asked are counted, not kept: a page is never
	 * bigger than its request, whatever the server sends. A big answer
	 * has them cut from the text before it is parsed, since parsed
	 * values cost several times their text. */
	size_t from = 0, to = 0, sent = 0;
	struct strbuf cut = STRBUF_INIT;
	struct http_response trimmed;
	if (max_rows && r->body.buf && r->body.len > max_rows * PAGE_ROW_TEXT && r->status >= 200 &&
	    r->status <= 299 && !r->too_large)
		sent = jr_cut_array(r->body.buf, r->body.len, "content", max_rows, &from, &to);
	if (to > from) {
		trimmed = *r; /* a view: only its body differs, nothing is freed */
		strbuf_append(&cut, r->body.buf, from);
		strbuf_append(&cut, r->body.buf + to, r->body.len - to);
		trimmed.body = cut;
		r = &trimmed;
	}
	struct jdoc *doc;
	const struct jnode *data = gql_data(r, &doc, err);
	strbuf_free(&cut);
	if (!data)
		return -1;
	const struct jnode *content = jd_arr(data, "content");
	size_t n = content ? content->len : 0;
	struct job_page *p = xcalloc(1, sizeof(*p));
	if (sent > n)
		p->extra_rows = sent - n;
	if (max_rows && n > max_rows) {
		p->extra_rows += n - max_rows;
		n = max_rows;
	}
	if (n)
		p->jobs = xcallocarray(n, sizeof(*p->jobs));
	size_t i = 0;
	for (const struct jnode *j = jd_first(content); j && i < n; j = jd_next(content, j), i++) {
		if (j->type == JD_OBJECT && parse_gql_job(j, &p->jobs[p->n]))
			p->n++;
		else if (j->type == JD_OBJECT)
			job_clear(&p->jobs[p->n]);
	}
	p->total_items = parse_count(data, "totalItems", &p->counts_clamped);
	p->total_pages = parse_count(data, "totalPages", &p->counts_clamped);
	/* Every page but an empty list's only one holds a row, so there are
	 * never more pages than items (api-notes: zero items is one page). */
	if (p->total_items >= 0 && p->total_pages > (p->total_items > 0 ? p->total_items : 1)) {
		p->total_pages = p->total_items > 0 ? p->total_items : 1;
		p->counts_clamped = true;
	}
	p->page_number = -1;
	jdoc_free(doc);
	*out = p;
	return 0;
}

int api_jobs_parse(const struct http_response *r, struct job_page **out, struct api_error *err)
{
	return api_jobs_parse_page(r, 0, out, err);
}

int api_executions_find_parse(const struct http_response *r, struct execution_list **out, struct api_error *err)
{
	*out = NULL;
	struct jdoc *doc;
	const struct jnode *data = gql_data(r, &doc, err);
	if (!data)
		return -1;
	*out = parse_execution_array(jd_arr(data, "content"), true);
	/* Counts from a server are not trusted to be sane: a negative one
	 * is as unknown as a missing one, an absurd one is bounded. */
	bool clamped = false;
	(*out)->total_items = parse_count(data, "totalItems", &clamped);
	(*out)->total_pages = parse_count(data, "totalPages", &clamped);
	jdoc_free(doc);
	return 0;
}

int api_job_executions_parse(const struct http_response *r, struct execution_list **out, struct api_error *err)
{
	return api_executions_find_parse(r, out, err);
}

int api_info_parse(const struct http_response *r, struct api_info **out, struct api_error *err)
{
	*out = NULL;
	struct jdoc *d = answer_object(r, "info", err);
	if (!d)
		return -1;
	const struct jnode *o = jdoc_root(d);
	struct api_info *i = xcalloc(1, sizeof(*i));
	i->api_version = jd_strdup(o, "api_version");
	jd_strlist(o, "supported_python_versions", &i->python_versions);
	jdoc_free(d);
	*out = i;
	return 0;
}

int api_job_get_parse(const struct http_response *r, struct job **out, struct api_error *err)
{
	*out = NULL;
	struct jdoc *d = answer_object(r, "job", err);
	if (!d)
		return -1;
	const struct jnode *o = jdoc_root(d);
	const bool g = false;
	struct job *j = xmalloc(sizeof(*j));
	job_init(j);
	j->name = jd_strdup(o, "job_name");
	j->team = jd_strdup(o, "team");
	j->description = jd_strdup(o, "description");
	const struct jnode *cfg = jd_obj(o, "config");
	j->db_default_type = jd_strdup(cfg, "db_default_type");
	parse_contacts(jd_obj(cfg, "contacts"), &j->contacts, g);
	j->schedule_cron = jd_strdup(jd_obj(cfg, "schedule"), "schedule_cron");
	j->generate_keytab = jd_bool(cfg, "generate_keytab");
	j->enable_execution_notifications = jd_bool(cfg, "enable_execution_notifications");
	j->notification_delay_minutes = jd_int(cfg, "notification_delay_period_minutes", -1);
	if (j->notification_delay_minutes < -1)
		j->notification_delay_minutes = -1;
	jdoc_free(d);
	*out = j;
	return 0;
}

int api_job_create_parse(const struct http_response *r, struct api_error *err)
{
	return fail_status(r, "create", err);
}

int api_job_update_parse(const struct http_response *r, struct api_error *err)
{
	return fail_status(r, "update", err);
}

int api_job_delete_parse(const struct http_response *r, struct api_error *err)
{
	return fail_status(r, "delete", err);
}

int api_keytab_parse(const struct http_response *r, char **out, size_t *len, struct api_error *err)
{
	*out = NULL;
	*len = 0;
	if (fail_status(r, "keytab", err))
		return -1;
	copy_text(r->body.buf, r->body.buf ? r->body.len : 0, out, len);
	return 0;
}

int api_deployments_parse(const struct http_response *r, struct deployment **out, struct api_error *err)
{
	*out = NULL;
	struct jdoc *d = answer_doc(r, "deployments", err);
	if (!d)
		return -1;
	const struct jnode *o = jdoc_root(d);
	if (!jd_is(o, JD_ARRAY) && !jd_is(o, JD_OBJECT))
		return not_an_array(d, err);
	*out = parse_deployment(first_object(o), false);
	jdoc_free(d);
	return 0;
}

int api_deployment_get_parse(const struct http_response *r, struct deployment **out, struct api_error *err)
{
	*out = NULL;
	struct jdoc *d = answer_object(r, "deployment", err);
	if (!d)
		return -1;
	*out = parse_deployment(jdoc_root(d), false);
	jdoc_free(d);
	return 0;
}

int api_deploy_parse(const struct http_response *r, struct api_error *err)
{
	return fail_status(r, "deploy", err);
}

int api_deployment_patch_parse(const struct http_response *r, struct api_error *err)
{
	return fail_status(r, "patch", err);
}

int api_deployment_delete_parse(const struct http_response *r, struct api_error *err)
{
	return fail_status(r, "undeploy", err);
}

int api_executions_parse(const struct http_response *r, struct execution_list **out, struct api_error *err)
{
	*out = NULL;
	struct jdoc *d = answer_doc(r, "executions", err);
	if (!d)
		return -1;
	if (!jd_is(jdoc_root(d), JD_ARRAY))
		return not_an_array(d, err);
	/* The REST list is unordered (api-notes §2.4); sorted here. */
	*out = parse_execution_array(jdoc_root(d), false);
	jdoc_free(d);
	return 0;
}

int api_execution_get_parse(const struct http_response *r, struct execution **out, struct api_error *err)
{
	*out = NULL;
	struct jdoc *d = answer_object(r, "execution", err);
	if (!d)
		return -1;
	struct execution *e = xmalloc(sizeof(*e));
	parse_execution(jdoc_root(d), e, false);
	jdoc_free(d);
	*out = e;
	return 0;
}

int api_execution_start_parse(const struct http_response *r, char **id_out, struct api_error *err)
{
	*id_out = NULL;
	if (fail_status(r, "start", err))
		return -1;
	/* Absolute (possibly with an internal host behind a proxy) or
	 * relative: only the last path segment is the id (api-notes §5.2). */
	const char *loc = r->location ? r->location : "";
	size_t end = strcspn(loc, "?#");
	while (end > 0 && loc[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && loc[start - 1] != '/')
		start--;
	struct strbuf id = STRBUF_INIT;
	strbuf_puts(&id, "");
	bool bad = false;
	for (size_t i = start; i < end; i++) {
		char c = loc[i];
		if (c == '%' && i + 2 < end && hex_digit(loc[i + 1]) >= 0 && hex_digit(loc[i + 2]) >= 0) {
			c = (char)(hex_digit(loc[i + 1]) * 16 + hex_digit(loc[i + 2]));
			i += 2;
		}
		if ((unsigned char)c < 0x20 || c == 0x7f || c == '/')
			bad = true;
		strbuf_putc(&id, c);
	}
	/* "…/jobs/x/executions" (no id) or a Location pointing elsewhere. */
	if (id.len == 0 || bad || strcmp(id.buf, "executions") == 0) {
		strbuf_free(&id);
		api_error_set(err, r->status,
			      "the service accepted the run but did not say which execution it started (Location: %s)",
			      r->location ? "unusable" : "missing");
		return -1;
	}
	*id_out = strbuf_steal(&id);
	return 0;
}

int api_execution_cancel_parse(const struct http_response *r, struct api_error *err)
{
	return fail_status(r, "cancel", err);
}

static void text_put(void *ud, const char *data, size_t len)
{
	strbuf_append(ud, data, len);
}

static void text_reset(void *ud)
{
	strbuf_reset(ud);
}

/* The scanner's verdict on a logs answer as the message of any other
 * unusable answer; 0 when it is good. */
static int logs_scan_result(struct logscan *sc, const struct http_response *r, struct api_error *err)
{
	if (logscan_finish(sc))
		return 0;
	if (sc->error == LOGSCAN_NOT_JSON) {
		const char *ct = r->content_type ? r->content_type : "no content type";
		api_error_set(err, 0, "unexpected answer from the service (%s; %s)", sc->message, ct);
	} else {
		api_error_set(err, 0, "unexpected answer from the service (%s)", sc->message);
	}
	return -1;
}

/* The 503 of a pod that is starting, or the failure of the request. */
static int logs_status(const struct http_response *r, struct api_error *err)
{
	if (r->status == 503 && !r->too_large) {
		/* The pod exists but its log cannot be read yet (api-notes
		 * §5.3): a state to retry through, not a failure. Before the
		 * pod exists the answer is "" instead. */
		api_error_from_response(err, r, "logs");
		free(err->message);
		err->message = xstrdup("the pod is starting: retrying");
		err->http_status = 503;
		return -1;
	}
	return fail_status(r, "logs", err);
}

int api_logs_parse(const struct http_response *r, char **out, size_t *len, struct api_error *err)
{
	*out = NULL;
	*len = 0;
	if (logs_status(r, err))
		return -1;
	/* Read without a JSON tree: the text is most of the answer, and a
	 * tree would hold it a second time. */
	struct strbuf text = STRBUF_INIT;
	struct logscan sc;
	logscan_init(&sc, &(struct logscan_sink){text_put, text_reset, &text});
	logscan_feed(&sc, r->body.buf ? r->body.buf : "", r->body.buf ? r->body.len : 0);
	int rc = logs_scan_result(&sc, r, err);
	logscan_free(&sc);
	if (rc) {
		strbuf_free(&text);
		return -1;
	}
	*len = text.len;
	*out = strbuf_steal(&text);
	return 0;
}

/* ---- the streamed logs answer ---- */

static void *stream_open(size_t line_max, const struct http_gate *gate)
{
	struct logstream *ls = logstream_open(line_max);
	if (gate)
		logstream_set_gate(ls, gate->wait, gate->ud);
	return ls;
}

static bool stream_write(void *stream, const char *data, size_t len)
{
	return logstream_write(stream, data, len);
}

static void stream_close(void *stream)
{
	logstream_free(stream);
}

static const struct http_stream_ops logs_stream_ops = {stream_open, stream_write, stream_close};

void api_logs_stream(struct http_request *req, size_t line_max)
{
	req->stream = &logs_stream_ops;
	req->stream_param = line_max;
}

int api_logs_parse_text(const struct http_response *r, size_t line_max, struct logtext **out, struct api_error *err)
{
	*out = NULL;
	if (logs_status(r, err))
		return -1;
	struct logstream *ls = r->stream_ops == &logs_stream_ops ? r->stream : NULL;
	struct logstream *own = NULL;
	if (!ls) {
		/* No reader came: an empty body, or no streaming asked for. */
		ls = own = logstream_open(line_max);
		logstream_write(ls, r->body.buf ? r->body.buf : "", r->body.buf ? r->body.len : 0);
	}
	int rc = logs_scan_result(logstream_finish(ls), r, err);
	if (rc == 0) {
		*out = logstream_take_text(ls);
		logtext_finish(*out);
	}
	logstream_free(own);
	return rc;
}

int api_properties_get_parse(const struct http_response *r, char **json_out, struct api_error *err)
{
	*json_out = NULL;
	struct json_object *o = answer_json(r, "properties", err);
	if (!o)
		return -1;
	if (!jr_is(o, json_type_object)) {
		json_object_put(o);
		return not_an_object(err);
	}
	*json_out = xstrdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return 0;
}

int api_properties_put_parse(const struct http_response *r, struct api_error *err)
{
	return fail_status(r, "properties", err);
}

/* Secrets: the error text is ours alone, never the body's (a server may
 * quote what it was sent), so no secret value can reach a message. */
int api_secrets_get_parse(const struct http_response *r, char **json_out, struct api_error *err)
{
	*json_out = NULL;
	if (r->status == 0 || r->too_large || r->status < 200 || r->status > 299) {
		api_error_from_status(err, r, "secrets");
		return -1;
	}
	return api_properties_get_parse(r, json_out, err);
}

int api_secrets_put_parse(const struct http_response *r, struct api_error *err)
{
	if (r->status == 0 || r->too_large || r->status < 200 || r->status > 299) {
		api_error_from_status(err, r, "secrets");
		return -1;
	}
	return 0;
}

int api_sources_upload_parse(const struct http_response *r, char **version_sha, struct api_error *err)
{
	*version_sha = NULL;
	struct jdoc *d = answer_object(r, "sources", err);
	if (!d)
		return -1;
	const char *sha = jd_str(jdoc_root(d), "version_sha");
	if (str_empty(sha)) {
		jdoc_free(d);
		api_error_set(err, 0, "unexpected answer from the service (no version_sha)");
		return -1;
	}
	*version_sha = xstrdup(sha);
	jdoc_free(d);
	return 0;
}
