#include "config_priv.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "safefile.h"
#include "vdkcli.h"

/* A config file is a few kilobytes; refusing huge ones keeps a mistaken
 * path (a log, a core file) from eating memory. */
#define CONFIG_MAX_BYTES (4 * 1024 * 1024)

enum key_kind { K_INT, K_LONG, K_BOOL, K_STR, K_PATH, K_SPECIAL };

struct key_def {
	const char *name;
	enum key_kind kind;
	size_t off;
	long min, max;
};

#define CFG(field) offsetof(struct config, field)
#define CTX(field) offsetof(struct context, field)

static const struct key_def top_keys[] = {
	{"theme", K_STR, CFG(theme), 0, 0},
	{"refresh", K_INT, CFG(refresh_s), 1, 3600},
	{"refresh_active", K_INT, CFG(refresh_active_s), 1, 3600},
	{"log_poll_ms", K_INT, CFG(log_poll_ms), 100, 60000},
	{"log_tail_lines", K_LONG, CFG(log_tail_lines), 10, 1000000},
	{"scrollback", K_LONG, CFG(scrollback), 1000, 100000000},
	{"connect_timeout", K_LONG, CFG(connect_timeout_s), 1, 600},
	{"timeout", K_LONG, CFG(timeout_s), 1, 3600},
	{"max_body_mb", K_LONG, CFG(max_body_mb), 1, 4096},
	{"deploy_timeout", K_INT, CFG(deploy_timeout_s), 10, 86400},
	{"mouse", K_BOOL, CFG(mouse), 0, 0},
	{"hints", K_BOOL, CFG(hints), 0, 0},
	{"utc", K_BOOL, CFG(utc), 0, 0},
	{"bell", K_BOOL, CFG(bell), 0, 0},
	{"page_size", K_INT, CFG(page_size), 1, 10000},
	{"failed_window", K_INT, CFG(failed_window_h), 1, 336},
	{"context", K_SPECIAL, 0, 0, 0},
	{"contexts", K_SPECIAL, 0, 0, 0},
	{"keys", K_SPECIAL, 0, 0, 0},
};

static const struct key_def context_keys[] = {
	{"name", K_STR, CTX(name), 0, 0},
	{"url", K_STR, CTX(url), 0, 0},
	{"team", K_STR, CTX(team), 0, 0},
	{"token", K_STR, CTX(token), 0, 0},
	{"token_file", K_PATH, CTX(token_file), 0, 0},
	{"api_token", K_STR, CTX(api_token), 0, 0},
	{"authorization_url", K_STR, CTX(authorization_url), 0, 0},
	{"cred_file", K_PATH, CTX(cred_file), 0, 0},
	{"read_only", K_BOOL, CTX(read_only), 0, 0},
	{"confirm", K_SPECIAL, 0, 0, 0},
	{"theme", K_STR, CTX(theme), 0, 0},
	{"ca_file", K_PATH, CTX(ca_file), 0, 0},
	{"insecure", K_BOOL, CTX(insecure), 0, 0},
	{"allow_plain_http", K_BOOL, CTX(allow_plain_http), 0, 0},
};

void config_known_keys(struct strlist *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(top_keys); i++)
		strlist_push(out, top_keys[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(context_keys); i++) {
		char *k = xasprintf("contexts.%s", context_keys[i].name);
		strlist_push(out, k);
		free(k);
	}
}

static const struct key_def *find_key(const struct key_def *defs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(defs[i].name, name))
			return &defs[i];
	return NULL;
}

/* ---- messages ---- */

struct loader {
	struct config *cfg;
	const char *path;
	char *err; /* first error only: later ones are usually consequences */
};

static const char *setting_file(const struct loader *l, const config_setting_t *s)
{
	const char *f = s ? config_setting_source_file(s) : NULL;
	return f ? f : l->path;
}

