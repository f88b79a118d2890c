/* libFuzzer target: the vdk CLI's token cache (vdk-cred.json) as auth_new
 * reads it, through a context whose cred_file names a temporary file
 * holding the input. No network: auth_new only reads. Invariants: NULL
 * comes with a message; an auth always has a description.
 */
// deps: util http http_fail http_msg auth jsonread timefmt safefile auth_exchange transport
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "http.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!path[0]) {
		snprintf(path, sizeof(path), "/tmp/fuzz_authcache.%ld.json", (long)getpid());
		unsetenv("VDK_API_TOKEN");
		unsetenv("VDK_API_TOKEN_AUTHORIZATION_URL");
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	struct context ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.cred_file = path;
	ctx.allow_plain_http = data && size && (data[0] & 1);
	char *err = NULL;
	struct auth *a = auth_new(&ctx, NULL, &err);
	if (!a) {
		if (!err || !err[0])
			abort();
		free(err);
	} else {
		if (err)
			abort();
		const char *d = auth_describe(a);
		if (!d)
			abort();
		auth_expires_at(a);
		auth_can_refresh(a);
		auth_free(a);
	}
	unlink(path);
	return 0;
}
