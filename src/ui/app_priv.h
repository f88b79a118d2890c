/* The app's state, shared by app.c (loop, stack, drawing), app_input.c
 * (keys, actions, the ':' line) and app_services.c (what views call).
 * Nothing outside src/ui/app*.c includes this but the app core's unit
 * test (tests/unit/test_app.c). */
#ifndef VDKTOP_APP_PRIV_H
#define VDKTOP_APP_PRIV_H

#include <curses.h>
#include <sys/types.h>

#include "conn.h"
#include "ui/app.h"
#include "ui/chrome.h"
#include "ui/cmdline.h"

struct app {
	struct config *cfg;
	struct keymap *km;
	struct conn *conn;
	int wake_rd, wake_wr, sig_fd;
	WINDOW *hdr, *st, *hints, *input; /* hints: NULL when the hint line is off */
	struct view **stack;
	size_t n, cap;
	struct view **graves;    /* closed during this iteration, freed at its end */
	size_t ngraves;
	unsigned long next_view_id;  /* also numbers the subscribers */
	struct app_sub {
		unsigned long id;
		const struct subscriber_ops *ops;
		void *ud;
	} *subs;                 /* owned: fini at app_free */
	size_t nsubs;
	bool quit;
	bool too_small;
	bool screen_on; /* app_open_screen has set the terminal up */
	bool relayout;           /* a resize is pending */
	char *team;
	struct chrome chrome;
	struct cmdline *cmd;
	bool cmd_dirty;
	/* What the composition root registered for actions no view takes. */
	struct app_handler {
		app_action_fn *fn;
		void *ud;
	} on_action[ACT_COUNT];
	/* Watched data, for staleness: interval (0: unwatched), since when. */
	int watch_ms[WATCH_COUNT];
	long long watch_base[WATCH_COUNT];
	struct app_action *log;
	size_t nlog;
	struct strlist watched, failing, teams;
	/* Trace bookkeeping */
	bool data_paint;         /* a worker result asked for a redraw */
	long long key_us;        /* a key waits for its paint (trace clock); 0: none */
	char key_label[32];
};

/* app.c */
bool app_on_stack(const struct app *a, const struct view *v);
void app_mark_all_dirty(struct app *a);
/* Applies a handler's reaction bits for v. */
void app_react(struct app *a, struct view *v, int bits);
/* Closes every view above the bottom one and shows it afresh (on_hide +
 * on_show), so it re-reads team and context and re-creates its watches. */
void app_reset_to_root(struct app *a);
void app_drain_fd(int fd);
/* One worker result: the chrome's and the app's bookkeeping, then its
 * owner (a view on the stack or a subscriber) gets it; frees r. */
void app_adopt(struct app *a, struct wresult *r);

/* app_input.c */
void app_read_keys(struct app *a);
/* One key as get_wch gave it (is_char: a character, else a KEY_* code):
 * the command line's when it is open, else through the keymap to the top
 * view, the handler registered for the action, the app's own. */
void app_handle_key(struct app *a, int ch, bool is_char);
/* A ':' command line as submitted: its action goes to the top view, then
 * to the handler registered for it, then to the app's own. */
void app_run_command(struct app *a, const char *line);
void app_complete(void *ud, int word, const char *cmd, const char *prefix, struct strlist *out);

/* app_services.c */
ssize_t app_strlist_find(const struct strlist *l, const char *s);
/* Bookkeeping on every result before its view sees it: teams seen,
 * watched jobs' outcomes. */
void app_note_result(struct app *a, const struct wresult *r);
/* Keeps the info probe running while the service fails and nothing else
 * is watched. */
void app_update_probe(struct app *a);

#endif
