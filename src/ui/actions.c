/* Dispatch of the write actions (the target asked of the focused view)
 * and the small confirm-and-send flows: enable/disable, cancel, delete.
 * What the flows share is in action_common.c, the deploy tracker in
 * deploy_track.c. */
#include "ui/actions.h"

#include "ui/action_common.h"

#include <stdlib.h>
#include <string.h>

#include "deploy.h"
#include "ui/app.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/jobs_view.h"
#include "worker.h"

/* ---- targets ---- */

static const char *real_team(const char *team)
{
	return str_empty(team) || strcmp(team, "*") == 0 ? NULL : team;
}

/* What the top view points at, asked of the view itself; false when it
 * points at nothing an action can use (the action then says why). */
static bool resolve(struct app *a, struct view *top, struct action_target *t)
{
	memset(t, 0, sizeof *t);
	t->origin = top;
	struct view_target vt = {0};
	if (!top->ops->target || !top->ops->target(top, &vt))
		return false;
	if (vt.job && vt.team_unknown) {
		app_message(a, MSG_WARN, "the team of %s is not in the jobs list: :team NAME, then :runs", vt.job);
		t->refused = true;
		return true;
	}
	t->team = xstrdup(real_team(vt.team ? vt.team : app_team(a)));
	t->job = xstrdup(vt.job);
	t->deployed_known = vt.deployed_known;
	t->dep = vt.dep ? deployment_dup(vt.dep) : NULL;
	t->exec_id = xstrdup(vt.exec_id);
	t->exec_status = vt.exec_status;
	t->whole_view = vt.whole_view;
	t->edits_props = vt.edits_props;
	return true;
}

static void target_clear(struct action_target *t)
{
	free(t->team);
	free(t->job);
	deployment_free(t->dep);
	free(t->exec_id);
}

/* ---- dispatch ---- */

bool actions_dispatch(struct app *a, struct view *top, enum action act, const char *arg)
{
	const struct action_info *ai = action_info(act);
	if (!ai || !(ai->flags & AF_WRITE))
		return false;
	if (!app_write_allowed(a, act))
		return true;
	struct action_target t;
	if (!resolve(a, top, &t)) {
		target_clear(&t);
		return false;
	}
	if (t.edits_props) {
		target_clear(&t);
		action_props(a, top, act);
		return true;
	}
	bool need_job = act != ACT_CREATE && act != ACT_DEPLOY;
	if (need_job && !t.job) {
		if (!t.refused)
			app_message(a, MSG_WARN, "%s: select a job first", ai->name);
		target_clear(&t);
		return true;
	}
	switch (act) {
	case ACT_CREATE:
		action_create(a, &t);
		break;
	case ACT_DEPLOY:
		action_deploy(a, &t);
		break;
	case ACT_RUN:
		action_run(a, &t);
		break;
	case ACT_CANCEL:
		action_cancel(a, &t);
		break;
	case ACT_TOGGLE_ENABLE:
		action_toggle_enable(a, &t);
		break;
	case ACT_DELETE:
		action_delete(a, &t);
		break;
	default:
		app_message(a, MSG_WARN, "%s: not available here", ai->name);
		break;
	}
	target_clear(&t);
	return true;
}

/* ---- one request behind a confirmation ---- */

struct oneshot;
typedef void (*oneshot_done_fn)(struct oneshot *o, struct view *dlg, struct wresult *r);

struct oneshot {
	struct app *a;
	struct action_target *t;
	struct wreq *req;       /* what confirming sends (a copy each time) */
	char *label;            /* the action log's target */
	unsigned long pending;
	oneshot_done_fn done;   /* success: message and side effects */
};

static int oneshot_confirm(struct view *v, struct dialog *d, void *ud)
{
	struct oneshot *o = ud;
	char *op = wreq_describe(o->req);
	char *busy = xasprintf("sending %s …", op);
	dialog_set_busy(d, busy);
	dialog_set_note(d, false, NULL);
	free(busy);
	free(op);
	o->pending = app_submit(o->a, v, wreq_dup(o->req));
	return R_REDRAW;
}

static int oneshot_result(struct view *v, struct dialog *d, struct wresult *r, void *ud)
{
	struct oneshot *o = ud;
	if (r->type != WRESULT_DONE || !r->req || r->req->id != o->pending)
		return R_NONE;
	o->pending = 0;
	dialog_set_busy(d, NULL);
	if (r->ok) {
		actions_log(o->a, r, o->label, "ok");
		o->done(o, v, r);
		return R_CLOSE;
	}
	char *why = actions_error_text(r);
	char *outcome = xasprintf("failed: %s", r->err.message ? r->err.message : "error");
	actions_log(o->a, r, o->label, outcome);
	dialog_set_note(d, true, "%s", why);
	app_message(o->a, MSG_ERROR, "%s: %s", o->label, r->err.message ? r->err.message : why);
	free(outcome);
	free(why);
	return R_REDRAW;
}

static void oneshot_fini(void *ud)
{
	struct oneshot *o = ud;
	action_target_free(o->t);
	wreq_free(o->req);
	free(o->label);
	free(o);
}

