/* Input: keys through the keymap to the top view, then the app's own
 * handling of what no view took; the ':' command line and its completion;
 * mouse events; context switches. */
#include "ui/app_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "ui/theme.h"


static int switch_context(struct app *a, const char *name)
{
	const struct context *old = app_context(a);
	char *old_name = xstrdup(old ? old->name : NULL);
	if (config_use_context(a->cfg, name) < 0) {
		struct strbuf names = STRBUF_INIT;
		for (size_t i = 0; i < a->cfg->n_contexts; i++)
			strbuf_printf(&names, "%s%s", i ? ", " : "", a->cfg->contexts[i].name);
		app_message(a, MSG_ERROR, "unknown context \"%s\" (known: %s)", name, names.buf ? names.buf : "none");
		strbuf_free(&names);
		free(old_name);
		return -1;
	}
	char *err = NULL;
	struct conn *c = conn_open(a->cfg, app_context(a), a->wake_wr, &err);
	if (!c) {
		config_use_context(a->cfg, old_name);
		app_message(a, MSG_ERROR, "cannot switch to %s: %s", name, err ? err : "error");
		free(err);
		free(old_name);
		return -1;
	}
	free(old_name);
	/* The views drop their watches on the old worker before it goes. */
	if (a->n > 1)
		app_close(a, a->stack[1]);
	struct view *root = app_top(a);
	if (root && root->ops->on_hide)
		root->ops->on_hide(root);
	conn_close(a->conn);
	a->conn = c;
	app_drain_fd(a->wake_rd);
	memset(a->watch_ms, 0, sizeof a->watch_ms);
	const struct context *ctx = app_context(a);
	app_set_team(a, ctx->team);
	chrome_fini(&a->chrome);
	chrome_init(&a->chrome);
	{
		char *terr = NULL;
		if (theme_load(config_theme_name(a->cfg), a->cfg->no_color, &terr) < 0)
			app_message(a, MSG_WARN, "%s", terr ? terr : "theme error");
		free(terr);
		clearok(curscr, TRUE);
	}
	if (root && root->ops->on_show)
		root->ops->on_show(root);
	app_mark_all_dirty(a);
	app_message(a, MSG_OK, "context %s (%s)", ctx->name, a->conn->host);
	return 0;
}

/* What the app does with an action no view and no registered handler
 * took. */
static void global_action(struct app *a, enum action act, const char *arg, bool from_esc)
{
	switch (act) {
	case ACT_QUIT:
	case ACT_CMD_QUIT:
		a->quit = true;
		break;
	case ACT_BACK:
		if (a->n > 1)
			app_close(a, app_top(a));
		else if (!from_esc)
			a->quit = true;
		break;
	case ACT_COMMAND:
		cmdline_open(a->cmd);
		a->cmd_dirty = true;
		break;
	case ACT_REFRESH:
		app_refresh(a, -1);
		app_message(a, MSG_INFO, "refreshing\u2026");
		break;
	case ACT_TEAM:
		if (str_empty(arg)) {
			app_message(a, MSG_WARN, "usage: :team NAME (or :team * for every team); now: %s", a->team);
			break;
		}
		app_set_team(a, arg);
		app_reset_to_root(a);
		app_message(a, MSG_OK, "team %s", a->team);
		break;
	case ACT_CONTEXT:
		if (str_empty(arg)) {
			const struct context *ctx = app_context(a);
			app_message(a, MSG_WARN, "usage: :ctx NAME; now: %s", ctx && ctx->name ? ctx->name : "-");
			break;
		}
		switch_context(a, arg);
		break;
	case ACT_SCOPE_ALL:
	case ACT_SCOPE_RUNNING:
	case ACT_SCOPE_FAILED:
		/* A scope (:jobs, :running, :failed) is the root view's: close
		 * what is above it and let it apply the scope. */
		if (a->n > 1) {
			app_close(a, a->stack[1]);
			struct view *root = app_top(a);
			if (root->ops->on_action) {
				int bits = root->ops->on_action(root, act, arg);
				if (!(bits & R_UNHANDLED)) {
					app_react(a, root, bits);
					break;
				}
			}
		}
		app_message(a, MSG_WARN, ":%s is not available here", action_info(act)->name);
		break;
	default:
		if (action_info(act))
			app_message(a, MSG_WARN, "%s: not available in this view", action_info(act)->name);
		break;
	}
}

