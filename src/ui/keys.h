/* Actions, not keys: one table of every action drives the key bindings,
 * the help view, the ':' command line and read-only greying.
 *
 * Columns: id, name (also the ':' command and the config key name),
 * default keys (space-separated key names), views where it applies
 * (VM_* mask), flags, help text. */
#ifndef VDKTOP_KEYS_H
#define VDKTOP_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

/* View masks */
#define VM_JOBS  0x01u
#define VM_JOB   0x02u
#define VM_LOGS  0x04u
#define VM_HELP  0x08u
#define VM_PROPS 0x10u /* a job's properties */
#define VM_SECRETS 0x20u /* a job's secrets */
#define VM_RUNS  0x40u /* executions across jobs */
#define VM_LIST  (VM_JOBS | VM_JOB | VM_LOGS | VM_HELP)
#define VM_OTHER 0x80u /* views with only the generic actions (action log) */
#define VM_ALL   0xffu

/* Flags */
#define AF_WRITE   0x01u /* changes server state: refused when read-only */
#define AF_ARG     0x02u /* ':' command takes an argument */
#define AF_NOKEY   0x04u /* command only */

#define ACTIONS(X) \
	X(UP,            "up",            "k Up",            VM_ALL,  0, "Move up") \
	X(DOWN,          "down",          "j Down",          VM_ALL,  0, "Move down") \
	X(PAGE_UP,       "page-up",       "PgUp C-b",        VM_ALL,  0, "Page up") \
	X(PAGE_DOWN,     "page-down",     "PgDn C-f Space",  VM_ALL,  0, "Page down") \
	X(TOP,           "top",           "g Home",          VM_ALL,  0, "Go to the first line") \
	X(BOTTOM,        "bottom",        "G End",           VM_ALL,  0, "Go to the last line (logs: follow)") \
	X(LEFT,          "left",          "h Left",          VM_LOGS, 0, "Scroll left") \
	X(RIGHT,         "right",         "l Right",         VM_LOGS, 0, "Scroll right") \
	X(OPEN,          "open",          "Enter",           VM_JOBS | VM_JOB | VM_RUNS | VM_OTHER, 0, "Open the selected item (in :log, the whole entry)") \
	X(BACK,          "back",          "q Esc",           VM_ALL,  0, "Back to the previous view (q on the jobs view quits; Esc there does nothing)") \
	X(QUIT,          "quit",          "Q",               VM_ALL,  0, "Quit vdktop") \
	X(HELP,          "help",          "? F1",            VM_ALL,  0, "Show help for this view") \
	X(COMMAND,       "command",       ":",               VM_ALL,  0, "Open the command line") \
	X(FILTER,        "filter",        "/",               VM_JOBS | VM_JOB | VM_RUNS | VM_PROPS | VM_SECRETS, 0, "Filter rows as you type") \
	X(SEARCH,        "search",        "/",               VM_LOGS | VM_HELP, 0, "Search") \
	X(SEARCH_NEXT,   "search-next",   "n",               VM_LOGS | VM_HELP, 0, "Next match") \
	X(SEARCH_PREV,   "search-prev",   "N",               VM_LOGS | VM_HELP, 0, "Previous match") \
	X(REFRESH,       "refresh",       "C-r F5",          VM_ALL,  0, "Refresh now") \
	X(SORT_NEXT,     "sort",          "s",               VM_JOBS, 0, "Sort by the next column on screen") \
	X(SORT_REVERSE,  "sort-reverse",  "S",               VM_JOBS, 0, "Reverse the sort order") \
	X(SORT_NAME,     "sort-name",     "N",               VM_JOBS, 0, "Sort by name; again to reverse") \
	X(SORT_TEAM,     "sort-team",     "T",               VM_JOBS, 0, "Sort by team; again to reverse") \
	X(SORT_STATUS,   "sort-status",   "U",               VM_JOBS, 0, "Sort by last status; again to reverse") \
	X(SORT_AGE,      "sort-age",      "A",               VM_JOBS, 0, "Sort by last run, newest first; again to reverse") \
	X(WATCH,         "watch",         "w",               VM_JOBS | VM_JOB, 0, "Watch the job: bell and flag when it starts failing") \
	X(LOGS,          "logs",          "l",               VM_JOBS | VM_JOB | VM_RUNS, 0, "Logs of the newest (or selected) execution") \
	X(PROPS,         "props",         "p",               VM_JOBS | VM_JOB | VM_SECRETS, 0, "Properties of the job: its runtime settings") \
	X(SECRETS,       "secrets",       "v",               VM_JOBS | VM_JOB | VM_PROPS, 0, "Secrets of the job (values masked)") \
	X(REVEAL,        "reveal",        "R",               VM_SECRETS, 0, "Show or hide the selected secret's value") \
	X(FOLLOW,        "follow",        "f F",             VM_LOGS, 0, "Follow the log (resume)") \
	X(WRAP,          "wrap",          "w",               VM_LOGS, 0, "Wrap long lines on/off") \
	X(TIMESTAMPS,    "timestamps",    "t",               VM_LOGS, 0, "Show/hide the K8s timestamp (hidden where VDK's own follows)") \
	X(SAVE,          "save",          "s",               VM_LOGS, AF_ARG, "Save the whole log to a file") \
	X(NEXT_ERROR,    "next-error",    "]",               VM_LOGS, 0, "Jump to the next error line") \
	X(PREV_ERROR,    "prev-error",    "[",               VM_LOGS, 0, "Jump to the previous error line") \
	X(CREATE,        "create",        "c",               VM_JOBS, AF_WRITE, "Create a new data job") \
	X(DEPLOY,        "deploy",        "d",               VM_JOBS | VM_JOB, AF_WRITE, "Deploy the job (from a directory, or change the deployment)") \
	X(RUN,           "run",           "r",               VM_JOBS | VM_JOB | VM_RUNS | VM_LOGS, AF_WRITE, "Run the job now (the selected run's or log's job)") \
	X(CANCEL,        "cancel",        "x",               VM_JOB | VM_RUNS | VM_LOGS, AF_WRITE, "Cancel the selected running execution") \
	X(TOGGLE_ENABLE, "toggle-enable", "e",               VM_JOBS | VM_JOB, AF_WRITE, "Enable or disable the deployment") \
	X(DELETE,        "delete",        "D",               VM_JOBS | VM_JOB, AF_WRITE, "Delete the job (type its name to confirm)") \
	X(EDIT,          "edit",          "Enter",           VM_PROPS | VM_SECRETS, AF_WRITE, "Change the selected value") \
	X(ADD,           "add",           "a",               VM_PROPS | VM_SECRETS, AF_WRITE, "Add a key") \
	X(DELETE_KEY,    "delete-key",    "D",               VM_PROPS | VM_SECRETS, AF_WRITE, "Delete the selected key (y/N)") \
	X(RUNS,          "runs",          "E",               VM_ALL,  AF_ARG, "Runs of every job, newest first (:runs failed|running [7d])") \
	X(JOB,           "job",           "o",               VM_RUNS, 0, "Open the selected run's job") \
	X(TEAM,          "team",          "",                VM_ALL,  AF_ARG | AF_NOKEY, "Switch team (:team NAME, :team * for all)") \
	X(CONTEXT,       "ctx",           "",                VM_ALL,  AF_ARG | AF_NOKEY, "Switch context (:ctx NAME)") \
	X(SCOPE_ALL,     "jobs",          "",                VM_ALL,  AF_NOKEY, "Show all jobs") \
	X(SCOPE_RUNNING, "running",       "",                VM_ALL,  AF_NOKEY, "Show jobs with a running execution") \
	X(SCOPE_FAILED,  "failed",        "",                VM_ALL,  AF_NOKEY, "Show jobs with a failed run in the window (failed_window, 24 h)") \
	X(STATUS_FILTER, "status",        "",                VM_JOB,  AF_ARG | AF_NOKEY, "Filter executions by status (:status failed)") \
	X(ACTION_LOG,    "log",           "",                VM_ALL,  AF_NOKEY, "Show the actions of this session") \
	X(CMD_QUIT,      "q",             "",                VM_ALL,  AF_NOKEY, "Quit vdktop")

