/* Changing a job's properties or secrets: edit (Enter), add (a) and
 * delete (D) in the properties and secrets views.
 *
 * The service only reads and replaces the whole map, so every change is a
 * read-modify-write: the form or confirmation names both requests, and
 * confirming first re-reads the map. When it differs from the map the user
 * was shown, nothing is written: the differences are listed and the user
 * confirms again (the new map is then the one the change applies to).
 * Only an unchanged map gets the PUT, so nobody's change is overwritten
 * unseen.
 *
 * Secrets: the value is typed into a masked field and stored as a string
 * exactly as typed; no value (old or new) reaches the action log, a
 * message, a diff or the trace (the form's keys are marked private). */
#include <stdlib.h>
#include <string.h>

#include "propmap.h"
#include "ui/action_common.h"
#include "ui/app.h"
#include "ui/dialog.h"
#include "ui/form.h"
#include "ui/props_view.h"
#include "worker.h"

enum pw_op { PW_SET, PW_DELETE };

struct pwrite {
	struct app *a;
	struct view *origin;      /* the properties / secrets view (below) */
	char *team, *job;
	bool secret;
	enum pw_op op;
	char *key;                /* add: set from the form at submit */
	bool is_new;
	enum jsonarg_kind old_type;
	enum jsonarg_kind type;   /* PW_SET: the new value */
	char *json;
	struct propmap *base;     /* the map the change applies to */
	unsigned long pending;
	bool putting;
};

static const char *what(const struct pwrite *w)
{
	return w->secret ? "secrets" : "properties";
}

static void pw_free(void *ud)
{
	struct pwrite *w = ud;
	free(w->team);
	free(w->job);
	free(w->key);
	propmap_wipe_free(w->json);
	propmap_free(w->base);
	free(w);
}

static struct pwrite *pw_new(struct app *a, struct view *origin, enum pw_op op)
{
	struct pwrite *w = xcalloc(1, sizeof *w);
	w->a = a;
	w->origin = origin;
	w->team = xstrdup(props_view_team(origin));
	w->job = xstrdup(props_view_job(origin));
	w->secret = props_view_secret(origin);
	w->op = op;
	const struct propmap *m = props_view_map(origin);
	w->base = m ? propmap_dup(m) : propmap_new(w->secret);
	return w;
}

static struct wreq *read_req(const struct pwrite *w)
{
	return wreq_new(w->secret ? WREQ_SECRETS : WREQ_PROPERTIES, w->team, w->job, NULL);
}

static struct wreq *write_req(const struct pwrite *w, struct propmap *map /* taken */)
{
	struct wreq *r = wreq_new(w->secret ? WREQ_SECRETS_PUT : WREQ_PROPERTIES_PUT, w->team, w->job, NULL);
	r->map = map;
	return r;
}

/* The two requests a change sends, as the form or dialog shows them. */
static void pw_ops(const struct pwrite *w, struct strlist *out)
{
	struct wreq *g = read_req(w), *p = write_req(w, propmap_new(w->secret));
	char *gs = wreq_describe(g), *ps = wreq_describe(p);
	char *l1 = xasprintf("%s  (re-read: changed since shown? you are asked again)", gs);
	char *l2 = xasprintf("%s  (the whole map, with your change)", ps);
	strlist_push(out, l1);
	strlist_push(out, l2);
	free(l1);
	free(l2);
	free(gs);
	free(ps);
	wreq_free(g);
	wreq_free(p);
}

static void pw_apply(const struct pwrite *w, struct propmap *m)
{
	if (w->op == PW_SET)
		propmap_set(m, w->key, w->type, w->json);
	else
		propmap_delete(m, w->key);
}

static void pw_read(struct pwrite *w, struct view *v)
{
	w->putting = false;
	w->pending = app_submit(w->a, v, read_req(w));
}

/* What a finished request means for the flow. */
enum pw_state { PW_IGNORED, PW_BUSY, PW_CONFLICT, PW_FAILED, PW_DONE };

