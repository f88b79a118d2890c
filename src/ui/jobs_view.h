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
/* Whether v is the jobs view. */
bool jobs_view_is(const struct view *v);
/* The selected job (valid until the next answer arrives), or NULL. */
const struct job *jobs_view_selected(struct view *v);
/* The app's jobs view when it is the app's root view (the bottom of the
 * stack, which lives as long as the app), else NULL. Background actions (a deploy
 * being tracked) hang their requests on it. */
struct view *jobs_view_home(const struct app *a);
/* The team of a job the list has loaded (all-teams mode knows each
 * job's team; the root executions query does not say it), or NULL. */
const char *jobs_view_team_of(const struct view *v, const char *job);

/* The job view (job_view.c): what the actions ask of it. Each returns
 * NULL / false for a v that is not a job view. */
bool job_view_is(const struct view *v);
const char *job_view_team(const struct view *v);
const char *job_view_name(const struct view *v);
/* The deployment as last read; *known false until the first answer. */
const struct deployment *job_view_deployment(const struct view *v, bool *known);
/* The selected execution, or NULL. */
const struct execution *job_view_execution(const struct view *v);

#endif
