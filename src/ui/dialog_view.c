/* Confirmation and progress dialogs: the modal view that draws a dialog
 * and feeds it keys (the model is dialog.c). See dialog.h. */
#include "ui/dialog.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "ui/app.h"
#include "ui/chrome.h"
#include "ui/frame.h"
#include "ui/textfit.h"
#include "ui/theme.h"
#include "ui/view.h"

struct dview {
	struct dialog *d;
	const struct dialog_handler *h;
	void *ud;
};

struct dialog *dialog_of(struct view *v)
{
	return v ? ((struct dview *)v->priv)->d : NULL;
}

static void put(WINDOW *w, int y, int x, int width, int attr, const char *s)
{
	if (width <= 0 || y < 0)
		return;
	wattrset(w, attr);
	wmove(w, y, x);
	chrome_put(w, s, width);
}

static int wrapped_rows(const char *raw, int width)
{
	char *s = sanitize_str(raw);
	int n = (int)textfit_wrap(s, strlen(s), (size_t)(width > 0 ? width : 1), NULL, 0);
	free(s);
	return n;
}

/* Draws raw (sanitised here) wrapped at width from row *y, never past
 * row last. */
static void draw_wrapped(WINDOW *w, int *y, int last, int x, int width, int attr, const char *raw)
{
	char *s = sanitize_str(raw);
	size_t len = strlen(s), wd = (size_t)(width > 0 ? width : 1), n = textfit_wrap(s, len, wd, NULL, 0);
	size_t *starts = xcalloc(n ? n : 1, sizeof *starts);
	textfit_wrap(s, len, wd, starts, n);
	for (size_t r = 0; r < n && *y < last; r++, (*y)++) {
		size_t end = r + 1 < n ? starts[r + 1] : len;
		char *line = xstrndup(s + starts[r], end - starts[r]);
		put(w, *y, x, width, attr, line);
		free(line);
	}
	free(starts);
	free(s);
}

static char *op_line(const char *op)
{
	return xasprintf("%s %s", theme_unicode() ? "\u2192" : "->", op);
}

/* Lines the body text and the operations take when wrapped at width. */
static int text_rows(const struct dialog *d, int width)
{
	int n = 0;
	for (size_t i = 0; i < d->text.n; i++)
		n += wrapped_rows(d->text.v[i], width);
	for (size_t i = 0; i < d->ops.n; i++) {
		char *s = op_line(d->ops.v[i]);
		n += wrapped_rows(s, width);
		free(s);
	}
	return n;
}

/* Rows at most for the note (an error from the server can be long): it
 * wraps inside the box above the key hints, and takes them from the body
 * when the box is already placed. */
#define NOTE_ROWS 4

static const char *note_text(const struct dialog *d)
{
	return d->busy ? d->busy : d->note;
}

static int note_rows(const struct dialog *d, int width)
{
	const char *s = note_text(d);
	int n = s ? wrapped_rows(s, width) : 1;
	return n > NOTE_ROWS ? NOTE_ROWS : n;
}

static int dialog_rows(const struct dialog *d, int width)
{
	int n = text_rows(d, width) + 1;
	n += (int)d->nsteps + (d->nsteps ? 1 : 0);
	if (d->kind == DLG_TYPED)
		n += 3; /* a blank, the label, the line typed (a note must never cover it) */
	if (d->has_input)
		n += 2;
	n += note_rows(d, width) + 1; /* note, keys */
	return n;
}

static void dialog_size(struct view *v, int max_lines, int max_cols, int *lines, int *cols)
{
	struct dview *p = v->priv;
	int c = 80;
	for (size_t i = 0; i < p->d->ops.n; i++) {
		int want = chrome_width(p->d->ops.v[i]) + 7;
		if (want > c)
			c = want;
	}
	if (c > max_cols)
		c = max_cols;
	int want = dialog_rows(p->d, c - 4) + 2;
	*lines = want < max_lines ? want : max_lines;
	*cols = c;
}

static void draw_line_edit(WINDOW *w, int y, int x, int width, struct lineedit *le, bool focus, bool bad)
{
	int attr = theme_attr(bad ? EL_INPUT_INVALID : EL_INPUT);
	wattrset(w, attr);
	mvwhline(w, y, x, ' ', width);
	int cc = 0;
	char *vis = lineedit_visible(le, width, NULL, &cc);
	wmove(w, y, x);
	chrome_put(w, vis, width);
	if (focus && cc >= 0 && cc < width)
		mvwchgat(w, y, x + cc, 1, attr | A_REVERSE, 0, NULL);
	free(vis);
}

