/* The run action's requests and answers (see run_flow.h). */
#include "ui/run_flow.h"

#include <stdlib.h>
#include <string.h>

#include "jsonarg.h"
#include "util.h"

void run_flow_init(struct run_flow *f, const char *team, const char *job)
{
	memset(f, 0, sizeof *f);
	f->team = xstrdup(team);
	f->job = xstrdup(job);
}

void run_flow_fini(struct run_flow *f)
{
	free(f->team);
	free(f->job);
	free(f->running_id);
	free(f->started_id);
	memset(f, 0, sizeof *f);
}

static struct wreq *newest(const struct run_flow *f)
{
	struct wreq *q = wreq_new(WREQ_EXECUTIONS, f->team, f->job, NULL);
	q->page_size = 10;
	return q;
}

struct wreq *run_flow_probe(const struct run_flow *f)
{
	return newest(f);
}

struct wreq *run_flow_lookup(const struct run_flow *f)
{
	return newest(f);
}

struct wreq *run_flow_start(struct run_flow *f, const char *args, char **err)
{
	char *json = NULL;
	*err = NULL;
	if (jsonarg_parse(args ? args : "", &json, err) < 0) {
		if (!*err)
			*err = xstrdup("not a JSON object");
		return NULL;
	}
	struct wreq *req = wreq_new(WREQ_EXEC_START, f->team, f->job, NULL);
	req->args_json = json;
	req->started_by = xstrdup(RUN_STARTED_BY);
	free(f->running_id);
	f->running_id = NULL;
	return req;
}

static char *active_id(const struct wresult *r)
{
	const struct execution_list *l = r->ok ? r->u.executions : NULL;
	for (size_t i = 0; l && i < l->n; i++)
		if (exec_status_is_active(l->v[i].status))
			return xstrdup(l->v[i].id);
	return NULL;
}

enum run_event run_flow_result(struct run_flow *f, const struct wresult *r)
{
	if (r->type != WRESULT_DONE || !r->req)
		return RUN_NONE;
	unsigned long id = r->req->id;
	if (id && id == f->probe) {
		/* Said before y is pressed, not only after the service's 409;
		 * moot once the start went out. */
		f->probe = 0;
		if (f->running_id || f->pending)
			return RUN_NONE;
		f->running_id = active_id(r);
		return f->running_id ? RUN_RUNNING : RUN_NONE;
	}
	if (id && id == f->lookup) {
		f->lookup = 0;
		if (!f->running_id)
			f->running_id = active_id(r);
		return f->running_id ? RUN_FOUND : RUN_NOT_FOUND;
	}
	if (!id || id != f->pending)
		return RUN_NONE;
	f->pending = 0;
	if (r->ok) {
		free(f->started_id);
		f->started_id = str_empty(r->u.execution_id) ? NULL : xstrdup(r->u.execution_id);
		return RUN_STARTED;
	}
	if (r->err.http_status == 409)
		return RUN_CONFLICT;
	if (r->err.http_status == 404)
		return RUN_NOT_DEPLOYED;
	return RUN_FAILED;
}
