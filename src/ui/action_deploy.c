/* Deploy: one form, two modes.
 *
 *   from a job directory   inspect it (no keytab, config.ini, the name must
 *                          be the selected job's), then pack, upload, GET
 *                          job, PUT job with config.ini's settings, POST
 *                          the deployment, and follow it until live;
 *   change the deployment  enabled / vdk version by PATCH, python or job
 *                          version by POST (then followed until live).
 *
 * The sequence runs in a progress dialog. Esc cancels it until the upload
 * is done; after that the job's config and deployment are changed in
 * order, and once the POST is accepted the dialog can be left: the status
 * line follows the deployment (deploy_track.c). */
#include <stdlib.h>
#include <string.h>

#include "cron.h"

#include "deploy.h"
#include "jobdir.h"
#include "ui/action_common.h"
#include "ui/app.h"
#include "ui/deploy_track.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/jobs_view.h"
#include "worker.h"

#define MODE_DIR "from a job directory"
#define MODE_CHANGE "change the deployment"

/* What the form holds, kept so a failed deploy reopens it as it was. */
struct deploy_values {
	char *mode, *path, *python, *reason, *vdk, *version;
	bool enabled;
};

static void values_free(struct deploy_values *v)
{
	free(v->mode);
	free(v->path);
	free(v->python);
	free(v->reason);
	free(v->vdk);
	free(v->version);
	memset(v, 0, sizeof *v);
}

/* ---- the progress dialog ---- */

enum stage { ST_ZIP, ST_UPLOAD, ST_GET, ST_PUT, ST_POST, ST_WAIT, ST_END };

struct deploy_run {
	struct app *a;
	struct action_target *t;
	struct deploy_values val;
	struct jobdir_config cfg;
	struct deploy_zip *zip;
	enum stage stage;
	size_t step[ST_END];
	unsigned long pending;
	char *version;
	bool failed;
	struct view *view;
	long long tick_at;      /* next look at the packing thread */
};

static void open_form(struct app *a, const struct action_target *t, const struct deploy_values *val);

static void run_fail(struct deploy_run *r, struct view *v, struct dialog *d, const char *why)
{
	r->failed = true;
	dialog_step_set(d, r->step[r->stage], STEP_FAILED, -1, "failed");
	dialog_set_note(d, true, "%s  (Enter: back to the form)", why);
	d->finished = true;
	d->failed = true;
	app_message(r->a, MSG_ERROR, "deploy %s: %s", r->t->job, why);
	app_dirty(r->a, v);
}

/* The tracker's word on the deployment, in the wait step while the
 * dialog is open. */
static void run_progress(void *ud, const struct deploy_wait_report *rep)
{
	struct deploy_run *r = ud;
	struct dialog *d = dialog_of(r->view);
	if (!d)
		return;
	bool ended = rep->state == DW_LIVE || rep->state == DW_TIMEOUT;
	enum step_state st = rep->state == DW_LIVE ? STEP_DONE : rep->state == DW_TIMEOUT ? STEP_FAILED : STEP_RUNNING;
	dialog_step_set(d, r->step[ST_WAIT], st, -1, rep->detail);
	if (ended) {
		d->finished = true;
		d->failed = rep->state == DW_TIMEOUT;
		dialog_set_note(d, d->failed, "%s", rep->message);
	}
	app_dirty(r->a, r->view);
}

static void submit(struct deploy_run *r, struct view *v, struct wreq *req, enum stage st)
{
	struct dialog *d = dialog_of(v);
	r->stage = st;
	dialog_step_set(d, r->step[st], STEP_RUNNING, st == ST_UPLOAD ? 0 : -1, NULL);
	r->pending = app_submit(r->a, v, req);
}

