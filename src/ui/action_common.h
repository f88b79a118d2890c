/* What the write-action flows (action_*.c) share: the target an action
 * works on, the typed confirmation, the error text and the action log
 * entry of a write, and the flows' entry points for the dispatch. */
#ifndef VDKTOP_UI_ACTION_COMMON_H
#define VDKTOP_UI_ACTION_COMMON_H

#include <stdbool.h>

#include "model.h"
#include "ui/keys.h"
#include "ui/view.h"

struct app;
struct wresult;
struct form;

/* What an action works on. Strings owned. */
struct action_target {
	char *team;
	char *job;                    /* NULL: no job selected */
	bool deployed_known;
	struct deployment *dep;       /* copy; NULL: not deployed */
	char *exec_id;                /* job view: the selected execution */
	enum exec_status exec_status;
	bool whole_view;              /* the origin shows this job alone */
	bool edits_props;             /* the origin edits its properties or secrets */
	bool refused;                 /* resolve already said why not */
	struct view *origin;          /* the view it came from (borrowed) */
};

void action_target_free(struct action_target *t);
struct action_target *action_target_dup(const struct action_target *t);

/* Whether the current context wants the job name typed for every write. */
bool actions_typed(struct app *a);
/* "what — why" of a failed request, or its one-line message (owned). */
char *actions_error_text(const struct wresult *r);
/* Records the write r answered in the action log: its action word, method
 * and path, HTTP status and the server's message. */
void actions_log(struct app *a, const struct wresult *r, const char *target, const char *outcome);

/* Typed confirmation inside a form, only in typed contexts (see
 * form_add_confirm; validate calls form_check_confirm). */
void actions_form_typed(struct app *a, struct form *f, const char *name);

/* The flows (one file each). */
void action_create(struct app *a, const struct action_target *t);
void action_deploy(struct app *a, const struct action_target *t);
void action_run(struct app *a, const struct action_target *t);
void action_cancel(struct app *a, const struct action_target *t);
void action_toggle_enable(struct app *a, const struct action_target *t);
void action_delete(struct app *a, const struct action_target *t);
/* Edit, add or delete a key in the properties or secrets view origin
 * (action_props.c). */
void action_props(struct app *a, struct view *origin, enum action act);

#endif
