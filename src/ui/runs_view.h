/* The runs view (runs_view.c): executions across every job of the team,
 * newest first, with scopes (all, failed, running) and a start window. */
#ifndef VDKTOP_UI_RUNS_VIEW_H
#define VDKTOP_UI_RUNS_VIEW_H

#include <stdbool.h>

#include "model.h"
#include "ui/view.h"

struct app;

enum runs_scope { RUNS_ALL, RUNS_FAILED, RUNS_RUNNING };

/* arg: the ':runs' argument ("failed 7d", "running", NULL: every run of
 * the last 24 h); the team is the app's at creation. */
struct view *runs_view_new(struct app *a, const char *arg);

#endif
