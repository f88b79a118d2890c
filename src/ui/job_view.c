/* One job: its configuration, its deployment, a chart of its last runs
 * and the table of its executions, polled while the view is open. */
#include <stdlib.h>
#include <string.h>

#include "cron.h"
#include "timefmt.h"
#include "ui/app.h"
#include "ui/chart.h"
#include "ui/detail.h"
#include "ui/job_view.h"
#include "ui/jobs_view.h"
#include "ui/logs_view.h"
#include "ui/props_view.h"
#include "ui/rowfmt.h"
#include "ui/filterbar.h"
#include "ui/table.h"
#include "ui/theme.h"

#define EXEC_PAGE 50
#define CHART_RUNS 30
#define LABEL_W 10

enum ecol { EC_ID, EC_STATUS, EC_TYPE, EC_BY, EC_START, EC_DURATION, EC_MESSAGE, EC_COUNT };

static const struct table_col ecols[EC_COUNT] = {
	[EC_ID] = {"EXECUTION", 12, 44, 1, CELL_LEFT, 0},
	[EC_STATUS] = {"STATUS", 11, 16, 0, CELL_LEFT, 0},
	[EC_TYPE] = {"TYPE", 6, 9, 0, CELL_LEFT, 4},
	[EC_BY] = {"STARTED BY", 8, 24, 1, CELL_LEFT, 5},
	[EC_START] = {"START", 8, 16, 0, CELL_LEFT, 2},
	[EC_DURATION] = {"DURATION", 8, 9, 0, CELL_RIGHT, 1},
	[EC_MESSAGE] = {"MESSAGE", 10, 0, 3, CELL_LEFT, 3},
};

struct jobv {
	struct view *v;
	char *team, *job;
	struct job *info;            /* WREQ_JOB answer; NULL until loaded */
	bool info_loaded, missing;
	struct deployment *dep;      /* REST deployment; NULL: not deployed */
	bool dep_loaded;
	struct execution_list *ex;   /* newest first */
	char *error;                 /* why nothing could be loaded yet */
	const struct execution **rows;
	size_t nrows;
	struct table *table;
	struct lineedit filter;
	bool editing;
	unsigned status_mask;        /* 1 << exec_status; 0: every status */
	bool active;
	bool full;
	int table_y;
};

static const struct view_ops job_ops, job_edit_ops;

static const struct execution *row_exec(const struct jobv *p, size_t i)
{
	return i < p->nrows ? p->rows[i] : NULL;
}

static const char *row_key(void *ctx, size_t i)
{
	const struct execution *e = row_exec(ctx, i);
	return e ? e->id : NULL;
}

static void row_format(void *ctx, size_t i, struct table_row *r)
{
	struct jobv *p = ctx;
	const struct execution *e = row_exec(p, i);
	if (!e)
		return;
	struct app *a = p->v->app;
	time_t now = app_now(a);
	char buf[96];
	r->cell[EC_ID] = xstrdup(e->id);
	r->cell[EC_STATUS] = xstrdup(rowfmt_status(e->status, true, theme_unicode(), buf, sizeof buf));
	r->el[EC_STATUS] = rowfmt_status_el(e->status);
	r->cell[EC_TYPE] = xstrdup(exec_type_name(e->type));
	r->cell[EC_BY] = xstrdup(e->started_by ? e->started_by : "-");
	r->cell[EC_START] = xstrdup(rowfmt_when(e->start_time, now, app_utc(a), buf, sizeof buf));
	r->cell[EC_DURATION] = xstrdup(rowfmt_duration(execution_duration(e, now), buf, sizeof buf));
	r->cell[EC_MESSAGE] = xstrdup(e->message ? e->message : "");
	if (exec_status_is_failure(e->status))
		r->el[EC_MESSAGE] = EL_STATUS_FAILED;
}

static bool exec_matches(const struct jobv *p, const struct execution *e)
{
	if (p->status_mask && !(p->status_mask & (1u << e->status)))
		return false;
	const char *f = p->filter.buf;
	if (str_empty(f))
		return true;
	return str_contains_ci(e->id, f) || rowfmt_status_matches(e->status, f) ||
	       str_contains_ci(exec_type_name(e->type), f) || str_contains_ci(e->started_by, f) ||
	       str_contains_ci(e->message, f);
}

