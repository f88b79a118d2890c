/* The action log view (:log): the writes of this session, newest last. */
#ifndef VDKTOP_UI_ACTIONLOG_VIEW_H
#define VDKTOP_UI_ACTIONLOG_VIEW_H

#include "ui/view.h"

struct app;

struct view *action_log_view_new(struct app *a);

#endif
