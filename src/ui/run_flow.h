/* The run action's conversation with the service, without the app or a
 * terminal: which requests it sends (the probe for a run already going
 * on, the start with its arguments parsed, the lookup after a 409) and
 * what each answer means. action_run.c shows it in a dialog. */
#ifndef VDKTOP_UI_RUN_FLOW_H
#define VDKTOP_UI_RUN_FLOW_H

#include "worker.h"

#define RUN_STARTED_BY "manual/vdktop"

struct run_flow {
	char *team, *job;
	unsigned long probe, pending, lookup; /* request ids; 0: none */
	char *running_id;  /* a run of the job that goes on, once known */
	char *started_id;  /* RUN_STARTED: the new execution (NULL: not named) */
};

enum run_event {
	RUN_NONE,          /* not an answer the flow waits for */
	RUN_RUNNING,       /* the probe found a run going on (running_id) */
	RUN_STARTED,       /* accepted (started_id) */
	RUN_CONFLICT,      /* 409: look the running one up (run_flow_lookup) */
	RUN_FOUND,         /* the lookup found it (running_id) */
	RUN_NOT_FOUND,     /* the lookup found none going on */
	RUN_NOT_DEPLOYED,  /* 404 */
	RUN_FAILED,        /* any other failure */
};

void run_flow_init(struct run_flow *f, const char *team, const char *job);
void run_flow_fini(struct run_flow *f);
/* The newest executions of the job (owned by the caller); the caller
 * records the id it was given in f->probe (f->lookup for the lookup). */
struct wreq *run_flow_probe(const struct run_flow *f);
struct wreq *run_flow_lookup(const struct run_flow *f);
/* The start request for args as typed (blank: none), or NULL with *err
 * (owned) when they are not a JSON object. Clears running_id. */
struct wreq *run_flow_start(struct run_flow *f, const char *args, char **err);
/* One answer in; what it means out (the ids it answered are cleared). */
enum run_event run_flow_result(struct run_flow *f, const struct wresult *r);

#endif
