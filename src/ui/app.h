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

/* Life cycle (main). cfg is borrowed: it must outlive the app, and ':ctx'
 * switches its current context. app_new starts the connection and checks
 * that there is a terminal, but leaves it alone (NULL with *err when
 * either fails): views pushed then send their requests at once and are
 * placed on screen later. app_open_screen starts curses and the theme
 * (-1 with *err, the terminal restored by app_free); app_run pushes the
 * jobs view when nothing is pushed, runs the loop until quit, and returns
 * the exit status. */
struct app *app_new(struct config *cfg, char **err);
int app_open_screen(struct app *a, char **err);
int app_run(struct app *a);
void app_free(struct app *a);

enum msg_level { MSG_INFO, MSG_OK, MSG_WARN, MSG_ERROR };

/* Creates a view with the given ops and priv (taken), not yet pushed. */
struct view *view_new(struct app *a, const struct view_ops *ops, void *priv);
/* Pushes v (taken) on top; it becomes visible and gets on_show. */
void app_push(struct app *a, struct view *v);
/* Closes v (and everything above it). */
void app_close(struct app *a, struct view *v);
struct view *app_top(const struct app *a);
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
struct view *action_log_view_new(struct app *a);

const struct config *app_config(const struct app *a);
const struct context *app_context(const struct app *a);
const struct keymap *app_keymap(const struct app *a);
/* The team requests go to (NULL or "*": all teams). */
const char *app_team(const struct app *a);
/* Only records the team; views read app_team() in on_show. ':team NAME'
 * not handled by the top view closes every view above the jobs view and
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