static void start_upload(struct deploy_run *r, struct view *v, struct dialog *d)
{
	void *zip = NULL;
	size_t len = 0;
	char *err = NULL;
	int rc = deploy_zip_finish(r->zip, &zip, &len, &err);
	r->zip = NULL;
	if (rc < 0) {
		run_fail(r, v, d, err ? err : "packing failed");
		free(err);
		return;
	}
	char *size = dialog_size_text((long long)len);
	dialog_step_set(d, r->step[ST_ZIP], STEP_DONE, -1, size);
	free(size);
	struct wreq *req = wreq_new(WREQ_SOURCES_UPLOAD, r->t->team, r->t->job, NULL);
	req->blob = zip;
	req->blob_len = len;
	req->reason = xstrdup(str_empty(r->val.reason) ? "deployed with vdktop" : r->val.reason);
	submit(r, v, req, ST_UPLOAD);
}

static int run_tick(struct view *v, struct dialog *d, void *ud, long long now)
{
	struct deploy_run *r = ud;
	r->tick_at = now + 100;
	if (r->stage != ST_ZIP || !r->zip)
		return R_NONE;
	double fr = 0;
	bool done = deploy_zip_poll(r->zip, &fr);
	dialog_step_set(d, r->step[ST_ZIP], STEP_RUNNING, fr, NULL);
	if (done)
		start_upload(r, v, d);
	return R_REDRAW;
}

static long long run_next_tick(struct view *v, struct dialog *d, void *ud, long long now)
{
	struct deploy_run *r = ud;
	/* Packing reports through a flag the UI thread looks at. */
	if (r->stage != ST_ZIP || !r->zip)
		return 0;
	if (!r->tick_at)
		r->tick_at = now + 100;
	return r->tick_at;
}

static void log_step(struct deploy_run *r, const struct wresult *res, const char *outcome)
{
	char *o = res->ok ? xstrdup(outcome) : xasprintf("failed: %s", res->err.message ? res->err.message : "error");
	actions_log(r->a, res, r->t->job, o);
	free(o);
}

/* POST the deployment of the uploaded version (step 4). */
static void submit_post(struct deploy_run *r, struct view *v)
{
	struct wreq *req = wreq_new(WREQ_DEPLOY, r->t->team, r->t->job, NULL);
	struct deploy_params p = {r->version, r->val.python, NULL, r->val.enabled ? 1 : 0};
	wreq_set_deploy(req, &p);
	submit(r, v, req, ST_POST);
}

static int run_result(struct view *v, struct dialog *d, struct wresult *res, void *ud)
{
	struct deploy_run *r = ud;
	if (!res->req || res->req->id != r->pending || r->failed)
		return R_NONE;
	if (res->type == WRESULT_PROGRESS) {
		double fr = res->progress_total > 0 ? (double)res->progress_done / (double)res->progress_total : -1;
		char *a = dialog_size_text(res->progress_done), *b = dialog_size_text(res->progress_total);
		char *detail = xasprintf("%s of %s", a, b);
		dialog_step_set(d, r->step[ST_UPLOAD], STEP_RUNNING, fr, detail);
		free(detail);
		free(a);
		free(b);
		return R_REDRAW;
	}
	r->pending = 0;
	if (!res->ok) {
		if (r->stage != ST_GET)
			log_step(r, res, NULL);
		char *why = actions_error_text(res);
		run_fail(r, v, d, why);
		free(why);
		return R_REDRAW;
	}
	switch (r->stage) {
	case ST_UPLOAD: {
		r->version = xstrdup(res->u.version_sha);
		char *outcome = xasprintf("version %s", r->version ? r->version : "?");
		log_step(r, res, outcome);
		free(outcome);
		char *sv = deploy_short_version(r->version);
		dialog_step_set(d, r->step[ST_UPLOAD], STEP_DONE, -1, sv);
		free(sv);
		submit(r, v, wreq_new(WREQ_JOB_GET, r->t->team, r->t->job, NULL), ST_GET);
		break;
	}
	case ST_GET: {
		dialog_step_set(d, r->step[ST_GET], STEP_DONE, -1, NULL);
		struct job *j = res->u.job;
		res->u.job = NULL;
		if (!j) {
			run_fail(r, v, d, "the job is gone");
			return R_REDRAW;
		}
		if (!deploy_apply_config(j, &r->cfg)) {
			/* A PUT would clear the job's last-run summary on the
			 * server for nothing (api-notes §4.7). */
			job_clear(j);
			free(j);
			app_log_action(r->a, "deploy", r->t->job, "config unchanged: no PUT");
			dialog_step_set(d, r->step[ST_PUT], STEP_DONE, -1, "config unchanged");
			submit_post(r, v);
			break;
		}
		struct wreq *req = wreq_new(WREQ_JOB_UPDATE, r->t->team, r->t->job, NULL);
		req->job_body = j;
		submit(r, v, req, ST_PUT);
		break;
	}
	case ST_PUT: {
		log_step(r, res, "config updated");
		dialog_step_set(d, r->step[ST_PUT], STEP_DONE, -1,
				str_empty(r->cfg.schedule_cron) ? "no schedule" : r->cfg.schedule_cron);
		submit_post(r, v);
		break;
	}
	case ST_POST: {
		log_step(r, res, "accepted");
		dialog_step_set(d, r->step[ST_POST], STEP_DONE, -1, "accepted");
		r->stage = ST_WAIT;
		dialog_step_set(d, r->step[ST_WAIT], STEP_RUNNING, -1, NULL);
		dialog_set_note(d, false, "accepted; Enter leaves this, the status line follows the deploy");
		d->finished = true;
		deploy_track_start(r->a, r->t->team, r->t->job, r->version, r->val.python,
				   &(struct deploy_listener){run_progress, r});
		break;
	}
	default:
		break;
	}
	return R_REDRAW;
}

