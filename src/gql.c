#include "gql.h"

#include <json.h>
#include <string.h>
#include <time.h>

#include "util.h"

/* The query travels in the URL (the server's header limit is 8 KB by
 * default), so the text is written compactly: no space where GraphQL does
 * not need one. Only constant text and numbers go into it; everything a
 * user typed travels in the variables. */

static const char *const sort_props[JOBS_SORT_COUNT] = {
	[JOBS_SORT_NAME] = "jobName",
	[JOBS_SORT_TEAM] = "config.team",
	[JOBS_SORT_STATE] = "deployments.enabled",
	[JOBS_SORT_LAST_STATUS] = "deployments.lastExecutionStatus",
	[JOBS_SORT_LAST_RUN] = "deployments.lastExecutionTime",
	[JOBS_SORT_DURATION] = "deployments.lastExecutionDuration",
	[JOBS_SORT_NEXT_RUN] = "config.schedule.nextRunEpochSeconds",
	[JOBS_SORT_PYTHON] = "deployments.jobPythonVersion",
};

const char *gql_sort_property(enum jobs_sort s)
{
	if ((int)s < 0 || s >= JOBS_SORT_COUNT)
		return sort_props[JOBS_SORT_NAME];
	return sort_props[s];
}

char *gql_regex_escape(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "");
	for (const char *p = s ? s : ""; *p; p++) {
		/* '%' is the server's own wildcard and cannot be escaped. */
		if (strchr("\\.[]{}()*+?^$|", *p))
			strbuf_putc(&sb, '\\');
		strbuf_putc(&sb, *p);
	}
	return strbuf_steal(&sb);
}

/* Predicates are kept in a small ordered list so that the sort can be
 * merged into a filter on the same property: the server rejects two
 * identical predicates and only honours one sort anyway. */
struct pred {
	const char *property;
	char *pattern; /* owned, may be NULL */
	const char *sort;
};

static void pred_add(struct pred *v, size_t *n, const char *property, char *pattern)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp(v[i].property, property) == 0) {
			/* Two filters on one property: the later wins. */
			free(v[i].pattern);
			v[i].pattern = pattern;
			return;
		}
	}
	v[*n].property = property;
	v[*n].pattern = pattern;
	v[*n].sort = NULL;
	(*n)++;
}

static long clamp_positive(long v, long dflt)
{
	return v >= 1 ? v : dflt;
}

static char *lower_dup(const char *s)
{
	char *d = xstrdup(s);
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

static const char JOB_FIELDS[] = "jobName config{team description schedule{scheduleCron nextRunEpochSeconds}";
static const char JOB_DETAILS[] = " contacts{notifiedOnJobFailureUserError notifiedOnJobFailurePlatformError "
				  "notifiedOnJobSuccess notifiedOnJobDeploy}sourceUrl generateKeytab";
static const char DEPLOYMENT_FIELDS[] =
	"deployments{enabled jobVersion jobPythonVersion vdkVersion lastDeployedBy lastDeployedDate "
	"lastExecutionStatus lastExecutionTime lastExecutionDuration successfulExecutions failedExecutions";
static const char EXECUTION_FIELDS[] = "{id type status startTime endTime startedBy message opId logsUrl}";

char *gql_jobs_query(const struct jobs_query *q, char **variables)
{
	bool search = q && !str_empty(q->search);
	struct strbuf sb = STRBUF_INIT;

	strbuf_printf(&sb, "query jobsQuery($pageNumber:Int,$pageSize:Int,$filter:[Predicate]%s)"
			   "{jobs(pageNumber:$pageNumber,pageSize:$pageSize,filter:$filter%s){content{",
		      search ? ",$search:String" : "", search ? ",search:$search" : "");
	strbuf_puts(&sb, JOB_FIELDS);
	if (q && q->details)
		strbuf_puts(&sb, JOB_DETAILS);
	strbuf_puts(&sb, "}");
	strbuf_puts(&sb, DEPLOYMENT_FIELDS);
	if (q && q->executions > 0)
		strbuf_printf(&sb, " executions(pageNumber:1,pageSize:%d,order:{property:\"startTime\",direction:DESC})%s",
			      q->executions, EXECUTION_FIELDS);
	strbuf_puts(&sb, "}}totalItems totalPages}}");

	if (variables) {
		struct pred preds[8];
		size_t n = 0;
		if (q && !str_empty(q->team) && strcmp(q->team, "*") != 0)
			pred_add(preds, &n, "config.team", gql_regex_escape(q->team));
		if (q && !str_empty(q->job_name))
			pred_add(preds, &n, "jobName", xstrdup(q->job_name));
		if (q && !str_empty(q->enabled))
			pred_add(preds, &n, "deployments.enabled", lower_dup(q->enabled));
		if (q && !str_empty(q->last_status))
			/* The server matches this filter against lowercase
			 * REST values only (api-notes §4.3). */
			pred_add(preds, &n, "deployments.lastExecutionStatus", lower_dup(q->last_status));
		const char *sprop = gql_sort_property(q ? q->sort : JOBS_SORT_NAME);
		size_t i;
		for (i = 0; i < n; i++)
			if (strcmp(preds[i].property, sprop) == 0)
				break;
		if (i == n)
			pred_add(preds, &n, sprop, NULL);
		preds[i].sort = q && q->sort_desc ? "DESC" : "ASC";

		struct json_object *vars = json_object_new_object();
		json_object_object_add(vars, "pageNumber", json_object_new_int64(clamp_positive(q ? q->page : 1, 1)));
		json_object_object_add(vars, "pageSize", json_object_new_int64(clamp_positive(q ? q->page_size : 0, 100)));
		struct json_object *filter = json_object_new_array();
		for (i = 0; i < n; i++) {
			struct json_object *p = json_object_new_object();
			json_object_object_add(p, "property", json_object_new_string(preds[i].property));
			if (preds[i].pattern)
				json_object_object_add(p, "pattern", json_object_new_string(preds[i].pattern));
			if (preds[i].sort)
				json_object_object_add(p, "sort", json_object_new_string(preds[i].sort));
			json_object_array_add(filter, p);
			free(preds[i].pattern);
		}
		json_object_object_add(vars, "filter", filter);
		if (search)
			json_object_object_add(vars, "search", json_object_new_string(q->search));
		*variables = xstrdup(json_object_to_json_string_ext(vars, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(vars);
	}
	return strbuf_steal(&sb);
}

/* The schema's DataJobExecutionStatus literals: GraphQL spells enums in
 * upper case, unlike REST (api-notes §3). Index: enum exec_status. */
static const char *const status_literals[EXEC_STATUS_COUNT] = {
	[EXEC_SUBMITTED] = "SUBMITTED",
	[EXEC_RUNNING] = "RUNNING",
	[EXEC_SUCCEEDED] = "SUCCEEDED",
	[EXEC_CANCELLED] = "CANCELLED",
	[EXEC_SKIPPED] = "SKIPPED",
	[EXEC_USER_ERROR] = "USER_ERROR",
	[EXEC_PLATFORM_ERROR] = "PLATFORM_ERROR",
};

static struct json_object *string_array(const char *const *v, size_t n)
{
	struct json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i] ? v[i] : ""));
	return a;
}

