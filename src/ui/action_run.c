/* Run a job now: a confirmation with optional JSON arguments, then the
 * live log of the new execution. An execution already running (409) is
 * looked up so the user can open that one instead. */
#include <stdlib.h>
#include <string.h>

#include "jsonarg.h"
#include "ui/action_common.h"
#include "ui/app.h"
#include "ui/dialog.h"
#include "ui/logs_view.h"
#include "ui/run_flow.h"
#include "worker.h"
/* The key line while a run of the job is known to go on: run_key opens
 * its log on Enter or l. */
#define RUNNING_KEYS "y run anyway  Enter/l its log  n/Esc no  Tab arguments"

struct run {
	struct app *a;
	struct action_target *t;
	struct run_flow flow;
};

static void run_input(struct dialog *d, void *ud)
{
	char *json = NULL, *err = NULL;
	free(d->input_error);
	d->input_error = NULL;
	if (jsonarg_parse(lineedit_text(&d->input), &json, &err) < 0)
		d->input_error = err ? err : xstrdup("not a JSON object");
	else
		free(err);
	free(json);
}

static int run_confirm(struct view *v, struct dialog *d, void *ud)
{
	struct run *r = ud;
	char *err = NULL;
	struct wreq *req = run_flow_start(&r->flow, lineedit_text(&d->input), &err);
	if (!req) {
		dialog_set_note(d, true, "arguments: %s", err);
		free(err);
		return R_REDRAW;
	}
	dialog_set_keys(d, NULL);
	dialog_set_note(d, false, NULL);
	dialog_set_busy(d, "starting…");
	r->flow.pending = app_submit(r->a, v, req);
	return R_REDRAW;
}

static void open_logs(struct run *r, struct view *v, const char *id)
{
	struct app *a = r->a;
	char *team = xstrdup(r->t->team), *job = xstrdup(r->t->job), *eid = xstrdup(id);
	app_close(a, v); /* frees r */
	app_push(a, logs_view_new(a, team, job, eid));
	free(team);
	free(job);
	free(eid);
}

static int run_started(struct run *r, struct view *v, struct wresult *res)
{
	const char *id = r->flow.started_id;
	char *outcome = xasprintf("started %s", id ? id : "(no id)");
	actions_log(r->a, res, r->t->job, outcome);
	free(outcome);
	char *eid = xstrdup(id);
	if (!eid)
		/* 202 without a usable Location: the run exists, show the newest. */
		app_message(r->a, MSG_WARN, "%s started, but the service named no execution id", r->t->job);
	else
		app_message(r->a, MSG_OK, "started %s", eid);
	open_logs(r, v, eid);
	free(eid);
	return R_NONE;
}

static int run_result(struct view *v, struct dialog *d, struct wresult *res, void *ud)
{
	struct run *r = ud;
	enum run_event ev = run_flow_result(&r->flow, res);
	if (ev == RUN_NONE)
		return R_NONE;
	if (ev == RUN_RUNNING) {
		dialog_set_keys(d, RUNNING_KEYS);
		dialog_set_note(d, true, "%s is already running: %s  (l opens its log; y asks the service anyway)",
				r->t->job, r->flow.running_id);
		return R_REDRAW;
	}
	dialog_set_busy(d, NULL);
	if (ev == RUN_FOUND) {
		dialog_set_keys(d, RUNNING_KEYS);
		dialog_set_note(d, true, "already running: %s  (Enter or l opens its log)", r->flow.running_id);
		return R_REDRAW;
	}
	if (ev == RUN_NOT_FOUND) {
		dialog_set_note(d, true, "already running (the execution was not found: it may have just "
					 "finished; y tries again)");
		return R_REDRAW;
	}
	if (ev == RUN_STARTED)
		return run_started(r, v, res);
	char *outcome = xasprintf("failed: %s", res->err.message ? res->err.message : "error");
	actions_log(r->a, res, r->t->job, outcome);
	free(outcome);
	if (ev == RUN_CONFLICT) {
		app_message(r->a, MSG_WARN, "%s is already running", r->t->job);
		dialog_set_busy(d, "already running: finding the execution…");
		r->flow.lookup = app_submit(r->a, v, run_flow_lookup(&r->flow));
	} else if (ev == RUN_NOT_DEPLOYED) {
		app_message(r->a, MSG_ERROR, "%s: not deployed", r->t->job);
		dialog_set_note(d, true, "not deployed: deploy %s first (d)", r->t->job);
	} else {
		char *why = actions_error_text(res);
		app_message(r->a, MSG_ERROR, "run %s: %s", r->t->job, res->err.message ? res->err.message : why);
		dialog_set_note(d, true, "%s", why);
		free(why);
	}
	return R_REDRAW;
}

static int run_key(struct view *v, struct dialog *d, void *ud, int key, bool is_char)
{
	struct run *r = ud;
	if (!r->flow.running_id || d->busy || d->input_focus || !is_char || (key != '\n' && key != 'l'))
		return -1;
	char *id = xstrdup(r->flow.running_id);
	open_logs(r, v, id);
	free(id);
	return R_NONE;
}

static void run_fini(void *ud)
{
	struct run *r = ud;
	action_target_free(r->t);
	run_flow_fini(&r->flow);
	free(r);
}

static const struct dialog_handler run_handler = {
	.key = run_key,
	.confirm = run_confirm,
	.input = run_input,
	.result = run_result,
	.fini = run_fini,
};

void action_run(struct app *a, const struct action_target *t)
{
	if (t->deployed_known && !t->dep) {
		app_message(a, MSG_WARN, "%s is not deployed: deploy it first (d)", t->job);
		return;
	}
	struct run *r = xcalloc(1, sizeof *r);
	r->a = a;
	r->t = action_target_dup(t);
	run_flow_init(&r->flow, t->team, t->job);
	bool typed = actions_typed(a);
	struct dialog *d = dialog_new(typed ? DLG_TYPED : DLG_CONFIRM, "Run now");
	if (typed)
		dialog_expect(d, t->job);
	dialog_text(d, "Start %s (team %s) now?", t->job, t->team ? t->team : "-");
	dialog_text(d, "Its live log opens as soon as the service accepts the run.");
	struct wreq *probe = wreq_new(WREQ_EXEC_START, t->team, t->job, NULL);
	char *op = wreq_describe(probe);
	dialog_op(d, op);
	free(op);
	wreq_free(probe);
	dialog_text(d, "started_by \"%s\"; optional arguments: a JSON object passed to the job", RUN_STARTED_BY);
	dialog_input(d, "arguments", "");
	struct view *dv = dialog_view_new(a, d, &run_handler, r);
	app_push(a, dv);
	r->flow.probe = app_submit(a, dv, run_flow_probe(&r->flow));
}
