#include "ui/cmdline.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "sanitize.h"
#include "ui/chrome.h"
#include "ui/keys.h"
#include "ui/theme.h"

#define HISTORY_MAX 100

struct cmdline {
	bool active;
	wchar_t *buf;          /* NUL-terminated */
	size_t len, cap, cur;  /* cursor in characters */
	struct strlist history;
	size_t hist_pos;       /* == history.n: the line being typed */
	char *draft;           /* the line being typed while browsing history */
	char *hint;            /* completion candidates shown after the line */
	char *submitted;
	cmdline_complete_fn complete;
	void *ud;
};

struct cmdline *cmdline_new(cmdline_complete_fn complete, void *ud)
{
	struct cmdline *c = xcalloc(1, sizeof *c);
	c->complete = complete;
	c->ud = ud;
	c->cap = 64;
	c->buf = xcalloc(c->cap, sizeof *c->buf);
	return c;
}

void cmdline_free(struct cmdline *c)
{
	if (!c)
		return;
	free(c->buf);
	strlist_clear(&c->history);
	free(c->draft);
	free(c->hint);
	free(c->submitted);
	free(c);
}

static void set_hint(struct cmdline *c, char *hint)
{
	free(c->hint);
	c->hint = hint;
}

static void set_text(struct cmdline *c, const char *s)
{
	size_t n = s ? mbstowcs(NULL, s, 0) : 0;
	if (n == (size_t)-1)
		n = 0;
	if (n + 1 > c->cap) {
		c->cap = n + 64;
		c->buf = xrealloc(c->buf, c->cap * sizeof *c->buf);
	}
	if (n)
		mbstowcs(c->buf, s, n + 1);
	c->buf[n] = 0;
	c->len = c->cur = n;
}

static char *to_utf8(const wchar_t *w, size_t n)
{
	wchar_t *tmp = xmalloc((n + 1) * sizeof *tmp);
	wmemcpy(tmp, w, n);
	tmp[n] = 0;
	size_t len = wcstombs(NULL, tmp, 0);
	char *s;
	if (len == (size_t)-1) {
		s = xstrdup("");
	} else {
		s = xmalloc(len + 1);
		wcstombs(s, tmp, len + 1);
	}
	free(tmp);
	return s;
}

void cmdline_open(struct cmdline *c)
{
	c->active = true;
	set_text(c, "");
	c->hist_pos = c->history.n;
	free(c->draft);
	c->draft = NULL;
	set_hint(c, NULL);
}

void cmdline_close(struct cmdline *c)
{
	c->active = false;
	set_hint(c, NULL);
}

bool cmdline_active(const struct cmdline *c)
{
	return c && c->active;
}

static void insert(struct cmdline *c, const wchar_t *w, size_t n)
{
	if (c->len + n + 1 > c->cap) {
		c->cap = (c->len + n + 1) * 2;
		c->buf = xrealloc(c->buf, c->cap * sizeof *c->buf);
	}
	wmemmove(c->buf + c->cur + n, c->buf + c->cur, c->len - c->cur + 1);
	wmemcpy(c->buf + c->cur, w, n);
	c->len += n;
	c->cur += n;
}

static void delete_range(struct cmdline *c, size_t from, size_t to)
{
	if (to <= from)
		return;
	wmemmove(c->buf + from, c->buf + to, c->len - to + 1);
	c->len -= to - from;
	if (c->cur > to)
		c->cur -= to - from;
	else if (c->cur > from)
		c->cur = from;
}

static void history_go(struct cmdline *c, int dir)
{
	if (!c->history.n)
		return;
	if (dir < 0 && c->hist_pos == 0)
		return;
	if (dir > 0 && c->hist_pos >= c->history.n)
		return;
	if (c->hist_pos == c->history.n) {
		free(c->draft);
		c->draft = to_utf8(c->buf, c->len);
	}
	c->hist_pos += dir;
	set_text(c, c->hist_pos == c->history.n ? c->draft : c->history.v[c->hist_pos]);
}

/* Longest common prefix length (bytes) of the candidates. */
static size_t common_prefix(const struct strlist *l)
{
	if (!l->n)
		return 0;
	size_t n = strlen(l->v[0]);
	for (size_t i = 1; i < l->n; i++) {
		size_t k = 0;
		while (k < n && l->v[i][k] == l->v[0][k])
			k++;
		n = k;
	}
	/* Do not split a UTF-8 sequence. */
	while (n > 0 && ((unsigned char)l->v[0][n] & 0xc0) == 0x80)
		n--;
	return n;
}

static void complete(struct cmdline *c)
{
	if (!c->complete)
		return;
	/* Complete the word before the cursor. */
	size_t start = c->cur;
	while (start > 0 && c->buf[start - 1] != L' ')
		start--;
	size_t first_end = 0;
	while (first_end < c->len && c->buf[first_end] == L' ')
		first_end++;
	size_t name_start = first_end;
	while (first_end < c->len && c->buf[first_end] != L' ')
		first_end++;
	int word = start > first_end || (start == first_end && start > name_start) ? 1 : 0;
	if (start >= name_start && start < first_end)
		word = 0;
	char *cmd = to_utf8(c->buf + name_start, first_end - name_start);
	char *prefix = to_utf8(c->buf + start, c->cur - start);
	struct strlist cands = {0};
	c->complete(c->ud, word, cmd, prefix, &cands);
	if (cands.n == 0) {
		set_hint(c, xstrdup("(no completions)"));
	} else {
		size_t common = common_prefix(&cands);
		size_t plen = strlen(prefix);
		if (common > plen) {
			char *add = xstrndup(cands.v[0] + plen, common - plen);
			size_t wn = mbstowcs(NULL, add, 0);
			if (wn != (size_t)-1) {
				wchar_t *w = xmalloc((wn + 1) * sizeof *w);
				mbstowcs(w, add, wn + 1);
				insert(c, w, wn);
				free(w);
			}
			free(add);
		}
		if (cands.n == 1) {
			if (word == 0 && c->cur == c->len)
				insert(c, L" ", 1);
			set_hint(c, NULL);
		} else {
			char *list = strlist_join(&cands, "  ");
			set_hint(c, sanitize_str(list));
			free(list);
		}
	}
	strlist_clear(&cands);
	free(cmd);
	free(prefix);
}

