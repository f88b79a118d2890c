// deps: ui/app ui/app_input ui/app_services ui/view ui/chrome ui/cmdline conn ui/keys ui/screen ui/theme ui/lineedit ui/textfit worker worker_api http http_fail http_msg auth auth_exchange transport api api_error api_parse jdoc logstream logscan logtext logline gql jsonread model timefmt trace sanitize sanitize_out safefile propmap jsonarg config config_paths vdkcli util
/* The app core without a terminal: an action no view takes goes to the
 * handler the composition root registered for it, never to a view the
 * core would name itself, whether it came from a key or the command line;
 * unregistered, the app says it is not available;
 * the view on top gets it first; writes are refused when read-only before
 * any handler runs; the action log redraws whatever view shows it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ui/app_priv.h"
#include "app_fixture.h"

/* ---- a trivial view: records what reaches it, takes only ACT_REFRESH
 * (or everything, when told to) ---- */

struct probe {
	int actions;
	enum action last;
	bool take_all;
};

static int probe_action(struct view *v, enum action act, const char *arg)
{
	struct probe *p = v->priv;
	p->actions++;
	p->last = act;
	return p->take_all ? R_NONE : R_UNHANDLED;
}

static void probe_fini(struct view *v)
{
	free(v->priv);
}

static const struct view_ops probe_ops = {
	.name = "probe",
	.mask = VM_JOBS,
	.fini = probe_fini,
	.on_action = probe_action,
};

static const struct view_ops shows_log_ops = {
	.name = "elsewhere",
	.mask = VM_OTHER,
	.flags = VF_ACTION_LOG,
	.fini = probe_fini,
};

/* ---- a registered command: records its calls ---- */

struct calls {
	int n;
	enum action act;
	struct view *from;
	char *arg;
	bool answer;       /* what the handler returns */
	bool push;         /* push a probe view, as help would */
};

static bool record(struct app *a, struct view *from, enum action act, const char *arg, void *ud)
{
	struct calls *c = ud;
	c->n++;
	c->act = act;
	c->from = from;
	free(c->arg);
	c->arg = arg ? strdup(arg) : NULL;
	if (c->push)
		app_push(a, view_new(a, &probe_ops, calloc(1, sizeof(struct probe))));
	return c->answer;
}

/* ---- fixture: an app on a context nothing listens to (no request is
 * made: nothing is watched), with one probe view pushed ---- */

struct fx {
	struct app_fixture fx;
	struct app *a;
	struct view *root;
	struct probe *probe;
	struct calls calls;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->a = app_fixture_new(&f->fx);
	f->probe = calloc(1, sizeof *f->probe);
	f->root = view_new(f->a, &probe_ops, f->probe);
	app_push(f->a, f->root);
	f->calls.answer = true;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_free(f->a);
	free(f->calls.arg);
	free(f);
	return 0;
}

static const char *status_message(struct fx *f)
{
	return f->a->chrome.msg ? f->a->chrome.msg : "";
}

/* Every action the core does not know itself reaches its registered
 * handler, with the view that declined it and the command's argument. */
static void test_registered_handler_gets_the_action(void **state)
{
	struct fx *f = *state;
	static const enum action global[] = {ACT_HELP, ACT_ACTION_LOG, ACT_RUNS, ACT_RUN};
	for (size_t i = 0; i < sizeof global / sizeof global[0]; i++)
		app_on_action(f->a, global[i], record, &f->calls);

	app_run_command(f->a, "help");
	assert_int_equal(f->calls.n, 1);
	assert_int_equal(f->calls.act, ACT_HELP);
	assert_ptr_equal(f->calls.from, f->root);
	assert_int_equal(f->probe->last, ACT_HELP); /* the view was asked first */

	app_run_command(f->a, "log");
	assert_int_equal(f->calls.n, 2);
	assert_int_equal(f->calls.act, ACT_ACTION_LOG);

	app_run_command(f->a, "runs failed 7d");
	assert_int_equal(f->calls.n, 3);
	assert_int_equal(f->calls.act, ACT_RUNS);
	assert_string_equal(f->calls.arg, "failed 7d");

	/* A write the view leaves alone goes the same way. */
	app_run_command(f->a, "run");
	assert_int_equal(f->calls.n, 4);
	assert_int_equal(f->calls.act, ACT_RUN);
	assert_null(f->calls.arg);
	assert_ptr_equal(app_top(f->a), f->root);
}

static void type_keys(struct app *a, const char *s)
{
	for (; *s; s++)
		app_handle_key(a, (unsigned char)*s, true);
}

/* Keys take the same way as commands: the keymap's action, declined by
 * the view, reaches the registered handler; ':' and a typed command too. */
static void test_keys_go_through_registration(void **state)
{
	struct fx *f = *state;
	app_on_action(f->a, ACT_HELP, record, &f->calls);
	app_on_action(f->a, ACT_RUNS, record, &f->calls);
	app_on_action(f->a, ACT_ACTION_LOG, record, &f->calls);
	app_on_action(f->a, ACT_RUN, record, &f->calls);

	type_keys(f->a, "?");
	assert_int_equal(f->calls.n, 1);
	assert_int_equal(f->calls.act, ACT_HELP);
	assert_ptr_equal(f->calls.from, f->root);

	type_keys(f->a, "E");
	assert_int_equal(f->calls.n, 2);
	assert_int_equal(f->calls.act, ACT_RUNS);
	assert_null(f->calls.arg);

	type_keys(f->a, "r");
	assert_int_equal(f->calls.n, 3);
	assert_int_equal(f->calls.act, ACT_RUN);

	type_keys(f->a, ":log\n");
	assert_int_equal(f->calls.n, 4);
	assert_int_equal(f->calls.act, ACT_ACTION_LOG);
	assert_int_equal(f->probe->actions, 5); /* and ACT_COMMAND for the colon */
}

