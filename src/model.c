#include "model.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const status_names[EXEC_STATUS_COUNT] = {
	[EXEC_UNKNOWN] = "unknown",
	[EXEC_SUBMITTED] = "submitted",
	[EXEC_RUNNING] = "running",
	[EXEC_SUCCEEDED] = "succeeded",
	[EXEC_CANCELLED] = "cancelled",
	[EXEC_SKIPPED] = "skipped",
	[EXEC_USER_ERROR] = "user_error",
	[EXEC_PLATFORM_ERROR] = "platform_error",
};

enum exec_status exec_status_parse(const char *s)
{
	if (!s)
		return EXEC_UNKNOWN;
	/* REST is lowercase and GraphQL uppercase; one case-insensitive
	 * table serves both. */
	for (int i = EXEC_SUBMITTED; i < EXEC_STATUS_COUNT; i++)
		if (strcasecmp(s, status_names[i]) == 0)
			return (enum exec_status)i;
	/* Legacy values the Operations UI still knows. */
	if (strcasecmp(s, "finished") == 0)
		return EXEC_SUCCEEDED;
	if (strcasecmp(s, "failed") == 0)
		return EXEC_PLATFORM_ERROR;
	return EXEC_UNKNOWN;
}

const char *exec_status_name(enum exec_status st)
{
	if ((int)st < 0 || st >= EXEC_STATUS_COUNT)
		return "unknown";
	return status_names[st];
}

bool exec_status_is_active(enum exec_status st)
{
	return st == EXEC_SUBMITTED || st == EXEC_RUNNING;
}

bool exec_status_is_failure(enum exec_status st)
{
	return st == EXEC_USER_ERROR || st == EXEC_PLATFORM_ERROR;
}

enum exec_type exec_type_parse(const char *s)
{
	if (!s)
		return EXEC_TYPE_UNKNOWN;
	if (strcasecmp(s, "manual") == 0)
		return EXEC_TYPE_MANUAL;
	if (strcasecmp(s, "scheduled") == 0)
		return EXEC_TYPE_SCHEDULED;
	return EXEC_TYPE_UNKNOWN;
}

const char *exec_type_name(enum exec_type t)
{
	switch (t) {
	case EXEC_TYPE_MANUAL:
		return "manual";
	case EXEC_TYPE_SCHEDULED:
		return "scheduled";
	default:
		return "unknown";
	}
}

void resources_init(struct resources *r)
{
	r->present = false;
	r->cpu_request = -1;
	r->cpu_limit = -1;
	r->memory_request = -1;
	r->memory_limit = -1;
}

void contacts_clear(struct contacts *c)
{
	strlist_clear(&c->on_user_error);
	strlist_clear(&c->on_platform_error);
	strlist_clear(&c->on_success);
	strlist_clear(&c->on_deploy);
}

static void strlist_copy(struct strlist *dst, const struct strlist *src)
{
	dst->v = NULL;
	dst->n = 0;
	for (size_t i = 0; i < src->n; i++)
		strlist_push(dst, src->v[i]);
}

static void contacts_copy(struct contacts *dst, const struct contacts *src)
{
	strlist_copy(&dst->on_user_error, &src->on_user_error);
	strlist_copy(&dst->on_platform_error, &src->on_platform_error);
	strlist_copy(&dst->on_success, &src->on_success);
	strlist_copy(&dst->on_deploy, &src->on_deploy);
}

void deployment_init(struct deployment *d)
{
	memset(d, 0, sizeof(*d));
	d->enabled = -1;
	resources_init(&d->resources);
	d->last_status = EXEC_UNKNOWN;
	d->last_exec_duration = -1;
	d->successful_executions = -1;
	d->failed_executions = -1;
}

void deployment_clear(struct deployment *d)
{
	if (!d)
		return;
	free(d->id);
	free(d->job_version);
	free(d->python_version);
	free(d->vdk_version);
	free(d->mode);
	free(d->deployed_by);
	free(d->schedule_cron);
	deployment_init(d);
}

void deployment_free(struct deployment *d)
{
	if (!d)
		return;
	deployment_clear(d);
	free(d);
}

struct deployment *deployment_dup(const struct deployment *d)
{
	if (!d)
		return NULL;
	struct deployment *n = xmalloc(sizeof(*n));
	*n = *d;
	n->id = xstrdup(d->id);
	n->job_version = xstrdup(d->job_version);
	n->python_version = xstrdup(d->python_version);
	n->vdk_version = xstrdup(d->vdk_version);
	n->mode = xstrdup(d->mode);
	n->deployed_by = xstrdup(d->deployed_by);
	n->schedule_cron = xstrdup(d->schedule_cron);
	return n;
}

