// deps: ui/form ui/dialog ui/lineedit ui/textfit sanitize deploy jobdir jobdir_ini jobname cron model util
/* The form and dialog models (navigation, validation gating, the discard
 * question, confirmations) and the deploy helpers, without a terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "deploy.h"
#include "ui/dialog.h"
#include "ui/form.h"

#define ESC 0x1b

static void type(struct form *f, const char *s)
{
	for (; *s; s++)
		form_key(f, (unsigned char)*s, true);
}

static void need_name(struct form *f, void *ud)
{
	struct form_field *fld = form_get(f, "name");
	form_field_set(fld, strlen(form_text(f, "name")) < 3 ? "too short" : NULL, NULL, NULL);
	(*(int *)ud)++;
}

static struct form *sample(int *calls)
{
	struct form *f = form_new("t");
	f->validate = need_name;
	f->ud = calls;
	form_add(f, FF_INFO, "info", "Info", 0);
	form_add(f, FF_TEXT, "name", "Name", 0);
	form_add(f, FF_CHECK, "check", "Check", 0);
	form_add(f, FF_CHOICE, "choice", "Choice", 0);
	form_add(f, FF_TEXT, "hidden", "Hidden", 0);
	form_get(f, "hidden")->hidden = true;
	struct strlist c = {0};
	strlist_push(&c, "a");
	strlist_push(&c, "b");
	strlist_push(&c, "c");
	form_set_choices(f, "choice", &c, "b");
	strlist_clear(&c);
	form_validate(f);
	return f;
}

static void test_navigation(void **state)
{
	int calls = 0;
	struct form *f = sample(&calls);
	/* Info lines are never focused. */
	assert_string_equal(form_focused(f)->key, "name");
	assert_int_equal(form_key(f, '\t', true), FORM_CHANGED);
	assert_string_equal(form_focused(f)->key, "check");
	assert_int_equal(form_key(f, KEY_DOWN, false), FORM_CHANGED);
	assert_string_equal(form_focused(f)->key, "choice");
	/* Hidden fields are skipped; the last one stays. */
	assert_int_equal(form_key(f, KEY_DOWN, false), FORM_NONE);
	assert_string_equal(form_focused(f)->key, "choice");
	assert_int_equal(form_key(f, KEY_BTAB, false), FORM_CHANGED);
	assert_string_equal(form_focused(f)->key, "check");
	form_key(f, KEY_UP, false);
	assert_string_equal(form_focused(f)->key, "name");
	assert_int_equal(form_key(f, KEY_UP, false), FORM_NONE);
	form_free(f);
}

static void test_fields(void **state)
{
	int calls = 0;
	struct form *f = sample(&calls);
	form_focus(f, "check");
	assert_false(form_checked(f, "check"));
	form_key(f, ' ', true);
	assert_true(form_checked(f, "check"));
	form_focus(f, "choice");
	assert_string_equal(form_choice(f, "choice"), "b");
	form_key(f, KEY_RIGHT, false);
	assert_string_equal(form_choice(f, "choice"), "c");
	form_key(f, KEY_RIGHT, false);
	assert_string_equal(form_choice(f, "choice"), "a");
	form_key(f, KEY_LEFT, false);
	assert_string_equal(form_choice(f, "choice"), "c");
	/* Typing edits the focused text field and re-validates. */
	form_focus(f, "name");
	int before = calls;
	type(f, "abcd");
	assert_string_equal(form_text(f, "name"), "abcd");
	assert_true(calls > before);
	form_key(f, KEY_BACKSPACE, false);
	form_key(f, 0x17, true); /* C-w */
	assert_string_equal(form_text(f, "name"), "");
	form_free(f);
}

static void test_submit_gated(void **state)
{
	int calls = 0;
	struct form *f = sample(&calls);
	form_focus(f, "choice");
	/* Invalid: Enter moves to the field with the reason, nothing submits. */
	assert_int_equal(form_key(f, '\n', true), FORM_CHANGED);
	assert_string_equal(form_focused(f)->key, "name");
	assert_non_null(form_first_invalid(f));
	assert_true(form_get(f, "name")->touched); /* the reason shows */
	type(f, "okay");
	assert_null(form_first_invalid(f));
	form_focus(f, "check");
	assert_int_equal(form_key(f, '\n', true), FORM_SUBMIT);
	/* While busy only Esc does something. */
	form_set_busy(f, "sending");
	assert_int_equal(form_key(f, 'x', true), FORM_NONE);
	assert_int_equal(form_key(f, ESC, true), FORM_CANCEL);
	form_free(f);
}

