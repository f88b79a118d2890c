#include "ui/keys.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const struct action_info actions[] = {
	{ACT_NONE, "", "", 0, 0, ""},
#define X(id, name, keys, views, flags, help) {ACT_##id, name, keys, views, flags, help},
	ACTIONS(X)
#undef X
};

const struct action_info *action_info(enum action a)
{
	if ((int)a <= ACT_NONE || a >= ACT_COUNT)
		return NULL;
	return &actions[a];
}

enum action action_by_name(const char *name)
{
	if (str_empty(name))
		return ACT_NONE;
	for (int i = 1; i < ACT_COUNT; i++)
		if (strcmp(actions[i].name, name) == 0)
			return (enum action)i;
	return ACT_NONE;
}

enum action_group action_group(enum action a)
{
	const struct action_info *ai = action_info(a);
	if (!ai)
		return AG_COMMAND;
	if (ai->flags & AF_WRITE)
		return AG_WRITE;
	if (ai->flags & AF_NOKEY)
		return AG_COMMAND;
	switch (a) {
	case ACT_UP: case ACT_DOWN: case ACT_PAGE_UP: case ACT_PAGE_DOWN:
	case ACT_TOP: case ACT_BOTTOM: case ACT_LEFT: case ACT_RIGHT:
	case ACT_OPEN: case ACT_BACK:
		return AG_NAVIGATION;
	case ACT_QUIT: case ACT_HELP: case ACT_COMMAND: case ACT_REFRESH:
		return AG_COMMAND;
	default:
		return AG_VIEW;
	}
}

const char *action_group_title(enum action_group g)
{
	static const char *const titles[AG_COUNT] = {
		"Navigation", "This view", "Changes on the server", "Commands",
	};
	return (unsigned)g < AG_COUNT ? titles[g] : "";
}

int key_from_curses(int ch, bool is_char)
{
	if (is_char) {
		if (ch == '\r')
			return '\n';
		if (ch == 0x7f || ch == 0x08)
			return KEY_FN(KEY_BACKSPACE);
		return ch;
	}
	if (ch == KEY_ENTER)
		return '\n';
	return KEY_FN(ch);
}

struct named_key {
	const char *name;
	int key;
};

/* The first name of a key is the one keycode_name prints. */
static const struct named_key named_keys[] = {
	{"Enter", '\n'},
	{"Esc", 0x1b},
	{"Tab", '\t'},
	{"Space", ' '},
	{"Up", KEY_FN(KEY_UP)},
	{"Down", KEY_FN(KEY_DOWN)},
	{"Left", KEY_FN(KEY_LEFT)},
	{"Right", KEY_FN(KEY_RIGHT)},
	{"PgUp", KEY_FN(KEY_PPAGE)},
	{"PgDn", KEY_FN(KEY_NPAGE)},
	{"Home", KEY_FN(KEY_HOME)},
	{"End", KEY_FN(KEY_END)},
	{"Del", KEY_FN(KEY_DC)},
	{"Ins", KEY_FN(KEY_IC)},
	{"Backspace", KEY_FN(KEY_BACKSPACE)},
	{"S-Tab", KEY_FN(KEY_BTAB)},
	{"Return", '\n'},
	{"Escape", 0x1b},
	{"PageUp", KEY_FN(KEY_PPAGE)},
	{"PageDown", KEY_FN(KEY_NPAGE)},
	{"Delete", KEY_FN(KEY_DC)},
};

static int utf8_single(const char *s)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	wchar_t wc;
	size_t len = strlen(s);
	size_t n = mbrtowc(&wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0 || n != len)
		return -1;
	return (int)wc;
}

int key_parse(const char *name)
{
	if (str_empty(name))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(named_keys); i++)
		if (strcasecmp(named_keys[i].name, name) == 0)
			return named_keys[i].key;
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) {
		int c = (unsigned char)name[2];
		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
		return -1;
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		char *end;
		long n = strtol(name + 1, &end, 10);
		if (!*end && n >= 1 && n <= 12)
			return KEY_FN(KEY_F(n));
		return -1;
	}
	if (!name[1])
		return (unsigned char)name[0] < 0x80 && (unsigned char)name[0] > 0x20 ? name[0] : -1;
	int wc = utf8_single(name);
	return wc > 0x7f ? wc : -1;
}

