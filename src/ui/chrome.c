#include "ui/chrome.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "ui/textfit.h"
#include "ui/theme.h"

#define MSG_INFO_MS 6000
#define MSG_ERROR_MS 15000
/* Grace on top of 2× the interval: a request takes time too. */
#define STALE_GRACE_MS 1000
#define CONNECTING_LOOK_MS 250

void chrome_init(struct chrome *c)
{
	memset(c, 0, sizeof *c);
	c->state = CONN_CONNECTING;
}

void chrome_invalidate(struct chrome *c)
{
	free(c->header_drawn);
	free(c->status_drawn);
	free(c->hints_drawn);
	c->header_drawn = c->status_drawn = c->hints_drawn = NULL;
}

void chrome_fini(struct chrome *c)
{
	free(c->state_text);
	free(c->msg);
	free(c->header_drawn);
	free(c->status_drawn);
	free(c->connecting_note);
	free(c->hints_drawn);
	free(c->retry_why);
	memset(c, 0, sizeof *c);
}

static void set_state(struct chrome *c, enum conn_state st, char *text /* taken */)
{
	/* Recovery is announced: the state line alone changes quietly. */
	if (st == CONN_OK && (c->state == CONN_FAILING || c->state == CONN_UNAUTHORIZED ||
			      c->state == CONN_FORBIDDEN)) {
		free(c->msg);
		c->msg = xstrdup("reconnected");
		c->msg_level = MSG_OK;
		c->msg_until = now_ms() + MSG_INFO_MS;
	}
	c->retry_at_ms = 0; /* the countdown's callers set it again */
	c->state = st;
	free(c->state_text);
	c->state_text = text;
}

static const char *ordinal_suffix(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	default: return "th";
	}
}

/* The connection is "connected" again only when no watch is still
 * failing: one poll that succeeds while another keeps getting 500s must
 * not hide the failure (the job view polls three things at once). */
static char *retry_text(const struct chrome *c, long long now)
{
	long long left = c->retry_at_ms > now ? c->retry_at_ms - now : 0;
	long long s = (left + 999) / 1000;
	int next = c->retry_attempt + 1;
	return s > 0 ? xasprintf("retrying in %lld s (%d%s attempt): %s", s, next, ordinal_suffix(next), c->retry_why)
		     : xasprintf("retrying now (%d%s attempt): %s", next, ordinal_suffix(next), c->retry_why);
}

static void watch_ok(struct chrome *c, int watch)
{
	if (watch >= 0 && watch < (int)(8 * sizeof c->failing_watches))
		c->failing_watches &= ~(1u << watch);
	if (!c->failing_watches && c->state != CONN_OK)
		set_state(c, CONN_OK, NULL);
}

static void watch_failed(struct chrome *c, int watch)
{
	if (watch >= 0 && watch < (int)(8 * sizeof c->failing_watches))
		c->failing_watches |= 1u << watch;
}

void chrome_forget_watch(struct chrome *c, int watch)
{
	if (watch >= 0 && watch < (int)(8 * sizeof c->failing_watches))
		c->failing_watches &= ~(1u << watch);
}

void chrome_result(struct chrome *c, const struct wresult *r, const char *team)
{
	if (r->type != WRESULT_DONE)
		return;
	if (r->ok) {
		c->last_ok_ms = r->done_ms ? r->done_ms : now_ms();
		watch_ok(c, r->watch);
		return;
	}
	long st = r->err.http_status;
	const char *why = r->err.message ? r->err.message : "no answer";
	char *safe = sanitize_str(why);
	if (st == 401) {
		watch_failed(c, r->watch);
		/* One text: the reason only when the server said more than
		 * the status does (an authorization webhook's message). */
		bool plain = str_starts_with(safe, "unauthorized");
		set_state(c, CONN_UNAUTHORIZED, xasprintf("unauthorized: the service refused the token%s%s%s",
							  plain ? "" : " (", plain ? "" : safe, plain ? "" : ")"));
	} else if (st == 403) {
		watch_failed(c, r->watch);
		bool plain = str_starts_with(safe, "not permitted");
		set_state(c, CONN_FORBIDDEN, xasprintf("not permitted for team %s%s%s%s", str_empty(team) ? "*" : team,
						       plain ? "" : " (", plain ? "" : safe, plain ? "" : ")"));
	} else if (st == 0 || st >= 500) {
		if (r->req->kind == WREQ_LOGS && st == 503) {
			/* The pod has not started: the service itself is fine. */
			watch_ok(c, r->watch);
		} else if (r->watch >= 0 && r->retry_in_ms > 0) {
			watch_failed(c, r->watch);
			long long at = (r->done_ms ? r->done_ms : now_ms()) + r->retry_in_ms;
			/* one countdown for every failing watch: the soonest retry */
			bool keep = c->state == CONN_FAILING && c->retry_at_ms && c->retry_at_ms < at &&
				    c->retry_at_ms > now_ms();
			if (!keep) {
				free(c->retry_why);
				c->retry_why = xstrdup(safe);
				c->retry_attempt = r->attempt;
				c->retry_at_ms = at;
			}
			long long at_kept = c->retry_at_ms;
			set_state(c, CONN_FAILING, retry_text(c, now_ms()));
			c->retry_at_ms = at_kept;
		} else {
			watch_failed(c, r->watch);
			set_state(c, CONN_FAILING, xasprintf("service error: %s", safe));
		}
	} else {
		/* Any other answer (404, 409, …) proves the service is there. */
		watch_ok(c, r->watch);
	}
	free(safe);
}

