/* The logs view of one execution, and what other modules may ask it:
 * which execution it shows, e.g. for the cancel action on `x`. Each
 * accessor takes any view and returns NULL (false) unless it is a logs
 * view; the strings belong to the view and live as long as it does. */
#ifndef VDKTOP_UI_LOGS_VIEW_H
#define VDKTOP_UI_LOGS_VIEW_H

#include <stdbool.h>

#include "ui/view.h"

struct app;

/* exec_id NULL: the job's newest execution. */
struct view *logs_view_new(struct app *a, const char *team, const char *job, const char *exec_id);

/* The execution id shown; NULL while the newest execution is still being
 * looked up (or the job has none). */
const char *logs_view_execution(struct view *v);
const char *logs_view_job(struct view *v);
const char *logs_view_team(struct view *v);
/* Whether the execution was submitted or running at its last poll. */
bool logs_view_is_active(struct view *v);

#endif
