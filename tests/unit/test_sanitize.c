// deps: sanitize sanitize_out util
/* The sanitiser against hostile input: exact outputs, and for every case
 * the safety property (no control byte, valid UTF-8, no C1 code point). */
#include <locale.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sanitize.h"

/* Valid UTF-8 with no C0/C1 control and no DEL. */
static void assert_safe(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	assert_int_equal(strlen(s), len);
	for (size_t i = 0; i < len;) {
		unsigned c = p[i];
		assert_true(c >= 0x20);
		assert_true(c != 0x7f);
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		assert_true(c >= 0xc2 && c <= 0xf4);
		assert_true(i + n <= len);
		unsigned long cp = c & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
		for (size_t k = 1; k < n; k++) {
			assert_true((p[i + k] & 0xc0) == 0x80);
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		assert_true(cp >= (n == 2 ? 0x80UL : n == 3 ? 0x800UL : 0x10000UL)); /* not overlong */
		assert_false(cp >= 0xd800 && cp <= 0xdfff);
		assert_true(cp <= 0x10ffff);
		assert_false(cp >= 0x80 && cp <= 0x9f);                               /* C1 */
		assert_false((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)); /* bidi */
		assert_false(cp == 0x200e || cp == 0x200f || cp == 0x061c || cp == 0xfeff);       /* marks, BOM */
		i += n;
	}
}

struct sample {
	const char *name;
	const char *in;
	size_t len; /* 0: strlen(in) */
	const char *out;
	size_t width;
};

#define FFFD "\xef\xbf\xbd"

static const struct sample samples[] = {
	{"clear screen", "a\x1b[2Jb", 0, "a^[[2Jb", 7},
	{"SGR colour", "\x1b[31mred\x1b[0m", 0, "^[[31mred^[[0m", 14},
	{"alt screen", "\x1b[?1049h", 0, "^[[?1049h", 9},
	{"OSC 52 clipboard write", "\x1b]52;c;cm0gLXJmIH4=\x07tail", 0, "^[]52;c;cm0gLXJmIH4=^Gtail", 26},
	{"OSC 8 hyperlink", "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", 0,
	 "^[]8;;http://evil.example/^[\\click^[]8;;^[\\", 43},
	{"OSC 0 title", "\x1b]0;pwned\x07", 0, "^[]0;pwned^G", 12},
	{"OSC ended by C1 ST", "\x1b]0;t\xc2\x9cok", 0, "^[]0;t<U+009C>ok", 16},
	{"DCS", "\x1bP1$r0m\x1b\\x", 0, "^[P1$r0m^[\\x", 12},
	{"APC", "\x1b_payload\x1b\\", 0, "^[_payload^[\\", 13},
	{"charset", "\x1b(B", 0, "^[(B", 4},
	{"two-byte ESC", "\x1b" "7x\x1b" "8", 0, "^[7x^[8", 7},
	{"lone ESC at end", "x\x1b", 0, "x^[", 3},
	{"ESC then control", "\x1b\x07", 0, "^[^G", 4},
	{"CSI cut by control", "\x1b[3\x08x", 0, "^[[3^Hx", 7},
	{"BEL", "ding\x07", 0, "ding^G", 6},
	{"backspace overwrite", "ok\b\bNO", 0, "ok^H^HNO", 8},
	{"CR overwrite", "rm -rf /\rls", 0, "rm -rf /^Mls", 12},
	{"CRLF line end", "line\r", 0, "line", 4},
	{"NUL", "a\0b", 3, "a^@b", 4},
	{"DEL", "a\x7f", 0, "a^?", 3},
	{"other C0", "\x01\x1f", 0, "^A^_", 4},
	{"raw 8-bit CSI", "\x9b" "31mred", 0, "<U+009B>31mred", 14},
	{"UTF-8 CSI", "\xc2\x9b" "31m", 0, "<U+009B>31m", 11},
	{"UTF-8 NEL", "a\xc2\x85" "b", 0, "a<U+0085>b", 10},
	{"RLO", "abc\xe2\x80\xae" "cba", 0, "abc<U+202E>cba", 14},
	{"isolates", "\xe2\x81\xa6x\xe2\x81\xa9", 0, "<U+2066>x<U+2069>", 17},
	{"line separator", "a\xe2\x80\xa8" "b", 0, "a<U+2028>b", 10},
	{"RLM", "a\xe2\x80\x8f" "b", 0, "a<U+200F>b", 10},
	{"LRM", "a\xe2\x80\x8e" "b", 0, "a<U+200E>b", 10},
	{"ALM", "a\xd8\x9c" "b", 0, "a<U+061C>b", 10},
	{"BOM", "\xef\xbb\xbf" "job", 0, "<U+FEFF>job", 11},
	{"overlong slash", "\xc0\xaf", 0, FFFD, 1},
	{"overlong 3-byte", "\xe0\x80\xaf!", 0, FFFD "!", 2},
	{"overlong 4-byte", "\xf0\x80\x80\xaf", 0, FFFD, 1},
	{"surrogate", "\xed\xa0\x80z", 0, FFFD "z", 2},
	{"above U+10FFFF", "\xf4\x90\x80\x80", 0, FFFD, 1},
	{"5-byte form", "\xf8\x88\x80\x80\x80", 0, FFFD, 1},
	{"FF byte", "\xff\xfe", 0, FFFD FFFD, 2},
	{"truncated at end", "ok\xe2\x82", 0, "ok" FFFD, 3},
	{"truncated mid-line", "\xe2\x82x\xe2\x82\xac", 0, FFFD "x\xe2\x82\xac", 3},
	{"stray continuation", "\xa0x", 0, FFFD "x", 2},
	{"latin-1", "caf\xe9!", 0, "caf" FFFD "!", 5},
	{"noncharacter", "\xef\xbf\xbe", 0, "<U+FFFE>", 8},
	{"tab", "a\tb", 0, "a       b", 9},
	{"tab at stop", "12345678\tx", 0, "12345678        x", 17},
	{"tab after wide", "\xe4\xb8\xad\tx", 0, "\xe4\xb8\xad      x", 9},
	{"tab after escape", "\x1b[m\tx", 0, "^[[m    x", 9},
	{"combining", "e\xcc\x81", 0, "e\xcc\x81", 1},
	{"wide", "\xe6\x97\xa5\xe6\x9c\xac", 0, "\xe6\x97\xa5\xe6\x9c\xac", 4},
	{"emoji", "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80", 2},
	{"LF", "a\nb", 0, "a^Jb", 4},
	{"empty", "", 0, "", 0},
};

static void test_samples(void **state)
{
	(void)state;
	struct san_buf b = SAN_BUF_INIT;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		const struct sample *s = &samples[i];
		size_t len = s->len ? s->len : strlen(s->in);
		sanitize(&b, s->in, len, 0);
		if (strcmp(b.text, s->out) != 0 || b.width != s->width)
			fail_msg("%s: got \"%s\" (width %zu), want \"%s\" (width %zu)", s->name, b.text, b.width, s->out,
				 s->width);
		assert_safe(b.text, b.len);
		assert_int_equal(sanitize_width(b.text, b.len), b.width);
	}
	san_buf_free(&b);
}

