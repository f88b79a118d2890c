#include "ui/theme.h"

#include <dirent.h>

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "config.h"
#include "safefile.h"
#include "util.h"

/* Theme files are a few kilobytes. */
#define THEME_MAX_BYTES (256 * 1024)

/* Colour numbers: -1 is the terminal's default colour; NO_COLOUR marks a
 * 256-colour value a theme did not give. */
#define NO_COLOUR (-2)

enum {
	TA_BOLD = 1u << 0,
	TA_DIM = 1u << 1,
	TA_REVERSE = 1u << 2,
	TA_UNDERLINE = 1u << 3,
	TA_STANDOUT = 1u << 4,
	TA_ITALIC = 1u << 5,
};

struct style {
	short fg, bg;       /* 8/16-colour value, -1 default */
	short fg256, bg256; /* used when COLORS >= 256; NO_COLOUR: use fg/bg */
	unsigned attrs;     /* TA_* */
};

struct theme_spec {
	struct style el[EL_COUNT];
	bool given[EL_COUNT];
};

static const char *const element_names[] = {
#define X(id, name) name,
	THEME_ELEMENTS(X)
#undef X
};

const char *theme_element_name(enum theme_element e)
{
	return (unsigned)e < EL_COUNT ? element_names[e] : "?";
}

#define S(fg, bg, f256, b256, a) {fg, bg, f256, b256, a}
enum { D = -1, BLK = 0, RED, GRN, YEL, BLU, MAG, CYN, WHT };

/* The built-in dark theme: what every element falls back to when a theme
 * file leaves it out, and what is used when no file can be read. */
static const struct style builtin_dark[EL_COUNT] = {
	[EL_NORMAL] = S(D, D, NO_COLOUR, NO_COLOUR, 0),
	[EL_HEADER] = S(BLK, CYN, 234, 73, TA_BOLD),
	[EL_HEADER_CONTEXT] = S(BLK, YEL, 234, 179, TA_BOLD),
	[EL_TITLE] = S(WHT, BLU, 231, 25, TA_BOLD),
	[EL_COLUMN_HEADER] = S(CYN, D, 110, NO_COLOUR, TA_BOLD),
	[EL_SELECTED] = S(WHT, BLU, 231, 24, TA_BOLD),
	[EL_STATUS_LINE] = S(BLK, WHT, 252, 236, 0),
	[EL_STATUS_OK] = S(GRN, D, 114, NO_COLOUR, 0),
	[EL_STATUS_FAILED] = S(RED, D, 203, NO_COLOUR, TA_BOLD),
	[EL_STATUS_RUNNING] = S(CYN, D, 81, NO_COLOUR, TA_BOLD),
	[EL_STATUS_PENDING] = S(YEL, D, 221, NO_COLOUR, 0),
	[EL_STATUS_CANCELLED] = S(MAG, D, 176, NO_COLOUR, 0),
	[EL_STATUS_UNKNOWN] = S(D, D, 245, NO_COLOUR, TA_DIM),
	[EL_DISABLED] = S(D, D, 244, NO_COLOUR, TA_DIM),
	[EL_NOT_DEPLOYED] = S(D, D, 242, NO_COLOUR, TA_DIM),
	[EL_STALE] = S(YEL, D, 214, NO_COLOUR, TA_BOLD),
	[EL_ERROR] = S(RED, D, 203, NO_COLOUR, TA_BOLD),
	[EL_WARNING] = S(YEL, D, 221, NO_COLOUR, 0),
	[EL_INFO] = S(CYN, D, 117, NO_COLOUR, 0),
	[EL_DIM] = S(D, D, 244, NO_COLOUR, TA_DIM),
	[EL_LABEL] = S(CYN, D, 109, NO_COLOUR, 0),
	[EL_VALUE] = S(D, D, NO_COLOUR, NO_COLOUR, 0),
	[EL_SEARCH_MATCH] = S(BLK, YEL, 16, 220, 0),
	[EL_LOG_ERROR] = S(RED, D, 210, NO_COLOUR, 0),
	[EL_LOG_TIMESTAMP] = S(D, D, 243, NO_COLOUR, TA_DIM),
	[EL_ESCAPED] = S(MAG, D, 170, NO_COLOUR, 0),
	[EL_INPUT] = S(D, D, NO_COLOUR, 237, TA_UNDERLINE),
	[EL_INPUT_INVALID] = S(RED, D, 203, 237, TA_UNDERLINE),
	[EL_DIALOG] = S(D, D, NO_COLOUR, NO_COLOUR, 0),
	[EL_DIALOG_BORDER] = S(CYN, D, 73, NO_COLOUR, TA_BOLD),
	[EL_KEY_HINT] = S(BLK, CYN, 16, 73, 0),
	[EL_READ_ONLY] = S(BLK, YEL, 16, 214, TA_BOLD),
	[EL_INSECURE] = S(WHT, RED, 231, 160, TA_BOLD),
	[EL_CHART_BAR] = S(CYN, D, 67, NO_COLOUR, 0),
};

