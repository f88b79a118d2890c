/* The configuration: a libconfig file, then environment, then command-line
 * overrides, with the vdk CLI's own settings as the fallback when there is
 * no file at all. Errors carry file:line. */
#ifndef VDKTOP_CONFIG_H
#define VDKTOP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

enum confirm_mode {
	CONFIRM_NORMAL = 0, /* y/N for reversible writes, typed name for destructive */
	CONFIRM_TYPED,      /* typed name for every write (production) */
};

struct context {
	char *name;
	char *url;               /* base URL without /data-jobs */
	char *team;              /* NULL/"*": all teams */
	/* Auth, at most one of token / token_file / api_token is used, in
	 * that order; then the vdk CLI's vdk-cred.json. */
	char *token;
	bool token_from_env;  /* token came from VDKTOP_TOKEN (for --check's auth line) */
	char *token_file;
	char *api_token;
	char *authorization_url; /* OAuth2 token endpoint for api_token */
	char *cred_file;         /* vdk-cred.json path; NULL: the vdk default */
	bool read_only;
	enum confirm_mode confirm;
	char *theme;             /* NULL: the global theme */
	char *ca_file;
	bool insecure;           /* skip TLS verification */
	bool allow_plain_http;   /* send a token over non-loopback http:// */
};

/* A key binding from the config: action name → key names ("j", "C-r",
 * "Down", "F5"). Parsed against the action table by ui/keys. */
struct key_binding {
	char *action;
	struct strlist keys;
};

struct config {
	char *path;                 /* the file read, NULL when none */
	struct context *contexts;
	size_t n_contexts;
	size_t current;             /* index into contexts */
	char *theme;                /* default "default" */
	bool no_color;
	bool read_only;             /* --read-only: overrides every context */
	int refresh_s;              /* jobs/job refresh, default 10 */
	int refresh_active_s;       /* while something runs, default 2 */
	int log_poll_ms;            /* default 1500 */
	long log_tail_lines;        /* tail size per log poll, default 2000 */
	long scrollback;            /* log lines kept, default 200000 */
	long connect_timeout_s;     /* default 10 */
	long timeout_s;             /* default 30 */
	long max_body_mb;           /* default 64 */
	int deploy_timeout_s;       /* default 600 */
	bool mouse;                 /* default false */
	bool hints;                 /* the key-hint line; default true */
	bool utc;                   /* times in UTC instead of local */
	bool bell;                  /* watched job failing rings the bell; default true */
	int page_size;              /* jobs per GraphQL page, default 500 */
	int failed_window_h;        /* :failed looks back this far, default 24 */
	struct key_binding *keys;
	size_t n_keys;
	struct strlist warnings;    /* non-fatal: unknown keys, loose permissions */
	struct strlist paths_read;  /* every path consulted, for --paths */
};

/* Command-line overrides; NULL / -1 means "not given". */
struct config_overrides {
	const char *config_path;
	const char *context;
	const char *url;
	const char *team;
	const char *theme;
	int no_color;
	int read_only;
	int refresh_s;
};

/* Loads everything. Returns 0, or -1 with *err set to a message such as
 * "~/.config/vdktop/config:12: syntax error" (owned). Either way call
 * config_free; after an error only warnings and paths_read are kept (for
 * --paths). Print cfg->warnings to stderr: they are not fatal. */
int config_load(struct config *cfg, const struct config_overrides *ov, char **err);
void config_free(struct config *cfg);
const struct context *config_context(const struct config *cfg);
/* Switches the current context by name; -1 when unknown. */
int config_use_context(struct config *cfg, const char *name);
/* The file path that would be read (for --paths and messages). */
char *config_default_path(void);

/* Effective settings of the current context: --read-only or the context's
 * read_only; the theme name (--theme, else the context's, else the global
 * one). */
bool config_read_only(const struct config *cfg);
const char *config_theme_name(const struct config *cfg);

/* Every path consulted (config file, vdk ini and token cache, theme
 * directories), one per line with whether it exists: `vdktop --paths`. */
void config_print_paths(const struct config *cfg, FILE *out);

/* Theme directories in lookup order: $XDG_CONFIG_HOME/vdktop/themes (or
 * ~/.config/vdktop/themes), then the data directory's themes: the
 * environment's VDKTOP_DATADIR when it is absolute, else the installed one
 * (the build's VDKTOP_DATADIR). Nothing else. */
void config_theme_dirs(struct strlist *out);

/* Every key config_load understands: top-level names ("refresh") and
 * context members as "contexts.url". Action names under keys = {} are
 * not listed (ui/keys validates those). For the config.example test. */
void config_known_keys(struct strlist *out);

#endif
