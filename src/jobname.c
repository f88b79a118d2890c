#include "jobname.h"

#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 sequence at s (n bytes left). Returns its length and
 * the code point in *cp, or 1 with *cp = -1 for a malformed byte, so that
 * any input advances. */
static size_t utf8_next(const unsigned char *s, size_t n, long *cp)
{
	unsigned char c = s[0];
	size_t len;
	long v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
	} else {
		*cp = -1;
		return 1;
	}
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = -1;
	return 1;
}

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
