// deps: util gql
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <json.h>
#include <stdlib.h>
#include <string.h>

#include "gql.h"

static struct json_object *vars_of(const struct jobs_query *q, char **doc)
{
	char *vars = NULL;
	*doc = gql_jobs_query(q, &vars);
	assert_non_null(*doc);
	assert_non_null(vars);
	struct json_object *o = json_tokener_parse(vars);
	assert_non_null(o);
	free(vars);
	return o;
}

static struct json_object *member(struct json_object *o, const char *k)
{
	struct json_object *v = NULL;
	assert_true(json_object_object_get_ex(o, k, &v));
	return v;
}

/* Finds the predicate with property p; fails if there are two. */
static struct json_object *pred(struct json_object *vars, const char *p)
{
	struct json_object *f = member(vars, "filter"), *found = NULL;
	assert_true(json_object_is_type(f, json_type_array));
	for (size_t i = 0; i < json_object_array_length(f); i++) {
		struct json_object *e = json_object_array_get_idx(f, i);
		if (strcmp(json_object_get_string(member(e, "property")), p) == 0) {
			assert_null(found);
			found = e;
		}
	}
	return found;
}

static const char *pstr(struct json_object *pr, const char *k)
{
	struct json_object *v = NULL;
	if (!json_object_object_get_ex(pr, k, &v))
		return NULL;
	return json_object_get_string(v);
}

static void assert_compact(const char *doc)
{
	assert_null(strchr(doc, '\n'));
	assert_null(strchr(doc, '\t'));
	assert_null(strstr(doc, "  "));
	assert_null(strstr(doc, " {"));
	assert_null(strstr(doc, "{ "));
	assert_null(strstr(doc, " }"));
	assert_null(strstr(doc, ", "));
	/* Braces balance. */
	int depth = 0;
	for (const char *p = doc; *p; p++) {
		depth += *p == '{' ? 1 : *p == '}' ? -1 : 0;
		assert_true(depth >= 0);
	}
	assert_int_equal(depth, 0);
}

static void test_basic_query(void **state)
{
	(void)state;
	struct jobs_query q = {.team = "starshot", .page = 2, .page_size = 50};
	char *doc;
	struct json_object *v = vars_of(&q, &doc);
	assert_compact(doc);
	assert_non_null(strstr(doc, "jobs(pageNumber:$pageNumber,pageSize:$pageSize,filter:$filter)"));
	assert_non_null(strstr(doc, "content{jobName config{team description schedule{scheduleCron nextRunEpochSeconds}}"));
	assert_non_null(strstr(doc, "deployments{enabled jobVersion jobPythonVersion vdkVersion lastDeployedBy "
				    "lastDeployedDate lastExecutionStatus lastExecutionTime lastExecutionDuration "
				    "successfulExecutions failedExecutions}"));
	assert_non_null(strstr(doc, "}totalItems totalPages}}"));
	assert_null(strstr(doc, "executions("));
	assert_null(strstr(doc, "contacts"));
	assert_null(strstr(doc, "search"));
	assert_true(strlen(doc) < 1000);
	/* Real JSON numbers, 1-based. */
	assert_true(json_object_is_type(member(v, "pageNumber"), json_type_int));
	assert_int_equal(json_object_get_int(member(v, "pageNumber")), 2);
	assert_true(json_object_is_type(member(v, "pageSize"), json_type_int));
	assert_int_equal(json_object_get_int(member(v, "pageSize")), 50);
	struct json_object *t = pred(v, "config.team");
	assert_non_null(t);
	assert_string_equal(pstr(t, "pattern"), "starshot");
	assert_null(pstr(t, "sort"));
	struct json_object *n = pred(v, "jobName");
	assert_non_null(n);
	assert_null(pstr(n, "pattern"));
	assert_string_equal(pstr(n, "sort"), "ASC");
	assert_int_equal(json_object_array_length(member(v, "filter")), 2);
	json_object_put(v);
	free(doc);
}