static void set_intervals(struct jobv *p)
{
	int ms = app_refresh_ms(p->v->app, p->active);
	app_set_interval(p->v->app, WATCH_JOB, ms);
	app_set_interval(p->v->app, WATCH_EXECUTIONS, ms);
	app_set_interval(p->v->app, WATCH_DEPLOYMENT, ms);
}

static void rebuild(struct jobv *p)
{
	size_t n = p->ex ? p->ex->n : 0;
	free(p->rows);
	p->rows = xcalloc(n ? n : 1, sizeof(*p->rows));
	p->nrows = 0;
	bool active = false, old_year = false;
	int want_id = 0, want_by = 0;
	time_t now = app_now(p->v->app);
	for (size_t i = 0; i < n; i++) {
		const struct execution *e = &p->ex->v[i];
		active = active || exec_status_is_active(e->status);
		if (!exec_matches(p, e))
			continue;
		p->rows[p->nrows++] = e;
		int w = cell_width(e->id, true);
		if (w > want_id)
			want_id = w;
		w = cell_width(e->started_by, true);
		if (w > want_by)
			want_by = w;
		old_year = old_year || (e->start_time > 0 && now - e->start_time > 300 * 86400);
	}
	table_set_want(p->table, EC_ID, want_id);
	table_set_want(p->table, EC_BY, want_by);
	/* "11-27 01:30" unless a start is from another year */
	table_set_want(p->table, EC_START, old_year ? 16 : 11);
	table_set_rows(p->table, p->nrows);
	if (active != p->active) {
		p->active = active;
		set_intervals(p);
	}
	p->full = true;
}

static struct wreq *req(const struct jobv *p, enum wreq_kind k)
{
	struct wreq *r = wreq_new(k, p->team, p->job, NULL);
	if (k == WREQ_EXECUTIONS)
		r->page_size = EXEC_PAGE;
	return r;
}

static void watch_all(struct jobv *p)
{
	struct app *a = p->v->app;
	int ms = app_refresh_ms(a, p->active);
	app_watch(a, p->v, WATCH_JOB, req(p, WREQ_JOB), ms);
	app_watch(a, p->v, WATCH_EXECUTIONS, req(p, WREQ_EXECUTIONS), ms);
	app_watch(a, p->v, WATCH_DEPLOYMENT, req(p, WREQ_DEPLOYMENT), ms);
}

/* ---- drawing ---- */

static void put_fit(WINDOW *w, int y, int x, int width, enum theme_element el, const char *s)
{
	if (width <= 0)
		return;
	struct strbuf sb = STRBUF_INIT;
	cell_fit(s, width, CELL_LEFT, theme_unicode(), &sb);
	wattrset(w, theme_attr(el));
	mvwaddstr(w, y, x, sb.buf ? sb.buf : "");
	strbuf_free(&sb);
}

static void label_line(WINDOW *w, int y, int width, const char *label, enum theme_element el, const char *value)
{
	put_fit(w, y, 0, LABEL_W, EL_LABEL, label);
	put_fit(w, y, LABEL_W, width - LABEL_W, el, value);
}

/* The notification lists from..to (of the four) in one line. */
static char *contacts_text(const struct contacts *c, size_t from, size_t to)
{
	struct {
		const char *name;
		const struct strlist *l;
	} parts[] = {
		{"user error", &c->on_user_error},
		{"platform error", &c->on_platform_error},
		{"success", &c->on_success},
		{"deploy", &c->on_deploy},
	};
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = from; i < to && i < ARRAY_SIZE(parts); i++) {
		char *joined = strlist_join(parts[i].l, ", ");
		strbuf_printf(&sb, "%s%s: %s", i > from ? " \u00b7 " : "", parts[i].name, *joined ? joined : "-");
		free(joined);
	}
	return strbuf_steal(&sb);
}

