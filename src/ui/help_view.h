/* The help view: the keys and commands of the view it was opened from. */
#ifndef VDKTOP_UI_HELP_VIEW_H
#define VDKTOP_UI_HELP_VIEW_H

#include "ui/view.h"

struct app;

/* The keys of for_view (borrowed, read here only; NULL: the jobs view's). */
struct view *help_view_new(struct app *a, const struct view *for_view);

#endif