static void draw_bar(WINDOW *w, int y, int x, int width, double fraction)
{
	if (width < 3)
		return;
	int inner = width - 2, fill = (int)(fraction * inner + 0.5);
	if (fill > inner)
		fill = inner;
	wattrset(w, theme_attr(EL_DIM));
	mvwaddstr(w, y, x, "[");
	wattrset(w, theme_attr(EL_CHART_BAR));
	for (int i = 0; i < inner; i++)
		waddstr(w, i < fill ? (theme_unicode() ? "\u2588" : "#") : (theme_unicode() ? "\u00b7" : "."));
	wattrset(w, theme_attr(EL_DIM));
	waddstr(w, "]");
}

static const char *step_glyph(enum step_state st, int *el)
{
	bool u = theme_unicode();
	switch (st) {
	case STEP_RUNNING:
		*el = EL_STATUS_RUNNING;
		return u ? "\u25b6" : ">";
	case STEP_DONE:
		*el = EL_STATUS_OK;
		return u ? "\u2713" : "+";
	case STEP_FAILED:
		*el = EL_STATUS_FAILED;
		return u ? "\u2717" : "x";
	case STEP_SKIPPED:
		*el = EL_DIM;
		return "-";
	case STEP_PENDING:
	default:
		*el = EL_DIM;
		return u ? "\u00b7" : ".";
	}
}

static void dialog_draw(struct view *v)
{
	struct dview *p = v->priv;
	struct dialog *d = p->d;
	WINDOW *w = v->win;
	int H = v->lines, W = v->cols, tw = W - 4;
	wbkgdset(w, ' ' | theme_attr(EL_DIALOG));
	werase(w);
	frame_draw(w, theme_attr(EL_DIALOG_BORDER), d->title);
	int nrows = note_rows(d, tw);
	if (nrows > H - 4)
		nrows = H - 4 > 1 ? H - 4 : 1;
	int y = 1, last = H - 1 - nrows;
	for (size_t i = 0; i < d->text.n && y < last; i++)
		draw_wrapped(w, &y, last, 2, tw, theme_attr(EL_NORMAL), d->text.v[i]);
	if (d->nsteps)
		y++;
	for (size_t i = 0; i < d->nsteps && y < last; i++, y++) {
		struct dialog_step *st = &d->steps[i];
		int el;
		const char *g = step_glyph(st->state, &el);
		put(w, y, 2, 2, theme_attr((enum theme_element)el) | A_BOLD, g);
		put(w, y, 4, 24, theme_attr(st->state == STEP_PENDING ? EL_DIM : EL_NORMAL), st->label);
		int x = 29;
		if (st->state == STEP_RUNNING && st->fraction >= 0 && tw > 50) {
			draw_bar(w, y, x, 22, st->fraction);
			x += 23;
		}
		if (st->detail)
			put(w, y, x, W - x - 2, theme_attr(st->state == STEP_FAILED ? EL_ERROR : EL_DIM), st->detail);
	}
	y++;
	for (size_t i = 0; i < d->ops.n && y < last; i++) {
		char *s = op_line(d->ops.v[i]);
		draw_wrapped(w, &y, last, 2, tw, theme_attr(EL_VALUE) | A_BOLD, s);
		free(s);
	}
	if (d->has_input && y < last) {
		y++;
		char *lab = xasprintf("%s:", d->input_label ? d->input_label : "input");
		int lw = chrome_width(lab) + 1;
		put(w, y, 2, tw, theme_attr(EL_LABEL) | (d->input_focus ? A_BOLD : 0), lab);
		free(lab);
		draw_line_edit(w, y, 2 + lw, tw - lw, &d->input, d->input_focus, d->input_error != NULL);
		y++;
		if (d->input_error && y < last) {
			put(w, y, 2 + lw, tw - lw, theme_attr(EL_INPUT_INVALID), d->input_error);
		}
	}
	if (d->kind == DLG_TYPED && y < last) {
		y++;
		char *lab = xasprintf("Type %s to confirm:", d->expect);
		put(w, y++, 2, tw, theme_attr(EL_LABEL), lab);
		free(lab);
		if (y < last)
			draw_line_edit(w, y, 2, tw, &d->typed, !d->input_focus, false);
	}
	if (note_text(d)) {
		int ny = H - 2 - nrows;
		wattrset(w, theme_attr(EL_DIALOG));
		for (int r = ny; r < H - 2; r++)
			mvwhline(w, r, 1, ' ', W - 2);
		int attr = d->busy ? (int)theme_attr(EL_INFO) : (int)(theme_attr(d->note_error ? EL_ERROR : EL_STATUS_OK) | A_BOLD);
		draw_wrapped(w, &ny, H - 2, 2, tw, attr, note_text(d));
	}
	const char *keys;
	if (d->kind == DLG_PROGRESS)
		keys = d->finished ? "Enter/Esc close" : "Esc cancel";
	else if (d->has_input && d->input_focus)
		keys = "type the arguments  Tab/Enter back to the question";
	else if (d->keys)
		keys = d->keys;
	else if (d->kind == DLG_CONFIRM)
		keys = d->has_input ? "y yes  n/Esc/Enter no  Tab arguments" : "y yes  n/Esc/Enter no";
	else
		keys = d->has_input ? "Enter confirm  Esc cancel  Tab arguments" : "Enter confirm  Esc cancel";
	put(w, H - 2, 2, tw, theme_attr(EL_KEY_HINT), keys);
}

