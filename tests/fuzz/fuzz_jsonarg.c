/* libFuzzer target: the run-arguments validator on arbitrary text.
 * Whatever it accepts must be a JSON object that it accepts again unchanged
 * (the normalised text is a fixed point). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonarg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *out = NULL, *err = NULL;
	if (jsonarg_parse(text, &out, &err) == 0) {
		if (err)
			abort();
		if (out) {
			if (out[0] != '{')
				abort();
			char *again = NULL, *err2 = NULL;
			if (jsonarg_parse(out, &again, &err2) != 0 || strcmp(again, out) != 0)
				abort();
			free(again);
		}
		free(out);
	} else {
		if (out || !err || !*err)
			abort();
		free(err);
	}
	free(text);
	return 0;
}
