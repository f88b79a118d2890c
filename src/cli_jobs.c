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

static const char *state_key(const struct deployment *d)
{
	if (!d)
		return "not_deployed";
	return d->enabled == 0 ? "disabled" : "enabled";
}

static struct json_object *job_json(const struct job *j)
{
	const struct deployment *d = j->deployment;
	struct job_last l = jobs_model_last(j);
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "name", cli_json_str(j->name));
	json_object_object_add(o, "team", cli_json_str(j->team));
	json_object_object_add(o, "description", cli_json_str(j->description));
	json_object_object_add(o, "state", json_object_new_string(state_key(d)));
	json_object_object_add(o, "last_status", l.known ? json_object_new_string(exec_status_name(l.status)) : NULL);
	json_object_object_add(o, "last_run", cli_json_time(l.time));
	json_object_object_add(o, "last_duration_s", l.known && l.duration >= 0 ? json_object_new_int64(l.duration) : NULL);
	json_object_object_add(o, "running", json_object_new_boolean(jobs_model_active(j)));
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
	[JC_NAME] = "NAME", [JC_TEAM] = "TEAM", [JC_STATE] = "STATE", [JC_STATUS] = "LAST STATUS",
	[JC_LAST_RUN] = "LAST RUN", [JC_DURATION] = "DURATION", [JC_RATE] = "OK%", [JC_SCHEDULE] = "SCHEDULE",
	[JC_PYTHON] = "PYTHON", [JC_DEPLOYED_BY] = "DEPLOYED BY", [JC_DEPLOYED_AT] = "DEPLOYED",
};
static const bool right[JC_COUNT] = {
	[JC_LAST_RUN] = true, [JC_DURATION] = true, [JC_RATE] = true, [JC_DEPLOYED_AT] = true,
};

static void print_table(struct cli *c, const struct job **v, size_t n, time_t now)
{
	struct cli_table t;
	cli_table_init(&t, JC_COUNT, titles, right);
	/* Glyphs only where they can be read: a UTF-8 terminal. */
	bool uni = c->out_tty && c->utf8;
	for (size_t i = 0; i < n; i++) {
		struct table_row row;
		memset(&row, 0, sizeof row);
		jobs_model_cells(v[i], now, c->cfg.utc, uni, false, &row);
		if (!c->out_tty) {
			/* For awk and cut: the status as one word, no glyph. */
			struct job_last l = jobs_model_last(v[i]);
			free(row.cell[JC_STATUS]);
			row.cell[JC_STATUS] = xstrdup(l.known ? rowfmt_status_word(l.status) : "-");
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
		for (size_t i = 0; i < pages[p]->n; i++) {
			const struct job *j = &pages[p]->jobs[i];
			if (jobs_model_in_scope(j, scope, now) && jobs_model_matches(j, filter))
				v[n++] = j;
		}
	if (rc == CLI_OK) {
		jobs_model_sort(v, n, JC_NAME, false);
		if (c->json) {
			struct json_object *a = json_object_new_array();
			for (size_t i = 0; i < n; i++)
				json_object_array_add(a, job_json(v[i]));
			cli_json_print(c, a);
			json_object_put(a);
		} else {
			print_table(c, v, n, now);
		}
	}
	free(v);
	for (size_t p = 0; p < npages; p++)
		job_page_free(pages[p]);
	free(pages);
	return rc;
}
