/* The deploy tracker (see deploy_track.h): deploy_wait.c judges each
 * answer, this tells the user. */
#include "ui/deploy_track.h"

#include <stdlib.h>

#include "ui/app.h"

struct deploy_tracker {
	struct app *a;
	unsigned long id;        /* owner id of its requests */
	bool active;
	struct deploy_wait w;
	struct deploy_listener l;
};

static void tracker_stop(struct deploy_tracker *t)
{
	if (t->active)
		app_unwatch(t->a, WATCH_DEPLOY_PROGRESS);
	t->active = false;
	deploy_wait_fini(&t->w);
	t->l = (struct deploy_listener){0};
}

static void tracker_on_result(void *ud, struct wresult *r)
{
	struct deploy_tracker *t = ud;
	if (!t->active)
		return;
	struct app *a = t->a;
	struct deploy_wait_report rep;
	deploy_wait_judge(&t->w, r, now_ms(), &rep);
	switch (rep.state) {
	case DW_OTHER:
		break;
	case DW_WAITING:
		app_message(a, rep.warn ? MSG_WARN : MSG_INFO, "%s", rep.message);
		if (t->l.progress)
			t->l.progress(t->l.ud, &rep);
		break;
	case DW_LIVE:
		app_message(a, MSG_OK, "%s", rep.message);
		app_log_action(a, "deploy (wait until live)", t->w.job, rep.outcome);
		if (t->l.progress)
			t->l.progress(t->l.ud, &rep);
		app_refresh(a, -1); /* every watch, the jobs list's too */
		tracker_stop(t);
		break;
	case DW_TIMEOUT:
		app_message(a, MSG_ERROR, "%s", rep.message);
		app_log_action(a, "deploy (wait until live)", t->w.job, rep.outcome);
		if (t->l.progress)
			t->l.progress(t->l.ud, &rep);
		tracker_stop(t);
		break;
	}
	deploy_wait_report_clear(&rep);
}

static void tracker_fini(void *ud)
{
	struct deploy_tracker *t = ud;
	deploy_wait_fini(&t->w);
	free(t);
}

static const struct subscriber_ops tracker_ops = {
	.on_result = tracker_on_result,
	.fini = tracker_fini,
};

static struct deploy_tracker *tracker_of(struct app *a)
{
	struct deploy_tracker *t = app_subscriber(a, &tracker_ops);
	if (!t) {
		t = xcalloc(1, sizeof *t);
		t->a = a;
		/* From here the app owns it: tracker_fini frees it at exit. */
		t->id = app_subscribe(a, &tracker_ops, t);
	}
	return t;
}

void deploy_track_start(struct app *a, const char *team, const char *job, const char *version,
			const char *python, const struct deploy_listener *l)
{
	struct deploy_tracker *t = tracker_of(a);
	if (t->active)
		app_message(a, MSG_WARN, "no longer following the deploy of %s", t->w.job);
	tracker_stop(t);
	deploy_wait_init(&t->w, team, job, version, python, now_ms(), app_config(a)->deploy_timeout_s);
	t->active = true;
	if (l)
		t->l = *l;
	/* Cheap reads, and only while a deploy is waited for: once a second
	 * keeps the status line's seconds honest. */
	app_watch_as(a, t->id, WATCH_DEPLOY_PROGRESS, deploy_wait_request(&t->w), 1000);
}

void deploy_track_unlisten(struct app *a, void *ud)
{
	struct deploy_tracker *t = app_subscriber(a, &tracker_ops);
	if (t && t->l.ud == ud)
		t->l = (struct deploy_listener){0};
}
