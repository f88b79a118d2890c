/* The chrome: the header line (context, host, team, view title, flags) and
 * the status line (connection state, age of the data, last message, the
 * view's own status). Both are composed into text every loop iteration
 * that did anything, but drawn only when that text changed, so an idle
 * screen costs nothing. */
#ifndef VDKTOP_CHROME_H
#define VDKTOP_CHROME_H

#include <curses.h>
#include <stdbool.h>

#include "ui/app.h"
#include "ui/theme.h"
#include "util.h"
#include "worker.h"

enum conn_state {
	CONN_CONNECTING,
	CONN_OK,
	CONN_FAILING,      /* transport failure or 5xx */
	CONN_UNAUTHORIZED, /* 401 */
	CONN_FORBIDDEN,    /* 403 */
};

struct chrome {
	enum conn_state state;
	char *state_text;        /* sanitised; NULL for CONN_OK */
	unsigned failing_watches; /* bit per watch slot whose last answer failed */
	long long last_ok_ms;    /* last successful answer (now_ms clock) */
	bool stale;
	char *msg;               /* sanitised */
	enum msg_level msg_level;
	long long msg_until;
	char *connecting_note;   /* shown after "connecting…"; owned */
	/* A failing watch's retry: the countdown is redrawn from these each
	 * second, so it counts down instead of standing still. */
	long long retry_at_ms;   /* 0: no retry pending */
	int retry_attempt;
	char *retry_why;         /* sanitised; owned */
	/* What is on screen now, to skip identical redraws. */
	char *header_drawn, *status_drawn, *hints_drawn;
};

struct chrome_header {
	const char *context;
	const char *host;
	const char *team;
	const char *title;
	bool read_only, insecure;
	const char *failing;     /* watched jobs failing, "a, b" or NULL */
	int failing_count;
};

void chrome_init(struct chrome *c);
/* Forgets what is on screen: the next draws repaint both lines. */
void chrome_invalidate(struct chrome *c);
void chrome_fini(struct chrome *c);
/* Updates the connection state from any result; team names a 403. */
/* A watch slot was replaced or dropped: its old failure no longer counts. */
void chrome_forget_watch(struct chrome *c, int watch);
void chrome_result(struct chrome *c, const struct wresult *r, const char *team);
/* text is raw (server text allowed): it is sanitised here. */
void chrome_message(struct chrome *c, enum msg_level lvl, const char *text, long long now);
/* What "connecting…" is waiting for (taken; NULL: nothing to say). */
void chrome_set_connecting_note(struct chrome *c, char *note);
/* Sets c->stale given the oldest age among the watched data and its
 * interval; returns the next time the status text would change (0: none). */
long long chrome_tick(struct chrome *c, long long now, long long oldest_ms, int interval_ms);

/* The data's age is shown in steps of this many seconds below a minute. */
#define CHROME_AGE_STEP_S 5
/* When the age text of data from base next changes (now_ms clock). */
long long chrome_age_next(long long base, long long now);

/* Draw into win if the text changed; true when something was drawn. */
bool chrome_draw_header(struct chrome *c, WINDOW *win, const struct chrome_header *h);
bool chrome_draw_status(struct chrome *c, WINDOW *win, long long now, const char *view_status);
/* The one way text that may come from outside (a server, a job, a config
 * file, a paste) is drawn on a curses surface: s is sanitised here as one
 * line (src/sanitize.h: escapes, controls, CR, C1, bidi controls, RLM, ALM
 * and BOM shown visibly, LF as "↵"), and at most maxcols columns of it are
 * added at the cursor. Already sanitised text comes out unchanged.
 * Returns the columns used. */
/* The key-hint line: hints are "KEY label" (keymap_hints), the last
 * one (help) kept whatever else gives way. */
bool chrome_draw_hints(struct chrome *c, WINDOW *win, const struct strlist *hints);
int chrome_put(WINDOW *win, const char *s, int maxcols);
/* chrome_put at line y, column x of win in element el's attribute;
 * nothing when width <= 0. */
void chrome_put_at(WINDOW *win, int y, int x, int width, enum theme_element el, const char *s);
/* Display width of s as chrome_put() draws it. */
int chrome_width(const char *s);

#endif
