/* A job's properties, or its secrets: the whole map the service keeps,
 * re-read on an interval while the view is on top. Changes go through
 * the write flows in action_props.c (the app hands them the EDIT, ADD and
 * DELETE_KEY actions after its read-only check). */
#include "ui/props_view.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "trace.h"
#include "ui/app.h"
#include "ui/chrome.h"
#include "ui/detail.h"
#include "ui/filterbar.h"
#include "ui/table.h"
#include "ui/theme.h"
#include "worker.h"

enum pcol { PC_KEY, PC_VALUE, PC_TYPE, PC_COUNT };

static const struct table_col pcols[PC_COUNT] = {
	[PC_KEY] = {"KEY", 8, 40, 1, CELL_LEFT, 0},
	[PC_VALUE] = {"VALUE", 10, 0, 3, CELL_LEFT, 0},
	[PC_TYPE] = {"TYPE", 7, 7, 0, CELL_LEFT, 1},
};

struct propv {
	struct view *v;
	char *team, *job;
	bool secret;
	bool from_other;      /* opened from the other one of the pair */
	struct propmap *map;  /* NULL until the first answer */
	char *error;          /* the last read failed: why */
	size_t *rows;         /* map indices that pass the filter */
	size_t nrows;
	struct table *table;
	struct lineedit filter;
	bool editing;
	char *revealed;       /* the one secret shown, by key; NULL: none */
	char *want_select;    /* select this key once it is there */
};

static const struct view_ops props_ops, props_edit_ops, secrets_ops, secrets_edit_ops;

static bool is_props_view(const struct view *v)
{
	return v && (v->ops == &props_ops || v->ops == &props_edit_ops || v->ops == &secrets_ops ||
		     v->ops == &secrets_edit_ops);
}

const char *props_mask(void)
{
	return theme_unicode() ? "\u2022\u2022\u2022\u2022\u2022\u2022" : "******";
}

static const struct prop *row_prop(const struct propv *p, size_t i)
{
	return p->map && i < p->nrows && p->rows[i] < p->map->n ? &p->map->v[p->rows[i]] : NULL;
}

static const char *row_key(void *ctx, size_t i)
{
	const struct prop *pr = row_prop(ctx, i);
	return pr ? pr->key : NULL;
}

static bool shown_plain(const struct propv *p, const struct prop *pr)
{
	return !p->secret || str_eq(p->revealed, pr->key);
}

static void row_format(void *ctx, size_t i, struct table_row *r)
{
	struct propv *p = ctx;
	const struct prop *pr = row_prop(p, i);
	if (!pr)
		return;
	r->cell[PC_KEY] = xstrdup(pr->key);
	if (shown_plain(p, pr)) {
		r->cell[PC_VALUE] = propmap_display(pr);
		r->cell[PC_TYPE] = xstrdup(propmap_type_name(pr->type));
		if (p->secret)
			r->el[PC_VALUE] = EL_WARNING;
	} else {
		/* neither the value nor its length nor its type */
		r->cell[PC_VALUE] = xstrdup(props_mask());
		r->cell[PC_TYPE] = xstrdup("-");
		r->el[PC_VALUE] = EL_DIM;
	}
	if (pr->type == JSONARG_NULL && shown_plain(p, pr))
		r->el[PC_VALUE] = EL_DIM;
}

static bool matches(const struct propv *p, const struct prop *pr)
{
	const char *f = p->filter.buf;
	if (str_empty(f) || str_contains_ci(pr->key, f))
		return true;
	/* A secret is found by its key only, so typing cannot probe values. */
	return !p->secret && str_contains_ci(pr->json, f);
}

static void rebuild(struct propv *p)
{
	size_t n = p->map ? p->map->n : 0;
	free(p->rows);
	p->rows = xcalloc(n ? n : 1, sizeof *p->rows);
	p->nrows = 0;
	int want = 0;
	for (size_t i = 0; i < n; i++) {
		if (!matches(p, &p->map->v[i]))
			continue;
		p->rows[p->nrows++] = i;
		int w = cell_width(p->map->v[i].key, true);
		if (w > want)
			want = w;
	}
	table_set_want(p->table, PC_KEY, want);
	table_set_rows(p->table, p->nrows);
	if (p->want_select && table_select_key(p->table, p->want_select)) {
		free(p->want_select);
		p->want_select = NULL;
	}
}

