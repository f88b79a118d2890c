// deps: ui/deploy_track ui/deploy_wait deploy jobdir jobdir_ini jobname cron ui/app ui/app_input ui/app_services ui/view ui/chrome ui/cmdline conn ui/keys ui/screen ui/theme ui/lineedit ui/textfit worker worker_api http http_fail http_msg auth auth_exchange transport api api_error api_parse jdoc logstream logscan logtext logline gql jsonread model timefmt trace sanitize sanitize_out safefile propmap jsonarg config config_paths vdkcli util
/* The deploy tracker on the real app core, without a terminal: it is a
 * subscriber the app owns (its own watch, its own answers, freed with
 * the app), it says the progress on the status line and to its listener,
 * logs the outcome, and stops polling once the new version is live. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "ui/app_priv.h"
#include "app_fixture.h"
#include "ui/deploy_track.h"

#define NEW_SHA "9f8e7d6c5b4a"
#define OLD_SHA "1a2b3c4d5e6f"

struct fx {
	struct app_fixture fx;
	struct app *a;
	int heard;                    /* listener calls */
	enum deploy_wait_state last;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->a = app_fixture_new(&f->fx);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_free(f->a);
	free(f);
	return 0;
}

static void heard(void *ud, const struct deploy_wait_report *rep)
{
	struct fx *f = ud;
	f->heard++;
	f->last = rep->state;
}

/* A poll answer, owned by the tracker, with the deployment at version. */
static void answer(struct fx *f, const char *job, const char *version)
{
	assert_int_equal(f->a->nsubs, 1);
	struct wresult *r = calloc(1, sizeof *r);
	r->type = WRESULT_DONE;
	r->req = wreq_new(WREQ_DEPLOYMENT, "starshot", job, NULL);
	r->req->owner = f->a->subs[0].id;
	r->watch = WATCH_DEPLOY_PROGRESS;
	r->ok = true;
	struct deployment *d = calloc(1, sizeof *d);
	d->job_version = strdup(version);
	d->python_version = strdup("3.11");
	r->u.deployment = d;
	app_adopt(f->a, r);
}

static const char *status_message(struct fx *f)
{
	return f->a->chrome.msg ? f->a->chrome.msg : "";
}

static void test_follows_until_live(void **state)
{
	struct fx *f = *state;
	assert_int_equal(f->a->nsubs, 0);
	deploy_track_start(f->a, "starshot", "ingest", NEW_SHA, NULL, &(struct deploy_listener){heard, f});
	/* Its own watch, owned by the subscriber the app now holds. */
	assert_int_equal(f->a->nsubs, 1);
	assert_int_equal(f->a->watch_ms[WATCH_DEPLOY_PROGRESS], 1000);

	answer(f, "ingest", OLD_SHA);
	assert_int_equal(f->heard, 1);
	assert_int_equal(f->last, DW_WAITING);
	assert_non_null(strstr(status_message(f), "deploying ingest 9f8e7d6"));
	assert_int_equal(f->a->watch_ms[WATCH_DEPLOY_PROGRESS], 1000);
	assert_int_equal(app_action_count(f->a), 0);

	answer(f, "ingest", NEW_SHA);
	assert_int_equal(f->heard, 2);
	assert_int_equal(f->last, DW_LIVE);
	assert_non_null(strstr(status_message(f), "deployed ingest 9f8e7d6 (python 3.11)"));
	/* Stopped: the watch is gone, the outcome logged once. */
	assert_int_equal(f->a->watch_ms[WATCH_DEPLOY_PROGRESS], 0);
	assert_int_equal(app_action_count(f->a), 1);
	const struct app_action *e = app_action_at(f->a, 0);
	assert_string_equal(e->operation, "deploy (wait until live)");
	assert_string_equal(e->target, "ingest");
	assert_non_null(strstr(e->outcome, "live after"));

	/* A late answer changes nothing. */
	answer(f, "ingest", NEW_SHA);
	assert_int_equal(f->heard, 2);
	assert_int_equal(app_action_count(f->a), 1);
}

/* A new deploy replaces the one followed, saying so; another job's
 * answer is not this deploy's; a listener gone hears nothing more. */
static void test_one_at_a_time(void **state)
{
	struct fx *f = *state;
	deploy_track_start(f->a, "starshot", "ingest", NEW_SHA, NULL, &(struct deploy_listener){heard, f});
	deploy_track_start(f->a, "starshot", "export", NEW_SHA, NULL, NULL);
	assert_string_equal(status_message(f), "no longer following the deploy of ingest");
	assert_int_equal(f->a->nsubs, 1); /* still the one tracker */
	answer(f, "ingest", NEW_SHA);
	assert_int_equal(f->heard, 0);
	assert_int_equal(app_action_count(f->a), 0);
	answer(f, "export", OLD_SHA);
	assert_non_null(strstr(status_message(f), "deploying export"));

	deploy_track_start(f->a, "starshot", "export", NEW_SHA, NULL, &(struct deploy_listener){heard, f});
	deploy_track_unlisten(f->a, f);
	answer(f, "export", NEW_SHA);
	assert_int_equal(f->heard, 0);
	assert_int_equal(app_action_count(f->a), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_follows_until_live, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_at_a_time, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
