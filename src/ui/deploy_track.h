/* Following an accepted deployment until it is live or the timeout
 * passes, with the progress in the status line and the action log.
 *
 * The tracker is a subscriber, not a view: it owns its watch
 * (WATCH_DEPLOY_PROGRESS) and gets its answers whichever view is open.
 * The app owns it (made on the first deploy, freed at exit); one deploy
 * is followed at a time. Whoever shows the progress too (the deploy
 * dialog) listens until it goes. */
#ifndef VDKTOP_UI_DEPLOY_TRACK_H
#define VDKTOP_UI_DEPLOY_TRACK_H

#include "ui/deploy_wait.h"

struct app;

struct deploy_listener {
	/* Every judged answer: waiting, live or timed out. */
	void (*progress)(void *ud, const struct deploy_wait_report *rep);
	void *ud;
};

/* Polls team/job's deployment until version (and python, when not NULL)
 * are live; a deploy followed until now is given up, saying so.
 * l (copied) may be NULL. */
void deploy_track_start(struct app *a, const char *team, const char *job, const char *version,
			const char *python, const struct deploy_listener *l);
/* The listener with this ud is going away. */
void deploy_track_unlisten(struct app *a, void *ud);

#endif
