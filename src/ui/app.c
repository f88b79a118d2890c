/* The event loop: one poll() over the terminal, the worker's wake pipe and
 * the signal pipe, with the nearest timer as its timeout. Each iteration
 * drains keys, adopts results, runs due ticks, and then redraws only what
 * is dirty, with one doupdate(). An iteration that changed nothing does
 * not touch the terminal at all. */
#include "ui/app.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace.h"
#include "ui/chrome.h"
#include "ui/cmdline.h"
#include "ui/conn.h"
#include "ui/screen.h"
#include "ui/theme.h"

struct app {
	struct config *cfg;
	struct keymap *km;
	struct conn *conn;
	int wake_rd, wake_wr, sig_fd;
	WINDOW *hdr, *st, *input;
	struct view **stack;
	size_t n, cap;
	struct view **graves;    /* closed during this iteration, freed at its end */
	size_t ngraves;
	unsigned long next_view_id;
	bool quit;
	bool too_small;
	bool relayout;           /* a resize is pending */
	char *team;
	struct chrome chrome;
	struct cmdline *cmd;
	bool cmd_dirty;
	/* Watched data, for staleness: interval (0: unwatched), since when. */
	int watch_ms[WATCH_COUNT];
	long long watch_base[WATCH_COUNT];
	struct app_action *log;
	size_t nlog;
	struct strlist watched, failing, teams;
	/* Trace bookkeeping */
	bool painted_rows;
	long long jobs_rows;     /* rows of the first jobs answer, -1: none yet */
	long long key_ms;        /* a key waits for its paint; 0: none */
	char key_label[32];
};

/* ---- views and the stack ---- */

struct view *view_new(struct app *a, const struct view_ops *ops, void *priv)
{
	struct view *v = xcalloc(1, sizeof *v);
	v->ops = ops;
	v->app = a;
	v->id = ++a->next_view_id;
	v->priv = priv;
	v->dirty = true;
	return v;
}

static int body_lines(void)
{
	return LINES - 2 > 1 ? LINES - 2 : 1;
}

static void view_place(struct app *a, struct view *v)
{
	int lines = body_lines(), cols = COLS, y = 1, x = 0;
	if (v->ops->flags & VF_MODAL) {
		int wl = lines * 2 / 3, wc = cols * 2 / 3;
		if (wl < 10)
			wl = 10;
		if (wc < 60)
			wc = 60;
		if (v->ops->size)
			v->ops->size(v, lines, cols, &wl, &wc);
		wl = wl > lines ? lines : (wl < 1 ? 1 : wl);
		wc = wc > cols ? cols : (wc < 1 ? 1 : wc);
		y = 1 + (lines - wl) / 2;
		x = (cols - wc) / 2;
		lines = wl;
		cols = wc;
	}
	if (!v->win) {
		v->win = newwin(lines, cols, y, x);
		leaveok(v->win, TRUE);
	} else {
		/* Shrink first so the move never pushes the window off screen. */
		wresize(v->win, 1, 1);
		mvwin(v->win, y, x);
		wresize(v->win, lines, cols);
	}
	v->lines = lines;
	v->cols = cols;
	v->dirty = true;
	if (v->ops->on_resize)
		v->ops->on_resize(v);
}

static bool on_stack(const struct app *a, const struct view *v)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->stack[i] == v)
			return true;
	return false;
}

static struct view *view_by_id(const struct app *a, unsigned long id)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->stack[i]->id == id)
			return a->stack[i];
	return NULL;
}

struct view *app_top(const struct app *a)
{
	return a->n ? a->stack[a->n - 1] : NULL;
}

void app_dirty(struct app *a, struct view *v)
{
	if (v)
		v->dirty = true;
}

static void mark_all_dirty(struct app *a)
{
	for (size_t i = 0; i < a->n; i++)
		a->stack[i]->dirty = true;
	chrome_invalidate(&a->chrome);
	a->cmd_dirty = true;
}

void app_push(struct app *a, struct view *v)
{
	struct view *old = app_top(a);
	if (old && old->ops->on_hide)
		old->ops->on_hide(old);
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		a->stack = xrealloc(a->stack, a->cap * sizeof *a->stack);
	}
	a->stack[a->n++] = v;
	if (!a->too_small)
		view_place(a, v);
	if (v->ops->on_show)
		v->ops->on_show(v);
	v->dirty = true;
}

