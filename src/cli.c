/* The subcommands' command line (global options before or after the
 * subcommand), their help, and the dispatch to each (cli_*.c). What the
 * subcommands share is in cli_common.c. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "cli_priv.h"
#include "sanitize.h"
#include "trace.h"

/* ---- the subcommands and their options ------------------------------------ */

struct cmd_info {
	const char *name;
	const char *synopsis;
	const char *text; /* what it does, then its own options */
};

static const struct cmd_info cmds[CMD_COUNT] = {
	[CMD_JOBS] = {"jobs", "jobs [--json] [--failed|--running] [FILTER]",
		"The team's jobs (every team's with --team '*'), with the columns of the job list,\n"
		"sorted by name. FILTER keeps jobs whose name, team, description, state or last\n"
		"status contains it (ignoring case).\n"
		"  --json             an array of objects with stable keys (vdktop(1), JSON OUTPUT)\n"
		"  --failed           only jobs whose last run failed within 24 hours\n"
		"  --running          only jobs with a run submitted or running\n"},
	[CMD_RUNS] = {"runs", "runs [--failed|--running] [--since AGE] [--job NAME] [--json]",
		"Executions across the team's jobs, newest first.\n"
		"  --failed           only runs that ended in user_error or platform_error\n"
		"  --running          only runs submitted or running\n"
		"  --since AGE        only runs started within AGE: 30m, 24h, 7d (default 24h)\n"
		"  --job NAME         only runs of job NAME\n"
		"  --json             an array of objects with stable keys (vdktop(1), JSON OUTPUT)\n"},
	[CMD_LOGS] = {"logs", "logs JOB [EXECUTION] [-f|--follow] [--tail N] [--no-timestamps]",
		"The log of EXECUTION, or of the job's newest execution. Lines go to a pipe as the\n"
		"server sent them and to a terminal made harmless.\n"
		"  -f, --follow       keep printing new lines until the run ends, then exit with\n"
		"                     the run's outcome; an outage is waited out\n"
		"  --tail N           start with the last N lines only\n"
		"  --no-timestamps    leave out the timestamp the server puts before each line\n"},
	[CMD_RUN] = {"run", "run JOB [--args JSON] [--wait] [-f|--follow]",
		"Starts the job and prints the new execution's id.\n"
		"  --args JSON        arguments for the job, a JSON object\n"
		"  --wait             wait for the run to end; exit with its outcome\n"
		"  -f, --follow       --wait, printing the run's log meanwhile\n"},
	[CMD_DEPLOY] = {"deploy", "deploy DIR [--python VERSION] [--disabled] [--wait]",
		"Deploys the job directory DIR (named after the job, with a config.ini) as the\n"
		"d dialog does: refuses keytabs, packs, uploads, applies config.ini, deploys.\n"
		"Prints the new version on stdout, progress on stderr.\n"
		"  --python VERSION   python version (default: config.ini's, else the current one)\n"
		"  --disabled         deploy with scheduling disabled\n"
		"  --wait             wait until the new version is live (deploy_timeout)\n"},
	[CMD_CANCEL] = {"cancel", "cancel JOB EXECUTION", "Cancels a submitted or running execution.\n"},
	[CMD_ENABLE] = {"enable", "enable JOB", "Enables the job's deployment: scheduled runs start again.\n"},
	[CMD_DISABLE] = {"disable", "disable JOB", "Disables the job's deployment: no scheduled runs start.\n"},
	[CMD_PROPERTIES] = {"properties",
		"properties JOB [--json] [--get KEY] [--set KEY=VALUE]... [--delete KEY]... [--overwrite FILE|-]",
		"The job's properties (its runtime settings) as KEY VALUE TYPE, sorted by key.\n"
		"Changes re-read the whole map, change it and send it back whole.\n"
		"  --json             the map as one JSON object\n"
		"  --get KEY          only KEY's value (a string as it is; with --json as JSON)\n"
		"  --set KEY=VALUE    set KEY (repeatable); an existing value keeps its type (a\n"
		"                     number stays a number); a new one is JSON as written (5, \"5\",\n"
		"                     true, [..]), other text a string\n"
		"  --delete KEY       remove KEY (repeatable)\n"
		"  --overwrite FILE   replace the whole map with FILE's JSON object (- for stdin)\n"},
	[CMD_SECRETS] = {"secrets", "secrets JOB [--json] [--reveal] [--set-prompt KEY]... [--delete KEY]...",
		"The job's secrets: their keys, every value masked unless --reveal.\n"
		"  --json             the keys as a JSON array (with --reveal: the whole map)\n"
		"  --reveal           print the values\n"
		"  --set-prompt KEY   ask for KEY's value without echoing it (one line of stdin when\n"
		"                     that is not a terminal); stored as a string (repeatable)\n"
		"  --delete KEY       remove KEY (repeatable)\n"},
	[CMD_HELP] = {"help", "help [SUBCOMMAND]", "Prints the help of SUBCOMMAND, or this overview.\n"},
};