static char *schedule_text(const struct jobv *p)
{
	const struct job *j = p->info;
	if (!j || str_empty(j->schedule_cron))
		return xstrdup("none (runs only when started)");
	struct app *a = p->v->app;
	bool uni = theme_unicode();
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, j->schedule_cron);
	const struct deployment *d = p->dep_loaded ? p->dep : j->deployment;
	switch (rowfmt_schedule_state(j->schedule_cron, d)) {
	case SCHED_INVALID: {
		char *why = NULL;
		struct cron bad;
		cron_parse(j->schedule_cron, &bad, &why);
		strbuf_printf(&sb, "  (invalid: %s)", why ? why : "not a cron expression");
		free(why);
		return strbuf_steal(&sb);
	}
	case SCHED_UNDEPLOYED:
		strbuf_puts(&sb, "  (not deployed: no runs)");
		return strbuf_steal(&sb);
	case SCHED_DISABLED:
		strbuf_puts(&sb, "  (disabled: no runs)");
		return strbuf_steal(&sb);
	default:
		break;
	}
	struct cron c;
	time_t next[3];
	int n = 0;
	if (cron_parse(j->schedule_cron, &c, NULL) == 0)
		n = cron_next_n(&c, app_now(a), next, 3);
	if (n == 0)
		strbuf_puts(&sb, "  (never runs)");
	for (int i = 0; i < n; i++) {
		char buf[64];
		strbuf_printf(&sb, "  %s", rowfmt_next_run(next[i], app_now(a), app_utc(a), uni, buf, sizeof buf));
	}
	return strbuf_steal(&sb);
}

/* The deployment in one or two lines; returns the lines used. */
static int draw_deployment(struct jobv *p, WINDOW *w, int y, int width, int max_lines)
{
	const struct deployment *d = p->dep_loaded ? p->dep : (p->info ? p->info->deployment : NULL);
	if (!p->dep_loaded && !p->info_loaded) {
		label_line(w, y, width, "deployed", EL_DIM, "loading\u2026");
		return 1;
	}
	if (!d) {
		label_line(w, y, width, "deployed", EL_NOT_DEPLOYED, "not deployed");
		return 1;
	}
	struct app *a = p->v->app;
	char when[64], ago[32];
	struct strbuf l1 = STRBUF_INIT, l2 = STRBUF_INIT;
	const char *dot = theme_unicode() ? " \u00b7 " : " | ";
	/* a full 40-digit sha does not fit beside the rest on 80 columns */
	int vlen = width >= 110 || !d->job_version ? 64 : 12;
	strbuf_printf(&l1, "version %.*s%s%s%spython %s%svdk %s", vlen, d->job_version ? d->job_version : "-", dot,
		      rowfmt_state(d), dot, d->python_version ? d->python_version : "-", dot,
		      d->vdk_version ? d->vdk_version : "-");
	strbuf_printf(&l2, "by %s %s (%s)", d->deployed_by ? d->deployed_by : "-",
		      rowfmt_ago(d->deployed_at, app_now(a), ago, sizeof ago),
		      timefmt_clock(d->deployed_at, app_utc(a), when, sizeof when));
	if (d->mode)
		strbuf_printf(&l2, "%smode %s", dot, d->mode);
	if (d->resources.present)
		strbuf_printf(&l2, "%scpu %g-%g%smem %lld-%lld MB", dot, d->resources.cpu_request, d->resources.cpu_limit,
			      dot, d->resources.memory_request, d->resources.memory_limit);
	int used = 1;
	if (max_lines >= 2 && cell_width(l1.buf, true) + cell_width(l2.buf, true) + 3 > width - LABEL_W) {
		label_line(w, y, width, "deployed", rowfmt_state_el(d), l1.buf);
		label_line(w, y + 1, width, "", EL_VALUE, l2.buf);
		used = 2;
	} else {
		strbuf_printf(&l1, "%s%s", dot, l2.buf);
		label_line(w, y, width, "deployed", rowfmt_state_el(d), l1.buf);
	}
	strbuf_free(&l1);
	strbuf_free(&l2);
	return used;
}

/* What runs now and the newest finished run, from the executions list
 * (root query, newest first): never from the job summary, which a PUT
 * clears and which never says "running" (api-notes §4.7). */