/* Without colour every distinction is made with these four attributes
 * (and the views' glyphs and words), so nothing depends on colour. */
static const unsigned builtin_mono[EL_COUNT] = {
	[EL_HEADER] = TA_REVERSE | TA_BOLD,
	[EL_HEADER_CONTEXT] = TA_REVERSE | TA_BOLD,
	[EL_TITLE] = TA_REVERSE | TA_BOLD,
	[EL_COLUMN_HEADER] = TA_BOLD | TA_UNDERLINE,
	[EL_SELECTED] = TA_REVERSE,
	[EL_STATUS_LINE] = TA_REVERSE,
	[EL_STATUS_FAILED] = TA_BOLD,
	[EL_STATUS_RUNNING] = TA_UNDERLINE,
	[EL_STATUS_CANCELLED] = TA_DIM,
	[EL_STATUS_UNKNOWN] = TA_DIM,
	[EL_DISABLED] = TA_DIM,
	[EL_NOT_DEPLOYED] = TA_DIM,
	[EL_STALE] = TA_BOLD | TA_UNDERLINE,
	[EL_ERROR] = TA_BOLD,
	[EL_WARNING] = TA_BOLD,
	[EL_DIM] = TA_DIM,
	[EL_LABEL] = TA_BOLD,
	[EL_SEARCH_MATCH] = TA_REVERSE,
	[EL_LOG_ERROR] = TA_BOLD,
	[EL_LOG_TIMESTAMP] = TA_DIM,
	[EL_ESCAPED] = TA_UNDERLINE,
	[EL_INPUT] = TA_UNDERLINE,
	[EL_INPUT_INVALID] = TA_BOLD | TA_UNDERLINE,
	[EL_DIALOG_BORDER] = TA_BOLD,
	[EL_KEY_HINT] = TA_REVERSE,
	[EL_READ_ONLY] = TA_REVERSE | TA_BOLD,
	[EL_INSECURE] = TA_REVERSE | TA_BOLD,
};

#define MONO_ATTRS (TA_BOLD | TA_DIM | TA_REVERSE | TA_UNDERLINE)

static const struct {
	const char *name;
	short value;
} colour_names[] = {
	{"default", -1}, {"black", 0}, {"red", 1}, {"green", 2}, {"yellow", 3}, {"blue", 4}, {"magenta", 5},
	{"cyan", 6}, {"white", 7}, {"bright-black", 8}, {"bright-red", 9}, {"bright-green", 10},
	{"bright-yellow", 11}, {"bright-blue", 12}, {"bright-magenta", 13}, {"bright-cyan", 14},
	{"bright-white", 15}, {"grey", 8}, {"gray", 8},
};

static const struct {
	const char *name;
	unsigned flag;
} attr_names[] = {
	{"bold", TA_BOLD}, {"dim", TA_DIM}, {"reverse", TA_REVERSE}, {"underline", TA_UNDERLINE},
	{"standout", TA_STANDOUT}, {"italic", TA_ITALIC},
};

/* ---- parsing (no terminal needed) ---- */

struct parser {
	const char *path;
	char *err;
};

