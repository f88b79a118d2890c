/* What every subcommand shares: writing to stdout and stderr (server text
 * made harmless, a reader that left), exit statuses of errors and runs,
 * JSON output, and the connection, the job's team and the read-only
 * refusal. The subcommands (cli_*.c) call these; cli.c only parses and
 * dispatches, so none of them depends on the dispatcher. */
#include <errno.h>
#include <json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_priv.h"
#include "conn.h"
#include "sanitize.h"
#include "timefmt.h"

/* ---- output --------------------------------------------------------------- */

static void write_failed(struct cli *c, FILE *f)
{
	if (f == stdout && !c->out_gone) {
		c->out_gone = true;
		c->out_errno = errno;
	}
}

void cli_put_safe(struct cli *c, FILE *f, const char *s, size_t len)
{
	if (f == stdout && c->out_gone)
		return;
	sanitize_fwrite(f, s, len, SAN_OUT_LINE);
	if (ferror(f))
		write_failed(c, f);
}

void cli_put_raw(struct cli *c, const char *s, size_t len)
{
	if (c->out_gone)
		return;
	if (fwrite(s, 1, len, stdout) != len)
		write_failed(c, stdout);
}

bool cli_flush(struct cli *c)
{
	if (!c->out_gone && fflush(stdout) != 0)
		write_failed(c, stdout);
	return !c->out_gone;
}

void cli_say(struct cli *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	fputs("vdktop: ", stderr);
	cli_put_safe(c, stderr, msg, strlen(msg));
	fputc('\n', stderr);
	free(msg);
}

int cli_error_status(const struct api_error *e)
{
	long s = e->http_status;
	if (s == 404)
		return CLI_NOT_FOUND;
	/* an answer, not an outage: the feature is off (secrets, no vault) */
	if (s == 501)
		return CLI_REFUSED;
	if (s == 0 || s == 401 || s == 403 || s >= 500)
		return CLI_CONNECTION;
	return CLI_REFUSED;
}

int cli_fail(struct cli *c, const struct api_error *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *doing = xvasprintf(fmt, ap);
	va_end(ap);
	cli_say(c, "%s: %s", doing, e->message ? e->message : "unknown error");
	free(doing);
	return cli_error_status(e);
}

int cli_outcome(enum exec_status st)
{
	switch (st) {
	case EXEC_SUCCEEDED: return CLI_OK;
	case EXEC_USER_ERROR: return CLI_USER_ERROR;
	case EXEC_CANCELLED:
	case EXEC_SKIPPED: return CLI_CANCELLED;
	default: return CLI_PLATFORM_ERROR;
	}
}

void cli_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

struct json_object *cli_json_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

struct json_object *cli_json_time(time_t t)
{
	char buf[40];
	return t > 0 ? json_object_new_string(timefmt_iso(t, buf, sizeof buf)) : NULL;
}

void cli_json_print(struct cli *c, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	cli_put_raw(c, s, strlen(s));
	cli_put_raw(c, "\n", 1);
}

/* ---- connection, team, read-only ------------------------------------------ */

int cli_connect(struct cli *c)
{
	char *err = NULL;
	c->http = conn_client(&c->cfg, c->ctx, &c->auth, &err);
	if (!c->http) {
		cli_say(c, "%s", err ? err : "cannot set up the connection");
		free(err);
		return CLI_USAGE;
	}
	return CLI_OK;
}

int cli_job_team(struct cli *c, const char *job)
{
	const char *team = c->ctx->team;
	if (!str_empty(team) && strcmp(team, "*") != 0)
		return CLI_OK;
	/* No team of its own: the job's, when exactly one team has it. */
	struct jobs_query q = {.job_name = job, .page = 1, .page_size = 2};
	struct job_page *p = NULL;
	struct api_error e = {0};
	int rc = CLI_OK;
	if (api_jobs(c->http, &c->t, &q, &p, &e) < 0) {
		rc = cli_fail(c, &e, "cannot look up the team of %s", job);
	} else if (p->n == 0) {
		cli_say(c, "no job %s in any team", job);
		rc = CLI_NOT_FOUND;
	} else if (p->n > 1 || str_empty(p->jobs[0].team)) {
		cli_say(c, "%s is in more than one team: say which with --team", job);
		rc = CLI_USAGE;
	} else {
		c->team = xstrdup(p->jobs[0].team);
		c->t.team = c->team;
	}
	job_page_free(p);
	api_error_clear(&e);
	return rc;
}

int cli_writable(struct cli *c, const char *what)
{
	if (!config_read_only(&c->cfg))
		return CLI_OK;
	const struct context *ctx = config_context(&c->cfg);
	if (c->cfg.read_only || !ctx)
		cli_say(c, "refusing to %s: vdktop was started with --read-only", what);
	else
		cli_say(c, "refusing to %s: the context %s is read-only", what, ctx->name ? ctx->name : "");
	return CLI_READ_ONLY;
}