static char *runs_text(const struct jobv *p, enum theme_element *el)
{
	struct app *a = p->v->app;
	bool uni = theme_unicode();
	const char *dot = uni ? " \u00b7 " : " | ";
	const struct execution *run = NULL, *done = NULL;
	for (size_t i = 0; p->ex && i < p->ex->n && (!run || !done); i++) {
		const struct execution *e = &p->ex->v[i];
		if (exec_status_is_active(e->status)) {
			if (!run)
				run = e;
		} else if (!done) {
			done = e;
		}
	}
	struct strbuf sb = STRBUF_INIT;
	char st[64], d[32];
	time_t now = app_now(a);
	*el = EL_VALUE;
	if (run) {
		strbuf_printf(&sb, "%s for %s (%s)", rowfmt_status(run->status, true, uni, st, sizeof st),
			      rowfmt_duration(execution_duration(run, now), d, sizeof d),
			      run->id ? run->id : "-");
		*el = rowfmt_status_el(run->status);
	} else {
		strbuf_puts(&sb, "no run in flight");
	}
	if (done)
		strbuf_printf(&sb, "%slast finished %s %s", dot, rowfmt_status(done->status, true, uni, st, sizeof st),
			      rowfmt_ago(done->start_time, now, d, sizeof d));
	else if (p->ex)
		strbuf_printf(&sb, "%snever finished a run", dot);
	return strbuf_steal(&sb);
}

/* The header block; returns its height. */
static int draw_header(struct jobv *p, WINDOW *w, int width, int max_lines)
{
	struct app *a = p->v->app;
	const struct job *j = p->info;
	int y = 0;
	char *title = xasprintf("%s  team %s%s", p->job, p->team ? p->team : "-",
				app_is_watched(a, p->job) ? (theme_unicode() ? "  \u2691 watched" : "  ! watched") : "");
	put_fit(w, y++, 0, width, EL_TITLE, title);
	free(title);
	if (p->missing) {
		put_fit(w, y++, 0, width, EL_ERROR, "this job does not exist (any more) in this team");
		return y;
	}
	if (!p->info_loaded) {
		put_fit(w, y++, 0, width, p->error ? EL_ERROR : EL_DIM,
			p->error ? p->error : "loading\u2026");
		return y;
	}
	bool desc = !str_empty(j->description);
	label_line(w, y++, width, "about", desc ? EL_VALUE : EL_DIM, desc ? j->description : "(no description)");
	char *s = schedule_text(p);
	label_line(w, y++, width, "schedule", EL_VALUE, s);
	free(s);
	if (max_lines >= 12) {
		s = contacts_text(&j->contacts, 0, 2);
		label_line(w, y++, width, "notify", EL_VALUE, s);
		free(s);
		s = contacts_text(&j->contacts, 2, 4);
		label_line(w, y++, width, "", EL_VALUE, s);
	} else {
		s = contacts_text(&j->contacts, 0, 4);
		label_line(w, y++, width, "notify", EL_VALUE, s);
	}
	free(s);
	if (j->source_url && y < max_lines - 1)
		label_line(w, y++, width, "source", EL_VALUE, j->source_url);
	y += draw_deployment(p, w, y, width, max_lines - y);
	if (y < max_lines - 1) {
		enum theme_element el;
		s = runs_text(p, &el);
		label_line(w, y++, width, "runs", el, s);
		free(s);
	}
	return y;
}

static void draw_chart(struct jobv *p, WINDOW *w, int y, int x, int height, int width)
{
	if (height < 2 || width < 8 || !p->ex || p->ex->n == 0)
		return;
	size_t n = p->ex->n < CHART_RUNS ? p->ex->n : CHART_RUNS;
	struct chart_bar bars[CHART_RUNS];
	time_t now = app_now(p->v->app);
	long long max = 0;
	for (size_t i = 0; i < n; i++) { /* oldest first */
		const struct execution *e = &p->ex->v[n - 1 - i];
		bars[i].seconds = execution_duration(e, now);
		bars[i].status = e->status;
		if (bars[i].seconds > max)
			max = bars[i].seconds;
	}
	char buf[32], *cap = xasprintf("last %zu runs, longest %s", n, rowfmt_duration(max, buf, sizeof buf));
	put_fit(w, y, x, width, EL_DIM, cap);
	free(cap);
	bool uni = theme_unicode() && !theme_is_monochrome();
	chart_draw(w, y + 1, x, height - 1, width, bars, n, uni);
}

