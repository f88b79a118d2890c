/* libFuzzer target: the job config.ini reader on arbitrary bytes (the file
 * comes from the user's disk and may be anything). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jobdir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_list(const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *s = l->v[i];
		size_t n = strlen(s);
		/* items are trimmed, non-empty and hold no separator */
		if (!n || s[0] == ' ' || s[n - 1] == ' ' || strpbrk(s, ";,\n"))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jobdir_config c;
	char *err = NULL;
	if (jobdir_parse_config_ini((const char *)data, size, &c, &err) == 0) {
		if (err)
			abort();
		check_list(&c.notified_on_job_failure_user_error);
		check_list(&c.notified_on_job_failure_platform_error);
		check_list(&c.notified_on_job_success);
		check_list(&c.notified_on_job_deploy);
		jobdir_config_free(&c);
	} else {
		if (!err || !*err)
			abort();
		free(err);
	}
	return 0;
}