void app_close(struct app *a, struct view *v)
{
	size_t i = 0;
	while (i < a->n && a->stack[i] != v)
		i++;
	if (i == a->n)
		return;
	struct view *top = app_top(a);
	if (top->ops->on_hide)
		top->ops->on_hide(top);
	while (a->n > i) {
		struct view *d = a->stack[--a->n];
		a->graves = xrealloc(a->graves, (a->ngraves + 1) * sizeof *a->graves);
		a->graves[a->ngraves++] = d;
	}
	top = app_top(a);
	if (top && top->ops->on_show)
		top->ops->on_show(top);
	/* What the closed views covered must be repainted. */
	mark_all_dirty(a);
}

static void view_destroy(struct view *v)
{
	if (v->ops->fini)
		v->ops->fini(v);
	if (v->win)
		delwin(v->win);
	free(v);
}

static void bury(struct app *a)
{
	for (size_t i = 0; i < a->ngraves; i++)
		view_destroy(a->graves[i]);
	a->ngraves = 0;
}

/* Applies handler reaction bits for v. */
static void react(struct app *a, struct view *v, int bits)
{
	if (bits & R_QUIT)
		a->quit = true;
	if (!on_stack(a, v))
		return;
	if (bits & R_REDRAW)
		v->dirty = true;
	if (bits & R_CLOSE)
		app_close(a, v);
}

/* Closes everything above the bottom view and shows it afresh, so it
 * re-reads the team / context and re-creates its watches. */
static void reset_to_root(struct app *a)
{
	if (!a->n)
		return;
	if (a->n > 1)
		app_close(a, a->stack[1]);
	struct view *root = a->stack[0];
	if (root->ops->on_hide)
		root->ops->on_hide(root);
	if (root->ops->on_show)
		root->ops->on_show(root);
	mark_all_dirty(a);
}

/* ---- worker access ---- */

unsigned long app_submit(struct app *a, struct view *owner, struct wreq *req)
{
	req->owner = owner ? owner->id : 0;
	return worker_submit(a->conn->worker, req);
}

void app_watch(struct app *a, struct view *owner, enum watch_slot slot, struct wreq *req, int interval_ms)
{
	req->owner = owner ? owner->id : 0;
	if ((unsigned)slot < WATCH_COUNT) {
		a->watch_ms[slot] = interval_ms;
		a->watch_base[slot] = now_ms();
	}
	worker_watch(a->conn->worker, slot, req, interval_ms);
}

void app_unwatch(struct app *a, enum watch_slot slot)
{
	if ((unsigned)slot < WATCH_COUNT)
		a->watch_ms[slot] = 0;
	worker_unwatch(a->conn->worker, slot);
}

void app_set_interval(struct app *a, enum watch_slot slot, int interval_ms)
{
	if ((unsigned)slot < WATCH_COUNT && a->watch_ms[slot])
		a->watch_ms[slot] = interval_ms;
	worker_set_interval(a->conn->worker, slot, interval_ms);
}

void app_refresh(struct app *a, int slot)
{
	worker_refresh(a->conn->worker, slot);
}

/* ---- services ---- */

void app_message(struct app *a, enum msg_level lvl, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	chrome_message(&a->chrome, lvl, s, now_ms());
	free(s);
}

void app_log_action(struct app *a, const char *operation, const char *target, const char *outcome)
{
	a->log = xrealloc(a->log, (a->nlog + 1) * sizeof *a->log);
	a->log[a->nlog++] = (struct app_action){
		time(NULL), xstrdup(operation), xstrdup(target), xstrdup(outcome), xstrdup(app_op_id(a)),
	};
	/* An open action log shows the new entry. */
	for (size_t i = 0; i < a->n; i++)
		if (str_eq(a->stack[i]->ops->name, "log"))
			a->stack[i]->dirty = true;
}

size_t app_action_count(const struct app *a)
{
	return a->nlog;
}

const struct app_action *app_action_at(const struct app *a, size_t i)
{
	return i < a->nlog ? &a->log[i] : NULL;
}

const struct config *app_config(const struct app *a)
{
	return a->cfg;
}

const struct context *app_context(const struct app *a)
{
	return config_context(a->cfg);
}

const struct keymap *app_keymap(const struct app *a)
{
	return a->km;
}

const char *app_team(const struct app *a)
{
	return a->team;
}

void app_set_team(struct app *a, const char *team)
{
	char *t = xstrdup(str_empty(team) ? "*" : team);
	free(a->team);
	a->team = t;
}

bool app_read_only(const struct app *a)
{
	const struct context *ctx = app_context(a);
	return a->cfg->read_only || (ctx && ctx->read_only);
}

