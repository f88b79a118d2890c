/* Help: generated from the action table for the view it was opened from,
 * so it can never disagree with the key bindings. */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "ui/help_view.h"
#include "ui/app.h"
#include "ui/chrome.h"
#include "ui/keys.h"
#include "ui/lineedit.h"
#include "ui/theme.h"
#include "ui/view.h"

enum row_kind { ROW_TITLE, ROW_ACTION, ROW_BLANK };

struct help_row {
	enum row_kind kind;
	char *keys;   /* ROW_ACTION */
	char *text;   /* title, or "name  help" */
	bool greyed;  /* a write while read-only */
};

struct help {
	char *for_name;
	struct help_row *rows;
	size_t n;
	size_t top;
	int keys_width;
	/* Search */
	bool typing;
	struct lineedit q; /* the same line editing as every prompt */
	size_t match;     /* current matching row, or n */
};

/* keys and text are taken (freed with the view), hence not const. */
static void add_row(struct help *h, enum row_kind kind, char *keys, char *text, bool greyed) // NOLINT(readability-non-const-parameter)
{
	h->rows = xreallocarray(h->rows, h->n + 1, sizeof *h->rows);
	h->rows[h->n++] = (struct help_row){kind, keys, text, greyed};
}

static void build(struct help *h, struct app *a, unsigned mask)
{
	const struct keymap *km = app_keymap(a);
	bool ro = app_read_only(a);
	for (int g = 0; g < AG_COUNT; g++) {
		bool titled = false;
		for (int i = ACT_NONE + 1; i < ACT_COUNT; i++) {
			const struct action_info *ai = action_info((enum action)i);
			if (!(ai->views & mask) || action_group(ai->id) != (enum action_group)g)
				continue;
			char *keys;
			if (ai->flags & AF_NOKEY) {
				keys = xasprintf(":%s%s", ai->name, ai->flags & AF_ARG ? " ARG" : "");
			} else {
				keys = keymap_keys_of(km, mask, ai->id);
				if (!*keys) {
					free(keys);
					keys = xasprintf(":%s", ai->name);
				}
			}
			if (!titled) {
				if (h->n)
					add_row(h, ROW_BLANK, NULL, xstrdup(""), false);
				add_row(h, ROW_TITLE, NULL, xstrdup(action_group_title((enum action_group)g)), false);
				titled = true;
			}
			bool grey = ro && (ai->flags & AF_WRITE);
			char *text = xasprintf("%-14s %s%s", ai->name, ai->help, grey ? "  (read-only)" : "");
			int w = chrome_width(keys);
			if (w > h->keys_width)
				h->keys_width = w;
			add_row(h, ROW_ACTION, keys, text, grey);
		}
	}
	if (mask & VM_JOBS) {
		/* How the jobs filter matches, the same in a small team and in
		 * a big one paged by the service. */
		static const char *const rules[] = {
			"name, team, description: any part of the text",
			"running, submitted: a run in flight now",
			"succeeded, user error, platform error, cancelled, skipped: the status, exactly",
			"failed, error: either error status",
			"enabled, disabled, not deployed: the state, exactly",
			"teams above 5000 jobs: the words above become the service's own filters;",
			"  failed and error read both error statuses whole; running, submitted,",
			"  :running and :failed read the jobs the runs name (the first 100 by name)",
		};
		add_row(h, ROW_BLANK, NULL, xstrdup(""), false);
		add_row(h, ROW_TITLE, NULL, xstrdup("How / matches jobs"), false);
		for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
			add_row(h, ROW_ACTION, xstrdup(""), xstrdup(rules[i]), false);
	}
	if (h->keys_width > 24)
		h->keys_width = 24;
}

static struct help *priv(struct view *v)
{
	return v->priv;
}

static bool row_matches(const struct help_row *r, const char *q)
{
	if (str_empty(q))
		return false;
	return str_contains_ci(r->text, q) || str_contains_ci(r->keys, q);
}

static size_t visible_rows(struct view *v)
{
	return v->lines > 0 ? (size_t)v->lines : 1;
}

static void clamp_top(struct view *v)
{
	struct help *h = priv(v);
	size_t vis = visible_rows(v);
	size_t max = h->n > vis ? h->n - vis : 0;
	if (h->top > max)
		h->top = max;
}