/* The bidi embeddings and overrides one by one (U+202E is a sample):
 * U+202A LRE, U+202B RLE, U+202C PDF, U+202D LRO, U+202E RLO. */
static void test_bidi_each(void **state)
{
	(void)state;
	struct san_buf b = SAN_BUF_INIT;
	for (unsigned last = 0xaa; last <= 0xae; last++) {
		char in[8], want[16];
		snprintf(in, sizeof in, "a\xe2\x80%cb", (char)last);
		snprintf(want, sizeof want, "a<U+202%X>b", last - 0xa0);
		sanitize(&b, in, strlen(in), 0);
		if (strcmp(b.text, want) != 0)
			fail_msg("U+202%X: got \"%s\", want \"%s\"", last - 0xa0, b.text, want);
		assert_safe(b.text, b.len);
		char *str = sanitize_str(in);
		assert_string_equal(str, want);
		free(str);
	}
	san_buf_free(&b);
}

/* The 8-byte fast path must stop at a control in any lane of any word:
 * 24 printable bytes with one bad byte at each position in turn. */
static void test_fast_path_every_lane(void **state)
{
	(void)state;
	static const struct {
		unsigned char bad;
		const char *shown;
	} cases[] = {
		{0x1f, "^_"}, {0x00, "^@"}, {0x01, "^A"}, {0x1b, "^["}, {0x7f, "^?"}, {0x80, "<U+0080>"}, {0x9f, "<U+009F>"},
	};
	struct san_buf b = SAN_BUF_INIT;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (size_t lane = 0; lane < 24; lane++) {
			char in[24], want[40];
			memset(in, 'a', sizeof in);
			in[lane] = (char)cases[c].bad;
			snprintf(want, sizeof want, "%.*s%s%.*s", (int)lane, in, cases[c].shown, (int)(23 - lane),
				 in + lane + 1);
			sanitize(&b, in, sizeof in, 0);
			if (strcmp(b.text, want) != 0)
				fail_msg("0x%02x at %zu: got \"%s\", want \"%s\"", cases[c].bad, lane, b.text, want);
			assert_safe(b.text, b.len);
		}
	}
	san_buf_free(&b);
}