enum {
	O_URL = 256, O_TEAM, O_CONTEXT, O_CONFIG, O_READ_ONLY, O_NO_COLOR, O_TRACE, O_HELP,
	O_JSON, O_FAILED, O_RUNNING, O_SINCE, O_JOB, O_FOLLOW, O_TAIL, O_NO_TS, O_ARGS, O_WAIT,
	O_PYTHON, O_DISABLED, O_GET, O_SET, O_DELETE, O_OVERWRITE, O_SET_PROMPT, O_REVEAL, O_END
};

#define M(x) (1u << (x))
#define EVERY ((1u << CMD_COUNT) - 1)

/* Which subcommands accept an option, by its value - O_URL. */
static const unsigned allowed[O_END - O_URL] = {
	[0 /* O_URL */] = EVERY, [O_TEAM - O_URL] = EVERY, [O_CONTEXT - O_URL] = EVERY,
	[O_CONFIG - O_URL] = EVERY, [O_READ_ONLY - O_URL] = EVERY, [O_NO_COLOR - O_URL] = EVERY,
	[O_TRACE - O_URL] = EVERY, [O_HELP - O_URL] = EVERY,
	[O_JSON - O_URL] = M(CMD_JOBS) | M(CMD_RUNS) | M(CMD_PROPERTIES) | M(CMD_SECRETS),
	[O_FAILED - O_URL] = M(CMD_JOBS) | M(CMD_RUNS),
	[O_RUNNING - O_URL] = M(CMD_JOBS) | M(CMD_RUNS),
	[O_SINCE - O_URL] = M(CMD_RUNS), [O_JOB - O_URL] = M(CMD_RUNS),
	[O_FOLLOW - O_URL] = M(CMD_LOGS) | M(CMD_RUN),
	[O_TAIL - O_URL] = M(CMD_LOGS), [O_NO_TS - O_URL] = M(CMD_LOGS),
	[O_ARGS - O_URL] = M(CMD_RUN), [O_WAIT - O_URL] = M(CMD_RUN) | M(CMD_DEPLOY),
	[O_PYTHON - O_URL] = M(CMD_DEPLOY), [O_DISABLED - O_URL] = M(CMD_DEPLOY),
	[O_GET - O_URL] = M(CMD_PROPERTIES), [O_SET - O_URL] = M(CMD_PROPERTIES),
	[O_DELETE - O_URL] = M(CMD_PROPERTIES) | M(CMD_SECRETS), [O_OVERWRITE - O_URL] = M(CMD_PROPERTIES),
	[O_SET_PROMPT - O_URL] = M(CMD_SECRETS), [O_REVEAL - O_URL] = M(CMD_SECRETS),
};

static const struct option long_opts[] = {
	{"url", required_argument, NULL, O_URL},
	{"team", required_argument, NULL, O_TEAM},
	{"context", required_argument, NULL, O_CONTEXT},
	{"config", required_argument, NULL, O_CONFIG},
	{"read-only", no_argument, NULL, O_READ_ONLY},
	{"no-color", no_argument, NULL, O_NO_COLOR},
	{"trace", required_argument, NULL, O_TRACE},
	{"help", no_argument, NULL, O_HELP},
	{"json", no_argument, NULL, O_JSON},
	{"failed", no_argument, NULL, O_FAILED},
	{"running", no_argument, NULL, O_RUNNING},
	{"since", required_argument, NULL, O_SINCE},
	{"job", required_argument, NULL, O_JOB},
	{"follow", no_argument, NULL, O_FOLLOW},
	{"tail", required_argument, NULL, O_TAIL},
	{"no-timestamps", no_argument, NULL, O_NO_TS},
	{"args", required_argument, NULL, O_ARGS},
	{"wait", no_argument, NULL, O_WAIT},
	{"python", required_argument, NULL, O_PYTHON},
	{"disabled", no_argument, NULL, O_DISABLED},
	{"get", required_argument, NULL, O_GET},
	{"set", required_argument, NULL, O_SET},
	{"delete", required_argument, NULL, O_DELETE},
	{"overwrite", required_argument, NULL, O_OVERWRITE},
	{"set-prompt", required_argument, NULL, O_SET_PROMPT},
	{"reveal", no_argument, NULL, O_REVEAL},
	{NULL, 0, NULL, 0},
};

