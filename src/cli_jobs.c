/* vdktop jobs: the job list as a table or JSON, with the list's columns,
 * filter and scopes (ui/jobs_model.c decides them for both). */
#include <json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_priv.h"
#include "cli_table.h"
#include "ui/jobs_model.h"
#include "ui/rowfmt.h"

/* Every page of the team's jobs (NULL team: all teams). 0, or an exit
 * status after saying why. */
static int fetch_all(struct cli *c, const char *team, struct job_page ***pages, size_t *npages)
{
	long page_size = c->cfg.page_size > 0 ? c->cfg.page_size : 500;
	*pages = NULL;
	*npages = 0;
	for (long page = 1;; page++) {
		struct jobs_query q = {.team = team, .page = page, .page_size = page_size, .sort = JOBS_SORT_NAME};
		struct job_page *p = NULL;
		struct api_error e = {0};
		if (api_jobs(c->http, &c->t, &q, &p, &e) < 0) {
			int rc = cli_fail(c, &e, "cannot list the jobs of %s", team ? team : "every team");
			api_error_clear(&e);
			return rc;
		}
		*pages = xrealloc(*pages, (*npages + 1) * sizeof **pages);
		(*pages)[(*npages)++] = p;
		/* A short page is the last; so is the page the server counts
		 * as the last (trusting neither alone: a server that keeps
		 * answering full pages is stopped by its own count). */
		if (p->n < (size_t)page_size || (p->total_pages >= 0 && page >= p->total_pages))
			return CLI_OK;
	}
}

/* What the job query cannot say (api-notes §4.7), from the root
 * executions query: runs in flight, failures in the window (only when
 * asked for), and the newest finished run of each job whose summary a
 * PUT cleared. The lists stay in *held, which the caller frees. */
static int fetch_live(struct cli *c, const char *team, enum jobs_scope scope, time_t now, const struct job **v,
		      size_t n, struct jobs_live *live, struct execution_list ***held, size_t *nheld)
{
	const char *teams[] = {team};
	struct executions_query q = {.teams = teams, .n_teams = team ? 1 : 0, .page = 1, .page_size = 1000};
	struct api_error e = {0};
	struct execution_list *l = NULL;
	q.statuses = EXEC_STATUS_BIT(EXEC_RUNNING) | EXEC_STATUS_BIT(EXEC_SUBMITTED);
	if (api_executions_find(c->http, &c->t, &q, &l, &e) < 0)
		goto fail;
	*held = xrealloc(*held, (*nheld + 1) * sizeof **held);
	(*held)[(*nheld)++] = l;
	run_index_add(&live->active, l);
	run_index_done(&live->active);
	if (scope == SCOPE_FAILED) {
		q.statuses = EXEC_STATUS_BIT(EXEC_USER_ERROR) | EXEC_STATUS_BIT(EXEC_PLATFORM_ERROR);
		q.start_gte = now - 3600L * (c->cfg.failed_window_h > 0 ? c->cfg.failed_window_h : 24);
		if (api_executions_find(c->http, &c->t, &q, &l, &e) < 0)
			goto fail;
		*held = xrealloc(*held, (*nheld + 1) * sizeof **held);
		(*held)[(*nheld)++] = l;
		run_index_add(&live->failed, l);
		run_index_done(&live->failed);
		live->failed_known = true;
		q.start_gte = 0;
	}
	q.page_size = 1;
	q.statuses = EXEC_STATUS_BIT(EXEC_SUCCEEDED) | EXEC_STATUS_BIT(EXEC_USER_ERROR) |
		     EXEC_STATUS_BIT(EXEC_PLATFORM_ERROR) | EXEC_STATUS_BIT(EXEC_SKIPPED);
	for (size_t i = 0; i < n; i++) {
		if (!jobs_model_needs_last(v[i]))
			continue;
		const char *jobs[] = {v[i]->name};
		q.jobs = jobs;
		q.n_jobs = 1;
		if (api_executions_find(c->http, &c->t, &q, &l, &e) < 0)
			goto fail;
		*held = xrealloc(*held, (*nheld + 1) * sizeof **held);
		(*held)[(*nheld)++] = l;
		run_index_add(&live->done, l);
	}
	run_index_done(&live->done);
	return CLI_OK;
fail:;
	int rc = cli_fail(c, &e, "cannot list the executions of %s", team ? team : "every team");
	api_error_clear(&e);
	return rc;
}

static const char *state_key(const struct deployment *d)
{
	if (!d)
		return "not_deployed";
	return d->enabled == 0 ? "disabled" : "enabled";
}