static int fail_at(struct parser *p, const config_setting_t *s, const char *fmt, ...) PRINTF_LIKE(3, 4);
static int fail_at(struct parser *p, const config_setting_t *s, const char *fmt, ...)
{
	if (p->err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	const char *file = config_setting_source_file(s);
	p->err = xasprintf("%s:%u: %s", file ? file : p->path, config_setting_source_line(s), msg);
	free(msg);
	return -1;
}

static int parse_colour(struct parser *p, const config_setting_t *s, short *out)
{
	const char *key = config_setting_name(s);
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return fail_at(p, s, "'%s' must be a colour name in double quotes, e.g. \"cyan\"", key);
	const char *v = config_setting_get_string(s);
	for (size_t i = 0; i < ARRAY_SIZE(colour_names); i++)
		if (strcasecmp(v, colour_names[i].name) == 0) {
			*out = colour_names[i].value;
			return 0;
		}
	return fail_at(p, s,
		       "unknown colour '%s' for '%s' (use default, black, red, green, yellow, blue, magenta, cyan, "
		       "white, or bright-NAME)",
		       v, key);
}

static int parse_colour256(struct parser *p, const config_setting_t *s, short *out)
{
	int t = config_setting_type(s);
	long long v = (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) ? config_setting_get_int64(s) : -100;
	if (v < -1 || v > 255)
		return fail_at(p, s, "'%s' must be an integer between 0 and 255 (or -1 for the terminal's default)",
			       config_setting_name(s));
	*out = (short)v;
	return 0;
}

static int parse_attr_name(struct parser *p, const config_setting_t *s, const char *v, unsigned *attrs)
{
	for (size_t i = 0; i < ARRAY_SIZE(attr_names); i++)
		if (strcasecmp(v, attr_names[i].name) == 0) {
			*attrs |= attr_names[i].flag;
			return 0;
		}
	return fail_at(p, s, "unknown attribute '%s' (use bold, dim, reverse, underline, standout, italic)", v);
}

static int parse_attrs(struct parser *p, const config_setting_t *s, unsigned *attrs)
{
	int t = config_setting_type(s);
	if (t == CONFIG_TYPE_STRING)
		return parse_attr_name(p, s, config_setting_get_string(s), attrs);
	if (t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST)
		return fail_at(p, s, "'attrs' must be a list of names, e.g. [\"bold\", \"underline\"]");
	for (int i = 0; i < config_setting_length(s); i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return fail_at(p, s, "'attrs' must be a list of names, e.g. [\"bold\", \"underline\"]");
		if (parse_attr_name(p, s, config_setting_get_string(e), attrs) < 0)
			return -1;
	}
	return 0;
}

static int parse_element(struct parser *p, const config_setting_t *g, struct style *st)
{
	const char *el = config_setting_name(g);
	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return fail_at(p, g, "element '%s' must be a group: %s = { fg = \"...\"; bg = \"...\"; };", el, el);
	*st = (struct style){-1, -1, NO_COLOUR, NO_COLOUR, 0};
	for (int i = 0; i < config_setting_length(g); i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *k = config_setting_name(s);
		int rc;
		if (strcmp(k, "fg") == 0)
			rc = parse_colour(p, s, &st->fg);
		else if (strcmp(k, "bg") == 0)
			rc = parse_colour(p, s, &st->bg);
		else if (strcmp(k, "fg256") == 0)
			rc = parse_colour256(p, s, &st->fg256);
		else if (strcmp(k, "bg256") == 0)
			rc = parse_colour256(p, s, &st->bg256);
		else if (strcmp(k, "attrs") == 0)
			rc = parse_attrs(p, s, &st->attrs);
		else
			rc = fail_at(p, s, "unknown key '%s' in element '%s' (use fg, bg, fg256, bg256, attrs)", k, el);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int find_element(const char *name)
{
	for (int i = 0; i < EL_COUNT; i++)
		if (strcmp(element_names[i], name) == 0)
			return i;
	return -1;
}

static int parse_root(struct parser *p, const config_setting_t *root, struct theme_spec *spec)
{
	const config_setting_t *elements = NULL;
	for (int i = 0; i < config_setting_length(root); i++) {
		config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		const char *k = config_setting_name(s);
		if (strcmp(k, "description") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_STRING)
				return fail_at(p, s, "'description' must be a string");
		} else if (strcmp(k, "elements") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_GROUP)
				return fail_at(p, s, "'elements' must be a group: elements = { header = { ... }; };");
			elements = s;
		} else {
			return fail_at(p, s, "unknown key '%s' (a theme has 'description' and 'elements')", k);
		}
	}
	if (!elements) {
		p->err = xasprintf("%s: no 'elements' group", p->path);
		return -1;
	}
	for (int i = 0; i < config_setting_length(elements); i++) {
		config_setting_t *g = config_setting_get_elem(elements, (unsigned)i);
		int e = find_element(config_setting_name(g));
		if (e < 0)
			return fail_at(p, g, "unknown element '%s'", config_setting_name(g));
		if (parse_element(p, g, &spec->el[e]) < 0)
			return -1;
		spec->given[e] = true;
	}
	return 0;
}

static int parse_theme(const char *path, struct theme_spec *spec, char **err)
{
	memset(spec, 0, sizeof(*spec));
	struct parser p = {.path = path};
	struct stat st;
	if (stat(path, &st) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file", path);
		return -1;
	}
	char *data = NULL;
	size_t len = 0;
	if (safefile_read(path, THEME_MAX_BYTES, false, &data, &len, err) < 0)
		return -1;
	if (memchr(data, '\0', len)) {
		free(data);
		*err = xasprintf("%s: contains a NUL byte; not a text file", path);
		return -1;
	}
	config_t lc;
	config_init(&lc);
	int rc = 0;
	if (config_read_string(&lc, data) != CONFIG_TRUE) {
		const char *f = config_error_file(&lc);
		const char *text = config_error_text(&lc);
		p.err = xasprintf("%s:%d: %s", f ? f : path, config_error_line(&lc), text ? text : "syntax error");
		rc = -1;
	} else {
		rc = parse_root(&p, config_root_setting(&lc), spec);
	}
	config_destroy(&lc);
	free(data);
	if (rc < 0)
		*err = p.err;
	return rc;
}

int theme_check_file(const char *path, char **err)
{
	struct theme_spec spec;
	*err = NULL;
	return parse_theme(path, &spec, err);
}

static bool valid_theme_name(const char *name)
{
	if (str_empty(name) || name[0] == '.')
		return false;
	for (const char *c = name; *c; c++)
		if (!(('a' <= *c && *c <= 'z') || ('A' <= *c && *c <= 'Z') || ('0' <= *c && *c <= '9') || *c == '-' ||
		      *c == '_' || *c == '.'))
			return false;
	return true;
}

char *theme_find_file(const char *name)
{
	/* A path (--theme ./mine.theme) is used as given. */
	if (name && strchr(name, '/'))
		return xstrdup(name);
	if (!valid_theme_name(name))
		return NULL;
	struct strlist dirs = {0};
	config_theme_dirs(&dirs);
	char *found = NULL;
	for (size_t i = 0; i < dirs.n && !found; i++) {
		char *p = xasprintf("%s/%s.theme", dirs.v[i], name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			found = p;
		else
			free(p);
	}
	strlist_clear(&dirs);
	return found;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void theme_names(struct strlist *out)
{
	struct strlist dirs = {0}, names = {0};
	config_theme_dirs(&dirs);
	strlist_push(&names, "default");
	strlist_push(&names, "monochrome");
	for (size_t i = 0; i < dirs.n; i++) {
		DIR *d = opendir(dirs.v[i]);
		if (!d)
			continue;
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);
			if (len <= 6 || strcmp(e->d_name + len - 6, ".theme") != 0)
				continue;
			char *name = xstrndup(e->d_name, len - 6);
			bool seen = false;
			for (size_t k = 0; k < names.n && !seen; k++)
				seen = strcmp(names.v[k], name) == 0;
			if (!seen && valid_theme_name(name))
				strlist_push(&names, name);
			free(name);
		}
		closedir(d);
	}
	qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; i < names.n; i++)
		strlist_push(out, names.v[i]);
	strlist_clear(&names);
	strlist_clear(&dirs);
}