/* The dashboard's options that take a value: skipped when looking for the
 * subcommand's name, so `--team jobs logs` is the logs subcommand. */
static const char *const dash_valued[] = {"--theme", "--refresh", NULL};

static int cmd_lookup(const char *s)
{
	for (int i = 0; i < CMD_COUNT; i++)
		if (!strcmp(s, cmds[i].name))
			return i;
	return -1;
}

static bool takes_value(const char *arg)
{
	if (strchr(arg, '='))
		return false;
	for (const struct option *o = long_opts; o->name; o++)
		if (o->has_arg == required_argument && !strcmp(arg + 2, o->name))
			return true;
	for (const char *const *p = dash_valued; *p; p++)
		if (!strcmp(arg, *p))
			return true;
	return false;
}

/* Index in argv of the first word that is neither an option nor an
 * option's value; argc when there is none. */
static int first_word(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--"))
			return i + 1;
		if (a[0] != '-' || !a[1])
			return i;
		if (a[1] == '-' && takes_value(a))
			i++;
	}
	return argc;
}

bool cli_wanted(int argc, char **argv)
{
	int i = first_word(argc, argv);
	return i < argc && cmd_lookup(argv[i]) >= 0;
}

static void cmd_usage(enum cli_cmd k, FILE *out)
{
	fprintf(out, "usage: vdktop [global options] %s\n%s", cmds[k].synopsis, cmds[k].text);
	fputs("Global options: --url URL, --team TEAM, --context NAME, --config FILE, --read-only,\n"
	      "--trace FILE (before or after the subcommand). vdktop help: exit statuses.\n",
	      out);
}

static void overview(FILE *out)
{
	fputs("usage: vdktop [global options] SUBCOMMAND [options] [arguments]\n"
	      "Subcommands for scripts; without one, vdktop is the dashboard (vdktop --help).\n\n",
	      out);
	for (int i = 0; i < CMD_COUNT; i++)
		fprintf(out, "  vdktop %s\n", cmds[i].synopsis);
	fputs("\nGlobal options, before or after the subcommand:\n"
	      "  --url URL, --team TEAM (* for every team), --context NAME, --config FILE,\n"
	      "  --read-only (refuse run, deploy, cancel, enable, disable and changes of\n"
	      "  properties and secrets), --trace FILE\n"
	      "A JOB is looked for in the team; with no team (or '*'), in the one team that has it.\n"
	      "\nExit status:\n"
	      "  0  done; the run succeeded\n"
	      "  1  connection error: no answer, authentication failed, a server error (5xx),\n"
	      "     or the output could not be written\n"
	      "  2  usage or configuration error\n"
	      "  3  the run ended in user_error\n"
	      "  4  the run ended in platform_error\n"
	      "  5  the run was cancelled or skipped\n"
	      "  6  not found: no such job, execution or deployment\n"
	      "  7  refused: the context is read-only (or --read-only)\n"
	      "  8  the service refused the request: bad arguments, already running, conflict\n"
	      "  9  deploy --wait: the version was not live within deploy_timeout\n"
	      "A closed output (vdktop jobs | head -1) ends quietly with status 0.\n",
	      out);
}

/* ---- parsing and dispatch ------------------------------------------------- */

static int parse_tail(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < 0 || v > 1000000)
		return -1;
	*out = v;
	return 0;
}

/* Positional words each subcommand takes: at least min, at most max. */
static const int arg_min[CMD_COUNT] = {[CMD_LOGS] = 1, [CMD_RUN] = 1, [CMD_DEPLOY] = 1, [CMD_CANCEL] = 2,
				       [CMD_ENABLE] = 1, [CMD_DISABLE] = 1, [CMD_PROPERTIES] = 1, [CMD_SECRETS] = 1};