static void show_row(struct view *v, size_t row)
{
	struct help *h = priv(v);
	size_t vis = visible_rows(v);
	if (row < h->top)
		h->top = row;
	else if (row >= h->top + vis)
		h->top = row - vis + 1;
	clamp_top(v);
}

/* Finds the next (dir > 0) or previous match from the current one. */
static bool find(struct view *v, int dir, bool include_current)
{
	struct help *h = priv(v);
	if (!h->n || str_empty(lineedit_text(&h->q)))
		return false;
	size_t start = h->match < h->n ? h->match : (dir > 0 ? h->n - 1 : 0);
	for (size_t k = include_current ? 0 : 1; k <= h->n; k++) {
		size_t i = dir > 0 ? (start + k) % h->n : (start + h->n - k % h->n) % h->n;
		if (row_matches(&h->rows[i], lineedit_text(&h->q))) {
			h->match = i;
			show_row(v, i);
			return true;
		}
	}
	h->match = h->n;
	return false;
}

static void help_fini(struct view *v)
{
	struct help *h = priv(v);
	for (size_t i = 0; i < h->n; i++) {
		free(h->rows[i].keys);
		free(h->rows[i].text);
	}
	free(h->rows);
	free(h->for_name);
	lineedit_free(&h->q);
	free(h);
}

static void help_draw(struct view *v)
{
	struct help *h = priv(v);
	WINDOW *w = v->win;
	werase(w);
	clamp_top(v);
	for (int y = 0; y < v->lines && h->top + (size_t)y < h->n; y++) {
		const struct help_row *r = &h->rows[h->top + (size_t)y];
		wmove(w, y, 1);
		if (r->kind == ROW_TITLE) {
			wattrset(w, theme_attr(EL_TITLE) | A_BOLD);
			chrome_put(w, r->text, v->cols - 2);
			continue;
		}
		if (r->kind != ROW_ACTION)
			continue;
		bool match = !str_empty(lineedit_text(&h->q)) && row_matches(r, lineedit_text(&h->q));
		int base = r->greyed ? theme_attr(EL_DIM) : theme_attr(EL_NORMAL);
		if (match)
			base = theme_attr(EL_SEARCH_MATCH) | (h->top + (size_t)y == h->match ? A_BOLD : 0);
		int keys_attr = base;
		if (!r->greyed && !match)
			keys_attr = theme_attr(EL_KEY_HINT) | (int)A_BOLD;
		wattrset(w, keys_attr);
		wmove(w, y, 2);
		chrome_put(w, r->keys, h->keys_width);
		wattrset(w, base);
		wmove(w, y, 4 + h->keys_width);
		chrome_put(w, r->text, v->cols - 5 - h->keys_width);
	}
	wattrset(w, A_NORMAL);
}

static int scroll_by(struct view *v, long d)
{
	struct help *h = priv(v);
	size_t old = h->top;
	if (d < 0 && (size_t)-d > h->top)
		h->top = 0;
	else
		h->top = (size_t)((long)h->top + d);
	clamp_top(v);
	return h->top != old ? R_REDRAW : R_NONE;
}

static int help_action(struct view *v, enum action a, const char *arg)
{
	struct help *h = priv(v);
	long page = (long)visible_rows(v) - 1;
	switch (a) {
	case ACT_UP:
		return scroll_by(v, -1);
	case ACT_DOWN:
		return scroll_by(v, 1);
	case ACT_PAGE_UP:
		return scroll_by(v, -(page > 0 ? page : 1));
	case ACT_PAGE_DOWN:
		return scroll_by(v, page > 0 ? page : 1);
	case ACT_TOP:
		return scroll_by(v, -(long)h->n);
	case ACT_BOTTOM:
		return scroll_by(v, (long)h->n);
	case ACT_SEARCH:
		h->typing = true;
		lineedit_set(&h->q, NULL);
		app_message_clear(v->app);
		if (arg) {
			lineedit_set(&h->q, arg);
			h->typing = false;
			h->match = h->n;
			if (!find(v, 1, true))
				app_message(v->app, MSG_WARN, "no help entry matches \"%s\"", arg);
		}
		return R_REDRAW | R_LAYOUT;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (str_empty(lineedit_text(&h->q)))
			return R_NONE;
		find(v, a == ACT_SEARCH_NEXT ? 1 : -1, false);
		return R_REDRAW | R_LAYOUT;
	case ACT_HELP:
		return R_NONE; /* already here */
	case ACT_BACK:
		if (!str_empty(lineedit_text(&h->q))) {
			lineedit_set(&h->q, NULL);
			h->match = h->n;
			return R_REDRAW | R_LAYOUT;
		}
		return R_CLOSE;
	default:
		return R_UNHANDLED;
	}
}

