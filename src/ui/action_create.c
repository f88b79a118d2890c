/* Create a data job: the form (create_form.c) validated as the user
 * types, POST jobs, and optionally the new job's keytab saved to a file
 * (0600, never over an existing file). */
#include <stdlib.h>
#include <string.h>

#include "safefile.h"
#include "ui/action_common.h"
#include "ui/app.h"
#include "ui/create_form.h"
#include "ui/jobs_view.h"
#include "worker.h"

struct create {
	struct app *a;
	unsigned long pending, keytab;
	char *name, *team;       /* as sent */
	char *keytab_path;
};

static void create_validate(struct form *f, void *ud)
{
	struct create *c = ud;
	create_form_check(f, app_now(c->a));
}

static int create_submit(struct view *v, struct form *f, void *ud)
{
	struct create *c = ud;
	struct wreq *req = create_form_request(f);
	free(c->name);
	free(c->team);
	c->name = xstrdup(req->job_body->name);
	c->team = xstrdup(req->job_body->team);
	free(c->keytab_path);
	c->keytab_path = xstrdup(create_form_keytab_path(f));
	form_set_error(f, NULL);
	form_set_busy(f, "creating…");
	c->pending = app_submit(c->a, v, req);
	return R_REDRAW;
}

static void created(struct create *c)
{
	struct view *home = jobs_view_home(c->a);
	jobs_view_refresh(home);
	jobs_view_select(home, c->name);
}

static int keytab_result(struct view *v, struct form *f, struct create *c, struct wresult *r)
{
	form_set_busy(f, NULL);
	if (!r->ok) {
		app_message(c->a, MSG_WARN, "created %s, but its keytab could not be read: %s", c->name,
			    r->err.message ? r->err.message : "error");
		return R_CLOSE;
	}
	char *err = NULL;
	if (safefile_write(c->keytab_path, r->u.text.data, r->u.text.len, 0600, false, &err) < 0) {
		/* The job exists: only the file is left to do. */
		form_set_error(f, err);
		app_message(c->a, MSG_ERROR, "created %s; keytab not saved: %s", c->name, err ? err : "error");
		free(err);
		struct form_field *path = form_get(f, "keytab_path");
		path->touched = true;
		form_focus(f, "keytab_path");
		return R_REDRAW;
	}
	app_message(c->a, MSG_OK, "created %s in team %s; keytab saved to %s (0600)", c->name, c->team,
		    c->keytab_path);
	return R_CLOSE;
}

static int create_result(struct view *v, struct form *f, struct wresult *r, void *ud)
{
	struct create *c = ud;
	if (r->type != WRESULT_DONE || !r->req)
		return R_NONE;
	if (r->req->id == c->keytab) {
		c->keytab = 0;
		return keytab_result(v, f, c, r);
	}
	if (r->req->id != c->pending)
		return R_NONE;
	c->pending = 0;
	form_set_busy(f, NULL);
	if (!r->ok) {
		char *outcome = xasprintf("failed: %s", r->err.message ? r->err.message : "error");
		actions_log(c->a, r, c->name, outcome);
		free(outcome);
		char *why;
		if (r->err.http_status == 409)
			/* names are global: the job may be another team's */
			why = xstrdup("a job with this name already exists (job names are shared by all teams)");
		else
			why = actions_error_text(r);
		form_set_error(f, why);
		app_message(c->a, MSG_ERROR, "create %s: %s", c->name, why);
		free(why);
		return R_REDRAW;
	}
	actions_log(c->a, r, c->name, "created");
	created(c);
	if (c->keytab_path) {
		form_set_busy(f, "created; downloading the keytab…");
		c->keytab = app_submit(c->a, v, wreq_new(WREQ_KEYTAB, c->team, c->name, NULL));
		return R_REDRAW;
	}
	app_message(c->a, MSG_OK, "created %s in team %s", c->name, c->team);
	return R_CLOSE;
}

static bool create_cancel_busy(struct view *v, struct form *f, void *ud)
{
	struct create *c = ud;
	if (!c->keytab)
		return false;
	/* The job exists; only the keytab file is given up. */
	app_message(c->a, MSG_WARN, "created %s; keytab not saved", c->name);
	return true;
}

static void create_fini(void *ud)
{
	struct create *c = ud;
	free(c->name);
	free(c->team);
	free(c->keytab_path);
	free(c);
}

static const struct form_handler create_handler = {
	.submit = create_submit,
	.result = create_result,
	.cancel_busy = create_cancel_busy,
	.fini = create_fini,
};

void action_create(struct app *a, const struct action_target *t)
{
	struct create *c = xcalloc(1, sizeof *c);
	c->a = a;
	struct form *f = create_form_new(t->team, actions_typed(a));
	f->validate = create_validate;
	f->ud = c;
	app_push(a, form_view_new(a, f, &create_handler, c));
}