/* Runs an action on the top view, then, when it declines, through the
 * handler registered for it, then as the app's own. */
static void run_action(struct app *a, enum action act, const char *arg, bool from_esc)
{
	const struct action_info *ai = action_info(act);
	if (!ai)
		return;
	if ((ai->flags & AF_WRITE) && !app_write_allowed(a, act))
		return;
	struct view *top = app_top(a);
	if (top && top->ops->on_action) {
		int bits = top->ops->on_action(top, act, arg);
		if (!(bits & R_UNHANDLED)) {
			app_react(a, top, bits);
			return;
		}
		app_react(a, top, bits & ~R_UNHANDLED);
	}
	const struct app_handler *h = &a->on_action[act];
	if (h->fn && h->fn(a, top, act, arg, h->ud))
		return;
	global_action(a, act, arg, from_esc);
}

void app_run_command(struct app *a, const char *line)
{
	char *name, *arg;
	cmdline_split(line, &name, &arg);
	if (!*name) {
		free(name);
		free(arg);
		return;
	}
	enum action act = action_by_name(name);
	struct view *top = app_top(a);
	unsigned mask = top ? top->ops->mask : VM_ALL;
	if (act == ACT_NONE)
		app_message(a, MSG_ERROR, "unknown command: %s (Tab lists the commands)", name);
	else if (!(action_info(act)->views & mask))
		app_message(a, MSG_WARN, ":%s is not available in this view", name);
	else
		run_action(a, act, arg, false);
	free(name);
	free(arg);
}

void app_complete(void *ud, int word, const char *cmd, const char *prefix, struct strlist *out)
{
	struct app *a = ud;
	struct view *top = app_top(a);
	unsigned mask = top ? top->ops->mask : VM_ALL;
	if (word == 0) {
		for (int i = ACT_NONE + 1; i < ACT_COUNT; i++) {
			const struct action_info *ai = action_info((enum action)i);
			if ((ai->views & mask) && str_starts_with(ai->name, prefix))
				strlist_push(out, ai->name);
		}
		return;
	}
	enum action act = action_by_name(cmd);
	if (act == ACT_CONTEXT) {
		for (size_t i = 0; i < a->cfg->n_contexts; i++)
			if (str_starts_with(a->cfg->contexts[i].name, prefix))
				strlist_push(out, a->cfg->contexts[i].name);
	} else if (act == ACT_TEAM) {
		/* Teams seen in answers, the contexts' teams, and "*". */
		struct strlist all = {0};
		strlist_push(&all, "*");
		for (size_t i = 0; i < a->cfg->n_contexts; i++)
			if (!str_empty(a->cfg->contexts[i].team))
				strlist_push(&all, a->cfg->contexts[i].team);
		for (size_t i = 0; i < a->teams.n; i++)
			strlist_push(&all, a->teams.v[i]);
		for (size_t i = 0; i < all.n; i++)
			if (str_starts_with(all.v[i], prefix) && app_strlist_find(out, all.v[i]) < 0)
				strlist_push(out, all.v[i]);
		strlist_clear(&all);
	}
}

static void mouse_event(struct app *a)
{
	MEVENT ev;
	struct view *top = app_top(a);
	if (getmouse(&ev) != OK || !top || !top->ops->on_mouse || !top->win)
		return;
	int y = ev.y, x = ev.x;
	if (!wmouse_trafo(top->win, &y, &x, FALSE))
		return;
	int wheel = 0;
	if (ev.bstate & BUTTON4_PRESSED)
		wheel = -3;
	else if (ev.bstate & BUTTON5_PRESSED)
		wheel = 3;
	else if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return;
	app_react(a, top, top->ops->on_mouse(top, y, x, wheel));
}