static int help_key(struct view *v, int key, bool is_char)
{
	struct help *h = priv(v);
	if (!h->typing)
		return R_UNHANDLED;
	int k = key_from_curses(key, is_char);
	if (k == 0x1b) {
		h->typing = false;
		lineedit_set(&h->q, NULL);
		h->match = h->n;
	} else if (k == '\n') {
		h->typing = false;
		if (h->match >= h->n && !str_empty(lineedit_text(&h->q)))
			app_message(v->app, MSG_WARN, "no help entry matches \"%s\"", lineedit_text(&h->q));
	} else if ((k == KEY_FN(KEY_BACKSPACE) || k == 0x7f || k == 0x08) && lineedit_chars(&h->q) == 0) {
		h->typing = false; /* Backspace on an empty query leaves the prompt */
	} else {
		/* Ctrl-U, Ctrl-W, Home/End, Left/Right and the rest, as in
		 * every other prompt; q is text here, not a command. */
		struct strbuf before = STRBUF_INIT;
		strbuf_puts(&before, lineedit_text(&h->q));
		if (!lineedit_handle_key(&h->q, key, is_char)) {
			strbuf_free(&before);
			return R_NONE;
		}
		if (strcmp(before.buf ? before.buf : "", lineedit_text(&h->q)) != 0) {
			h->match = h->n;
			if (lineedit_chars(&h->q))
				find(v, 1, true);
		}
		strbuf_free(&before);
	}
	return R_REDRAW | R_LAYOUT;
}

static void help_title(struct view *v, struct strbuf *out)
{
	strbuf_printf(out, "help \u2014 %s", priv(v)->for_name);
}

static void help_status(struct view *v, struct strbuf *out)
{
	struct help *h = priv(v);
	if (h->typing || !str_empty(lineedit_text(&h->q))) {
		size_t matches = 0;
		for (size_t i = 0; i < h->n; i++)
			matches += row_matches(&h->rows[i], lineedit_text(&h->q));
		/* The cursor is drawn where it is, not only at the end. */
		const char *t = lineedit_text(&h->q);
		size_t at = h->q.cursor;
		if (h->typing)
			strbuf_printf(out, "/%.*s_%s  %zu match%s", (int)at, t, t + at, matches, matches == 1 ? "" : "es");
		else
			strbuf_printf(out, "/%s  %zu match%s", t, matches, matches == 1 ? "" : "es");
	} else {
		size_t vis = visible_rows(v);
		size_t last = h->top + vis < h->n ? h->top + vis : h->n;
		strbuf_printf(out, "%zu-%zu/%zu ", h->n ? h->top + 1 : 0, last, h->n);
	}
}

static int help_mouse(struct view *v, int y, int x, int wheel)
{
	return wheel ? scroll_by(v, wheel) : R_NONE;
}

static const struct view_ops help_ops = {
	.name = "help",
	.mask = VM_HELP,
	.flags = VF_TEXTINPUT,
	.fini = help_fini,
	.draw = help_draw,
	.on_action = help_action,
	.on_key = help_key,
	.title = help_title,
	.status = help_status,
	.on_mouse = help_mouse,
};

struct view *help_view_new(struct app *a, const struct view *for_view)
{
	struct help *h = xcalloc(1, sizeof *h);
	unsigned mask = for_view && for_view->ops->mask ? for_view->ops->mask : VM_JOBS;
	h->for_name = xstrdup(for_view ? for_view->ops->name : "jobs");
	build(h, a, mask);
	lineedit_init(&h->q, 0);
	h->match = h->n;
	return view_new(a, &help_ops, h);
}