enum action {
	ACT_NONE = 0,
#define X(id, name, keys, views, flags, help) ACT_##id,
	ACTIONS(X)
#undef X
	ACT_COUNT
};

struct action_info {
	enum action id;
	const char *name;
	const char *keys;
	unsigned views;
	unsigned flags;
	const char *help;
};

const struct action_info *action_info(enum action a);
/* By ':' command / config name; ACT_NONE when unknown. */
enum action action_by_name(const char *name);

/* Key codes, as the keymap and the help see them: a character is its
 * Unicode code point, control keys included (C-r is 0x12, Esc 0x1b, Tab
 * '\t', Enter always '\n'); a curses function key KEY_x is KEY_FN(KEY_x),
 * so code points and curses codes never collide (KEY_UP is 0403, which is
 * also the code point of 'ă'). */
#define KEY_FN(k)    (0x1000000 | (k))
#define KEY_IS_FN(k) (((k) & 0x1000000) != 0)

/* Turns what get_wch returned into a key code: is_char for OK, false for
 * KEY_CODE_YES. '\r' and KEY_ENTER become '\n'; DEL, C-h and
 * KEY_BACKSPACE become KEY_FN(KEY_BACKSPACE). */
int key_from_curses(int ch, bool is_char);

/* Key names: "j", "G", "C-r", "Enter", "Esc", "Tab", "Space", "Up",
 * "Down", "Left", "Right", "PgUp", "PgDn", "Home", "End", "F1".."F12",
 * "Del", "Backspace", or a single UTF-8 character. -1 when unknown. */
int key_parse(const char *name);
/* Writes the key's name into buf. (Not key_name: ncurses has one.) */
const char *keycode_name(int key, char *buf, size_t n);

struct keymap;

/* Defaults from the table, then the config's bindings (which replace an
 * action's default keys). Unknown action or key names → -1 and *err
 * names them; the keymap is still usable (defaults). */
struct keymap *keymap_new(const struct config *cfg, char **err);
void keymap_free(struct keymap *km);
/* The action bound to key in a view (mask VM_*), or ACT_NONE. */
enum action keymap_lookup(const struct keymap *km, unsigned view_mask, int key);
/* "k Up" style list of the keys bound to a in that view (owned). */
char *keymap_keys_of(const struct keymap *km, unsigned view_mask, enum action a);

/* The key-hint line of a view: the most useful actions bound in it, most
 * useful first, as "KEY label" (KEY the first key bound, label the action's
 * name), help always last. Write actions are left out when read_only.
 * Appended to out. */
void keymap_hints(const struct keymap *km, unsigned view_mask, bool read_only, struct strlist *out);

/* Help grouping of an action. */
enum action_group { AG_NAVIGATION, AG_VIEW, AG_WRITE, AG_COMMAND, AG_COUNT };
enum action_group action_group(enum action a);
const char *action_group_title(enum action_group g);

#endif
