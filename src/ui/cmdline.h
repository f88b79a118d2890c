/* The ':' command line on the bottom row: line editing, Tab completion,
 * history. It only edits; the app parses and runs what is submitted. */
#ifndef VDKTOP_CMDLINE_H
#define VDKTOP_CMDLINE_H

#include <curses.h>
#include <stdbool.h>

#include "util.h"

/* Fills out with the candidates for the word being completed: word 0 is
 * the command name, word 1 its argument (cmd names the command then). */
typedef void (*cmdline_complete_fn)(void *ud, int word, const char *cmd, const char *prefix, struct strlist *out);

enum cmdline_status { CMDLINE_EDITING, CMDLINE_CANCEL, CMDLINE_SUBMIT };

struct cmdline;

struct cmdline *cmdline_new(cmdline_complete_fn complete, void *ud);
void cmdline_free(struct cmdline *c);
void cmdline_open(struct cmdline *c);
void cmdline_close(struct cmdline *c);
bool cmdline_active(const struct cmdline *c);
/* key: a key code (ui/keys.h). */
enum cmdline_status cmdline_key(struct cmdline *c, int key);
/* The submitted line (owned by the caller); it enters the history. */
char *cmdline_take(struct cmdline *c);
/* Draws the line (and completion candidates) into win, places the cursor. */
void cmdline_draw(struct cmdline *c, WINDOW *win);

/* Splits "name  arg text " into the name and the trimmed rest (NULL when
 * none); both owned by the caller. */
void cmdline_split(const char *line, char **name, char **arg);

#endif
