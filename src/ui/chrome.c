#include "ui/chrome.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
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
	c->header_drawn = c->status_drawn = NULL;
}

void chrome_fini(struct chrome *c)
{
	free(c->state_text);
	free(c->msg);
	free(c->header_drawn);
	free(c->status_drawn);
	free(c->connecting_note);
	memset(c, 0, sizeof *c);
}

static void set_state(struct chrome *c, enum conn_state st, char *text /* taken */)
{
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
		set_state(c, CONN_UNAUTHORIZED, xasprintf("unauthorized: check your token (%s)", safe));
	} else if (st == 403) {
		watch_failed(c, r->watch);
		set_state(c, CONN_FORBIDDEN, xasprintf("not permitted for team %s (%s)",
			str_empty(team) ? "*" : team, safe));
	} else if (st == 0 || st >= 500) {
		if (r->req->kind == WREQ_LOGS && st == 503) {
			/* The pod has not started: the service itself is fine. */
			watch_ok(c, r->watch);
		} else if (r->watch >= 0 && r->retry_in_ms > 0) {
			watch_failed(c, r->watch);
			long long s = (r->retry_in_ms + 999) / 1000;
			int next = r->attempt + 1;
			set_state(c, CONN_FAILING, xasprintf("retrying in %lld s (%d%s attempt): %s",
				s, next, ordinal_suffix(next), safe));
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
	c->stale = false;
	if (oldest_ms > 0 && interval_ms > 0) {
		long long limit = oldest_ms + 2LL * interval_ms + STALE_GRACE_MS;
		if (now >= limit) {
			c->stale = true;
			/* The age text ticks: seconds below a minute, then minutes. */
			long long base = c->last_ok_ms ? c->last_ok_ms : oldest_ms;
			long long age = now - base;
			long long step = age < 60000 ? 1000 : 60000;
			long long t = base + (age / step + 1) * step;
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

/* A line being composed: pieces of text with attributes, and a signature
 * (text + attributes) to compare with what is on screen. A right-hand
 * piece that is kept (the INSECURE and READ-ONLY markers) is drawn
 * whatever else must give way; the others are dropped first when there is
 * no room. */
struct piece {
	const char *text;
	int attr;
	bool keep;
};

static void signature(struct strbuf *sig, const struct piece *p, size_t n, const struct piece *right, size_t nr, int cols)
{
	strbuf_printf(sig, "%d|", cols);
	for (size_t i = 0; i < n; i++)
		strbuf_printf(sig, "%x:%s|", (unsigned)p[i].attr, p[i].text);
	strbuf_puts(sig, "||");
	for (size_t i = 0; i < nr; i++)
		strbuf_printf(sig, "%x:%s|", (unsigned)right[i].attr, right[i].text);
}

/* Draws left pieces, then right pieces flush right, on a line filled with
 * fill. Kept right pieces always get their room; the others only when at
 * least 10 columns are left over; the left pieces take what remains. */
static void draw_line(WINDOW *win, int fill, const struct piece *left, size_t nl, const struct piece *right, size_t nr)
{
	int cols = getmaxx(win);
	int kw = 0, ow = 0;
	for (size_t i = 0; i < nr; i++)
		*(right[i].keep ? &kw : &ow) += chrome_width(right[i].text);
	bool others = ow > 0 && kw + ow + 10 < cols;
	int rw = kw + (others ? ow : 0);
	if (rw > cols)
		rw = cols;
	wbkgdset(win, (chtype)fill | ' ');
	werase(win);
	wmove(win, 0, 0);
	int x = 0;
	int room = rw > 0 ? cols - rw - 1 : cols;
	for (size_t i = 0; i < nl && x < room; i++) {
		wattrset(win, left[i].attr);
		x += chrome_put(win, left[i].text, room - x);
	}
	if (rw > 0) {
		wmove(win, 0, cols - rw);
		int rx = cols - rw;
		for (size_t i = 0; i < nr; i++) {
			if (!right[i].keep && !others)
				continue;
			wattrset(win, right[i].attr);
			rx += chrome_put(win, right[i].text, cols - rx);
		}
	}
	wattrset(win, A_NORMAL);
}

/* Draws the line only when its text or attributes differ from what was
 * last drawn there (*drawn keeps that signature); true when it drew. */
static bool draw_if_changed(char **drawn, WINDOW *win, int fill, const struct piece *left, size_t nl,
			    const struct piece *right, size_t nr)
{
	struct strbuf sig = STRBUF_INIT;
	signature(&sig, left, nl, right, nr, getmaxx(win));
	if (*drawn && strcmp(*drawn, sig.buf) == 0) {
		strbuf_free(&sig);
		return false;
	}
	free(*drawn);
	*drawn = strbuf_steal(&sig);
	draw_line(win, fill, left, nl, right, nr);
	return true;
}

bool chrome_draw_header(struct chrome *c, WINDOW *win, const struct chrome_header *h)
{
	int hdr = theme_attr(EL_HEADER);
	bool uni = theme_unicode();
	struct piece left[12], right[6];
	size_t nl = 0, nr = 0;
	char *ctx = xasprintf(" %s ", h->context ? h->context : "-");
	char *where = xasprintf(" %s  team %s ", h->host ? h->host : "-", str_empty(h->team) || str_eq(h->team, "*") ? "*" : h->team);
	char *title = xasprintf(" %s %s", uni ? "\u2502" : "|", h->title ? h->title : "");
	char *failing = NULL;
	left[nl++] = (struct piece){" vdktop ", hdr | A_BOLD, false};
	left[nl++] = (struct piece){ctx, theme_attr(EL_HEADER_CONTEXT) | A_BOLD, false};
	left[nl++] = (struct piece){where, hdr, false};
	left[nl++] = (struct piece){title, theme_attr(EL_TITLE) | A_BOLD, false};
	if (h->failing_count > 0) {
		if (h->failing_count == 1) {
			/* A long name gives way before the markers and the
			 * context do: half of what the markers leave, less the
			 * flag's own words. */
			int room = (getmaxx(win) - (h->insecure ? 10 : 0) - (h->read_only ? 11 : 0)) / 2 - 20;
			char *name = fit(h->failing, room > 8 ? room : 8, uni);
			failing = xasprintf(" %s WATCHED FAILING: %s ", uni ? "\u2691" : "!", name);
			free(name);
		} else
			failing = xasprintf(" %s %d WATCHED FAILING ", uni ? "\u2691" : "!", h->failing_count);
		right[nr++] = (struct piece){failing, theme_attr(EL_STATUS_FAILED) | A_BOLD | A_REVERSE, false};
	}
	if (h->insecure)
		right[nr++] = (struct piece){" INSECURE ", theme_attr(EL_INSECURE) | A_BOLD, true};
	if (h->read_only)
		right[nr++] = (struct piece){" READ-ONLY ", theme_attr(EL_READ_ONLY) | A_BOLD, true};
	bool draw = draw_if_changed(&c->header_drawn, win, hdr, left, nl, right, nr);
	free(ctx);
	free(where);
	free(title);
	free(failing);
	return draw;
}

static void age_text(char *buf, size_t n, long long age_ms)
{
	long long s = age_ms / 1000;
	if (s < 60)
		snprintf(buf, n, "%lld s", s);
	else if (s < 3600)
		snprintf(buf, n, "%lld min", s / 60);
	else
		snprintf(buf, n, "%lld h %02lld min", s / 3600, s / 60 % 60);
}

bool chrome_draw_status(struct chrome *c, WINDOW *win, long long now, const char *view_status)
{
	bool uni = theme_unicode();
	int base = theme_attr(EL_STATUS_LINE);
	struct piece left[6], right[2];
	size_t nl = 0, nr = 0;
	char *state = NULL, *age = NULL, *msg = NULL;
	switch (c->state) {
	case CONN_CONNECTING:
		if (c->connecting_note) {
			state = xasprintf(" %s %s ", uni ? "connecting\u2026" : "connecting...", c->connecting_note);
			left[nl++] = (struct piece){state, theme_attr(EL_INFO), false};
			break;
		}
		left[nl++] = (struct piece){" connecting\u2026 ", theme_attr(EL_INFO), false};
		if (!uni)
			left[nl - 1].text = " connecting... ";
		break;
	case CONN_OK:
		left[nl++] = (struct piece){uni ? " \u25cf connected " : " * connected ", theme_attr(EL_STATUS_OK), false};
		break;
	default:
		state = xasprintf(" %s %s ", uni ? "\u2717" : "x", c->state_text ? c->state_text : "error");
		left[nl++] = (struct piece){state, theme_attr(EL_ERROR) | A_BOLD, false};
		break;
	}
	if (c->stale) {
		char a[32];
		if (c->last_ok_ms)
			age_text(a, sizeof a, now - c->last_ok_ms);
		age = c->last_ok_ms ? xasprintf(" STALE: updated %s ago ", a) : xstrdup(" STALE: no data yet ");
		left[nl++] = (struct piece){age, theme_attr(EL_STALE) | A_BOLD, false};
	}
	if (c->msg) {
		static const enum theme_element lv[] = {EL_INFO, EL_STATUS_OK, EL_WARNING, EL_ERROR};
		msg = xasprintf(" %s ", c->msg);
		left[nl++] = (struct piece){msg, theme_attr(lv[c->msg_level & 3]), false};
	}
	if (!str_empty(view_status))
		right[nr++] = (struct piece){view_status, base, false};
	bool draw = draw_if_changed(&c->status_drawn, win, base, left, nl, right, nr);
	free(state);
	free(age);
	free(msg);
	return draw;
}
