/* The dashboard's composition root: the one place that names the concrete
 * views and the write actions, and wires them into the app core. */
#ifndef VDKTOP_UI_UI_H
#define VDKTOP_UI_UI_H

#include "config.h"

struct app;

/* Registers what the global commands do: help, the action log, the runs
 * view, and every write action (AF_WRITE) through actions.c. */
void ui_register(struct app *a);

/* Builds the app on cfg (borrowed), registers the commands, pushes the
 * jobs view (its first request goes out before the terminal is set up),
 * opens the screen and runs until quit. Returns the exit status, or -1 with *err
 * (owned) when the app could not start; the trace is started only once it
 * did. */
int ui_main(struct config *cfg, char **err);

#endif
