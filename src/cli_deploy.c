/* vdktop deploy DIR: the d dialog's deploy without a screen (deploy.h has
 * the sequence), progress on stderr, the new version on stdout. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_priv.h"
#include "deploy.h"
#include "jobdir.h"

#define REASON "deployed with vdktop"

/* The python version to deploy: --python, config.ini's, the current
 * deployment's, else the first the service supports; it must be one the
 * service supports when the service lists them. NULL (and *rc) when not. */
static char *pick_python(struct cli *c, const char *job, const struct jobdir_config *cfg, int *rc)
{
	struct api_info *info = NULL;
	struct deployment *cur = NULL;
	struct api_error e = {0};
	char *py = NULL;
	if (api_info(c->http, &c->t, &info, &e) < 0) {
		*rc = cli_fail(c, &e, "cannot read the supported python versions");
		api_error_clear(&e);
		return NULL;
	}
	const char *want = c->python ? c->python : cfg->python_version;
	if (!want && api_deployments(c->http, &c->t, job, &cur, &e) == 0 && cur)
		want = cur->python_version;
	api_error_clear(&e);
	const struct strlist *v = &info->python_versions;
	if (!want && v->n)
		want = v->v[0];
	bool ok = !want || !v->n;
	for (size_t i = 0; want && i < v->n; i++)
		ok = ok || !strcmp(v->v[i], want);
	if (ok) {
		py = want ? xstrdup(want) : NULL;
		*rc = CLI_OK;
	} else {
		char *list = strlist_join(v, ", ");
		cli_say(c, "python %s is not supported by the service (it supports %s)", want, list);
		free(list);
		*rc = CLI_USAGE;
	}
	deployment_free(cur);
	api_info_free(info);
	return py;
}

/* Waits until the deployment shows version (and python). */
static int wait_live(struct cli *c, const char *job, const char *version, const char *python)
{
	int timeout = c->cfg.deploy_timeout_s > 0 ? c->cfg.deploy_timeout_s : 600;
	time_t start = time(NULL);
	struct deployment *d = NULL;
	cli_say(c, "waiting until %s is live (up to %d s)", job, timeout);
	for (;;) {
		struct api_error e = {0};
		deployment_free(d);
		d = NULL;
		/* Not deployed yet (404) and no answer are both "not yet". */
		if (api_deployment_get(c->http, &c->t, job, &d, &e) < 0 && e.http_status != 404 &&
		    e.http_status != 0 && e.http_status < 500) {
			int rc = cli_fail(c, &e, "cannot read the deployment of %s", job);
			api_error_clear(&e);
			deployment_free(d);
			return rc;
		}
		api_error_clear(&e);
		if (deploy_is_live(d, version, python)) {
			char *sv = deploy_short_version(version);
			cli_say(c, "%s %s is live after %lld s", job, sv, (long long)(time(NULL) - start));
			free(sv);
			deployment_free(d);
			return CLI_OK;
		}
		if (time(NULL) - start >= timeout) {
			char *t = deploy_timeout_text(c->t.team, job, version, timeout, d);
			cli_say(c, "%s", t);
			free(t);
			deployment_free(d);
			return CLI_TIMEOUT;
		}
		cli_sleep_ms(1000);
	}
}

/* Upload, config, deployment. Prints the version on stdout. */
static int deploy_steps(struct cli *c, const struct jobdir_info *info, const char *python, char **version)
{
	const char *job = info->name;
	void *zip = NULL;
	size_t len = 0;
	char *err = NULL;
	struct api_error e = {0};
	int rc = CLI_OK;
	cli_say(c, "packing %s: %zu files, %llu bytes", info->path, info->file_count, info->total_size);
	if (jobdir_zip(info->path, &zip, &len, &err) < 0) {
		cli_say(c, "cannot pack %s: %s", info->path, err ? err : "unknown error");
		free(err);
		return CLI_USAGE;
	}
	cli_say(c, "uploading %zu bytes", len);
	if (api_sources_upload(c->http, &c->t, job, zip, len, REASON, version, &e) < 0 || str_empty(*version)) {
		rc = e.message ? cli_fail(c, &e, "cannot upload %s", job) : CLI_CONNECTION;
		if (!e.message)
			cli_say(c, "the upload of %s gave no version", job);
		goto out;
	}
	free(zip);
	zip = NULL;
	struct job *j = NULL;
	if (api_job_get(c->http, &c->t, job, &j, &e) < 0) {
		rc = cli_fail(c, &e, "cannot read job %s", job);
		goto out;
	}
	deploy_apply_config(j, &info->config);
	int urc = api_job_update(c->http, &c->t, j, &e);
	job_clear(j);
	free(j);
	if (urc < 0) {
		rc = cli_fail(c, &e, "cannot update the config of %s", job);
		goto out;
	}
	cli_say(c, "config of %s updated from config.ini", job);
	struct deploy_params p = {*version, python, NULL, c->disabled ? 0 : 1};
	if (api_deploy(c->http, &c->t, job, &p, &e) < 0) {
		rc = cli_fail(c, &e, "cannot deploy %s", job);
		goto out;
	}
	cli_say(c, "deployment of %s version %s accepted (python %s, %s)", job, *version, python ? python : "default",
		c->disabled ? "disabled" : "enabled");
	cli_put_raw(c, *version, strlen(*version));
	cli_put_raw(c, "\n", 1);
	cli_flush(c);
out:
	api_error_clear(&e);
	free(zip);
	return rc;
}

int cli_deploy(struct cli *c)
{
	int rc = cli_writable(c, "deploy");
	if (rc != CLI_OK)
		return rc;
	struct jobdir_info info;
	char *err = NULL;
	if (jobdir_inspect(c->args[0], &info, &err) < 0) {
		cli_say(c, "%s", err ? err : "not a job directory");
		free(err);
		return CLI_USAGE;
	}
	for (size_t i = 0; i < info.warnings.n; i++)
		cli_say(c, "warning: %s", info.warnings.v[i]);
	/* The team: the context's, else config.ini's; both must agree, as
	 * `vdk deploy` insists. */
	const char *team = c->ctx->team, *own = info.config.team;
	if (str_empty(team) || !strcmp(team, "*"))
		team = own;
	char *python = NULL, *version = NULL;
	if (str_empty(team)) {
		cli_say(c, "deploy needs a team: --team TEAM, or [owner] team in %s/config.ini", info.path);
		rc = CLI_USAGE;
	} else if (!str_empty(own) && strcmp(own, team) != 0) {
		cli_say(c, "config.ini says team %s, but the team is %s: deploy with --team %s", own, team, own);
		rc = CLI_USAGE;
	} else {
		c->t.team = team;
		python = pick_python(c, info.name, &info.config, &rc);
	}
	if (rc == CLI_OK)
		rc = deploy_steps(c, &info, python, &version);
	if (rc == CLI_OK && c->wait)
		rc = wait_live(c, info.name, version, python);
	free(version);
	free(python);
	jobdir_info_free(&info);
	return rc;
}
