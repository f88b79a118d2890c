#include "ui/cmdline.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "ui/chrome.h"
#include "ui/keys.h"
#include "ui/lineedit.h"
#include "ui/theme.h"

#define HISTORY_MAX 100

struct cmdline {
	bool active;
	struct lineedit le;
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
	lineedit_init(&c->le, 0);
	return c;
}

void cmdline_free(struct cmdline *c)
{
	if (!c)
		return;
	lineedit_free(&c->le);
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

void cmdline_open(struct cmdline *c)
{
	c->active = true;
	lineedit_set(&c->le, NULL);
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

static void history_go(struct cmdline *c, int dir)
{
	if (!c->history.n || (dir < 0 && c->hist_pos == 0) || (dir > 0 && c->hist_pos >= c->history.n))
		return;
	if (c->hist_pos == c->history.n) {
		free(c->draft);
		c->draft = xstrdup(lineedit_text(&c->le));
	}
	c->hist_pos += dir;
	lineedit_set(&c->le, c->hist_pos == c->history.n ? c->draft : c->history.v[c->hist_pos]);
}

static void history_add(struct cmdline *c, const char *line)
{
	const char *s = line;
	while (*s == ' ')
		s++;
	if (!*s || (c->history.n && strcmp(c->history.v[c->history.n - 1], line) == 0))
		return;
	if (c->history.n >= HISTORY_MAX) {
		free(c->history.v[0]);
		memmove(c->history.v, c->history.v + 1, (c->history.n - 1) * sizeof *c->history.v);
		c->history.n--;
	}
	strlist_push(&c->history, line);
}

/* Longest common prefix length (bytes) of the candidates, on a UTF-8
 * boundary. */
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
	while (n > 0 && ((unsigned char)l->v[0][n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* Completes the word before the cursor: the command name (word 0) or its
 * argument (word 1). */
static void complete(struct cmdline *c)
{
	if (!c->complete)
		return;
	const char *text = lineedit_text(&c->le);
	size_t cur = c->le.cursor;
	size_t name_start = strspn(text, " ");
	size_t name_end = name_start + strcspn(text + name_start, " ");
	size_t start = cur;
	while (start > 0 && text[start - 1] != ' ')
		start--;
	int word = cur > name_end ? 1 : 0;
	char *cmd = xstrndup(text + name_start, name_end - name_start);
	char *prefix = xstrndup(text + start, cur - start);
	struct strlist cands = {0};
	c->complete(c->ud, word, cmd, prefix, &cands);
	if (cands.n == 0) {
		set_hint(c, xstrdup("(no completions)"));
	} else {
		size_t plen = strlen(prefix), common = common_prefix(&cands);
		if (common > plen) {
			char *add = xstrndup(cands.v[0] + plen, common - plen);
			lineedit_insert_str(&c->le, add);
			free(add);
		}
		if (cands.n == 1) {
			if (word == 0 && c->le.cursor == c->le.len)
				lineedit_insert_str(&c->le, " ");
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
	case '\n':
		free(c->submitted);
		c->submitted = xstrdup(lineedit_text(&c->le));
		history_add(c, c->submitted);
		cmdline_close(c);
		return CMDLINE_SUBMIT;
	case '\t':
		complete(c);
		return CMDLINE_EDITING;
	case KEY_FN(KEY_BACKSPACE):
		/* Backspace on an empty line leaves it, as in vim. */
		if (c->le.len == 0) {
			cmdline_close(c);
			return CMDLINE_CANCEL;
		}
		break;
	case KEY_FN(KEY_UP):
	case 0x10: /* C-p */
		history_go(c, -1);
		return CMDLINE_EDITING;
	case KEY_FN(KEY_DOWN):
	case 0x0e: /* C-n */
		history_go(c, 1);
		return CMDLINE_EDITING;
	default:
		break;
	}
	lineedit_handle_key(&c->le, KEY_IS_FN(key) ? key & ~0x1000000 : key, !KEY_IS_FN(key));
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
	int width = cols > 3 ? cols - 2 : 1, curx = 0;
	char *vis = lineedit_visible(&c->le, width, NULL, &curx);
	wmove(win, 0, 1);
	int used = chrome_put(win, vis, width);
	free(vis);
	if (c->hint && used + 4 < cols) {
		wattrset(win, theme_attr(EL_DIM));
		wmove(win, 0, used + 3);
		chrome_put(win, c->hint, cols - used - 4);
	}
	wattrset(win, A_NORMAL);
	wmove(win, 0, 1 + curx < cols ? 1 + curx : cols - 1);
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
