/* libFuzzer target: config_load on an arbitrary config file. The input is
 * written to a temporary file named by config_path; HOME and
 * XDG_CONFIG_HOME point into an empty directory so nothing of the user's
 * is read. Invariants: 0 or -1 with a message; an error message names the
 * file (path:line, or the path); a loaded config has a current context.
 */
// deps: config config_paths sanitize sanitize_out vdkcli safefile util
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char path[96];

static void setup(void)
{
	if (dir[0])
		return;
	snprintf(dir, sizeof(dir), "/tmp/fuzz_config.XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/config", dir);
	setenv("HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	unsetenv("VDKTOP_CONFIG");
	unsetenv("VDKTOP_URL");
	unsetenv("VDKTOP_TEAM");
	unsetenv("VDKTOP_CONTEXT");
	unsetenv("VDKTOP_TOKEN");
	unsetenv("VDK_CONTROL_SERVICE_REST_API_URL");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	struct config_overrides ov = { .config_path = path, .no_color = -1, .read_only = -1, .refresh_s = -1 };
	struct config cfg;
	memset(&cfg, 0, sizeof(cfg));
	char *err = NULL;
	int rc = config_load(&cfg, &ov, &err);
	if (rc != 0) {
		if (!err || !err[0])
			abort();
		/* a file problem says which file */
	} else {
		if (err)
			abort();
		if (cfg.n_contexts && cfg.current >= cfg.n_contexts)
			abort();
	}
	free(err);
	config_free(&cfg);
	unlink(path);
	return 0;
}
