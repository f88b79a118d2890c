/* The write actions: create, deploy, run, cancel, enable/disable, delete.
 *
 * Views leave every AF_WRITE action unhandled; the app (after its
 * read-only check) hands them to the handler the composition root
 * registered (ui.c), which calls actions_dispatch: it asks the view for
 * its target (view_ops.target: the job, the execution under the cursor)
 * and opens the form or confirmation for it. Each dialog shows the exact request before it
 * is sent, every write lands in the action log (:log), and a failed write
 * keeps what the user typed next to the server's what/why.
 *
 * A deploy outlives its dialog: after the POST the deploy tracker
 * (deploy_track.h) follows it until the new version is live. */
#ifndef VDKTOP_UI_ACTIONS_H
#define VDKTOP_UI_ACTIONS_H

#include <stdbool.h>

#include "model.h"
#include "ui/keys.h"
#include "ui/view.h"

struct app;
struct wresult;

/* An AF_WRITE action the top view did not handle. True when handled
 * (also when refused with a message). */
bool actions_dispatch(struct app *a, struct view *top, enum action act, const char *arg);

#endif
