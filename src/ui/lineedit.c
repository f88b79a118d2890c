#include "ui/lineedit.h"

#include <curses.h> /* only for the KEY_* codes */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CTRL(c) ((c) & 0x1f)

/* ---- UTF-8 helpers (locale-independent) ---- */

static bool is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* C0, DEL and C1 controls never enter the buffer: they would reach the
 * terminal when the field is drawn. */
static bool is_control(long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/* Offsets of the neighbouring code points; the buffer is valid UTF-8. */
static size_t next_cp(const struct lineedit *le, size_t off)
{
	if (off >= le->len)
		return le->len;
	off++;
	while (off < le->len && is_cont((unsigned char)le->buf[off]))
		off++;
	return off;
}

static size_t prev_cp(const struct lineedit *le, size_t off)
{
	return utf8_prev(le->buf, off);
}

static long cp_at(const struct lineedit *le, size_t off)
{
	long cp;
	utf8_next((const unsigned char *)le->buf + off, le->len - off, &cp);
	return cp;
}

static int cp_width(const struct lineedit *le, long cp)
{
	if (le->masked)
		return 1;
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

static size_t count_cps(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += !is_cont((unsigned char)s[i]);
	return c;
}

/* ---- buffer ---- */

static void reserve(struct lineedit *le, size_t extra)
{
	if (le->len + extra + 1 <= le->cap)
		return;
	size_t cap = le->cap ? le->cap : 32;
	while (cap < le->len + extra + 1)
		cap *= 2;
	le->buf = xrealloc(le->buf, cap);
	le->cap = cap;
}

static void splice(struct lineedit *le, size_t from, size_t to, const char *ins, size_t n)
{
	reserve(le, n);
	memmove(le->buf + from + n, le->buf + to, le->len - to + 1);
	if (n)
		memcpy(le->buf + from, ins, n);
	le->len = le->len - (to - from) + n;
	le->modified = true;
}

void lineedit_init(struct lineedit *le, size_t max_chars)
{
	memset(le, 0, sizeof(*le));
	le->max_chars = max_chars;
	reserve(le, 0);
	le->buf[0] = '\0';
}

void lineedit_free(struct lineedit *le)
{
	free(le->buf);
	memset(le, 0, sizeof(*le));
}

const char *lineedit_text(const struct lineedit *le)
{
	return le->buf ? le->buf : "";
}

size_t lineedit_chars(const struct lineedit *le)
{
	return count_cps(le->buf, le->len);
}

void lineedit_set_masked(struct lineedit *le, bool masked)
{
	le->masked = masked;
}

void lineedit_set(struct lineedit *le, const char *text)
{
	le->len = 0;
	le->buf[0] = '\0';
	le->cursor = le->scroll = 0;
	if (text)
		lineedit_insert_str(le, text);
	le->modified = false;
}

bool lineedit_insert_wc(struct lineedit *le, wchar_t wc)
{
	long cp = (long)wc;
	if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || is_control(cp))
		return false;
	if (le->max_chars && lineedit_chars(le) >= le->max_chars)
		return false;
	char enc[4];
	size_t n = utf8_encode(cp, enc);
	splice(le, le->cursor, le->cursor, enc, n);
	le->cursor += n;
	return true;
}

size_t lineedit_insert_str(struct lineedit *le, const char *utf8)
{
	if (!utf8)
		return 0;
	size_t room = SIZE_MAX;
	if (le->max_chars) {
		size_t have = lineedit_chars(le);
		room = have >= le->max_chars ? 0 : le->max_chars - have;
	}
	struct strbuf sb = STRBUF_INIT;
	size_t added = 0;
	const unsigned char *s = (const unsigned char *)utf8;
	size_t n = strlen(utf8);
	for (size_t i = 0; i < n && added < room;) {
		long cp;
		size_t len = utf8_next(s + i, n - i, &cp);
		i += len;
		if (cp == '\t' || cp == '\n' || cp == '\r')
			cp = ' ';
		else if (cp < 0)
			cp = 0xfffd;
		else if (is_control(cp))
			continue;
		char enc[4];
		strbuf_append(&sb, enc, utf8_encode(cp, enc));
		added++;
	}
	if (sb.len) {
		splice(le, le->cursor, le->cursor, sb.buf, sb.len);
		le->cursor += sb.len;
	}
	strbuf_free(&sb);
	return added;
}

bool lineedit_backspace(struct lineedit *le)
{
	if (le->cursor == 0)
		return false;
	size_t p = prev_cp(le, le->cursor);
	splice(le, p, le->cursor, NULL, 0);
	le->cursor = p;
	return true;
}

bool lineedit_delete(struct lineedit *le)
{
	if (le->cursor >= le->len)
		return false;
	splice(le, le->cursor, next_cp(le, le->cursor), NULL, 0);
	return true;
}

bool lineedit_left(struct lineedit *le)
{
	if (le->cursor == 0)
		return false;
	le->cursor = prev_cp(le, le->cursor);
	return true;
}

bool lineedit_right(struct lineedit *le)
{
	if (le->cursor >= le->len)
		return false;
	le->cursor = next_cp(le, le->cursor);
	return true;
}

bool lineedit_home(struct lineedit *le)
{
	bool moved = le->cursor != 0;
	le->cursor = 0;
	return moved;
}

bool lineedit_end(struct lineedit *le)
{
	bool moved = le->cursor != le->len;
	le->cursor = le->len;
	return moved;
}

bool lineedit_kill_to_start(struct lineedit *le)
{
	if (le->cursor == 0)
		return false;
	splice(le, 0, le->cursor, NULL, 0);
	le->cursor = 0;
	return true;
}

bool lineedit_kill_to_end(struct lineedit *le)
{
	if (le->cursor >= le->len)
		return false;
	splice(le, le->cursor, le->len, NULL, 0);
	return true;
}

static bool is_space_cp(long cp)
{
	return cp == ' ' || cp == 0xa0 || cp == 0x3000;
}

bool lineedit_kill_word(struct lineedit *le)
{
	if (le->cursor == 0)
		return false;
	size_t p = le->cursor;
	while (p > 0 && is_space_cp(cp_at(le, prev_cp(le, p))))
		p = prev_cp(le, p);
	while (p > 0 && !is_space_cp(cp_at(le, prev_cp(le, p))))
		p = prev_cp(le, p);
	splice(le, p, le->cursor, NULL, 0);
	le->cursor = p;
	return true;
}

bool lineedit_handle_key(struct lineedit *le, int key, bool is_char)
{
	if (!is_char) {
		switch (key) {
		case KEY_LEFT:
			lineedit_left(le);
			return true;
		case KEY_RIGHT:
			lineedit_right(le);
			return true;
		case KEY_HOME:
			lineedit_home(le);
			return true;
		case KEY_END:
			lineedit_end(le);
			return true;
		case KEY_BACKSPACE:
			lineedit_backspace(le);
			return true;
		case KEY_DC:
			lineedit_delete(le);
			return true;
		default:
			return false;
		}
	}
	switch (key) {
	case CTRL('A'):
		lineedit_home(le);
		return true;
	case CTRL('E'):
		lineedit_end(le);
		return true;
	case CTRL('B'):
		lineedit_left(le);
		return true;
	case CTRL('F'):
		lineedit_right(le);
		return true;
	case CTRL('H'):
	case 127:
		lineedit_backspace(le);
		return true;
	case CTRL('D'):
		lineedit_delete(le);
		return true;
	case CTRL('U'):
		lineedit_kill_to_start(le);
		return true;
	case CTRL('K'):
		lineedit_kill_to_end(le);
		return true;
	case CTRL('W'):
		lineedit_kill_word(le);
		return true;
	default:
		break;
	}
	if (key < 0 || is_control(key))
		return false;
	lineedit_insert_wc(le, (wchar_t)key);
	return true;
}

/* ---- view ---- */

void lineedit_view(struct lineedit *le, int width, size_t *start, int *cursor_col)
{
	if (width < 1)
		width = 1;
	size_t w = (size_t)width;
	if (le->scroll > le->len || le->cursor < le->scroll)
		le->scroll = le->cursor;
	/* the cell under the cursor: the character there, or one blank at the end */
	size_t cur_w = le->cursor < le->len ? (size_t)cp_width(le, cp_at(le, le->cursor)) : 1;
	if (cur_w == 0)
		cur_w = 1;
	size_t before = 0; /* columns from scroll to the cursor */
	for (size_t o = le->scroll; o < le->cursor; o = next_cp(le, o))
		before += (size_t)cp_width(le, cp_at(le, o));
	while (le->scroll < le->cursor && before + cur_w > w) {
		before -= (size_t)cp_width(le, cp_at(le, le->scroll));
		le->scroll = next_cp(le, le->scroll);
	}
	/* Pull back to show more text on the left when the rest of the text,
	 * plus the cell the cursor takes at the end, fits. Counting that cell
	 * even when the cursor is elsewhere keeps the window still while the
	 * cursor moves. */
	size_t tail = before;
	for (size_t o = le->cursor; o < le->len; o = next_cp(le, o))
		tail += (size_t)cp_width(le, cp_at(le, o));
	while (le->scroll > 0) {
		size_t p = prev_cp(le, le->scroll);
		size_t pw = (size_t)cp_width(le, cp_at(le, p));
		if (tail + pw + 1 > w)
			break;
		tail += pw;
		before += pw;
		le->scroll = p;
	}
	if (start)
		*start = le->scroll;
	if (cursor_col)
		*cursor_col = (int)before;
}

char *lineedit_visible(struct lineedit *le, int width, const char *bullet, int *cursor_col)
{
	size_t start;
	lineedit_view(le, width, &start, cursor_col);
	if (!bullet)
		bullet = "*";
	struct strbuf sb = STRBUF_INIT;
	int used = 0;
	for (size_t o = start; o < le->len;) {
		size_t nx = next_cp(le, o);
		int cw = cp_width(le, cp_at(le, o));
		if (used + cw > width)
			break;
		if (le->masked)
			strbuf_puts(&sb, bullet);
		else
			strbuf_append(&sb, le->buf + o, nx - o);
		used += cw;
		o = nx;
	}
	return strbuf_steal(&sb);
}

/* ---- path completion ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *lineedit_complete_path(const char *text, struct strlist *candidates)
{
	if (!text)
		text = "";
	const char *slash = strrchr(text, '/');
	size_t dir_len = slash ? (size_t)(slash - text) + 1 : 0;
	const char *prefix = text + dir_len;
	size_t plen = strlen(prefix);

	char *dir;
	if (dir_len == 0) {
		dir = xstrdup(".");
	} else if (text[0] == '~' && text[1] == '/') {
		const char *home = getenv("HOME");
		dir = xasprintf("%s%.*s", home ? home : "", (int)(dir_len - 1), text + 1);
	} else {
		dir = xstrndup(text, dir_len);
	}
	DIR *d = opendir(dir);
	if (!d) {
		free(dir);
		return NULL;
	}
	struct strlist names = {0};
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0)
			continue;
		if (n[0] == '.' && prefix[0] != '.')
			continue;
		if (strncmp(n, prefix, plen) != 0)
			continue;
		char *full = xasprintf("%s/%s", dir, n);
		struct stat st;
		bool is_dir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
		free(full);
		char *entry = xasprintf("%s%s", n, is_dir ? "/" : "");
		strlist_push(&names, entry);
		free(entry);
	}
	closedir(d);
	free(dir);
	if (names.n == 0)
		return NULL;
	qsort(names.v, names.n, sizeof(*names.v), cmp_str);

	/* Longest common prefix of the matches, cut back to a whole code point. */
	size_t lcp = strlen(names.v[0]);
	for (size_t i = 1; i < names.n; i++) {
		size_t k = 0;
		while (k < lcp && names.v[i][k] == names.v[0][k])
			k++;
		lcp = k;
	}
	while (lcp > 0 && is_cont((unsigned char)names.v[0][lcp]))
		lcp--;
	char *out = xasprintf("%.*s%.*s", (int)dir_len, text, (int)lcp, names.v[0]);
	if (candidates) {
		for (size_t i = 0; i < names.n; i++)
			strlist_push(candidates, names.v[i]);
	}
	strlist_clear(&names);
	return out;
}