/* Every write stays inside the buffer: outputs of every length around the
 * growth steps, ending in each multi-byte replacement (U+FFFD, the arrow
 * for a newline, <U+…>, a tab's spaces, a wide character, an escape). A
 * write past the end makes the text longer than the buffer here, and the
 * sanitizer build reports the write itself. */
static void test_buffer_bounds(void **state)
{
	(void)state;
	static const struct {
		const char *piece;
		unsigned flags;
	} cases[] = {
		{"\xff", 0}, {"\n", SAN_NL_ARROW}, {"\x9b", 0}, {"\t", 0}, {"\xe6\x97\xa5", 0}, {"\x1b[2J", 0}, {"\x01", 0},
	};
	char in[320 + 4 * 8];
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		size_t plen = strlen(cases[c].piece);
		for (size_t k = 0; k <= 320; k++) {
			memset(in, 'a', k);
			for (size_t r = 0; r < 4; r++)
				memcpy(in + k + r * plen, cases[c].piece, plen);
			struct san_buf b = SAN_BUF_INIT;
			sanitize(&b, in, k + 4 * plen, cases[c].flags);
			assert_true(b.len < b.cap);
			assert_int_equal(strlen(b.text), b.len);
			san_buf_free(&b);
		}
	}
}

static void test_spans(void **state)
{
	(void)state;
	struct san_buf b = SAN_BUF_INIT;

	sanitize(&b, "a\x1b[2Jb", 6, 0);
	assert_int_equal(b.nspans, 1);
	assert_int_equal(b.spans[0].off, 1);
	assert_int_equal(b.spans[0].len, 5); /* "^[[2J" */

	/* link target and closing sequence are separate spans; the link text is not escaped */
	const char *link = "\x1b]8;;u\x1b\\txt\x1b]8;;\x1b\\";
	sanitize(&b, link, strlen(link), 0);
	assert_string_equal(b.text, "^[]8;;u^[\\txt^[]8;;^[\\");
	assert_int_equal(b.nspans, 2);
	assert_int_equal(b.spans[0].off, 0);
	assert_int_equal(b.spans[0].len, 10);
	assert_int_equal(b.spans[1].off, 13);
	assert_int_equal(b.spans[1].len, 9);

	/* adjacent neutralised bytes merge into one span */
	sanitize(&b, "x\x07\x08\xffy", 5, 0);
	assert_string_equal(b.text, "x^G^H" FFFD "y");
	assert_int_equal(b.nspans, 1);
	assert_int_equal(b.spans[0].off, 1);
	assert_int_equal(b.spans[0].len, 7);

	/* plain text, tabs and valid UTF-8 are not spans */
	sanitize(&b, "a\tb \xc3\xa9", 6, 0);
	assert_int_equal(b.nspans, 0);

	sanitize(&b, "\x1b[1m", 4, SAN_NO_SPANS);
	assert_string_equal(b.text, "^[[1m");
	assert_int_equal(b.nspans, 0);
	san_buf_free(&b);
}

static void test_sanitize_str(void **state)
{
	(void)state;
	char *s;
	assert_null(sanitize_str(NULL));
	s = sanitize_str("job\nname");
	assert_string_equal(s, "job\xe2\x86\xb5name");
	free(s);
	s = sanitize_str("a\r\nb\r\n");
	assert_string_equal(s, "a\xe2\x86\xb5" "b\xe2\x86\xb5");
	free(s);
	s = sanitize_str("Job \x1b]52;c;eA==\x07 failed\x07");
	assert_string_equal(s, "Job ^[]52;c;eA==^G failed^G");
	free(s);
	s = sanitize_str("");
	assert_string_equal(s, "");
	free(s);
	s = sanitize_str_flat("what: x\nwhy: y\r\n");
	assert_string_equal(s, "what: x why: y ");
	free(s);
}