static bool prompt_shown(const struct jobv *p)
{
	return p->editing || p->filter.len > 0;
}

static void job_draw(struct view *v)
{
	struct jobv *p = v->priv;
	WINDOW *w = v->win;
	if (!w)
		return;
	int lines = v->lines, cols = v->cols;
	int bottom = lines - (prompt_shown(p) ? 1 : 0);
	if (p->full) {
		werase(w);
		/* beside the header only when the text keeps 88 columns */
		bool wide = cols >= 140;
		int chart_w = wide ? (cols - 88 < 62 ? cols - 88 : 62) : cols;
		int text_w = wide ? cols - chart_w - 2 : cols;
		int hdr = draw_header(p, w, text_w, bottom / 2);
		int y = hdr;
		if (wide) {
			draw_chart(p, w, 0, text_w + 2, hdr > 4 ? hdr : 4, chart_w);
			if (y < 4)
				y = 4;
		} else if (bottom >= 20 && p->ex && p->ex->n) {
			int ch = bottom >= 32 ? 6 : 4;
			draw_chart(p, w, y, 0, ch, cols);
			y += ch;
		}
		p->table_y = y + (bottom - y > 8 ? 1 : 0);
		table_force_redraw(p->table);
	}
	/* the selected run's whole message under the table, when it fits */
	int detail = bottom - p->table_y >= 16 ? 4 : 0;
	int table_h = bottom - p->table_y - detail;
	table_set_unicode(p->table, theme_unicode());
	table_resize(p->table, table_h, cols);
	table_draw(p->table, w, p->table_y, 0);
	if (detail) {
		for (int y = p->table_y + table_h; y < bottom; y++) {
			wmove(w, y, 0);
			wclrtoeol(w);
		}
		long sel = table_selected(p->table);
		const struct execution *e = sel >= 0 ? row_exec(p, (size_t)sel) : NULL;
		if (e) {
			char *label = xasprintf("message of %s", e->id ? e->id : "-");
			detail_draw(w, p->table_y + table_h, detail, cols, label,
				    str_empty(e->message) ? "(no message)" : e->message,
				    exec_status_is_failure(e->status) ? EL_STATUS_FAILED : EL_VALUE);
			free(label);
		}
	}
	if (p->full) {
		if (table_rows(p->table) == 0 && bottom - p->table_y > 2) {
			const char *msg = !p->ex ? "loading executions\u2026"
				: p->ex->n == 0 ? "no executions kept for this job"
				: "no executions match the filter (Esc clears it)";
			put_fit(w, p->table_y + 2, 1, cols - 2, EL_DIM, msg);
		}
	}
	wattrset(w, theme_attr(EL_NORMAL));
	/* redrawn while editing too: it places the cursor */
	if (prompt_shown(p) && (p->full || p->editing))
		filterbar_draw(w, lines - 1, cols, &p->filter, p->editing, theme_unicode());
	p->full = false;
}

/* ---- events ---- */

static bool mine(const struct jobv *p, const struct wreq *r)
{
	return r && str_eq(r->job, p->job) && str_eq(r->team, p->team);
}

static int job_on_result(struct view *v, struct wresult *r)
{
	struct jobv *p = v->priv;
	if (r->type != WRESULT_DONE || !mine(p, r->req))
		return R_NONE;
	if (!r->ok) {
		if (!p->info_loaded && r->req->kind == WREQ_JOB) {
			free(p->error);
			p->error = xstrdup(r->err.message ? r->err.message : "request failed");
			p->full = true;
			return R_REDRAW;
		}
		return R_NONE; /* the last data stays */
	}
	switch (r->req->kind) {
	case WREQ_JOB:
		if (p->info) {
			job_clear(p->info);
			free(p->info);
		}
		p->info = r->u.job;
		r->u.job = NULL;
		p->info_loaded = true;
		p->missing = p->info == NULL;
		break;
	case WREQ_DEPLOYMENT:
		deployment_free(p->dep);
		p->dep = r->u.deployment;
		r->u.deployment = NULL;
		p->dep_loaded = true;
		break;
	case WREQ_EXECUTIONS:
		if (!r->u.executions)
			return R_NONE;
		execution_list_free(p->ex);
		p->ex = r->u.executions;
		r->u.executions = NULL;
		executions_sort_newest_first(p->ex->v, p->ex->n);
		rebuild(p);
		break;
	default:
		return R_NONE;
	}
	p->full = true;
	return R_REDRAW;
}