static bool run_cancel(struct view *v, struct dialog *d, void *ud)
{
	struct deploy_run *r = ud;
	if (r->stage == ST_ZIP) {
		app_message(r->a, MSG_INFO, "deploy of %s cancelled: nothing was sent", r->t->job);
		return true; /* fini stops the packing */
	}
	if (r->stage == ST_UPLOAD) {
		app_message(r->a, MSG_WARN, "deploy of %s cancelled: the upload may still finish, nothing is deployed",
			    r->t->job);
		app_log_action(r->a, "deploy", r->t->job, "cancelled during the upload");
		return true;
	}
	dialog_set_note(d, false, "past the point of no return: the job config and deployment are being sent");
	return false;
}

static int run_key(struct view *v, struct dialog *d, void *ud, int key, bool is_char)
{
	struct deploy_run *r = ud;
	if (!r->failed || !is_char || (key != '\n' && key != 0x1b))
		return -1;
	/* Back to the form as it was. */
	struct app *a = r->a;
	struct action_target *t = action_target_dup(r->t);
	struct deploy_values val = r->val;
	memset(&r->val, 0, sizeof r->val);
	app_close(a, v);
	open_form(a, t, &val);
	values_free(&val);
	action_target_free(t);
	return R_NONE;
}

static void run_fini(void *ud)
{
	struct deploy_run *r = ud;
	deploy_track_unlisten(r->a, r);
	if (r->zip) {
		deploy_zip_cancel(r->zip);
		deploy_zip_finish(r->zip, NULL, NULL, NULL);
	}
	values_free(&r->val);
	jobdir_config_free(&r->cfg);
	action_target_free(r->t);
	free(r->version);
	free(r);
}

static const struct dialog_handler run_handler = {
	.key = run_key,
	.cancel = run_cancel,
	.result = run_result,
	.tick = run_tick,
	.next_tick = run_next_tick,
	.fini = run_fini,
};

/* ---- the form ---- */

struct deploy_form {
	struct app *a;
	struct action_target *t;
	unsigned long info, pending;
	bool info_failed;
	struct jobdir_info insp;
	bool inspected;
	char *insp_path;
	char *want_python;   /* preselect once the versions arrive */
};

static bool dir_mode(const struct form *f)
{
	return str_eq(form_choice(f, "mode"), MODE_DIR);
}