bool app_write_allowed(struct app *a, enum action act)
{
	const struct action_info *ai = action_info(act);
	if (!ai || !(ai->flags & AF_WRITE) || !app_read_only(a))
		return true;
	const struct context *ctx = app_context(a);
	if (a->cfg->read_only)
		app_message(a, MSG_WARN, "%s refused: read-only (--read-only)", ai->name);
	else
		app_message(a, MSG_WARN, "%s refused: context %s is read_only", ai->name,
			ctx && ctx->name ? ctx->name : "-");
	return false;
}

int app_refresh_ms(const struct app *a, bool active)
{
	int normal = a->cfg->refresh_s > 0 ? a->cfg->refresh_s : 10;
	int fast = a->cfg->refresh_active_s > 0 ? a->cfg->refresh_active_s : 2;
	if (fast > normal)
		fast = normal;
	return (active ? fast : normal) * 1000;
}

time_t app_now(const struct app *a)
{
	return time(NULL);
}

bool app_utc(const struct app *a)
{
	return a->cfg->utc;
}

const char *app_op_id(const struct app *a)
{
	return a->conn ? worker_op_id(a->conn->worker) : "";
}

static ssize_t strlist_find(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (str_eq(l->v[i], s))
			return (ssize_t)i;
	return -1;
}

static void strlist_remove(struct strlist *l, size_t i)
{
	free(l->v[i]);
	memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof *l->v);
	l->n--;
}

bool app_is_watched(const struct app *a, const char *job)
{
	return strlist_find(&a->watched, job) >= 0;
}

void app_toggle_watch(struct app *a, const char *job)
{
	if (str_empty(job))
		return;
	ssize_t i = strlist_find(&a->watched, job);
	if (i >= 0) {
		strlist_remove(&a->watched, (size_t)i);
		ssize_t f = strlist_find(&a->failing, job);
		if (f >= 0)
			strlist_remove(&a->failing, (size_t)f);
		app_message(a, MSG_INFO, "stopped watching %s", job);
	} else {
		strlist_push(&a->watched, job);
		app_message(a, MSG_INFO, "watching %s: %s when it starts failing", job,
			a->cfg->bell ? "bell and header flag" : "header flag");
	}
}

/* A watched job's newest known outcome. */
static void watch_outcome(struct app *a, const char *job, enum exec_status st)
{
	if (!app_is_watched(a, job) || st == EXEC_UNKNOWN || exec_status_is_active(st))
		return;
	ssize_t f = strlist_find(&a->failing, job);
	if (exec_status_is_failure(st) && f < 0) {
		strlist_push(&a->failing, job);
		if (a->cfg->bell)
			beep();
		app_message(a, MSG_ERROR, "watched job %s failed (%s)", job, exec_status_name(st));
	} else if (!exec_status_is_failure(st) && f >= 0) {
		strlist_remove(&a->failing, (size_t)f);
	}
}

static void note_job(struct app *a, const struct job *j)
{
	if (j->team && strlist_find(&a->teams, j->team) < 0)
		strlist_push(&a->teams, j->team);
	if (a->watched.n && j->name) {
		enum exec_status st = EXEC_UNKNOWN;
		if (j->n_executions > 0 && !exec_status_is_active(j->executions[0].status))
			st = j->executions[0].status;
		else if (j->deployment)
			st = j->deployment->last_status;
		watch_outcome(a, j->name, st);
	}
}

/* ---- results ---- */

static void adopt(struct app *a, struct wresult *r)
{
	chrome_result(&a->chrome, r, a->team);
	if (r->type == WRESULT_DONE && r->ok) {
		if (r->watch >= 0 && r->watch < WATCH_COUNT)
			a->watch_base[r->watch] = r->done_ms;
		switch (r->req->kind) {
		case WREQ_JOBS:
			if (r->u.jobs) {
				for (size_t i = 0; i < r->u.jobs->n; i++)
					note_job(a, &r->u.jobs->jobs[i]);
				if (a->jobs_rows < 0)
					a->jobs_rows = (long long)r->u.jobs->n;
			}
			break;
		case WREQ_JOB:
			if (r->u.job)
				note_job(a, r->u.job);
			break;
		case WREQ_EXECUTIONS:
			if (r->u.executions)
				for (size_t i = 0; i < r->u.executions->n; i++)
					if (!exec_status_is_active(r->u.executions->v[i].status)) {
						watch_outcome(a, r->req->job, r->u.executions->v[i].status);
						break;
					}
			break;
		default:
			break;
		}
	}
	struct view *v = view_by_id(a, r->req->owner);
	if (v && v->ops->on_result)
		react(a, v, v->ops->on_result(v, r));
	wresult_free(r);
}