static const int arg_max[CMD_COUNT] = {[CMD_JOBS] = 1, [CMD_LOGS] = 2, [CMD_RUN] = 1, [CMD_DEPLOY] = 1,
				       [CMD_CANCEL] = 2, [CMD_ENABLE] = 1, [CMD_DISABLE] = 1, [CMD_PROPERTIES] = 1,
				       [CMD_SECRETS] = 1, [CMD_HELP] = 1};

/* Fills c and ov from argv; CLI_OK, or -1 for "help printed", or an exit
 * status after saying why. */
static int parse(struct cli *c, struct config_overrides *ov, const char **trace_path, int argc, char **argv)
{
	int w = first_word(argc, argv);
	c->cmd = (enum cli_cmd)cmd_lookup(argv[w]);
	c->tail = -1;
	bool help = false;
	int o;
	opterr = 0;
	optind = 1;
	while ((o = getopt_long(argc, argv, "+:hf", long_opts, NULL)) != -1 || optind < argc) {
		if (o == -1) {
			/* "+": stop at each word and step over it ourselves, so
			 * options after the subcommand and its arguments work and
			 * a FILTER may still follow "--". */
			if (!strcmp(argv[optind - 1], "--") && optind - 1 >= w) {
				break;
			}
			optind++;
			continue;
		}
		if (o == 'h')
			o = O_HELP;
		if (o == 'f')
			o = O_FOLLOW;
		if (o == '?' || o == ':') {
			const char *bad = argv[optind - 1];
			if (o == ':')
				cli_say(c, "%s wants a value", bad);
			else
				cli_say(c, "unknown option %s", bad);
			cmd_usage(c->cmd, stderr);
			return CLI_USAGE;
		}
		if (o < O_URL || o >= O_END || !(allowed[o - O_URL] & M(c->cmd))) {
			cli_say(c, "%s has no option %s", cmds[c->cmd].name, argv[optind - 1]);
			cmd_usage(c->cmd, stderr);
			return CLI_USAGE;
		}
		switch (o) {
		case O_URL: ov->url = optarg; break;
		case O_TEAM: ov->team = optarg; break;
		case O_CONTEXT: ov->context = optarg; break;
		case O_CONFIG: ov->config_path = optarg; break;
		case O_READ_ONLY: ov->read_only = 1; break;
		case O_NO_COLOR: ov->no_color = 1; break;
		case O_TRACE: *trace_path = optarg; break;
		case O_HELP: help = true; break;
		case O_JSON: c->json = true; break;
		case O_FAILED: c->failed = true; break;
		case O_RUNNING: c->running = true; break;
		case O_SINCE: c->since = optarg; break;
		case O_JOB: c->job = optarg; break;
		case O_FOLLOW: c->follow = true; break;
		case O_NO_TS: c->no_timestamps = true; break;
		case O_ARGS: c->run_args = optarg; break;
		case O_WAIT: c->wait = true; break;
		case O_PYTHON: c->python = optarg; break;
		case O_DISABLED: c->disabled = true; break;
		case O_GET: c->get = optarg; break;
		case O_SET: strlist_push(&c->sets, optarg); break;
		case O_DELETE: strlist_push(&c->deletes, optarg); break;
		case O_OVERWRITE: c->overwrite = optarg; break;
		case O_SET_PROMPT: strlist_push(&c->prompts, optarg); break;
		case O_REVEAL: c->reveal = true; break;
		case O_TAIL:
			if (parse_tail(optarg, &c->tail) < 0) {
				cli_say(c, "--tail wants a number of lines (0 to 1000000), not \"%s\"", optarg);
				return CLI_USAGE;
			}
			break;
		default: break;
		}
	}
	/* The words: every non-option after the subcommand's name. */
	c->args = xcalloc((size_t)argc + 1, sizeof *c->args);
	bool dashdash = false;
	for (int i = w + 1; i < argc; i++) {
		const char *a = argv[i];
		if (!dashdash && !strcmp(a, "--")) {
			dashdash = true;
			continue;
		}
		if (!dashdash && a[0] == '-' && a[1]) {
			if (a[1] == '-' && takes_value(a))
				i++;
			continue;
		}
		c->args[c->nargs++] = argv[i];
	}
	if (help) {
		cmd_usage(c->cmd, stdout);
		return -1;
	}
	if (c->nargs < arg_min[c->cmd] || c->nargs > arg_max[c->cmd]) {
		cli_say(c, "%s: %s arguments", cmds[c->cmd].name, c->nargs < arg_min[c->cmd] ? "missing" : "too many");
		cmd_usage(c->cmd, stderr);
		return CLI_USAGE;
	}
	if (c->failed && c->running) {
		cli_say(c, "--failed and --running exclude each other");
		return CLI_USAGE;
	}
	if (c->cmd == CMD_RUN && c->follow)
		c->wait = true;
	return CLI_OK;
}

