/* Where vdktop's files are: the config file, the theme directories, and
 * the list of every path consulted that --paths prints. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_priv.h"
#include "safefile.h"
#include "sanitize.h"
#include "vdkcli.h"

#ifndef VDKTOP_DATADIR
#define VDKTOP_DATADIR "/usr/local/share/vdktop"
#endif

static char *config_home(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	/* The XDG spec says a relative value is to be ignored. */
	if (!str_empty(x) && x[0] == '/')
		return xstrdup(x);
	char *h = home_dir();
	char *p = xasprintf("%s/.config", h);
	free(h);
	return p;
}

char *config_default_path(void)
{
	const char *e = getenv("VDKTOP_CONFIG");
	if (!str_empty(e))
		return xstrdup(e);
	char *base = config_home();
	char *p = xasprintf("%s/vdktop/config", base);
	free(base);
	return p;
}

char *config_expand_home(const char *s)
{
	if (s[0] == '~' && (s[1] == '/' || s[1] == '\0')) {
		char *h = home_dir();
		char *p = xasprintf("%s%s", h, s + 1);
		free(h);
		return p;
	}
	return xstrdup(s);
}

void config_theme_dirs(struct strlist *out)
{
	/* Two places only: the user's own directory and the installed data
	 * directory. Never the working directory or one found from the
	 * binary's location: a theme is read by every start, and a checkout
	 * or a shared directory someone else can write to is no place to take
	 * one from. VDKTOP_DATADIR (absolute) stands in for the installed
	 * directory, for a build tree (make demo, the tests). */
	char *base = config_home();
	char *p = xasprintf("%s/vdktop/themes", base);
	strlist_push(out, p);
	free(p);
	free(base);
	const char *data = getenv("VDKTOP_DATADIR");
	if (data && data[0] == '/') {
		p = xasprintf("%s/themes", data);
		strlist_push(out, p);
		free(p);
	} else {
		strlist_push(out, VDKTOP_DATADIR "/themes");
	}
}

const char *config_path_state(const char *path, bool dir)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return "not found";
	if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
		return dir ? "not a directory" : "not a regular file";
	return "found";
}

void config_note_path(struct config *cfg, const char *label, const char *path, const char *state)
{
	char *line = xasprintf("%-16s %s (%s)", label, path, state);
	strlist_push(&cfg->paths_read, line);
	free(line);
}

void config_print_paths(const struct config *cfg, FILE *out)
{
	for (size_t i = 0; i < cfg->paths_read.n; i++)
		sanitize_fprintf(out, SAN_OUT_LINE, "%s\n", cfg->paths_read.v[i]);
	struct strlist dirs = {0};
	config_theme_dirs(&dirs);
	for (size_t i = 0; i < dirs.n; i++)
		sanitize_fprintf(out, SAN_OUT_LINE, "%-16s %s (%s)\n", "themes", dirs.v[i],
				 config_path_state(dirs.v[i], true));
	strlist_clear(&dirs);
}

/* ---- modes of the files around the config -------------------------------- */

#define INCLUDE_MAX_DEPTH 10

static void warn_shared(struct config *cfg, const char *what, const char *path, const struct stat *st, bool token)
{
	char *w = NULL;
	if (st->st_mode & 0022)
		w = xasprintf("%s %s can be changed by other users (mode %04o); chmod go-w %s", what, path,
			      (unsigned)(st->st_mode & 07777), path);
	else if (token && (st->st_mode & 0044))
		w = xasprintf("%s %s is readable by others and the configuration holds a token; chmod 600 %s", what,
			      path, path);
	if (w)
		strlist_push(&cfg->warnings, w);
	free(w);
}

/* The file named by the @include directive that starts line (after
 * blanks), or NULL. libconfig reads `@include "name"` this way. */
static char *include_name(const char *line, const char *end)
{
	while (line < end && (*line == ' ' || *line == '\t'))
		line++;
	static const char kw[] = "@include";
	if ((size_t)(end - line) < sizeof kw - 1 || memcmp(line, kw, sizeof kw - 1) != 0)
		return NULL;
	line += sizeof kw - 1;
	while (line < end && (*line == ' ' || *line == '\t'))
		line++;
	if (line >= end || *line != '"')
		return NULL;
	const char *q = memchr(line + 1, '"', (size_t)(end - line - 1));
	return q ? xstrndup(line + 1, (size_t)(q - line - 1)) : NULL;
}

void config_check_includes(struct config *cfg, const char *text, const char *dir, bool token, int depth)
{
	if (!text || depth >= INCLUDE_MAX_DEPTH)
		return;
	for (const char *line = text; *line;) {
		const char *end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		char *name = include_name(line, end);
		line = *end ? end + 1 : end;
		if (!name || !*name) {
			free(name);
			continue;
		}
		char *path = name[0] == '/' ? xstrdup(name) : xasprintf("%s/%s", dir, name);
		free(name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			warn_shared(cfg, "included config file", path, &st, token);
			char *data = NULL, *rerr = NULL;
			size_t len = 0;
			if (safefile_read(path, 4 * 1024 * 1024, false, &data, &len, &rerr) == 0)
				config_check_includes(cfg, data, dir, token, depth + 1);
			free(data);
			free(rerr);
		}
		free(path);
	}
}

void config_check_cred_file(struct config *cfg, const struct context *ctx)
{
	/* Only when the token comes from the cache (auth.h's source 5). */
	if (!ctx || !str_empty(ctx->token) || !str_empty(ctx->token_file) || !str_empty(ctx->api_token) ||
	    (!str_empty(getenv("VDK_API_TOKEN")) && !str_empty(getenv("VDK_API_TOKEN_AUTHORIZATION_URL"))))
		return;
	char *path = !str_empty(ctx->cred_file) ? xstrdup(ctx->cred_file) : vdkcli_cred_path();
	struct stat st;
	if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0066)) {
		char *w = xasprintf("token cache %s can be %s by others (mode %04o); chmod 600 %s", path,
				    st.st_mode & 0022 ? "changed" : "read", (unsigned)(st.st_mode & 07777), path);
		strlist_push(&cfg->warnings, w);
		free(w);
	}
	free(path);
}
