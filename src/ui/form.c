/* Forms: the field model with its key convention; form_view.c draws it.
 * See form.h. */
#include "ui/form.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define KEY_ESC 0x1b

/* ---- the model ---- */

struct form *form_new(const char *title)
{
	struct form *f = xcalloc(1, sizeof *f);
	f->title = xstrdup(title ? title : "");
	return f;
}

static void field_free(struct form_field *fld)
{
	free(fld->key);
	free(fld->label);
	lineedit_free(&fld->le);
	strlist_clear(&fld->choices);
	free(fld->value);
	free(fld->error);
	free(fld->warning);
	free(fld->hint);
	free(fld->note);
	free(fld);
}

void form_free(struct form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		field_free(f->fields[i]);
	free(f->fields);
	free(f->title);
	strlist_clear(&f->ops);
	free(f->error);
	free(f->busy);
	free(f);
}

static bool is_text(const struct form_field *fld)
{
	return fld->kind == FF_TEXT || fld->kind == FF_LIST || fld->kind == FF_PATH;
}

static bool focusable(const struct form_field *fld)
{
	return !fld->hidden && fld->kind != FF_INFO;
}

struct form_field *form_focused(const struct form *f)
{
	return f->focus < f->n ? f->fields[f->focus] : NULL;
}

/* Puts the focus on a focusable field, searching forward then backward. */
static void fix_focus(struct form *f)
{
	if (f->focus < f->n && focusable(f->fields[f->focus]))
		return;
	for (size_t i = f->focus < f->n ? f->focus : 0; i < f->n; i++)
		if (focusable(f->fields[i])) {
			f->focus = i;
			return;
		}
	for (size_t i = f->n; i-- > 0;)
		if (focusable(f->fields[i])) {
			f->focus = i;
			return;
		}
}

struct form_field *form_add(struct form *f, enum form_kind kind, const char *key, const char *label,
			    size_t max_chars)
{
	struct form_field *fld = xcalloc(1, sizeof *fld);
	fld->kind = kind;
	fld->key = xstrdup(key ? key : "");
	fld->label = xstrdup(label ? label : "");
	lineedit_init(&fld->le, max_chars);
	f->fields = xreallocarray(f->fields, f->n + 1, sizeof *f->fields);
	f->fields[f->n++] = fld;
	if (f->n == 1)
		f->focus = 0;
	fix_focus(f);
	return fld;
}

struct form_field *form_get(const struct form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (str_eq(f->fields[i]->key, key))
			return f->fields[i];
	return NULL;
}

const char *form_text(const struct form *f, const char *key)
{
	struct form_field *fld = form_get(f, key);
	return fld && is_text(fld) ? lineedit_text(&fld->le) : "";
}

bool form_checked(const struct form *f, const char *key)
{
	struct form_field *fld = form_get(f, key);
	return fld && fld->kind == FF_CHECK && fld->checked;
}

const char *form_choice(const struct form *f, const char *key)
{
	struct form_field *fld = form_get(f, key);
	if (!fld || fld->kind != FF_CHOICE || fld->choice >= fld->choices.n)
		return NULL;
	return fld->choices.v[fld->choice];
}

void form_set_text(struct form *f, const char *key, const char *text)
{
	struct form_field *fld = form_get(f, key);
	if (fld && is_text(fld))
		lineedit_set(&fld->le, text);
}

void form_set_check(struct form *f, const char *key, bool on)
{
	struct form_field *fld = form_get(f, key);
	if (fld)
		fld->checked = on;
}

void form_set_choices(struct form *f, const char *key, const struct strlist *choices, const char *selected)
{
	struct form_field *fld = form_get(f, key);
	if (!fld)
		return;
	strlist_clear(&fld->choices);
	fld->choice = 0;
	for (size_t i = 0; choices && i < choices->n; i++) {
		strlist_push(&fld->choices, choices->v[i]);
		if (str_eq(choices->v[i], selected))
			fld->choice = i;
	}
}