static void forget_reveal(struct propv *p)
{
	free(p->revealed);
	p->revealed = NULL;
}

/* ---- drawing ---- */

static bool prompt_shown(const struct propv *p)
{
	return p->editing || p->filter.len > 0;
}

/* The selected value in full, wrapped, on rows y.. (at most max). */
static void draw_detail(struct propv *p, WINDOW *w, int y, int max, int cols)
{
	long sel = table_selected(p->table);
	const struct prop *pr = sel >= 0 ? row_prop(p, (size_t)sel) : NULL;
	if (!pr)
		return;
	bool plain = shown_plain(p, pr);
	char *head = xasprintf("%s (%s)", pr->key, plain ? propmap_type_name(pr->type) : "secret");
	char *val = plain ? propmap_display(pr) : xstrdup(props_mask());
	detail_draw(w, y, max, cols, head, val, plain && p->secret ? EL_WARNING : EL_VALUE);
	free(val);
	free(head);
}

static void props_draw(struct view *v)
{
	struct propv *p = v->priv;
	WINDOW *w = v->win;
	if (!w)
		return;
	werase(w);
	int lines = v->lines, cols = v->cols;
	int bottom = lines - (prompt_shown(p) ? 1 : 0);
	char *title = xasprintf("%s of %s  team %s", p->secret ? "secrets" : "properties", p->job,
				p->team ? p->team : "-");
	chrome_put_at(w, 0, 0, cols, EL_TITLE, title);
	free(title);
	const char *hint = p->secret ? "Enter set \u00b7 a add \u00b7 D delete \u00b7 R reveal \u00b7 p properties"
				     : "Enter edit \u00b7 a add \u00b7 D delete \u00b7 v secrets";
	int hw = chrome_width(hint);
	if (cols > hw + chrome_width(p->job) + 30)
		chrome_put_at(w, 0, cols - hw, hw, EL_DIM, hint);
	int detail = bottom >= 14 ? DETAIL_MAX + 2 : bottom >= 9 ? 3 : 0;
	int table_y = 1;
	int table_h = bottom - table_y - detail;
	if (table_h < 2)
		table_h = 2;
	table_force_redraw(p->table);
	table_set_unicode(p->table, theme_unicode());
	table_resize(p->table, table_h, cols);
	table_draw(p->table, w, table_y, 0);
	if (trace_enabled() && p->map)
		trace_drawn(p->secret ? "secrets" : "properties", (long long)table_rows(p->table));
	if (table_rows(p->table) == 0 && table_h > 2) {
		const char *msg = p->error && !p->map ? p->error
			: !p->map ? "loading\u2026"
			: p->map->n == 0 ? (p->secret ? "no secrets (a adds one)" : "no properties (a adds one)")
			: "nothing matches the filter (Esc clears it)";
		chrome_put_at(w, table_y + 2, 1, cols - 2, p->error && !p->map ? EL_ERROR : EL_DIM, msg);
	}
	if (detail)
		draw_detail(p, w, table_y + table_h + 1, detail - 1, cols);
	wattrset(w, theme_attr(EL_NORMAL));
	if (prompt_shown(p))
		filterbar_draw(w, lines - 1, cols, &p->filter, p->editing, theme_unicode());
}

/* ---- events ---- */

static struct wreq *read_req(const struct propv *p)
{
	return wreq_new(p->secret ? WREQ_SECRETS : WREQ_PROPERTIES, p->team, p->job, NULL);
}