static void test_details_executions_search(void **state)
{
	(void)state;
	struct jobs_query q = {.team = "*", .details = true, .executions = 7, .search = "sales \"q\"",
			       .page = 0, .page_size = 0, .sort = JOBS_SORT_LAST_RUN, .sort_desc = true};
	char *doc;
	struct json_object *v = vars_of(&q, &doc);
	assert_compact(doc);
	assert_non_null(strstr(doc, "$search:String"));
	assert_non_null(strstr(doc, "search:$search"));
	assert_non_null(strstr(doc, "contacts{notifiedOnJobFailureUserError notifiedOnJobFailurePlatformError "
				    "notifiedOnJobSuccess notifiedOnJobDeploy}sourceUrl generateKeytab}"));
	assert_non_null(strstr(doc, "executions(pageNumber:1,pageSize:7,order:{property:\"startTime\",direction:DESC})"
				    "{id type status startTime endTime startedBy message opId logsUrl}"));
	/* The user's search text only travels in the variables. */
	assert_null(strstr(doc, "sales"));
	assert_string_equal(json_object_get_string(member(v, "search")), "sales \"q\"");
	/* "*" means every team: no team predicate. */
	assert_null(pred(v, "config.team"));
	assert_int_equal(json_object_get_int(member(v, "pageNumber")), 1);
	assert_true(json_object_get_int(member(v, "pageSize")) >= 1);
	struct json_object *s = pred(v, "deployments.lastExecutionTime");
	assert_non_null(s);
	assert_string_equal(pstr(s, "sort"), "DESC");
	assert_int_equal(json_object_array_length(member(v, "filter")), 1);
	json_object_put(v);
	free(doc);
}

static void test_filters_no_duplicates(void **state)
{
	(void)state;
	struct jobs_query q = {.team = "data.eng (eu)", .job_name = "*sales*", .enabled = "ENABLED",
			       .last_status = "USER_ERROR", .sort = JOBS_SORT_TEAM, .page = 1, .page_size = 10};
	char *doc;
	struct json_object *v = vars_of(&q, &doc);
	struct json_object *t = pred(v, "config.team");
	assert_string_equal(pstr(t, "pattern"), "data\\.eng \\(eu\\)");
	/* Sort merged into the existing predicate, not a second one. */
	assert_string_equal(pstr(t, "sort"), "ASC");
	assert_string_equal(pstr(pred(v, "jobName"), "pattern"), "*sales*");
	assert_null(pstr(pred(v, "jobName"), "sort"));
	assert_string_equal(pstr(pred(v, "deployments.enabled"), "pattern"), "enabled");
	assert_string_equal(pstr(pred(v, "deployments.lastExecutionStatus"), "pattern"), "user_error");
	assert_int_equal(json_object_array_length(member(v, "filter")), 4);
	json_object_put(v);
	free(doc);

	/* Sorting by a filtered status column also merges. */
	q.sort = JOBS_SORT_LAST_STATUS;
	q.sort_desc = true;
	q.team = NULL;
	v = vars_of(&q, &doc);
	assert_null(pred(v, "config.team"));
	assert_string_equal(pstr(pred(v, "deployments.lastExecutionStatus"), "sort"), "DESC");
	assert_int_equal(json_object_array_length(member(v, "filter")), 3);
	json_object_put(v);
	free(doc);

	q.sort = JOBS_SORT_NAME;
	v = vars_of(&q, &doc);
	assert_string_equal(pstr(pred(v, "jobName"), "sort"), "DESC");
	assert_string_equal(pstr(pred(v, "jobName"), "pattern"), "*sales*");
	json_object_put(v);
	free(doc);
}

static void test_team_unicode_and_escape(void **state)
{
	(void)state;
	char *e = gql_regex_escape("a.b*c+d?e^f$g|h\\i[j]k{l}m(n)o%p");
	assert_string_equal(e, "a\\.b\\*c\\+d\\?e\\^f\\$g\\|h\\\\i\\[j\\]k\\{l\\}m\\(n\\)o%p");
	free(e);
	e = gql_regex_escape(NULL);
	assert_string_equal(e, "");
	free(e);
	struct jobs_query q = {.team = "équipe/données", .page = 1, .page_size = 5};
	char *doc;
	struct json_object *v = vars_of(&q, &doc);
	assert_string_equal(pstr(pred(v, "config.team"), "pattern"), "équipe/données");
	json_object_put(v);
	free(doc);
}

