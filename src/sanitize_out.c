/* Outside text printed outside curses: --check, messages on stderr, the
 * scripting subcommands. The rules are sanitize()'s; this file only decides
 * what a line break is and writes the result. */
#include "sanitize.h"

#include "util.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool sanitize_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

void sanitize_fwrite(FILE *f, const void *s, size_t len, unsigned flags)
{
	const char *p = s;
	unsigned sf = SAN_NO_SPANS | (sanitize_locale_utf8() ? 0 : SAN_ASCII);
	struct san_buf b = SAN_BUF_INIT;
	if (!(flags & SAN_OUT_TEXT)) {
		/* One field: LF is "^J", a CR anywhere but at the very end "^M". */
		sanitize(&b, p, len, sf);
		fwrite(b.text, 1, b.len, f);
		san_buf_free(&b);
		return;
	}
	/* Line by line, so a CR before LF is dropped as a line ending and tab
	 * stops start again on every line. */
	for (size_t i = 0; i <= len;) {
		const char *nl = memchr(p + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - p) : len;
		sanitize(&b, p + i, end - i, sf);
		fwrite(b.text, 1, b.len, f);
		if (!nl)
			break;
		fputc('\n', f);
		i = end + 1;
	}
	san_buf_free(&b);
}

void sanitize_fputs(FILE *f, const char *s, unsigned flags)
{
	if (s)
		sanitize_fwrite(f, s, strlen(s), flags);
}

void sanitize_fprintf(FILE *f, unsigned flags, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	size_t len = strlen(s), flen = strlen(fmt);
	bool nl = flen && fmt[flen - 1] == '\n' && len && s[len - 1] == '\n';
	sanitize_fwrite(f, s, nl ? len - 1 : len, flags);
	if (nl)
		fputc('\n', f);
	free(s);
}
