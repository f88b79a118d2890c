/* Confirmation and progress dialogs: the model, without a terminal
 * (dialog_view.c draws it). See dialog.h. */
#include "ui/dialog.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define KEY_ESC 0x1b

/* ---- the model ---- */

struct dialog *dialog_new(enum dialog_kind kind, const char *title)
{
	struct dialog *d = xcalloc(1, sizeof *d);
	d->kind = kind;
	d->title = xstrdup(title ? title : "");
	lineedit_init(&d->typed, 200);
	lineedit_init(&d->input, 0);
	return d;
}

void dialog_free(struct dialog *d)
{
	if (!d)
		return;
	free(d->title);
	strlist_clear(&d->text);
	strlist_clear(&d->ops);
	free(d->expect);
	lineedit_free(&d->typed);
	free(d->input_label);
	lineedit_free(&d->input);
	free(d->input_error);
	for (size_t i = 0; i < d->nsteps; i++) {
		free(d->steps[i].label);
		free(d->steps[i].detail);
	}
	free(d->steps);
	free(d->note);
	free(d->keys);
	free(d->busy);
	free(d);
}

void dialog_text(struct dialog *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	strlist_push(&d->text, s);
	free(s);
}

void dialog_op(struct dialog *d, const char *op)
{
	strlist_push(&d->ops, op);
}

void dialog_expect(struct dialog *d, const char *name)
{
	free(d->expect);
	d->expect = xstrdup(name ? name : "");
}

void dialog_input(struct dialog *d, const char *label, const char *text)
{
	d->has_input = true;
	free(d->input_label);
	d->input_label = xstrdup(label);
	lineedit_set(&d->input, text);
}

void dialog_set_keys(struct dialog *d, const char *keys)
{
	free(d->keys);
	d->keys = keys ? xstrdup(keys) : NULL;
}

void dialog_set_note(struct dialog *d, bool error, const char *fmt, ...)
{
	free(d->note);
	d->note = NULL;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		d->note = xvasprintf(fmt, ap);
		va_end(ap);
	}
	d->note_error = error;
}

void dialog_set_busy(struct dialog *d, const char *busy)
{
	free(d->busy);
	d->busy = busy ? xstrdup(busy) : NULL;
}

size_t dialog_step_add(struct dialog *d, const char *label)
{
	d->steps = xreallocarray(d->steps, d->nsteps + 1, sizeof *d->steps);
	d->steps[d->nsteps] = (struct dialog_step){xstrdup(label), NULL, STEP_PENDING, -1};
	return d->nsteps++;
}

void dialog_step_set(struct dialog *d, size_t i, enum step_state st, double fraction, const char *detail)
{
	if (i >= d->nsteps)
		return;
	d->steps[i].state = st;
	d->steps[i].fraction = fraction;
	if (detail) {
		free(d->steps[i].detail);
		d->steps[i].detail = xstrdup(detail);
	}
}

/* Keys while the input line has the focus. */
static enum dialog_event input_key(struct dialog *d, int key, bool is_char)
{
	if (is_char && (key == '\t' || key == '\n' || key == KEY_ESC)) {
		d->input_focus = false;
		return DLG_CHANGED;
	}
	if (!is_char && (key == KEY_BTAB || key == KEY_UP || key == KEY_DOWN)) {
		d->input_focus = false;
		return DLG_CHANGED;
	}
	char *old = xstrdup(lineedit_text(&d->input));
	bool used = lineedit_handle_key(&d->input, key, is_char);
	bool changed = !str_eq(old, lineedit_text(&d->input));
	free(old);
	if (!used)
		return DLG_NONE;
	return changed ? DLG_INPUT : DLG_CHANGED;
}

enum dialog_event dialog_key(struct dialog *d, int key, bool is_char)
{
	if (d->kind == DLG_PROGRESS) {
		if (is_char && key == KEY_ESC)
			return d->finished ? DLG_CLOSE : DLG_CANCELLED;
		if (is_char && (key == '\n' || key == 'q') && d->finished)
			return DLG_CLOSE;
		return DLG_NONE;
	}
	if (d->busy)
		return is_char && key == KEY_ESC ? DLG_CANCELLED : DLG_NONE;
	if (d->has_input && d->input_focus)
		return input_key(d, key, is_char);
	if (d->has_input && ((is_char && key == '\t') || (!is_char && (key == KEY_BTAB || key == KEY_DOWN)))) {
		d->input_focus = true;
		return DLG_CHANGED;
	}
	if (d->kind == DLG_CONFIRM) {
		if (is_char && (key == 'y' || key == 'Y')) {
			if (d->input_error) {
				dialog_set_note(d, true, "fix the %s first", d->input_label ? d->input_label : "input");
				return DLG_CHANGED;
			}
			return DLG_CONFIRMED;
		}
		if (is_char && (key == 'n' || key == 'N' || key == KEY_ESC || key == '\n'))
			return DLG_CANCELLED;
		return DLG_NONE;
	}
	/* DLG_TYPED */
	if (is_char && key == KEY_ESC)
		return DLG_CANCELLED;
	if (is_char && key == '\n') {
		if (!str_eq(lineedit_text(&d->typed), d->expect)) {
			dialog_set_note(d, true, "the name does not match: type %s exactly", d->expect);
			return DLG_CHANGED;
		}
		if (d->input_error) {
			dialog_set_note(d, true, "fix the %s first", d->input_label ? d->input_label : "input");
			return DLG_CHANGED;
		}
		return DLG_CONFIRMED;
	}
	if (lineedit_handle_key(&d->typed, key, is_char)) {
		if (d->note_error)
			dialog_set_note(d, false, NULL);
		return DLG_CHANGED;
	}
	return DLG_NONE;
}

char *dialog_size_text(long long bytes)
{
	if (bytes < 1024)
		return xasprintf("%lld B", bytes);
	if (bytes < 1024LL * 1024)
		return xasprintf("%.1f KiB", (double)bytes / 1024);
	return xasprintf("%.1f MiB", (double)bytes / (1024.0 * 1024));
}