static void test_sort_properties(void **state)
{
	(void)state;
	assert_string_equal(gql_sort_property(JOBS_SORT_NAME), "jobName");
	assert_string_equal(gql_sort_property(JOBS_SORT_TEAM), "config.team");
	assert_string_equal(gql_sort_property(JOBS_SORT_STATE), "deployments.enabled");
	assert_string_equal(gql_sort_property(JOBS_SORT_LAST_STATUS), "deployments.lastExecutionStatus");
	assert_string_equal(gql_sort_property(JOBS_SORT_LAST_RUN), "deployments.lastExecutionTime");
	assert_string_equal(gql_sort_property(JOBS_SORT_DURATION), "deployments.lastExecutionDuration");
	assert_string_equal(gql_sort_property(JOBS_SORT_NEXT_RUN), "config.schedule.nextRunEpochSeconds");
	assert_string_equal(gql_sort_property(JOBS_SORT_PYTHON), "deployments.jobPythonVersion");
	assert_string_equal(gql_sort_property((enum jobs_sort)42), "jobName");
	/* Every sort produces exactly one sort predicate. */
	for (int s = 0; s < JOBS_SORT_COUNT; s++) {
		struct jobs_query q = {.team = "t", .sort = (enum jobs_sort)s, .page = 1, .page_size = 1};
		char *doc;
		struct json_object *v = vars_of(&q, &doc);
		struct json_object *f = member(v, "filter");
		int sorts = 0;
		for (size_t i = 0; i < json_object_array_length(f); i++)
			sorts += pstr(json_object_array_get_idx(f, i), "sort") != NULL;
		assert_int_equal(sorts, 1);
		json_object_put(v);
		free(doc);
	}
}

static struct json_object *exec_vars(const struct executions_query *q, char **doc)
{
	char *vars = NULL;
	*doc = gql_executions_query(q, &vars);
	assert_non_null(*doc);
	assert_non_null(vars);
	struct json_object *o = json_tokener_parse(vars);
	assert_non_null(o);
	free(vars);
	return o;
}

static bool has(struct json_object *o, const char *k)
{
	return json_object_object_get_ex(o, k, NULL);
}

