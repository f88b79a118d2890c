/* Forms: the modal view that draws a form and feeds it keys (the model and
 * its key convention are in form.c). See form.h. */
#include "ui/form.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "ui/app.h"
#include "ui/chrome.h"
#include "ui/frame.h"
#include "ui/textfit.h"
#include "ui/theme.h"
#include "ui/view.h"

#define LABEL_MAX 24
#define ERROR_ROWS 4

struct fview {
	struct form *f;
	const struct form_handler *h;
	void *ud;
};

enum row_type { ROW_FIELD, ROW_ERROR, ROW_WARNING, ROW_HINT, ROW_BLANK };

struct row {
	enum row_type type;
	size_t field;
	char *text; /* owned, hints only */
};

struct rows {
	struct row *v;
	size_t n;
};

static void row_add(struct rows *r, enum row_type t, size_t field, const char *text)
{
	r->v = xreallocarray(r->v, r->n + 1, sizeof *r->v);
	r->v[r->n++] = (struct row){t, field, text ? sanitize_str(text) : NULL};
}

static void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
}

/* The body rows of the form (fields and their notes). */
static void layout_rows(const struct form *f, struct rows *r)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct form_field *fld = f->fields[i];
		if (fld->hidden)
			continue;
		row_add(r, ROW_FIELD, i, NULL);
		if (fld->error && fld->touched)
			row_add(r, ROW_ERROR, i, fld->error);
		if (fld->warning)
			row_add(r, ROW_WARNING, i, fld->warning);
		if (fld->note)
			row_add(r, ROW_HINT, i, fld->note);
		const char *h = fld->hint;
		while (h && *h) {
			size_t n = strcspn(h, "\n");
			char *line = xstrndup(h, n);
			row_add(r, ROW_HINT, i, line);
			free(line);
			h += n;
			if (*h)
				h++;
		}
	}
}

static int label_width(const struct form *f)
{
	int w = 8;
	for (size_t i = 0; i < f->n; i++) {
		int lw = chrome_width(f->fields[i]->label);
		if (!f->fields[i]->hidden && lw > w)
			w = lw;
	}
	return w > LABEL_MAX ? LABEL_MAX : w;
}

/* Wrapped rows of the server's error text at width. */
static size_t error_rows(const struct form *f, int width, size_t *starts, char **text)
{
	*text = f->error ? sanitize_str(f->error) : NULL;
	if (!*text || width < 1)
		return 0;
	return textfit_wrap(*text, strlen(*text), (size_t)width, starts, ERROR_ROWS);
}

static int footer_rows(const struct form *f, int width)
{
	char *t;
	size_t n = error_rows(f, width, NULL, &t);
	free(t);
	if (n > ERROR_ROWS)
		n = ERROR_ROWS;
	int ops = 0;
	for (size_t i = 0; i < f->ops.n; i++) {
		int w = chrome_width(f->ops.v[i]) + 2;
		ops += width > 0 ? (w + width - 1) / width : 1;
	}
	/* blank, ops, error, busy / question, hints */
	return 1 + ops + (int)n + ((f->busy || f->asking_discard) ? 1 : 0) + 1;
}

static void form_size(struct view *v, int max_lines, int max_cols, int *lines, int *cols)
{
	struct fview *p = v->priv;
	int c = max_cols < 88 ? max_cols : 88;
	struct rows r = {0};
	layout_rows(p->f, &r);
	int want = (int)r.n + footer_rows(p->f, c - 4) + 2;
	rows_free(&r);
	*lines = want < max_lines ? want : max_lines;
	*cols = c;
}

static void put(WINDOW *w, int y, int x, int width, int attr, const char *s)
{
	if (width <= 0)
		return;
	wattrset(w, attr);
	wmove(w, y, x);
	chrome_put(w, s, width);
}

static void draw_input(WINDOW *w, int y, int x, int width, struct form_field *fld, bool focus)
{
	int attr = theme_attr(fld->error && fld->touched ? EL_INPUT_INVALID : EL_INPUT);
	wattrset(w, attr);
	mvwhline(w, y, x, ' ', width);
	int cc = 0;
	char *vis = lineedit_visible(&fld->le, width, theme_unicode() ? "\u2022" : "*", &cc);
	wmove(w, y, x);
	chrome_put(w, vis, width);
	if (focus && cc >= 0 && cc < width) {
		/* A drawn cursor: the terminal's own stays hidden. */
		chtype ch = mvwinch(w, y, x + cc);
		wattrset(w, attr | A_REVERSE);
		if ((ch & A_CHARTEXT) == ' ' || (size_t)cc >= strlen(vis))
			mvwaddch(w, y, x + cc, ' ');
		else
			mvwchgat(w, y, x + cc, 1, attr | A_REVERSE, 0, NULL);
	}
	free(vis);
}

