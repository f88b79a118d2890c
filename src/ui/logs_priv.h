/* The logs view's state, shared by logs_view.c (fetching, polling, keys),
 * logs_draw.c (the screen) and logs_save.c (the prompts and saving).
 * Nothing outside src/ui/logs_*.c includes this. */
#ifndef VDKTOP_UI_LOGS_PRIV_H
#define VDKTOP_UI_LOGS_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logbuf.h"
#include "model.h"
#include "sanitize.h"
#include "ui/app.h"
#include "ui/lineedit.h"
#include "ui/logs_vp.h"

/* Rows above the log: the execution line and the note line. */
#define LV_HEAD_ROWS 2

enum lv_prompt {
	LP_NONE,
	LP_SEARCH,    /* "/" query */
	LP_SAVE,      /* file name, prefilled with the default */
	LP_OVERWRITE, /* the name exists: "y" overwrites, anything else is a new name */
};

struct lv {
	struct view *v;
	char *team, *job, *exec_id;
	unsigned long lookup;     /* request for the newest execution */
	bool no_execution;        /* the job has none */
	bool no_id;              /* the newest execution came without an id */
	struct execution *exec;   /* last answer; NULL until the first */
	bool seen_active;         /* the execution was submitted/running once */
	bool final_fetched;       /* the last fetch after the final status went out */
	int exec_ms;              /* the execution watch's interval */
	char *exec_error;         /* last execution request error */
	bool gone;                /* 404: the service no longer has it */

	struct logbuf *lb;
	long tail_lines;          /* per poll */
	int poll_ms;
	unsigned long full_req;   /* whole-log request in flight */
	unsigned long last_req;   /* the one fetch after the final status */
	bool loaded;              /* some answer was merged */
	bool polling;             /* WATCH_LOGS set */
	bool gap;                 /* the store misses lines until a whole fetch */
	bool lines_cut;           /* a line over LOGS_LINE_MAX is stored cut */
	bool head_missing;        /* the load was a full tail: older lines may exist */
	bool waiting;             /* 503: the pod has not started */
	char *log_error;          /* last logs error (not 503) */

	struct logs_vp vp;
	uint64_t pause_end;       /* sequence number after the last line while following */
	bool wrap, show_ts;
	size_t hcol;              /* first column shown when unwrapped */
	bool has_mark;            /* the line a search or error jump landed on */
	uint64_t mark_seq;
	bool searching;           /* a search is matching lines, a slice per loop pass */
	bool search_jump;         /* then jump to its first match */
	long long search_t0;      /* when it started (now_ms) */

	enum lv_prompt prompt;
	struct lineedit le;
	char *save_path;          /* LP_OVERWRITE: the name that exists */
	unsigned long save_req;   /* whole-log fetch for saving */
	char *save_pending;       /* its file name */
	bool save_overwrite;

	/* Scratch, reused across lines so drawing allocates nothing. */
	struct san_buf sb;
	size_t *starts;
	size_t starts_cap;
	struct san_span *ranges;
	size_t ranges_cap;
};

/* logs_view.c */
bool lv_active(const struct lv *p);
/* The mode word of the header and status line: FOLLOW or PAUSED while the
 * execution may still grow, "finished" once it ended, NULL when there is
 * no execution to show (nothing would be followed). */
const char *lv_mode_word(const struct lv *p);
int lv_body_rows(const struct lv *p);
/* The viewport's view of the log at the current layout and wrap mode. */
struct logs_vp_src lv_src(struct lv *p);
/* Switches between the normal and the text-input view tables. */
void lv_set_prompt(struct lv *p, enum lv_prompt pr);
/* A whole-log request (tail_lines 0); returns its id. */
unsigned long lv_fetch_whole(struct lv *p);
/* The search prompt's Enter: sets the search and jumps to the first match
 * from the top line on ("" clears it). */
int lv_search_set(struct lv *p, const char *query);

/* logs_draw.c */
void lv_draw(struct view *v);
/* Rows line i takes at the current width and wrap mode. */
size_t lv_line_rows(struct lv *p, size_t i);

/* logs_save.c */
/* ":save NAME" or the prompt's answer: checks the name, asks before
 * overwriting, then saves. */
int lv_save_named(struct lv *p, const char *name);
/* The prompt's Enter. */
int lv_prompt_submit(struct lv *p);
/* The answer of the whole-log fetch made for saving. */
int lv_save_result(struct lv *p, struct wresult *r);

#endif
