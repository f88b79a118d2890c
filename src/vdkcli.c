#include "vdkcli.h"

#include <errno.h>
#include <stdarg.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "safefile.h"

/* The CLI's ini is tiny; anything larger is not its file. */
#define VDKCLI_INI_MAX (1024 * 1024)

/* $VDK_BASE_CONFIG_FOLDER, else $HOME, else the passwd entry; owned. */
static char *vdkcli_base_dir(void)
{
	const char *b = getenv("VDK_BASE_CONFIG_FOLDER");
	if (!str_empty(b))
		return xstrdup(b);
	return home_dir();
}

static char *internal_file(const char *name)
{
	char *base = vdkcli_base_dir();
	char *p = xasprintf("%s/.vdk.internal/%s", base, name);
	free(base);
	return p;
}

static char *vdkcli_ini_path(void)
{
	return internal_file("vdk-configuration.ini");
}

char *vdkcli_cred_path(void)
{
	return internal_file("vdk-cred.json");
}

/* configparser keeps surrounding whitespace out of values, and so does
 * inih; an empty value means "unset" to the CLI as well. */
static int on_ini_value(void *user, const char *section, const char *name, const char *value)
{
	struct vdkcli_settings *s = user;
	if (strcmp(section, "defaults") != 0 || str_empty(value))
		return 1;
	if (strcmp(name, "rest-api-url") == 0 && !s->url) {
		/* The environment variable wins over the ini (api-notes §6.3),
		 * and it was read first, so only fill a gap. */
		s->url = xstrdup(value);
		s->url_source = xstrdup(s->ini_path);
	} else if (strcmp(name, "team-name") == 0) {
		free(s->team);
		s->team = xstrdup(value);
	}
	return 1;
}

static void warn(struct vdkcli_settings *s, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void warn(struct vdkcli_settings *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *w = xvasprintf(fmt, ap);
	va_end(ap);
	strlist_push(&s->warnings, w);
	free(w);
}

static void read_ini(struct vdkcli_settings *s)
{
	struct stat st;
	if (stat(s->ini_path, &st) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			warn(s, "%s: %s (ignored)", s->ini_path, strerror(errno));
		return;
	}
	s->ini_found = true;
	if (!S_ISREG(st.st_mode)) {
		warn(s, "%s: not a regular file (ignored)", s->ini_path);
		return;
	}
	char *data = NULL, *err = NULL;
	size_t len = 0;
	if (safefile_read(s->ini_path, VDKCLI_INI_MAX, false, &data, &len, &err) < 0) {
		warn(s, "%s (ignored)", err);
		free(err);
		return;
	}
	if (memchr(data, '\0', len)) {
		warn(s, "%s: binary content (ignored)", s->ini_path);
		free(data);
		return;
	}
	int line = ini_parse_string(data, on_ini_value, s);
	free(data);
	if (line != 0) {
		/* inih keeps going after a bad line, so what it read is used. */
		warn(s, "%s:%d: not a valid ini line (ignored)", s->ini_path, line);
	}
}

void vdkcli_read(struct vdkcli_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->ini_path = vdkcli_ini_path();
	s->cred_path = vdkcli_cred_path();
	const char *env = getenv("VDK_CONTROL_SERVICE_REST_API_URL");
	if (!str_empty(env)) {
		s->url = xstrdup(env);
		s->url_source = xstrdup("VDK_CONTROL_SERVICE_REST_API_URL");
	}
	read_ini(s);
}

void vdkcli_free(struct vdkcli_settings *s)
{
	free(s->url);
	free(s->url_source);
	free(s->team);
	free(s->ini_path);
	free(s->cred_path);
	strlist_clear(&s->warnings);
	memset(s, 0, sizeof(*s));
}
