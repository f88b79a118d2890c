/* Writing files that hold secrets or user data: atomically (a temporary
 * file in the same directory, then rename or link), with an explicit mode,
 * never following a planted symlink at the destination. */
#ifndef VDKTOP_SAFEFILE_H
#define VDKTOP_SAFEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Writes len bytes to path with the given mode. With overwrite false an
 * existing path (file or link) is an error ("… already exists") and is
 * left untouched. Returns 0, or -1 with *err set (owned). */
int safefile_write(const char *path, const void *data, size_t len, mode_t mode, bool overwrite, char **err);

/* Reads a whole regular file (not through a symlink when nofollow),
 * at most max bytes. Returns 0 with *data (NUL-terminated) and *len, or -1
 * with *err. */
int safefile_read(const char *path, size_t max, bool nofollow, char **data, size_t *len, char **err);

/* Reads a file that holds a secret (a token file), as safefile_read does,
 * but refuses it, like ssh a private key, when its group or others may
 * read or write it, or when it belongs to another user (root aside): the
 * message says how to fix it. Both readers leave no copy of the data in
 * freed memory (the caller wipes the result after use). */
int safefile_read_secret(const char *path, size_t max, char **data, size_t *len, char **err);

#endif
