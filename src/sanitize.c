#include "sanitize.h"

#include "util.h"

#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Byte classes for the main loop. */
enum {
	K_PRINT,   /* 0x20–0x7e */
	K_CTRL,    /* other C0 controls */
	K_TAB,
	K_LF,
	K_CR,
	K_ESC,
	K_DEL,
	K_C1,      /* 0x80–0x9f: a stray continuation byte, or an 8-bit C1 control */
	K_CONT,    /* 0xa0–0xbf: a stray continuation byte */
	K_LEAD2,   /* 0xc2–0xdf */
	K_LEAD3,   /* 0xe0–0xef */
	K_LEAD4,   /* 0xf0–0xf4 */
	K_BAD,     /* 0xc0, 0xc1, 0xf5–0xff: never valid in UTF-8 */
};

#define P K_PRINT
#define K K_CTRL
#define X K_C1
#define Y K_CONT
#define L2 K_LEAD2
#define L3 K_LEAD3
#define L4 K_LEAD4
#define B K_BAD
static const unsigned char byte_class[256] = {
	K, K, K, K, K, K, K, K, K, K_TAB, K_LF, K, K, K_CR, K, K,
	K, K, K, K, K, K, K, K, K, K, K, K_ESC, K, K, K, K,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
	P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, K_DEL,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y,
	Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y,
	B, B, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2,
	L2, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2, L2,
	L3, L3, L3, L3, L3, L3, L3, L3, L3, L3, L3, L3, L3, L3, L3, L3,
	L4, L4, L4, L4, L4, B, B, B, B, B, B, B, B, B, B, B,
};
#undef P
#undef K
#undef X
#undef Y
#undef L2
#undef L3
#undef L4
#undef B

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* ---- code point widths ------------------------------------------------ */

/* wcwidth() answers for the calling thread's locale. The sanitiser must not
 * depend on whether (or how) the program called setlocale(), so widths are
 * asked in a UTF-8 locale of our own, set per call with uselocale(). */
static pthread_once_t width_once = PTHREAD_ONCE_INIT;
static locale_t width_locale = (locale_t)0;

static void width_init(void)
{
	static const char *const names[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"};
	for (size_t i = 0; i < ARRAY_SIZE(names) && !width_locale; i++)
		width_locale = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
}

/* Only used when the system has no UTF-8 locale at all: the common wide
 * and zero-width blocks, everything else one column. */
static int width_fallback(unsigned cp)
{
	static const struct { unsigned lo, hi; int w; } r[] = {
		{0x0300, 0x036f, 0}, {0x0483, 0x0489, 0}, {0x0591, 0x05bd, 0},
		{0x1ab0, 0x1aff, 0}, {0x1dc0, 0x1dff, 0}, {0x200b, 0x200f, 0},
		{0x20d0, 0x20ff, 0}, {0xfe00, 0xfe0f, 0}, {0xfe20, 0xfe2f, 0},
		{0x1100, 0x115f, 2}, {0x2e80, 0x303e, 2}, {0x3041, 0x33ff, 2},
		{0x3400, 0x4dbf, 2}, {0x4e00, 0x9fff, 2}, {0xa000, 0xa4cf, 2},
		{0xac00, 0xd7a3, 2}, {0xf900, 0xfaff, 2}, {0xfe30, 0xfe4f, 2},
		{0xff00, 0xff60, 2}, {0xffe0, 0xffe6, 2}, {0x1f300, 0x1f64f, 2},
		{0x1f900, 0x1f9ff, 2}, {0x20000, 0x3fffd, 2},
	};
	if (cp == 0xfffe || cp == 0xffff)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(r); i++)
		if (cp >= r[i].lo && cp <= r[i].hi)
			return r[i].w;
	return 1;
}