static int props_on_result(struct view *v, struct wresult *r)
{
	struct propv *p = v->priv;
	if (r->type != WRESULT_DONE || r->watch != WATCH_PROPS || !r->req ||
	    r->req->kind != (p->secret ? WREQ_SECRETS : WREQ_PROPERTIES) || !str_eq(r->req->job, p->job) ||
	    !str_eq(r->req->team, p->team))
		return R_NONE;
	free(p->error);
	p->error = NULL;
	if (!r->ok) {
		p->error = xstrdup(r->err.message ? r->err.message : "request failed");
		/* No vault: asking again changes nothing until the view is
		 * shown again. */
		if (r->err.http_status == 501)
			app_unwatch(v->app, WATCH_PROPS);
		app_message(v->app, MSG_ERROR, "%s of %s: %s", p->secret ? "secrets" : "properties", p->job, p->error);
		return R_REDRAW | R_LAYOUT;
	}
	propmap_free(p->map);
	p->map = r->u.map;
	r->u.map = NULL;
	rebuild(p);
	return R_REDRAW | R_LAYOUT;
}

static void stop_editing(void *ctx)
{
	struct view *v = ctx;
	struct propv *p = v->priv;
	p->editing = false;
	v->ops = p->secret ? &secrets_ops : &props_ops;
}

static int props_on_action(struct view *v, enum action act, const char *arg)
{
	struct propv *p = v->priv;
	bool changed;
	if (table_navigate(p->table, act, &changed))
		return changed ? R_REDRAW : R_NONE;
	switch (act) {
	case ACT_FILTER:
		p->editing = true;
		v->ops = p->secret ? &secrets_edit_ops : &props_edit_ops;
		return R_REDRAW | R_LAYOUT;
	case ACT_REVEAL: {
		const char *key = props_view_selected(v);
		if (!p->secret || !key)
			return R_NONE;
		if (str_eq(p->revealed, key)) {
			forget_reveal(p);
			app_message(v->app, MSG_INFO, "%s hidden again", key);
		} else {
			free(p->revealed);
			p->revealed = xstrdup(key);
			app_message(v->app, MSG_WARN, "showing %s until you leave this view (R hides it)", key);
		}
		table_invalidate_all(p->table);
		return R_REDRAW;
	}
	case ACT_SECRETS:
	case ACT_PROPS: {
		bool want_secret = act == ACT_SECRETS;
		if (want_secret == p->secret)
			return R_NONE;
		if (p->from_other)
			return R_CLOSE;
		struct view *o = props_view_new(v->app, p->team, p->job, want_secret);
		((struct propv *)o->priv)->from_other = true;
		app_push(v->app, o);
		return R_NONE;
	}
	case ACT_BACK:
		if (p->filter.len) {
			lineedit_set(&p->filter, NULL);
			rebuild(p);
			return R_REDRAW | R_LAYOUT;
		}
		return R_UNHANDLED;
	default:
		return R_UNHANDLED;
	}
}

static int filter_edited(void *ctx)
{
	struct view *v = ctx;
	struct propv *p = v->priv;
	rebuild(p);
	return R_REDRAW | R_LAYOUT;
}

static const struct filterbar_ops filter_ops = {filter_edited, stop_editing};

static int props_on_key(struct view *v, int key, bool is_char)
{
	struct propv *p = v->priv;
	if (!p->editing)
		return R_UNHANDLED;
	return filterbar_key(&p->filter, key, is_char, &filter_ops, v);
}

static void props_on_show(struct view *v)
{
	struct propv *p = v->priv;
	/* Read at once (after a write too), then on the normal interval. */
	app_watch(v->app, v, WATCH_PROPS, read_req(p), app_refresh_ms(v->app, false));
}

static void props_on_hide(struct view *v)
{
	struct propv *p = v->priv;
	app_unwatch(v->app, WATCH_PROPS);
	/* Leaving the view (for a form, another view) hides a revealed
	 * secret again. */
	if (p->revealed) {
		forget_reveal(p);
		table_invalidate_all(p->table);
	}
}

static void props_title(struct view *v, struct strbuf *out)
{
	struct propv *p = v->priv;
	strbuf_printf(out, "%s %s", p->secret ? "secrets" : "properties", p->job);
	if (p->map) {
		if (p->filter.len)
			strbuf_printf(out, " (%zu/%zu)", p->nrows, p->map->n);
		else
			strbuf_printf(out, " (%zu)", p->map->n);
	}
}