int theme_check_name(const char *name, char **err)
{
	*err = NULL;
	char *path = theme_find_file(name);
	if (!path) {
		if (name && (strcmp(name, "default") == 0 || strcmp(name, "monochrome") == 0))
			return 0; /* built in */
		struct strlist names = {0};
		theme_names(&names);
		char *list = strlist_join(&names, ", ");
		*err = xasprintf("no theme named '%s' (themes: %s)", name ? name : "", list);
		free(list);
		strlist_clear(&names);
		return -1;
	}
	int rc = theme_check_file(path, err);
	free(path);
	return rc;
}

/* ---- applying (needs curses) ---- */

static int attrs_now[EL_COUNT];
static bool loaded;
static bool monochrome = true;

static int curses_attrs(unsigned ta)
{
	int a = 0;
	if (ta & TA_BOLD)
		a |= A_BOLD;
	if (ta & TA_DIM)
		a |= A_DIM;
	if (ta & TA_REVERSE)
		a |= A_REVERSE;
	if (ta & TA_UNDERLINE)
		a |= A_UNDERLINE;
	if (ta & TA_STANDOUT)
		a |= A_STANDOUT;
	if (ta & TA_ITALIC)
		a |= A_ITALIC;
	return a;
}

static void apply_mono(const struct theme_spec *spec)
{
	for (int i = 0; i < EL_COUNT; i++) {
		unsigned ta = spec && spec->given[i] ? spec->el[i].attrs : builtin_mono[i];
		/* Standout is usually reverse; italic is often not shown at all. */
		if (ta & TA_STANDOUT)
			ta |= TA_REVERSE;
		if (ta & TA_ITALIC)
			ta |= TA_UNDERLINE;
		attrs_now[i] = curses_attrs(ta & MONO_ATTRS);
	}
	monochrome = true;
	loaded = true;
}

