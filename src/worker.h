/* The background threads that own libcurl.
 *
 * The UI thread hands the worker requests (one-shot, or "watches" it
 * re-issues on an interval) and takes back results: parsed, immutable
 * structs, one per answered request, announced by a byte on the wake fd.
 * Two lanes, each a thread with its own http client: the watches and
 * every small request share one keep-alive connection; what may be large
 * (a log as it loads, a sources upload, a keytab) goes on the bulk lane,
 * whose thread decodes it at a lower priority while the polls go on. The
 * worker never touches curses; the UI never touches curl or json-c. */
#ifndef VDKTOP_WORKER_H
#define VDKTOP_WORKER_H

#include <stdbool.h>
#include <stddef.h>

#include "api.h"
#include "model.h"
#include "propmap.h"

enum wreq_kind {
	WREQ_INFO,
	WREQ_JOBS,            /* GraphQL page: query */
	WREQ_JOB,             /* GraphQL: one job with details + deployment */
	WREQ_EXECUTIONS,      /* GraphQL: newest executions of job (page_size) */
	WREQ_DEPLOYMENT,      /* REST GET deployments of job */
	WREQ_EXECUTION,       /* REST GET one execution */
	WREQ_LOGS,            /* REST logs of execution, tail_lines */
	WREQ_JOB_GET,         /* REST GET job (before a PUT) */
	WREQ_JOB_CREATE,      /* job_body */
	WREQ_JOB_UPDATE,      /* job_body, full replacement */
	WREQ_JOB_DELETE,
	WREQ_KEYTAB,
	WREQ_DEPLOY,          /* POST deployment: deploy */
	WREQ_DEPLOYMENT_PATCH,/* PATCH deployment: deploy */
	WREQ_EXEC_START,      /* args_json, started_by */
	WREQ_EXEC_CANCEL,
	WREQ_SOURCES_UPLOAD,  /* blob (zip), reason */
	WREQ_PROPERTIES,      /* REST GET properties of job → map */
	WREQ_PROPERTIES_PUT,  /* map: the whole new map */
	WREQ_SECRETS,         /* REST GET secrets of job → map (secret) */
	WREQ_SECRETS_PUT,     /* map: the whole new map */
	WREQ_EXEC_FIND,       /* GraphQL root executions: exec_query */
	WREQ_KIND_COUNT
};

const char *wreq_kind_name(enum wreq_kind k);
/* Whether the request changes server state (for the action log). */
bool wreq_kind_writes(enum wreq_kind k);

struct wreq {
	enum wreq_kind kind;
	unsigned long id;        /* set when submitted */
	unsigned long owner;     /* view id; a result for a closed view is dropped */
	char *team;              /* path team; owned */
	char *job;               /* owned, may be NULL */
	char *execution;         /* owned, may be NULL */
	struct jobs_query query; /* WREQ_JOBS/WREQ_JOB; strings owned by strs */
	long page_size;          /* WREQ_EXECUTIONS */
	long tail_lines;         /* WREQ_LOGS; <= 0 whole log */
	size_t line_max;         /* WREQ_LOGS: longer lines kept cut; 0 whole */
	struct job *job_body;    /* create/update; owned */
	struct deploy_params deploy; /* strings owned by strs */
	char *args_json;         /* owned */
	char *started_by;        /* owned */
	char *reason;            /* owned */
	void *blob;              /* owned */
	size_t blob_len;
	struct propmap *map;     /* PROPERTIES_PUT, SECRETS_PUT; owned */
	struct strlist strs;     /* owns the strings query/deploy point to */
	/* WREQ_EXEC_FIND; its team and job lists point into eq_teams and
	 * eq_jobs, which own them. */
	struct executions_query exec_query;
	struct strlist eq_teams;
	struct strlist eq_jobs;
};

struct wreq *wreq_new(enum wreq_kind kind, const char *team, const char *job, const char *execution);
struct wreq *wreq_dup(const struct wreq *r);
void wreq_free(struct wreq *r);
/* Deep-copy the strings of q / p into r. */
void wreq_set_query(struct wreq *r, const struct jobs_query *q);
void wreq_set_deploy(struct wreq *r, const struct deploy_params *p);
void wreq_set_exec_query(struct wreq *r, const struct executions_query *q);
/* "POST /data-jobs/for-team/t/jobs/j/deployments": shown before writes. */
char *wreq_describe(const struct wreq *r);

enum wresult_type { WRESULT_DONE, WRESULT_PROGRESS };