static void test_discard(void **state)
{
	int calls = 0;
	struct form *f = sample(&calls);
	/* Untouched: Esc cancels at once; preset values do not count. */
	form_set_text(f, "name", "preset");
	assert_false(form_modified(f));
	assert_int_equal(form_key(f, ESC, true), FORM_CANCEL);
	type(f, "x");
	assert_true(form_modified(f));
	assert_int_equal(form_key(f, ESC, true), FORM_CHANGED);
	assert_true(f->asking_discard);
	/* Anything but y keeps the form and its text. */
	assert_int_equal(form_key(f, 'n', true), FORM_CHANGED);
	assert_false(f->asking_discard);
	assert_string_equal(form_text(f, "name"), "presetx");
	form_key(f, ESC, true);
	assert_int_equal(form_key(f, '\n', true), FORM_CHANGED);
	assert_string_equal(form_text(f, "name"), "presetx");
	form_key(f, ESC, true);
	assert_int_equal(form_key(f, 'y', true), FORM_CANCEL);
	form_free(f);
}

static void test_lists(void **state)
{
	struct strlist l = {0};
	form_split_list(" a@x.com, b@y.org ;;c@z.net ,", &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0], "a@x.com");
	assert_string_equal(l.v[2], "c@z.net");
	strlist_clear(&l);
	char *why = form_check_emails("a@x.com, nobody");
	assert_non_null(why);
	assert_non_null(strstr(why, "nobody"));
	free(why);
	why = form_check_emails("a@x.com b@y.com");
	assert_non_null(strstr(why, "space"));
	free(why);
	assert_null(form_check_emails(""));
	assert_null(form_check_emails("a@x.com,b@y.com"));
}

static void test_confirm(void **state)
{
	struct dialog *d = dialog_new(DLG_CONFIRM, "t");
	/* Default No: Enter, n and Esc cancel; y confirms. */
	assert_int_equal(dialog_key(d, '\n', true), DLG_CANCELLED);
	assert_int_equal(dialog_key(d, 'n', true), DLG_CANCELLED);
	assert_int_equal(dialog_key(d, ESC, true), DLG_CANCELLED);
	assert_int_equal(dialog_key(d, 'q', true), DLG_NONE);
	assert_int_equal(dialog_key(d, 'y', true), DLG_CONFIRMED);
	/* With an input line: Tab edits it, y inside is text, an error blocks. */
	dialog_input(d, "arguments", "");
	assert_int_equal(dialog_key(d, '\t', true), DLG_CHANGED);
	assert_int_equal(dialog_key(d, 'y', true), DLG_INPUT);
	assert_string_equal(lineedit_text(&d->input), "y");
	d->input_error = xstrdup("bad");
	assert_int_equal(dialog_key(d, '\n', true), DLG_CHANGED);
	assert_false(d->input_focus);
	assert_int_equal(dialog_key(d, 'y', true), DLG_CHANGED);
	assert_non_null(d->note);
	free(d->input_error);
	d->input_error = NULL;
	assert_int_equal(dialog_key(d, 'y', true), DLG_CONFIRMED);
	dialog_free(d);
}

static void test_typed(void **state)
{
	struct dialog *d = dialog_new(DLG_TYPED, "t");
	dialog_expect(d, "my-job-name");
	for (const char *s = "my-job"; *s; s++)
		dialog_key(d, (unsigned char)*s, true);
	/* A wrong name does nothing but say so. */
	assert_int_equal(dialog_key(d, '\n', true), DLG_CHANGED);
	assert_true(d->note_error);
	assert_non_null(strstr(d->note, "my-job-name"));
	/* y is just a letter here. */
	assert_int_equal(dialog_key(d, 'y', true), DLG_CHANGED);
	dialog_key(d, KEY_BACKSPACE, false);
	for (const char *s = "-name"; *s; s++)
		dialog_key(d, (unsigned char)*s, true);
	assert_int_equal(dialog_key(d, '\n', true), DLG_CONFIRMED);
	assert_int_equal(dialog_key(d, ESC, true), DLG_CANCELLED);
	dialog_free(d);
}