int sanitize_cp_width(unsigned cp)
{
	if (cp >= 0x20 && cp < 0x7f)
		return 1;
	if (cp < 0xa0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	pthread_once(&width_once, width_init);
	if (!width_locale)
		return width_fallback(cp);
	locale_t old = uselocale(width_locale);
	int w = wcwidth((wchar_t)cp);
	uselocale(old);
	return w > 2 ? 2 : w;
}

/* ---- UTF-8 decoding ----------------------------------------------------- */

/* Decodes the sequence at p[0] (n > 0, p[0] >= 0x80). Returns the code point
 * and its length in *adv, or -1 for a bad sequence, with *adv covering the
 * whole bad sequence: the lead byte plus the continuation bytes that follow
 * it, up to the length the lead byte announces. One bad sequence is one
 * U+FFFD, so an overlong or a surrogate shows as one mark, not three. */
static long utf8_decode(const unsigned char *p, size_t n, size_t *adv)
{
	unsigned c = p[0];
	size_t need;
	unsigned lo = 0x80, hi = 0xbf;
	unsigned long cp;

	switch (byte_class[c]) {
	case K_LEAD2:
		need = 2;
		cp = c & 0x1f;
		break;
	case K_LEAD3:
		need = 3;
		cp = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
		break;
	case K_LEAD4:
		need = 4;
		cp = c & 0x07;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
		break;
	case K_BAD:
		need = c <= 0xc1 ? 2 : c <= 0xf7 ? 4 : c <= 0xfb ? 5 : c <= 0xfd ? 6 : 1;
		goto bad;
	default: /* a continuation byte without a lead */
		*adv = 1;
		return -1;
	}
	for (size_t k = 1; k < need; k++) {
		unsigned d = k < n ? p[k] : 0;
		if (k >= n || d < lo || d > hi)
			goto bad;
		cp = (cp << 6) | (d & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*adv = need;
	return (long)cp;
bad: {
	size_t k = 1;
	while (k < need && k < n && p[k] >= 0x80 && p[k] <= 0xbf)
		k++;
	*adv = k;
	return -1;
}
}

/* ---- output ------------------------------------------------------------- */

static void reserve(struct san_buf *b, size_t extra)
{
	if (b->cap - b->len > extra)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap - b->len <= extra)
		cap *= 2;
	b->text = xrealloc(b->text, cap);
	b->cap = cap;
}

static inline void put(struct san_buf *b, const void *s, size_t n)
{
	reserve(b, n);
	memcpy(b->text + b->len, s, n);
	b->len += n;
	b->width += n; /* callers only put ASCII here */
}

static void span_add(struct san_buf *b, size_t off, unsigned flags)
{
	if (flags & SAN_NO_SPANS || b->len == off)
		return;
	if (b->nspans) {
		struct san_span *last = &b->spans[b->nspans - 1];
		if (last->off + last->len == off) {
			last->len = b->len - last->off;
			return;
		}
	}
	if (b->nspans == b->spans_cap) {
		b->spans_cap = b->spans_cap ? b->spans_cap * 2 : 8;
		b->spans = xreallocarray(b->spans, b->spans_cap, sizeof(*b->spans));
	}
	b->spans[b->nspans].off = off;
	b->spans[b->nspans].len = b->len - off;
	b->nspans++;
}

static void put_caret(struct san_buf *b, unsigned c)
{
	char s[2] = {'^', c == 0x7f ? '?' : (char)(c + 0x40)};
	put(b, s, 2);
}

/* "<U+009B>": the code point by number, for things that have no safe glyph. */
static void put_cp_name(struct san_buf *b, unsigned long cp)
{
	static const char hex[] = "0123456789ABCDEF";
	char s[12];
	size_t n = 0, digits = cp > 0xfffff ? 6 : cp > 0xffff ? 5 : 4;
	s[n++] = '<';
	s[n++] = 'U';
	s[n++] = '+';
	for (size_t d = digits; d-- > 0;)
		s[n++] = hex[(cp >> (4 * d)) & 0xf];
	s[n++] = '>';
	put(b, s, n);
}

static void put_replacement(struct san_buf *b)
{
	reserve(b, 3);
	memcpy(b->text + b->len, "\xef\xbf\xbd", 3);
	b->len += 3;
	b->width += 1;
}

/* C1 controls, and the invisible characters that reorder or hide text:
 * bidi embeddings, overrides and isolates, the LRM/RLM/ALM marks (which
 * flip how neutral characters next to them are placed), line and paragraph
 * separators, and the BOM (a zero-width no-break space that hides a
 * difference between two names that look alike). */
static bool cp_is_neutralised(unsigned long cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029 || cp == 0x200e ||
	       cp == 0x200f || cp == 0x061c || cp == 0xfeff;
}

/* Emits the character or bad sequence starting at p[i] (p[i] >= 0x80).
 * Returns the index after it; *cpo gets the code point (-1 if bad) and
 * *escaped whether the output stands for neutralised input. */
static size_t put_nonascii(struct san_buf *b, const unsigned char *p, size_t n, size_t i, long *cpo,
			   bool *escaped, unsigned flags)
{
	size_t adv;
	long cp = utf8_decode(p + i, n - i, &adv);
	*cpo = cp;
	*escaped = true;
	if (cp < 0) {
		if (adv == 1 && p[i] >= 0x80 && p[i] <= 0x9f)
			put_cp_name(b, p[i]); /* an 8-bit C1 control such as 0x9b CSI */
		else if (flags & SAN_ASCII)
			put(b, "?", 1);
		else
			put_replacement(b);
		return i + adv;
	}
	if (flags & SAN_ASCII || cp_is_neutralised((unsigned long)cp)) {
		put_cp_name(b, (unsigned long)cp);
		return i + adv;
	}
	int w = sanitize_cp_width((unsigned)cp);
	if (w < 0) {
		put_cp_name(b, (unsigned long)cp);
		return i + adv;
	}
	reserve(b, adv);
	memcpy(b->text + b->len, p + i, adv);
	b->len += adv;
	b->width += (size_t)w;
	*escaped = false;
	return i + adv;
}

/* The body of a string control (OSC, DCS, SOS, PM, APC) up to and with its
 * terminator: BEL, ESC \ or C1 ST. Shown, not interpreted. */
static size_t put_string_body(struct san_buf *b, const unsigned char *p, size_t n, size_t i, unsigned flags)
{
	while (i < n) {
		unsigned c = p[i];
		if (c == 0x07) {
			put_caret(b, c);
			return i + 1;
		}
		if (c == 0x1b) {
			if (i + 1 < n && p[i + 1] == '\\') {
				put(b, "^[\\", 3);
				return i + 2;
			}
			return i; /* a new sequence starts; the caller shows it */
		}
		/* CAN and SUB abort a string in a terminal; line breaks end it here */
		if (c == 0x18 || c == 0x1a || c == '\n' || c == '\r')
			return i;
		if (c < 0x20 || c == 0x7f) {
			put_caret(b, c);
			i++;
		} else if (c < 0x80) {
			size_t j = i + 1;
			while (j < n && p[j] >= 0x20 && p[j] < 0x7f && p[j] != 0x1b)
				j++;
			put(b, p + i, j - i);
			i = j;
		} else {
			long cp;
			bool esc;
			size_t at = i;
			i = put_nonascii(b, p, n, i, &cp, &esc, flags);
			if (cp == 0x9c || (cp < 0 && i == at + 1 && p[at] == 0x9c))
				return i; /* ST */
		}
	}
	return i;
}

/* ESC at p[i]: shows "^[" and the bytes of the sequence it starts. */
static size_t put_escape(struct san_buf *b, const unsigned char *p, size_t n, size_t i, unsigned flags)
{
	put(b, "^[", 2);
	if (++i >= n)
		return i;
	unsigned c = p[i];
	if (c == '[') { /* CSI: parameters, intermediates, one final byte */
		put(b, "[", 1);
		for (i++; i < n; i++) {
			c = p[i];
			if (c >= 0x20 && c <= 0x3f) {
				put(b, p + i, 1);
			} else if (c >= 0x40 && c <= 0x7e) {
				put(b, p + i, 1);
				return i + 1;
			} else {
				break;
			}
		}
		return i;
	}
	if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
		put(b, p + i, 1);
		return put_string_body(b, p, n, i + 1, flags);
	}
	if (c >= 0x20 && c <= 0x2f) { /* nF: intermediates, then a final byte */
		while (i < n && p[i] >= 0x20 && p[i] <= 0x2f)
			put(b, p + i++, 1);
		if (i < n && p[i] >= 0x30 && p[i] <= 0x7e)
			put(b, p + i++, 1);
		return i;
	}
	if (c >= 0x30 && c <= 0x7e) { /* two-byte ESC x */
		put(b, p + i, 1);
		return i + 1;
	}
	return i; /* lone ESC: whatever follows is shown on its own */
}

static inline bool word_printable(uint64_t w)
{
	uint64_t below = (w - 0x20 * ONES) & ~w;
	uint64_t above = (w + ONES) | w;
	return ((below | above) & HIGHS) == 0;
}

void sanitize(struct san_buf *b, const void *in, size_t len, unsigned flags)
{
	const unsigned char *p = in;
	size_t i = 0;

	b->len = 0;
	b->width = 0;
	b->nspans = 0;
	reserve(b, len < 64 ? len : 64);
	while (i < len) {
		size_t j = i;
		while (len - j >= 8) {
			uint64_t w;
			memcpy(&w, p + j, 8);
			if (!word_printable(w))
				break;
			j += 8;
		}
		while (j < len && byte_class[p[j]] == K_PRINT)
			j++;
		if (j > i) {
			put(b, p + i, j - i);
			i = j;
			if (i == len)
				break;
		}

		unsigned c = p[i];
		size_t start = b->len;
		switch (byte_class[c]) {
		case K_TAB: {
			static const char spaces[8] = "        ";
			put(b, spaces, 8 - b->width % 8);
			i++;
			continue;
		}
		case K_LF:
			i++;
			if (flags & SAN_NL_SPACE) {
				put(b, " ", 1);
				continue;
			}
			if (flags & SAN_NL_ARROW && !(flags & SAN_ASCII)) {
				reserve(b, 3);
				memcpy(b->text + b->len, "\xe2\x86\xb5", 3); /* ↵ */
				b->len += 3;
				b->width += 1;
			} else {
				put_caret(b, c);
			}
			break;
		case K_CR:
			i++;
			if (i == len || p[i] == '\n')
				continue; /* CRLF: the CR is part of the line ending */
			put_caret(b, c);
			break;
		case K_ESC:
			i = put_escape(b, p, len, i, flags);
			break;
		case K_CTRL:
		case K_DEL:
			put_caret(b, c);
			i++;
			break;
		default: {
			long cp;
			bool esc;
			i = put_nonascii(b, p, len, i, &cp, &esc, flags);
			if (!esc)
				continue;
			break;
		}
		}
		span_add(b, start, flags);
	}
	reserve(b, 1);
	b->text[b->len] = '\0';
}

void san_buf_free(struct san_buf *b)
{
	free(b->text);
	free(b->spans);
	*b = (struct san_buf)SAN_BUF_INIT;
}

static char *sanitize_str_flags(const char *s, unsigned flags)
{
	if (!s)
		return NULL;
	struct san_buf b = SAN_BUF_INIT;
	sanitize(&b, s, strlen(s), flags | SAN_NO_SPANS);
	free(b.spans);
	return b.text;
}

char *sanitize_str(const char *s)
{
	return sanitize_str_flags(s, SAN_NL_ARROW);
}

char *sanitize_str_flat(const char *s)
{
	return sanitize_str_flags(s, SAN_NL_SPACE);
}

int sanitize_char_width(const char *s, size_t len, size_t *nbytes)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80) {
		*nbytes = 1;
		return 1;
	}
	size_t adv;
	long cp = utf8_decode(p, len, &adv);
	if (cp < 0) {
		*nbytes = 1;
		return 1;
	}
	*nbytes = adv;
	int w = sanitize_cp_width((unsigned)cp);
	return w < 0 ? 1 : w;
}