struct wresult {
	enum wresult_type type;
	struct wreq *req;        /* the request answered; owned */
	int watch;               /* watch slot, or -1 for a one-shot request */
	bool ok;
	struct api_error err;    /* when !ok */
	long http_status;        /* the answer's HTTP status (0: none came) */
	long long sent_ms;       /* now_ms() clock */
	long long done_ms;
	size_t bytes;            /* response body size */
	int attempt;             /* consecutive failures of this watch (0 on ok) */
	long long retry_in_ms;   /* a failing watch retries after this */
	long long progress_done, progress_total; /* WRESULT_PROGRESS */
	union {
		struct api_info *info;                 /* INFO */
		struct job_page *jobs;                 /* JOBS */
		struct job *job;                       /* JOB (NULL: no such job), JOB_GET */
		struct deployment *deployment;         /* DEPLOYMENT (NULL: not deployed) */
		struct execution_list *executions;     /* EXECUTIONS, EXEC_FIND */
		struct execution *execution;           /* EXECUTION */
		struct { char *data; size_t len; } text; /* KEYTAB */
		struct logtext *log;                   /* LOGS */
		char *execution_id;                    /* EXEC_START */
		char *version_sha;                     /* SOURCES_UPLOAD */
		struct propmap *map;                   /* PROPERTIES, SECRETS */
	} u;
};

void wresult_free(struct wresult *r);

enum watch_slot {
	WATCH_JOBS,
	WATCH_JOB,
	WATCH_EXECUTIONS,
	WATCH_DEPLOYMENT,
	WATCH_LOGS,
	WATCH_EXECUTION,
	WATCH_DEPLOY_PROGRESS,
	WATCH_PROPS,          /* the properties or secrets view's map */
	WATCH_PROBE,          /* the app's own: info while the service is failing
	                         and no view watches anything */
	WATCH_RUNS,           /* jobs list: root executions in flight */
	WATCH_FAILED,         /* jobs list: root executions failed lately */
	WATCH_RUN_LIST,       /* runs view: root executions, first page */
	WATCH_COUNT
};

struct worker;

/* Takes ownership of http (used only on the shared lane's thread from
 * now on; the bulk lane drives its twin). base_url is copied. The worker
 * writes one byte to wake_fd whenever results are waiting. */
struct worker *worker_new(struct http_client *http, const char *base_url, int wake_fd);
/* Starts both lanes' threads; -1 when either cannot start. */
int worker_start(struct worker *w);
/* Stops the threads (in-flight transfers are abandoned) and frees all. */
void worker_free(struct worker *w);

/* One-shot request; returns its id. */
unsigned long worker_submit(struct worker *w, struct wreq *req /* taken */);
/* Re-issues req every interval_ms (backing off with jitter while it
 * fails), replacing whatever the slot watched before; results of the old
 * watch that are still queued are discarded, and its request still in
 * flight is cancelled (worker_unwatch too), so a superseded query never
 * holds a connection. The first request goes out at once. */
void worker_watch(struct worker *w, enum watch_slot slot, struct wreq *req /* taken */, int interval_ms);
/* The same, with the first request after first_ms (0: at once): for a
 * watch whose answer is already in hand. */
void worker_watch_after(struct worker *w, enum watch_slot slot, struct wreq *req /* taken */, int interval_ms,
			int first_ms);
void worker_unwatch(struct worker *w, enum watch_slot slot);
/* The view owner is gone: its one-shot reads still queued are dropped,
 * and a log under way is cancelled (a smaller answer finishes and is
 * dropped: cheaper than a new connection). Writes always go through. */
void worker_forget_owner(struct worker *w, unsigned long owner);
/* Changes a watch's interval without re-issuing it early. */
void worker_set_interval(struct worker *w, enum watch_slot slot, int interval_ms);
/* Re-issue now (slot < 0: every watch); resets backoff. */
void worker_refresh(struct worker *w, int slot);
/* How long the bulk lane waits for a poll just sent before it goes on
 * receiving and decoding (default 20 ms; 0: it never waits). */
void worker_set_give_way(struct worker *w, int ms);
/* Next finished result or NULL; the caller owns it. UI thread only. */
struct wresult *worker_take(struct worker *w);
/* Requests being transferred or queued: tests wait for 0. */
size_t worker_busy(struct worker *w);
/* The X-OPID the client sends (constant; any thread). */
const char *worker_op_id(const struct worker *w);

#endif
