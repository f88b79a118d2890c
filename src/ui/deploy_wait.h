/* Waiting for an accepted deployment to go live: which request to poll
 * and what each answer means. No terminal and no app in it, so the
 * judgement is unit-tested; deploy_track.c follows it in the UI. */
#ifndef VDKTOP_UI_DEPLOY_WAIT_H
#define VDKTOP_UI_DEPLOY_WAIT_H

#include <stdbool.h>

#include "worker.h"

struct deploy_wait {
	char *team, *job, *version, *python; /* python NULL: any */
	long long start_ms, timeout_ms;      /* now_ms() clock */
};

enum deploy_wait_state {
	DW_OTHER,   /* not an answer about this deployment */
	DW_WAITING, /* not live yet (or the check failed): keep polling */
	DW_LIVE,    /* version (and python) are live: stop */
	DW_TIMEOUT, /* the time is up: stop */
};

/* What one answer means; texts owned (deploy_wait_report_clear). */
struct deploy_wait_report {
	enum deploy_wait_state state;
	bool warn;          /* the last check failed */
	char *message;      /* the status line */
	char *detail;       /* the progress step: "12 s", "live after 12 s", "timeout" */
	char *outcome;      /* the action log's outcome once it ended, else NULL */
};

/* Strings copied; timeout_s <= 0: 600 s. */
void deploy_wait_init(struct deploy_wait *w, const char *team, const char *job, const char *version,
		      const char *python, long long start_ms, int timeout_s);
void deploy_wait_fini(struct deploy_wait *w);
/* The read to poll (owned by the caller). */
struct wreq *deploy_wait_request(const struct deploy_wait *w);
/* Judges the answer r at now_ms into *out. */
void deploy_wait_judge(const struct deploy_wait *w, const struct wresult *r, long long now_ms,
		       struct deploy_wait_report *out);
void deploy_wait_report_clear(struct deploy_wait_report *rep);

#endif
