/* libFuzzer target: theme_check_file on an arbitrary theme file (themes
 * come from the user's directories and may be anything). Invariant: 0, or
 * -1 with a non-empty message.
 */
// deps: ui/theme config config_paths sanitize sanitize_out vdkcli safefile util
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/fuzz_theme.%ld.theme", (long)getpid());
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	char *err = NULL;
	int rc = theme_check_file(path, &err);
	if (rc != 0 && (!err || !err[0]))
		abort();
	if (rc == 0 && err)
		abort();
	free(err);
	unlink(path);
	return 0;
}