void form_set_info(struct form *f, const char *key, const char *text)
{
	struct form_field *fld = form_get(f, key);
	if (!fld)
		return;
	free(fld->value);
	fld->value = xstrdup(text);
}

static void set_str(char **dst, const char *s)
{
	char *n = str_empty(s) ? NULL : xstrdup(s);
	free(*dst);
	*dst = n;
}

void form_field_set(struct form_field *fld, const char *error, const char *warning, const char *hint)
{
	set_str(&fld->error, error);
	set_str(&fld->warning, warning);
	set_str(&fld->hint, hint);
}

void form_set_error(struct form *f, const char *error)
{
	set_str(&f->error, error);
}

void form_set_busy(struct form *f, const char *busy)
{
	set_str(&f->busy, busy);
}

void form_add_op(struct form *f, const char *op)
{
	strlist_push(&f->ops, op);
}

void form_clear_ops(struct form *f)
{
	strlist_clear(&f->ops);
}

void form_validate(struct form *f)
{
	if (f->validate)
		f->validate(f, f->ud);
	fix_focus(f);
}

bool form_modified(const struct form *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->fields[i]->touched)
			return true;
	return false;
}

struct form_field *form_first_invalid(const struct form *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (!f->fields[i]->hidden && f->fields[i]->error)
			return f->fields[i];
	return NULL;
}

bool form_focus(struct form *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (str_eq(f->fields[i]->key, key) && focusable(f->fields[i])) {
			f->focus = i;
			return true;
		}
	return false;
}

static bool move_focus(struct form *f, int dir)
{
	size_t i = f->focus;
	for (size_t step = 0; step < f->n; step++) {
		if (dir > 0 && i + 1 >= f->n)
			return false;
		if (dir < 0 && i == 0)
			return false;
		i = dir > 0 ? i + 1 : i - 1;
		if (focusable(f->fields[i])) {
			f->focus = i;
			return true;
		}
	}
	return false;
}

static void changed(struct form *f, struct form_field *fld)
{
	fld->touched = true;
	set_str(&fld->note, NULL);
	form_set_error(f, NULL);
	form_validate(f);
}

/* Tab on a path field: complete; true when the text changed. */
static bool complete_path(struct form_field *fld)
{
	struct strlist cands = {0};
	char *done = lineedit_complete_path(lineedit_text(&fld->le), &cands);
	bool moved = done && !str_eq(done, lineedit_text(&fld->le));
	if (moved) {
		lineedit_set(&fld->le, done);
		fld->touched = true;
	}
	if (cands.n > 1) {
		/* Show what the user can choose from, like a shell would. */
		struct strbuf sb = STRBUF_INIT;
		size_t show = cands.n > 8 ? 8 : cands.n;
		for (size_t i = 0; i < show; i++)
			strbuf_printf(&sb, "%s%s", i ? "  " : "", cands.v[i]);
		if (cands.n > show)
			strbuf_printf(&sb, "  … (%zu more)", cands.n - show);
		set_str(&fld->note, sb.buf);
		strbuf_free(&sb);
		moved = true;
	} else if (!done) {
		set_str(&fld->note, "no such file or directory");
		moved = true;
	}
	free(done);
	strlist_clear(&cands);
	return moved;
}