void chrome_message(struct chrome *c, enum msg_level lvl, const char *text, long long now)
{
	free(c->msg);
	c->msg = sanitize_str(text);
	c->msg_level = lvl;
	c->msg_until = now + (lvl >= MSG_WARN ? MSG_ERROR_MS : MSG_INFO_MS);
}

void chrome_set_connecting_note(struct chrome *c, char *note)
{
	free(c->connecting_note);
	c->connecting_note = note;
}

long long chrome_tick(struct chrome *c, long long now, long long oldest_ms, int interval_ms)
{
	/* While connecting, look again soon: the note follows a token
	 * exchange that nothing else announces. */
	long long next = c->state == CONN_CONNECTING ? now + CONNECTING_LOOK_MS : 0;
	if (c->msg && now >= c->msg_until) {
		free(c->msg);
		c->msg = NULL;
	}
	if (c->msg && (!next || c->msg_until < next))
		next = c->msg_until;
	if (c->state == CONN_FAILING && c->retry_at_ms) {
		long long at = c->retry_at_ms;
		set_state(c, CONN_FAILING, retry_text(c, now));
		c->retry_at_ms = at;
		/* the next whole second of the countdown */
		long long left = at - now;
		long long t = left > 0 ? now + (left % 1000 ? left % 1000 : 1000) : 0;
		if (t && (!next || t < next))
			next = t;
	}
	c->stale = false;
	if (c->last_ok_ms && c->state == CONN_OK) {
		long long t = chrome_age_next(c->last_ok_ms, now);
		if (!next || t < next)
			next = t;
	}
	if (oldest_ms > 0 && interval_ms > 0) {
		long long limit = oldest_ms + 2LL * interval_ms + STALE_GRACE_MS;
		if (now >= limit) {
			c->stale = true;
			/* The age text ticks: 5 s steps below a minute, then minutes. */
			long long t = chrome_age_next(c->last_ok_ms ? c->last_ok_ms : oldest_ms, now);
			if (!next || t < next)
				next = t;
		} else if (!next || limit < next) {
			next = limit;
		}
	}
	return next;
}

/* Whether s holds anything but printable ASCII, i.e. might need the
 * sanitiser: most chrome text is plain ASCII and skips it. */
static bool plain_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			return false;
	return true;
}

/* s as it will be drawn: itself when plain, else a sanitised copy in *tmp. */
static const char *drawable(const char *s, char **tmp)
{
	*tmp = NULL;
	if (plain_ascii(s))
		return s;
	*tmp = sanitize_str(s);
	return *tmp;
}

int chrome_width(const char *s)
{
	if (!s)
		return 0;
	char *tmp;
	const char *d = drawable(s, &tmp);
	int w = (int)sanitize_width(d, strlen(d));
	free(tmp);
	return w;
}

void chrome_put_at(WINDOW *win, int y, int x, int width, enum theme_element el, const char *s)
{
	if (width <= 0)
		return;
	wattrset(win, theme_attr(el));
	wmove(win, y, x);
	chrome_put(win, s, width);
}

int chrome_put(WINDOW *win, const char *s, int maxcols)
{
	if (!s || maxcols <= 0)
		return 0;
	char *tmp;
	const char *d = drawable(s, &tmp);
	size_t len = strlen(d), off = 0;
	int used = 0;
	while (off < len) {
		size_t nb;
		int w = sanitize_char_width(d + off, len - off, &nb);
		if (used + w > maxcols)
			break;
		waddnstr(win, d + off, (int)nb);
		used += w;
		off += nb;
	}
	free(tmp);
	return used;
}