char *gql_executions_query(const struct executions_query *q, char **variables)
{
	char *doc = xstrdup(
		"query jobExecutions($pageNumber:Int,$pageSize:Int,$filter:DataJobExecutionFilter,"
		"$order:DataJobExecutionOrder){executions(pageNumber:$pageNumber,pageSize:$pageSize,"
		"filter:$filter,order:$order){content{id type jobName status startTime endTime startedBy "
		"message opId logsUrl deployment{jobVersion jobPythonVersion vdkVersion deployedDate deployedBy}}"
		"totalItems totalPages}}");
	if (!variables)
		return doc;
	struct json_object *vars = json_object_new_object();
	json_object_object_add(vars, "pageNumber", json_object_new_int64(clamp_positive(q ? q->page : 1, 1)));
	json_object_object_add(vars, "pageSize",
			       json_object_new_int64(clamp_positive(q ? q->page_size : 0, EXECUTIONS_PAGE_DEFAULT)));
	/* A list the server would ignore anyway (empty) is left out, so the
	 * request says what the server will do. */
	struct json_object *filter = json_object_new_object();
	if (q && q->n_teams > 0 && q->teams)
		json_object_object_add(filter, "teamNameIn", string_array(q->teams, q->n_teams));
	if (q && q->n_jobs > 0 && q->jobs)
		json_object_object_add(filter, "jobNameIn", string_array(q->jobs, q->n_jobs));
	if (q && q->statuses) {
		struct json_object *st = json_object_new_array();
		for (int i = 0; i < EXEC_STATUS_COUNT; i++)
			if ((q->statuses & EXEC_STATUS_BIT(i)) && status_literals[i])
				json_object_array_add(st, json_object_new_string(status_literals[i]));
		if (json_object_array_length(st) > 0)
			json_object_object_add(filter, "statusIn", st);
		else
			json_object_put(st);
	}
	if (q && q->start_gte > 0) {
		/* RFC 3339 with an offset, as the DateTime scalar requires. */
		struct tm tm;
		char ts[32];
		time_t t = q->start_gte;
		if (gmtime_r(&t, &tm) && strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
			json_object_object_add(filter, "startTimeGte", json_object_new_string(ts));
	}
	json_object_object_add(vars, "filter", filter);
	struct json_object *order = json_object_new_object();
	json_object_object_add(order, "property", json_object_new_string("startTime"));
	json_object_object_add(order, "direction", json_object_new_string("DESC"));
	json_object_object_add(vars, "order", order);
	*variables = xstrdup(json_object_to_json_string_ext(vars, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(vars);
	return doc;
}