size_t sanitize_width(const char *s, size_t len)
{
	size_t w = 0, i = 0;
	while (i < len) {
		size_t n;
		w += (size_t)sanitize_char_width(s + i, len - i, &n);
		i += n;
	}
	return w;
}

/* ---- searching and layout ---------------------------------------------- */

static inline unsigned fold(unsigned c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static inline bool is_letter(unsigned c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

void sanitize_needle_init(struct san_needle *nd, const char *query)
{
	nd->len = query ? strlen(query) : 0;
	nd->q = xmalloc(nd->len + 1);
	nd->anchor = nd->len;
	for (size_t i = 0; i < nd->len; i++) {
		nd->q[i] = (char)fold((unsigned char)query[i]);
		if (nd->anchor == nd->len && !is_letter((unsigned char)query[i]))
			nd->anchor = i;
	}
	nd->q[nd->len] = '\0';
	nd->shift = NULL;
	if (nd->len >= 3) {
		/* Horspool: on a mismatch, skip by how far the byte under the
		 * needle's last position is from the needle's end (in either
		 * case), the whole needle when it does not occur in it. */
		nd->shift = xmalloc(256 * sizeof(*nd->shift));
		for (size_t c = 0; c < 256; c++)
			nd->shift[c] = nd->len;
		for (size_t i = 0; i + 1 < nd->len; i++) {
			unsigned c = (unsigned char)nd->q[i];
			nd->shift[c] = nd->len - 1 - i;
			if (c >= 'a' && c <= 'z')
				nd->shift[c - 32] = nd->len - 1 - i;
		}
	}
}

void sanitize_needle_free(struct san_needle *nd)
{
	free(nd->q);
	free(nd->shift);
	*nd = (struct san_needle){NULL, 0, 0, NULL};
}

static bool fold_eq(const unsigned char *h, const unsigned char *q, size_t m)
{
	for (size_t k = 0; k < m; k++)
		if (fold(h[k]) != q[k])
			return false;
	return true;
}

const char *sanitize_find(const struct san_needle *nd, const char *text, size_t n)
{
	const unsigned char *h = (const unsigned char *)text, *q = (const unsigned char *)nd->q;
	size_t m = nd->len, a = nd->anchor;
	if (!m || n < m)
		return NULL;
	if (nd->shift) {
		unsigned last = q[m - 1];
		for (size_t pos = 0; pos <= n - m;) {
			unsigned c = h[pos + m - 1];
			if (fold(c) == last && fold_eq(h + pos, q, m - 1))
				return (const char *)(h + pos);
			pos += nd->shift[c];
		}
		return NULL;
	}
	if (a < m) {
		/* memchr is far faster than any byte loop; the needle's first
		 * byte that has no other case is the one to look for */
		const unsigned char *p = h + a, *last = h + (n - m) + a;
		while (p <= last) {
			p = memchr(p, q[a], (size_t)(last - p) + 1);
			if (!p)
				return NULL;
			if (fold_eq(p - a, q, m))
				return (const char *)(p - a);
			p++;
		}
		return NULL;
	}
	for (size_t i = 0; i <= n - m; i++)
		if ((h[i] | 0x20u) == q[0] && fold_eq(h + i + 1, q + 1, m - 1))
			return (const char *)(h + i);
	return NULL;
}

size_t sanitize_match_ranges(const char *text, size_t len, const char *query, struct san_span **ranges, size_t *cap)
{
	struct san_needle nd;
	size_t n = 0, pos = 0;
	const char *hit;
	sanitize_needle_init(&nd, query);
	while (nd.len && pos < len && (hit = sanitize_find(&nd, text + pos, len - pos))) {
		if (n == *cap) {
			*cap = *cap ? *cap * 2 : 8;
			*ranges = xreallocarray(*ranges, *cap, sizeof(**ranges));
		}
		(*ranges)[n].off = (size_t)(hit - text);
		(*ranges)[n].len = nd.len;
		n++;
		pos = (size_t)(hit - text) + nd.len;
	}
	sanitize_needle_free(&nd);
	return n;
}

static inline int char_at(const char *s, size_t len, size_t i, size_t *adv)
{
	if ((unsigned char)s[i] < 0x80) {
		*adv = 1;
		return 1;
	}
	return sanitize_char_width(s + i, len - i, adv);
}

size_t sanitize_wrap(const char *text, size_t len, size_t width, size_t *starts, size_t max)
{
	size_t rows = 1, col = 0, i = 0, adv;
	if (width == 0)
		width = 1;
	if (starts && max)
		starts[0] = 0;
	while (i < len) {
		int w = char_at(text, len, i, &adv);
		if (w && col && col + (size_t)w > width) {
			if (starts && rows < max)
				starts[rows] = i;
			rows++;
			col = 0;
		}
		col += (size_t)w;
		i += adv;
	}
	return rows;
}

void sanitize_hslice(const char *text, size_t len, size_t col, size_t width, struct san_slice *out)
{
	size_t i = 0, c = 0, adv, used = 0;
	*out = (struct san_slice){0, 0, 0, 0};
	if (!width)
		return;
	/* Skip what lies left of col; a wide character across the edge leaves
	 * a blank. Combining marks go with the character before them. */
	while (i < len) {
		int w = char_at(text, len, i, &adv);
		if (w && c >= col)
			break;
		if (w && c + (size_t)w > col)
			used = c + (size_t)w - col;
		c += (size_t)w;
		i += adv;
	}
	if (used > width)
		used = width;
	out->pad_left = used;
	out->start = i;
	while (i < len) {
		int w = char_at(text, len, i, &adv);
		if (w && used + (size_t)w > width) {
			out->pad_right = width - used;
			break;
		}
		used += (size_t)w;
		i += adv;
	}
	out->end = i;
}