void app_handle_key(struct app *a, int ch, bool is_char)
{
	int key = key_from_curses(ch, is_char);
	if (trace_enabled()) {
		/* What is typed into a field (a name, arguments, a filter, a
		 * secret) never reaches the trace: a printable character there
		 * is "text"; keys outside fields, editing keys and the command
		 * line (commands, not data) keep their names. A view whose
		 * every key is private says only that. */
		struct view *tv = app_top(a);
		bool field = !cmdline_active(a->cmd) && tv && (tv->ops->flags & VF_TEXTINPUT);
		if (tv && tv->keys_private && !cmdline_active(a->cmd))
			snprintf(a->key_label, sizeof a->key_label, "(private)");
		else if (field && is_char && key >= 0x20 && key != 0x7f)
			snprintf(a->key_label, sizeof a->key_label, "text");
		else
			keycode_name(key, a->key_label, sizeof a->key_label);
		a->key_us = trace_now_us();
		trace_event("key k=%s", a->key_label);
	}
	if (!is_char && ch == KEY_RESIZE) {
		a->relayout = true;
		return;
	}
	if (a->too_small) {
		if (key == 'Q' || key == 'q' || key == 0x03)
			a->quit = true;
		return;
	}
	if (cmdline_active(a->cmd)) {
		a->cmd_dirty = true;
		enum cmdline_status st = cmdline_key(a->cmd, key);
		if (st != CMDLINE_EDITING) {
			chrome_invalidate(&a->chrome);
			curs_set(0);
		}
		if (st == CMDLINE_SUBMIT) {
			char *line = cmdline_take(a->cmd);
			app_run_command(a, line);
			free(line);
		}
		return;
	}
	if (!is_char && ch == KEY_MOUSE) {
		mouse_event(a);
		return;
	}
	struct view *top = app_top(a);
	if (!top)
		return;
	if ((top->ops->flags & VF_TEXTINPUT) && top->ops->on_key) {
		/* Raw keys, with the same Enter/backspace folding as the keymap. */
		int raw = KEY_IS_FN(key) ? key & ~0x1000000 : key;
		int bits = top->ops->on_key(top, raw, !KEY_IS_FN(key));
		if (!(bits & R_UNHANDLED)) {
			app_react(a, top, bits);
			return;
		}
	}
	enum action act = keymap_lookup(a->km, top->ops->mask, key);
	if (act != ACT_NONE) {
		run_action(a, act, NULL, key == 0x1b);
		return;
	}
	/* A key another view knows: say it does nothing here rather than
	 * leave the user guessing whether it was taken. */
	enum action elsewhere = keymap_lookup(a->km, VM_ALL, key);
	if (elsewhere != ACT_NONE) {
		char name[32];
		app_message(a, MSG_WARN, "%s (%s) does not apply in the %s view (? lists its keys)",
			    keycode_name(key, name, sizeof name), action_info(elsewhere)->name, top->ops->name);
	} else {
		char name[32];
		app_message(a, MSG_WARN, "%s is not bound to anything (? lists the keys)",
			    keycode_name(key, name, sizeof name));
	}
}

/* An escape sequence the terminfo entry does not know (a terminal that
 * sends End as ESC [ 4 ~ under a TERM that says ESC O F) reaches us as a
 * lone ESC plus its bytes. Taken as keys it would be "back" and then
 * garbage, so it is read to its end and dropped. The bytes are already
 * buffered when ESC arrives alone, so this never waits. */
static void skip_unknown_sequence(struct app *a, wint_t intro)
{
	wint_t wch;
	if (intro == 'O') {
		wget_wch(a->input, &wch);
		return;
	}
	for (int i = 0; i < 32 && wget_wch(a->input, &wch) == OK; i++) {
		if (wch >= 0x40 && wch <= 0x7e)
			return;
	}
}

void app_read_keys(struct app *a)
{
	wint_t wch;
	int rc;
	while (!a->quit && (rc = wget_wch(a->input, &wch)) != ERR) {
		if (rc == OK && wch == 0x1b) {
			wint_t next;
			int rc2 = wget_wch(a->input, &next);
			if (rc2 == OK && (next == '[' || next == 'O')) {
				skip_unknown_sequence(a, next);
				continue;
			}
			app_handle_key(a, 0x1b, true);
			if (rc2 != ERR && !a->quit)
				app_handle_key(a, (int)next, rc2 == OK);
			continue;
		}
		app_handle_key(a, (int)wch, rc == OK);
	}
}

