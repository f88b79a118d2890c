/* A form: labelled fields the user fills in, validated as they type, and a
 * footer naming the exact request(s) submitting will send.
 *
 * Two layers. The model (struct form, form_key) knows fields, focus, live
 * validation state and the "discard changes?" question, and nothing about
 * terminals, so it is unit-tested. The view (form_view_new) draws a form
 * as a centred modal window and hands keys to the model; its owner (an
 * action) gets the submit and the worker results through callbacks.
 *
 * One convention for every form:
 *   Tab / Down        next field (Tab on a path field completes first)
 *   Shift-Tab / Up    previous field
 *   Enter             submit, from any field
 *   Esc               cancel; asks "discard changes? y/N" when anything
 *                     was typed
 *   Space             toggles a checkbox; Left / Right cycle a choice
 * Text fields edit with the lineedit keys (Left/Right, Home/End, C-a/C-e,
 * Backspace, Delete, C-u, C-w). */
#ifndef VDKTOP_UI_FORM_H
#define VDKTOP_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/lineedit.h"
#include "util.h"

struct app;
struct view;
struct wresult;

enum form_kind {
	FF_TEXT,   /* one line of text */
	FF_LIST,   /* comma-separated list (e-mail addresses) */
	FF_PATH,   /* a filesystem path, Tab completes */
	FF_CHECK,  /* [x] checkbox */
	FF_CHOICE, /* < a | b | c >, Left/Right */
	FF_INFO,   /* read-only text; never focused */
};

struct form_field {
	enum form_kind kind;
	char *key;              /* the owner's name for it */
	char *label;
	struct lineedit le;     /* TEXT, LIST, PATH */
	bool checked;           /* CHECK */
	struct strlist choices; /* CHOICE */
	size_t choice;
	char *value;            /* INFO: the text */
	/* Set by the owner's validation after each change. error blocks
	 * submitting; warning and hint (may hold '\n') are only shown. */
	char *error, *warning, *hint;
	char *note;             /* path completions; cleared by the next edit */
	bool hidden;            /* neither drawn nor focused */
	bool touched;           /* the user changed it */
};

struct form;
/* Called after any change of a field (and once by form_validate): set the
 * fields' error / warning / hint, hide or show fields. */
typedef void (*form_validate_fn)(struct form *f, void *ud);

struct form {
	char *title;
	struct form_field **fields;
	size_t n;
	size_t focus;
	struct strlist ops;     /* footer: "POST /data-jobs/…" */
	char *error;            /* last failed submit: the server's what/why */
	char *busy;             /* a request is in flight: what it does */
	bool asking_discard;
	form_validate_fn validate;
	void *ud;
	int scroll;             /* view: first content row shown */
};

enum form_event {
	FORM_NONE,      /* key not used */
	FORM_CHANGED,   /* redraw */
	FORM_SUBMIT,    /* Enter and every field is valid */
	FORM_CANCEL,    /* Esc (confirmed when needed) */
};

struct form *form_new(const char *title);
void form_free(struct form *f);
/* Adds a field (label and key copied); the first focusable one gets the
 * focus. max_chars 0: unlimited (text kinds). */
struct form_field *form_add(struct form *f, enum form_kind kind, const char *key, const char *label,
			    size_t max_chars);
struct form_field *form_get(const struct form *f, const char *key);
/* Typed text of a text field, "" for others or unknown keys. */
const char *form_text(const struct form *f, const char *key);
bool form_checked(const struct form *f, const char *key);
/* The selected choice, NULL when none. */
const char *form_choice(const struct form *f, const char *key);
/* Setting values does not count as typing (no discard question). */
void form_set_text(struct form *f, const char *key, const char *text);
void form_set_check(struct form *f, const char *key, bool on);
/* Replaces the choices, selecting `selected` when present. */
void form_set_choices(struct form *f, const char *key, const struct strlist *choices, const char *selected);
void form_set_info(struct form *f, const char *key, const char *text);
/* Owner's validation results; NULL clears. */
void form_field_set(struct form_field *fld, const char *error, const char *warning, const char *hint);
void form_set_error(struct form *f, const char *error);
void form_set_busy(struct form *f, const char *busy);
void form_add_op(struct form *f, const char *op);
void form_clear_ops(struct form *f);
/* Runs the validate callback now. */
void form_validate(struct form *f);

/* Whether the user typed or toggled anything. */
bool form_modified(const struct form *f);
/* The first field with an error, or NULL. */
struct form_field *form_first_invalid(const struct form *f);
struct form_field *form_focused(const struct form *f);
bool form_focus(struct form *f, const char *key);

/* One key, as the app delivers it to a VF_TEXTINPUT view: a character
 * (is_char) or a curses KEY_* code; Enter is '\n', Esc 0x1b. While busy
 * only Esc does something (the view decides what). */
enum form_event form_key(struct form *f, int key, bool is_char);

/* ---- the view ---- */

struct form_handler {
	/* Enter on a valid form. Return R_* bits (R_CLOSE closes the form). */
	int (*submit)(struct view *v, struct form *f, void *ud);
	/* A worker result for the form's view. */
	int (*result)(struct view *v, struct form *f, struct wresult *r, void *ud);
	/* Esc while busy: return true to close anyway. NULL: stay open. */
	bool (*cancel_busy)(struct view *v, struct form *f, void *ud);
	/* Frees ud (the view is going away). */
	void (*fini)(void *ud);
};

/* A modal view showing f (taken); h is borrowed (static), ud is passed to
 * every callback and freed by h->fini. Push it with app_push. */
struct view *form_view_new(struct app *a, struct form *f, const struct form_handler *h, void *ud);

/* Helpers the action forms share. */
/* A field "confirm" that must hold the name typed out: label says
 * "Type the name" (name empty: "the job name"). The form's validate
 * calls form_check_confirm, which does nothing without the field. */
void form_add_confirm(struct form *f, const char *name);
void form_check_confirm(struct form *f, const char *name);
/* "a@x.com, b@y.com" → list items, trimmed, empty dropped. */
void form_split_list(const char *text, struct strlist *out);
/* A reason why one list item does not look like an e-mail address, or
 * NULL (owned). */
char *form_check_emails(const char *text);

#endif
