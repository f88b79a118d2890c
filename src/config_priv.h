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

/* Files that decide where a token goes, or hold one, checked like the
 * main config file (a warning each):
 *   the files the config text includes (@include "…", relative to dir;
 *   their own includes too): changeable by other users, or readable by
 *   them when the configuration holds a token (token);
 *   ctx's token cache (cred_file, else the vdk CLI's vdk-cred.json), when
 *   ctx takes its token from there: readable or changeable by others.
 * token_file is refused outright by the auth module. */
void config_check_includes(struct config *cfg, const char *text, const char *dir, bool token, int depth);
void config_check_cred_file(struct config *cfg, const struct context *ctx);

#endif
