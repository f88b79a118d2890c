/* The job's config.ini, read as the vdk CLI reads it (see jobdir.h). */
#include "jobdir.h"

#include <errno.h>
#include <ini.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* inih is built with a fixed line buffer (200 bytes in Debian's build) and
 * with ';' after whitespace starting an inline comment. Python's
 * configparser, which the vdk CLI reads config.ini with, has neither
 * limit. The reader below feeds inih so that it reads like configparser:
 *  - a whitespace character right before ';' is passed as MARK_SPACE (not
 *    whitespace to inih, so no comment starts) and turned back into a space
 *    in the handler;
 *  - a key line longer than the buffer is cut where two non-blank
 *    characters meet, and the rest is passed as indented continuation lines
 *    that the handler glues back without a separator. */
#define MARK_SPACE '\x1f'

struct ini_src {
	const char *p, *end;
	size_t phys_line;        /* line number in the file of the last line read */
	const char *rest, *rest_end; /* unsent tail of a long line */
	bool last_indented;      /* the last line passed began with whitespace */
	bool last_synthetic;     /* ... and was the tail of a cut line */
	size_t *line_map;        /* inih's line number - 1 -> file line number */
	size_t nmap, capmap;
};

struct ini_state {
	struct ini_src *src;
	struct jobdir_config *cfg;
	char *err;        /* first error found by the handler */
	size_t err_line;
	char *prev_section, *prev_name;
	char **prev_target;  /* value a continuation line extends; NULL if untracked */
	char *lists[4];      /* raw list values before splitting */
	char *enable_notif, *delay;
	unsigned seen;       /* bit per tracked key */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void map_push(struct ini_src *s)
{
	if (s->nmap == s->capmap) {
		s->capmap = s->capmap ? s->capmap * 2 : 64;
		s->line_map = xreallocarray(s->line_map, s->capmap, sizeof(*s->line_map));
	}
	s->line_map[s->nmap++] = s->phys_line;
}

/* Copies [a, b) to out, hiding whitespace before ';' (see MARK_SPACE). */
static size_t copy_marked(char *out, const char *a, const char *b, bool mark)
{
	size_t n = 0;
	for (const char *q = a; q < b; q++) {
		char c = *q;
		if (c == MARK_SPACE)
			c = ' '; /* a literal 0x1f in the file becomes a space */
		if (mark && is_blank(c) && q + 1 < b && q[1] == ';')
			c = MARK_SPACE;
		out[n++] = c;
	}
	return n;
}

/* Where to cut a long line so that at most `room` bytes go first: between
 * two non-blank characters, as inih trims both pieces, and not before a
 * character that would make the tail read as a comment or a section. */
static size_t cut_point(const char *a, size_t len, size_t room)
{
	for (size_t b = room; b > room / 2; b--)
		if (b < len && !is_blank(a[b - 1]) && !is_blank(a[b]) && !strchr(";#[", a[b]))
			return b;
	for (size_t b = room; b > 1; b--)
		if (b < len && !is_blank(a[b]) && !strchr(";#[", a[b]))
			return b;
	return room;
}

static char *ini_read(char *str, int num, void *stream)
{
	struct ini_src *s = stream;
	if (num < 8)
		return NULL;
	size_t room = (size_t)num - 2; /* leave space for '\n' and NUL */
	if (s->rest) {
		size_t len = (size_t)(s->rest_end - s->rest);
		size_t take = len <= room - 1 ? len : cut_point(s->rest, len, room - 1);
		str[0] = ' ';
		size_t n = 1 + copy_marked(str + 1, s->rest, s->rest + take, true);
		str[n++] = '\n';
		str[n] = '\0';
		s->rest = take < len ? s->rest + take : NULL;
		s->last_indented = true;
		s->last_synthetic = true;
		map_push(s);
		return str;
	}
	if (s->p >= s->end)
		return NULL;
	const char *a = s->p;
	const char *nl = memchr(a, '\n', (size_t)(s->end - a));
	const char *b = nl ? nl : s->end;
	s->p = nl ? nl + 1 : s->end;
	s->phys_line++;
	while (b > a && b[-1] == '\r')
		b--;
	/* Look past a BOM and indentation to see what kind of line this is. */
	const char *k = a;
	if (s->phys_line == 1 && b - a >= 3 && memcmp(a, "\xef\xbb\xbf", 3) == 0)
		k += 3;
	bool indented = k < b && is_blank(*k);
	while (k < b && is_blank(*k))
		k++;
	bool kv = k < b && *k != ';' && *k != '#' && *k != '[';
	size_t len = (size_t)(b - a);
	size_t take = len;
	if (len > room) {
		take = kv ? cut_point(a, len, room) : room;
		if (kv) {
			s->rest = a + take;
			s->rest_end = b;
		}
	}
	size_t n = copy_marked(str, a, a + take, kv);
	str[n++] = '\n';
	str[n] = '\0';
	s->last_indented = indented;
	s->last_synthetic = false;
	map_push(s);
	return str;
}

enum {
	K_TEAM,
	K_SCHEDULE,
	K_PYTHON,
	K_DESCRIPTION,
	K_USER_ERROR,
	K_PLATFORM_ERROR,
	K_SUCCESS,
	K_DEPLOY,
	K_ENABLE_NOTIF,
	K_DELAY,
};

static const struct {
	const char *section, *key;
} tracked[] = {
	[K_TEAM] = {"owner", "team"},
	[K_SCHEDULE] = {"job", "schedule_cron"},
	[K_PYTHON] = {"job", "python_version"},
	[K_DESCRIPTION] = {"job", "description"},
	[K_USER_ERROR] = {"contacts", "notified_on_job_failure_user_error"},
	[K_PLATFORM_ERROR] = {"contacts", "notified_on_job_failure_platform_error"},
	[K_SUCCESS] = {"contacts", "notified_on_job_success"},
	[K_DEPLOY] = {"contacts", "notified_on_job_deploy"},
	[K_ENABLE_NOTIF] = {"contacts", "enable_execution_notifications"},
	[K_DELAY] = {"contacts", "notification_delay_period_minutes"},
};

static char **target_of(struct ini_state *st, int k)
{
	switch (k) {
	case K_TEAM:
		return &st->cfg->team;
	case K_SCHEDULE:
		return &st->cfg->schedule_cron;
	case K_PYTHON:
		return &st->cfg->python_version;
	case K_DESCRIPTION:
		return &st->cfg->description;
	case K_ENABLE_NOTIF:
		return &st->enable_notif;
	case K_DELAY:
		return &st->delay;
	default:
		return &st->lists[k - K_USER_ERROR];
	}
}

/* A section or key name for an error message: printable ASCII only. */
static char *printable(const char *s)
{
	char *t = xstrndup(s, 60);
	for (char *q = t; *q; q++)
		if ((unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f)
			*q = '?';
	return t;
}

static void ini_error(struct ini_state *st, char *msg)
{
	if (!st->err) {
		st->err = msg;
		st->err_line = st->src->phys_line;
	} else {
		free(msg);
	}
}

static int ini_handle(void *user, const char *section, const char *name, const char *value)
{
	struct ini_state *st = user;
	char *val = xstrdup(value);
	for (char *q = val; *q; q++)
		if (*q == MARK_SPACE)
			*q = ' ';

	bool cont = st->src->last_indented && st->prev_name && str_eq(st->prev_name, name) &&
		    str_eq(st->prev_section, section);
	if (cont) {
		if (st->prev_target && *st->prev_target) {
			char *joined = xasprintf("%s%s%s", *st->prev_target,
						 st->src->last_synthetic ? "" : "\n", val);
			free(*st->prev_target);
			*st->prev_target = joined;
		}
		free(val);
		return 1;
	}
	free(st->prev_section);
	free(st->prev_name);
	st->prev_section = xstrdup(section);
	st->prev_name = xstrdup(name);
	st->prev_target = NULL;

	if (!*section) {
		char *n = printable(name);
		ini_error(st, xasprintf("'%s' comes before any [section]", n));
		free(n);
		free(val);
		return 1;
	}
	for (int k = 0; k < (int)ARRAY_SIZE(tracked); k++) {
		/* configparser: section names are case-sensitive, keys are not */
		if (strcmp(section, tracked[k].section) != 0 || strcasecmp(name, tracked[k].key) != 0)
			continue;
		if (st->seen & (1u << k)) {
			ini_error(st, xasprintf("'%s' appears twice in [%s]", tracked[k].key,
						tracked[k].section));
			free(val);
			return 1;
		}
		st->seen |= 1u << k;
		char **t = target_of(st, k);
		free(*t);
		*t = val;
		st->prev_target = t;
		return 1;
	}
	free(val);
	return 1;
}

static void split_list(const char *raw, struct strlist *out)
{
	if (!raw)
		return;
	const char *p = raw;
	while (*p) {
		size_t n = strcspn(p, ";,\n");
		const char *a = p, *b = p + n;
		while (a < b && (is_blank(*a)))
			a++;
		while (b > a && is_blank(b[-1]))
			b--;
		if (b > a) {
			char *item = xstrndup(a, (size_t)(b - a));
			strlist_push(out, item);
			free(item);
		}
		p += n;
		if (*p)
			p++;
	}
}

/* configparser's getboolean() words. */
static int parse_bool(const char *s)
{
	static const char *yes[] = {"1", "yes", "true", "on"};
	static const char *no[] = {"0", "no", "false", "off"};
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

void jobdir_config_free(struct jobdir_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->team);
	free(cfg->schedule_cron);
	free(cfg->python_version);
	free(cfg->description);
	strlist_clear(&cfg->notified_on_job_failure_user_error);
	strlist_clear(&cfg->notified_on_job_failure_platform_error);
	strlist_clear(&cfg->notified_on_job_success);
	strlist_clear(&cfg->notified_on_job_deploy);
	memset(cfg, 0, sizeof(*cfg));
}

int jobdir_parse_config_ini(const char *text, size_t len, struct jobdir_config *out,
			    char **err)
{
	memset(out, 0, sizeof(*out));
	if (err)
		*err = NULL;
	char *msg = NULL;
	if (len > JOBDIR_CONFIG_MAX) {
		msg = xasprintf("config.ini is larger than %d KiB: not a job configuration",
				JOBDIR_CONFIG_MAX / 1024);
		goto fail;
	}
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		size_t line = 1;
		for (const char *q = text; q < nul; q++)
			line += *q == '\n';
		msg = xasprintf("config.ini line %zu: contains a NUL byte (is it a text file?)",
				line);
		goto fail;
	}
	out->enable_execution_notifications = true;
	out->notification_delay_period_minutes = 240;

	struct ini_src src = {.p = text, .end = text + len};
	struct ini_state st = {.src = &src, .cfg = out};
	int r = ini_parse_stream(ini_read, &src, ini_handle, &st);

	size_t syntax_line = 0;
	if (r > 0 && (size_t)r <= src.nmap)
		syntax_line = src.line_map[r - 1];
	if (r < 0)
		msg = xstrdup("config.ini could not be read (out of memory)");
	else if (syntax_line && (!st.err || syntax_line < st.err_line))
		msg = xasprintf("config.ini line %zu: expected 'key = value', a [section] "
				"or a comment", syntax_line);
	else if (st.err)
		msg = xasprintf("config.ini line %zu: %s", st.err_line, st.err);

	if (!msg && st.enable_notif) {
		int b = parse_bool(st.enable_notif);
		if (b < 0)
			msg = xstrdup("config.ini: [contacts] enable_execution_notifications must "
				      "be true or false");
		else
			out->enable_execution_notifications = b;
	}
	if (!msg && st.delay) {
		char *end;
		errno = 0;
		long v = strtol(st.delay, &end, 10);
		while (is_blank(*end))
			end++;
		if (errno || end == st.delay || *end || v < 0 || v > INT32_MAX)
			msg = xstrdup("config.ini: [contacts] notification_delay_period_minutes "
				      "must be a whole number of minutes");
		else
			out->notification_delay_period_minutes = v;
	}
	if (!msg) {
		split_list(st.lists[0], &out->notified_on_job_failure_user_error);
		split_list(st.lists[1], &out->notified_on_job_failure_platform_error);
		split_list(st.lists[2], &out->notified_on_job_success);
		split_list(st.lists[3], &out->notified_on_job_deploy);
	}
	free(st.err);
	free(st.prev_section);
	free(st.prev_name);
	for (int i = 0; i < 4; i++)
		free(st.lists[i]);
	free(st.enable_notif);
	free(st.delay);
	free(src.line_map);
	if (!msg)
		return 0;
fail:
	jobdir_config_free(out);
	if (err)
		*err = msg;
	else
		free(msg);
	return -1;
}