static struct json_object *job_json(const struct job *j, const struct jobs_live *live)
{
	const struct deployment *d = j->deployment;
	struct job_last l = jobs_model_last(j, live);
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "name", cli_json_str(j->name));
	json_object_object_add(o, "team", cli_json_str(j->team));
	json_object_object_add(o, "description", cli_json_str(j->description));
	json_object_object_add(o, "state", json_object_new_string(state_key(d)));
	json_object_object_add(o, "last_status", l.known ? json_object_new_string(exec_status_name(l.status)) : NULL);
	json_object_object_add(o, "last_run", cli_json_time(l.time));
	json_object_object_add(o, "last_duration_s", l.known && l.duration >= 0 ? json_object_new_int64(l.duration) : NULL);
	json_object_object_add(o, "running", json_object_new_boolean(jobs_model_active(j, live)));
	int rate = deployment_success_rate(d);
	json_object_object_add(o, "success_rate", rate >= 0 ? json_object_new_int(rate) : NULL);
	json_object_object_add(o, "schedule", cli_json_str(str_empty(j->schedule_cron) ? NULL : j->schedule_cron));
	json_object_object_add(o, "next_run", cli_json_time(j->next_run > 0 ? (time_t)j->next_run : 0));
	json_object_object_add(o, "python_version", cli_json_str(d ? d->python_version : NULL));
	json_object_object_add(o, "job_version", cli_json_str(d ? d->job_version : NULL));
	json_object_object_add(o, "deployed_by", cli_json_str(d ? d->deployed_by : NULL));
	json_object_object_add(o, "deployed_at", cli_json_time(d ? d->deployed_at : 0));
	return o;
}

static const char *const titles[JC_COUNT] = {
	[JC_NAME] = "NAME", [JC_TEAM] = "TEAM", [JC_STATE] = "STATE", [JC_STATUS] = "STATUS",
	[JC_LAST_RUN] = "LAST RUN", [JC_DURATION] = "DURATION", [JC_RATE] = "OK%", [JC_SCHEDULE] = "SCHEDULE",
	[JC_PYTHON] = "PYTHON", [JC_DEPLOYED_BY] = "DEPLOYED BY", [JC_DEPLOYED_AT] = "DEPLOYED",
};
static const bool right[JC_COUNT] = {
	[JC_LAST_RUN] = true, [JC_DURATION] = true, [JC_RATE] = true, [JC_DEPLOYED_AT] = true,
};

static void print_table(struct cli *c, const struct job **v, size_t n, const struct jobs_live *live, time_t now)
{
	struct cli_table t;
	cli_table_init(&t, JC_COUNT, titles, right);
	/* Glyphs only where they can be read: a UTF-8 terminal. */
	bool uni = c->out_tty && c->utf8;
	for (size_t i = 0; i < n; i++) {
		struct table_row row;
		memset(&row, 0, sizeof row);
		jobs_model_cells(v[i], live, now, c->cfg.utc, uni, false, &row);
		if (!c->out_tty) {
			/* For awk and cut: the status as one word, no glyph. */
			const struct execution *run = jobs_model_run(v[i], live);
			struct job_last l = jobs_model_last(v[i], live);
			free(row.cell[JC_STATUS]);
			row.cell[JC_STATUS] = xstrdup(run ? rowfmt_status_word(run->status)
						  : l.known ? rowfmt_status_word(l.status) : "-");
		}
		cli_table_add(&t, row.cell);
		for (size_t k = 0; k < JC_COUNT; k++)
			free(row.cell[k]);
	}
	cli_table_print(c, &t);
	cli_table_free(&t);
}

int cli_jobs(struct cli *c)
{
	const char *team = c->ctx->team;
	if (str_empty(team) || !strcmp(team, "*"))
		team = NULL;
	struct job_page **pages;
	size_t npages;
	int rc = fetch_all(c, team, &pages, &npages);
	time_t now = time(NULL);
	const char *filter = c->nargs > 0 ? c->args[0] : NULL;
	enum jobs_scope scope = c->failed ? SCOPE_FAILED : c->running ? SCOPE_RUNNING : SCOPE_ALL;
	size_t total = 0, n = 0;
	for (size_t p = 0; p < npages; p++)
		total += pages[p]->n;
	const struct job **v = xcalloc(total ? total : 1, sizeof *v);
	for (size_t p = 0; p < npages && rc == CLI_OK; p++)
		for (size_t i = 0; i < pages[p]->n; i++)
			v[n++] = &pages[p]->jobs[i];
	struct jobs_live live;
	memset(&live, 0, sizeof live);
	struct execution_list **held = NULL;
	size_t nheld = 0;
	if (rc == CLI_OK)
		rc = fetch_live(c, team, scope, now, v, n, &live, &held, &nheld);
	total = n;
	n = 0;
	for (size_t i = 0; i < total && rc == CLI_OK; i++)
		if (jobs_model_in_scope(v[i], &live, scope) && jobs_model_matches(v[i], &live, filter))
			v[n++] = v[i];
	if (rc == CLI_OK) {
		jobs_model_sort(v, n, &live, JC_NAME, false);
		if (c->json) {
			struct json_object *a = json_object_new_array();
			for (size_t i = 0; i < n; i++)
				json_object_array_add(a, job_json(v[i], &live));
			cli_json_print(c, a);
			json_object_put(a);
		} else {
			print_table(c, v, n, &live, now);
		}
	}
	run_index_clear(&live.active);
	run_index_clear(&live.failed);
	run_index_clear(&live.done);
	for (size_t i = 0; i < nheld; i++)
		execution_list_free(held[i]);
	free(held);
	free(v);
	for (size_t p = 0; p < npages; p++)
		job_page_free(pages[p]);
	free(pages);
	return rc;
}
