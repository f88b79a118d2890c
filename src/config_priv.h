/* Shared by config.c (loading) and config_paths.c (where the files are).
 * Nothing outside src/config*.c includes this. */
#ifndef VDKTOP_CONFIG_PRIV_H
#define VDKTOP_CONFIG_PRIV_H

#include <stdbool.h>

#include "config.h"

/* A leading "~" or "~/" replaced by the home directory. Owned. */
char *config_expand_home(const char *s);
/* "found", "not found", or why path is not a directory (dir) or a
 * regular file. */
const char *config_path_state(const char *path, bool dir);
/* Records a path consulted, for --paths. */
void config_note_path(struct config *cfg, const char *label, const char *path, const char *state);

#endif