/* Handles r; *text gets the conflict's differences or the failure's
 * reason (owned) for PW_CONFLICT and PW_FAILED. */
static enum pw_state pw_result(struct pwrite *w, struct view *v, struct wresult *r, char **text)
{
	*text = NULL;
	if (r->type != WRESULT_DONE || !r->req || r->req->id != w->pending)
		return PW_IGNORED;
	w->pending = 0;
	char *label = xasprintf("%s %s", w->job, w->key ? w->key : "-");
	if (!w->putting) {
		if (!r->ok) {
			*text = xasprintf("re-reading the %s failed: %s", what(w),
					  r->err.message ? r->err.message : "error");
			free(label);
			return PW_FAILED;
		}
		struct propmap *fresh = r->u.map;
		r->u.map = NULL;
		if (!propmap_equal(w->base, fresh)) {
			struct strlist diff = {0};
			propmap_diff(w->base, fresh, w->secret, &diff);
			char *joined = strlist_join(&diff, "; ");
			*text = xasprintf("the %s changed on the server since they were shown: %s", what(w), joined);
			free(joined);
			strlist_clear(&diff);
			propmap_free(w->base);
			w->base = fresh;
			free(label);
			return PW_CONFLICT;
		}
		propmap_free(w->base);
		w->base = fresh;
		struct propmap *next = propmap_dup(fresh);
		pw_apply(w, next);
		w->putting = true;
		w->pending = app_submit(w->a, v, write_req(w, next));
		free(label);
		return PW_BUSY;
	}
	if (!r->ok) {
		char *outcome = xasprintf("failed: %s", r->err.message ? r->err.message : "error");
		actions_log(w->a, r, label, outcome);
		free(outcome);
		/* Secrets errors are our own words (api_error_from_status);
		 * a property error may carry the server's what and why. */
		*text = w->secret ? xstrdup(r->err.message ? r->err.message : "error") : actions_error_text(r);
		free(label);
		return PW_FAILED;
	}
	actions_log(w->a, r, label, w->op == PW_DELETE ? "deleted" : "saved");
	free(label);
	if (w->op == PW_DELETE) {
		app_message(w->a, MSG_OK, "deleted %s from the %s of %s", w->key, what(w), w->job);
	} else if (w->secret) {
		app_message(w->a, MSG_OK, "secret %s of %s saved", w->key, w->job);
	} else {
		app_message(w->a, MSG_OK, "%s of %s is now %s (%s)", w->key, w->job, w->json,
			    propmap_type_name(w->type));
		props_view_after_write(w->origin, w->key);
	}
	return PW_DONE;
}

/* ---- set: the edit / add form ---- */

static void set_validate(struct form *f, void *ud)
{
	struct pwrite *w = ud;
	struct form_field *kf = form_get(f, "key");
	const char *key = kf ? form_text(f, "key") : w->key;
	if (kf) {
		if (str_empty(key))
			form_field_set(kf, "a key is needed", NULL, NULL);
		else if (propmap_find(w->base, key) >= 0)
			form_field_set(kf, "this key exists: select it and press Enter to change it", NULL, NULL);
		else
			form_field_set(kf, NULL, NULL, NULL);
	}
	struct form_field *vf = form_get(f, "value");
	const char *text = form_text(f, "value");
	if (w->secret) {
		form_field_set(vf, str_empty(text) ? "type the value (it is stored as a string)" : NULL, NULL, NULL);
	} else {
		enum jsonarg_kind t;
		char *json = NULL, *err = NULL;
		if (propmap_value_from_text(text, w->old_type, w->is_new, &t, &json, &err) < 0) {
			form_field_set(vf, err, NULL, NULL);
		} else {
			char *warn = !w->is_new && t != w->old_type
				? xasprintf("the type changes: %s \u2192 %s", propmap_type_name(w->old_type),
					    propmap_type_name(t))
				: NULL;
			char *hint = xasprintf("sends %s %s: %s", propmap_type_name(t), str_empty(key) ? "?" : key, json);
			form_field_set(vf, NULL, warn, hint);
			free(warn);
			free(hint);
		}
		free(json);
		free(err);
	}
	form_check_confirm(f, w->job);
}