static int dialog_on_key(struct view *v, int key, bool is_char)
{
	struct dview *p = v->priv;
	bool was_busy = p->d->busy != NULL;
	if (p->h->key) {
		int bits = p->h->key(v, p->d, p->ud, key, is_char);
		if (bits >= 0)
			return bits;
	}
	switch (dialog_key(p->d, key, is_char)) {
	case DLG_CONFIRMED:
		return (p->h->confirm ? p->h->confirm(v, p->d, p->ud) : R_CLOSE) | R_REDRAW;
	case DLG_CANCELLED:
		if (p->h->cancel)
			return p->h->cancel(v, p->d, p->ud) ? R_CLOSE : R_REDRAW;
		if (was_busy) {
			app_message(v->app, MSG_INFO, "waiting for the answer: %s", p->d->busy);
			return R_NONE;
		}
		return p->d->kind == DLG_PROGRESS ? R_NONE : R_CLOSE;
	case DLG_INPUT:
		if (p->h->input)
			p->h->input(p->d, p->ud);
		return R_REDRAW;
	case DLG_CLOSE:
		return R_CLOSE;
	case DLG_CHANGED:
		return R_REDRAW;
	case DLG_NONE:
		break;
	}
	return R_NONE;
}

static int dialog_on_result(struct view *v, struct wresult *r)
{
	struct dview *p = v->priv;
	return p->h->result ? p->h->result(v, p->d, r, p->ud) : R_NONE;
}

static int dialog_on_tick(struct view *v, long long now)
{
	struct dview *p = v->priv;
	return p->h->tick ? p->h->tick(v, p->d, p->ud, now) : R_NONE;
}

static long long dialog_next_tick(struct view *v, long long now)
{
	struct dview *p = v->priv;
	return p->h->next_tick ? p->h->next_tick(v, p->d, p->ud, now) : 0;
}

static void dialog_title(struct view *v, struct strbuf *out)
{
	struct dview *p = v->priv;
	strbuf_puts(out, p->d->title);
}

static void dialog_fini(struct view *v)
{
	struct dview *p = v->priv;
	if (p->h->fini)
		p->h->fini(p->ud);
	dialog_free(p->d);
	free(p);
}

static const struct view_ops dialog_ops = {
	.name = "dialog",
	.mask = VM_OTHER,
	.flags = VF_MODAL | VF_TEXTINPUT,
	.fini = dialog_fini,
	.draw = dialog_draw,
	.on_key = dialog_on_key,
	.on_result = dialog_on_result,
	.on_tick = dialog_on_tick,
	.next_tick = dialog_next_tick,
	.title = dialog_title,
	.size = dialog_size,
};

struct view *dialog_view_new(struct app *a, struct dialog *d, const struct dialog_handler *h, void *ud)
{
	struct dview *p = xcalloc(1, sizeof *p);
	p->d = d;
	p->h = h;
	p->ud = ud;
	if (d->kind == DLG_CONFIRM && !d->expect)
		d->input_focus = false;
	return view_new(a, &dialog_ops, p);
}
