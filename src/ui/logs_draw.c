/* Drawing the logs view: the execution line, the note line, the visible
 * log rows and the prompt. Only the lines on screen are sanitised and laid
 * out, so a draw costs the same for ten lines or a million. Every byte
 * that reaches the terminal went through sanitize(): no control byte of
 * the log is ever written. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"
#include "trace.h"
#include "ui/cell.h"
#include "ui/chrome.h"
#include "ui/logs_priv.h"
#include "ui/logs_text.h"
#include "ui/rowfmt.h"
#include "ui/theme.h"

static size_t width_of(const struct lv *p)
{
	return p->v->cols > 0 ? (size_t)p->v->cols : 1;
}

size_t lv_line_rows(struct lv *p, size_t i)
{
	logbuf_display(p->lb, i, p->show_ts, &p->sb);
	return sanitize_wrap(p->sb.text, p->sb.len, width_of(p), NULL, 0);
}

/* ---- one log line ---- */

/* Which element each byte of a display line gets, walked left to right:
 * a search match over an escaped byte over the timestamp over the line's
 * own element (error, marker, the jump mark). */
struct paint {
	const struct san_span *m, *e;
	size_t nm, ne, mi, ei;
	size_t ts_end;
	enum theme_element base;
};

static enum theme_element paint_at(struct paint *pt, size_t b, size_t *until)
{
	while (pt->mi < pt->nm && pt->m[pt->mi].off + pt->m[pt->mi].len <= b)
		pt->mi++;
	while (pt->ei < pt->ne && pt->e[pt->ei].off + pt->e[pt->ei].len <= b)
		pt->ei++;
	enum theme_element el = pt->base;
	size_t end = SIZE_MAX;
	if (b < pt->ts_end) {
		el = EL_LOG_TIMESTAMP;
		end = pt->ts_end;
	}
	if (pt->ei < pt->ne) {
		const struct san_span *s = &pt->e[pt->ei];
		if (s->off <= b) {
			el = EL_ESCAPED;
			if (s->off + s->len < end)
				end = s->off + s->len;
		} else if (s->off < end) {
			end = s->off;
		}
	}
	if (pt->mi < pt->nm) {
		const struct san_span *s = &pt->m[pt->mi];
		if (s->off <= b) {
			el = EL_SEARCH_MATCH;
			if (s->off + s->len < end)
				end = s->off + s->len;
		} else if (s->off < end) {
			end = s->off;
		}
	}
	*until = end;
	return el;
}

/* Draws text[a, b) at the cursor, in runs of one element each. */
static void paint_run(WINDOW *w, struct paint *pt, const char *text, size_t a, size_t b)
{
	while (a < b) {
		size_t until;
		enum theme_element el = paint_at(pt, a, &until);
		if (until > b)
			until = b;
		if (until <= a)
			until = a + 1; /* cannot happen; never loop forever */
		wattrset(w, theme_attr(el));
		waddnstr(w, text + a, (int)(until - a));
		a = until;
	}
}

static void pad(WINDOW *w, size_t n)
{
	while (n--)
		waddch(w, ' ');
}

/* Fills the rest of row y from column x with the line's element, so a
 * highlighted line reads as one bar. */
static void fill_row(WINDOW *w, const struct paint *pt, int y, int cols)
{
	if (pt->base == EL_NORMAL)
		return;
	int cy, cx;
	getyx(w, cy, cx);
	if (cy != y)
		return;
	wattrset(w, theme_attr(pt->base));
	pad(w, cols > cx ? (size_t)(cols - cx) : 0);
}

static size_t *starts_for(struct lv *p, size_t n)
{
	if (n > p->starts_cap) {
		p->starts_cap = n < 64 ? 64 : n;
		p->starts = xreallocarray(p->starts, p->starts_cap, sizeof(*p->starts));
	}
	return p->starts;
}

/* Draws line i from its row first_row at screen rows y … ymax-1; returns
 * the next free row. */