enum form_event form_key(struct form *f, int key, bool is_char)
{
	if (f->asking_discard) {
		f->asking_discard = false;
		if (is_char && (key == 'y' || key == 'Y'))
			return FORM_CANCEL;
		return FORM_CHANGED;
	}
	if (f->busy)
		return is_char && key == KEY_ESC ? FORM_CANCEL : FORM_NONE;
	struct form_field *fld = form_focused(f);
	if (is_char && key == KEY_ESC) {
		if (!form_modified(f))
			return FORM_CANCEL;
		f->asking_discard = true;
		return FORM_CHANGED;
	}
	if (is_char && key == '\n') {
		form_validate(f);
		struct form_field *bad = form_first_invalid(f);
		if (bad) {
			for (size_t i = 0; i < f->n; i++)
				if (f->fields[i] == bad && focusable(bad))
					f->focus = i;
			/* Show every reason, typed or not. */
			for (size_t i = 0; i < f->n; i++)
				f->fields[i]->touched = f->fields[i]->touched || f->fields[i]->error;
			return FORM_CHANGED;
		}
		return FORM_SUBMIT;
	}
	if (is_char && key == '\t') {
		if (fld && fld->kind == FF_PATH && complete_path(fld)) {
			form_validate(f);
			return FORM_CHANGED;
		}
		return move_focus(f, 1) ? FORM_CHANGED : FORM_NONE;
	}
	if (!is_char && key == KEY_DOWN)
		return move_focus(f, 1) ? FORM_CHANGED : FORM_NONE;
	if (!is_char && (key == KEY_UP || key == KEY_BTAB))
		return move_focus(f, -1) ? FORM_CHANGED : FORM_NONE;
	if (!fld)
		return FORM_NONE;
	switch (fld->kind) {
	case FF_CHECK:
		if (is_char && key == ' ') {
			fld->checked = !fld->checked;
			changed(f, fld);
			return FORM_CHANGED;
		}
		return FORM_NONE;
	case FF_CHOICE:
		if (fld->choices.n > 1 && !is_char && (key == KEY_LEFT || key == KEY_RIGHT)) {
			size_t n = fld->choices.n;
			fld->choice = key == KEY_RIGHT ? (fld->choice + 1) % n : (fld->choice + n - 1) % n;
			changed(f, fld);
			return FORM_CHANGED;
		}
		return FORM_NONE;
	case FF_TEXT:
	case FF_LIST:
	case FF_PATH: {
		size_t before = fld->le.len;
		char *old = xstrdup(lineedit_text(&fld->le));
		if (!lineedit_handle_key(&fld->le, key, is_char)) {
			free(old);
			return FORM_NONE;
		}
		if (before != fld->le.len || !str_eq(old, lineedit_text(&fld->le)))
			changed(f, fld);
		free(old);
		return FORM_CHANGED;
	}
	case FF_INFO:
		break;
	}
	return FORM_NONE;
}

void form_split_list(const char *text, struct strlist *out)
{
	const char *p = text ? text : "";
	while (*p) {
		size_t n = strcspn(p, ",;");
		const char *s = p, *e = p + n;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s) {
			char *item = xstrndup(s, (size_t)(e - s));
			strlist_push(out, item);
			free(item);
		}
		p += n;
		if (*p)
			p++;
	}
}

char *form_check_emails(const char *text)
{
	struct strlist l = {0};
	form_split_list(text, &l);
	char *why = NULL;
	for (size_t i = 0; i < l.n && !why; i++) {
		const char *s = l.v[i], *at = strchr(s, '@');
		if (strchr(s, ' '))
			why = xasprintf("\"%s\" contains a space (separate addresses with commas)", s);
		else if (!at || at == s || !at[1] || strchr(at + 1, '@'))
			why = xasprintf("\"%s\" is not an e-mail address", s);
	}
	strlist_clear(&l);
	return why;
}

void form_add_confirm(struct form *f, const char *name)
{
	char *label = xasprintf("Type %s", name && *name ? "the name" : "the job name");
	form_add(f, FF_TEXT, "confirm", label, 0);
	free(label);
}

void form_check_confirm(struct form *f, const char *name)
{
	struct form_field *fld = form_get(f, "confirm");
	if (!fld)
		return;
	if (str_empty(name))
		form_field_set(fld, "type the job name to confirm (this context asks for it)", NULL, NULL);
	else if (!str_eq(lineedit_text(&fld->le), name)) {
		char *why = xasprintf("type %s to confirm", name);
		form_field_set(fld, why, NULL, NULL);
		free(why);
	} else {
		form_field_set(fld, NULL, NULL, NULL);
	}
}
