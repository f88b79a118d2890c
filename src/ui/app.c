/* The event loop: one poll() over the terminal, the worker's wake pipe and
 * the signal pipe, with the nearest timer as its timeout. Each iteration
 * drains keys, adopts results, runs due ticks, and then redraws only what
 * is dirty, with one doupdate(). An iteration that changed nothing does
 * not touch the terminal at all. */
#include "ui/app_priv.h"

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
#include "ui/screen.h"
#include "ui/theme.h"

/* ---- views and the stack ---- */

unsigned long app_new_id(struct app *a)
{
	return ++a->next_view_id;
}

/* The key-hint line gives way on short terminals: below this many lines
 * every row goes to the data. */
#define HINTS_MIN_LINES 18

static bool hints_shown(const struct app *a)
{
	return a->cfg->hints && LINES >= HINTS_MIN_LINES;
}

static int body_lines(const struct app *a)
{
	int chrome = hints_shown(a) ? 3 : 2;
	return LINES - chrome > 1 ? LINES - chrome : 1;
}

static void view_place(struct app *a, struct view *v)
{
	int lines = body_lines(a), cols = COLS, y = 1, x = 0;
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

bool app_on_stack(const struct app *a, const struct view *v)
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

struct view *app_root(const struct app *a)
{
	return a->n ? a->stack[0] : NULL;
}

void app_on_action(struct app *a, enum action act, app_action_fn *fn, void *ud)
{
	if (act > ACT_NONE && act < ACT_COUNT)
		a->on_action[act] = (struct app_handler){fn, ud};
}

void app_dirty(struct app *a, struct view *v)
{
	if (v)
		v->dirty = true;
}

void app_mark_all_dirty(struct app *a)
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
		a->stack = xreallocarray(a->stack, a->cap, sizeof *a->stack);
	}
	a->stack[a->n++] = v;
	/* Before the screen is up (the first view, whose requests go out
	 * first) the first layout places it. */
	if (a->screen_on && !a->too_small)
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
		/* its reads still queued or large are not worth finishing */
		worker_forget_owner(a->conn->worker, d->id);
		a->graves = xreallocarray(a->graves, a->ngraves + 1, sizeof *a->graves);
		a->graves[a->ngraves++] = d;
	}
	top = app_top(a);
	if (top && top->ops->on_show)
		top->ops->on_show(top);
	/* What the closed views covered must be repainted. */
	app_mark_all_dirty(a);
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
void app_react(struct app *a, struct view *v, int bits)
{
	if (bits & R_QUIT)
		a->quit = true;
	if (!app_on_stack(a, v))
		return;
	if (bits & R_REDRAW)
		v->dirty = true;
	if (bits & R_CLOSE)
		app_close(a, v);
}

/* Closes everything above the bottom view and shows it afresh, so it
 * re-reads the team / context and re-creates its watches. */
void app_reset_to_root(struct app *a)
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
	app_mark_all_dirty(a);
}

/* ---- worker access ---- */

unsigned long app_submit(struct app *a, struct view *owner, struct wreq *req)
{
	return app_submit_as(a, owner ? owner->id : 0, req);
}

unsigned long app_submit_as(struct app *a, unsigned long owner, struct wreq *req)
{
	req->owner = owner;
	return worker_submit(a->conn->worker, req);
}

void app_watch(struct app *a, struct view *owner, enum watch_slot slot, struct wreq *req, int interval_ms)
{
	app_watch_after(a, owner, slot, req, interval_ms, 0);
}

static void watch_owned(struct app *a, unsigned long owner, enum watch_slot slot, struct wreq *req, int interval_ms,
			int first_ms)
{
	req->owner = owner;
	if ((unsigned)slot < WATCH_COUNT) {
		a->watch_ms[slot] = interval_ms;
		a->watch_base[slot] = now_ms();
	}
	chrome_forget_watch(&a->chrome, (int)slot);
	worker_watch_after(a->conn->worker, slot, req, interval_ms, first_ms);
}

void app_watch_after(struct app *a, struct view *owner, enum watch_slot slot, struct wreq *req, int interval_ms,
		     int first_ms)
{
	watch_owned(a, owner ? owner->id : 0, slot, req, interval_ms, first_ms);
}

void app_watch_as(struct app *a, unsigned long owner, enum watch_slot slot, struct wreq *req, int interval_ms)
{
	watch_owned(a, owner, slot, req, interval_ms, 0);
}

unsigned long app_subscribe(struct app *a, const struct subscriber_ops *ops, void *ud)
{
	a->subs = xreallocarray(a->subs, a->nsubs + 1, sizeof *a->subs);
	a->subs[a->nsubs] = (struct app_sub){.id = ++a->next_view_id, .ops = ops, .ud = ud};
	return a->subs[a->nsubs++].id;
}

void *app_subscriber(const struct app *a, const struct subscriber_ops *ops)
{
	for (size_t i = 0; i < a->nsubs; i++)
		if (a->subs[i].ops == ops)
			return a->subs[i].ud;
	return NULL;
}

static const struct app_sub *sub_by_id(const struct app *a, unsigned long id)
{
	for (size_t i = 0; id && i < a->nsubs; i++)
		if (a->subs[i].id == id)
			return &a->subs[i];
	return NULL;
}