static void test_progress(void **state)
{
	struct dialog *d = dialog_new(DLG_PROGRESS, "t");
	size_t a = dialog_step_add(d, "one");
	dialog_step_set(d, a, STEP_RUNNING, 0.5, "half");
	assert_string_equal(d->steps[a].detail, "half");
	assert_int_equal(dialog_key(d, '\n', true), DLG_NONE);
	assert_int_equal(dialog_key(d, ESC, true), DLG_CANCELLED);
	d->finished = true;
	assert_int_equal(dialog_key(d, '\n', true), DLG_CLOSE);
	dialog_free(d);
	char *s = dialog_size_text(2048);
	assert_string_equal(s, "2.0 KiB");
	free(s);
}

static void test_deploy_helpers(void **state)
{
	struct deployment d;
	deployment_init(&d);
	d.job_version = xstrdup("1a2b3c4d5e");
	d.python_version = xstrdup("3.9");
	assert_true(deploy_is_live(&d, "1a2b3c4d5e", NULL));
	assert_true(deploy_is_live(&d, "1a2b3c4d5e", "3.9"));
	assert_false(deploy_is_live(&d, "1a2b3c4d5e", "3.11"));
	assert_false(deploy_is_live(&d, "ffff", NULL));
	assert_false(deploy_is_live(NULL, "ffff", NULL));
	char *s = deploy_short_version(d.job_version);
	assert_string_equal(s, "1a2b3c4");
	free(s);
	char *t = deploy_timeout_text("team", "job", "1a2b3c4d5e", 600, &d);
	assert_non_null(strstr(t, "10 min"));
	assert_non_null(strstr(t, "vdk deploy --show -n job -t team"));
	free(t);
	deployment_clear(&d);

	const char ini[] = "[owner]\nteam = t\n[job]\nschedule_cron = 5 4 * * *\ndescription = new\n"
			   "[contacts]\nnotified_on_job_deploy = a@x.com; b@y.com\n";
	struct jobdir_config cfg;
	char *err = NULL;
	assert_int_equal(jobdir_parse_config_ini(ini, sizeof ini - 1, &cfg, &err), 0);
	struct job j;
	job_init(&j);
	j.name = xstrdup("job");
	j.description = xstrdup("old");
	strlist_push(&j.contacts.on_success, "stale@x.com");
	assert_true(deploy_apply_config(&j, &cfg));
	assert_string_equal(j.schedule_cron, "5 4 * * *");
	assert_string_equal(j.description, "old"); /* never from config.ini */
	assert_int_equal(j.contacts.on_deploy.n, 2);
	assert_int_equal(j.contacts.on_success.n, 0); /* config.ini is the truth */
	assert_int_equal(j.notification_delay_minutes, 240);
	/* applied once, the same config changes nothing: no PUT */
	assert_false(deploy_apply_config(&j, &cfg));
	/* each setting alone is a change */
	free(j.schedule_cron);
	j.schedule_cron = xstrdup("5 4 * * 1");
	assert_true(deploy_apply_config(&j, &cfg));
	assert_false(deploy_apply_config(&j, &cfg));
	strlist_push(&j.contacts.on_user_error, "x@y");
	assert_true(deploy_apply_config(&j, &cfg));
	j.notification_delay_minutes = 5;
	assert_true(deploy_apply_config(&j, &cfg));
	j.enable_execution_notifications = -1;
	assert_true(deploy_apply_config(&j, &cfg));
	assert_false(deploy_apply_config(&j, &cfg));
	job_clear(&j);
	/* no schedule on either side: null and "" are the same */
	const char ini2[] = "[owner]\nteam = t\n";
	jobdir_config_free(&cfg);
	assert_int_equal(jobdir_parse_config_ini(ini2, sizeof ini2 - 1, &cfg, &err), 0);
	job_init(&j);
	j.enable_execution_notifications = cfg.enable_execution_notifications;
	j.notification_delay_minutes = cfg.notification_delay_period_minutes;
	assert_false(deploy_apply_config(&j, &cfg));
	job_clear(&j);
	jobdir_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_navigation),   cmocka_unit_test(test_fields),
		cmocka_unit_test(test_submit_gated), cmocka_unit_test(test_discard),
		cmocka_unit_test(test_lists),        cmocka_unit_test(test_confirm),
		cmocka_unit_test(test_typed),        cmocka_unit_test(test_progress),
		cmocka_unit_test(test_deploy_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
