// deps: ui/create_form ui/form ui/lineedit ui/textfit cron jobname worker_api api api_error api_parse jdoc logstream logscan logtext logline gql http http_fail http_msg transport auth auth_exchange trace propmap jsonarg jsonread timefmt sanitize safefile model util
/* The create action's form without the app or a terminal: what the user
 * types in, the checks and the request out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "ui/create_form.h"
#include "util.h"
#include "worker.h"

/* 2024-05-06 08:00 UTC, a Monday */
#define NOW 1714982400

static void set(struct form *f, const char *key, const char *text)
{
	form_set_text(f, key, text);
	form_get(f, key)->touched = true;
	create_form_check(f, NOW);
}

static const char *error_of(struct form *f, const char *key)
{
	return form_get(f, key)->error;
}

static void test_request_out(void **state)
{
	struct form *f = create_form_new("starshot", false);
	assert_string_equal(form_text(f, "team"), "starshot");
	assert_null(form_get(f, "confirm"));
	set(f, "name", "ingest-daily");
	set(f, "description", "Daily ingest");
	set(f, "schedule", "0 3 * * *");
	set(f, "notified_on_job_failure_user_error", " a@x.com, b@y.org ,, ");
	set(f, "notified_on_job_success", "ops@x.com");
	assert_null(form_first_invalid(f));
	struct wreq *req = create_form_request(f);
	assert_int_equal(req->kind, WREQ_JOB_CREATE);
	assert_string_equal(req->team, "starshot");
	const struct job *j = req->job_body;
	assert_non_null(j);
	assert_string_equal(j->name, "ingest-daily");
	assert_string_equal(j->team, "starshot");
	assert_string_equal(j->description, "Daily ingest");
	assert_string_equal(j->schedule_cron, "0 3 * * *");
	assert_int_equal(j->contacts.on_user_error.n, 2);
	assert_string_equal(j->contacts.on_user_error.v[0], "a@x.com");
	assert_string_equal(j->contacts.on_user_error.v[1], "b@y.org");
	assert_int_equal(j->contacts.on_platform_error.n, 0);
	assert_int_equal(j->contacts.on_success.n, 1);
	assert_string_equal(j->contacts.on_success.v[0], "ops@x.com");
	assert_int_equal(j->generate_keytab, 1);
	wreq_free(req);
	/* The keytab is generated but not saved unless asked. */
	assert_null(create_form_keytab_path(f));
	form_free(f);
}

/* A bad name, a schedule the parser refuses and a bad address each block
 * submitting, with the reason next to the field. */
static void test_checks(void **state)
{
	struct form *f = create_form_new("starshot", false);
	set(f, "name", "Ingest_Daily");
	assert_non_null(error_of(f, "name"));
	set(f, "name", "ingest-daily");
	assert_null(error_of(f, "name"));
	set(f, "schedule", "61 * * * *");
	assert_non_null(error_of(f, "schedule"));
	assert_ptr_equal(form_first_invalid(f), form_get(f, "schedule"));
	set(f, "schedule", "0 3 * * *");
	assert_null(error_of(f, "schedule"));
	/* The next runs, from now. */
	assert_non_null(strstr(form_get(f, "schedule")->hint, "next: Tue 2024-05-07 03:00 UTC"));
	set(f, "notified_on_job_deploy", "ops@x.com, not-an-address");
	assert_non_null(error_of(f, "notified_on_job_deploy"));
	set(f, "notified_on_job_deploy", "");
	set(f, "team", "");
	assert_non_null(error_of(f, "team"));
	set(f, "team", "starshot");
	assert_null(form_first_invalid(f));
	form_free(f);
}

static void test_keytab_file(void **state)
{
	struct form *f = create_form_new("starshot", false);
	set(f, "name", "ingest-daily");
	form_set_check(f, "save_keytab", true);
	create_form_check(f, NOW);
	assert_false(form_get(f, "keytab_path")->hidden);
	assert_non_null(error_of(f, "keytab_path"));
	set(f, "keytab_path", "/tmp/ingest.keytab");
	assert_null(form_first_invalid(f));
	assert_string_equal(create_form_keytab_path(f), "/tmp/ingest.keytab");
	/* No keytab generated: none to save, and the form says so. */
	form_set_check(f, "keytab", false);
	create_form_check(f, NOW);
	assert_non_null(error_of(f, "save_keytab"));
	assert_null(create_form_keytab_path(f));
	form_free(f);
}

/* A context that wants names typed: the name again, or no submit. */
static void test_typed(void **state)
{
	struct form *f = create_form_new("starshot", true);
	assert_non_null(form_get(f, "confirm"));
	set(f, "name", "ingest-daily");
	assert_ptr_equal(form_first_invalid(f), form_get(f, "confirm"));
	set(f, "confirm", "ingest-dail");
	assert_non_null(error_of(f, "confirm"));
	set(f, "confirm", "ingest-daily");
	assert_null(form_first_invalid(f));
	form_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_out),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_keytab_file),
		cmocka_unit_test(test_typed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
