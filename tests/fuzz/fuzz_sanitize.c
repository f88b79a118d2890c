// deps: sanitize sanitize_out util
/* libFuzzer target: the sanitiser and the display-text helpers on arbitrary
 * bytes, and the printing of outside text (sanitize_fwrite) in both
 * modes and both locales. Whatever comes in, the output is valid UTF-8 without a single
 * control byte, C1 or bidi control, its width adds up, and the spans,
 * wrap rows and slices stay inside it.
 *
 * Build and run (from the top of the tree):
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *     tests/fuzz/fuzz_sanitize.c src/sanitize.c src/util.c -o /tmp/fuzz_sanitize
 *   /tmp/fuzz_sanitize -max_total_time=20
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_safe(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	check(strlen(s) == len);
	for (size_t i = 0; i < len;) {
		unsigned c = p[i];
		check(c >= 0x20 && c != 0x7f);
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		check(c >= 0xc2 && c <= 0xf4 && i + n <= len);
		unsigned long cp = c & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
		for (size_t k = 1; k < n; k++) {
			check((p[i + k] & 0xc0) == 0x80);
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		check(cp >= (n == 2 ? 0x80UL : n == 3 ? 0x800UL : 0x10000UL));
		check(cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff));
		check(!(cp >= 0x80 && cp <= 0x9f));
		check(!(cp >= 0x202a && cp <= 0x202e) && !(cp >= 0x2066 && cp <= 0x2069));
		check(cp != 0x2028 && cp != 0x2029);
		check(cp != 0x200e && cp != 0x200f && cp != 0x061c && cp != 0xfeff); /* marks, BOM */
		i += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	unsigned flags = data[0] & 7u;
	size_t width = 1 + data[0] % 13;
	const char *in = (const char *)data + 1;
	size_t len = size - 1;

	struct san_buf b = SAN_BUF_INIT;
	sanitize(&b, in, len, flags);
	check_safe(b.text, b.len);
	check(sanitize_width(b.text, b.len) == b.width);
	size_t end = 0;
	for (size_t i = 0; i < b.nspans; i++) {
		check(b.spans[i].len > 0);
		check(i == 0 || b.spans[i].off > end); /* ordered, merged when adjacent */
		end = b.spans[i].off + b.spans[i].len;
		check(end <= b.len);
	}

	/* wrapping: rows start in order, at character boundaries */
	size_t starts[64];
	size_t rows = sanitize_wrap(b.text, b.len, width, starts, 64);
	check(rows >= 1 && rows <= b.len + 1);
	for (size_t r = 1; r < rows && r < 64; r++) {
		check(starts[r] > starts[r - 1] && starts[r] < b.len);
		check(((unsigned char)b.text[starts[r]] & 0xc0) != 0x80);
	}

	struct san_slice sl;
	sanitize_hslice(b.text, b.len, data[0] % 7, width, &sl);
	check(sl.start <= sl.end && sl.end <= b.len);
	check(sl.pad_left + sanitize_width(b.text + sl.start, sl.end - sl.start) + sl.pad_right <= width);

	/* searching the output for a piece of the input */
	char q[5] = {0};
	memcpy(q, in, len < 4 ? len : 4);
	struct san_span *r = NULL;
	size_t cap = 0, n = sanitize_match_ranges(b.text, b.len, q, &r, &cap);
	for (size_t i = 0; i < n; i++)
		check(r[i].off + r[i].len <= b.len && (i == 0 || r[i].off >= r[i - 1].off + r[i - 1].len));
	free(r);

	/* one-line strings */
	char *z = malloc(len + 1);
	memcpy(z, in, len);
	z[len] = '\0';
	char *s = sanitize_str(z);
	check_safe(s, strlen(s));
	free(s);
	s = sanitize_str_flat(z);
	check_safe(s, strlen(s));
	free(s);
	free(z);
	san_buf_free(&b);

	/* printed outside curses: no byte a terminal acts on, one line for a
	 * field; ASCII only in a locale that is not UTF-8 */
	bool utf8 = data[0] & 8u;
	setlocale(LC_CTYPE, utf8 ? "C.UTF-8" : "C");
	unsigned of = data[0] & 16u ? SAN_OUT_TEXT : SAN_OUT_LINE;
	char *out = NULL;
	size_t olen = 0;
	FILE *f = open_memstream(&out, &olen);
	check(f != NULL);
	sanitize_fwrite(f, in, len, of);
	check(fclose(f) == 0);
	check(strlen(out) == olen);
	for (size_t i = 0, start = 0; i <= olen; i++) {
		if (i < olen && out[i] != '\n')
			continue;
		check(of == SAN_OUT_TEXT || i == olen); /* a field never breaks the line */
		char *line = strndup(out + start, i - start);
		check_safe(line, i - start);
		if (!utf8)
			for (size_t k = start; k < i; k++)
				check((unsigned char)out[k] < 0x7f);
		free(line);
		start = i + 1;
	}
	free(out);
	return 0;
}
