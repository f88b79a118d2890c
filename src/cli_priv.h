/* What the subcommands share: the parsed command line, the connection and
 * the output helpers of cli_common.c. Not for anything outside src/cli*.c. */
#ifndef VDKTOP_CLI_PRIV_H
#define VDKTOP_CLI_PRIV_H

#include <stdbool.h>
#include <stdio.h>

#include "api.h"
#include "cli.h"
#include "config.h"
#include "model.h"
#include "util.h"

struct auth;

enum cli_cmd {
	CMD_JOBS, CMD_RUNS, CMD_LOGS, CMD_RUN, CMD_DEPLOY, CMD_CANCEL, CMD_ENABLE, CMD_DISABLE, CMD_PROPERTIES,
	CMD_SECRETS, CMD_HELP, CMD_COUNT
};

struct cli {
	enum cli_cmd cmd;
	char **args;  /* the positional words after the subcommand's name */
	int nargs;
	/* options (only those of cmd are accepted) */
	bool json, failed, running, follow, wait, no_timestamps, disabled;
	const char *since, *job, *run_args, *python;
	long tail; /* -1: not given */
	/* properties / secrets */
	const char *get, *overwrite;
	bool reveal;
	struct strlist sets, deletes, prompts; /* repeatable, in order */

	struct config cfg;
	const struct context *ctx;
	struct api_target t;
	struct http_client *http; /* set by cli_connect */
	struct auth *auth;
	char *team;     /* the job's team when looked up (cli_job_team) */
	bool out_tty;   /* stdout is a terminal */
	bool utf8;      /* the locale's charset is UTF-8 */
	bool out_gone;  /* stdout cannot be written any more: finish */
	int out_errno;  /* why: EPIPE (the reader left) ends quietly */
};

/* ---- cli_common.c -------------------------------------------------------- */

/* Sets up auth and the http client of the current context. 0, or an exit
 * status after saying why. */
int cli_connect(struct cli *c);
/* Makes c->t.team the team of job: the context's, else (none, or "*")
 * the one team that has a job of that name. CLI_OK, or an exit status
 * after saying why. */
int cli_job_team(struct cli *c, const char *job);
/* CLI_OK, or CLI_READ_ONLY after saying that `what` is refused. */
int cli_writable(struct cli *c, const char *what);

/* "vdktop: " + the formatted text + "\n" on stderr, made harmless as a
 * whole (it usually quotes the server). */
void cli_say(struct cli *c, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Says "vdktop: <doing>: <the error>" and returns the exit status the
 * error stands for (cli.h). */
int cli_fail(struct cli *c, const struct api_error *e, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* The exit status of an error, without saying anything. */
int cli_error_status(const struct api_error *e);
/* The exit status a run's final status stands for. */
int cli_outcome(enum exec_status st);

/* The one way server text reaches stdout for eyes: len bytes, made
 * harmless (control bytes, escapes, bidi, bad UTF-8 shown, not acted on). */
void cli_put_safe(struct cli *c, FILE *f, const char *s, size_t len);
/* Raw bytes to stdout (log lines to a pipe). */
void cli_put_raw(struct cli *c, const char *s, size_t len);
/* Flushes stdout; false once its reader is gone (then c->out_gone). */
bool cli_flush(struct cli *c);
/* Sleeps ms milliseconds (poll intervals, backoff). */
void cli_sleep_ms(long ms);

/* A JSON value of a string that may be NULL, an epoch time (0: null), and
 * the printing of a whole document on one line. */
struct json_object *cli_json_str(const char *s);
struct json_object *cli_json_time(time_t t);
void cli_json_print(struct cli *c, struct json_object *o);

/* ---- the subcommands ------------------------------------------------------ */

int cli_jobs(struct cli *c);           /* cli_jobs.c */
int cli_runs(struct cli *c);           /* cli_runs.c */
int cli_logs(struct cli *c);           /* cli_logs.c */
int cli_run(struct cli *c);            /* cli_run.c */
int cli_cancel(struct cli *c);         /* cli_run.c */
int cli_enable(struct cli *c, bool on); /* cli_run.c */
int cli_deploy(struct cli *c);         /* cli_deploy.c */
int cli_properties(struct cli *c, bool secret); /* cli_props.c */

/* cli_logs.c: follows execution id of job until it ends, printing its log
 * when print_log (else only waiting); returns the run's exit status. What
 * was logged before: its last tail lines (tail > 0), none (0: only what
 * arrives from now on) or the whole log from its first line (< 0). */
int cli_follow(struct cli *c, const char *job, const char *id, bool print_log, long tail);

#endif