static int set_submit(struct view *v, struct form *f, void *ud)
{
	struct pwrite *w = ud;
	if (form_get(f, "key")) {
		free(w->key);
		w->key = xstrdup(form_text(f, "key"));
	}
	const char *text = form_text(f, "value");
	propmap_wipe_free(w->json);
	w->json = NULL;
	if (w->secret) {
		/* exactly as typed, whatever it looks like (123, true) */
		w->type = JSONARG_STRING;
		w->json = propmap_string_json(text);
	} else {
		char *err = NULL;
		if (propmap_value_from_text(text, w->old_type, w->is_new, &w->type, &w->json, &err) < 0) {
			form_set_error(f, err);
			free(err);
			return R_REDRAW;
		}
	}
	form_set_error(f, NULL);
	form_set_busy(f, w->secret ? "re-reading the secrets\u2026" : "re-reading the properties\u2026");
	pw_read(w, v);
	return R_REDRAW;
}

static int set_result(struct view *v, struct form *f, struct wresult *r, void *ud)
{
	struct pwrite *w = ud;
	char *text = NULL;
	switch (pw_result(w, v, r, &text)) {
	case PW_IGNORED:
		return R_NONE;
	case PW_BUSY:
		form_set_busy(f, "saving\u2026");
		return R_REDRAW;
	case PW_CONFLICT: {
		char *msg = xasprintf("%s. Nothing was written: Enter saves your change on top of them, Esc leaves them.",
				      text);
		form_set_busy(f, NULL);
		form_set_error(f, msg);
		form_validate(f);
		free(msg);
		free(text);
		return R_REDRAW;
	}
	case PW_FAILED:
		form_set_busy(f, NULL);
		form_set_error(f, text);
		app_message(w->a, MSG_ERROR, "%s of %s: %s", what(w), w->job, text);
		free(text);
		return R_REDRAW;
	case PW_DONE:
		return R_CLOSE;
	}
	return R_NONE;
}

static const struct form_handler set_handler = {
	.submit = set_submit,
	.result = set_result,
	.fini = pw_free,
};

static void open_set(struct app *a, struct view *origin, const char *key)
{
	struct pwrite *w = pw_new(a, origin, PW_SET);
	long i = key ? propmap_find(w->base, key) : -1;
	w->is_new = i < 0;
	w->key = xstrdup(key);
	w->old_type = i >= 0 ? w->base->v[i].type : JSONARG_STRING;
	char *title;
	if (w->secret)
		title = w->is_new ? xasprintf("Add a secret to %s", w->job) : xasprintf("Set secret %s of %s", key, w->job);
	else
		title = w->is_new ? xasprintf("Add a property to %s", w->job)
				  : xasprintf("Edit property %s of %s", key, w->job);
	struct form *f = form_new(title);
	free(title);
	f->validate = set_validate;
	f->ud = w;
	if (w->is_new)
		form_add(f, FF_TEXT, "key", "Key", 0);
	else {
		form_add(f, FF_INFO, "keyname", "Key", 0);
		form_set_info(f, "keyname", key);
	}
	struct form_field *vf = form_add(f, FF_TEXT, "value", w->secret ? "New value" : "Value (JSON)", 0);
	if (w->secret) {
		lineedit_set_masked(&vf->le, true);
	} else if (!w->is_new) {
		char *t = propmap_edit_text(&w->base->v[i]);
		form_set_text(f, "value", t);
		free(t);
		form_add(f, FF_INFO, "was", "Type now", 0);
		form_set_info(f, "was", propmap_type_name(w->old_type));
	}
	if (!w->secret) {
		form_add(f, FF_INFO, "types", "", 0);
		form_set_info(f, "types", "3 is a number, \"3\" a string, true a boolean; [..] and {..} as JSON");
	}
	actions_form_typed(a, f, w->job);
	struct strlist ops = {0};
	pw_ops(w, &ops);
	for (size_t k = 0; k < ops.n; k++)
		form_add_op(f, ops.v[k]);
	strlist_clear(&ops);
	struct view *fv = form_view_new(a, f, &set_handler, w);
	/* the keys typed here may be a secret: the trace says only that
	 * keys came */
	fv->keys_private = w->secret;
	app_push(a, fv);
}

