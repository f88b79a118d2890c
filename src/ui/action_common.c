/* The helpers the write-action flows share (see action_common.h). */
#include "ui/action_common.h"

#include <stdlib.h>
#include <string.h>

#include "ui/app.h"
#include "ui/form.h"
#include "worker.h"

void action_target_free(struct action_target *t)
{
	if (!t)
		return;
	free(t->team);
	free(t->job);
	deployment_free(t->dep);
	free(t->exec_id);
	free(t);
}

struct action_target *action_target_dup(const struct action_target *t)
{
	struct action_target *d = xcalloc(1, sizeof *d);
	d->team = xstrdup(t->team);
	d->job = xstrdup(t->job);
	d->deployed_known = t->deployed_known;
	d->dep = t->dep ? deployment_dup(t->dep) : NULL;
	d->exec_id = xstrdup(t->exec_id);
	d->exec_status = t->exec_status;
	d->whole_view = t->whole_view;
	d->origin = t->origin;
	return d;
}

bool actions_typed(struct app *a)
{
	const struct context *ctx = app_context(a);
	return ctx && ctx->confirm == CONFIRM_TYPED;
}

char *actions_error_text(const struct wresult *r)
{
	const struct api_error *e = &r->err;
	if (!str_empty(e->what) && !str_empty(e->why))
		return xasprintf("%s %s", e->what, e->why);
	if (!str_empty(e->what))
		return xstrdup(e->what);
	return xstrdup(e->message ? e->message : "request failed");
}

/* The word the action log shows for a write. */
static const char *action_word(const struct wreq *req)
{
	switch (req->kind) {
	case WREQ_JOB_CREATE: return "create";
	case WREQ_JOB_UPDATE: return "update";
	case WREQ_JOB_DELETE: return "delete";
	case WREQ_DEPLOY: return "deploy";
	case WREQ_SOURCES_UPLOAD: return "upload";
	case WREQ_EXEC_START: return "run";
	case WREQ_EXEC_CANCEL: return "cancel";
	case WREQ_PROPERTIES_PUT: return "properties";
	case WREQ_SECRETS_PUT: return "secrets";
	case WREQ_DEPLOYMENT_PATCH:
		return req->deploy.enabled == 1 ? "enable" : req->deploy.enabled == 0 ? "disable" : "change";
	default: return wreq_kind_name(req->kind);
	}
}

void actions_log(struct app *a, const struct wresult *r, const char *target, const char *outcome)
{
	char *op = wreq_describe(r->req);
	char *msg = r->ok ? NULL : actions_error_text(r);
	app_log_write(a, &(struct app_action){
		.action = (char *)action_word(r->req), .operation = op, .target = (char *)target,
		.outcome = (char *)outcome, .status = r->http_status ? r->http_status : r->err.http_status, .message = msg,
	});
	free(msg);
	free(op);
}

void actions_form_typed(struct app *a, struct form *f, const char *name)
{
	if (actions_typed(a))
		form_add_confirm(f, name);
}