/* At most maxcols columns of s (sanitised), cut with an ellipsis; owned. */
static char *fit(const char *s, int maxcols, bool uni)
{
	char *d = sanitize_str(s ? s : "");
	size_t len = strlen(d), off = 0;
	if ((int)sanitize_width(d, len) <= maxcols)
		return d;
	int used = 0, room = maxcols - 1;
	while (off < len) {
		size_t nb;
		int w = sanitize_char_width(d + off, len - off, &nb);
		if (used + w > room)
			break;
		used += w;
		off += nb;
	}
	char *r = xasprintf("%.*s%s", (int)off, d, uni ? "\u2026" : "~");
	free(d);
	return r;
}

/* A line being composed: pieces of text with attributes and a priority
 * (textfit_layout: 0 goes last; -1 for the INSECURE and READ-ONLY markers,
 * which never give way), and a signature (text + attributes + width) to
 * compare with what is on screen. Left pieces are drawn from the left
 * edge, right pieces flush right. A piece with min > 0 may be cut (with an
 * ellipsis) to that width; the others, which hold numbers, are shown whole
 * or not at all. */
struct piece {
	const char *text;
	int attr;
	int prio;
	int min;
	bool right;
	size_t split;  /* > 0: bytes from here on are drawn with attr2 */
	int attr2;
	int soft;      /* a cut to this width is fine before anything is dropped */
};

static void signature(struct strbuf *sig, const struct piece *p, size_t n, int cols)
{
	strbuf_printf(sig, "%d|", cols);
	for (size_t i = 0; i < n; i++)
		strbuf_printf(sig, "%x:%d:%s|", (unsigned)p[i].attr, p[i].right, p[i].text);
}

static void put_piece(WINDOW *win, const struct piece *p, int width, int full)
{
	wattrset(win, p->attr);
	if (width >= full && p->split) {
		char *head = xstrndup(p->text, p->split);
		int used = chrome_put(win, head, width);
		free(head);
		wattrset(win, p->attr2);
		chrome_put(win, p->text + p->split, width - used);
		return;
	}
	if (width >= full) {
		chrome_put(win, p->text, width);
		return;
	}
	/* Cut: keep the piece's own padding at the right end. */
	char *cut = fit(p->text, width > 1 ? width - 1 : width, theme_unicode());
	int used = chrome_put(win, cut, width);
	free(cut);
	while (used++ < width)
		waddch(win, ' ');
}

/* Draws the pieces on a line filled with fill, each given its columns by
 * textfit_layout(); one column stays free between the two sides. */
static void draw_line(WINDOW *win, int fill, const struct piece *p, size_t n)
{
	int cols = getmaxx(win);
	struct fit_item items[16] = {{0, 0, 0, 0}};
	int out[16] = {0}, full[16] = {0};
	if (n > 16)
		n = 16;
	bool two_sides = false;
	for (size_t i = 0; i < n; i++) {
		full[i] = chrome_width(p[i].text);
		items[i] = (struct fit_item){full[i], p[i].prio, p[i].min, p[i].soft};
		two_sides |= p[i].right;
	}
	textfit_layout(items, n, two_sides ? cols - 1 : cols, out);
	int rw = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].right)
			rw += out[i];
	wbkgdset(win, (chtype)fill | ' ');
	werase(win);
	wmove(win, 0, 0);
	for (size_t i = 0; i < n; i++)
		if (!p[i].right && out[i] > 0)
			put_piece(win, &p[i], out[i], full[i]);
	if (rw > 0) {
		wmove(win, 0, cols - rw);
		for (size_t i = 0; i < n; i++)
			if (p[i].right && out[i] > 0)
				put_piece(win, &p[i], out[i], full[i]);
	}
	wattrset(win, A_NORMAL);
}

/* Draws the line only when its text or attributes differ from what was
 * last drawn there (*drawn keeps that signature); true when it drew. */
static bool draw_if_changed(char **drawn, WINDOW *win, int fill, const struct piece *p, size_t n)
{
	struct strbuf sig = STRBUF_INIT;
	signature(&sig, p, n, getmaxx(win));
	if (*drawn && strcmp(*drawn, sig.buf) == 0) {
		strbuf_free(&sig);
		return false;
	}
	free(*drawn);
	*drawn = strbuf_steal(&sig);
	draw_line(win, fill, p, n);
	return true;
}

/* At narrow widths the markers never give way; then, in order of what
 * is kept longest: the view title, the context, the host and team (cut
 * to the host first), a WATCHED flag, the product name. Every piece
 * gives up what it can spare before any is dropped. */
