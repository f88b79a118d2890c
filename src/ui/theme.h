/* Semantic colour elements. Views never name a colour: they ask for an
 * element, and the theme maps elements to curses attributes. */
#ifndef VDKTOP_THEME_H
#define VDKTOP_THEME_H

#include <stdbool.h>

#include "util.h"

#define THEME_ELEMENTS(X)          \
	X(NORMAL, "normal")            \
	X(HEADER, "header")            \
	X(HEADER_CONTEXT, "header_context") \
	X(TITLE, "title")              \
	X(COLUMN_HEADER, "column_header") \
	X(SELECTED, "selected")        \
	X(STATUS_LINE, "status_line")  \
	X(STATUS_OK, "status_ok")      \
	X(STATUS_FAILED, "status_failed") \
	X(STATUS_RUNNING, "status_running") \
	X(STATUS_PENDING, "status_pending") \
	X(STATUS_CANCELLED, "status_cancelled") \
	X(STATUS_UNKNOWN, "status_unknown") \
	X(DISABLED, "disabled")        \
	X(NOT_DEPLOYED, "not_deployed") \
	X(STALE, "stale")              \
	X(ERROR, "error")              \
	X(WARNING, "warning")          \
	X(INFO, "info")                \
	X(DIM, "dim")                  \
	X(LABEL, "label")              \
	X(VALUE, "value")              \
	X(SEARCH_MATCH, "search_match") \
	X(LOG_ERROR, "log_error")      \
	X(LOG_TIMESTAMP, "log_timestamp") \
	X(ESCAPED, "escaped")          \
	X(INPUT, "input")              \
	X(INPUT_INVALID, "input_invalid") \
	X(DIALOG, "dialog")            \
	X(DIALOG_BORDER, "dialog_border") \
	X(KEY_HINT, "key_hint")        \
	X(READ_ONLY, "read_only")      \
	X(INSECURE, "insecure")        \
	X(CHART_BAR, "chart_bar")

enum theme_element {
#define X(id, name) EL_##id,
	THEME_ELEMENTS(X)
#undef X
	EL_COUNT
};

const char *theme_element_name(enum theme_element e);

/* Loads theme NAME: $XDG_CONFIG_HOME/vdktop/themes/NAME.theme first, then
 * the installed themes, then ./themes (running from a checkout). With
 * no_color (or NO_COLOR set) the monochrome theme is used. On error, *err
 * gets "file:line: message" and the built-in default is used; returns -1.
 * Must be called after initscr/start_color. */
int theme_load(const char *name, bool no_color, char **err);
/* The file theme NAME would be read from (a NAME containing '/' is a path
 * used as given), or NULL when no directory has it. Owned. */
char *theme_find_file(const char *name);
/* The theme names there are: the built-in default and monochrome, and
 * every NAME.theme in the theme directories; sorted, each once. */
void theme_names(struct strlist *out);
/* Whether theme NAME can be loaded (found and parsed), without a
 * terminal: 0, or -1 with *err naming the themes there are. */
int theme_check_name(const char *name, char **err);
/* Parses a theme file without a terminal (tests, fuzzing): 0 or -1 with
 * *err. */
int theme_check_file(const char *path, char **err);
/* The curses attribute (colour pair | A_*) for an element. */
int theme_attr(enum theme_element e);
/* Whether a blank drawn with attr looks the same as one drawn with base:
 * the same background and nothing that shows on a blank (reverse,
 * underline, standout, blink). Rows use it to let the spaces between
 * cells keep the attribute of a cell, which saves the terminal an
 * attribute switch on each side of every gap. */
bool theme_blank_like(int attr, int base);
bool theme_is_monochrome(void);
/* Whether block/Unicode glyphs may be used (UTF-8 locale). */
bool theme_unicode(void);

#endif
