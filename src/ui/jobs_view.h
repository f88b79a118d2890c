/* The jobs view (home) beyond the view_ops: what other parts of the UI
 * (actions, forms) may ask of it. Each function ignores a v that is not
 * a jobs view. */
#ifndef VDKTOP_JOBS_VIEW_H
#define VDKTOP_JOBS_VIEW_H

#include <stdbool.h>

#include "ui/view.h"

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

#endif