bool chrome_draw_header(struct chrome *c, WINDOW *win, const struct chrome_header *h)
{
	int hdr = theme_attr(EL_HEADER);
	bool uni = theme_unicode();
	struct piece p[8];
	size_t n = 0;
	char *ctx = xasprintf(" %s ", h->context ? h->context : "-");
	char *where = xasprintf(" %s  team %s ", h->host ? h->host : "-", str_empty(h->team) || str_eq(h->team, "*") ? "*" : h->team);
	char *title = xasprintf(" %s %s ", uni ? "\u2502" : "|", h->title ? h->title : "");
	char *failing = NULL;
	p[n++] = (struct piece){" vdktop ", hdr | A_BOLD, 4, 0, false, 0, 0, 0};
	p[n++] = (struct piece){ctx, theme_attr(EL_HEADER_CONTEXT) | A_BOLD, 1, 8, false, 0, 0, 0};
	p[n++] = (struct piece){where, hdr, 2, 12, false, 0, 0, 16};
	/* A long title (a job's or an execution's name) is cut to 28 columns
	 * before anything else gives way. */
	p[n++] = (struct piece){title, theme_attr(EL_TITLE) | A_BOLD, 0, 16, false, 0, 0, 28};
	if (h->failing_count > 0) {
		const char *flag = uni ? "\u2691" : "!";
		if (h->failing_count == 1) {
			/* A long name gives way before the markers and the
			 * context do: half of what the markers leave, less the
			 * flag's own words; the layout may cut it further, to
			 * 16 columns of the name. */
			int room = (getmaxx(win) - (h->insecure ? 10 : 0) - (h->read_only ? 11 : 0)) / 2 - 20;
			char *name = fit(h->failing, room > 8 ? room : 8, uni);
			failing = xasprintf(" %s WATCHED FAILING: %s ", flag, name);
			free(name);
			p[n++] = (struct piece){failing, theme_attr(EL_STATUS_FAILED) | A_BOLD | A_REVERSE, 3, 38, true, 0, 0, 0};
		} else {
			failing = xasprintf(" %s %d WATCHED FAILING ", flag, h->failing_count);
			p[n++] = (struct piece){failing, theme_attr(EL_STATUS_FAILED) | A_BOLD | A_REVERSE, 3, 0, true, 0, 0, 0};
		}
	}
	if (h->insecure)
		p[n++] = (struct piece){" INSECURE ", theme_attr(EL_INSECURE) | A_BOLD, -1, 0, true, 0, 0, 0};
	if (h->read_only)
		p[n++] = (struct piece){" READ-ONLY ", theme_attr(EL_READ_ONLY) | A_BOLD, -1, 0, true, 0, 0, 0};
	bool draw = draw_if_changed(&c->header_drawn, win, hdr, p, n);
	free(ctx);
	free(where);
	free(title);
	free(failing);
	return draw;
}

/* The age of the data in the steps it is shown in. Below a minute the
 * steps are 5 s ("just now" below 5 s), so data refreshed more often
 * than that keeps the same words and an idle screen writes nothing;
 * then minutes, then hours and minutes. */
static void age_text(char *buf, size_t n, long long age_ms)
{
	long long s = age_ms < 0 ? 0 : age_ms / 1000;
	if (s < CHROME_AGE_STEP_S)
		snprintf(buf, n, "just now");
	else if (s < 60)
		snprintf(buf, n, "%lld s ago", s / CHROME_AGE_STEP_S * CHROME_AGE_STEP_S);
	else if (s < 3600)
		snprintf(buf, n, "%lld min ago", s / 60);
	else
		snprintf(buf, n, "%lld h %02lld min ago", s / 3600, s / 60 % 60);
}

long long chrome_age_next(long long base, long long now)
{
	long long age = now - base;
	if (age < 0)
		return base;
	long long step = age < 60000 ? CHROME_AGE_STEP_S * 1000LL : 60000;
	return base + (age / step + 1) * step;
}

/* Priorities at narrow widths: an error (connection or message) and the
 * data's age stay; the view's own parts (position first, then its
 * labels) and an informational message give way first. */