static void add_op(struct form *f, enum wreq_kind k, const struct action_target *t)
{
	struct wreq *req = wreq_new(k, t->team ? t->team : "?", t->job ? t->job : "?", NULL);
	req->blob = xmalloc(1);
	req->blob_len = 1;
	req->job_body = xmalloc(sizeof *req->job_body);
	job_init(req->job_body);
	req->job_body->name = xstrdup(t->job ? t->job : "?");
	char *op = wreq_describe(req);
	form_add_op(f, op);
	free(op);
	wreq_free(req);
}

/* Mode 2: what would change, and so which request. */
static enum wreq_kind change_kind(const struct form *f, const struct deployment *d)
{
	if (!d)
		return WREQ_KIND_COUNT;
	bool post = !str_eq(form_choice(f, "python"), d->python_version) ||
		    !str_eq(form_text(f, "version"), d->job_version ? d->job_version : "");
	if (post)
		return WREQ_DEPLOY;
	bool patch = (d->enabled == 1) != form_checked(f, "enabled") ||
		     !str_eq(form_text(f, "vdk"), d->vdk_version ? d->vdk_version : "");
	return patch ? WREQ_DEPLOYMENT_PATCH : WREQ_KIND_COUNT;
}

static void deploy_validate(struct form *f, void *ud)
{
	struct deploy_form *df = ud;
	bool dir = dir_mode(f);
	const char *dir_keys[] = {"path", "reason"}, *chg_keys[] = {"vdk", "version"};
	for (int i = 0; i < 2; i++) {
		form_get(f, dir_keys[i])->hidden = !dir;
		form_get(f, chg_keys[i])->hidden = dir;
	}
	struct form_field *summary = form_get(f, "summary");
	if (df->inspected && !str_eq(df->insp_path, form_text(f, "path"))) {
		df->inspected = false;
		jobdir_info_free(&df->insp);
	}
	summary->hidden = !dir || !df->inspected;
	struct form_field *py = form_get(f, "python");
	/* Not blocking: without a choice the service keeps the current one. */
	form_field_set(py, NULL,
		       py->choices.n ? NULL
		       : df->info_failed ? "supported versions unknown: the current one is kept"
					 : "waiting for the supported python versions…",
		       NULL);
	form_field_set(form_get(f, "mode"), NULL, NULL, NULL);
	form_clear_ops(f);
	if (dir) {
		/* A schedule the parser refuses would be sent and fail later,
		 * by e-mail, on the server: refused here, under the directory. */
		const char *cron = df->inspected ? df->insp.config.schedule_cron : NULL;
		struct cron cr;
		char *why = NULL, *bad = NULL;
		if (!str_empty(cron) && cron_parse(cron, &cr, &why) < 0)
			bad = xasprintf("fix config.ini: schedule_cron %s", why ? why : "is not a schedule");
		form_field_set(form_get(f, "path"), str_empty(form_text(f, "path")) ? "enter the job directory (Tab completes)" : bad,
			       NULL, bad ? NULL : df->inspected ? "Enter again to deploy" : "Enter checks the directory first");
		free(bad);
		free(why);
		add_op(f, WREQ_SOURCES_UPLOAD, df->t);
		add_op(f, WREQ_JOB_GET, df->t);
		add_op(f, WREQ_JOB_UPDATE, df->t);
		add_op(f, WREQ_DEPLOY, df->t);
	} else if (!df->t->job || !df->t->dep) {
		form_field_set(form_get(f, "mode"), df->t->job ? "not deployed: deploy from a directory first"
							       : "select a job first", NULL, NULL);
	} else {
		enum wreq_kind k = change_kind(f, df->t->dep);
		if (k == WREQ_KIND_COUNT)
			form_field_set(form_get(f, "mode"), "nothing changed yet", NULL, NULL);
		else
			add_op(f, k, df->t);
		form_field_set(form_get(f, "version"), str_empty(form_text(f, "version")) ? "enter a job version" : NULL,
			       NULL, k == WREQ_DEPLOY ? "python or job version: a new deployment (POST)" : NULL);
	}
	form_check_confirm(f, df->t->job);
}