static int moved(bool changed)
{
	return changed ? R_REDRAW : R_NONE;
}

static int set_status_filter(struct jobv *p, const char *arg)
{
	if (str_empty(arg) || strcmp(arg, "all") == 0 || strcmp(arg, "*") == 0) {
		p->status_mask = 0;
	} else if (strcasecmp(arg, "failed") == 0 || strcasecmp(arg, "error") == 0) {
		p->status_mask = 1u << EXEC_USER_ERROR | 1u << EXEC_PLATFORM_ERROR;
	} else if (strcasecmp(arg, "active") == 0) {
		p->status_mask = 1u << EXEC_SUBMITTED | 1u << EXEC_RUNNING;
	} else {
		enum exec_status st = exec_status_parse(arg);
		if (st == EXEC_UNKNOWN && strcasecmp(arg, "unknown") != 0) {
			app_message(p->v->app, MSG_ERROR,
				    "unknown status \"%s\": use failed, active, succeeded, running, submitted, "
				    "cancelled, skipped, user_error, platform_error or all", arg);
			return R_NONE;
		}
		p->status_mask = 1u << st;
	}
	rebuild(p);
	return R_REDRAW | R_LAYOUT;
}

static void stop_editing(void *ctx)
{
	struct view *v = ctx;
	struct jobv *p = v->priv;
	p->editing = false;
	v->ops = &job_ops;
	p->full = true;
}