bool chrome_draw_status(struct chrome *c, WINDOW *win, long long now, const char *view_status)
{
	bool uni = theme_unicode();
	int base = theme_attr(EL_STATUS_LINE);
	struct piece p[16];
	size_t n = 0;
	char *state = NULL, *age = NULL, *msg = NULL, *parts = NULL;
	switch (c->state) {
	case CONN_CONNECTING:
		if (c->connecting_note) {
			state = xasprintf(" %s %s ", uni ? "connecting\u2026" : "connecting...", c->connecting_note);
			p[n++] = (struct piece){state, theme_attr(EL_INFO), 2, 0, false, 0, 0, 40};
			break;
		}
		p[n++] = (struct piece){uni ? " connecting\u2026 " : " connecting... ", theme_attr(EL_INFO), 2, 0, false, 0, 0, 0};
		break;
	case CONN_OK:
		p[n++] = (struct piece){uni ? " \u25cf connected " : " * connected ", theme_attr(EL_STATUS_OK), 3, 0, false, 0, 0, 0};
		break;
	default:
		state = xasprintf(" %s %s ", uni ? "\u2717" : "x", c->state_text ? c->state_text : "error");
		p[n++] = (struct piece){state, theme_attr(EL_ERROR) | A_BOLD, 0, 0, false, 0, 0, 40};
		break;
	}
	char a[48];
	if (c->last_ok_ms)
		age_text(a, sizeof a, now - c->last_ok_ms);
	if (c->stale) {
		age = c->last_ok_ms ? xasprintf(" STALE: updated %s ", a) : xstrdup(" STALE: no data yet ");
		p[n++] = (struct piece){age, theme_attr(EL_STALE) | A_BOLD, 0, 0, false, 0, 0, 0};
	} else if (c->last_ok_ms && c->state == CONN_OK) {
		age = xasprintf(" updated %s ", a);
		p[n++] = (struct piece){age, theme_attr(EL_INFO), 1, 0, false, 0, 0, 0};
	}
	if (c->msg) {
		static const enum theme_element lv[] = {EL_INFO, EL_STATUS_OK, EL_WARNING, EL_ERROR};
		msg = xasprintf(" %s ", c->msg);
		bool err = c->msg_level >= MSG_WARN;
		/* Cut to 40 columns at most, then whole: the view's labels
		 * give way before a message is cut further. */
		p[n++] = (struct piece){msg, theme_attr(lv[c->msg_level & 3]), err ? 0 : 2, 0, false, 0, 0, 40};
	}
	if (!str_empty(view_status)) {
		/* Tab-separated parts, most important first; the first (the
		 * position) is drawn at the right edge, where rulers are. */
		parts = xstrdup(view_status);
		char *save = NULL, *first = NULL;
		int rank = 0;
		for (char *t = strtok_r(parts, "\t", &save); t && n < 15; t = strtok_r(NULL, "\t", &save)) {
			if (!*t)
				continue;
			if (!first) {
				first = t;
				continue;
			}
			rank++;
			p[n++] = (struct piece){t, base, 3 + rank, 0, true, 0, 0, 0};
		}
		if (first)
			p[n++] = (struct piece){first, base, 1, 0, true, 0, 0, 0};
	}
	/* Pieces of the view's status need their spacing: give each a copy
	 * ending in two blanks (one at the very end). */
	char *padded[16] = {0};
	for (size_t i = 0; i < n; i++)
		if (p[i].right) {
			bool last = true;
			for (size_t j = i + 1; j < n; j++)
				last &= !p[j].right;
			padded[i] = xasprintf("%s%s", p[i].text, last ? " " : "  ");
			p[i].text = padded[i];
		}
	bool draw = draw_if_changed(&c->status_drawn, win, base, p, n);
	for (size_t i = 0; i < n; i++)
		free(padded[i]);
	free(parts);
	free(state);
	free(age);
	free(msg);
	return draw;
}

bool chrome_draw_hints(struct chrome *c, WINDOW *win, const struct strlist *hints)
{
	int base = theme_attr(EL_STATUS_LINE);
	struct piece p[24] = {{0}};
	char *text[24] = {0};
	size_t n = 0;
	/* Each hint is its key (bold) and its label, shown whole or not at
	 * all; help (the last) never gives way, the others in the order
	 * they came. */
	for (size_t i = 0; i < hints->n && n < 24; i++) {
		const char *h = hints->v[i];
		const char *sp = strchr(h, ' ');
		size_t kl = sp ? (size_t)(sp - h) : strlen(h);
		text[n] = xasprintf(" %s ", h);
		p[n] = (struct piece){text[n], theme_attr(EL_KEY_HINT) | A_BOLD, i + 1 == hints->n ? 0 : 1 + (int)i, 0, false,
				      1 + kl, base, 0};
		n++;
	}
	bool draw = draw_if_changed(&c->hints_drawn, win, base, p, n);
	for (size_t i = 0; i < n; i++)
		free(text[i]);
	return draw;
}