const char *keycode_name(int key, char *buf, size_t n)
{
	if (!buf || !n)
		return buf;
	for (size_t i = 0; i < ARRAY_SIZE(named_keys); i++) {
		if (named_keys[i].key == key) {
			snprintf(buf, n, "%s", named_keys[i].name);
			return buf;
		}
	}
	if (KEY_IS_FN(key)) {
		int k = key & ~0x1000000;
		if (k >= KEY_F(1) && k <= KEY_F(12))
			snprintf(buf, n, "F%d", k - KEY_F0);
		else
			snprintf(buf, n, "key-%d", k);
	} else if (key >= 1 && key <= 26) {
		snprintf(buf, n, "C-%c", 'a' + key - 1);
	} else if (key > 0x20 && key < 0x7f) {
		snprintf(buf, n, "%c", key);
	} else if (key >= 0xa0) {
		char mb[MB_LEN_MAX + 1];
		mbstate_t st;
		memset(&st, 0, sizeof st);
		size_t len = wcrtomb(mb, (wchar_t)key, &st);
		if (len == (size_t)-1)
			snprintf(buf, n, "U+%04X", (unsigned)key);
		else {
			mb[len] = '\0';
			snprintf(buf, n, "%s", mb);
		}
	} else {
		snprintf(buf, n, "0x%02x", (unsigned)key);
	}
	return buf;
}

struct binding {
	int key;
	enum action act;
	bool custom; /* from the config: wins over a default for the same key */
};

struct keymap {
	struct binding *v;
	size_t n, cap;
};

static void keymap_add(struct keymap *km, int key, enum action act, bool custom)
{
	if (km->n == km->cap) {
		km->cap = km->cap ? km->cap * 2 : 64;
		km->v = xreallocarray(km->v, km->cap, sizeof *km->v);
	}
	km->v[km->n++] = (struct binding){key, act, custom};
}

/* Adds every key of a space-separated list; returns the first unknown
 * name (owned) or NULL. */
static char *add_key_list(struct keymap *km, const char *list, enum action act)
{
	char *copy = xstrdup(list), *save = NULL, *bad = NULL;
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		int k = key_parse(tok);
		if (k < 0) {
			if (!bad)
				bad = xstrdup(tok);
			continue;
		}
		keymap_add(km, k, act, false);
	}
	free(copy);
	return bad;
}

static void append_error(struct strbuf *errs, const char *fmt, const char *a, const char *b)
{
	if (errs->len)
		strbuf_puts(errs, "; ");
	strbuf_printf(errs, fmt, a, b);
}

struct keymap *keymap_new(const struct config *cfg, char **err)
{
	struct keymap *km = xcalloc(1, sizeof *km);
	struct strbuf errs = STRBUF_INIT;
	bool overridden[ACT_COUNT] = {false};