static void drain_fd(int fd)
{
	char buf[256];
	while (read(fd, buf, sizeof buf) > 0)
		;
}

static void take_results(struct app *a)
{
	drain_fd(a->wake_rd);
	struct wresult *r;
	while ((r = worker_take(a->conn->worker)))
		adopt(a, r);
}

/* ---- actions ---- */

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
	drain_fd(a->wake_rd);
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
	mark_all_dirty(a);
	app_message(a, MSG_OK, "context %s (%s)", ctx->name, a->conn->host);
	return 0;
}

static void open_help(struct app *a)
{
	struct view *top = app_top(a);
	if (top && str_eq(top->ops->name, "help"))
		return;
	app_push(a, help_view_new(a, top));
}

/* What the app does with an action no view handled. */
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
	case ACT_HELP:
		open_help(a);
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
		reset_to_root(a);
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
	case ACT_ACTION_LOG: {
		struct view *top = app_top(a);
		if (!top || !str_eq(top->ops->name, "log"))
			app_push(a, action_log_view_new(a));
		break;
	}
	case ACT_SCOPE_ALL:
	case ACT_SCOPE_RUNNING:
	case ACT_SCOPE_FAILED:
		/* Scopes belong to the jobs view: go there and let it apply. */
		if (a->n > 1) {
			app_close(a, a->stack[1]);
			struct view *root = app_top(a);
			if (root->ops->on_action) {
				int bits = root->ops->on_action(root, act, arg);
				if (!(bits & R_UNHANDLED)) {
					react(a, root, bits);
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

/* Runs an action on the top view, then globally when it declines. */
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
			react(a, top, bits);
			return;
		}
		react(a, top, bits & ~R_UNHANDLED);
	}
	global_action(a, act, arg, from_esc);
}

static void run_command_line(struct app *a, const char *line)
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

static void complete_command(void *ud, int word, const char *cmd, const char *prefix, struct strlist *out)
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
		if (str_starts_with("*", prefix))
			strlist_push(out, "*");
		for (size_t i = 0; i < a->teams.n; i++)
			if (str_starts_with(a->teams.v[i], prefix))
				strlist_push(out, a->teams.v[i]);
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
	react(a, top, top->ops->on_mouse(top, y, x, wheel));
}

static void handle_key(struct app *a, int ch, bool is_char)
{
	int key = key_from_curses(ch, is_char);
	if (trace_enabled()) {
		keycode_name(key, a->key_label, sizeof a->key_label);
		a->key_ms = now_ms();
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
			run_command_line(a, line);
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
			react(a, top, bits);
			return;
		}
	}
	enum action act = keymap_lookup(a->km, top->ops->mask, key);
	if (act != ACT_NONE)
		run_action(a, act, NULL, key == 0x1b);
}

static void read_keys(struct app *a)
{
	wint_t wch;
	int rc;
	while (!a->quit && (rc = wget_wch(a->input, &wch)) != ERR)
		handle_key(a, (int)wch, rc == OK);
}

/* ---- layout and drawing ---- */

static void layout(struct app *a)
{
	a->relayout = false;
	bool was_small = a->too_small;
	a->too_small = screen_too_small();
	if (a->too_small) {
		screen_draw_too_small();
		doupdate();
		return;
	}
	if (was_small)
		werase(stdscr);
	if (!a->hdr) {
		a->hdr = newwin(1, COLS, 0, 0);
		a->st = newwin(1, COLS, LINES - 1, 0);
		leaveok(a->hdr, TRUE);
		leaveok(a->st, TRUE);
	} else {
		wresize(a->hdr, 1, COLS);
		wresize(a->st, 1, 1);
		mvwin(a->st, LINES - 1, 0);
		wresize(a->st, 1, COLS);
	}
	for (size_t i = 0; i < a->n; i++)
		view_place(a, a->stack[i]);
	mark_all_dirty(a);
	/* Repaint from scratch: after a resize the terminal's idea of the
	 * screen and curses' may differ. */
	clearok(curscr, TRUE);
}

