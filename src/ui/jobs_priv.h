/* The jobs view's state, shared by jobs_view.c (drawing, keys, the
 * view_ops) and jobs_load.c (loading, paging, the server queries).
 * Nothing outside src/ui/jobs_*.c includes this. */
#ifndef VDKTOP_UI_JOBS_PRIV_H
#define VDKTOP_UI_JOBS_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"
#include "util.h"
#include "worker.h"
#include "ui/app.h"
#include "ui/jobs_model.h"
#include "ui/lineedit.h"
#include "ui/table.h"

/* What the loader needs of the app: its requests go out through here,
 * and the refresh intervals, messages and the clock come from here. The
 * jobs view opens it on the app; a unit test records what goes out. */
struct jobs_port {
	unsigned long (*submit)(void *ud, struct wreq *req);
	/* first_ms 0: the first request at once */
	void (*watch)(void *ud, enum watch_slot slot, struct wreq *req, int interval_ms, int first_ms);
	void (*unwatch)(void *ud, enum watch_slot slot);
	void (*set_interval)(void *ud, enum watch_slot slot, int interval_ms);
	void (*poll_now)(void *ud, enum watch_slot slot); /* the watch's next request now */
	int (*refresh_ms)(void *ud, bool active);
	void (*message)(void *ud, enum msg_level lvl, const char *text);
	time_t (*now)(void *ud);
};

struct jv {
	struct view *v;            /* NULL without a terminal (unit tests) */
	const struct jobs_port *port;
	void *port_ud;
	char *team;                /* NULL: all teams */
	long page_size;            /* of the mode: full_size, or a lazy page */
	long full_size;            /* configured; what a whole team is read in */
	struct job_page **pages;   /* pages[k] is page k + 1, NULL until loaded */
	unsigned long *pending;    /* one-shot request id per page, 0 none */
	size_t npages;
	long long total;           /* jobs the server reports, -1 unknown */
	bool lazy;
	/* A lazy team seen as a small one, filtered and sorted here:
	 * SUBSET_FAILURES reads two whole answers (user_error and
	 * platform_error); SUBSET_NAMES reads the jobs the root executions
	 * query named, one query each (jobs_names.c). */
	enum jobs_subset { SUBSET_NONE, SUBSET_FAILURES, SUBSET_NAMES } subset;
	char **names;              /* SUBSET_NAMES: sorted, pages[k] is names[k] */
	size_t nnames;
	size_t names_total;        /* names before NAMES_MAX */
	bool replace;              /* lazy: the pages answer an older query */
	bool loaded;               /* a first answer arrived */
	bool runs_held;            /* the runs watch waits for the first answer */
	long long runs_release_at; /* the tick that sends it: after the first rows' paint */
	char *error;               /* why the first load failed */

	const struct job **rows;   /* full mode: the shown jobs, in order */
	size_t nrows;
	size_t nall;               /* full mode: jobs before filter and scope */

	struct table *table;
	enum jobs_col sort;
	bool desc;
	enum jobs_scope scope;
	struct lineedit filter;
	bool editing;
	bool active;               /* something shown is running */
	bool full;                 /* next draw repaints everything */
	long watched_page;         /* lazy: the page the watch polls */
	long long search_at;       /* lazy: send the typed search then; 0 none */

	/* From the root executions query (api-notes §4.7): runs in flight,
	 * failures in the window, last runs where the summary is empty. The
	 * indexes in live point into these lists. */
	struct jobs_live live;
	struct execution_list *runs;
	struct execution_list *fails;
	struct execution_list **done;
	size_t ndone;
	char **asked;              /* sorted: jobs whose last run was asked for */
	size_t nasked;
	size_t done_inflight;
	long failed_window_s;
};

/* The port's calls, for jobs_*.c. */
unsigned long jobs_submit(struct jv *p, struct wreq *req);
void jobs_watch(struct jv *p, enum watch_slot slot, struct wreq *req, int interval_ms, int first_ms);
void jobs_unwatch(struct jv *p, enum watch_slot slot);
void jobs_refresh(struct jv *p, enum watch_slot slot);
int jobs_refresh_ms(struct jv *p, bool active);
void jobs_say(struct jv *p, enum msg_level lvl, const char *fmt, ...) PRINTF_LIKE(3, 4);
time_t jobs_now(const struct jv *p);

/* "" , NULL and "*" all stand for every team. */
bool jobs_load_all_teams(const char *team);
bool jobs_load_same_team(const char *a, const char *b);
/* The job shown on row i, or NULL (lazy mode: its page is not loaded). */
const struct job *jobs_load_row(const struct jv *p, size_t i);
/* Column widths from the loaded jobs; in full mode also filter, scope
 * and sort them into rows (lazy mode shows the server's order). */
void jobs_load_rebuild(struct jv *p);
/* Frees every page and row. */
void jobs_load_drop(struct jv *p);
/* Watches page (1-based) of the current query. */
void jobs_load_watch(struct jv *p, long page);
/* Lazy mode: the watch follows the selection's page; pages on screen
 * that are missing are fetched once. */
void jobs_load_follow(struct jv *p);
/* Starts over with a new query. A new team drops the rows at once; a
 * new sort or search (lazy mode, keep) keeps them on screen until the
 * first answer replaces them, so typing a filter never blanks the list. */
void jobs_load_requery(struct jv *p, bool keep);
/* A typed search still waiting goes out now (the prompt was closed). */
void jobs_load_search_now(struct jv *p);
/* Shows team (NULL, "" or "*": all teams) in full mode, from scratch. */
void jobs_load_set_team(struct jv *p, const char *team);
/* Takes a WREQ_JOBS answer; returns R_* flags. */
int jobs_load_result(struct jv *p, struct wresult *r);
/* The root executions watches of the list: runs in flight always, the
 * failures while the :failed scope is on. */
void jobs_load_watch_runs(struct jv *p);
void jobs_load_unwatch_runs(struct jv *p);
/* The list's first rows are in: a runs watch held for them goes out. */
void jobs_load_runs_release(struct jv *p);
/* When the held runs query is due (0: none is): see jobs_runs.c. */
long long jobs_load_runs_due(struct jv *p, long long now);
/* Takes a WREQ_EXEC_FIND answer; returns R_* flags. */
int jobs_load_runs_result(struct jv *p, struct wresult *r);
/* Asks for the last finished run of rows whose summary is empty but whose
 * counts say they ran (a PUT cleared it), a few at a time, rows on screen
 * first; each job once until its summary comes back. */
void jobs_load_ask_last(struct jv *p);
/* Forgets everything the root query said (a new team). */
void jobs_load_drop_live(struct jv *p);

/* ---- jobs_names.c: SUBSET_NAMES ---- */
/* The query for page (1-based): names[page - 1] by its exact name. */
void jobs_names_fill(const struct jv *p, struct jobs_query *q, long page);
/* Takes the names from the root query's answers (runs in flight, or the
 * failures for :failed), keeps the rows of the names that stay, asks for
 * the new ones. */
void jobs_names_sync(struct jv *p);
/* Sends the questions still to ask (a few at a time). */
void jobs_names_fetch(struct jv *p);
/* Takes a WREQ_JOBS answer for one name; returns R_* flags. */
int jobs_names_result(struct jv *p, struct wresult *r);
void jobs_names_free(struct jv *p);

#endif