static void set_versions(struct form *f, struct deploy_form *df, const struct strlist *versions)
{
	const char *sel = df->want_python;
	if (!sel && df->t->dep)
		sel = df->t->dep->python_version;
	form_set_choices(f, "python", versions, sel);
}

/* First Enter in directory mode: look at the directory and say what it is. */
static int inspect(struct deploy_form *df, struct form *f)
{
	const char *path = form_text(f, "path");
	char *err = NULL;
	struct jobdir_info info;
	if (jobdir_inspect(path, &info, &err) < 0) {
		form_set_error(f, err);
		free(err);
		return R_REDRAW;
	}
	const struct jobdir_config *c = &info.config;
	char *why = NULL;
	if (!df->t->job)
		why = xasprintf("no job selected: the directory is job %s; select it in the list (or create it with c) "
				"first", info.name);
	else if (!str_eq(info.name, df->t->job))
		why = xasprintf("the directory is job %s, but the selected job is %s", info.name, df->t->job);
	else if (c->team && df->t->team && !str_eq(c->team, df->t->team))
		why = xasprintf("config.ini says team %s, but %s is in team %s", c->team, df->t->job, df->t->team);
	if (why) {
		form_set_error(f, why);
		free(why);
		jobdir_info_free(&info);
		return R_REDRAW;
	}
	char *size = dialog_size_text((long long)info.total_size);
	char *sum = xasprintf("team %s, schedule %s, python %s; %zu files, %s", c->team ? c->team : "-",
			      str_empty(c->schedule_cron) ? "(none)" : c->schedule_cron,
			      c->python_version ? c->python_version : "(default)", info.file_count, size);
	free(size);
	form_set_info(f, "summary", sum);
	free(sum);
	char *warn = info.warnings.n ? strlist_join(&info.warnings, "\n") : NULL;
	form_field_set(form_get(f, "summary"), NULL, NULL, warn);
	free(warn);
	if (c->python_version) {
		free(df->want_python);
		df->want_python = xstrdup(c->python_version);
		struct form_field *py = form_get(f, "python");
		struct strlist copy = {0};
		bool found = false;
		for (size_t i = 0; i < py->choices.n; i++) {
			strlist_push(&copy, py->choices.v[i]);
			found = found || str_eq(py->choices.v[i], c->python_version);
		}
		if (found)
			form_set_choices(f, "python", &copy, c->python_version);
		else if (py->choices.n)
			form_field_set(py, NULL, "config.ini's python_version is not supported by the service", NULL);
		strlist_clear(&copy);
	}
	jobdir_info_free(&df->insp);
	df->insp = info;
	df->inspected = true;
	free(df->insp_path);
	df->insp_path = xstrdup(path);
	form_set_error(f, NULL);
	form_validate(f);
	return R_REDRAW;
}

static void take_values(const struct form *f, struct deploy_values *v)
{
	v->mode = xstrdup(form_choice(f, "mode"));
	v->path = xstrdup(form_text(f, "path"));
	v->python = xstrdup(form_choice(f, "python"));
	v->reason = xstrdup(form_text(f, "reason"));
	v->vdk = xstrdup(form_text(f, "vdk"));
	v->version = xstrdup(form_text(f, "version"));
	v->enabled = form_checked(f, "enabled");
}