static void chrome_compose(struct app *a, bool *any)
{
	struct view *top = app_top(a);
	struct strbuf title = STRBUF_INIT, status = STRBUF_INIT;
	if (top && top->ops->title)
		top->ops->title(top, &title);
	else if (top)
		strbuf_puts(&title, top->ops->name);
	const struct context *ctx = app_context(a);
	struct chrome_header h = {
		.context = ctx ? ctx->name : NULL,
		.host = a->conn->host,
		.team = a->team,
		.title = title.buf,
		.read_only = app_read_only(a),
		.insecure = ctx && ctx->insecure,
		.failing_count = (int)a->failing.n,
	};
	char *failing = strlist_join(&a->failing, ", ");
	h.failing = failing;
	if (chrome_draw_header(&a->chrome, a->hdr, &h)) {
		wnoutrefresh(a->hdr);
		*any = true;
	}
	free(failing);
	if (cmdline_active(a->cmd)) {
		if (a->cmd_dirty) {
			leaveok(a->st, FALSE);
			cmdline_draw(a->cmd, a->st);
			wnoutrefresh(a->st);
			curs_set(1);
			*any = true;
		}
	} else {
		leaveok(a->st, TRUE);
		if (top && top->ops->status)
			top->ops->status(top, &status);
		if (chrome_draw_status(&a->chrome, a->st, now_ms(), status.buf)) {
			wnoutrefresh(a->st);
			*any = true;
		}
	}
	a->cmd_dirty = false;
	strbuf_free(&title);
	strbuf_free(&status);
}

static void render(struct app *a)
{
	if (a->too_small)
		return;
	bool any = false;
	/* The visible views: the top non-modal one and the modals above it. */
	size_t base = a->n;
	while (base > 0) {
		base--;
		if (!(a->stack[base]->ops->flags & VF_MODAL))
			break;
	}
	bool below_redrawn = false;
	for (size_t i = base; i < a->n; i++) {
		struct view *v = a->stack[i];
		if (!v->win)
			continue;
		if (v->dirty) {
			if (v->ops->draw)
				v->ops->draw(v);
			else
				werase(v->win);
			v->dirty = false;
		} else if (below_redrawn) {
			touchwin(v->win);
		} else {
			continue;
		}
		wnoutrefresh(v->win);
		below_redrawn = any = true;
	}
	chrome_compose(a, &any);
	if (any) {
		doupdate();
		if (trace_enabled() && !a->painted_rows && a->jobs_rows >= 0) {
			a->painted_rows = true;
			trace_event("first-paint rows=%lld", a->jobs_rows);
		}
	}
	if (a->key_ms) {
		trace_event("paint key=%s ms=%lld%s", a->key_label, now_ms() - a->key_ms, any ? "" : " unchanged");
		a->key_ms = 0;
	}
}

/* Runs due ticks of the visible views; returns the next deadline (0: none). */
static long long run_ticks(struct app *a, long long now)
{
	long long next = 0;
	size_t base = a->n;
	while (base > 0) {
		base--;
		if (!(a->stack[base]->ops->flags & VF_MODAL))
			break;
	}
	for (size_t i = base; i < a->n && i < a->n; i++) {
		struct view *v = a->stack[i];
		if (!v->ops->next_tick)
			continue;
		long long t = v->ops->next_tick(v, now);
		if (t > 0 && t <= now && v->ops->on_tick) {
			react(a, v, v->ops->on_tick(v, now));
			if (!on_stack(a, v))
				continue;
			t = v->ops->next_tick(v, now);
			if (t > 0 && t <= now)
				t = now + 1000; /* a view that keeps asking must not spin */
		}
		if (t > 0 && (!next || t < next))
			next = t;
	}
	/* Staleness: the oldest watched data against its interval. */
	long long oldest = 0;
	int interval = 0;
	for (int s = 0; s < WATCH_COUNT; s++) {
		if (!a->watch_ms[s])
			continue;
		long long limit = a->watch_base[s] + 2LL * a->watch_ms[s];
		if (!oldest || limit < oldest + 2LL * interval) {
			oldest = a->watch_base[s];
			interval = a->watch_ms[s];
		}
	}
	long long t = chrome_tick(&a->chrome, now, oldest, interval);
	if (t > 0 && (!next || t < next))
		next = t;
	return next;
}

static void handle_signal(struct app *a, int sig)
{
	switch (sig) {
	case SIGINT:
	case SIGTERM:
	case SIGHUP:
		trace_event("signal %d", sig);
		a->quit = true;
		break;
	case SIGWINCH:
		screen_resize();
		a->relayout = true;
		break;
	case SIGTSTP:
		screen_suspend();
		a->relayout = true;
		break;
	case SIGCONT:
		/* Continued without our SIGTSTP path (kill -STOP/-CONT). */
		clearok(curscr, TRUE);
		a->relayout = true;
		break;
	default:
		break;
	}
}