static int draw_line(struct lv *p, WINDOW *w, int y, int ymax, size_t i, size_t first_row)
{
	struct logbuf_line ln;
	if (!logbuf_line(p->lb, i, &ln))
		return y;
	size_t ts_len = logbuf_display(p->lb, i, p->show_ts, &p->sb);
	const char *t = p->sb.text;
	size_t len = p->sb.len, cols = width_of(p);
	struct paint pt = {.e = p->sb.spans, .ne = p->sb.nspans};
	/* The prefix is plain ASCII, so its display bytes are its raw
	 * bytes; the space after it stays uncoloured. */
	if (p->show_ts && ts_len && !(ln.flags & LOGBUF_MARKER))
		pt.ts_end = ts_len;
	const char *q = logbuf_search_query(p->lb);
	if (q && (ln.flags & LOGBUF_MATCH)) {
		pt.nm = sanitize_match_ranges(t, len, q, &p->ranges, &p->ranges_cap);
		pt.m = p->ranges;
	}
	bool mark = p->has_mark && p->mark_seq == logbuf_first_seq(p->lb) + i;
	pt.base = mark ? EL_SELECTED : (ln.flags & LOGBUF_MARKER) ? EL_DIM
		: (ln.flags & LOGBUF_ERROR) ? EL_LOG_ERROR : EL_NORMAL;
	if (!p->wrap) {
		struct san_slice sl;
		sanitize_hslice(t, len, p->hcol, cols, &sl);
		wmove(w, y, 0);
		wattrset(w, theme_attr(pt.base));
		pad(w, sl.pad_left);
		paint_run(w, &pt, t, sl.start, sl.end);
		wattrset(w, theme_attr(pt.base));
		pad(w, sl.pad_right);
		fill_row(w, &pt, y, (int)cols);
		/* Cut lines say so at the edge they continue past. */
		bool uni = theme_unicode();
		wattrset(w, theme_attr(EL_DIM) | A_BOLD | A_REVERSE);
		if (sl.end < len && cols > 1)
			mvwaddstr(w, y, (int)cols - 1, uni ? "\u203a" : ">");
		if (p->hcol > 0 && cols > 1)
			mvwaddstr(w, y, 0, uni ? "\u2039" : "<");
		return y + 1;
	}
	size_t nrows = sanitize_wrap(t, len, cols, NULL, 0);
	size_t want = first_row + (size_t)(ymax - y);
	if (want > nrows)
		want = nrows;
	/* One start more than the rows drawn: where the last one ends. */
	size_t need = want < nrows ? want + 1 : nrows;
	size_t *st = starts_for(p, need);
	sanitize_wrap(t, len, cols, st, need);
	for (size_t k = first_row; k < want && y < ymax; k++, y++) {
		size_t b = k + 1 < need ? st[k + 1] : len;
		wmove(w, y, 0);
		paint_run(w, &pt, t, st[k], b);
		fill_row(w, &pt, y, (int)cols);
	}
	return y;
}

/* ---- header ---- */

/* Adds s (sanitised already, or plain) at the cursor, at most up to
 * column maxx; returns the column reached. */
static int put(WINDOW *w, int x, int maxx, enum theme_element el, const char *s)
{
	if (x >= maxx || !s || !*s)
		return x;
	struct strbuf sb = STRBUF_INIT;
	int width = cell_width(s, theme_unicode());
	if (width > maxx - x)
		width = maxx - x;
	cell_fit(s, width, CELL_LEFT, theme_unicode(), &sb);
	wattrset(w, theme_attr(el));
	mvwaddstr(w, 0 + getcury(w), x, sb.buf ? sb.buf : "");
	strbuf_free(&sb);
	return x + width;
}

/* Row 0: which execution (its id names the job when it starts with it,
 * as the service makes them), and FOLLOW / PAUSED on the right. */
static void draw_exec_line(struct lv *p, WINDOW *w)
{
	int cols = p->v->cols;
	const char *mode = lv_mode_word(p);
	int right = mode ? cols - (int)strlen(mode) - 1 : cols;
	char *job = sanitize_str(p->job), *eid = sanitize_str(p->exec_id);
	wmove(w, 0, 0);
	int x = put(w, 0, right, EL_TITLE, job);
	if (!eid) {
		x = put(w, x, right, EL_DIM, "  ");
		put(w, x, right, EL_DIM,
		    p->no_execution ? "no executions"
		    : p->no_id      ? "execution without an id"
				    : "finding the newest execution");
	} else if (str_starts_with(eid, job) && eid[strlen(job)] == '-') {
		put(w, x, right, EL_VALUE, eid + strlen(job));
	} else {
		x = put(w, x, right, EL_DIM, "  execution ");
		put(w, x, right, EL_VALUE, eid);
	}
	if (mode && right > 0) {
		wmove(w, 0, right + 1);
		enum theme_element el = !lv_active(p) ? EL_DIM : p->vp.follow ? EL_STATUS_RUNNING : EL_WARNING;
		put(w, right + 1, cols, el, mode);
	}
	free(job);
	free(eid);
}