static void draw_field(WINDOW *w, int y, int lw, int width, struct form *f, size_t i)
{
	struct form_field *fld = f->fields[i];
	bool focus = i == f->focus;
	int x = 2 + lw + 2, vw = width - x - 1;
	put(w, y, 2, lw, theme_attr(EL_LABEL) | (focus ? A_BOLD : 0), fld->label);
	if (focus)
		put(w, y, 1, 1, theme_attr(EL_KEY_HINT) | A_BOLD, theme_unicode() ? "\u25b8" : ">");
	switch (fld->kind) {
	case FF_TEXT:
	case FF_LIST:
	case FF_PATH:
		draw_input(w, y, x, vw, fld, focus);
		break;
	case FF_CHECK:
		put(w, y, x, vw, theme_attr(EL_INPUT) | (focus ? A_REVERSE : 0), fld->checked ? "[x]" : "[ ]");
		break;
	case FF_CHOICE: {
		if (!fld->choices.n) {
			put(w, y, x, vw, theme_attr(EL_DIM), "(loading…)");
			break;
		}
		int cx = x;
		for (size_t c = 0; c < fld->choices.n && cx < x + vw; c++) {
			bool sel = c == fld->choice;
			char *s = xasprintf(sel ? "(\u2022) %s" : "( ) %s", fld->choices.v[c]);
			if (!theme_unicode())
				s[1] = sel ? '*' : ' ';
			int attr = theme_attr(sel ? EL_INPUT : EL_NORMAL) | (sel && focus ? A_REVERSE : 0);
			if (!theme_unicode() && sel)
				memmove(s + 2, s + 4, strlen(s + 4) + 1);
			put(w, y, cx, x + vw - cx, attr, s);
			cx += chrome_width(s) + 2;
			free(s);
		}
		break;
	}
	case FF_INFO:
		put(w, y, x, vw, theme_attr(EL_VALUE), fld->value ? fld->value : "");
		break;
	}
}

static void form_draw(struct view *v)
{
	struct fview *p = v->priv;
	struct form *f = p->f;
	WINDOW *w = v->win;
	int H = v->lines, W = v->cols;
	wbkgdset(w, ' ' | theme_attr(EL_DIALOG));
	werase(w);
	frame_draw(w, theme_attr(EL_DIALOG_BORDER), f->title);
	int lw = label_width(f);
	struct rows r = {0};
	layout_rows(f, &r);
	int foot = footer_rows(f, W - 4);
	int body = H - 2 - foot;
	if (body < 1)
		body = 1;
	/* Keep the focused field (and its notes) on screen. */
	size_t first = 0, last = 0;
	for (size_t i = 0; i < r.n; i++)
		if (r.v[i].field == f->focus) {
			if (r.v[i].type == ROW_FIELD)
				first = i;
			last = i;
		}
	if ((int)first < f->scroll)
		f->scroll = (int)first;
	if ((int)last >= f->scroll + body)
		f->scroll = (int)last - body + 1;
	if ((int)first < f->scroll)
		f->scroll = (int)first;
	if (f->scroll > (int)r.n - body)
		f->scroll = (int)r.n - body > 0 ? (int)r.n - body : 0;
	int vx = 2 + lw + 2;
	for (int y = 0; r.v && y < body && f->scroll + y < (int)r.n; y++) {
		struct row *row = &r.v[f->scroll + y];
		switch (row->type) {
		case ROW_FIELD:
			draw_field(w, 1 + y, lw, W, f, row->field);
			break;
		case ROW_ERROR: {
			char *s = xasprintf("%s %s", theme_unicode() ? "\u2717" : "x", row->text);
			put(w, 1 + y, vx, W - vx - 1, theme_attr(EL_INPUT_INVALID), s);
			free(s);
			break;
		}
		case ROW_WARNING: {
			char *s = xasprintf("! %s", row->text);
			put(w, 1 + y, vx, W - vx - 1, theme_attr(EL_WARNING), s);
			free(s);
			break;
		}
		case ROW_HINT:
			put(w, 1 + y, vx, W - vx - 1, theme_attr(EL_DIM), row->text);
			break;
		case ROW_BLANK:
			break;
		}
	}
	if (f->scroll > 0)
		put(w, 1, W - 2, 1, theme_attr(EL_DIM), theme_unicode() ? "\u25b2" : "^");
	if (f->scroll + body < (int)r.n)
		put(w, body, W - 2, 1, theme_attr(EL_DIM), theme_unicode() ? "\u25bc" : "v");
	rows_free(&r);
	/* The footer: what will be sent, the last error, the keys. */
	int y = H - 1 - foot + 1;
	for (size_t i = 0; i < f->ops.n && y < H - 1; i++) {
		/* Operations wrap: the whole path must be readable. */
		char *s = xasprintf("%s %s", theme_unicode() ? "\u2192" : "->", f->ops.v[i]);
		size_t len = strlen(s), off = 0;
		while (off < len && y < H - 1) {
			size_t take = len - off, wd = 0;
			for (size_t b = off; b < len;) {
				size_t nb;
				int cw = sanitize_char_width(s + b, len - b, &nb);
				if ((int)wd + cw > W - 4) {
					take = b - off;
					break;
				}
				wd += (size_t)cw;
				b += nb;
			}
			char *line = xstrndup(s + off, take ? take : len - off);
			put(w, y++, 2, W - 4, theme_attr(EL_VALUE) | A_BOLD, line);
			off += take ? take : len - off;
			free(line);
		}
		free(s);
	}
	size_t starts[ERROR_ROWS];
	char *et;
	size_t en = error_rows(f, W - 4, starts, &et);
	for (size_t i = 0; i < en && i < ERROR_ROWS && y < H - 1; i++, y++) {
		size_t end = i + 1 < en && i + 1 < ERROR_ROWS ? starts[i + 1] : strlen(et);
		char *line = xstrndup(et + starts[i], end - starts[i]);
		put(w, y, 2, W - 4, theme_attr(EL_ERROR), line);
		free(line);
	}
	free(et);
	if (f->asking_discard && y < H - 1)
		put(w, y++, 2, W - 4, theme_attr(EL_WARNING) | A_BOLD, "discard changes? y/N");
	else if (f->busy && y < H - 1)
		put(w, y++, 2, W - 4, theme_attr(EL_INFO), f->busy);
	const struct form_field *fld = form_focused(f);
	struct strbuf hb = STRBUF_INIT;
	if (fld && fld->kind == FF_CHECK)
		strbuf_puts(&hb, "Space toggle  ");
	else if (fld && fld->kind == FF_CHOICE)
		strbuf_puts(&hb, theme_unicode() ? "\u2190/\u2192 choose  " : "Left/Right choose  ");
	else if (fld && fld->kind == FF_PATH)
		strbuf_puts(&hb, "Tab complete  ");
	strbuf_printf(&hb, "Tab/%s next  S-Tab/%s prev  Enter submit  Esc cancel", theme_unicode() ? "\u2193" : "Dn",
		      theme_unicode() ? "\u2191" : "Up");
	put(w, H - 2, 2, W - 4, theme_attr(EL_KEY_HINT), hb.buf);
	strbuf_free(&hb);
}

