// deps: util model
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static void test_status_parse(void **state)
{
	(void)state;
	assert_int_equal(exec_status_parse("user_error"), EXEC_USER_ERROR);
	assert_int_equal(exec_status_parse("USER_ERROR"), EXEC_USER_ERROR);
	assert_int_equal(exec_status_parse("PLATFORM_ERROR"), EXEC_PLATFORM_ERROR);
	assert_int_equal(exec_status_parse("succeeded"), EXEC_SUCCEEDED);
	assert_int_equal(exec_status_parse("SUBMITTED"), EXEC_SUBMITTED);
	assert_int_equal(exec_status_parse("running"), EXEC_RUNNING);
	assert_int_equal(exec_status_parse("cancelled"), EXEC_CANCELLED);
	assert_int_equal(exec_status_parse("skipped"), EXEC_SKIPPED);
	assert_int_equal(exec_status_parse("finished"), EXEC_SUCCEEDED);
	assert_int_equal(exec_status_parse("failed"), EXEC_PLATFORM_ERROR);
	assert_int_equal(exec_status_parse("exploded"), EXEC_UNKNOWN);
	assert_int_equal(exec_status_parse(""), EXEC_UNKNOWN);
	assert_int_equal(exec_status_parse("unknown"), EXEC_UNKNOWN);
	assert_int_equal(exec_status_parse(NULL), EXEC_UNKNOWN);
	for (int i = 0; i < EXEC_STATUS_COUNT; i++)
		assert_int_equal(exec_status_parse(exec_status_name((enum exec_status)i)), i);
	assert_string_equal(exec_status_name(EXEC_USER_ERROR), "user_error");
	assert_string_equal(exec_status_name(EXEC_UNKNOWN), "unknown");
	assert_string_equal(exec_status_name((enum exec_status)99), "unknown");
	assert_true(exec_status_is_active(EXEC_RUNNING));
	assert_true(exec_status_is_active(EXEC_SUBMITTED));
	assert_false(exec_status_is_active(EXEC_SUCCEEDED));
	assert_true(exec_status_is_failure(EXEC_USER_ERROR));
	assert_true(exec_status_is_failure(EXEC_PLATFORM_ERROR));
	assert_false(exec_status_is_failure(EXEC_CANCELLED));
	assert_false(exec_status_is_failure(EXEC_UNKNOWN));
}

static void test_type_parse(void **state)
{
	(void)state;
	assert_int_equal(exec_type_parse("manual"), EXEC_TYPE_MANUAL);
	assert_int_equal(exec_type_parse("SCHEDULED"), EXEC_TYPE_SCHEDULED);
	assert_int_equal(exec_type_parse("cron"), EXEC_TYPE_UNKNOWN);
	assert_int_equal(exec_type_parse(NULL), EXEC_TYPE_UNKNOWN);
	assert_string_equal(exec_type_name(EXEC_TYPE_SCHEDULED), "scheduled");
	assert_string_equal(exec_type_name(EXEC_TYPE_UNKNOWN), "unknown");
}

static void test_init_defaults(void **state)
{
	(void)state;
	struct deployment d;
	deployment_init(&d);
	assert_int_equal(d.enabled, -1);
	assert_false(d.resources.present);
	assert_int_equal(d.resources.memory_limit, -1);
	assert_int_equal(d.successful_executions, -1);
	assert_int_equal(d.last_status, EXEC_UNKNOWN);
	assert_null(d.job_version);
	struct job j;
	job_init(&j);
	assert_int_equal(j.generate_keytab, -1);
	assert_int_equal(j.notification_delay_minutes, -1);
	assert_null(j.deployment);
	job_clear(&j);
}

static struct job make_job(void)
{
	struct job j;
	job_init(&j);
	j.name = strdup("nightly-sales");
	j.team = strdup("starshot");
	j.description = strdup("desc");
	j.schedule_cron = strdup("0 3 * * *");
	strlist_push(&j.contacts.on_user_error, "a@example.com");
	strlist_push(&j.contacts.on_deploy, "b@example.com");
	j.deployment = xcalloc(1, sizeof(*j.deployment));
	deployment_init(j.deployment);
	j.deployment->job_version = strdup("abc123");
	j.deployment->successful_executions = 3;
	j.deployment->failed_executions = 1;
	j.n_executions = 2;
	j.executions = xcalloc(2, sizeof(struct execution));
	for (int i = 0; i < 2; i++) {
		execution_init(&j.executions[i]);
		j.executions[i].id = xasprintf("nightly-sales-%d", i);
		j.executions[i].deployment = deployment_dup(j.deployment);
	}
	return j;
}

static void test_job_copy_is_deep(void **state)
{
	(void)state;
	struct job a = make_job(), b;
	job_copy(&b, &a);
	assert_ptr_not_equal(a.name, b.name);
	assert_string_equal(b.name, "nightly-sales");
	assert_ptr_not_equal(a.deployment, b.deployment);
	assert_string_equal(b.deployment->job_version, "abc123");
	assert_int_equal(b.n_executions, 2);
	assert_ptr_not_equal(a.executions, b.executions);
	assert_string_equal(b.executions[1].id, "nightly-sales-1");
	assert_ptr_not_equal(a.executions[1].deployment, b.executions[1].deployment);
	assert_int_equal(b.contacts.on_user_error.n, 1);
	assert_ptr_not_equal(a.contacts.on_user_error.v[0], b.contacts.on_user_error.v[0]);
	job_clear(&a);
	/* b survives a's destruction (ASan would flag a shared pointer). */
	assert_string_equal(b.contacts.on_deploy.v[0], "b@example.com");
	assert_string_equal(b.executions[0].deployment->job_version, "abc123");
	job_clear(&b);
	assert_null(b.name);
}

