/* The jobs view (home) beyond the view_ops: what other parts of the UI
 * (actions, forms) may ask of it. Each function ignores a v that is not
 * a jobs view. */
#ifndef VDKTOP_JOBS_VIEW_H
#define VDKTOP_JOBS_VIEW_H

#include <stdbool.h>

#include "model.h"
#include "ui/view.h"

struct app;

/* The list of the team's jobs: the composition root's root view. */
struct view *jobs_view_new(struct app *a);

/* Selects the job's row; when the job is not in the list yet (just
 * created), it is selected as soon as a refresh brings it. */
void jobs_view_select(struct view *v, const char *job);
/* Re-fetches the list now (after a write). */
void jobs_view_refresh(struct view *v);
/* Shows the job's deployment as enabled / disabled at once, before the
 * next poll confirms it (after a successful PATCH). */
void jobs_view_set_enabled(struct view *v, const char *job, bool enabled);
/* The app's jobs view when it is the app's root view (the bottom of the
 * stack, which lives as long as the app), else NULL: the list a write
 * refreshes, and selects a new job in. */
struct view *jobs_view_home(const struct app *a);
/* The team of a job the list has loaded (all-teams mode knows each
 * job's team; the root executions query does not say it), or NULL. */
const char *jobs_view_team_of(const struct view *v, const char *job);

#endif