static int form_on_key(struct view *v, int key, bool is_char)
{
	struct fview *p = v->priv;
	bool was_busy = p->f->busy != NULL;
	enum form_event ev = form_key(p->f, key, is_char);
	switch (ev) {
	case FORM_SUBMIT:
		return (p->h->submit ? p->h->submit(v, p->f, p->ud) : R_CLOSE) | R_REDRAW;
	case FORM_CANCEL:
		if (was_busy) {
			if (p->h->cancel_busy && p->h->cancel_busy(v, p->f, p->ud))
				return R_CLOSE;
			app_message(v->app, MSG_INFO, "waiting for the answer: %s", p->f->busy);
			return R_NONE;
		}
		return R_CLOSE;
	case FORM_CHANGED:
		return R_REDRAW;
	case FORM_NONE:
		break;
	}
	/* Every key stays in the form: a stray 'q' must not close it. */
	return R_NONE;
}

static int form_on_result(struct view *v, struct wresult *r)
{
	struct fview *p = v->priv;
	return p->h->result ? p->h->result(v, p->f, r, p->ud) : R_NONE;
}

static void form_title(struct view *v, struct strbuf *out)
{
	struct fview *p = v->priv;
	strbuf_puts(out, p->f->title);
}

static void form_fini(struct view *v)
{
	struct fview *p = v->priv;
	if (p->h->fini)
		p->h->fini(p->ud);
	form_free(p->f);
	free(p);
}

static const struct view_ops form_ops = {
	.name = "form",
	.mask = VM_OTHER,
	.flags = VF_MODAL | VF_TEXTINPUT,
	.fini = form_fini,
	.draw = form_draw,
	.on_key = form_on_key,
	.on_result = form_on_result,
	.title = form_title,
	.size = form_size,
};

struct view *form_view_new(struct app *a, struct form *f, const struct form_handler *h, void *ud)
{
	struct fview *p = xcalloc(1, sizeof *p);
	p->f = f;
	p->h = h;
	p->ud = ud;
	form_validate(f);
	return view_new(a, &form_ops, p);
}