static void props_status(struct view *v, struct strbuf *out)
{
	struct propv *p = v->priv;
	/* Tab-separated parts, most important first (chrome_draw_status). */
	table_position(p->table, out);
	if (p->error && p->map)
		strbuf_printf(out, "\tlast read failed: %s", p->error);
	if (p->filter.len && !p->editing)
		strbuf_printf(out, "\t/%s", p->filter.buf);
}

static int props_on_mouse(struct view *v, int y, int x, int wheel)
{
	struct propv *p = v->priv;
	return table_mouse(p->table, y - 1, wheel) ? R_REDRAW : R_NONE;
}

static void props_fini(struct view *v)
{
	struct propv *p = v->priv;
	propmap_free(p->map);
	free(p->rows);
	table_free(p->table);
	lineedit_free(&p->filter);
	free(p->team);
	free(p->job);
	free(p->error);
	free(p->revealed);
	free(p->want_select);
	free(p);
}

static bool props_target(struct view *v, struct view_target *t)
{
	const struct propv *p = v->priv;
	t->team = p->team;
	t->job = p->job;
	t->edits_props = true;
	return true;
}

#define PROPS_OPS_FIELDS                \
	.fini = props_fini,             \
	.on_show = props_on_show,       \
	.on_hide = props_on_hide,       \
	.draw = props_draw,             \
	.on_action = props_on_action,   \
	.on_key = props_on_key,         \
	.on_result = props_on_result,   \
	.title = props_title,           \
	.status = props_status,         \
	.on_mouse = props_on_mouse,     \
	.target = props_target

/* The secrets view differs only in its mask (its keys and help). */
static const struct view_ops props_ops = {PROPS_OPS_FIELDS, .name = "properties", .mask = VM_PROPS};
static const struct view_ops props_edit_ops = {PROPS_OPS_FIELDS, .name = "properties", .mask = VM_PROPS,
					       .flags = VF_TEXTINPUT};
static const struct view_ops secrets_ops = {PROPS_OPS_FIELDS, .name = "secrets", .mask = VM_SECRETS};
static const struct view_ops secrets_edit_ops = {PROPS_OPS_FIELDS, .name = "secrets", .mask = VM_SECRETS,
						 .flags = VF_TEXTINPUT};

struct view *props_view_new(struct app *a, const char *team, const char *job, bool secret)
{
	struct propv *p = xcalloc(1, sizeof *p);
	lineedit_init(&p->filter, 0);
	p->team = xstrdup(team);
	p->job = xstrdup(job ? job : "");
	p->secret = secret;
	struct table_source src = {p, row_format, row_key};
	p->table = table_new(pcols, PC_COUNT, &src);
	table_set_rows(p->table, 0);
	struct view *v = view_new(a, secret ? &secrets_ops : &props_ops, p);
	p->v = v;
	return v;
}


bool props_view_secret(const struct view *v)
{
	return is_props_view(v) && ((const struct propv *)v->priv)->secret;
}

const char *props_view_team(const struct view *v)
{
	return is_props_view(v) ? ((const struct propv *)v->priv)->team : NULL;
}

const char *props_view_job(const struct view *v)
{
	return is_props_view(v) ? ((const struct propv *)v->priv)->job : NULL;
}

const struct propmap *props_view_map(const struct view *v)
{
	return is_props_view(v) ? ((const struct propv *)v->priv)->map : NULL;
}

const char *props_view_selected(const struct view *v)
{
	if (!is_props_view(v))
		return NULL;
	const struct propv *p = v->priv;
	long sel = table_selected(p->table);
	const struct prop *pr = sel >= 0 ? row_prop(p, (size_t)sel) : NULL;
	return pr ? pr->key : NULL;
}

void props_view_after_write(struct view *v, const char *key)
{
	if (!is_props_view(v))
		return;
	struct propv *p = v->priv;
	free(p->want_select);
	p->want_select = xstrdup(key);
}