void app_unwatch(struct app *a, enum watch_slot slot)
{
	if ((unsigned)slot < WATCH_COUNT)
		a->watch_ms[slot] = 0;
	chrome_forget_watch(&a->chrome, (int)slot);
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

/* ---- results ---- */

void app_adopt(struct app *a, struct wresult *r)
{
	chrome_result(&a->chrome, r, a->team);
	app_note_result(a, r);
	const struct app_sub *s = sub_by_id(a, r->req->owner);
	struct view *v = s ? NULL : view_by_id(a, r->req->owner);
	if (s && s->ops->on_result)
		s->ops->on_result(s->ud, r);
	if (v && v->ops->on_result) {
		int bits = v->ops->on_result(v, r);
		if (bits & R_REDRAW)
			a->data_paint = true; /* for the trace's paint reason=data */
		app_react(a, v, bits);
	}
	wresult_free(r);
}

void app_drain_fd(int fd)
{
	char buf[256];
	while (read(fd, buf, sizeof buf) > 0)
		;
}

static void take_results(struct app *a)
{
	app_drain_fd(a->wake_rd);
	struct wresult *r;
	while ((r = worker_take(a->conn->worker)))
		app_adopt(a, r);
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
	if (hints_shown(a)) {
		if (!a->hints) {
			a->hints = newwin(1, COLS, LINES - 2, 0);
			leaveok(a->hints, TRUE);
		} else {
			wresize(a->hints, 1, 1);
			mvwin(a->hints, LINES - 2, 0);
			wresize(a->hints, 1, COLS);
		}
	} else if (a->hints) {
		delwin(a->hints);
		a->hints = NULL;
	}
	for (size_t i = 0; i < a->n; i++)
		view_place(a, a->stack[i]);
	app_mark_all_dirty(a);
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
	if (a->hints) {
		/* A dialog or form shows its own keys in its box. */
		struct strlist hints = {0};
		if (top && !(top->ops->flags & VF_MODAL))
			keymap_hints(a->km, top->ops->mask, app_read_only(a), &hints);
		if (chrome_draw_hints(&a->chrome, a->hints, &hints)) {
			wnoutrefresh(a->hints);
			*any = true;
		}
		strlist_clear(&hints);
	}
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
		/* A token exchange that hangs is named, not a bare "connecting". */
		chrome_set_connecting_note(&a->chrome,
					   a->chrome.state == CONN_CONNECTING ? conn_token_note(a->conn) : NULL);
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
		trace_painted(a->data_paint);
		a->data_paint = false;
	}
	if (a->key_us) {
		long long us = trace_now_us() - a->key_us;
		trace_event("paint key=%s ms=%lld.%03lld%s", a->key_label, us / 1000, us % 1000, any ? "" : " unchanged");
		a->key_us = 0;
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
	for (size_t i = base; i < a->n; i++) {
		struct view *v = a->stack[i];
		if (!v->ops->next_tick)
			continue;
		long long t = v->ops->next_tick(v, now);
		if (t > 0 && t <= now && v->ops->on_tick) {
			app_react(a, v, v->ops->on_tick(v, now));
			if (!app_on_stack(a, v))
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
		if (!a->watch_ms[s] || s == WATCH_PROBE)
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
	layout(a);
	struct pollfd fds[3] = {
		{.fd = STDIN_FILENO, .events = POLLIN},
		{.fd = a->wake_rd, .events = POLLIN},
		{.fd = a->sig_fd, .events = POLLIN},
	};
	/* The first pass polls without waiting, so the ticks (the chrome's
	 * too) are scheduled before anything has happened. */
	long long next = now_ms();
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
		if (rc > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			/* The terminal went away: nothing left to show things on.
			 * A hung-up tty also reports POLLIN (reads give end of
			 * file), so POLLIN must not keep us here: without a
			 * SIGHUP (vdktop outside the terminal's session) the loop
			 * would spin on it for ever. */
			a->quit = true;
			break;
		}
		if (rc > 0 && (fds[1].revents & POLLIN))
			take_results(a);
		if (!a->quit)
			app_read_keys(a);
		app_update_probe(a);
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
	a->cmd = cmdline_new(app_complete, a);
	return a;
fail:
	app_free(a);
	return NULL;
}

int app_open_screen(struct app *a, char **err)
{
	/* What is already on its way to the service when the terminal set-up
	 * starts: the views pushed before have sent their requests. */
	size_t requests = worker_busy(a->conn->worker);
	long long t0 = trace_now_us();
	if (screen_init(a->cfg->mouse, err) < 0)
		return -1;
	long long us = trace_now_us() - t0;
	trace_event("terminal ms=%lld.%03lld requests=%zu", us / 1000, us % 1000, requests);
	a->screen_on = true;
	char *terr = NULL;
	if (theme_load(config_theme_name(a->cfg), a->cfg->no_color, &terr) < 0)
		app_message(a, MSG_WARN, "%s", terr ? terr : "theme error; using the default");
	free(terr);
	a->input = newwin(1, 1, 0, 0);
	keypad(a->input, TRUE);
	nodelay(a->input, TRUE);
	leaveok(a->input, TRUE);
	/* Never drawn: reading keys from it must not repaint anything. */
	untouchwin(a->input);
	return 0;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	if (a->n)
		app_close(a, a->stack[0]);
	bury(a);
	/* On the way out a subscriber only lets go of its own state: its
	 * watches go with the worker. */
	for (size_t i = 0; i < a->nsubs; i++)
		if (a->subs[i].ops->fini)
			a->subs[i].ops->fini(a->subs[i].ud);
	free(a->subs);
	free(a->stack);
	free(a->graves);
	cmdline_free(a->cmd);
	if (a->hdr)
		delwin(a->hdr);
	if (a->st)
		delwin(a->st);
	if (a->hints)
		delwin(a->hints);
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
		free(a->log[i].action);
		free(a->log[i].message);
	}
	free(a->log);
	strlist_clear(&a->watched);
	strlist_clear(&a->failing);
	strlist_clear(&a->teams);
	chrome_fini(&a->chrome);
	free(a->team);
	free(a);
}