void execution_init(struct execution *e)
{
	memset(e, 0, sizeof(*e));
	e->status = EXEC_UNKNOWN;
	e->type = EXEC_TYPE_UNKNOWN;
}

void execution_clear(struct execution *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->job_name);
	free(e->started_by);
	free(e->message);
	free(e->op_id);
	free(e->logs_url);
	deployment_free(e->deployment);
	execution_init(e);
}

void execution_copy(struct execution *dst, const struct execution *src)
{
	*dst = *src;
	dst->id = xstrdup(src->id);
	dst->job_name = xstrdup(src->job_name);
	dst->started_by = xstrdup(src->started_by);
	dst->message = xstrdup(src->message);
	dst->op_id = xstrdup(src->op_id);
	dst->logs_url = xstrdup(src->logs_url);
	dst->deployment = deployment_dup(src->deployment);
}

struct execution *execution_dup(const struct execution *e)
{
	if (!e)
		return NULL;
	struct execution *n = xmalloc(sizeof(*n));
	execution_copy(n, e);
	return n;
}

void job_init(struct job *j)
{
	memset(j, 0, sizeof(*j));
	j->next_run = 0;
	j->generate_keytab = -1;
	j->enable_execution_notifications = -1;
	j->notification_delay_minutes = -1;
}

void job_clear(struct job *j)
{
	if (!j)
		return;
	free(j->name);
	free(j->team);
	free(j->description);
	free(j->schedule_cron);
	free(j->source_url);
	free(j->db_default_type);
	contacts_clear(&j->contacts);
	deployment_free(j->deployment);
	for (size_t i = 0; i < j->n_executions; i++)
		execution_clear(&j->executions[i]);
	free(j->executions);
	job_init(j);
}

void job_copy(struct job *dst, const struct job *src)
{
	*dst = *src;
	dst->name = xstrdup(src->name);
	dst->team = xstrdup(src->team);
	dst->description = xstrdup(src->description);
	dst->schedule_cron = xstrdup(src->schedule_cron);
	dst->source_url = xstrdup(src->source_url);
	dst->db_default_type = xstrdup(src->db_default_type);
	contacts_copy(&dst->contacts, &src->contacts);
	dst->deployment = deployment_dup(src->deployment);
	dst->executions = NULL;
	dst->n_executions = 0;
	if (src->n_executions) {
		dst->executions = xcalloc(src->n_executions, sizeof(*dst->executions));
		for (size_t i = 0; i < src->n_executions; i++)
			execution_copy(&dst->executions[i], &src->executions[i]);
		dst->n_executions = src->n_executions;
	}
}

void job_page_free(struct job_page *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		job_clear(&p->jobs[i]);
	free(p->jobs);
	free(p);
}

void execution_list_free(struct execution_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		execution_clear(&l->v[i]);
	free(l->v);
	free(l);
}

void api_info_free(struct api_info *i)
{
	if (!i)
		return;
	free(i->api_version);
	strlist_clear(&i->python_versions);
	free(i);
}

static int cmp_newest_first(const void *pa, const void *pb)
{
	const struct execution *a = pa, *b = pb;
	/* An unknown start time (0) sorts last: it says nothing about order. */
	if (a->start_time != b->start_time) {
		if (a->start_time == 0)
			return 1;
		if (b->start_time == 0)
			return -1;
		return a->start_time > b->start_time ? -1 : 1;
	}
	/* Same second: manual ids end in epoch seconds, so the larger id is
	 * usually the newer one; it also keeps the order stable. */
	const char *ia = a->id ? a->id : "", *ib = b->id ? b->id : "";
	return -strcmp(ia, ib);
}

void executions_sort_newest_first(struct execution *v, size_t n)
{
	if (v && n > 1)
		qsort(v, n, sizeof(*v), cmp_newest_first);
}

long long execution_duration(const struct execution *e, time_t now)
{
	if (!e || e->start_time <= 0)
		return -1;
	if (e->end_time > 0)
		return e->end_time >= e->start_time ? (long long)(e->end_time - e->start_time) : -1;
	if (exec_status_is_active(e->status))
		return now > e->start_time ? (long long)(now - e->start_time) : 0;
	return -1;
}

int deployment_success_rate(const struct deployment *d)
{
	if (!d || d->successful_executions < 0 || d->failed_executions < 0)
		return -1;
	/* Counts come from the server: compute in double so a hostile
	 * number cannot overflow. */
	double ok = (double)d->successful_executions;
	double total = ok + (double)d->failed_executions;
	if (total <= 0)
		return -1;
	/* Round down so that a single failure never shows as 100 %. */
	int pct = (int)(ok * 100.0 / total);
	if (pct == 100 && d->failed_executions > 0)
		pct = 99;
	return pct;
}
