// deps: ui/theme config config_paths sanitize sanitize_out vdkcli safefile util
/* Theme files: every shipped theme parses and is complete, broken files
 * give file:line, and loading on real terminal descriptions (256, 8 and
 * no colours) maps elements to the attributes the theme asks for. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <libconfig.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "ui/theme.h"
#include "util.h"

static char *tmp_dir;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) < 0 ? -1 : 0;
}

static char *src_root(void);

/* The checkout stands in for the installed data directory (themes are
 * read from nowhere else). */
static void use_checkout_themes(void)
{
	char *root = src_root();
	char *abs = realpath(root, NULL);
	assert_non_null(abs);
	setenv("VDKTOP_DATADIR", abs, 1);
	free(abs);
	free(root);
}

static int setup(void **state)
{
	use_checkout_themes();
	char tmpl[] = "/tmp/vdktop-test-theme-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	tmp_dir = xstrdup(tmpl);
	setenv("HOME", tmp_dir, 1);
	setenv("XDG_CONFIG_HOME", tmp_dir, 1);
	unsetenv("NO_COLOR");
	char *d = xasprintf("%s/vdktop", tmp_dir);
	mkdir(d, 0700);
	free(d);
	d = xasprintf("%s/vdktop/themes", tmp_dir);
	mkdir(d, 0700);
	free(d);
	return 0;
}

