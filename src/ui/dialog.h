/* Dialogs: confirmations and progress, each showing the exact request it
 * will send.
 *
 *   DLG_CONFIRM  "Run starshot-x now?  y/N": y confirms; n, Esc and Enter
 *                cancel (the default is No).
 *   DLG_TYPED    type the exact name, then Enter; a wrong name does
 *                nothing but say so; Esc cancels.
 *   DLG_PROGRESS named steps (pending, running, done, failed) with a
 *                progress bar for the running one; Esc asks the owner to
 *                cancel; Enter or Esc closes it once it is finished.
 *
 * A confirmation may carry one optional input line (the run arguments):
 * Tab moves into it and back out; while it has the focus keys edit it, and
 * the owner's validation may block confirming.
 *
 * As with forms, the model (struct dialog, dialog_key) has no terminal in
 * it; dialog_view_new draws it as a modal window. */
#ifndef VDKTOP_UI_DIALOG_H
#define VDKTOP_UI_DIALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/lineedit.h"
#include "util.h"

struct app;
struct view;
struct wresult;

enum dialog_kind { DLG_CONFIRM, DLG_TYPED, DLG_PROGRESS };

enum step_state { STEP_PENDING, STEP_RUNNING, STEP_DONE, STEP_FAILED, STEP_SKIPPED };

struct dialog_step {
	char *label;
	char *detail;          /* "12.3 KiB of 40 KiB", a version, a reason */
	enum step_state state;
	double fraction;       /* running: 0..1, < 0 unknown */
};

struct dialog {
	enum dialog_kind kind;
	char *title;
	struct strlist text;   /* body lines (server text allowed: sanitised) */
	struct strlist ops;    /* "DELETE /data-jobs/…" */
	char *expect;          /* DLG_TYPED: the name to type */
	struct lineedit typed;
	/* Optional extra input (run arguments). */
	bool has_input;
	char *input_label;
	struct lineedit input;
	char *input_error;
	bool input_focus;
	/* Progress */
	struct dialog_step *steps;
	size_t nsteps;
	bool finished;         /* progress: nothing more will happen */
	bool failed;
	/* Feedback line: "type starshot-x exactly", the outcome, an error. */
	char *note;
	bool note_error;
	char *busy;            /* confirmed, waiting for the answer */
	char *keys;            /* the key line when the handler's keys differ; NULL: the kind's */
};

enum dialog_event {
	DLG_NONE,
	DLG_CHANGED,
	DLG_CONFIRMED,
	DLG_CANCELLED,   /* n / Esc / Enter (y/N), Esc (typed, progress) */
	DLG_INPUT,       /* the input line changed: validate it */
	DLG_CLOSE,       /* progress: finished and dismissed */
};

struct dialog *dialog_new(enum dialog_kind kind, const char *title);
void dialog_free(struct dialog *d);
void dialog_text(struct dialog *d, const char *fmt, ...) PRINTF_LIKE(2, 3);
void dialog_op(struct dialog *d, const char *op);
void dialog_expect(struct dialog *d, const char *name);
void dialog_input(struct dialog *d, const char *label, const char *text);
/* Replaces the key line (NULL: back to the kind's), for a handler whose
 * keys do more than the kind's (the run dialog's l); the line must say
 * what the keys do. Copied. */
void dialog_set_keys(struct dialog *d, const char *keys);
void dialog_set_note(struct dialog *d, bool error, const char *fmt, ...) PRINTF_LIKE(3, 4);
void dialog_set_busy(struct dialog *d, const char *busy);
/* Progress steps: returns the index. */
size_t dialog_step_add(struct dialog *d, const char *label);
void dialog_step_set(struct dialog *d, size_t i, enum step_state st, double fraction, const char *detail);

enum dialog_event dialog_key(struct dialog *d, int key, bool is_char);

struct dialog_handler {
	/* Sees every key first; returns R_* bits, or -1 to leave the key to
	 * the dialog. NULL: none. */
	int (*key)(struct view *v, struct dialog *d, void *ud, int key, bool is_char);
	/* y (confirm) or the right name + Enter (typed). R_* bits. */
	int (*confirm)(struct view *v, struct dialog *d, void *ud);
	/* n / Esc / Enter on a y/N, Esc elsewhere. Return true to close;
	 * NULL: close (progress: only once finished). */
	bool (*cancel)(struct view *v, struct dialog *d, void *ud);
	/* The input line changed: set d->input_error. */
	void (*input)(struct dialog *d, void *ud);
	int (*result)(struct view *v, struct dialog *d, struct wresult *r, void *ud);
	/* Timers while a dialog is up (progress polling). */
	int (*tick)(struct view *v, struct dialog *d, void *ud, long long now);
	long long (*next_tick)(struct view *v, struct dialog *d, void *ud, long long now);
	void (*fini)(void *ud);
};

/* A modal view showing d (taken); h borrowed, ud freed by h->fini. */
struct view *dialog_view_new(struct app *a, struct dialog *d, const struct dialog_handler *h, void *ud);
struct dialog *dialog_of(struct view *v);

/* "12.3 KiB" style size (owned). */
char *dialog_size_text(long long bytes);

#endif
