/* Text helpers of the logs view; see logs_text.h. */
#include "ui/logs_text.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static void put_safe(struct strbuf *sb, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == '_' || c == '-';
		strbuf_putc(sb, ok ? (char)c : '_');
	}
}

char *logs_default_filename(const char *job, const char *exec_id)
{
	/* An execution id already starts with its job's name. */
	struct strbuf sb = STRBUF_INIT;
	if (str_empty(exec_id)) {
		put_safe(&sb, str_empty(job) ? "log" : job);
		strbuf_puts(&sb, "-execution");
	} else {
		put_safe(&sb, exec_id);
	}
	strbuf_puts(&sb, ".log");
	if (sb.buf[0] == '.' || sb.buf[0] == '-')
		sb.buf[0] = '_';
	return strbuf_steal(&sb);
}

size_t logs_count_lines(const char *text, size_t len)
{
	size_t n = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

char *logs_fmt_count(size_t n, char *buf, size_t size)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%zu", n);
	char out[48];
	size_t o = 0;
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
	return buf;
}
