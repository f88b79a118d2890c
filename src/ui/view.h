/* The view operations table. Every screen — jobs, job, logs, help, and
 * every dialog or form — is a struct view with one of these.
 *
 * Views live on a stack owned by the app; the top one gets input. A view
 * never draws outside its window and never decides when to refresh the
 * terminal: handlers return reaction bits and the app's loop redraws
 * once. */
#ifndef VDKTOP_VIEW_H
#define VDKTOP_VIEW_H

#include <stdbool.h>
#include <curses.h>

#include "model.h"
#include "util.h"
#include "ui/keys.h"

struct app;
struct view;
struct wresult;

/* Reaction bits returned by handlers. */
#define R_NONE      0x00
#define R_REDRAW    0x01 /* this view's content changed */
#define R_CLOSE     0x02 /* pop this view */
#define R_QUIT      0x04 /* leave vdktop */
#define R_UNHANDLED 0x08 /* not mine: let the app's global handler try */
#define R_LAYOUT    0x10 /* chrome changed too (title, size) */

/* What a view's cursor points at, for the write actions (which ask the
 * focused view through view_ops.target, never what kind of view it is).
 * Everything is borrowed from the view and valid until its next result
 * or key. */
struct view_target {
	const char *team;              /* NULL: the app's team */
	const char *job;               /* NULL: no job under the cursor */
	bool deployed_known;           /* false: the deployment is still loading */
	const struct deployment *dep;  /* NULL: not deployed (when known) */
	const char *exec_id;           /* an execution, or NULL */
	enum exec_status exec_status;  /* EXEC_UNKNOWN: not known here */
	bool whole_view;               /* the view shows this job alone: it
	                                  closes when the job is deleted */
	bool edits_props;              /* the view edits the job's properties
	                                  or secrets: writes edit a key there */
	bool team_unknown;             /* a job whose team the jobs list has
	                                  not loaded (runs across teams) */
};

/* view_ops.flags */
#define VF_MODAL     0x01 /* drawn over the view below it (dialogs, forms) */
#define VF_TEXTINPUT 0x02 /* gets raw keys through on_key before the keymap */
#define VF_ACTION_LOG 0x04 /* shows the action log: redrawn when it grows */

struct view_ops {
	const char *name;  /* "jobs", "job", "logs", "help", "form", ... */
	unsigned mask;     /* VM_* for keymap lookup and help context */
	unsigned flags;    /* VF_* */
	/* Free priv and everything the view owns (not the view itself). */
	void (*fini)(struct view *v);
	/* Became / stopped being the top view: set or drop worker watches. */
	void (*on_show)(struct view *v);
	void (*on_hide)(struct view *v);
	/* The window was (re)created at a new size. */
	void (*on_resize)(struct view *v);
	/* Draw the whole body into v->win (werase first). */
	void (*draw)(struct view *v);
	/* An action from the keymap or ':' command line; arg is the command's
	 * argument or NULL. Returns R_* bits. */
	int (*on_action)(struct view *v, enum action a, const char *arg);
	/* VF_TEXTINPUT views: a raw key (wide char when is_char, else a
	 * curses KEY_*), with Enter always '\n' (is_char) and every form of
	 * backspace KEY_BACKSPACE (!is_char). Return R_UNHANDLED to let the
	 * keymap have the key. */
	int (*on_key)(struct view *v, int key, bool is_char);
	/* A worker result whose owner is this view. The view may steal fields
	 * from r (set them to NULL); the app frees r afterwards. */
	int (*on_result)(struct view *v, struct wresult *r);
	/* Called when the deadline it last returned from next_tick passes:
	 * live durations, "updated 4 s ago". Return R_REDRAW only when
	 * visible text changed. */
	int (*on_tick)(struct view *v, long long now_ms);
	/* Next time (now_ms clock) on_tick wants to run, or 0 for never. */
	long long (*next_tick)(struct view *v, long long now_ms);
	/* Title for the header ("jobs — team starshot (42)"). */
	void (*title)(struct view *v, struct strbuf *out);
	/* Right-hand part of the status line: counts, mode, hints. */
	void (*status)(struct view *v, struct strbuf *out);
	/* Mouse click (button 1) at window-relative y,x, or wheel (dy=±3). */
	int (*on_mouse)(struct view *v, int y, int x, int wheel);
	/* VF_MODAL views: the box size wanted inside the body area (max_*);
	 * the app centres it. NULL: two thirds of the body, at least 60×10. */
	void (*size)(struct view *v, int max_lines, int max_cols, int *lines, int *cols);
	/* What the cursor points at (t zeroed by the caller). False, or no
	 * op: nothing a write action can work on. */
	bool (*target)(struct view *v, struct view_target *t);
};

struct view {
	const struct view_ops *ops;
	struct app *app;
	unsigned long id;    /* unique; worker requests carry it as owner */
	WINDOW *win;         /* the body area (modal: the dialog box) */
	int lines, cols;     /* size of win */
	bool dirty;          /* needs draw() before the next refresh */
	bool keys_private;   /* typed keys are secret (a masked prompt): the
	                        trace records that a key came, not which */
	void *priv;          /* the view's own state; freed by fini */
};

/* A view with the given ops and priv (taken), not yet pushed: what each
 * view's constructor (in the view's own header) starts from. */
struct view *view_new(struct app *a, const struct view_ops *ops, void *priv);

#endif