/* What a handler pushes is on top; the root stays at the bottom. */
static void test_handler_pushes_a_view(void **state)
{
	struct fx *f = *state;
	f->calls.push = true;
	app_on_action(f->a, ACT_HELP, record, &f->calls);
	app_run_command(f->a, "help");
	assert_int_equal(f->calls.n, 1);
	assert_ptr_not_equal(app_top(f->a), f->root);
	assert_ptr_equal(app_root(f->a), f->root);
	app_close(f->a, app_top(f->a));
	assert_ptr_equal(app_top(f->a), f->root);
}

/* With no handler registered the core opens nothing of its own: it says
 * the action is not available, and the stack is as it was. */
static void test_unregistered_is_not_available(void **state)
{
	struct fx *f = *state;
	static const char *const names[] = {"help", "log", "runs", "run", "deploy"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		app_message_clear(f->a);
		app_run_command(f->a, names[i]);
		assert_ptr_equal(app_top(f->a), f->root);
		assert_int_equal(f->a->n, 1);
		char want[64];
		snprintf(want, sizeof want, "%s: not available in this view", names[i]);
		assert_string_equal(status_message(f), want);
	}
	/* Removing a handler is the same as never registering it. */
	app_on_action(f->a, ACT_HELP, record, &f->calls);
	app_on_action(f->a, ACT_HELP, NULL, NULL);
	app_run_command(f->a, "help");
	assert_int_equal(f->calls.n, 0);
	assert_string_equal(status_message(f), "help: not available in this view");
}

/* A handler that declines leaves the app's answer. */
static void test_declining_handler(void **state)
{
	struct fx *f = *state;
	f->calls.answer = false;
	app_on_action(f->a, ACT_RUNS, record, &f->calls);
	app_run_command(f->a, "runs");
	assert_int_equal(f->calls.n, 1);
	assert_string_equal(status_message(f), "runs: not available in this view");
}

/* The top view takes an action first: then no handler runs. */
static void test_view_goes_first(void **state)
{
	struct fx *f = *state;
	f->probe->take_all = true;
	app_on_action(f->a, ACT_HELP, record, &f->calls);
	app_run_command(f->a, "help");
	assert_int_equal(f->probe->actions, 1);
	assert_int_equal(f->calls.n, 0);
}

/* Read-only refuses a write before the view or any handler sees it. */
static void test_read_only_write_refused(void **state)
{
	struct fx *f = *state;
	f->fx.cfg.read_only = true;
	app_on_action(f->a, ACT_RUN, record, &f->calls);
	app_run_command(f->a, "run");
	assert_int_equal(f->calls.n, 0);
	assert_int_equal(f->probe->actions, 0);
	assert_string_equal(status_message(f), "run refused: read-only (--read-only)");
	/* A read goes on as before. */
	app_on_action(f->a, ACT_HELP, record, &f->calls);
	app_run_command(f->a, "help");
	assert_int_equal(f->calls.n, 1);
}

/* The app's own actions need no handler. */
static void test_own_actions(void **state)
{
	struct fx *f = *state;
	app_run_command(f->a, "team other");
	assert_string_equal(app_team(f->a), "other");
	assert_string_equal(status_message(f), "team other");
	app_run_command(f->a, "no-such-command");
	assert_string_equal(status_message(f), "unknown command: no-such-command (Tab lists the commands)");
	assert_false(f->a->quit);
	app_run_command(f->a, "q");
	assert_true(f->a->quit);
}

/* A new action log entry redraws the view that says it shows the log,
 * whatever its name, and no other. */
static void test_action_log_redraws_its_view(void **state)
{
	struct fx *f = *state;
	struct view *log = view_new(f->a, &shows_log_ops, NULL);
	app_push(f->a, log);
	log->dirty = f->root->dirty = false;
	app_log_action(f->a, "run", "job-a", "started");
	assert_true(log->dirty);
	assert_false(f->root->dirty);
	assert_int_equal(app_action_count(f->a), 1);
	assert_string_equal(app_action_at(f->a, 0)->target, "job-a");
}

/* Views get distinct ids: worker results find their owner by it. */
static void test_view_ids_unique(void **state)
{
	struct fx *f = *state;
	struct view *v = view_new(f->a, &probe_ops, calloc(1, sizeof(struct probe)));
	assert_true(v->id != 0);
	assert_true(v->id != f->root->id);
	assert_ptr_equal(v->app, f->a);
	app_push(f->a, v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registered_handler_gets_the_action, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_go_through_registration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handler_pushes_a_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unregistered_is_not_available, setup, teardown),
		cmocka_unit_test_setup_teardown(test_declining_handler, setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_goes_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only_write_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_actions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_action_log_redraws_its_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_ids_unique, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