static void start_run(struct deploy_form *df, struct form *f)
{
	struct app *a = df->a;
	struct deploy_run *r = xcalloc(1, sizeof *r);
	r->a = a;
	r->t = action_target_dup(df->t);
	take_values(f, &r->val);
	r->cfg = df->insp.config;
	memset(&df->insp.config, 0, sizeof df->insp.config);
	char *err = NULL;
	r->zip = deploy_zip_start(r->val.path, &err);
	struct dialog *d = dialog_new(DLG_PROGRESS, "Deploy");
	dialog_text(d, "Deploying %s (team %s) from %s, python %s, %s", r->t->job, r->t->team ? r->t->team : "-",
		    r->val.path, r->val.python ? r->val.python : "-", r->val.enabled ? "enabled" : "disabled");
	r->step[ST_ZIP] = dialog_step_add(d, "pack the directory");
	r->step[ST_UPLOAD] = dialog_step_add(d, "upload the sources");
	r->step[ST_GET] = dialog_step_add(d, "read the job");
	r->step[ST_PUT] = dialog_step_add(d, "update its config");
	r->step[ST_POST] = dialog_step_add(d, "deploy the version");
	r->step[ST_WAIT] = dialog_step_add(d, "wait until live");
	for (size_t i = 0; i < f->ops.n; i++)
		dialog_op(d, f->ops.v[i]);
	dialog_step_set(d, r->step[ST_ZIP], STEP_RUNNING, 0, NULL);
	struct view *v = dialog_view_new(a, d, &run_handler, r);
	r->view = v;
	if (!r->zip) {
		r->stage = ST_ZIP;
		run_fail(r, v, d, err ? err : "cannot pack");
		free(err);
	}
	app_push(a, v);
}

static int change_submit(struct deploy_form *df, struct view *v, struct form *f)
{
	enum wreq_kind k = change_kind(f, df->t->dep);
	struct wreq *req = wreq_new(k, df->t->team, df->t->job, NULL);
	const struct deployment *d = df->t->dep;
	struct deploy_params p = {NULL, NULL, NULL, form_checked(f, "enabled") ? 1 : 0};
	bool vdk_changed = !str_eq(form_text(f, "vdk"), d->vdk_version ? d->vdk_version : "");
	if (vdk_changed && !str_empty(form_text(f, "vdk")))
		p.vdk_version = form_text(f, "vdk");
	if (k == WREQ_DEPLOY) {
		p.job_version = form_text(f, "version");
		p.python_version = form_choice(f, "python");
	}
	wreq_set_deploy(req, &p);
	form_set_error(f, NULL);
	form_set_busy(f, k == WREQ_DEPLOY ? "deploying…" : "changing the deployment…");
	df->pending = app_submit(df->a, v, req);
	return R_REDRAW;
}

static int deploy_submit(struct view *v, struct form *f, void *ud)
{
	struct deploy_form *df = ud;
	if (!dir_mode(f))
		return change_submit(df, v, f);
	if (!df->inspected)
		return inspect(df, f);
	/* Inspect again: the directory may have changed since. */
	char *path = xstrdup(form_text(f, "path"));
	df->inspected = false;
	int bits = inspect(df, f);
	free(path);
	if (!df->inspected)
		return bits;
	/* Close first: closing a view closes everything above it. The form
	 * and df live until the end of this loop iteration. */
	app_close(df->a, v);
	start_run(df, f);
	return R_NONE;
}

static int deploy_form_result(struct view *v, struct form *f, struct wresult *r, void *ud)
{
	struct deploy_form *df = ud;
	if (r->type != WRESULT_DONE || !r->req)
		return R_NONE;
	if (r->req->id == df->info) {
		df->info = 0;
		if (r->ok && r->u.info && r->u.info->python_versions.n) {
			set_versions(f, df, &r->u.info->python_versions);
		} else {
			/* Keep deploying possible with what the job uses now. */
			df->info_failed = true;
			struct strlist l = {0};
			if (df->t->dep && df->t->dep->python_version)
				strlist_push(&l, df->t->dep->python_version);
			set_versions(f, df, &l);
			strlist_clear(&l);
			app_message(df->a, MSG_WARN, "supported python versions unknown: %s",
				    r->err.message ? r->err.message : "no answer");
		}
		form_validate(f);
		return R_REDRAW;
	}
	if (r->req->id != df->pending)
		return R_NONE;
	df->pending = 0;
	form_set_busy(f, NULL);
	if (!r->ok) {
		char *why = actions_error_text(r);
		char *outcome = xasprintf("failed: %s", r->err.message ? r->err.message : "error");
		actions_log(df->a, r, df->t->job, outcome);
		form_set_error(f, why);
		app_message(df->a, MSG_ERROR, "deploy %s: %s", df->t->job, why);
		free(outcome);
		free(why);
		return R_REDRAW;
	}
	actions_log(df->a, r, df->t->job, r->req->kind == WREQ_DEPLOY ? "accepted" : "ok");
	if (r->req->kind == WREQ_DEPLOY) {
		deploy_track_start(df->a, df->t->team, df->t->job, r->req->deploy.job_version,
				   r->req->deploy.python_version, NULL);
	} else {
		bool on = r->req->deploy.enabled == 1;
		app_message(df->a, MSG_OK, "deployment of %s updated: %s%s%s", df->t->job, on ? "enabled" : "disabled",
			    r->req->deploy.vdk_version ? ", vdk " : "",
			    r->req->deploy.vdk_version ? r->req->deploy.vdk_version : "");
		jobs_view_set_enabled(jobs_view_home(df->a), df->t->job, on);
		app_refresh(df->a, -1);
	}
	return R_CLOSE;
}

