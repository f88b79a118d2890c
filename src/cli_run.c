/* vdktop run, cancel, enable and disable: one write each, refused in a
 * read-only context before anything is sent. */
#include <stdlib.h>
#include <string.h>

#include "cli_priv.h"
#include "jsonarg.h"

#define STARTED_BY "manual/vdktop"

/* "no job X in team T" for a 404 on a job's path; the service's words
 * otherwise. */
static int job_fail(struct cli *c, const struct api_error *e, const char *job, const char *doing)
{
	if (e->http_status == 404) {
		cli_say(c, "%s: no job %s in team %s (or it is not deployed): %s", doing, job, c->t.team,
			e->message ? e->message : "not found");
		return CLI_NOT_FOUND;
	}
	return cli_fail(c, e, "%s", doing);
}

int cli_run(struct cli *c)
{
	const char *job = c->args[0];
	char *args = NULL, *err = NULL;
	if (c->run_args && jsonarg_parse(c->run_args, &args, &err) < 0) {
		cli_say(c, "--args: %s", err ? err : "not a JSON object");
		free(err);
		return CLI_USAGE;
	}
	free(err);
	int rc = cli_writable(c, "start a run");
	if (rc == CLI_OK)
		rc = cli_job_team(c, job);
	if (rc != CLI_OK) {
		free(args);
		return rc;
	}
	char *id = NULL;
	struct api_error e = {0};
	if (api_execution_start(c->http, &c->t, job, STARTED_BY, args, &id, &e) < 0) {
		char *doing = xasprintf("cannot start %s", job);
		rc = job_fail(c, &e, job, doing);
		free(doing);
	} else if (str_empty(id)) {
		cli_say(c, "%s was started, but the service did not say the execution's id", job);
		rc = CLI_CONNECTION;
	} else {
		/* The id first and at once: a script may want it while waiting. */
		cli_put_raw(c, id, strlen(id));
		cli_put_raw(c, "\n", 1);
		cli_flush(c);
		if (c->wait)
			rc = cli_follow(c, job, id, c->follow, -1);
	}
	api_error_clear(&e);
	free(id);
	free(args);
	return rc;
}

int cli_cancel(struct cli *c)
{
	const char *job = c->args[0], *id = c->args[1];
	int rc = cli_writable(c, "cancel a run");
	if (rc != CLI_OK)
		return rc;
	if ((rc = cli_job_team(c, job)) != CLI_OK)
		return rc;
	struct api_error e = {0};
	if (api_execution_cancel(c->http, &c->t, job, id, &e) < 0) {
		if (e.http_status == 404) {
			cli_say(c, "cannot cancel %s %s: no such execution in team %s: %s", job, id, c->t.team,
				e.message ? e.message : "not found");
			rc = CLI_NOT_FOUND;
		} else {
			rc = cli_fail(c, &e, "cannot cancel %s %s", job, id);
		}
	} else {
		cli_say(c, "cancelled %s %s", job, id);
	}
	api_error_clear(&e);
	return rc;
}

int cli_enable(struct cli *c, bool on)
{
	const char *job = c->args[0];
	int rc = cli_writable(c, on ? "enable a deployment" : "disable a deployment");
	if (rc != CLI_OK)
		return rc;
	if ((rc = cli_job_team(c, job)) != CLI_OK)
		return rc;
	struct deploy_params p = {.enabled = on ? 1 : 0};
	struct api_error e = {0};
	if (api_deployment_patch(c->http, &c->t, job, &p, &e) < 0) {
		char *doing = xasprintf("cannot %s %s", on ? "enable" : "disable", job);
		rc = job_fail(c, &e, job, doing);
		free(doing);
	} else {
		cli_say(c, "%s %s", job, on ? "enabled" : "disabled");
	}
	api_error_clear(&e);
	return rc;
}
