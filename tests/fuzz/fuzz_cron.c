/* libFuzzer target: cron_parse() and cron_next() on arbitrary text.
 * Checks the invariants as well as memory safety: a parsed schedule's next
 * run is strictly later, on a whole minute, and matches the schedule. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cron.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first 8 bytes pick the start time; the rest is the expression. */
	int64_t after = 1700000000;
	if (size >= 8) {
		memcpy(&after, data, 8);
		data += 8;
		size -= 8;
	}
	char *expr = malloc(size + 1);
	if (!expr)
		return 0;
	memcpy(expr, data, size);
	expr[size] = '\0';

	struct cron c;
	char *why = NULL;
	if (cron_parse(expr, &c, &why) == 0) {
		if (why)
			abort();
		time_t t[3];
		int n = cron_next_n(&c, (time_t)after, t, 3);
		time_t prev = (time_t)after;
		for (int i = 0; i < n; i++) {
			if (t[i] <= prev || t[i] % 60 != 0 || !cron_matches(&c, t[i]))
				abort();
			prev = t[i];
		}
	} else {
		if (!why || !*why)
			abort();
		free(why);
	}
	free(expr);
	return 0;
}