static int fail_at(struct loader *l, const config_setting_t *s, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int fail_at(struct loader *l, const config_setting_t *s, const char *fmt, ...)
{
	if (l->err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	unsigned line = s ? config_setting_source_line(s) : 0;
	if (line)
		l->err = xasprintf("%s:%u: %s", setting_file(l, s), line, msg);
	else
		l->err = xasprintf("%s: %s", setting_file(l, s), msg);
	free(msg);
	return -1;
}

static void warn_at(struct loader *l, const config_setting_t *s, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void warn_at(struct loader *l, const config_setting_t *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	char *w = xasprintf("%s:%u: %s", setting_file(l, s), config_setting_source_line(s), msg);
	strlist_push(&l->cfg->warnings, w);
	free(w);
	free(msg);
}

/* ---- values ---- */

static bool is_int(const config_setting_t *s)
{
	int t = config_setting_type(s);
	return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64;
}

static int get_string(struct loader *l, const config_setting_t *s, const char **out)
{
	/* Never NULL, even on error: callers test the text right after. */
	*out = "";
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return fail_at(l, s, "'%s' must be a string (in double quotes)", config_setting_name(s));
	const char *v = config_setting_get_string(s);
	if (v)
		*out = v;
	return 0;
}

/* Stores one scalar setting described by def into base. Empty strings
 * mean "unset", so a documented but blank key does nothing. */
static int store_value(struct loader *l, const config_setting_t *s, const struct key_def *def, void *base)
{
	char *field = (char *)base + def->off;
	const char *str = NULL;
	switch (def->kind) {
	case K_INT:
	case K_LONG: {
		long long v = is_int(s) ? config_setting_get_int64(s) : LLONG_MIN;
		if (v < def->min || v > def->max)
			return fail_at(l, s, "'%s' must be an integer between %ld and %ld", def->name, def->min,
				       def->max);
		if (def->kind == K_INT)
			*(int *)(void *)field = (int)v;
		else
			*(long *)(void *)field = (long)v;
		return 0;
	}
	case K_BOOL:
		if (config_setting_type(s) != CONFIG_TYPE_BOOL)
			return fail_at(l, s, "'%s' must be true or false", def->name);
		*(bool *)(void *)field = config_setting_get_bool(s);
		return 0;
	case K_STR:
	case K_PATH:
		if (get_string(l, s, &str) < 0)
			return -1;
		for (const char *c = str; *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				return fail_at(l, s, "'%s' contains a control character", def->name);
		free(*(char **)(void *)field);
		*(char **)(void *)field = NULL;
		if (*str)
			*(char **)(void *)field = def->kind == K_PATH ? config_expand_home(str) : xstrdup(str);
		return 0;
	case K_SPECIAL:
		break;
	}
	return 0;
}

/* "https://host/data-jobs/" → "https://host". NULL with *why on a URL that
 * cannot be a Control Service address. */
static char *normalize_url(const char *in, const char **why)
{
	size_t scheme_len;
	if (strncasecmp(in, "http://", 7) == 0)
		scheme_len = 7;
	else if (strncasecmp(in, "https://", 8) == 0)
		scheme_len = 8;
	else {
		*why = "must start with http:// or https://";
		return NULL;
	}
	for (const char *c = in; *c; c++)
		if ((unsigned char)*c <= 0x20 || *c == 0x7f) {
			*why = "must not contain spaces or control characters";
			return NULL;
		}
	char *u = xstrdup(in);
	size_t n = strlen(u);
	while (n > 0 && u[n - 1] == '/')
		u[--n] = '\0';
	const char *suffix = "/data-jobs";
	size_t sl = strlen(suffix);
	if (n >= sl && strcmp(u + n - sl, suffix) == 0) {
		n -= sl;
		u[n] = '\0';
		while (n > 0 && u[n - 1] == '/')
			u[--n] = '\0';
	}
	if (n <= scheme_len || u[scheme_len] == '/') {
		free(u);
		*why = "has no host name";
		return NULL;
	}
	/* The port, if any: after the host (past user info and an IPv6
	 * literal's brackets), digits only, 1 to 65535. */
	const char *auth = u + scheme_len, *end = auth + strcspn(auth, "/?#");
	const char *host = auth;
	for (const char *c = auth; c < end; c++)
		if (*c == '@')
			host = c + 1;
	const char *colon = NULL;
	if (*host == '[') {
		const char *rb = memchr(host, ']', (size_t)(end - host));
		colon = rb && rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(host, ':', (size_t)(end - host));
	}
	if (colon) {
		long port = 0;
		const char *c = colon + 1;
		for (; c < end && *c >= '0' && *c <= '9' && port <= 65535; c++)
			port = port * 10 + (*c - '0');
		if (c != end || c == colon + 1 || port < 1 || port > 65535) {
			free(u);
			*why = "has an invalid port (a number from 1 to 65535)";
			return NULL;
		}
	}
	return u;
}

static int check_url_setting(struct loader *l, const config_setting_t *s, char **url)
{
	const char *why = NULL;
	char *norm = normalize_url(*url, &why);
	if (!norm && !strstr(*url, "://") && !strchr(*url, '@') && **url)
		return fail_at(l, s, "'%s' %s; did you mean https://%s ?", config_setting_name(s), why, *url);
	if (!norm)
		return fail_at(l, s, "'%s' %s", config_setting_name(s), why);
	free(*url);
	*url = norm;
	return 0;
}

/* ---- sections ---- */

static int load_context(struct loader *l, const config_setting_t *g, struct context *ctx)
{
	ctx->confirm = CONFIRM_NORMAL;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return fail_at(l, g, "each entry of 'contexts' must be a group: { name = \"...\"; url = \"...\"; }");
	int n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		const struct key_def *def = find_key(context_keys, ARRAY_SIZE(context_keys), name);
		if (!def) {
			warn_at(l, s, "unknown key '%s' in a context", name);
			continue;
		}
		if (def->kind == K_SPECIAL) { /* confirm */
			const char *v = NULL;
			if (get_string(l, s, &v) < 0)
				return -1;
			if (strcmp(v, "normal") == 0)
				ctx->confirm = CONFIRM_NORMAL;
			else if (strcmp(v, "typed") == 0)
				ctx->confirm = CONFIRM_TYPED;
			else
				return fail_at(l, s, "'confirm' must be \"normal\" or \"typed\"");
			continue;
		}
		if (store_value(l, s, def, ctx) < 0)
			return -1;
		if (strcmp(name, "url") == 0 && ctx->url && check_url_setting(l, s, &ctx->url) < 0)
			return -1;
		if (strcmp(name, "authorization_url") == 0 && ctx->authorization_url &&
		    check_url_setting(l, s, &ctx->authorization_url) < 0)
			return -1;
	}
	if (!ctx->name)
		return fail_at(l, g, "a context needs a 'name'");
	for (const char *c = ctx->name; *c; c++)
		if (isspace((unsigned char)*c))
			return fail_at(l, config_setting_get_member(g, "name"),
				       "context name '%s' must be one word (it is typed after :ctx)", ctx->name);
	return 0;
}

static int load_contexts(struct loader *l, const config_setting_t *list)
{
	struct config *cfg = l->cfg;
	if (config_setting_type(list) != CONFIG_TYPE_LIST)
		return fail_at(l, list, "'contexts' must be a list of groups: contexts = ( { name = \"...\"; ... } );");
	int n = config_setting_length(list);
	cfg->contexts = xcalloc((size_t)n + 1, sizeof(*cfg->contexts));
	for (int i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
		struct context *ctx = &cfg->contexts[cfg->n_contexts++];
		if (load_context(l, g, ctx) < 0)
			return -1;
		for (size_t j = 0; j + 1 < cfg->n_contexts; j++)
			if (str_eq(cfg->contexts[j].name, ctx->name))
				return fail_at(l, g, "context '%s' is defined twice", ctx->name);
	}
	return 0;
}

static void split_keys(struct strlist *out, const char *s)
{
	while (*s) {
		while (isspace((unsigned char)*s))
			s++;
		const char *start = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (s > start) {
			char *k = xstrndup(start, (size_t)(s - start));
			strlist_push(out, k);
			free(k);
		}
	}
}

static int load_keys(struct loader *l, const config_setting_t *g)
{
	struct config *cfg = l->cfg;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return fail_at(l, g, "'keys' must be a group: keys = { quit = \"Q\"; };");
	int n = config_setting_length(g);
	cfg->keys = xcalloc((size_t)n + 1, sizeof(*cfg->keys));
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		struct key_binding *kb = &cfg->keys[cfg->n_keys++];
		kb->action = xstrdup(config_setting_name(s));
		int t = config_setting_type(s);
		if (t == CONFIG_TYPE_STRING) {
			split_keys(&kb->keys, config_setting_get_string(s));
		} else if (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST) {
			int m = config_setting_length(s);
			for (int j = 0; j < m; j++) {
				config_setting_t *e = config_setting_get_elem(s, (unsigned)j);
				if (config_setting_type(e) != CONFIG_TYPE_STRING)
					return fail_at(l, s, "keys for '%s' must be strings", kb->action);
				split_keys(&kb->keys, config_setting_get_string(e));
			}
		} else {
			return fail_at(l, s, "keys for '%s' must be a string (\"j Down\") or a list ([\"j\", \"Down\"])",
				       kb->action);
		}
	}
	return 0;
}

static int load_root(struct loader *l, const config_setting_t *root, const config_setting_t **context_setting)
{
	int n = config_setting_length(root);
	for (int i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		const char *name = config_setting_name(s);
		const struct key_def *def = find_key(top_keys, ARRAY_SIZE(top_keys), name);
		int rc = 0;
		if (!def)
			warn_at(l, s, "unknown key '%s'", name);
		else if (strcmp(name, "contexts") == 0)
			rc = load_contexts(l, s);
		else if (strcmp(name, "keys") == 0)
			rc = load_keys(l, s);
		else if (strcmp(name, "context") == 0) {
			const char *v = NULL;
			rc = get_string(l, s, &v);
			*context_setting = s;
		} else if (strcmp(name, "theme") == 0) {
			const char *v = NULL;
			rc = get_string(l, s, &v);
			if (rc == 0 && *v == '\0')
				rc = fail_at(l, s, "'theme' must not be empty");
			if (rc == 0)
				rc = store_value(l, s, def, l->cfg);
		} else
			rc = store_value(l, s, def, l->cfg);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static bool context_has_token(const struct context *c)
{
	return !str_empty(c->token) || !str_empty(c->api_token);
}

/* Reads and applies the file; 0 also when it does not exist. */
static int load_file(struct loader *l, bool explicit, char **ctx_name, unsigned *ctx_line)
{
	struct config *cfg = l->cfg;
	struct stat st;
	if (stat(l->path, &st) < 0) {
		int e = errno;
		config_note_path(cfg, "config file", l->path, "not found");
		if (!explicit && (e == ENOENT || e == ENOTDIR))
			return 0;
		l->err = xasprintf("%s: %s", l->path, strerror(e));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		config_note_path(cfg, "config file", l->path, "not a regular file");
		l->err = xasprintf("%s: not a regular file", l->path);
		return -1;
	}
	char *data = NULL, *rerr = NULL;
	size_t len = 0;
	if (safefile_read(l->path, CONFIG_MAX_BYTES, false, &data, &len, &rerr) < 0) {
		config_note_path(cfg, "config file", l->path, "unreadable");
		l->err = rerr;
		return -1;
	}
	config_note_path(cfg, "config file", l->path, "read");
	if (memchr(data, '\0', len)) {
		free(data);
		l->err = xasprintf("%s: contains a NUL byte; not a text file", l->path);
		return -1;
	}
	cfg->path = xstrdup(l->path);

	config_t lc;
	config_init(&lc);
	char *dir = xstrdup(l->path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	config_set_include_dir(&lc, slash ? (*dir ? dir : "/") : ".");
	int rc = 0;
	if (config_read_string(&lc, data) != CONFIG_TRUE) {
		const char *f = config_error_file(&lc);
		int line = config_error_line(&lc);
		const char *text = config_error_text(&lc);
		l->err = xasprintf("%s:%d: %s", f ? f : l->path, line, text ? text : "syntax error");
		rc = -1;
	} else {
		const config_setting_t *ctx_setting = NULL;
		rc = load_root(l, config_root_setting(&lc), &ctx_setting);
		if (rc == 0 && ctx_setting) {
			*ctx_name = xstrdup(config_setting_get_string(ctx_setting));
			*ctx_line = config_setting_source_line(ctx_setting);
		}
	}
	config_destroy(&lc);
	if (rc < 0) {
		free(dir);
		free(data);
		return -1;
	}

	bool token = false;
	for (size_t i = 0; i < cfg->n_contexts; i++)
		token = token || context_has_token(&cfg->contexts[i]);
	if (token && (st.st_mode & 0044)) {
		char *w = xasprintf("%s contains a token and is readable by others; chmod 600 %s", l->path, l->path);
		strlist_push(&cfg->warnings, w);
		free(w);
	}
	if (st.st_mode & 0022) {
		char *w = xasprintf("%s can be changed by other users (it says where tokens are sent); chmod go-w %s",
				    l->path, l->path);
		strlist_push(&cfg->warnings, w);
		free(w);
	}
	config_check_includes(cfg, data, slash ? (*dir ? dir : "/") : ".", token, 0);
	free(dir);
	free(data);
	return 0;
}

/* ---- putting it together ---- */

static void set_defaults(struct config *cfg)
{
	cfg->theme = xstrdup("default");
	cfg->refresh_s = 10;
	cfg->refresh_active_s = 2;
	cfg->log_poll_ms = 1500;
	cfg->log_tail_lines = 2000;
	cfg->scrollback = 200000;
	cfg->connect_timeout_s = 10;
	cfg->timeout_s = 30;
	cfg->max_body_mb = 64;
	cfg->deploy_timeout_s = 600;
	cfg->mouse = false;
	cfg->utc = false;
	cfg->bell = true;
	cfg->hints = true;
	cfg->page_size = 500;
	cfg->failed_window_h = 24;
}

static void replace(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

static int find_context(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_contexts; i++)
		if (str_eq(cfg->contexts[i].name, name))
			return (int)i;
	return -1;
}

static char *unknown_context(const struct config *cfg, const char *where, const char *name)
{
	struct strlist names = {0};
	for (size_t i = 0; i < cfg->n_contexts; i++)
		strlist_push(&names, cfg->contexts[i].name);
	char *list = strlist_join(&names, ", ");
	char *e = xasprintf("%sunknown context '%s' (known: %s)", where, name, list);
	free(list);
	strlist_clear(&names);
	return e;
}

/* A URL from the environment or the command line: normalised, or an
 * error naming where it came from. */
static int outside_url(const char *source, const char *value, char **out, char **err)
{
	const char *why = NULL;
	char *u = normalize_url(value, &why);
	if (!u) {
		/* Not echoed when it may carry user:password@. */
		if (!strstr(value, "://") && !strchr(value, '@') && *value)
			*err = xasprintf("%s: the Control Service URL %s; did you mean https://%s ?", source, why, value);
		else if (!strstr(value, "://"))
			*err = xasprintf("%s: the Control Service URL %s; did you mean https://… ?", source, why);
		else
			*err = xasprintf("%s: the Control Service URL %s", source, why);
		return -1;
	}
	free(*out);
	*out = u;
	return 0;
}

static int choose_context(struct config *cfg, const struct config_overrides *ov, const char *file_ctx,
			  unsigned file_line, char **err)
{
	if (file_ctx) {
		int i = find_context(cfg, file_ctx);
		if (i < 0) {
			char *where = xasprintf("%s:%u: ", cfg->path, file_line);
			*err = unknown_context(cfg, where, file_ctx);
			free(where);
			return -1;
		}
		cfg->current = (size_t)i;
	}
	const char *env = getenv("VDKTOP_CONTEXT");
	const char *name = NULL, *where = NULL;
	if (ov && ov->context) {
		name = ov->context;
		where = "--context: ";
	} else if (!str_empty(env)) {
		name = env;
		where = "VDKTOP_CONTEXT: ";
	}
	if (name) {
		int i = find_context(cfg, name);
		if (i < 0) {
			*err = unknown_context(cfg, where, name);
			return -1;
		}
		cfg->current = (size_t)i;
	}
	return 0;
}

static int apply_overrides(struct config *cfg, const struct config_overrides *ov, char **err)
{
	struct context *ctx = &cfg->contexts[cfg->current];
	const char *e;
	if (!str_empty(e = getenv("VDKTOP_URL")) && outside_url("VDKTOP_URL", e, &ctx->url, err) < 0)
		return -1;
	if (!str_empty(e = getenv("VDKTOP_TEAM")))
		replace(&ctx->team, e);
	if (!str_empty(e = getenv("VDKTOP_TOKEN"))) {
		replace(&ctx->token, e);
		ctx->token_from_env = true;
	}
	if (!str_empty(getenv("NO_COLOR")))
		cfg->no_color = true;
	if (!ov)
		return 0;
	if (ov->url && outside_url("--url", ov->url, &ctx->url, err) < 0)
		return -1;
	if (ov->team)
		replace(&ctx->team, ov->team);
	if (ov->theme) {
		if (!*ov->theme) {
			*err = xstrdup("--theme: the theme name must not be empty");
			return -1;
		}
		replace(&cfg->theme, ov->theme);
		/* The command line beats every context's own theme too. */
		for (size_t i = 0; i < cfg->n_contexts; i++) {
			free(cfg->contexts[i].theme);
			cfg->contexts[i].theme = NULL;
		}
	}
	if (ov->no_color > 0)
		cfg->no_color = true;
	if (ov->read_only > 0)
		cfg->read_only = true;
	if (ov->refresh_s >= 0) {
		if (ov->refresh_s < 1 || ov->refresh_s > 3600) {
			*err = xstrdup("--refresh must be an integer between 1 and 3600");
			return -1;
		}
		cfg->refresh_s = ov->refresh_s;
	}
	return 0;
}

static char *no_url_message(const struct config *cfg, const char *path, const struct vdkcli_settings *v)
{
	return xasprintf("no Control Service URL for context '%s'. Set one of:\n"
			 "  --url URL on the command line,\n"
			 "  VDKTOP_URL or VDK_CONTROL_SERVICE_REST_API_URL in the environment,\n"
			 "  url = \"...\" in a context of %s (see config.example),\n"
			 "or set the vdk CLI's default: vdk set-default -u URL (read from %s)",
			 cfg->contexts[cfg->current].name, path, v->ini_path);
}

static void note_vdkcli(struct config *cfg, const struct vdkcli_settings *v)
{
	config_note_path(cfg, "vdk ini", v->ini_path, v->ini_found ? "read" : "not found");
	config_note_path(cfg, "vdk-cred.json", v->cred_path, config_path_state(v->cred_path, false));
	for (size_t i = 0; i < v->warnings.n; i++)
		strlist_push(&cfg->warnings, v->warnings.v[i]);
}

int config_load(struct config *cfg, const struct config_overrides *ov, char **err)
{
	memset(cfg, 0, sizeof(*cfg));
	*err = NULL;
	set_defaults(cfg);

	bool explicit = (ov && ov->config_path) || !str_empty(getenv("VDKTOP_CONFIG"));
	char *path = ov && ov->config_path ? xstrdup(ov->config_path) : config_default_path();
	struct loader l = {.cfg = cfg, .path = path};
	char *file_ctx = NULL;
	unsigned file_line = 0;
	int rc = 0;
	/* /dev/null is the conventional "no configuration" and is not a
	 * regular file, so it is special-cased instead of refused. */
	if (strcmp(path, "/dev/null") == 0)
		config_note_path(cfg, "config file", path, "empty");
	else
		rc = load_file(&l, explicit, &file_ctx, &file_line);

	struct vdkcli_settings v;
	vdkcli_read(&v);
	note_vdkcli(cfg, &v);

	if (rc == 0 && cfg->n_contexts == 0) {
		/* No contexts: the one the vdk CLI would use. Auth is left to the
		 * vdk-cred.json fallback (cred_file NULL). */
		free(cfg->contexts);
		cfg->contexts = xcalloc(1, sizeof(*cfg->contexts));
		cfg->n_contexts = 1;
		cfg->contexts[0].name = xstrdup("vdk");
		cfg->contexts[0].team = xstrdup(v.team);
		if (v.url && outside_url(v.url_source, v.url, &cfg->contexts[0].url, &l.err) < 0)
			rc = -1;
	} else if (rc == 0 && v.url) {
		/* Contexts without a url use the vdk CLI's service. */
		for (size_t i = 0; i < cfg->n_contexts && rc == 0; i++)
			if (!cfg->contexts[i].url)
				rc = outside_url(v.url_source, v.url, &cfg->contexts[i].url, &l.err);
	}
	if (rc == 0)
		rc = choose_context(cfg, ov, file_ctx, file_line, &l.err);
	if (rc == 0)
		rc = apply_overrides(cfg, ov, &l.err);
	if (rc == 0 && !cfg->contexts[cfg->current].url) {
		l.err = no_url_message(cfg, path, &v);
		rc = -1;
	}
	for (size_t i = 0; i < cfg->n_contexts && rc == 0; i++)
		if (!cfg->contexts[i].url) {
			l.err = xasprintf("%s: context '%s' has no 'url' (and the vdk CLI has no default)",
					  cfg->path ? cfg->path : path, cfg->contexts[i].name);
			rc = -1;
		}
	vdkcli_free(&v);
	free(file_ctx);
	free(path);
	if (rc == 0)
		config_check_cred_file(cfg, config_context(cfg));
	if (rc < 0) {
		*err = l.err ? l.err : xstrdup("configuration error");
		/* Keep what --paths and the warnings need; drop the rest. */
		struct strlist paths = cfg->paths_read, warnings = cfg->warnings;
		memset(&cfg->paths_read, 0, sizeof(cfg->paths_read));
		memset(&cfg->warnings, 0, sizeof(cfg->warnings));
		config_free(cfg);
		cfg->paths_read = paths;
		cfg->warnings = warnings;
		return -1;
	}
	return 0;
}

static void context_free(struct context *c)
{
	free(c->name);
	free(c->url);
	free(c->team);
	free(c->token);
	free(c->token_file);
	free(c->api_token);
	free(c->authorization_url);
	free(c->cred_file);
	free(c->theme);
	free(c->ca_file);
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < cfg->n_contexts; i++)
		context_free(&cfg->contexts[i]);
	free(cfg->contexts);
	for (size_t i = 0; i < cfg->n_keys; i++) {
		free(cfg->keys[i].action);
		strlist_clear(&cfg->keys[i].keys);
	}
	free(cfg->keys);
	free(cfg->path);
	free(cfg->theme);
	strlist_clear(&cfg->warnings);
	strlist_clear(&cfg->paths_read);
	memset(cfg, 0, sizeof(*cfg));
}

const struct context *config_context(const struct config *cfg)
{
	if (cfg->n_contexts == 0)
		return NULL;
	return &cfg->contexts[cfg->current];
}

int config_use_context(struct config *cfg, const char *name)
{
	int i = find_context(cfg, name);
	if (i < 0)
		return -1;
	cfg->current = (size_t)i;
	return 0;
}

bool config_read_only(const struct config *cfg)
{
	const struct context *c = config_context(cfg);
	return cfg->read_only || (c && c->read_only);
}

const char *config_theme_name(const struct config *cfg)
{
	const struct context *c = config_context(cfg);
	if (c && c->theme)
		return c->theme;
	return cfg->theme ? cfg->theme : "default";
}