static int help_cmd(struct cli *c)
{
	if (c->nargs == 0) {
		overview(stdout);
		return CLI_OK;
	}
	int k = cmd_lookup(c->args[0]);
	if (k < 0) {
		cli_say(c, "no subcommand \"%s\"", c->args[0]);
		overview(stderr);
		return CLI_USAGE;
	}
	cmd_usage((enum cli_cmd)k, stdout);
	return CLI_OK;
}

static int dispatch(struct cli *c)
{
	switch (c->cmd) {
	case CMD_JOBS: return cli_jobs(c);
	case CMD_RUNS: return cli_runs(c);
	case CMD_LOGS: return cli_logs(c);
	case CMD_RUN: return cli_run(c);
	case CMD_DEPLOY: return cli_deploy(c);
	case CMD_CANCEL: return cli_cancel(c);
	case CMD_ENABLE: return cli_enable(c, true);
	case CMD_DISABLE: return cli_enable(c, false);
	case CMD_PROPERTIES: return cli_properties(c, false);
	case CMD_SECRETS: return cli_properties(c, true);
	default: return help_cmd(c);
	}
}

int cli_main(int argc, char **argv)
{
	struct cli cl = {0};
	struct cli *c = &cl;
	struct config_overrides ov = {.no_color = -1, .read_only = -1, .refresh_s = -1};
	const char *trace_path = NULL;
	/* A reader that goes away (| head) is an EPIPE on the next write,
	 * which ends the command quietly; never a signal. */
	signal(SIGPIPE, SIG_IGN);
	c->out_tty = isatty(STDOUT_FILENO);
	c->utf8 = sanitize_locale_utf8();

	int rc = parse(c, &ov, &trace_path, argc, argv);
	if (rc != CLI_OK || c->cmd == CMD_HELP) {
		if (rc == CLI_OK)
			rc = help_cmd(c);
		free(c->args);
		strlist_clear(&c->sets);
		strlist_clear(&c->deletes);
		strlist_clear(&c->prompts);
		return rc == -1 ? CLI_OK : rc;
	}
	char *err = NULL;
	int lrc = config_load(&c->cfg, &ov, &err);
	for (size_t i = 0; i < c->cfg.warnings.n; i++)
		cli_say(c, "warning: %s", c->cfg.warnings.v[i]);
	if (lrc < 0) {
		cli_say(c, "%s", err ? err : "configuration error");
		rc = CLI_USAGE;
	} else if (trace_path && (trace_open(trace_path, &err) < 0 || trace_start() < 0)) {
		cli_say(c, "%s", err ? err : "cannot write the trace file");
		rc = CLI_USAGE;
	} else {
		c->ctx = config_context(&c->cfg);
		c->t.base_url = c->ctx->url;
		/* Every team: requests go to the path team API_NO_TEAM, which
		 * the service ignores for listing, as the dashboard does. */
		bool all = str_empty(c->ctx->team) || !strcmp(c->ctx->team, "*");
		c->t.team = all ? NULL : c->ctx->team;
		rc = cli_connect(c);
		if (rc == CLI_OK)
			rc = dispatch(c);
	}
	free(err);
	/* A reader that left early (| head) is not an error; a full disk is. */
	if (!cli_flush(c)) {
		rc = CLI_OK;
		if (c->out_errno != EPIPE) {
			cli_say(c, "cannot write the output: %s", strerror(c->out_errno));
			rc = CLI_CONNECTION;
		}
	}
	http_client_free(c->http);
	auth_free(c->auth);
	free(c->team);
	trace_close();
	config_free(&c->cfg);
	free(c->args);
	strlist_clear(&c->sets);
	strlist_clear(&c->deletes);
	strlist_clear(&c->prompts);
	return rc;
}