int app_run(struct app *a)
{
	if (!a->n)
		app_push(a, jobs_view_new(a));
	layout(a);
	struct pollfd fds[3] = {
		{.fd = STDIN_FILENO, .events = POLLIN},
		{.fd = a->wake_rd, .events = POLLIN},
		{.fd = a->sig_fd, .events = POLLIN},
	};
	long long next = 0;
	while (!a->quit) {
		if (a->relayout)
			layout(a);
		render(a);
		bury(a);
		int timeout = -1;
		if (next > 0) {
			long long d = next - now_ms();
			timeout = d <= 0 ? 0 : (d > 3600000 ? 3600000 : (int)d);
		}
		int rc = poll(fds, 3, timeout);
		if (rc < 0 && errno != EINTR)
			break;
		int sig;
		while ((sig = screen_signal_take()) != 0)
			handle_signal(a, sig);
		if (rc > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) && !(fds[0].revents & POLLIN)) {
			/* The terminal went away: nothing left to show things on. */
			a->quit = true;
			break;
		}
		if (rc > 0 && (fds[1].revents & POLLIN))
			take_results(a);
		if (!a->quit)
			read_keys(a);
		next = run_ticks(a, now_ms());
	}
	bury(a);
	return 0;
}

/* ---- life cycle ---- */

static int make_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

struct app *app_new(struct config *cfg, char **err)
{
	struct app *a = xcalloc(1, sizeof *a);
	a->cfg = cfg;
	a->wake_rd = a->wake_wr = a->sig_fd = -1;
	a->jobs_rows = -1;
	chrome_init(&a->chrome);
	const struct context *ctx = config_context(cfg);
	if (!ctx) {
		*err = xstrdup("no context configured (use --url, a config file, or the vdk CLI's settings)");
		goto fail;
	}
	app_set_team(a, ctx->team);
	char *kerr = NULL;
	a->km = keymap_new(cfg, &kerr);
	if (kerr) {
		/* Bindings are a convenience: report and keep the defaults. */
		app_message(a, MSG_WARN, "%s", kerr);
		free(kerr);
	}
	int wake[2];
	if (make_pipe(wake) < 0) {
		*err = xasprintf("cannot create a pipe: %s", strerror(errno));
		goto fail;
	}
	a->wake_rd = wake[0];
	a->wake_wr = wake[1];
	a->conn = conn_open(cfg, ctx, a->wake_wr, err);
	if (!a->conn)
		goto fail;
	a->sig_fd = screen_signals_install();
	if (a->sig_fd < 0) {
		*err = xasprintf("cannot set up signal handling: %s", strerror(errno));
		goto fail;
	}
	if (screen_init(cfg->mouse, err) < 0)
		goto fail;
	char *terr = NULL;
	if (theme_load(config_theme_name(cfg), cfg->no_color, &terr) < 0)
		app_message(a, MSG_WARN, "%s", terr ? terr : "theme error; using the default");
	free(terr);
	a->input = newwin(1, 1, 0, 0);
	keypad(a->input, TRUE);
	nodelay(a->input, TRUE);
	leaveok(a->input, TRUE);
	/* Never drawn: reading keys from it must not repaint anything. */
	untouchwin(a->input);
	a->cmd = cmdline_new(complete_command, a);
	return a;
fail:
	app_free(a);
	return NULL;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	if (a->n)
		app_close(a, a->stack[0]);
	bury(a);
	free(a->stack);
	free(a->graves);
	cmdline_free(a->cmd);
	if (a->hdr)
		delwin(a->hdr);
	if (a->st)
		delwin(a->st);
	if (a->input)
		delwin(a->input);
	screen_end();
	screen_signals_restore();
	conn_close(a->conn);
	if (a->wake_rd >= 0)
		close(a->wake_rd);
	if (a->wake_wr >= 0)
		close(a->wake_wr);
	keymap_free(a->km);
	for (size_t i = 0; i < a->nlog; i++) {
		free(a->log[i].operation);
		free(a->log[i].target);
		free(a->log[i].outcome);
		free(a->log[i].op_id);
	}
	free(a->log);
	strlist_clear(&a->watched);
	strlist_clear(&a->failing);
	strlist_clear(&a->teams);
	chrome_fini(&a->chrome);
	free(a->team);
	free(a);
}