static void test_widths(void **state)
{
	(void)state;
	size_t n;
	assert_int_equal(sanitize_char_width("a", 1, &n), 1);
	assert_int_equal(n, 1);
	assert_int_equal(sanitize_char_width("\xe4\xb8\xad", 3, &n), 2);
	assert_int_equal(n, 3);
	assert_int_equal(sanitize_char_width("\xcc\x81", 2, &n), 0);
	assert_int_equal(n, 2);
	/* broken input never stalls a caller */
	assert_int_equal(sanitize_char_width("\xe4\xb8", 2, &n), 1);
	assert_int_equal(n, 1);
	assert_int_equal(sanitize_width("\xe4\xb8\xad" "a\xcc\x81", 6), 3);
	assert_int_equal(sanitize_cp_width(0x4e2d), 2);
	assert_int_equal(sanitize_cp_width(0x301), 0);
	assert_int_equal(sanitize_cp_width(0x1b), -1);
	assert_int_equal(sanitize_cp_width(0x9b), -1);
}

/* A long hostile line: every sort of bad byte, a megabyte of it. */
static void test_long_line(void **state)
{
	(void)state;
	size_t len = 1 << 20;
	char *in = malloc(len);
	assert_non_null(in);
	static const char piece[] = "text \x1b[31m\x9b\xe2\x80\xae\t\xc0\x80\x00\r\x1b]52;c;x\x07 \xe4\xb8\xad";
	for (size_t i = 0; i < len; i++)
		in[i] = piece[i % (sizeof(piece) - 1)];
	struct san_buf b = SAN_BUF_INIT;
	sanitize(&b, in, len, 0);
	assert_true(b.len > len);
	assert_safe(b.text, b.len);
	assert_int_equal(sanitize_width(b.text, b.len), b.width);
	for (size_t i = 1; i < b.nspans; i++)
		assert_true(b.spans[i - 1].off + b.spans[i - 1].len < b.spans[i].off);
	san_buf_free(&b);
	free(in);
}

static void test_find(void **state)
{
	(void)state;
	struct san_needle nd;
	const char *t = "Step FAILED: Table not found";
	sanitize_needle_init(&nd, "failed");
	assert_ptr_equal(sanitize_find(&nd, t, strlen(t)), t + 5);
	sanitize_needle_free(&nd);
	sanitize_needle_init(&nd, "not f");
	assert_ptr_equal(sanitize_find(&nd, t, strlen(t)), t + 19);
	assert_null(sanitize_find(&nd, t, 20)); /* the match must end inside len */
	sanitize_needle_free(&nd);
	sanitize_needle_init(&nd, "");
	assert_null(sanitize_find(&nd, t, strlen(t)));
	sanitize_needle_free(&nd);
	/* non-ASCII bytes match exactly, ASCII around them folds */
	const char *u = "Ünïcode ÜNÏCODE";
	sanitize_needle_init(&nd, "ünÏ");
	assert_ptr_equal(sanitize_find(&nd, u, strlen(u)), NULL);
	sanitize_needle_free(&nd);
	sanitize_needle_init(&nd, "Ünïc");
	assert_ptr_equal(sanitize_find(&nd, u, strlen(u)), u);
	sanitize_needle_free(&nd);
	sanitize_needle_init(&nd, "ÜnÏ");
	assert_ptr_equal(sanitize_find(&nd, u, strlen(u)), u + 10);
	sanitize_needle_free(&nd);

	struct san_span *r = NULL;
	size_t cap = 0;
	const char *line = "error Error ERRORerror";
	size_t n = sanitize_match_ranges(line, strlen(line), "ERROR", &r, &cap);
	assert_int_equal(n, 4);
	assert_int_equal(r[0].off, 0);
	assert_int_equal(r[1].off, 6);
	assert_int_equal(r[2].off, 12);
	assert_int_equal(r[3].off, 17);
	assert_int_equal(r[3].len, 5);
	/* non-overlapping, left to right */
	n = sanitize_match_ranges("aaaa", 4, "aa", &r, &cap);
	assert_int_equal(n, 2);
	assert_int_equal(r[1].off, 2);
	assert_int_equal(sanitize_match_ranges("abc", 3, "", &r, &cap), 0);
	assert_int_equal(sanitize_match_ranges("abc", 3, NULL, &r, &cap), 0);
	free(r);
}

/* What sanitize_fwrite() writes for len bytes at in, as a new string. */
static char *out_of(const char *in, size_t len, unsigned flags)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	assert_non_null(f);
	sanitize_fwrite(f, in, len, flags);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* No byte below 0x20 except LF, no DEL, no C1 byte, no bidi control,
 * mark or BOM: what a terminal gets from the output functions. */