static int teardown(void **state)
{
	nftw(tmp_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(tmp_dir);
	tmp_dir = NULL;
	return 0;
}

static char *src_root(void)
{
	const char *f = __FILE__;
	const char *cut = strstr(f, "tests/unit/");
	if (!cut || cut == f)
		return xstrdup(".");
	return xstrndup(f, (size_t)(cut - f));
}

/* Writes NAME.theme into the user theme directory; returns its path. */
static char *write_theme(const char *name, const char *text)
{
	char *p = xasprintf("%s/vdktop/themes/%s.theme", tmp_dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

/* ---- without a terminal ---- */

static void test_attr_before_load_is_monochrome(void **state)
{
	/* Views may draw before theme_load (or in tests): never a colour. */
	assert_int_equal(theme_attr(EL_HEADER), A_REVERSE | A_BOLD);
	assert_int_equal(theme_attr(EL_NORMAL), 0);
	assert_true(theme_is_monochrome());
	assert_string_equal(theme_element_name(EL_STATUS_FAILED), "status_failed");
	assert_string_equal(theme_element_name(EL_CHART_BAR), "chart_bar");
}

static void test_shipped_themes(void **state)
{
	static const char *required[] = {"default", "light", "solarized-dark", "high-contrast", "monochrome"};
	char *root = src_root();
	for (size_t i = 0; i < ARRAY_SIZE(required); i++) {
		char *p = xasprintf("%s/themes/%s.theme", root, required[i]);
		if (access(p, R_OK) != 0)
			fail_msg("missing shipped theme %s", p);
		free(p);
	}
	char *pattern = xasprintf("%s/themes/*.theme", root);
	glob_t g;
	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= ARRAY_SIZE(required));
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char *err = NULL;
		if (theme_check_file(g.gl_pathv[i], &err) != 0)
			fail_msg("%s", err);
		/* Shipped themes are complete: no element silently borrowed
		 * from the built-in dark theme. */
		config_t lc;
		config_init(&lc);
		assert_int_equal(config_read_file(&lc, g.gl_pathv[i]), CONFIG_TRUE);
		config_setting_t *els = config_lookup(&lc, "elements");
		assert_non_null(els);
		for (int e = 0; e < EL_COUNT; e++)
			if (!config_setting_get_member(els, theme_element_name((enum theme_element)e)))
				fail_msg("%s does not set element '%s'", g.gl_pathv[i],
					 theme_element_name((enum theme_element)e));
		if (strstr(g.gl_pathv[i], "/monochrome.theme")) {
			/* Attributes only. */
			for (int e = 0; e < config_setting_length(els); e++) {
				config_setting_t *el = config_setting_get_elem(els, (unsigned)e);
				assert_null(config_setting_get_member(el, "fg"));
				assert_null(config_setting_get_member(el, "bg"));
				assert_null(config_setting_get_member(el, "fg256"));
				assert_null(config_setting_get_member(el, "bg256"));
			}
		}
		config_destroy(&lc);
	}
	globfree(&g);
	free(pattern);
	free(root);
}

static void expect_broken(const char *text, int line, const char *msg)
{
	char *p = write_theme("broken", text);
	char *err = NULL;
	if (theme_check_file(p, &err) == 0)
		fail_msg("accepted: %s", text);
	char *want = line ? xasprintf("%s:%d: %s", p, line, msg) : xasprintf("%s: %s", p, msg);
	if (strcmp(err, want) != 0)
		fail_msg("\n  got:  %s\n  want: %s", err, want);
	free(want);
	free(err);
	free(p);
}

static void test_broken_themes(void **state)
{
	expect_broken("elements = {\n header = { fg = \"black\" bg = ; };\n};\n", 2, "syntax error");
	expect_broken("elements = {\n\n bogus = { fg = \"red\"; };\n};\n", 3, "unknown element 'bogus'");
	expect_broken("elements = {\n header = {\n  fg = \"purple\";\n };\n};\n", 3,
		      "unknown colour 'purple' for 'fg' (use default, black, red, green, yellow, blue, magenta, cyan, "
		      "white, or bright-NAME)");
	expect_broken("elements = {\n header = { bg = 3; };\n};\n", 2,
		      "'bg' must be a colour name in double quotes, e.g. \"cyan\"");
	expect_broken("elements = {\n header = { fg256 = 300; };\n};\n", 2,
		      "'fg256' must be an integer between 0 and 255 (or -1 for the terminal's default)");
	expect_broken("elements = {\n header = { bg256 = \"red\"; };\n};\n", 2,
		      "'bg256' must be an integer between 0 and 255 (or -1 for the terminal's default)");
	expect_broken("elements = {\n header = { attrs = 5; };\n};\n", 2,
		      "'attrs' must be a list of names, e.g. [\"bold\", \"underline\"]");
	expect_broken("elements = {\n header = { attrs = [\"bold\", \"blink\"]; };\n};\n", 2,
		      "unknown attribute 'blink' (use bold, dim, reverse, underline, standout, italic)");
	expect_broken("elements = {\n header = { colour = \"red\"; };\n};\n", 2,
		      "unknown key 'colour' in element 'header' (use fg, bg, fg256, bg256, attrs)");
	expect_broken("elements = {\n header = \"red\";\n};\n", 2,
		      "element 'header' must be a group: header = { fg = \"...\"; bg = \"...\"; };");
	expect_broken("elements = ( 1 );\n", 1, "'elements' must be a group: elements = { header = { ... }; };");
	expect_broken("name = \"x\";\nelements = { };\n", 1,
		      "unknown key 'name' (a theme has 'description' and 'elements')");
	expect_broken("description = 1;\nelements = { };\n", 1, "'description' must be a string");
	expect_broken("description = \"nothing\";\n", 0, "no 'elements' group");

	char *err = NULL;
	char *missing = xasprintf("%s/none.theme", tmp_dir);
	assert_int_equal(theme_check_file(missing, &err), -1);
	assert_non_null(strstr(err, "No such file"));
	free(err);
	free(missing);
	assert_int_equal(theme_check_file(tmp_dir, &err), -1);
	assert_non_null(strstr(err, "not a regular file"));
	free(err);

	/* A single attribute may be given as a string; case does not matter. */
	char *p = write_theme("ok", "elements = { header = { fg = \"Bright-Red\"; attrs = \"bold\"; }; normal = { }; };\n");
	assert_int_equal(theme_check_file(p, &err), 0);
	assert_null(err);
	free(p);
}

static void test_find_file_order(void **state)
{
	char *root = src_root();
	char *cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(root), 0);
	/* Never from the working directory (a checkout here, with a themes/
	 * beside it) nor next to the binary: with an empty data directory
	 * there is no "light" ... */
	setenv("VDKTOP_DATADIR", tmp_dir, 1);
	char *p = theme_find_file("light");
	assert_null(p);
	/* ... and a relative VDKTOP_DATADIR is ignored ... */
	setenv("VDKTOP_DATADIR", ".", 1);
	struct strlist dirs = {0};
	config_theme_dirs(&dirs);
	assert_int_equal(dirs.n, 2);
	assert_string_equal(dirs.v[1], VDKTOP_DATADIR "/themes");
	strlist_clear(&dirs);
	/* ... found in the data directory ... */
	use_checkout_themes();
	p = theme_find_file("light");
	assert_non_null(p);
	assert_non_null(strstr(p, "themes/light.theme"));
	free(p);
	/* ... until the user's directory has one. */
	char *mine = write_theme("light", "elements = { };\n");
	p = theme_find_file("light");
	assert_string_equal(p, mine);
	free(p);
	free(mine);
	assert_null(theme_find_file("no-such-theme"));
	assert_null(theme_find_file(""));
	assert_null(theme_find_file(".hidden"));
	p = theme_find_file("./x/y.theme");
	assert_string_equal(p, "./x/y.theme");
	free(p);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	free(root);
}