static const struct dialog_handler oneshot_handler = {
	.confirm = oneshot_confirm,
	.result = oneshot_result,
	.fini = oneshot_fini,
};

/* A y/N (or typed, when typed or the context asks) confirmation that
 * sends req (taken). Body lines are added by the caller to the returned
 * dialog before it is pushed by oneshot_push. */
static struct dialog *oneshot_dialog(struct app *a, const char *title, bool typed, const char *name)
{
	struct dialog *d = dialog_new(typed || actions_typed(a) ? DLG_TYPED : DLG_CONFIRM, title);
	if (d->kind == DLG_TYPED)
		dialog_expect(d, name);
	return d;
}

static void oneshot_push(struct app *a, struct dialog *d, const struct action_target *t, struct wreq *req,
			 const char *label, oneshot_done_fn done)
{
	struct oneshot *o = xcalloc(1, sizeof *o);
	o->a = a;
	o->t = action_target_dup(t);
	o->req = req;
	o->label = xstrdup(label);
	o->done = done;
	char *op = wreq_describe(req);
	dialog_op(d, op);
	free(op);
	app_push(a, dialog_view_new(a, d, &oneshot_handler, o));
}

/* ---- cancel ---- */

static void cancel_done(struct oneshot *o, struct view *dlg, struct wresult *r)
{
	app_message(o->a, MSG_OK, "cancelled %s", o->t->exec_id);
	app_refresh(o->a, -1);
}

void action_cancel(struct app *a, const struct action_target *t)
{
	if (!t->exec_id) {
		app_message(a, MSG_WARN, "cancel: select a running or submitted execution in the job view");
		return;
	}
	if (t->exec_status != EXEC_UNKNOWN && !exec_status_is_active(t->exec_status)) {
		app_message(a, MSG_WARN, "cancel: %s is %s, not running", t->exec_id, exec_status_name(t->exec_status));
		return;
	}
	struct dialog *d = oneshot_dialog(a, "Cancel execution", false, t->job);
	dialog_text(d, "Cancel execution %s of %s?", t->exec_id, t->job);
	dialog_text(d, "The service stops it and marks it cancelled.");
	char *label = xasprintf("%s/%s", t->job, t->exec_id);
	oneshot_push(a, d, t, wreq_new(WREQ_EXEC_CANCEL, t->team, t->job, t->exec_id), label, cancel_done);
	free(label);
}

/* ---- enable / disable ---- */

static void enable_done(struct oneshot *o, struct view *dlg, struct wresult *r)
{
	bool on = r->req->deploy.enabled == 1;
	app_message(o->a, MSG_OK, "%s %s", o->t->job, on ? "enabled" : "disabled");
	jobs_view_set_enabled(jobs_view_home(o->a), o->t->job, on);
	app_refresh(o->a, -1);
}

void action_toggle_enable(struct app *a, const struct action_target *t)
{
	if (t->deployed_known && !t->dep) {
		app_message(a, MSG_WARN, "%s is not deployed: deploy it first (d)", t->job);
		return;
	}
	if (!t->deployed_known) {
		app_message(a, MSG_WARN, "%s: the deployment is still loading", t->job);
		return;
	}
	bool enable = t->dep->enabled != 1;
	struct dialog *d = oneshot_dialog(a, enable ? "Enable the deployment" : "Disable the deployment", false, t->job);
	if (enable)
		dialog_text(d, "Enable %s? Its schedule starts runs again.", t->job);
	else
		dialog_text(d, "Disable %s? No scheduled runs start until it is enabled; a running execution "
			    "finishes.", t->job);
	struct wreq *req = wreq_new(WREQ_DEPLOYMENT_PATCH, t->team, t->job, NULL);
	struct deploy_params p = {.enabled = enable ? 1 : 0};
	wreq_set_deploy(req, &p);
	dialog_text(d, "Body: {\"enabled\": %s}", enable ? "true" : "false");
	oneshot_push(a, d, t, req, t->job, enable_done);
}

/* ---- delete ---- */

static void delete_done(struct oneshot *o, struct view *dlg, struct wresult *r)
{
	app_message(o->a, MSG_OK, "deleted %s (team %s)", o->t->job, o->t->team ? o->t->team : "-");
	/* A view of the deleted job alone would only say "not found" now;
	 * closing it closes this dialog too. */
	if (o->t->whole_view && o->t->origin)
		app_close(o->a, o->t->origin);
	jobs_view_refresh(jobs_view_home(o->a));
}

void action_delete(struct app *a, const struct action_target *t)
{
	struct dialog *d = oneshot_dialog(a, "Delete data job", true, t->job);
	dialog_text(d, "Delete %s of team %s?", t->job, t->team ? t->team : "-");
	dialog_text(d, "The service removes the job, its deployment, its keytab and its sources in Git. "
		       "Running executions are left to finish. This cannot be undone.");
	oneshot_push(a, d, t, wreq_new(WREQ_JOB_DELETE, t->team, t->job, NULL), t->job, delete_done);
}
