/* Deploying from a local job directory, the way `vdk deploy` does it.
 *
 * A data job's sources are a directory whose name is the job's name, with a
 * config.ini (peers.md §1 "vdk deploy"). The deploy flow is:
 *
 *   jobdir_inspect()  check the directory and read config.ini, show a summary
 *   jobdir_zip()      pack it in memory, the directory's name as the root of
 *                     every entry ("my-job/config.ini", "my-job/10_step.sql")
 *   then the API:     POST sources (the zip, application/octet-stream)
 *                     -> version_sha; GET job, apply config, PUT job;
 *                     POST deployment {job_version, python_version, enabled}
 *
 * Both jobdir_inspect() and jobdir_zip() refuse a directory holding a
 * `*.keytab` file anywhere inside (a secret must never be uploaded), each
 * time they run, because the directory can change between the two.
 *
 * What is packed: everything, recursively, in sorted order (byte order of
 * the names, so the same tree always gives the same archive), with Unix
 * permissions and modification times kept, except:
 *   - `.git` (file or directory) at any depth: the vdk CLI zips the whole
 *     tree with no ignore rules (peers.md §1), but a checkout's history is
 *     not part of a job and can be large;
 *   - symbolic links that point outside the job directory, that dangle, or
 *     that point to a directory (never followed, so no loops); a link to a
 *     file inside the directory is packed as a copy of that file;
 *   - sockets, FIFOs and devices.
 * Every skipped item is named in the warnings. Packing opens every file
 * below the directory it walked, one component at a time and never through
 * a symbolic link (openat, O_NOFOLLOW), so a directory swapped for a link
 * between the walk and the packing cannot pull in a file from elsewhere:
 * that file fails with a message instead. More than JOBDIR_TOTAL_MAX bytes
 * in all is refused. `__pycache__` and `*.pyc` are
 * packed, as the CLI packs them.
 *
 * config.ini is read with inih, with the vdk CLI's (Python configparser's)
 * reading where inih differs: keys are case-insensitive, ';' after a space
 * does not start a comment (so "a@x.com ; b@y.com" is two contacts),
 * indented lines continue the previous value, lines of any length work,
 * a UTF-8 BOM and CRLF line ends are accepted, and a key outside any
 * [section] or a repeated key is an error.
 *
 * Nothing here touches the terminal; errors are complete sentences for the
 * status line or a dialog. */
#ifndef VDKTOP_JOBDIR_H
#define VDKTOP_JOBDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Largest config.ini read; a larger one is refused as not a job config. */
#define JOBDIR_CONFIG_MAX (1024 * 1024)
/* Largest total of the files a deploy packs: the sources go to the service
 * in one request, held in memory; a bigger directory holds data or build
 * output, and is refused with a message saying so. */
#define JOBDIR_TOTAL_MAX (256ULL << 20)

/* What config.ini says. Every string is owned; free with
 * jobdir_config_free(). A missing key gives NULL (strings), an empty list,
 * or the server's default (the two notification settings), which is what
 * the vdk CLI sends for a missing key. */
struct jobdir_config {
	char *team;           /* [owner] team */
	char *schedule_cron;  /* [job] schedule_cron; "" = present but empty */
	char *python_version; /* [job] python_version */
	char *description;    /* [job] description */
	/* [contacts] lists: split on ';', ',' and line breaks, trimmed, empty
	 * items dropped. */
	struct strlist notified_on_job_failure_user_error;
	struct strlist notified_on_job_failure_platform_error;
	struct strlist notified_on_job_success;
	struct strlist notified_on_job_deploy;
	bool enable_execution_notifications;    /* [contacts], default true */
	long notification_delay_period_minutes; /* [contacts], default 240 */
};

/* The result of jobdir_inspect(); free with jobdir_info_free(). */
struct jobdir_info {
	char *path;        /* the directory as given, trailing '/' removed */
	char *name;        /* its base name: the job name and the zip's root */
	size_t file_count; /* regular files that will be packed */
	unsigned long long total_size; /* their total size in bytes */
	struct jobdir_config config;
	/* Things the user should see before deploying (items skipped, an empty
	 * or invalid schedule, a directory name the server would refuse as a
	 * job name, ...). One sentence each. */
	struct strlist warnings;
};

/* Checks that path is a readable directory without keytabs, reads its
 * config.ini, and counts what would be packed. Returns 0 and fills *out,
 * or -1 with *err (a new string, caller frees) and *out zeroed. A missing
 * config.ini is an error, as for the vdk CLI. */
int jobdir_inspect(const char *path, struct jobdir_info *out, char **err);
void jobdir_info_free(struct jobdir_info *info);

/* Parses config.ini text (len bytes, need not be NUL-terminated; may hold
 * any bytes). Returns 0 and fills *out (defaults for what is missing), or
 * -1 with *err naming the line, e.g. "config.ini line 4: expected
 * 'key = value', a [section] or a comment", and *out zeroed.
 * Exposed for the fuzzer and the tests. */
int jobdir_parse_config_ini(const char *text, size_t len, struct jobdir_config *out,
			    char **err);
void jobdir_config_free(struct jobdir_config *cfg);

/* Progress while packing: fraction is 0..1 over reading and compressing.
 * Return false to cancel; jobdir_zip_ex() then fails with "cancelled".
 * Called on the thread that packs. */
typedef bool (*jobdir_progress_fn)(double fraction, void *ud);

/* Packs the directory into a zip archive in memory. Returns 0 with *zip (a
 * malloc'ed buffer, caller frees) and *len, or -1 with *err. The keytab
 * check runs again here. The files' contents and the archive are all held
 * in memory while packing (job directories are small; the upload needs the
 * whole archive as one body anyway). Blocking: run it off the UI thread for
 * big directories. */
int jobdir_zip(const char *path, void **zip, size_t *len, char **err);
int jobdir_zip_ex(const char *path, jobdir_progress_fn progress, void *ud, void **zip,
		  size_t *len, char **err);

/* For tests: called (when set) between the walk and the packing, to change
 * the directory in that window. */
extern void (*jobdir_after_walk_hook)(const char *path);

#endif
