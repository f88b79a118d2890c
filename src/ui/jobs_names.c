/* A team paged by the service, seen through the names of the jobs the
 * root executions query found: those with a run in flight (:running, the
 * words running and submitted) or a failed run in the window (:failed).
 * No filter of the jobs query expresses either (the summary never holds
 * a run in flight, and a later success hides a failure, api-notes §4.7),
 * and its predicates are ANDed, but its jobName filter is an exact match
 * (§4.3): so each of these jobs is read by its name, one query per name,
 * NAMES_INFLIGHT at a time through the worker and at most NAMES_MAX of
 * them, and the list filters and sorts them as a small team.
 *
 * pages[k] holds the answer for names[k] (NULL until it came). A job read
 * once stays until its name leaves the set: what changes while it is
 * shown (a run starting, ending or failing) comes from the root query,
 * which refreshes on its own. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ui/jobs_priv.h"

/* Jobs read by name at most: a screen or two of them, a few queries a
 * second against a team of thousands. */
#define NAMES_MAX 100
#define NAMES_INFLIGHT 4

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Index of name in the sorted p->names, or -1. */
static long find_name(const struct jv *p, const char *name)
{
	if (!name || !p->nnames)
		return -1;
	char *const *hit = bsearch(&name, p->names, p->nnames, sizeof(*p->names), cmp_name);
	return hit ? (long)(hit - p->names) : -1;
}

void jobs_names_fill(const struct jv *p, struct jobs_query *q, long page)
{
	q->page = 1;
	q->page_size = p->page_size;
	q->sort = JOBS_SORT_NAME;
	q->job_name = page >= 1 && (size_t)page <= p->nnames ? p->names[page - 1] : NULL;
}

static struct wreq *name_request(const struct jv *p, size_t k)
{
	struct jobs_query q;
	memset(&q, 0, sizeof(q));
	q.team = p->team;
	jobs_names_fill(p, &q, (long)k + 1);
	struct wreq *r = wreq_new(WREQ_JOBS, jobs_load_all_teams(p->team) ? NULL : p->team, NULL, NULL);
	wreq_set_query(r, &q);
	return r;
}

/* Keeps NAMES_INFLIGHT questions on their way, names in order. */
static void fetch(struct jv *p)
{
	size_t inflight = 0;
	for (size_t k = 0; k < p->nnames; k++)
		inflight += p->pending[k] != 0;
	for (size_t k = 0; k < p->nnames && inflight < NAMES_INFLIGHT; k++)
		if (!p->pages[k] && !p->pending[k]) {
			p->pending[k] = jobs_submit(p, name_request(p, k));
			inflight++;
		}
}

void jobs_names_fetch(struct jv *p)
{
	if (p->subset == SUBSET_NAMES)
		fetch(p);
}

void jobs_names_free(struct jv *p)
{
	for (size_t k = 0; k < p->nnames; k++)
		free(p->names[k]);
	free(p->names);
	p->names = NULL;
	p->nnames = p->names_total = 0;
}

/* The distinct job names of l, sorted (borrowed from l); *n of them. */
static const char **distinct(const struct execution_list *l, size_t *n)
{
	size_t cap = l ? l->n : 0;
	const char **v = xcalloc(cap ? cap : 1, sizeof(*v));
	size_t m = 0;
	for (size_t i = 0; i < cap; i++)
		if (!str_empty(l->v[i].job_name))
			v[m++] = l->v[i].job_name;
	qsort(v, m, sizeof(*v), cmp_name);
	size_t u = 0;
	for (size_t i = 0; i < m; i++)
		if (u == 0 || strcmp(v[u - 1], v[i]) != 0)
			v[u++] = v[i];
	*n = u;
	return v;
}

void jobs_names_sync(struct jv *p)
{
	if (p->subset != SUBSET_NAMES)
		return;
	/* :failed reads the failures; otherwise (the scope or the words
	 * running, submitted) the runs in flight. An answer not in yet is
	 * no job at all, for now. */
	bool failed = p->scope == SCOPE_FAILED;
	bool known = failed ? p->live.failed_known : p->runs != NULL;
	size_t total = 0;
	const char **v = distinct(known ? (failed ? p->fails : p->runs) : NULL, &total);
	size_t n = total < NAMES_MAX ? total : NAMES_MAX;
	bool same = n == p->nnames && n == p->npages;
	for (size_t k = 0; same && k < n; k++)
		same = strcmp(v[k], p->names[k]) == 0;
	if (same) {
		free(v);
		p->names_total = total;
		if (known && !n)
			p->loaded = true;
		fetch(p);
		return;
	}
	if (total > NAMES_MAX && p->names_total <= NAMES_MAX)
		jobs_say(p, MSG_WARN, "%zu jobs: the first %d by name are shown", total, NAMES_MAX);
	/* rows already read move with their name; the others are dropped,
	 * and their answers with them (req_page finds no name) */
	char **names = xcalloc(n ? n : 1, sizeof(*names));
	struct job_page **pages = xcalloc(n ? n : 1, sizeof(*pages));
	unsigned long *pending = xcalloc(n ? n : 1, sizeof(*pending));
	for (size_t k = 0; k < n; k++) {
		names[k] = xstrdup(v[k]);
		long old = find_name(p, v[k]);
		if (old >= 0 && (size_t)old < p->npages) {
			pages[k] = p->pages[old];
			pending[k] = p->pending[old];
			p->pages[old] = NULL;
		}
	}
	free(v);
	for (size_t k = 0; k < p->npages; k++)
		job_page_free(p->pages[k]);
	free(p->pages);
	free(p->pending);
	jobs_names_free(p);
	p->names = names;
	p->nnames = n;
	p->names_total = total;
	p->pages = pages;
	p->pending = pending;
	p->npages = n;
	if (known && !n)
		p->loaded = true;
	fetch(p);
}

int jobs_names_result(struct jv *p, struct wresult *r)
{
	long k = find_name(p, r->req->query.job_name);
	if (k < 0 || (size_t)k >= p->npages || r->watch >= 0 || p->pending[k] != r->req->id)
		return R_NONE; /* a name that left the set, or an older question */
	p->pending[k] = 0;
	struct job_page *jp = r->ok ? r->u.jobs : NULL;
	if (jp) {
		r->u.jobs = NULL;
	} else {
		/* asked again only once the name leaves the set and returns:
		 * a failing name must not become a loop of questions */
		jp = xcalloc(1, sizeof(*jp));
		if (!r->ok)
			jobs_say(p, MSG_WARN, "cannot read job %s: %s", p->names[k],
				    r->err.message ? r->err.message : "request failed");
	}
	/* The filter is exact and names are global: one job at most; rows
	 * of any other name are not this one. */
	size_t m = 0;
	for (size_t i = 0; i < jp->n; i++) {
		if (m == 0 && jp->jobs[i].name && strcasecmp(jp->jobs[i].name, p->names[k]) == 0) {
			if (i) {
				struct job t = jp->jobs[0];
				jp->jobs[0] = jp->jobs[i];
				jp->jobs[i] = t;
			}
			m = 1;
		}
	}
	for (size_t i = m; i < jp->n; i++)
		job_clear(&jp->jobs[i]);
	jp->n = m;
	job_page_free(p->pages[k]);
	p->pages[k] = jp;
	p->loaded = true;
	free(p->error);
	p->error = NULL;
	fetch(p);
	jobs_load_rebuild(p);
	return R_REDRAW | R_LAYOUT;
}
