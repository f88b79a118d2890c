/* vdktop runs: executions across the team's jobs, newest first, from the
 * root `executions` query (gql.h), which also sees a failure that a later
 * success hides from the job list. */
#include <json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_priv.h"
#include "cli_table.h"
#include "gql.h"
#include "timefmt.h"
#include "ui/rowfmt.h"

#define RUNS_PAGE 100

static struct json_object *run_json(const struct execution *x, time_t now)
{
	struct json_object *o = json_object_new_object();
	long long d = execution_duration(x, now);
	json_object_object_add(o, "id", cli_json_str(x->id));
	json_object_object_add(o, "job", cli_json_str(x->job_name));
	json_object_object_add(o, "status", json_object_new_string(exec_status_name(x->status)));
	json_object_object_add(o, "type", json_object_new_string(exec_type_name(x->type)));
	json_object_object_add(o, "start_time", cli_json_time(x->start_time));
	json_object_object_add(o, "end_time", cli_json_time(x->end_time));
	json_object_object_add(o, "duration_s", d >= 0 ? json_object_new_int64(d) : NULL);
	json_object_object_add(o, "started_by", cli_json_str(x->started_by));
	json_object_object_add(o, "message", cli_json_str(x->message));
	json_object_object_add(o, "op_id", cli_json_str(x->op_id));
	return o;
}

enum { RC_JOB, RC_ID, RC_STATUS, RC_STARTED, RC_DURATION, RC_TYPE, RC_BY, RC_MESSAGE, RC_COUNT };
static const char *const titles[RC_COUNT] = {"JOB", "EXECUTION", "STATUS", "STARTED", "DURATION", "TYPE",
					     "STARTED BY", "MESSAGE"};
static const bool right[RC_COUNT] = {[RC_STARTED] = true, [RC_DURATION] = true};

static void table_add(struct cli *c, struct cli_table *t, const struct execution *x, time_t now)
{
	char st[64], when[64], dur[32];
	char *cells[RC_COUNT] = {
		[RC_JOB] = x->job_name,
		[RC_ID] = x->id,
		/* one word for awk and cut; with its glyph for eyes */
		[RC_STATUS] = c->out_tty ? rowfmt_status(x->status, true, c->utf8, st, sizeof st)
					 : (char *)rowfmt_status_word(x->status),
		[RC_STARTED] = rowfmt_when(x->start_time, now, c->cfg.utc, when, sizeof when),
		[RC_DURATION] = rowfmt_duration(execution_duration(x, now), dur, sizeof dur),
		[RC_TYPE] = (char *)exec_type_name(x->type),
		[RC_BY] = x->started_by,
		[RC_MESSAGE] = x->message,
	};
	cli_table_add(t, cells);
}

int cli_runs(struct cli *c)
{
	long long age = c->since ? timefmt_parse_age(c->since) : c->running ? 0 : 24 * 3600;
	if (age < 0) {
		cli_say(c, "--since wants an age such as 30m, 24h or 7d, not \"%s\"", c->since);
		return CLI_USAGE;
	}
	time_t now = time(NULL);
	const char *team = c->ctx->team;
	const char *teams[1] = {team}, *jobs[1] = {c->job};
	struct executions_query q = {
		.teams = teams, .n_teams = str_empty(team) || !strcmp(team, "*") ? 0 : 1,
		.jobs = jobs, .n_jobs = c->job ? 1 : 0,
		.start_gte = age > 0 ? now - (time_t)age : 0,
		.page_size = RUNS_PAGE,
	};
	if (c->failed)
		q.statuses = EXEC_STATUS_BIT(EXEC_USER_ERROR) | EXEC_STATUS_BIT(EXEC_PLATFORM_ERROR);
	if (c->running)
		q.statuses = EXEC_STATUS_BIT(EXEC_SUBMITTED) | EXEC_STATUS_BIT(EXEC_RUNNING);

	struct json_object *arr = c->json ? json_object_new_array() : NULL;
	struct cli_table t;
	cli_table_init(&t, RC_COUNT, titles, right);
	int rc = CLI_OK;
	for (long page = 1; rc == CLI_OK; page++) {
		struct execution_list *l = NULL;
		struct api_error e = {0};
		q.page = page;
		if (api_executions_find(c->http, &c->t, &q, &l, &e) < 0) {
			rc = cli_fail(c, &e, "cannot list the executions");
			api_error_clear(&e);
			break;
		}
		for (size_t i = 0; i < l->n; i++) {
			if (arr)
				json_object_array_add(arr, run_json(&l->v[i], now));
			else
				table_add(c, &t, &l->v[i], now);
		}
		/* A short page is the last; so is the page the server counts
		 * as the last, so a server that keeps answering full pages
		 * cannot keep this going. */
		bool last = l->n < RUNS_PAGE || (l->total_pages >= 0 && page >= l->total_pages);
		execution_list_free(l);
		if (last)
			break;
	}
	if (rc == CLI_OK) {
		if (arr)
			cli_json_print(c, arr);
		else
			cli_table_print(c, &t);
	}
	json_object_put(arr);
	cli_table_free(&t);
	return rc;
}
