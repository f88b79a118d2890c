/* Where vdktop's files are: the config file, the theme directories, and
 * the list of every path consulted that --paths prints. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config_priv.h"
#include "sanitize.h"

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