/* Maps a theme colour onto what the terminal has: bright colours on an
 * 8-colour terminal become the base colour (the caller adds bold for a
 * foreground), and "default" becomes white/black without default-colour
 * support. */
static short fit_colour(short c, bool fg, bool have_default, unsigned *ta)
{
	if (c < 0)
		return have_default ? -1 : (fg ? COLOR_WHITE : COLOR_BLACK);
	if (c >= COLORS) {
		if (c >= 8 && c < 16 && COLORS >= 8) {
			if (fg)
				*ta |= TA_BOLD;
			return (short)(c - 8);
		}
		return have_default ? -1 : (fg ? COLOR_WHITE : COLOR_BLACK);
	}
	return c;
}

static void apply_colour(const struct theme_spec *spec)
{
	bool have_default = use_default_colors() == OK;
	bool any_colour = false;
	for (int i = 0; i < EL_COUNT; i++) {
		struct style st = spec && spec->given[i] ? spec->el[i] : builtin_dark[i];
		unsigned ta = st.attrs;
		short fg = st.fg, bg = st.bg;
		if (COLORS >= 256) {
			if (st.fg256 != NO_COLOUR)
				fg = st.fg256;
			if (st.bg256 != NO_COLOUR)
				bg = st.bg256;
		}
		fg = fit_colour(fg, true, have_default, &ta);
		bg = fit_colour(bg, false, have_default, &ta);
		int a = curses_attrs(ta);
		short pair = (short)(i + 1);
		if ((fg != -1 || bg != -1) && pair < COLOR_PAIRS && init_pair(pair, fg, bg) == OK) {
			a |= (int)COLOR_PAIR(pair);
			any_colour = true;
		}
		attrs_now[i] = a;
	}
	monochrome = !any_colour;
	loaded = true;
}

/* Finds and parses theme NAME. 0 with *have_spec false when the built-in
 * theme stands in for a missing file (the default and monochrome ones). */
static int load_spec(const char *name, bool optional, struct theme_spec *spec, bool *have_spec, char **err)
{
	*have_spec = false;
	char *path = theme_find_file(name);
	if (!path) {
		if (optional)
			return 0;
		struct strlist dirs = {0};
		config_theme_dirs(&dirs);
		char *where = strlist_join(&dirs, ", ");
		*err = valid_theme_name(name)
			       ? xasprintf("theme '%s' not found (looked for %s.theme in %s)", name, name, where)
			       : xasprintf("'%s' is not a theme name", name);
		free(where);
		strlist_clear(&dirs);
		return -1;
	}
	int rc = parse_theme(path, spec, err);
	free(path);
	*have_spec = rc == 0;
	return rc;
}

int theme_load(const char *name, bool no_color, char **err)
{
	*err = NULL;
	if (!name)
		name = "default";
	bool mono = no_color || !str_empty(getenv("NO_COLOR")) || !has_colors();
	if (!mono && (start_color() != OK || COLORS < 8))
		mono = true;
	struct theme_spec spec;
	bool have_spec = false;
	int rc;
	if (mono) {
		/* Whatever theme was asked for: without colour only the
		 * monochrome attributes mean anything. */
		rc = load_spec("monochrome", true, &spec, &have_spec, err);
		apply_mono(have_spec ? &spec : NULL);
	} else {
		rc = load_spec(name, strcmp(name, "default") == 0, &spec, &have_spec, err);
		apply_colour(have_spec ? &spec : NULL);
	}
	return rc;
}

int theme_attr(enum theme_element e)
{
	if ((unsigned)e >= EL_COUNT)
		return 0;
	if (!loaded)
		return curses_attrs(builtin_mono[e]);
	return attrs_now[e];
}

/* The background of attr's pair: -1 the terminal's default, -2 unknown. */
static short pair_bg(int attr)
{
	short fg = -1, bg = -1;
	int pair = PAIR_NUMBER(attr);
	if (pair != 0 && pair_content((short)pair, &fg, &bg) != OK)
		return -2;
	return pair == 0 ? -1 : bg;
}

bool theme_blank_like(int attr, int base)
{
	const int shows = A_REVERSE | A_UNDERLINE | A_STANDOUT | A_BLINK;
	if ((attr & shows) != (base & shows))
		return false;
	if (PAIR_NUMBER(attr) == PAIR_NUMBER(base))
		return true;
	short bg = pair_bg(attr);
	return bg != -2 && bg == pair_bg(base);
}

bool theme_is_monochrome(void)
{
	return monochrome;
}

bool theme_unicode(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}
