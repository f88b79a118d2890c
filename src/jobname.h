/* Data job names, checked as the Control Service checks them.
 *
 * The server accepts ^[a-z][a-z0-9-]{5,49}$: a lowercase letter, then
 * lowercase letters, digits or '-', 6 to 50 characters in all (api-notes
 * §5.5). The spec says 5-50 and the vdk CLI 5-45; the server is the
 * authority, so only its rule makes a name invalid, and the CLI's shorter
 * limit is a separate, non-blocking warning. */
#ifndef VDKTOP_JOBNAME_H
#define VDKTOP_JOBNAME_H

#include <stdbool.h>

#define JOBNAME_MIN_LEN 6
#define JOBNAME_MAX_LEN 50
/* The vdk CLI refuses names longer than this. */
#define JOBNAME_CLI_MAX_LEN 45

/* True if name matches the server's rule. Otherwise false and, when why is
 * not NULL, *why is set to a new string (caller frees) with the first
 * problem found, phrased for a live form, e.g.
 *   "must start with a lowercase letter, not '1'"
 *   "6-50 characters (now 4)"
 *   "only lowercase letters, digits and '-': 'A' at position 3"
 * Positions are 1-based and count characters (UTF-8 code points), and the
 * offending character is shown as typed, or as U+XXXX when it is a control
 * or otherwise unprintable character. An empty name gives "enter a name". */
bool jobname_valid(const char *name, char **why);

/* For a name that is valid but that the vdk CLI would refuse (more than 45
 * characters): a new string describing why (caller frees). NULL otherwise,
 * also for invalid names. */
char *jobname_warning(const char *name);

#endif