enum cmdline_status cmdline_key(struct cmdline *c, int key)
{
	if (key != '\t')
		set_hint(c, NULL);
	switch (key) {
	case 0x1b:
	case 0x07: /* C-g */
		cmdline_close(c);
		return CMDLINE_CANCEL;
	case '\n': {
		free(c->submitted);
		c->submitted = to_utf8(c->buf, c->len);
		const char *s = c->submitted;
		while (*s == ' ')
			s++;
		if (*s && (!c->history.n || strcmp(c->history.v[c->history.n - 1], c->submitted) != 0)) {
			if (c->history.n >= HISTORY_MAX) {
				free(c->history.v[0]);
				memmove(c->history.v, c->history.v + 1, (c->history.n - 1) * sizeof *c->history.v);
				c->history.n--;
			}
			strlist_push(&c->history, c->submitted);
		}
		cmdline_close(c);
		return CMDLINE_SUBMIT;
	}
	case '\t':
		complete(c);
		break;
	case KEY_FN(KEY_BACKSPACE):
		if (c->len == 0) {
			cmdline_close(c);
			return CMDLINE_CANCEL;
		}
		if (c->cur > 0)
			delete_range(c, c->cur - 1, c->cur);
		break;
	case KEY_FN(KEY_DC):
	case 0x04: /* C-d */
		if (c->cur < c->len)
			delete_range(c, c->cur, c->cur + 1);
		break;
	case KEY_FN(KEY_LEFT):
	case 0x02: /* C-b */
		if (c->cur > 0)
			c->cur--;
		break;
	case KEY_FN(KEY_RIGHT):
	case 0x06: /* C-f */
		if (c->cur < c->len)
			c->cur++;
		break;
	case KEY_FN(KEY_HOME):
	case 0x01: /* C-a */
		c->cur = 0;
		break;
	case KEY_FN(KEY_END):
	case 0x05: /* C-e */
		c->cur = c->len;
		break;
	case 0x15: /* C-u */
		delete_range(c, 0, c->cur);
		break;
	case 0x0b: /* C-k */
		delete_range(c, c->cur, c->len);
		break;
	case 0x17: { /* C-w: the word before the cursor */
		size_t p = c->cur;
		while (p > 0 && c->buf[p - 1] == L' ')
			p--;
		while (p > 0 && c->buf[p - 1] != L' ')
			p--;
		delete_range(c, p, c->cur);
		break;
	}
	case KEY_FN(KEY_UP):
	case 0x10: /* C-p */
		history_go(c, -1);
		break;
	case KEY_FN(KEY_DOWN):
	case 0x0e: /* C-n */
		history_go(c, 1);
		break;
	default:
		if (!KEY_IS_FN(key) && key >= 0x20 && key != 0x7f && iswprint((wint_t)key)) {
			wchar_t w = (wchar_t)key;
			insert(c, &w, 1);
		}
		break;
	}
	return CMDLINE_EDITING;
}

char *cmdline_take(struct cmdline *c)
{
	char *s = c->submitted;
	c->submitted = NULL;
	return s ? s : xstrdup("");
}

void cmdline_draw(struct cmdline *c, WINDOW *win)
{
	int cols = getmaxx(win);
	wbkgdset(win, (chtype)theme_attr(EL_INPUT) | ' ');
	werase(win);
	wattrset(win, theme_attr(EL_INPUT) | A_BOLD);
	mvwaddch(win, 0, 0, ':');
	wattrset(win, theme_attr(EL_INPUT));
	/* Scroll horizontally so the cursor stays visible. */
	int avail = cols - 2;
	int before = 0;
	for (size_t i = 0; i < c->cur; i++) {
		int w = wcwidth(c->buf[i]);
		before += w > 0 ? w : 0;
	}
	size_t first = 0;
	while (before >= avail && first < c->cur) {
		int w = wcwidth(c->buf[first++]);
		before -= w > 0 ? w : 0;
	}
	int x = 1, curx = 1;
	for (size_t i = first; i < c->len; i++) {
		int w = wcwidth(c->buf[i]);
		if (w < 0)
			w = 1;
		if (x + w >= cols)
			break;
		if (i == c->cur)
			curx = x;
		mvwaddnwstr(win, 0, x, &c->buf[i], 1);
		x += w;
	}
	if (c->cur >= c->len)
		curx = x;
	if (c->hint && x + 3 < cols) {
		wattrset(win, theme_attr(EL_DIM));
		wmove(win, 0, x + 2);
		chrome_put(win, c->hint, cols - x - 3);
	}
	wattrset(win, A_NORMAL);
	wmove(win, 0, curx < cols ? curx : cols - 1);
}

void cmdline_split(const char *line, char **name, char **arg)
{
	const char *s = line ? line : "";
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strcspn(s, " \t");
	*name = xstrndup(s, n);
	s += n;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	*arg = len ? xstrndup(s, len) : NULL;
}
