/* Create a data job: a form validated as the user types (name rule,
 * cron with its next runs, e-mail lists), POST jobs, and optionally the
 * new job's keytab saved to a file (0600, never over an existing file). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cron.h"
#include "jobname.h"
#include "safefile.h"
#include "ui/action_common.h"
#include "ui/app.h"
#include "ui/form.h"
#include "ui/jobs_view.h"
#include "worker.h"

static const char *const contact_keys[4] = {
	"notified_on_job_failure_user_error",
	"notified_on_job_failure_platform_error",
	"notified_on_job_success",
	"notified_on_job_deploy",
};
static const char *const contact_labels[4] = {
	"Notify on user error",
	"Notify on platform error",
	"Notify on success",
	"Notify on deploy",
};

struct create {
	struct app *a;
	unsigned long pending, keytab;
	char *name, *team;       /* as sent */
	char *keytab_path;
};

/* "Mon 2024-05-06 10:00 UTC, local 12:00" lines for the next 3 runs. */
static char *cron_preview(const struct cron *c, time_t now)
{
	time_t t[3];
	int n = cron_next_n(c, now, t, 3);
	if (n == 0)
		return xstrdup("never runs (no such date in the next years)");
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < n; i++) {
		struct tm u, l;
		char ub[40], lb[40];
		gmtime_r(&t[i], &u);
		localtime_r(&t[i], &l);
		strftime(ub, sizeof ub, "%a %Y-%m-%d %H:%M UTC", &u);
		strftime(lb, sizeof lb, l.tm_yday == u.tm_yday ? "%H:%M" : "%a %H:%M", &l);
		strbuf_printf(&sb, "%snext: %s, local %s", i ? "\n" : "", ub, lb);
	}
	return strbuf_steal(&sb);
}

static void create_validate(struct form *f, void *ud)
{
	struct create *c = ud;
	struct form_field *fld = form_get(f, "name");
	const char *name = form_text(f, "name");
	char *why = NULL;
	if (!jobname_valid(name, &why)) {
		form_field_set(fld, why, NULL, NULL);
	} else {
		char *warn = jobname_warning(name);
		form_field_set(fld, NULL, warn, NULL);
		free(warn);
	}
	free(why);
	why = NULL;
	const char *team = form_text(f, "team");
	form_field_set(form_get(f, "team"), str_empty(team) ? "enter the team that owns the job" : NULL, NULL, NULL);
	const char *cron = form_text(f, "schedule");
	fld = form_get(f, "schedule");
	if (str_empty(cron)) {
		form_field_set(fld, NULL, "no schedule: the job runs only when started by hand", NULL);
	} else {
		struct cron cr;
		if (cron_parse(cron, &cr, &why) < 0) {
			form_field_set(fld, why, NULL, NULL);
		} else {
			char *prev = cron_preview(&cr, app_now(c->a));
			form_field_set(fld, NULL, NULL, prev);
			free(prev);
		}
		free(why);
		why = NULL;
	}
	for (int i = 0; i < 4; i++) {
		char *bad = form_check_emails(form_text(f, contact_keys[i]));
		form_field_set(form_get(f, contact_keys[i]), bad, NULL, NULL);
		free(bad);
	}
	bool save = form_checked(f, "save_keytab");
	struct form_field *path = form_get(f, "keytab_path");
	path->hidden = !save;
	if (save && !form_checked(f, "keytab"))
		form_field_set(form_get(f, "save_keytab"), "a keytab is saved only when one is generated", NULL, NULL);
	else
		form_field_set(form_get(f, "save_keytab"), NULL, NULL, NULL);
	form_field_set(path, save && str_empty(form_text(f, "keytab_path")) ? "name the file to write" : NULL, NULL,
		       save ? "written with mode 0600; an existing file is never replaced" : NULL);
	actions_form_check_typed(f, name);
	/* The footer names the exact requests. */
	form_clear_ops(f);
	struct wreq *req = wreq_new(WREQ_JOB_CREATE, str_empty(team) ? "?" : team, NULL, NULL);
	req->job_body = xmalloc(sizeof *req->job_body);
	job_init(req->job_body);
	char *op = wreq_describe(req);
	form_add_op(f, op);
	free(op);
	wreq_free(req);
	if (save) {
		req = wreq_new(WREQ_KEYTAB, str_empty(team) ? "?" : team, str_empty(name) ? "?" : name, NULL);
		op = wreq_describe(req);
		form_add_op(f, op);
		free(op);
		wreq_free(req);
	}
}

static struct job *build_job(struct form *f)
{
	struct job *j = xmalloc(sizeof *j);
	job_init(j);
	j->name = xstrdup(form_text(f, "name"));
	j->team = xstrdup(form_text(f, "team"));
	j->description = xstrdup(form_text(f, "description"));
	j->schedule_cron = xstrdup(form_text(f, "schedule"));
	form_split_list(form_text(f, contact_keys[0]), &j->contacts.on_user_error);
	form_split_list(form_text(f, contact_keys[1]), &j->contacts.on_platform_error);
	form_split_list(form_text(f, contact_keys[2]), &j->contacts.on_success);
	form_split_list(form_text(f, contact_keys[3]), &j->contacts.on_deploy);
	j->generate_keytab = form_checked(f, "keytab") ? 1 : 0;
	return j;
}

static int create_submit(struct view *v, struct form *f, void *ud)
{
	struct create *c = ud;
	struct job *j = build_job(f);
	free(c->name);
	free(c->team);
	c->name = xstrdup(j->name);
	c->team = xstrdup(j->team);
	free(c->keytab_path);
	c->keytab_path = form_checked(f, "save_keytab") && j->generate_keytab ? xstrdup(form_text(f, "keytab_path"))
									       : NULL;
	struct wreq *req = wreq_new(WREQ_JOB_CREATE, j->team, j->name, NULL);
	req->job_body = j;
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
	struct form *f = form_new("Create a data job");
	f->validate = create_validate;
	f->ud = c;
	form_add(f, FF_TEXT, "name", "Name", 50);
	form_add(f, FF_TEXT, "team", "Team", 0);
	form_set_text(f, "team", t->team);
	form_add(f, FF_TEXT, "description", "Description", 0);
	form_add(f, FF_TEXT, "schedule", "Schedule (cron, UTC)", 0);
	for (int i = 0; i < 4; i++)
		form_add(f, FF_LIST, contact_keys[i], contact_labels[i], 0);
	form_add(f, FF_CHECK, "keytab", "Generate keytab", 0);
	form_set_check(f, "keytab", true);
	form_add(f, FF_CHECK, "save_keytab", "Save keytab to file", 0);
	form_add(f, FF_PATH, "keytab_path", "Keytab file", 0);
	actions_form_typed(a, f, "name");
	app_push(a, form_view_new(a, f, &create_handler, c));
}
