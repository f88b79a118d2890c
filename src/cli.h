/* The scriptable subcommands: `vdktop jobs|runs|logs|run|deploy|cancel|
 * enable|disable` for pipes, SSH one-liners and CI.
 *
 * They use the same core as the dashboard (config, auth, http, api, the
 * log merge, the sanitiser) through its blocking calls, and never start
 * curses. Data goes to stdout, messages to stderr. Text from the server
 * is made harmless (sanitize.h) wherever it is meant for eyes: tables,
 * messages, and log lines on a terminal; log lines to a pipe are the
 * server's bytes, so grep sees what the job wrote. --json output is
 * json-c's, which escapes every control character. */
#ifndef VDKTOP_CLI_H
#define VDKTOP_CLI_H

#include <stdbool.h>

/* Exit statuses of the subcommands (also in --help and vdktop.1). The
 * first three are the dashboard's own. */
enum cli_status {
	CLI_OK = 0,             /* done; the run succeeded */
	CLI_CONNECTION = 1,     /* no answer, authentication failed, or a 5xx */
	CLI_USAGE = 2,          /* bad command line or configuration */
	CLI_USER_ERROR = 3,     /* the run ended in user_error */
	CLI_PLATFORM_ERROR = 4, /* the run ended in platform_error */
	CLI_CANCELLED = 5,      /* the run was cancelled or skipped */
	CLI_NOT_FOUND = 6,      /* no such job, execution or deployment */
	CLI_READ_ONLY = 7,      /* a write refused by --read-only or the context */
	CLI_REFUSED = 8,        /* the service refused the request (4xx): bad
				   arguments, already running, conflict */
	CLI_TIMEOUT = 9,        /* deploy --wait: not live within deploy_timeout */
};

/* Whether argv names a subcommand (as its first word that is not an
 * option or an option's value), so main hands it to cli_main. */
bool cli_wanted(int argc, char **argv);

/* Runs the subcommand argv names; returns the exit status. */
int cli_main(int argc, char **argv);

#endif
