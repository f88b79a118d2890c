#include "ui/cell.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "sanitize.h"

/* How one character is shown: its bytes (or a replacement) and width. */
struct glyph {
	const char *bytes;
	size_t len;
	int width;
};

static struct glyph glyph_of(const unsigned char *s, size_t len, bool unicode, size_t *used)
{
	long dec;
	*used = utf8_next(s, len, &dec);
	uint32_t cp = dec < 0 ? 0xfffd : (uint32_t)dec; /* invalid: one byte as U+FFFD */
	struct glyph g = {(const char *)s, *used, 1};
	if (cp == '\t' || cp == '\n' || cp == '\r') {
		g.bytes = " ";
		g.len = 1;
		return g;
	}
	if (!unicode && cp >= 0x80) {
		/* common punctuation has a readable ASCII spelling */
		static const struct {
			uint32_t cp;
			const char *ascii;
		} translit[] = {
			{0x2026, "..."}, {0x2014, "-"}, {0x2013, "-"}, {0x00b7, "|"},
			{0x2192, "->"}, {0x2190, "<-"}, {0x2191, "^"}, {0x2193, "v"},
		};
		for (size_t i = 0; i < ARRAY_SIZE(translit); i++)
			if (translit[i].cp == cp) {
				g.bytes = translit[i].ascii;
				g.len = strlen(g.bytes);
				g.width = (int)g.len;
				return g;
			}
	}
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || (!unicode && cp >= 0x80)) {
		g.bytes = "?";
		g.len = 1;
		return g;
	}
	if (cp == 0xfffd && *used == 1 && s[0] >= 0x80) {
		g.bytes = "\xef\xbf\xbd"; /* invalid UTF-8 shown, not trusted */
		g.len = 3;
		return g;
	}
	int w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);
	if (w < 0) {
		g.bytes = "?";
		g.len = 1;
		w = 1;
	}
	g.width = w;
	return g;
}

int cell_width(const char *s, bool unicode)
{
	if (!s)
		return 0;
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), used;
	int w = 0;
	while (len) {
		w += glyph_of(p, len, unicode, &used).width;
		p += used;
		len -= used;
	}
	return w;
}

static void pad(struct strbuf *out, int n)
{
	for (; n > 0; n--)
		strbuf_putc(out, ' ');
}

/* Whether s holds anything but printable ASCII, i.e. might need the
 * sanitiser. Most cells are plain ASCII and skip it. */
static bool needs_sanitizing(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			return true;
	return false;
}

static int fit_clean(const char *s, int width, enum cell_align al, bool unicode, struct strbuf *out);

/* Every cell may hold server text: escape sequences, controls and bidi
 * overrides are made visible ("^[[2J", "<U+202E>") by the one sanitiser
 * before the text is measured and cut. */
int cell_fit(const char *s, int width, enum cell_align al, bool unicode, struct strbuf *out)
{
	if (!s || !needs_sanitizing(s))
		return fit_clean(s, width, al, unicode, out);
	struct san_buf b = SAN_BUF_INIT;
	sanitize(&b, s, strlen(s), SAN_NL_SPACE | SAN_NO_SPANS);
	int r = fit_clean(b.text, width, al, unicode, out);
	san_buf_free(&b);
	return r;
}

static int fit_clean(const char *s, int width, enum cell_align al, bool unicode, struct strbuf *out)
{
	if (!s)
		s = "";
	if (width <= 0)
		return cell_width(s, unicode);
	int total = cell_width(s, unicode);
	bool cut = total > width;
	int room = cut ? width - 1 : width; /* one column for the ellipsis */
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), used;
	int w = 0;
	if (!cut && al == CELL_RIGHT)
		pad(out, width - total);
	while (len) {
		struct glyph g = glyph_of(p, len, unicode, &used);
		if (w + g.width > room)
			break;
		strbuf_append(out, g.bytes, g.len);
		w += g.width;
		p += used;
		len -= used;
	}
	if (cut) {
		/* a wide character that did not fit leaves a gap before "…" */
		pad(out, room - w);
		strbuf_puts(out, unicode ? "\u2026" : "~");
		return total - w;
	}
	if (al == CELL_LEFT)
		pad(out, width - total);
	return 0;
}
