/* The deploy flow's logic without a screen: packing a job directory on a
 * thread of its own, turning config.ini into the job's config for the PUT,
 * and deciding when an asynchronous deployment has gone live.
 *
 * The sequence itself (api-notes §5.6, as `vdk deploy` does it):
 *   1. POST sources (the zip)           → version_sha
 *   2. GET job
 *   3. PUT job: the GET answer with schedule, contacts, description and
 *      notification settings from config.ini (a full replacement)
 *   4. POST deployments {job_version, python_version, enabled}
 *   5. poll GET deployments until job_version (and python_version) show
 *      the new values, or a timeout passes: the server reports neither
 *      progress nor failure of the image build. */
#ifndef VDKTOP_DEPLOY_H
#define VDKTOP_DEPLOY_H

#include <stdbool.h>
#include <stddef.h>

#include "jobdir.h"
#include "model.h"

/* Packing in the background: jobdir_zip_ex on a thread. */
struct deploy_zip;

/* Starts packing path (copied). NULL with *err when no thread could be
 * started. */
struct deploy_zip *deploy_zip_start(const char *path, char **err);
/* Progress 0..1; true once the thread finished (success or not). */
bool deploy_zip_poll(struct deploy_zip *z, double *fraction);
/* Asks the thread to stop at its next progress report. */
void deploy_zip_cancel(struct deploy_zip *z);
/* Joins the thread and frees z. On success 0 with *zip (owned) and *len;
 * otherwise -1 with *err (owned). zip/err may be NULL to discard. */
int deploy_zip_finish(struct deploy_zip *z, void **zip, size_t *len, char **err);

/* Applies what config.ini says to the job read from the server (step 3):
 * the schedule (an empty one is sent as empty), the four contact lists
 * and the notification settings. Never the description, as the vdk CLI.
 * Other fields are left as read. Returns whether anything changed: a PUT
 * of the job clears its last-run summary on the server (api-notes §4.7),
 * so an unchanged config is not sent. */
bool deploy_apply_config(struct job *j, const struct jobdir_config *c);

/* Whether the deployment shows the new version (and python version, when
 * not NULL). */
bool deploy_is_live(const struct deployment *d, const char *job_version, const char *python_version);

/* The first 7 characters of a version sha, as git shows it (owned). */
char *deploy_short_version(const char *v);

/* What to tell the user when a deployment did not go live in time
 * (owned): what to check next. */
char *deploy_timeout_text(const char *team, const char *job, const char *version, int timeout_s,
			  const struct deployment *last);

#endif