static int job_on_action(struct view *v, enum action act, const char *arg)
{
	struct jobv *p = v->priv;
	long sel = table_selected(p->table);
	const struct execution *e = sel >= 0 ? row_exec(p, (size_t)sel) : NULL;
	bool changed;
	if (table_navigate(p->table, act, &changed))
		return moved(changed);
	switch (act) {
	case ACT_OPEN:
	case ACT_LOGS:
		/* Open: the selected execution's log; logs: that, or the
		 * newest one's when none is selected. */
		if (!e && act == ACT_OPEN)
			return R_NONE;
		if (e && str_empty(e->id)) {
			/* without an id the view would show the newest one instead */
			app_message(v->app, MSG_WARN, "this execution has no id: its log cannot be read");
			return R_NONE;
		}
		app_push(v->app, logs_view_new(v->app, p->team, p->job, e ? e->id : NULL));
		return R_NONE;
	case ACT_PROPS:
	case ACT_SECRETS:
		app_push(v->app, props_view_new(v->app, p->team, p->job, act == ACT_SECRETS));
		return R_NONE;
	case ACT_WATCH:
		app_toggle_watch(v->app, p->job);
		app_message(v->app, MSG_INFO, app_is_watched(v->app, p->job) ? "watching %s" : "stopped watching %s",
			    p->job);
		p->full = true;
		return R_REDRAW | R_LAYOUT;
	case ACT_FILTER:
		p->editing = true;
		v->ops = &job_edit_ops;
		p->full = true;
		return R_REDRAW | R_LAYOUT;
	case ACT_STATUS_FILTER:
		return set_status_filter(p, arg);
	case ACT_BACK:
		if (p->filter.len || p->status_mask) {
			lineedit_set(&p->filter, NULL);
			p->status_mask = 0;
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
	struct jobv *p = v->priv;
	rebuild(p);
	return R_REDRAW | R_LAYOUT;
}

static const struct filterbar_ops filter_ops = {filter_edited, stop_editing};

static int job_on_key(struct view *v, int key, bool is_char)
{
	struct jobv *p = v->priv;
	if (!p->editing)
		return R_UNHANDLED;
	return filterbar_key(&p->filter, key, is_char, &filter_ops, v);
}

static void job_on_show(struct view *v)
{
	struct jobv *p = v->priv;
	watch_all(p);
	p->full = true;
}

static void job_on_hide(struct view *v)
{
	app_unwatch(v->app, WATCH_JOB);
	app_unwatch(v->app, WATCH_EXECUTIONS);
	app_unwatch(v->app, WATCH_DEPLOYMENT);
}

static void job_on_resize(struct view *v)
{
	struct jobv *p = v->priv;
	p->full = true;
}

static int job_on_tick(struct view *v, long long now)
{
	struct jobv *p = v->priv;
	return table_refresh_visible(p->table) ? R_REDRAW : R_NONE;
}

static long long job_next_tick(struct view *v, long long now)
{
	struct jobv *p = v->priv;
	/* live durations tick each second; starts shown as a time of day
	 * turn into dates at midnight, which a slow tick covers */
	return now + (p->active ? 1000 : 30000);
}

static void job_title(struct view *v, struct strbuf *out)
{
	struct jobv *p = v->priv;
	strbuf_printf(out, "job %s", p->job);
	if (p->ex) {
		if (p->filter.len || p->status_mask)
			strbuf_printf(out, " (%zu/%zu runs)", p->nrows, p->ex->n);
		else
			strbuf_printf(out, " (%zu runs)", p->ex->n);
	}
}

static void job_status(struct view *v, struct strbuf *out)
{
	struct jobv *p = v->priv;
	/* Tab-separated parts, most important first (chrome_draw_status). */
	table_position(p->table, out);
	if (p->status_mask) {
		strbuf_puts(out, "\tstatus:");
		for (int st = 0; st < EXEC_STATUS_COUNT; st++)
			if (p->status_mask & (1u << st))
				strbuf_printf(out, " %s", rowfmt_status_word((enum exec_status)st));
	}
	if (p->filter.len && !p->editing)
		strbuf_printf(out, "\t/%s", p->filter.buf);
}

static int job_on_mouse(struct view *v, int y, int x, int wheel)
{
	struct jobv *p = v->priv;
	return moved(table_mouse(p->table, y - p->table_y, wheel));
}

static void job_fini(struct view *v)
{
	struct jobv *p = v->priv;
	if (p->info) {
		job_clear(p->info);
		free(p->info);
	}
	deployment_free(p->dep);
	execution_list_free(p->ex);
	free(p->rows);
	table_free(p->table);
	lineedit_free(&p->filter);
	free(p->team);
	free(p->job);
	free(p->error);
	free(p);
}

static bool job_target(struct view *v, struct view_target *t)
{
	const struct jobv *p = v->priv;
	t->team = p->team;
	t->job = p->job;
	t->deployed_known = p->dep_loaded;
	t->dep = p->dep;
	t->whole_view = true;
	long sel = table_selected(p->table);
	const struct execution *e = sel >= 0 ? row_exec(p, (size_t)sel) : NULL;
	if (e) {
		t->exec_id = e->id;
		t->exec_status = e->status;
	}
	return true;
}

#define JOB_OPS_FIELDS                  \
	.name = "job",                  \
	.mask = VM_JOB,                 \
	.fini = job_fini,               \
	.on_show = job_on_show,         \
	.on_hide = job_on_hide,         \
	.on_resize = job_on_resize,     \
	.draw = job_draw,               \
	.on_action = job_on_action,     \
	.on_key = job_on_key,           \
	.on_result = job_on_result,     \
	.on_tick = job_on_tick,         \
	.next_tick = job_next_tick,     \
	.title = job_title,             \
	.status = job_status,           \
	.on_mouse = job_on_mouse,       \
	.target = job_target

static const struct view_ops job_ops = {JOB_OPS_FIELDS, .flags = 0};
static const struct view_ops job_edit_ops = {JOB_OPS_FIELDS, .flags = VF_TEXTINPUT};

struct view *job_view_new(struct app *a, const char *team, const char *job)
{
	struct jobv *p = xcalloc(1, sizeof(*p));
	lineedit_init(&p->filter, 0);
	p->team = xstrdup(team);
	p->job = xstrdup(job ? job : "");
	struct table_source src = {p, row_format, row_key};
	p->table = table_new(ecols, EC_COUNT, &src);
	table_set_rows(p->table, 0);
	p->full = true;
	struct view *v = view_new(a, &job_ops, p);
	p->v = v;
	return v;
}
