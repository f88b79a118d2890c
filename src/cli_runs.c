/* vdktop runs: executions across jobs, newest first. */
#include "cli_priv.h"

int cli_runs(struct cli *c)
{
	cli_say(c, "runs: not built yet");
	return CLI_USAGE;
}