struct note {
	enum theme_element el;
	char *text; /* owned, sanitised */
};

/* Row 1: status, start, duration (both live), then notes: errors,
 * waiting, a gap being repaired, dropped lines, the execution's message. */
static void draw_note_line(struct lv *p, WINDOW *w)
{
	struct app *a = p->v->app;
	int cols = p->v->cols, x = 0;
	char n1[32];
	bool uni = theme_unicode();
	const char *sep = uni ? "  \u00b7  " : "  -  ";
	wmove(w, 1, 0);
	const struct execution *e = p->exec;
	if (e) {
		char st[64], when[64], dur[32];
		time_t now = app_now(a);
		long long d = execution_duration(e, now);
		x = put(w, x, cols, rowfmt_status_el(e->status), rowfmt_status(e->status, true, uni, st, sizeof st));
		x = put(w, x, cols, EL_LABEL, "  started ");
		x = put(w, x, cols, EL_VALUE, rowfmt_when(e->start_time, now, app_utc(a), when, sizeof when));
		x = put(w, x, cols, EL_LABEL, "  duration ");
		x = put(w, x, cols, EL_VALUE, rowfmt_duration(d, dur, sizeof dur));
	}
	struct note notes[5];
	size_t n = 0;
	if (p->exec_error || p->log_error)
		notes[n++] = (struct note){EL_ERROR, sanitize_str(p->exec_error ? p->exec_error : p->log_error)};
	if (p->waiting && logbuf_count(p->lb))
		notes[n++] = (struct note){EL_WARNING, xstrdup(uni ? "the pod is starting: retrying\u2026"
								  : "the pod is starting: retrying...")};
	else if (p->gap)
		notes[n++] = (struct note){EL_WARNING, xstrdup("lines missed between polls: fetching the whole log")};
	if (p->head_missing)
		/* the load asked for the last scrollback lines only */
		notes[n++] = (struct note){EL_WARNING, xasprintf("older lines not loaded: the last %s are kept "
			"(scrollback); s saves the whole log", logs_fmt_count(logbuf_max_lines(p->lb), n1, sizeof n1))};
	else if (logbuf_dropped(p->lb))
		notes[n++] = (struct note){EL_WARNING, xasprintf("%s older lines dropped",
			logs_fmt_count(logbuf_dropped(p->lb), n1, sizeof n1))};
	if (e && !str_empty(e->message))
		notes[n++] = (struct note){exec_status_is_failure(e->status) ? EL_STATUS_FAILED : EL_DIM,
						sanitize_str(e->message)};
	for (size_t i = 0; i < n; i++) {
		if (x > 0)
			x = put(w, x, cols, EL_DIM, sep);
		x = put(w, x, cols, notes[i].el, notes[i].text);
		free(notes[i].text);
	}
}

/* ---- the body ---- */

static void draw_plain_wrapped(WINDOW *w, int y, int ymax, int cols, const char *s)
{
	size_t len = strlen(s), n = sanitize_wrap(s, len, (size_t)cols, NULL, 0);
	size_t *st = xcalloc(n ? n : 1, sizeof(*st));
	sanitize_wrap(s, len, (size_t)cols, st, n);
	wattrset(w, theme_attr(EL_NORMAL));
	for (size_t k = 0; k < n && y < ymax; k++, y++) {
		size_t b = k + 1 < n ? st[k + 1] : len;
		mvwaddnstr(w, y, 0, s + st[k], (int)(b - st[k]));
	}
	free(st);
}