static void deploy_form_fini(void *ud)
{
	struct deploy_form *df = ud;
	action_target_free(df->t);
	jobdir_info_free(&df->insp);
	free(df->insp_path);
	free(df->want_python);
	free(df);
}

static const struct form_handler deploy_form_handler = {
	.submit = deploy_submit,
	.result = deploy_form_result,
	.fini = deploy_form_fini,
};

static void open_form(struct app *a, const struct action_target *t, const struct deploy_values *val)
{
	struct deploy_form *df = xcalloc(1, sizeof *df);
	df->a = a;
	df->t = action_target_dup(t);
	struct form *f = form_new(t->job ? "Deploy" : "Deploy (no job selected)");
	f->validate = deploy_validate;
	f->ud = df;
	struct strlist modes = {0};
	strlist_push(&modes, MODE_DIR);
	strlist_push(&modes, MODE_CHANGE);
	form_add(f, FF_INFO, "job", "Job", 0);
	char *jt = xasprintf("%s (team %s)", t->job ? t->job : "none selected", t->team ? t->team : "-");
	form_set_info(f, "job", jt);
	free(jt);
	form_add(f, FF_CHOICE, "mode", "Mode", 0);
	form_set_choices(f, "mode", &modes, val ? val->mode : MODE_DIR);
	strlist_clear(&modes);
	form_add(f, FF_PATH, "path", "Job directory", 0);
	form_add(f, FF_INFO, "summary", "config.ini", 0);
	form_add(f, FF_CHOICE, "python", "Python version", 0);
	form_add(f, FF_CHECK, "enabled", "Enabled", 0);
	form_add(f, FF_TEXT, "vdk", "VDK version", 0);
	form_add(f, FF_TEXT, "version", "Job version", 0);
	form_add(f, FF_TEXT, "reason", "Reason", 0);
	const struct deployment *d = t->dep;
	form_set_check(f, "enabled", val ? val->enabled : (!d || d->enabled != 0));
	form_set_text(f, "vdk", val ? val->vdk : d ? d->vdk_version : NULL);
	form_set_text(f, "version", val ? val->version : d ? d->job_version : NULL);
	form_set_text(f, "path", val ? val->path : NULL);
	form_set_text(f, "reason", val ? val->reason : NULL);
	if (val && val->python)
		df->want_python = xstrdup(val->python);
	actions_form_typed(a, f, t->job);
	/* The directory is what people type first (the mode defaults to it);
	 * Shift-Tab reaches the mode. Focus on a choice would drop typing. */
	form_focus(f, "path");
	struct view *v = form_view_new(a, f, &deploy_form_handler, df);
	app_push(a, v);
	df->info = app_submit(a, v, wreq_new(WREQ_INFO, t->team, NULL, NULL));
}

void action_deploy(struct app *a, const struct action_target *t)
{
	open_form(a, t, NULL);
}