static void test_execution_dup_and_lists(void **state)
{
	(void)state;
	struct execution e;
	execution_init(&e);
	e.id = strdup("x-1");
	e.message = strdup("User error");
	e.deployment = xcalloc(1, sizeof(*e.deployment));
	deployment_init(e.deployment);
	e.deployment->schedule_cron = strdup("* * * * *");
	struct execution *d = execution_dup(&e);
	execution_clear(&e);
	assert_string_equal(d->message, "User error");
	assert_string_equal(d->deployment->schedule_cron, "* * * * *");
	struct execution_list *l = xcalloc(1, sizeof(*l));
	l->v = d;
	l->n = 1;
	execution_list_free(l);
	execution_list_free(NULL);
	job_page_free(NULL);
	api_info_free(NULL);
	deployment_free(NULL);
	assert_null(execution_dup(NULL));
	assert_null(deployment_dup(NULL));

	struct job_page *p = xcalloc(1, sizeof(*p));
	p->n = 1;
	p->jobs = xcalloc(1, sizeof(struct job));
	p->jobs[0] = make_job();
	job_page_free(p);

	struct api_info *i = xcalloc(1, sizeof(*i));
	i->api_version = strdup("v");
	strlist_push(&i->python_versions, "3.9");
	api_info_free(i);
}

static void test_sort_newest_first(void **state)
{
	(void)state;
	struct execution v[5];
	const time_t starts[] = {100, 0, 300, 200, 300};
	const char *ids[] = {"j-100", "j-unknown", "j-300a", "j-200", "j-300b"};
	for (int i = 0; i < 5; i++) {
		execution_init(&v[i]);
		v[i].start_time = starts[i];
		v[i].id = (char *)ids[i];
	}
	executions_sort_newest_first(v, 5);
	assert_string_equal(v[0].id, "j-300b");
	assert_string_equal(v[1].id, "j-300a");
	assert_string_equal(v[2].id, "j-200");
	assert_string_equal(v[3].id, "j-100");
	assert_string_equal(v[4].id, "j-unknown");
	executions_sort_newest_first(NULL, 0);
	executions_sort_newest_first(v, 1);
}

static void test_success_rate(void **state)
{
	(void)state;
	struct deployment d;
	deployment_init(&d);
	assert_int_equal(deployment_success_rate(&d), -1);
	assert_int_equal(deployment_success_rate(NULL), -1);
	d.successful_executions = 0;
	d.failed_executions = 0;
	assert_int_equal(deployment_success_rate(&d), -1);
	d.successful_executions = 3;
	d.failed_executions = 1;
	assert_int_equal(deployment_success_rate(&d), 75);
	d.successful_executions = 999;
	d.failed_executions = 1;
	assert_int_equal(deployment_success_rate(&d), 99);
	d.successful_executions = 0;
	d.failed_executions = 5;
	assert_int_equal(deployment_success_rate(&d), 0);
	d.successful_executions = INT64_MAX;
	d.failed_executions = INT64_MAX;
	assert_int_equal(deployment_success_rate(&d), 50);
	d.successful_executions = 5;
	d.failed_executions = -1;
	assert_int_equal(deployment_success_rate(&d), -1);
}

/* One duration for every view: ended, running (live, never negative),
 * finished without an end, end before start, no start. */
static void test_execution_duration(void **state)
{
	(void)state;
	struct execution e;
	execution_init(&e);
	assert_int_equal(execution_duration(&e, 1000), -1);
	assert_int_equal(execution_duration(NULL, 1000), -1);
	e.start_time = 100;
	e.end_time = 160;
	e.status = EXEC_SUCCEEDED;
	assert_int_equal(execution_duration(&e, 1000), 60);
	e.end_time = 90;
	assert_int_equal(execution_duration(&e, 1000), -1);
	e.end_time = 0;
	assert_int_equal(execution_duration(&e, 1000), -1);
	e.status = EXEC_RUNNING;
	assert_int_equal(execution_duration(&e, 1000), 900);
	/* a clock behind the server's start: 0, not a negative time */
	assert_int_equal(execution_duration(&e, 50), 0);
	e.status = EXEC_SUBMITTED;
	assert_int_equal(execution_duration(&e, 130), 30);
	execution_clear(&e);
}

/* Array sizes from outside never wrap. */
static void test_size_mul(void **state)
{
	(void)state;
	size_t out = 7;
	assert_true(size_mul(3, 8, &out) && out == 24);
	assert_true(size_mul(0, 8, &out) && out == 0);
	assert_false(size_mul(((size_t)1 << 61) + 1, 8, &out));
	assert_false(size_mul((size_t)-1, 2, &out));
	void *p = xreallocarray(NULL, 0, 8);
	assert_non_null(p);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_mul),
		cmocka_unit_test(test_status_parse),
		cmocka_unit_test(test_type_parse),
		cmocka_unit_test(test_init_defaults),
		cmocka_unit_test(test_job_copy_is_deep),
		cmocka_unit_test(test_execution_dup_and_lists),
		cmocka_unit_test(test_sort_newest_first),
		cmocka_unit_test(test_success_rate),
		cmocka_unit_test(test_execution_duration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
