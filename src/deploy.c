/* Deploy logic shared by the deploy dialog and its tests. See deploy.h. */
#include "deploy.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

struct deploy_zip {
	pthread_t thread;
	char *path;
	/* Shared with the thread: progress in 1/10000, flags. */
	atomic_int progress;
	atomic_bool done;
	atomic_bool cancel;
	/* Written by the thread before done is set; read after the join. */
	int rc;
	void *zip;
	size_t len;
	char *err;
};

static bool zip_progress(double fraction, void *ud)
{
	struct deploy_zip *z = ud;
	int p = (int)(fraction * 10000);
	atomic_store(&z->progress, p < 0 ? 0 : (p > 10000 ? 10000 : p));
	return !atomic_load(&z->cancel);
}

static void *zip_main(void *arg)
{
	struct deploy_zip *z = arg;
	z->rc = jobdir_zip_ex(z->path, zip_progress, z, &z->zip, &z->len, &z->err);
	atomic_store(&z->done, true);
	return NULL;
}

struct deploy_zip *deploy_zip_start(const char *path, char **err)
{
	struct deploy_zip *z = xcalloc(1, sizeof *z);
	z->path = xstrdup(path);
	atomic_init(&z->progress, 0);
	atomic_init(&z->done, false);
	atomic_init(&z->cancel, false);
	if (pthread_create(&z->thread, NULL, zip_main, z) != 0) {
		*err = xstrdup("cannot start a thread to pack the directory");
		free(z->path);
		free(z);
		return NULL;
	}
	return z;
}

bool deploy_zip_poll(struct deploy_zip *z, double *fraction)
{
	if (fraction)
		*fraction = atomic_load(&z->progress) / 10000.0;
	return atomic_load(&z->done);
}

void deploy_zip_cancel(struct deploy_zip *z)
{
	atomic_store(&z->cancel, true);
}

int deploy_zip_finish(struct deploy_zip *z, void **zip, size_t *len, char **err)
{
	if (!z)
		return -1;
	pthread_join(z->thread, NULL);
	int rc = z->rc;
	if (rc == 0 && zip) {
		*zip = z->zip;
		*len = z->len;
	} else {
		free(z->zip);
	}
	if (rc != 0 && err)
		*err = z->err ? z->err : xstrdup("packing failed");
	else
		free(z->err);
	free(z->path);
	free(z);
	return rc;
}

static bool same_list(const struct strlist *a, const struct strlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!str_eq(a->v[i], b->v[i]))
			return false;
	return true;
}

/* Copies src into dst; true when that changed dst. */
static bool copy_list(struct strlist *dst, const struct strlist *src)
{
	if (same_list(dst, src))
		return false;
	strlist_clear(dst);
	for (size_t i = 0; i < src->n; i++)
		strlist_push(dst, src->v[i]);
	return true;
}

bool deploy_apply_config(struct job *j, const struct jobdir_config *c)
{
	bool changed = false;
	const char *cron = c->schedule_cron ? c->schedule_cron : "";
	/* no schedule reads back as null or "": the same thing */
	if (!str_eq(j->schedule_cron ? j->schedule_cron : "", cron)) {
		free(j->schedule_cron);
		j->schedule_cron = xstrdup(cron);
		changed = true;
	}
	changed |= copy_list(&j->contacts.on_user_error, &c->notified_on_job_failure_user_error);
	changed |= copy_list(&j->contacts.on_platform_error, &c->notified_on_job_failure_platform_error);
	changed |= copy_list(&j->contacts.on_success, &c->notified_on_job_success);
	changed |= copy_list(&j->contacts.on_deploy, &c->notified_on_job_deploy);
	int notify = c->enable_execution_notifications ? 1 : 0;
	if (j->enable_execution_notifications != notify) {
		j->enable_execution_notifications = notify;
		changed = true;
	}
	if (j->notification_delay_minutes != c->notification_delay_period_minutes) {
		j->notification_delay_minutes = c->notification_delay_period_minutes;
		changed = true;
	}
	return changed;
}

bool deploy_is_live(const struct deployment *d, const char *job_version, const char *python_version)
{
	if (!d || !str_eq(d->job_version, job_version))
		return false;
	return !python_version || str_eq(d->python_version, python_version);
}

char *deploy_short_version(const char *v)
{
	if (!v)
		return xstrdup("?");
	return xstrndup(v, strlen(v) > 7 ? 7 : strlen(v));
}

char *deploy_timeout_text(const char *team, const char *job, const char *version, int timeout_s,
			  const struct deployment *last)
{
	char *ver = deploy_short_version(version);
	char when[64] = "never";
	if (last && last->deployed_at > 0) {
		struct tm tm;
		gmtime_r(&last->deployed_at, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
	}
	char *cur = last ? deploy_short_version(last->job_version) : xstrdup("none");
	char *s = xasprintf("%s %s not live after %d min (still %s, last deployed %s): check the deploy "
			    "notification e-mail (notified_on_job_deploy), `vdk deploy --show -n %s -t %s` "
			    "or the Operations UI",
			    job, ver, (timeout_s + 59) / 60, cur, when, job, team);
	free(ver);
	free(cur);
	return s;
}