static void test_unicode(void **state)
{
	if (setlocale(LC_CTYPE, "C.UTF-8")) {
		assert_true(theme_unicode());
	}
	setlocale(LC_CTYPE, "C");
	assert_false(theme_unicode());
}

/* ---- on terminal descriptions ---- */

static SCREEN *open_term(const char *type, FILE **out)
{
	*out = fopen("/dev/null", "w");
	assert_non_null(*out);
	SCREEN *s = newterm(type, *out, stdin);
	if (!s)
		return NULL;
	set_term(s);
	return s;
}

static void close_term(SCREEN *s, FILE *out)
{
	endwin();
	delscreen(s);
	fclose(out);
}

static void pair_of(int attr, short *fg, short *bg)
{
	short pair = (short)PAIR_NUMBER(attr);
	assert_true(pair > 0);
	assert_int_equal(pair_content(pair, fg, bg), OK);
}

static void assert_mono_everywhere(void)
{
	assert_true(theme_is_monochrome());
	for (int e = 0; e < EL_COUNT; e++) {
		int a = theme_attr((enum theme_element)e);
		assert_int_equal(PAIR_NUMBER(a), 0);
		assert_int_equal(a & ~(A_BOLD | A_REVERSE | A_DIM | A_UNDERLINE), 0);
	}
}

static void test_load_256(void **state)
{
	char *root = src_root();
	char *cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(root), 0);
	FILE *out;
	SCREEN *s = open_term("xterm-256color", &out);
	if (!s)
		skip();
	char *err = NULL;
	assert_int_equal(theme_load("default", false, &err), 0);
	assert_null(err);
	assert_false(theme_is_monochrome());
	short fg, bg;
	pair_of(theme_attr(EL_HEADER), &fg, &bg);
	assert_int_equal(fg, 234);
	assert_int_equal(bg, 73);
	assert_true(theme_attr(EL_HEADER) & A_BOLD);
	pair_of(theme_attr(EL_STATUS_FAILED), &fg, &bg);
	assert_int_equal(fg, 203);
	assert_int_equal(bg, -1);
	/* "default" on both sides needs no pair. */
	assert_int_equal(PAIR_NUMBER(theme_attr(EL_NORMAL)), 0);

	assert_int_equal(theme_load("solarized-dark", false, &err), 0);
	pair_of(theme_attr(EL_STATUS_OK), &fg, &bg);
	assert_int_equal(fg, 64);

	/* A partial theme: what it names, the built-in default for the rest. */
	free(write_theme("partial", "elements = {\n header = { fg = \"red\"; bg = \"white\"; attrs = [\"underline\"]; };\n};\n"));
	assert_int_equal(theme_load("partial", false, &err), 0);
	pair_of(theme_attr(EL_HEADER), &fg, &bg);
	assert_int_equal(fg, COLOR_RED);
	assert_int_equal(bg, COLOR_WHITE);
	assert_true(theme_attr(EL_HEADER) & A_UNDERLINE);
	assert_false(theme_attr(EL_HEADER) & A_BOLD);
	pair_of(theme_attr(EL_STATUS_FAILED), &fg, &bg);
	assert_int_equal(fg, 203);

	/* A broken theme: file:line, and the built-in default is used. */
	char *bad = write_theme("bad", "elements = {\n header = { fg = \"nope\"; };\n};\n");
	assert_int_equal(theme_load("bad", false, &err), -1);
	char *want = xasprintf("%s:2: unknown colour", bad);
	assert_true(str_starts_with(err, want));
	free(want);
	free(err);
	free(bad);
	pair_of(theme_attr(EL_HEADER), &fg, &bg);
	assert_int_equal(fg, 234);

	assert_int_equal(theme_load("nope", false, &err), -1);
	assert_true(str_starts_with(err, "theme 'nope' not found (looked for nope.theme in "));
	free(err);
	assert_int_equal(theme_load("../etc/passwd", false, &err), -1);
	free(err);

	/* The monochrome theme on a colour terminal: still no colour. */
	assert_int_equal(theme_load("monochrome", false, &err), 0);
	assert_true(theme_is_monochrome());
	for (int e = 0; e < EL_COUNT; e++)
		assert_int_equal(PAIR_NUMBER(theme_attr((enum theme_element)e)), 0);

	/* --no-color and NO_COLOR win over any theme. */
	assert_int_equal(theme_load("high-contrast", true, &err), 0);
	assert_mono_everywhere();
	assert_int_equal(theme_attr(EL_SELECTED), A_REVERSE);
	setenv("NO_COLOR", "1", 1);
	assert_int_equal(theme_load("light", false, &err), 0);
	assert_mono_everywhere();
	unsetenv("NO_COLOR");
	close_term(s, out);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	free(root);
}

