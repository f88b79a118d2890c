#include "jobname.h"

#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The character as the user should see it in a message. Only printable
 * ASCII is echoed verbatim: anything else could be invisible or could
 * disturb the terminal, so it is named by its code point. */
static char *describe_char(long cp, unsigned char byte)
{
	if (cp < 0)
		return xasprintf("invalid UTF-8 byte 0x%02X", byte);
	if (cp == ' ')
		return xstrdup("a space");
	if (cp > 0x20 && cp < 0x7f)
		return xasprintf("'%c'", (int)cp);
	return xasprintf("U+%04lX", cp);
}

bool jobname_valid(const char *name, char **why)
{
	char *msg = NULL;
	if (why)
		*why = NULL;
	if (!name || !*name) {
		msg = xstrdup("enter a name");
		goto fail;
	}
	const unsigned char *s = (const unsigned char *)name;
	size_t n = strlen(name);
	size_t chars = 0;
	for (size_t i = 0; i < n;) {
		long cp;
		size_t len = utf8_next(s + i, n - i, &cp);
		chars++;
		bool lower = cp >= 'a' && cp <= 'z';
		bool ok = lower || (cp >= '0' && cp <= '9') || cp == '-';
		if (chars == 1 && !lower) {
			char *c = describe_char(cp, s[i]);
			msg = xasprintf("must start with a lowercase letter, not %s", c);
			free(c);
			goto fail;
		}
		if (!ok) {
			char *c = describe_char(cp, s[i]);
			msg = xasprintf("only lowercase letters, digits and '-': %s at position %zu",
					c, chars);
			free(c);
			goto fail;
		}
		i += len;
	}
	if (chars < JOBNAME_MIN_LEN || chars > JOBNAME_MAX_LEN) {
		msg = xasprintf("%d-%d characters (now %zu)", JOBNAME_MIN_LEN, JOBNAME_MAX_LEN,
				chars);
		goto fail;
	}
	return true;
fail:
	if (why)
		*why = msg;
	else
		free(msg);
	return false;
}

char *jobname_warning(const char *name)
{
	if (!jobname_valid(name, NULL))
		return NULL;
	size_t len = strlen(name); /* valid names are ASCII */
	if (len <= JOBNAME_CLI_MAX_LEN)
		return NULL;
	return xasprintf("%zu characters: the server accepts it, but the vdk CLI only "
			 "handles names of up to %d characters", len, JOBNAME_CLI_MAX_LEN);
}
