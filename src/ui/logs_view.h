/* The logs view of one execution. What it shows is what the write
 * actions work on (`x` cancels it): they ask through view_ops.target. */
#ifndef VDKTOP_UI_LOGS_VIEW_H
#define VDKTOP_UI_LOGS_VIEW_H

#include "ui/view.h"

struct app;

/* exec_id NULL: the job's newest execution. */
struct view *logs_view_new(struct app *a, const char *team, const char *job, const char *exec_id);

#endif