static void test_load_8_colours(void **state)
{
	char *root = src_root();
	char *cwd = getcwd(NULL, 0);
	assert_int_equal(chdir(root), 0);
	FILE *out;
	SCREEN *s = open_term("xterm", &out);
	if (!s)
		skip();
	char *err = NULL;
	assert_int_equal(theme_load("default", false, &err), 0);
	short fg, bg;
	pair_of(theme_attr(EL_HEADER), &fg, &bg);
	assert_int_equal(fg, COLOR_BLACK);
	assert_int_equal(bg, COLOR_CYAN);
	/* bright-red on 8 colours: red, bold */
	assert_int_equal(theme_load("high-contrast", false, &err), 0);
	pair_of(theme_attr(EL_STATUS_FAILED), &fg, &bg);
	assert_int_equal(fg, COLOR_RED);
	assert_true(theme_attr(EL_STATUS_FAILED) & A_BOLD);
	close_term(s, out);
	assert_int_equal(chdir(cwd), 0);
	free(cwd);
	free(root);
}

static void test_load_without_colours(void **state)
{
	FILE *out;
	SCREEN *s = open_term("vt100", &out);
	if (!s)
		skip();
	char *err = NULL;
	assert_int_equal(theme_load("default", false, &err), 0);
	assert_mono_everywhere();
	assert_int_equal(theme_attr(EL_HEADER), A_REVERSE | A_BOLD);
	close_term(s, out);
}

/* A blank looks plain in a foreground colour, bold or dim; not on another
 * background, reversed or underlined. */
static void test_blank_like(void **state)
{
	FILE *out;
	SCREEN *s = open_term("xterm-256color", &out);
	if (!s)
		skip();
	char *err = NULL;
	assert_int_equal(theme_load("default", false, &err), 0);
	int normal = theme_attr(EL_NORMAL);
	assert_true(theme_blank_like(normal, normal));
	assert_true(theme_blank_like(theme_attr(EL_STATUS_OK), normal));
	assert_true(theme_blank_like(theme_attr(EL_STATUS_FAILED), normal));
	assert_true(theme_blank_like(theme_attr(EL_DIM), normal));
	assert_true(theme_blank_like(theme_attr(EL_DIM), theme_attr(EL_STATUS_OK)));
	assert_false(theme_blank_like(theme_attr(EL_SELECTED), normal));
	assert_false(theme_blank_like(normal, theme_attr(EL_SELECTED)));
	assert_false(theme_blank_like(theme_attr(EL_SEARCH_MATCH), normal));
	assert_false(theme_blank_like(theme_attr(EL_STATUS_LINE), normal));
	assert_false(theme_blank_like(theme_attr(EL_INPUT), normal));
	close_term(s, out);

	s = open_term("vt100", &out);
	if (!s)
		skip();
	assert_int_equal(theme_load("default", false, &err), 0);
	normal = theme_attr(EL_NORMAL);
	assert_true(theme_blank_like(theme_attr(EL_DIM), normal));
	assert_true(theme_blank_like(theme_attr(EL_STATUS_FAILED), normal));
	assert_false(theme_blank_like(theme_attr(EL_SELECTED), normal));
	assert_false(theme_blank_like(theme_attr(EL_STATUS_RUNNING), normal));
	close_term(s, out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_attr_before_load_is_monochrome, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shipped_themes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_themes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_file_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unicode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_256, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_8_colours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_without_colours, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_like, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