static void test_executions_query(void **state)
{
	(void)state;
	/* One job's newest executions (the job view). */
	const char *one[] = {"my-job"};
	char *doc;
	struct json_object *v = exec_vars(&(struct executions_query){.jobs = one, .n_jobs = 1, .page = 3, .page_size = 25}, &doc);
	assert_compact(doc);
	assert_non_null(strstr(doc, "executions(pageNumber:$pageNumber,pageSize:$pageSize,filter:$filter,order:$order)"));
	assert_non_null(strstr(doc, "totalItems totalPages"));
	assert_int_equal(json_object_get_int(member(v, "pageNumber")), 3);
	assert_true(json_object_is_type(member(v, "pageSize"), json_type_int));
	assert_int_equal(json_object_get_int(member(v, "pageSize")), 25);
	struct json_object *f = member(v, "filter");
	struct json_object *names = member(f, "jobNameIn");
	assert_int_equal(json_object_array_length(names), 1);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(names, 0)), "my-job");
	assert_false(has(f, "teamNameIn"));
	assert_false(has(f, "statusIn"));
	assert_false(has(f, "startTimeGte"));
	assert_string_equal(json_object_get_string(member(member(v, "order"), "direction")), "DESC");
	assert_string_equal(json_object_get_string(member(member(v, "order"), "property")), "startTime");
	json_object_put(v);
	free(doc);

	/* What runs now in two teams: enum literals, exact team names (a
	 * regex character is not escaped: teamNameIn is an exact list). */
	const char *teams[] = {"starshot", "a.b"};
	struct executions_query q = {.teams = teams, .n_teams = 2,
				     .statuses = EXEC_STATUS_BIT(EXEC_RUNNING) | EXEC_STATUS_BIT(EXEC_SUBMITTED),
				     .start_gte = 1700049600};
	v = exec_vars(&q, &doc);
	f = member(v, "filter");
	struct json_object *t = member(f, "teamNameIn");
	assert_int_equal(json_object_array_length(t), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(t, 1)), "a.b");
	struct json_object *st = member(f, "statusIn");
	assert_int_equal(json_object_array_length(st), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(st, 0)), "SUBMITTED");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(st, 1)), "RUNNING");
	assert_string_equal(json_object_get_string(member(f, "startTimeGte")), "2023-11-15T12:00:00Z");
	assert_false(has(f, "jobNameIn"));
	/* Paging is always sent, both arguments together (the server refuses
	 * one without the other), with defaults for nonsense. */
	assert_int_equal(json_object_get_int(member(v, "pageNumber")), 1);
	assert_int_equal(json_object_get_int(member(v, "pageSize")), EXECUTIONS_PAGE_DEFAULT);
	json_object_put(v);
	free(doc);

	/* Failures across every team: no team list at all; every literal. */
	q = (struct executions_query){.statuses = EXEC_STATUS_BIT(EXEC_USER_ERROR) | EXEC_STATUS_BIT(EXEC_PLATFORM_ERROR),
				      .page = -4, .page_size = 0};
	v = exec_vars(&q, &doc);
	f = member(v, "filter");
	assert_false(has(f, "teamNameIn"));
	st = member(f, "statusIn");
	assert_int_equal(json_object_array_length(st), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(st, 0)), "USER_ERROR");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(st, 1)), "PLATFORM_ERROR");
	assert_int_equal(json_object_get_int(member(v, "pageNumber")), 1);
	json_object_put(v);
	free(doc);
	const char *all_lit[] = {"SUBMITTED", "RUNNING", "SUCCEEDED", "CANCELLED", "SKIPPED", "USER_ERROR", "PLATFORM_ERROR"};
	q = (struct executions_query){.statuses = ~0u};
	v = exec_vars(&q, &doc);
	st = member(member(v, "filter"), "statusIn");
	assert_int_equal(json_object_array_length(st), 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(json_object_get_string(json_object_array_get_idx(st, i)), all_lit[i]);
	json_object_put(v);
	free(doc);
	/* Only the unknown status: no statusIn (an empty list would be the
	 * same to the server: every status). Empty lists are left out too. */
	q = (struct executions_query){.statuses = EXEC_STATUS_BIT(EXEC_UNKNOWN), .teams = teams, .n_teams = 0};
	v = exec_vars(&q, &doc);
	f = member(v, "filter");
	assert_false(has(f, "statusIn"));
	assert_false(has(f, "teamNameIn"));
	json_object_put(v);
	free(doc);
	/* Hostile names travel as JSON strings in the variables, never in
	 * the document. */
	const char *evil[] = {"x\"}){jobs{content{jobName}}}#"};
	v = exec_vars(&(struct executions_query){.jobs = evil, .n_jobs = 1}, &doc);
	assert_null(strstr(doc, "jobs{"));
	assert_string_equal(json_object_get_string(json_object_array_get_idx(member(member(v, "filter"), "jobNameIn"), 0)), evil[0]);
	json_object_put(v);
	free(doc);
	/* NULL query: defaults; no variables wanted. */
	v = exec_vars(NULL, &doc);
	assert_int_equal(json_object_object_length(member(v, "filter")), 0);
	json_object_put(v);
	free(doc);
	doc = gql_executions_query(NULL, NULL);
	assert_non_null(doc);
	free(doc);
	doc = gql_jobs_query(&(struct jobs_query){.page = 1}, NULL);
	assert_non_null(doc);
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_query),
		cmocka_unit_test(test_details_executions_search),
		cmocka_unit_test(test_filters_no_duplicates),
		cmocka_unit_test(test_team_unicode_and_escape),
		cmocka_unit_test(test_sort_properties),
		cmocka_unit_test(test_executions_query),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