	/* Config bindings first, so we know which defaults they replace. */
	for (size_t i = 0; cfg && i < cfg->n_keys; i++) {
		const struct key_binding *kb = &cfg->keys[i];
		enum action act = action_by_name(kb->action);
		if (act == ACT_NONE) {
			append_error(&errs, "keys: unknown action \"%s\"%s", kb->action ? kb->action : "", "");
			continue;
		}
		bool any = false;
		for (size_t j = 0; j < kb->keys.n; j++) {
			int k = key_parse(kb->keys.v[j]);
			if (k < 0) {
				append_error(&errs, "keys: unknown key \"%s\" for %s", kb->keys.v[j], kb->action);
				continue;
			}
			keymap_add(km, k, act, true);
			any = true;
		}
		if (any)
			overridden[act] = true;
	}
	for (int a = 1; a < ACT_COUNT; a++) {
		if (overridden[a] || (actions[a].flags & AF_NOKEY))
			continue;
		char *bad = add_key_list(km, actions[a].keys, (enum action)a);
		if (bad) {
			append_error(&errs, "internal: bad default key \"%s\" for %s", bad, actions[a].name);
			free(bad);
		}
	}
	if (errs.len) {
		strbuf_puts(&errs, " (actions: ");
		for (int a = 1; a < ACT_COUNT; a++)
			strbuf_printf(&errs, "%s%s", a > 1 ? ", " : "", actions[a].name);
		strbuf_puts(&errs, "; keys: a character, C-x, F1-F12, Enter, Esc, Tab, Space, Up, Down, "
			"Left, Right, PgUp, PgDn, Home, End, Del, Ins, Backspace, S-Tab)");
		if (err)
			*err = strbuf_steal(&errs);
		strbuf_free(&errs);
	} else if (err) {
		*err = NULL;
	}
	return km;
}

void keymap_free(struct keymap *km)
{
	if (!km)
		return;
	free(km->v);
	free(km);
}

enum action keymap_lookup(const struct keymap *km, unsigned view_mask, int key)
{
	enum action found = ACT_NONE;
	for (size_t i = 0; km && i < km->n; i++) {
		const struct binding *b = &km->v[i];
		if (b->key != key || !(actions[b->act].views & view_mask))
			continue;
		if (b->custom)
			return b->act;
		if (found == ACT_NONE)
			found = b->act;
	}
	return found;
}

char *keymap_keys_of(const struct keymap *km, unsigned view_mask, enum action a)
{
	struct strbuf sb = STRBUF_INIT;
	char name[32];
	for (size_t i = 0; km && i < km->n; i++) {
		const struct binding *b = &km->v[i];
		if (b->act != a)
			continue;
		/* A key another action claims in this view is not really a's. */
		if (keymap_lookup(km, view_mask, b->key) != a)
			continue;
		if (sb.len)
			strbuf_putc(&sb, ' ');
		strbuf_puts(&sb, keycode_name(b->key, name, sizeof name));
	}
	return strbuf_steal(&sb);
}

/* What a newcomer reaches for first, per view: opening and reading come
 * before changing; the navigation keys everyone guesses are left out. */
static const enum action hint_order[] = {
	ACT_OPEN, ACT_LOGS, ACT_REVEAL, ACT_FOLLOW, ACT_FILTER, ACT_SEARCH, ACT_NEXT_ERROR, ACT_SORT_NEXT,
	ACT_WRAP, ACT_TIMESTAMPS, ACT_SAVE, ACT_RUN, ACT_DEPLOY, ACT_WATCH, ACT_CANCEL,
	ACT_TOGGLE_ENABLE, ACT_CREATE, ACT_PROPS, ACT_SECRETS, ACT_COMMAND, ACT_BACK,
};

void keymap_hints(const struct keymap *km, unsigned view_mask, bool read_only, struct strlist *out)
{
	char name[32];
	for (size_t i = 0; i < sizeof hint_order / sizeof hint_order[0]; i++) {
		enum action a = hint_order[i];
		const struct action_info *ai = action_info(a);
		if (!(ai->views & view_mask) || (read_only && (ai->flags & AF_WRITE)))
			continue;
		for (size_t k = 0; km && k < km->n; k++) {
			if (km->v[k].act != a || keymap_lookup(km, view_mask, km->v[k].key) != a)
				continue;
			char *h = xasprintf("%s %s", keycode_name(km->v[k].key, name, sizeof name), ai->name);
			strlist_push(out, h);
			free(h);
			break;
		}
	}
	for (size_t k = 0; km && k < km->n; k++)
		if (km->v[k].act == ACT_HELP && keymap_lookup(km, view_mask, km->v[k].key) == ACT_HELP) {
			char *h = xasprintf("%s help", keycode_name(km->v[k].key, name, sizeof name));
			strlist_push(out, h);
			free(h);
			break;
		}
}