/* ---- delete: a y/N confirmation ---- */

static int del_confirm(struct view *v, struct dialog *d, void *ud)
{
	struct pwrite *w = ud;
	dialog_set_busy(d, w->secret ? "re-reading the secrets\u2026" : "re-reading the properties\u2026");
	dialog_set_note(d, false, NULL);
	pw_read(w, v);
	return R_REDRAW;
}

static int del_result(struct view *v, struct dialog *d, struct wresult *r, void *ud)
{
	struct pwrite *w = ud;
	char *text = NULL;
	switch (pw_result(w, v, r, &text)) {
	case PW_IGNORED:
		return R_NONE;
	case PW_BUSY:
		dialog_set_busy(d, "saving\u2026");
		return R_REDRAW;
	case PW_CONFLICT:
		dialog_set_busy(d, NULL);
		dialog_set_note(d, true, "%s. Nothing was written: y deletes %s on top of them, n leaves them.", text,
				w->key);
		free(text);
		return R_REDRAW;
	case PW_FAILED:
		dialog_set_busy(d, NULL);
		dialog_set_note(d, true, "%s", text);
		app_message(w->a, MSG_ERROR, "%s of %s: %s", what(w), w->job, text);
		free(text);
		return R_REDRAW;
	case PW_DONE:
		return R_CLOSE;
	}
	return R_NONE;
}

static const struct dialog_handler del_handler = {
	.confirm = del_confirm,
	.result = del_result,
	.fini = pw_free,
};

static void open_delete(struct app *a, struct view *origin, const char *key)
{
	struct pwrite *w = pw_new(a, origin, PW_DELETE);
	w->key = xstrdup(key);
	bool typed = actions_typed(a);
	struct dialog *d = dialog_new(typed ? DLG_TYPED : DLG_CONFIRM,
				      w->secret ? "Delete a secret" : "Delete a property");
	if (typed)
		dialog_expect(d, w->job);
	dialog_text(d, "Delete %s from the %s of %s?", key, what(w), w->job);
	long i = propmap_find(w->base, key);
	if (!w->secret && i >= 0) {
		char *v = propmap_display(&w->base->v[i]);
		dialog_text(d, "Its value now: %.200s (%s)", v, propmap_type_name(w->base->v[i].type));
		free(v);
	}
	struct strlist ops = {0};
	pw_ops(w, &ops);
	for (size_t k = 0; k < ops.n; k++)
		dialog_op(d, ops.v[k]);
	strlist_clear(&ops);
	app_push(a, dialog_view_new(a, d, &del_handler, w));
}

/* ---- dispatch (from actions_dispatch, after the read-only check) ---- */

void action_props(struct app *a, struct view *origin, enum action act)
{
	const char *sel = props_view_selected(origin);
	const char *kind = props_view_secret(origin) ? "secrets" : "properties";
	if (act != ACT_ADD && !props_view_map(origin)) {
		app_message(a, MSG_WARN, "the %s are still loading", kind);
		return;
	}
	switch (act) {
	case ACT_ADD:
		if (!props_view_map(origin)) {
			/* the change must apply to the map as the server has it */
			app_message(a, MSG_WARN, "the %s are still loading (or could not be read)", kind);
			return;
		}
		open_set(a, origin, NULL);
		break;
	case ACT_EDIT:
		if (!sel) {
			app_message(a, MSG_WARN, "select a key first (a adds one)");
			return;
		}
		open_set(a, origin, sel);
		break;
	case ACT_DELETE_KEY:
		if (!sel) {
			app_message(a, MSG_WARN, "select a key first");
			return;
		}
		open_delete(a, origin, sel);
		break;
	default:
		break;
	}
}