/* What the body says when there are no lines to show. */
static void draw_empty(struct lv *p, WINDOW *w, int y, int ymax)
{
	bool uni = theme_unicode();
	const char *msg;
	enum theme_element el = EL_DIM;
	bool expired = false;
	if (p->no_execution)
		msg = "this job has no executions";
	else if (p->no_id)
		msg = "the newest execution has no id: its log cannot be read";
	else if (!p->exec_id)
		msg = uni ? "finding the newest execution\u2026" : "finding the newest execution...";
	else if (p->waiting) /* 503: the pod exists, its log is not readable yet */
		msg = uni ? "the pod is starting: retrying\u2026" : "the pod is starting: retrying...";
	else if (!p->loaded && p->log_error)
		msg = "the log could not be read (C-r tries again)";
	else if (!p->loaded)
		msg = uni ? "loading the log\u2026" : "loading the log...";
	else if (p->exec && !lv_active(p)) {
		msg = "the logs have expired: the service no longer keeps them";
		el = EL_WARNING;
		expired = true;
	} else /* "" while it runs: the pod does not exist yet (api-notes §5.3) */
		msg = uni ? "waiting for the pod\u2026" : "waiting for the pod...";
	wmove(w, y, 1);
	put(w, 1, p->v->cols, el, msg);
	if (!expired)
		return;
	if (p->exec->logs_url && *p->exec->logs_url) {
		wmove(w, y + 2, 0);
		put(w, 0, p->v->cols, EL_DIM, "older logs:");
		/* Plain, undecorated and alone on its rows, so it can be
		 * selected and copied from the terminal. */
		char *url = sanitize_str_flat(p->exec->logs_url);
		draw_plain_wrapped(w, y + 3, ymax, p->v->cols, url);
		free(url);
	} else {
		wmove(w, y + 2, 1);
		put(w, 1, p->v->cols, EL_DIM, "the service links no older logs for this execution (logs_url is empty)");
	}
}

static void draw_prompt(struct lv *p, WINDOW *w)
{
	int y = p->v->lines - 1, cols = p->v->cols;
	char *label;
	if (p->prompt == LP_SEARCH) {
		label = xstrdup("/");
	} else if (p->prompt == LP_SAVE) {
		label = xstrdup("save whole log (mode 0600) to: ");
	} else {
		/* The name is in the status message too: a long one leaves
		 * the label and keeps the field usable. */
		char *name = sanitize_str(p->save_path);
		label = xasprintf("%s exists: y overwrites it, or type another name: ", name ? name : "");
		if (cell_width(label, theme_unicode()) > cols * 2 / 3) {
			free(label);
			label = xstrdup("exists: y overwrites it, or type another name: ");
		}
		free(name);
	}
	wmove(w, y, 0);
	wattrset(w, theme_attr(EL_INPUT));
	wclrtoeol(w);
	int x = put(w, 0, cols * 2 / 3, EL_INPUT, label);
	free(label);
	int fw = cols - x - 1;
	if (fw < 1)
		fw = 1;
	int cc = 0;
	char *vis = lineedit_visible(&p->le, fw, NULL, &cc);
	wattrset(w, theme_attr(EL_INPUT));
	wmove(w, y, x);
	chrome_put(w, vis, fw);
	free(vis);
	wmove(w, y, x + cc < cols ? x + cc : cols - 1);
}

void lv_draw(struct view *v)
{
	struct lv *p = v->priv;
	WINDOW *w = v->win;
	if (!w)
		return;
	werase(w);
	draw_exec_line(p, w);
	if (v->lines > 1)
		draw_note_line(p, w);
	int y = LV_HEAD_ROWS, ymax = y + lv_body_rows(p);
	if (ymax > v->lines)
		ymax = v->lines;
	struct logs_vp_src s = lv_src(p);
	logs_vp_sync(&p->vp, &s);
	long long shown = 0;
	if (s.count == 0) {
		draw_empty(p, w, y + 1, ymax);
	} else {
		size_t i = logs_vp_index(&p->vp, &s), row = p->vp.row;
		while (y < ymax && i < s.count) {
			y = draw_line(p, w, y, ymax, i, row);
			row = 0;
			i++;
			shown++;
		}
	}
	trace_drawn("logs", shown);
	wattrset(w, theme_attr(EL_NORMAL));
	if (p->prompt != LP_NONE)
		draw_prompt(p, w);
}