static void assert_terminal_safe(const char *s, bool multiline)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' && multiline)
			continue;
		assert_true(*p >= 0x20 && *p != 0x7f);
	}
	static const char *const bad[] = {"\xc2\x80", "\xc2\x9b", "\xc2\x9c", "\xe2\x80\xae", "\xe2\x80\xab",
					  "\xe2\x81\xa6", "\xe2\x81\xa9", "\xe2\x80\x8f", "\xd8\x9c", "\xef\xbb\xbf"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(strstr(s, bad[i]));
}

static const char hostile[] = "ok\x1b]0;owned\x07\x1b]52;c;cm0gLXJm\x07\x1b[2K\rteam: forged\nauth: forged\r\n"
			      "\xc2\x9b" "31m\x9b\xe2\x80\xae" "gnp.exe\xe2\x81\xa6\xe2\x80\x8f\xd8\x9c\xef\xbb\xbf\x7f\x01";

static void test_out_line(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	assert_true(sanitize_locale_utf8());
	char *s = out_of(hostile, sizeof hostile - 1, SAN_OUT_LINE);
	assert_terminal_safe(s, false);
	/* one line: the forged lines stay inside it, visibly */
	assert_null(strchr(s, '\n'));
	assert_non_null(strstr(s, "^[]0;owned^G"));
	assert_non_null(strstr(s, "^Mteam: forged^Jauth: forged"));
	assert_non_null(strstr(s, "<U+202E>gnp.exe<U+2066><U+200F><U+061C><U+FEFF>^?^A"));
	free(s);

	/* flags 0 is a one-line field too; ordinary UTF-8 passes */
	s = out_of("caf\xc3\xa9 \xe6\x97\xa5", 9, 0);
	assert_string_equal(s, "caf\xc3\xa9 \xe6\x97\xa5");
	free(s);
	s = out_of("a\0b", 3, SAN_OUT_LINE);
	assert_string_equal(s, "a^@b");
	free(s);
}

static void test_out_text(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	char *s = out_of(hostile, sizeof hostile - 1, SAN_OUT_TEXT);
	assert_terminal_safe(s, true);
	/* LF and CRLF are line breaks; a bare CR is not */
	assert_non_null(strstr(s, "^Mteam: forged\nauth: forged\n<U+009B>"));
	free(s);
	s = out_of("a\tb\nc\td\n", 8, SAN_OUT_TEXT);
	assert_string_equal(s, "a       b\nc       d\n");
	free(s);
}

/* A terminal that is not UTF-8 gets ASCII only: a valid UTF-8 sequence
 * such as U+06DB ends in 0x9b, which an 8-bit terminal takes for CSI. */
static void test_out_ascii(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C"));
	assert_false(sanitize_locale_utf8());
	const char *in = "x\xdb\x9b" "2J caf\xc3\xa9 \xff\n";
	char *s = out_of(in, strlen(in), SAN_OUT_LINE);
	assert_string_equal(s, "x<U+06DB>2J caf<U+00E9> ?^J");
	free(s);
	s = out_of(hostile, sizeof hostile - 1, SAN_OUT_TEXT);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		assert_true(*p == '\n' || (*p >= 0x20 && *p < 0x7f));
	free(s);
}

static void test_out_printf(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	assert_non_null(f);
	sanitize_fprintf(f, SAN_OUT_LINE, "vdktop: cannot reach %s: %s\n", "h\x1b[2J", "bad\nauth: x\n");
	sanitize_fprintf(f, SAN_OUT_LINE, "%s", "no newline\n");
	sanitize_fputs(f, NULL, SAN_OUT_LINE);
	sanitize_fputs(f, "|\x1b", SAN_OUT_TEXT);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, "vdktop: cannot reach h^[[2J: bad^Jauth: x^J\nno newline^J|^[");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),    cmocka_unit_test(test_spans),
		cmocka_unit_test(test_sanitize_str), cmocka_unit_test(test_widths),
		cmocka_unit_test(test_long_line),  cmocka_unit_test(test_find),
		cmocka_unit_test(test_out_line),   cmocka_unit_test(test_out_text),
		cmocka_unit_test(test_out_ascii),  cmocka_unit_test(test_out_printf),
		cmocka_unit_test(test_bidi_each),  cmocka_unit_test(test_fast_path_every_lane),
		cmocka_unit_test(test_buffer_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
