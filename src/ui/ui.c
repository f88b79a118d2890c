/* The composition root: the app core knows views only through their ops,
 * so this file says which view comes first and what the commands the core
 * does not know itself open. */
#include "ui/ui.h"

#include "trace.h"
#include "ui/actionlog_view.h"
#include "ui/actions.h"
#include "ui/app.h"
#include "ui/help_view.h"
#include "ui/jobs_view.h"
#include "ui/runs_view.h"
#include "ui/screen.h"

/* The help and action log views take their own command when on top, so
 * reaching these means neither is. */
static bool open_help(struct app *a, struct view *from, enum action act, const char *arg, void *ud)
{
	app_push(a, help_view_new(a, app_top(a)));
	return true;
}

static bool open_action_log(struct app *a, struct view *from, enum action act, const char *arg, void *ud)
{
	app_push(a, action_log_view_new(a));
	return true;
}

static bool open_runs(struct app *a, struct view *from, enum action act, const char *arg, void *ud)
{
	app_push(a, runs_view_new(a, arg));
	return true;
}

/* A write the view left alone opens its form or confirmation for what
 * that view points at. */
static bool write_action(struct app *a, struct view *from, enum action act, const char *arg, void *ud)
{
	return from && actions_dispatch(a, from, act, arg);
}

void ui_register(struct app *a)
{
	app_on_action(a, ACT_HELP, open_help, NULL);
	app_on_action(a, ACT_ACTION_LOG, open_action_log, NULL);
	app_on_action(a, ACT_RUNS, open_runs, NULL);
	for (int i = ACT_NONE + 1; i < ACT_COUNT; i++)
		if (action_info((enum action)i)->flags & AF_WRITE)
			app_on_action(a, (enum action)i, write_action, NULL);
}

int ui_main(struct config *cfg, char **err)
{
	struct app *a = app_new(cfg, err);
	if (!a)
		return -1;
	/* No request goes out for a session that cannot be shown. */
	if (screen_check(err) < 0) {
		app_free(a);
		return -1;
	}
	ui_register(a);
	/* The jobs list's first request goes out now: the terminal is set up
	 * while the service answers. */
	app_push(a, jobs_view_new(a));
	if (app_open_screen(a, err) < 0) {
		app_free(a);
		return -1;
	}
	trace_start();
	int rc = app_run(a);
	app_free(a);
	return rc;
}
