/* The job view: one job's deployment, executions and details. */
#ifndef VDKTOP_UI_JOB_VIEW_H
#define VDKTOP_UI_JOB_VIEW_H

#include "ui/view.h"

struct app;

struct view *job_view_new(struct app *a, const char *team, const char *job);

#endif
