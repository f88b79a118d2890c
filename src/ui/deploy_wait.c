/* The judgement of a deployment being waited for (see deploy_wait.h). */
#include "ui/deploy_wait.h"

#include <stdlib.h>
#include <string.h>

#include "deploy.h"
#include "util.h"

void deploy_wait_init(struct deploy_wait *w, const char *team, const char *job, const char *version,
		      const char *python, long long start_ms, int timeout_s)
{
	w->team = xstrdup(team);
	w->job = xstrdup(job);
	w->version = xstrdup(version);
	w->python = xstrdup(python);
	w->start_ms = start_ms;
	w->timeout_ms = (timeout_s > 0 ? timeout_s : 600) * 1000LL;
}

void deploy_wait_fini(struct deploy_wait *w)
{
	free(w->team);
	free(w->job);
	free(w->version);
	free(w->python);
	memset(w, 0, sizeof *w);
}

struct wreq *deploy_wait_request(const struct deploy_wait *w)
{
	return wreq_new(WREQ_DEPLOYMENT, w->team, w->job, NULL);
}

void deploy_wait_report_clear(struct deploy_wait_report *rep)
{
	free(rep->message);
	free(rep->detail);
	free(rep->outcome);
	memset(rep, 0, sizeof *rep);
}

void deploy_wait_judge(const struct deploy_wait *w, const struct wresult *r, long long now_ms,
		       struct deploy_wait_report *out)
{
	memset(out, 0, sizeof *out);
	if (r->type != WRESULT_DONE || !r->req || r->req->kind != WREQ_DEPLOYMENT || !str_eq(r->req->job, w->job) ||
	    !str_eq(r->req->team, w->team)) {
		out->state = DW_OTHER;
		return;
	}
	long long el = (now_ms - w->start_ms) / 1000;
	char *ver = deploy_short_version(w->version);
	const struct deployment *dep = r->ok ? r->u.deployment : NULL;
	if (r->ok && deploy_is_live(dep, w->version, w->python)) {
		out->state = DW_LIVE;
		out->message = xasprintf("deployed %s %s (python %s)", w->job, ver,
					 dep->python_version ? dep->python_version : "?");
		out->outcome = xasprintf("live after %lld s", el);
		out->detail = xstrdup(out->outcome);
	} else if (now_ms - w->start_ms >= w->timeout_ms) {
		out->state = DW_TIMEOUT;
		out->message = deploy_timeout_text(w->team, w->job, w->version, (int)(w->timeout_ms / 1000), dep);
		out->outcome = xstrdup("timeout");
		out->detail = xstrdup("timeout");
	} else {
		out->state = DW_WAITING;
		out->warn = !r->ok;
		if (r->ok)
			out->message = xasprintf("deploying %s %s\u2026 %lld s", w->job, ver, el);
		else
			out->message = xasprintf("deploying %s %s\u2026 %lld s (last check failed: %s)", w->job, ver, el,
						 r->err.message ? r->err.message : "error");
		out->detail = xasprintf("%lld s", el);
	}
	free(ver);
}
