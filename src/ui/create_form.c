/* The create action's form (see create_form.h). */
#include "ui/create_form.h"

#include <stdlib.h>
#include <string.h>

#include "cron.h"
#include "jobname.h"
#include "util.h"
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

struct form *create_form_new(const char *team, bool typed)
{
	struct form *f = form_new("Create a data job");
	form_add(f, FF_TEXT, "name", "Name", 50);
	form_add(f, FF_TEXT, "team", "Team", 0);
	form_set_text(f, "team", team);
	form_add(f, FF_TEXT, "description", "Description", 0);
	form_add(f, FF_TEXT, "schedule", "Schedule (cron, UTC)", 0);
	for (int i = 0; i < 4; i++)
		form_add(f, FF_LIST, contact_keys[i], contact_labels[i], 0);
	form_add(f, FF_CHECK, "keytab", "Generate keytab", 0);
	form_set_check(f, "keytab", true);
	form_add(f, FF_CHECK, "save_keytab", "Save keytab to file", 0);
	form_add(f, FF_PATH, "keytab_path", "Keytab file", 0);
	if (typed)
		form_add_confirm(f, "name");
	return f;
}

void create_form_check(struct form *f, time_t now)
{
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
			char *prev = cron_preview(&cr, now);
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
	form_check_confirm(f, name);
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

static struct job *build_job(const struct form *f)
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

struct wreq *create_form_request(const struct form *f)
{
	struct job *j = build_job(f);
	struct wreq *req = wreq_new(WREQ_JOB_CREATE, j->team, j->name, NULL);
	req->job_body = j;
	return req;
}

const char *create_form_keytab_path(const struct form *f)
{
	return form_checked(f, "save_keytab") && form_checked(f, "keytab") ? form_text(f, "keytab_path") : NULL;
}
