/* The services views call: messages, the action log, settings, watched
 * jobs; and the bookkeeping every result passes through. */
#include "ui/app_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void app_message(struct app *a, enum msg_level lvl, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	chrome_message(&a->chrome, lvl, s, now_ms());
	free(s);
}

void app_message_clear(struct app *a)
{
	free(a->chrome.msg);
	a->chrome.msg = NULL;
}

void app_log_action(struct app *a, const char *operation, const char *target, const char *outcome)
{
	/* The action word is the operation's first word ("deploy (wait until live)"). */
	char *word = xstrndup(operation ? operation : "-", strcspn(operation ? operation : "-", " "));
	app_log_write(a, &(struct app_action){
		.action = word, .operation = (char *)operation, .target = (char *)target, .outcome = (char *)outcome,
	});
	free(word);
}

void app_log_write(struct app *a, const struct app_action *e)
{
	a->log = xreallocarray(a->log, a->nlog + 1, sizeof *a->log);
	a->log[a->nlog++] = (struct app_action){
		.when = time(NULL), .action = xstrdup(e->action), .operation = xstrdup(e->operation),
		.target = xstrdup(e->target), .outcome = xstrdup(e->outcome), .op_id = xstrdup(app_op_id(a)),
		.status = e->status, .message = xstrdup(e->message),
	};
	/* An open action log shows the new entry. */
	for (size_t i = 0; i < a->n; i++)
		if (a->stack[i]->ops->flags & VF_ACTION_LOG)
			a->stack[i]->dirty = true;
}

size_t app_action_count(const struct app *a)
{
	return a->nlog;
}

const struct app_action *app_action_at(const struct app *a, size_t i)
{
	return i < a->nlog ? &a->log[i] : NULL;
}

const struct config *app_config(const struct app *a)
{
	return a->cfg;
}

const struct context *app_context(const struct app *a)
{
	return config_context(a->cfg);
}

const struct keymap *app_keymap(const struct app *a)
{
	return a->km;
}

const char *app_team(const struct app *a)
{
	return a->team;
}

void app_set_team(struct app *a, const char *team)
{
	char *t = xstrdup(str_empty(team) ? "*" : team);
	free(a->team);
	a->team = t;
}

bool app_read_only(const struct app *a)
{
	const struct context *ctx = app_context(a);
	return a->cfg->read_only || (ctx && ctx->read_only);
}

bool app_write_allowed(struct app *a, enum action act)
{
	const struct action_info *ai = action_info(act);
	if (!ai || !(ai->flags & AF_WRITE) || !app_read_only(a))
		return true;
	const struct context *ctx = app_context(a);
	if (a->cfg->read_only)
		app_message(a, MSG_WARN, "%s refused: read-only (--read-only)", ai->name);
	else
		app_message(a, MSG_WARN, "%s refused: context %s is read_only", ai->name,
			ctx && ctx->name ? ctx->name : "-");
	return false;
}

int app_refresh_ms(const struct app *a, bool active)
{
	int normal = a->cfg->refresh_s > 0 ? a->cfg->refresh_s : 10;
	int fast = a->cfg->refresh_active_s > 0 ? a->cfg->refresh_active_s : 2;
	if (fast > normal)
		fast = normal;
	return (active ? fast : normal) * 1000;
}

time_t app_now(const struct app *a)
{
	return time(NULL);
}

bool app_utc(const struct app *a)
{
	return a->cfg->utc;
}

const char *app_op_id(const struct app *a)
{
	return a->conn ? worker_op_id(a->conn->worker) : "";
}

ssize_t app_strlist_find(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (str_eq(l->v[i], s))
			return (ssize_t)i;
	return -1;
}

static void strlist_remove(struct strlist *l, size_t i)
{
	free(l->v[i]);
	memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof *l->v);
	l->n--;
}

bool app_is_watched(const struct app *a, const char *job)
{
	return app_strlist_find(&a->watched, job) >= 0;
}

void app_toggle_watch(struct app *a, const char *job)
{
	if (str_empty(job))
		return;
	ssize_t i = app_strlist_find(&a->watched, job);
	if (i >= 0) {
		strlist_remove(&a->watched, (size_t)i);
		ssize_t f = app_strlist_find(&a->failing, job);
		if (f >= 0)
			strlist_remove(&a->failing, (size_t)f);
		app_message(a, MSG_INFO, "stopped watching %s", job);
	} else {
		strlist_push(&a->watched, job);
		app_message(a, MSG_INFO, "watching %s: %s when it starts failing", job,
			a->cfg->bell ? "bell and header flag" : "header flag");
	}
}

/* A watched job's newest known outcome. */
static void watch_outcome(struct app *a, const char *job, enum exec_status st)
{
	if (!app_is_watched(a, job) || st == EXEC_UNKNOWN || exec_status_is_active(st))
		return;
	ssize_t f = app_strlist_find(&a->failing, job);
	if (exec_status_is_failure(st) && f < 0) {
		strlist_push(&a->failing, job);
		if (a->cfg->bell)
			beep();
		app_message(a, MSG_ERROR, "watched job %s failed (%s)", job, exec_status_name(st));
	} else if (!exec_status_is_failure(st) && f >= 0) {
		strlist_remove(&a->failing, (size_t)f);
	}
}

static void note_job(struct app *a, const struct job *j)
{
	if (j->team && app_strlist_find(&a->teams, j->team) < 0)
		strlist_push(&a->teams, j->team);
	if (a->watched.n && j->name) {
		enum exec_status st = EXEC_UNKNOWN;
		if (j->n_executions > 0 && !exec_status_is_active(j->executions[0].status))
			st = j->executions[0].status;
		else if (j->deployment)
			st = j->deployment->last_status;
		watch_outcome(a, j->name, st);
	}
}

/* While the service fails and no view watches anything (help or the
 * action log is open), an info probe keeps trying, so the status line
 * recovers by itself too. */
void app_update_probe(struct app *a)
{
	bool others = false;
	for (int s = 0; s < WATCH_COUNT; s++)
		if (s != WATCH_PROBE && a->watch_ms[s])
			others = true;
	bool want = a->chrome.state != CONN_OK && a->chrome.state != CONN_CONNECTING && !others;
	if (want && !a->watch_ms[WATCH_PROBE]) {
		app_watch(a, NULL, WATCH_PROBE, wreq_new(WREQ_INFO, a->team, NULL, NULL), app_refresh_ms(a, false));
	} else if (!want && a->watch_ms[WATCH_PROBE]) {
		app_unwatch(a, WATCH_PROBE);
	}
}


void app_note_result(struct app *a, const struct wresult *r)
{
	if (r->type == WRESULT_DONE && r->ok) {
		if (r->watch >= 0 && r->watch < WATCH_COUNT)
			a->watch_base[r->watch] = r->done_ms;
		switch (r->req->kind) {
		case WREQ_JOBS:
			if (r->u.jobs) {
				for (size_t i = 0; i < r->u.jobs->n; i++)
					note_job(a, &r->u.jobs->jobs[i]);
			}
			break;
		case WREQ_JOB:
			if (r->u.job)
				note_job(a, r->u.job);
			break;
		case WREQ_EXECUTIONS:
			if (r->u.executions)
				for (size_t i = 0; i < r->u.executions->n; i++)
					if (!exec_status_is_active(r->u.executions->v[i].status)) {
						watch_outcome(a, r->req->job, r->u.executions->v[i].status);
						break;
					}
			break;
		default:
			break;
		}
	}
}
