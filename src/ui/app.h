/* The application: the poll() loop, the view stack, the chrome (header and
 * status line), connection state, and the services views use. One per
 * process; owned by main. */
#ifndef VDKTOP_APP_H
#define VDKTOP_APP_H

#include <stdbool.h>
#include <time.h>

#include "config.h"
#include "util.h"
#include "worker.h"
#include "ui/view.h"

struct app;

/* Life cycle (the composition root, ui.c). cfg is borrowed: it must
 * outlive the app, and ':ctx' switches its current context. app_new reads
 * the key bindings and starts the connection but leaves the terminal alone
 * (NULL with *err when either fails): views pushed then send their
 * requests at once and are placed on screen later. The first view pushed
 * is the root: the bottom of the stack until app_free. app_open_screen
 * starts curses and the theme (-1 with *err, the terminal restored by
 * app_free); app_run runs the loop until quit and returns the exit status.
 * The app names no concrete view: what it shows first and what a global
 * command opens are given to it. */
struct app *app_new(struct config *cfg, char **err);
int app_open_screen(struct app *a, char **err);
int app_run(struct app *a);
void app_free(struct app *a);

/* What an action does when the top view leaves it (R_UNHANDLED): help,
 * the action log, the runs view, the write actions. from is the view that
 * declined it (NULL: none). Returns true when the action was dealt with,
 * refused with a message included; false lets the app say that it is not
 * available here. The app's own actions (quit, back, the command line,
 * refresh, team, context, the scopes) need no handler; a handler
 * registered for one of them goes first. */
typedef bool app_action_fn(struct app *a, struct view *from, enum action act, const char *arg, void *ud);
/* Registers fn (ud borrowed) for act, replacing an earlier one; fn NULL
 * removes it. The action table (keys.h) stays the one list of actions:
 * this only says what one of them does. */
void app_on_action(struct app *a, enum action act, app_action_fn *fn, void *ud);

enum msg_level { MSG_INFO, MSG_OK, MSG_WARN, MSG_ERROR };

/* A fresh id, unique in this app: a view's, which its worker requests
 * carry as their owner (view_new takes one). */
unsigned long app_new_id(struct app *a);
/* Pushes v (taken) on top; it becomes visible and gets on_show. */
void app_push(struct app *a, struct view *v);
/* Closes v (and everything above it). */
void app_close(struct app *a, struct view *v);
struct view *app_top(const struct app *a);
/* The root view, at the bottom of the stack; NULL before the first push
 * and once it is closed. */
struct view *app_root(const struct app *a);
/* Marks v for redraw at the end of this loop iteration. */
void app_dirty(struct app *a, struct view *v);

/* Worker access; owner receives the result through on_result. */
unsigned long app_submit(struct app *a, struct view *owner, struct wreq *req);
void app_watch(struct app *a, struct view *owner, enum watch_slot slot, struct wreq *req, int interval_ms);
/* app_watch with the first request after first_ms: the answer is in hand. */
void app_watch_after(struct app *a, struct view *owner, enum watch_slot slot, struct wreq *req, int interval_ms,
		     int first_ms);
void app_unwatch(struct app *a, enum watch_slot slot);
void app_set_interval(struct app *a, enum watch_slot slot, int interval_ms);
void app_refresh(struct app *a, int slot);

/* A subscriber is not a view but owns requests and watches of its own (a
 * deploy followed until it is live, whichever view is open): the app
 * hands it the results of its requests and, owning it, calls fini when
 * the app goes. */
struct subscriber_ops {
	void (*on_result)(void *ud, struct wresult *r); /* may steal fields of r */
	void (*fini)(void *ud);                         /* frees ud */
};
/* Registers ud (taken); returns the owner id its requests carry. */
unsigned long app_subscribe(struct app *a, const struct subscriber_ops *ops, void *ud);
/* The ud registered with ops, or NULL. */
void *app_subscriber(const struct app *a, const struct subscriber_ops *ops);
/* app_submit / app_watch for a subscriber's owner id. */
unsigned long app_submit_as(struct app *a, unsigned long owner, struct wreq *req);
void app_watch_as(struct app *a, unsigned long owner, enum watch_slot slot, struct wreq *req, int interval_ms);

/* The status line's message (result of the last action); printf-style.
 * Server text passed here is sanitised before display. */
void app_message(struct app *a, enum msg_level lvl, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Drops the status line's message: a new search must not sit next to the
 * last one's "no match". */
void app_message_clear(struct app *a);
/* The session's action log (:log): operation, target, outcome, X-OPID. */
void app_log_action(struct app *a, const char *operation, const char *target, const char *outcome);

/* The action log, oldest first (the :log view reads it). */
struct app_action {
	time_t when;
	char *action;     /* "run", "deploy", … */
	char *operation;  /* "POST /data-jobs/…": method and path */
	char *target, *outcome, *op_id;
	long status;      /* HTTP status of the answer; 0: none came */
	char *message;    /* the server's message when it failed; may be NULL */
};
/* Records e (copied; when and op_id are filled in here). */
void app_log_write(struct app *a, const struct app_action *e);
size_t app_action_count(const struct app *a);
const struct app_action *app_action_at(const struct app *a, size_t i);

const struct config *app_config(const struct app *a);
const struct context *app_context(const struct app *a);
const struct keymap *app_keymap(const struct app *a);
/* The team requests go to (NULL or "*": all teams). */
const char *app_team(const struct app *a);
/* Only records the team; views read app_team() in on_show. ':team NAME'
 * not handled by the top view closes every view above the root view and
 * shows it again (on_hide + on_show), which re-creates its watches. */
void app_set_team(struct app *a, const char *team);
/* Whether writes are refused; when they are and a is a write,
 * app_write_allowed shows why and returns false. */
bool app_read_only(const struct app *a);
bool app_write_allowed(struct app *a, enum action act);
/* Refresh interval in ms for normal / active (something running) data. */
int app_refresh_ms(const struct app *a, bool active);
/* Wall clock, now_ms() clock. */
time_t app_now(const struct app *a);
bool app_utc(const struct app *a);
const char *app_op_id(const struct app *a);
/* Watched jobs (w): a failing watched job rings the bell and is flagged. */
bool app_is_watched(const struct app *a, const char *job);
void app_toggle_watch(struct app *a, const char *job);

#endif
