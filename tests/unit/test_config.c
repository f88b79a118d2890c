// deps: config config_paths sanitize sanitize_out vdkcli safefile util
/* Config loading: the file, the environment, the command line and the vdk
 * CLI fallback, each error with file:line, and config.example kept
 * complete. Every test runs in a fresh temporary HOME. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

static char *tmp_home;

static const char *clean_env[] = {
	"VDKTOP_CONFIG", "VDKTOP_URL", "VDKTOP_TEAM", "VDKTOP_CONTEXT", "VDKTOP_TOKEN", "NO_COLOR",
	"VDK_CONTROL_SERVICE_REST_API_URL", "VDK_BASE_CONFIG_FOLDER", "XDG_CONFIG_HOME",
};

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) < 0 ? -1 : 0;
}

static void rm_rf(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int setup(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(clean_env); i++)
		unsetenv(clean_env[i]);
	char tmpl[] = "/tmp/vdktop-test-config-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	tmp_home = xstrdup(tmpl);
	setenv("HOME", tmp_home, 1);
	return 0;
}

static int teardown(void **state)
{
	rm_rf(tmp_home);
	free(tmp_home);
	tmp_home = NULL;
	return 0;
}

static void mkdirs(const char *rel)
{
	char *p = xasprintf("%s/%s", tmp_home, rel);
	for (char *s = p + strlen(tmp_home) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0700);
			*s = '/';
		}
	mkdir(p, 0700);
	free(p);
}

/* Writes rel (under HOME) with mode; returns the absolute path (owned). */
static char *write_file(const char *rel, const char *text, mode_t mode)
{
	char *p = xasprintf("%s/%s", tmp_home, rel);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	fchmod(fd, mode);
	close(fd);
	return p;
}

/* The standard config path under the temporary HOME. */
static char *write_config(const char *text, mode_t mode)
{
	mkdirs(".config/vdktop");
	return write_file(".config/vdktop/config", text, mode);
}

static const struct config_overrides no_ov = {.no_color = -1, .read_only = -1, .refresh_s = -1};

static void expect_error(const char *text, const char *expected_suffix, int line)
{
	char *path = write_config(text, 0600);
	struct config cfg;
	char *err = NULL;
	setenv("VDKTOP_URL", "http://127.0.0.1:1", 1);
	int rc = config_load(&cfg, &no_ov, &err);
	config_free(&cfg);
	if (rc == 0)
		fail_msg("expected an error for: %s", text);
	char *want = xasprintf("%s:%d: %s", path, line, expected_suffix);
	if (strcmp(err, want) != 0)
		fail_msg("error\n  got:  %s\n  want: %s", err, want);
	free(want);
	free(err);
	free(path);
}

static void test_defaults_with_vdktop_url(void **state)
{
	setenv("VDKTOP_URL", "https://cs.example.com/data-jobs/", 1);
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_null(err);
	assert_null(cfg.path);
	assert_string_equal(cfg.theme, "default");
	assert_false(cfg.no_color);
	assert_false(cfg.read_only);
	assert_int_equal(cfg.refresh_s, 10);
	assert_int_equal(cfg.refresh_active_s, 2);
	assert_int_equal(cfg.log_poll_ms, 1500);
	assert_int_equal(cfg.log_tail_lines, 2000);
	assert_int_equal(cfg.scrollback, 200000);
	assert_int_equal(cfg.connect_timeout_s, 10);
	assert_int_equal(cfg.timeout_s, 30);
	assert_int_equal(cfg.max_body_mb, 64);
	assert_int_equal(cfg.deploy_timeout_s, 600);
	assert_false(cfg.mouse);
	assert_false(cfg.utc);
	assert_true(cfg.bell);
	assert_int_equal(cfg.page_size, 500);
	assert_int_equal(cfg.n_keys, 0);
	assert_int_equal(cfg.n_contexts, 1);
	const struct context *c = config_context(&cfg);
	assert_string_equal(c->name, "vdk");
	assert_string_equal(c->url, "https://cs.example.com");
	assert_null(c->team);
	assert_null(c->token);
	assert_null(c->cred_file);
	assert_int_equal(c->confirm, CONFIRM_NORMAL);
	assert_false(c->read_only);
	assert_false(c->insecure);
	assert_false(config_read_only(&cfg));
	assert_string_equal(config_theme_name(&cfg), "default");
	assert_int_equal(cfg.warnings.n, 0);
	config_free(&cfg);
}

static void test_missing_url(void **state)
{
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &no_ov, &err), -1);
	config_free(&cfg);
	assert_non_null(err);
	assert_non_null(strstr(err, "--url"));
	assert_non_null(strstr(err, "VDKTOP_URL"));
	assert_non_null(strstr(err, "VDK_CONTROL_SERVICE_REST_API_URL"));
	assert_non_null(strstr(err, "config"));
	free(err);

	/* The command line alone is enough. */
	struct config_overrides ov = no_ov;
	ov.url = "http://localhost:8092/";
	assert_int_equal(config_load(&cfg, &ov, &err), 0);
	assert_string_equal(config_context(&cfg)->url, "http://localhost:8092");
	config_free(&cfg);
}

static void test_vdk_cli_fallback(void **state)
{
	mkdirs(".vdk.internal");
	free(write_file(".vdk.internal/vdk-configuration.ini",
			"[defaults]\nrest-api-url = https://vdk.example.com/data-jobs\nteam-name = starshot\n", 0644));
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	const struct context *c = config_context(&cfg);
	assert_string_equal(c->name, "vdk");
	assert_string_equal(c->url, "https://vdk.example.com");
	assert_string_equal(c->team, "starshot");
	assert_null(c->cred_file);
	assert_null(c->token);
	config_free(&cfg);

	/* The environment variable beats the ini, as in the CLI. */
	setenv("VDK_CONTROL_SERVICE_REST_API_URL", "http://127.0.0.1:9000", 1);
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_string_equal(config_context(&cfg)->url, "http://127.0.0.1:9000");
	assert_string_equal(config_context(&cfg)->team, "starshot");
	config_free(&cfg);
	unsetenv("VDK_CONTROL_SERVICE_REST_API_URL");

	/* VDK_BASE_CONFIG_FOLDER moves .vdk.internal: nothing there. */
	char *other = xasprintf("%s/.config", tmp_home);
	mkdirs(".config");
	setenv("VDK_BASE_CONFIG_FOLDER", other, 1);
	assert_int_equal(config_load(&cfg, &no_ov, &err), -1);
	config_free(&cfg);
	free(err);
	unsetenv("VDK_BASE_CONFIG_FOLDER");
	free(other);

	/* A file whose contexts have no url use the CLI's. */
	char *p = write_config("contexts = ( { name = \"a\"; team = \"t1\"; } );\n", 0600);
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_string_equal(config_context(&cfg)->url, "https://vdk.example.com");
	assert_string_equal(config_context(&cfg)->team, "t1");
	config_free(&cfg);
	free(p);
}

static void test_broken_vdk_ini_is_a_warning(void **state)
{
	mkdirs(".vdk.internal");
	free(write_file(".vdk.internal/vdk-configuration.ini",
			"[defaults]\nthis line is not ini\nrest-api-url = https://ok.example.com\n", 0644));
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_string_equal(config_context(&cfg)->url, "https://ok.example.com");
	assert_int_equal(cfg.warnings.n, 1);
	assert_non_null(strstr(cfg.warnings.v[0], "vdk-configuration.ini:2:"));
	config_free(&cfg);
}

static char *src_root(void)
{
	const char *f = __FILE__;
	const char *cut = strstr(f, "tests/unit/");
	if (!cut || cut == f)
		return xstrdup(".");
	return xstrndup(f, (size_t)(cut - f));
}

static char *example_path(void)
{
	char *root = src_root();
	char *p = xasprintf("%s/config.example", root);
	free(root);
	return p;
}

static void test_example_loads(void **state)
{
	char *path = example_path();
	struct config_overrides ov = no_ov;
	ov.config_path = path;
	struct config cfg;
	char *err = NULL;
	if (config_load(&cfg, &ov, &err) != 0)
		fail_msg("config.example: %s", err);
	for (size_t i = 0; i < cfg.warnings.n; i++)
		fail_msg("config.example warning: %s", cfg.warnings.v[i]);
	assert_string_equal(cfg.path, path);
	assert_int_equal(cfg.n_contexts, 3);
	const struct context *c = config_context(&cfg);
	assert_string_equal(c->name, "local");
	assert_string_equal(c->url, "http://127.0.0.1:8092");
	assert_null(c->token); /* "" is "not set" */
	assert_string_equal(cfg.contexts[0].name, "prod");
	assert_true(cfg.contexts[0].read_only);
	assert_int_equal(cfg.contexts[0].confirm, CONFIRM_TYPED);
	assert_string_equal(cfg.contexts[0].theme, "high-contrast");
	assert_string_equal(cfg.contexts[1].url, "https://control.staging.example.com");
	char *tok = xasprintf("%s/.config/vdktop/staging.token", tmp_home);
	assert_string_equal(cfg.contexts[1].token_file, tok);
	free(tok);
	/* The documented defaults are the real defaults. */
	assert_int_equal(cfg.refresh_s, 10);
	assert_int_equal(cfg.page_size, 500);
	assert_true(cfg.bell);
	assert_int_equal(cfg.n_keys, 3);
	assert_string_equal(cfg.keys[1].action, "refresh");
	assert_int_equal(cfg.keys[1].keys.n, 2);
	assert_string_equal(cfg.keys[1].keys.v[1], "F5");
	assert_string_equal(cfg.keys[2].action, "down");
	assert_int_equal(cfg.keys[2].keys.n, 2);
	assert_string_equal(cfg.keys[2].keys.v[0], "j");
	assert_string_equal(cfg.keys[2].keys.v[1], "Down");
	assert_int_equal(config_use_context(&cfg, "prod"), 0);
	assert_true(config_read_only(&cfg));
	assert_string_equal(config_theme_name(&cfg), "high-contrast");
	assert_int_equal(config_use_context(&cfg, "nope"), -1);
	assert_string_equal(config_context(&cfg)->name, "prod");
	config_free(&cfg);
	free(path);
}

static bool list_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* Every key config.c knows is documented with a value in config.example,
 * and config.example uses no key config.c does not know. */
static void test_example_documents_every_key(void **state)
{
	char *path = example_path();
	config_t lc;
	config_init(&lc);
	if (config_read_file(&lc, path) != CONFIG_TRUE)
		fail_msg("%s:%d: %s", path, config_error_line(&lc), config_error_text(&lc));
	struct strlist documented = {0};
	config_setting_t *root = config_root_setting(&lc);
	for (int i = 0; i < config_setting_length(root); i++) {
		config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		strlist_push(&documented, config_setting_name(s));
	}
	config_setting_t *ctxs = config_lookup(&lc, "contexts");
	assert_non_null(ctxs);
	for (int i = 0; i < config_setting_length(ctxs); i++) {
		config_setting_t *g = config_setting_get_elem(ctxs, (unsigned)i);
		for (int j = 0; j < config_setting_length(g); j++) {
			char *k = xasprintf("contexts.%s", config_setting_name(config_setting_get_elem(g, (unsigned)j)));
			if (!list_has(&documented, k))
				strlist_push(&documented, k);
			free(k);
		}
	}
	struct strlist known = {0};
	config_known_keys(&known);
	assert_true(known.n > 20);
	for (size_t i = 0; i < known.n; i++)
		if (!list_has(&documented, known.v[i]))
			fail_msg("config.example does not document '%s'", known.v[i]);
	for (size_t i = 0; i < documented.n; i++)
		if (!list_has(&known, documented.v[i]))
			fail_msg("config.example documents '%s', which config.c does not know", documented.v[i]);
	strlist_clear(&known);
	strlist_clear(&documented);
	config_destroy(&lc);
	free(path);
}

static void test_type_and_range_errors(void **state)
{
	expect_error("refresh = 0;\n", "'refresh' must be an integer between 1 and 3600", 1);
	expect_error("\n\nrefresh = 3601;\n", "'refresh' must be an integer between 1 and 3600", 3);
	expect_error("refresh = \"10\";\n", "'refresh' must be an integer between 1 and 3600", 1);
	expect_error("refresh = 1.5;\n", "'refresh' must be an integer between 1 and 3600", 1);
	expect_error("refresh_active = -1;\n", "'refresh_active' must be an integer between 1 and 3600", 1);
	expect_error("log_poll_ms = 5;\n", "'log_poll_ms' must be an integer between 100 and 60000", 1);
	expect_error("log_tail_lines = 99999999999L;\n",
		     "'log_tail_lines' must be an integer between 10 and 1000000", 1);
	expect_error("scrollback = 10;\n", "'scrollback' must be an integer between 1000 and 100000000", 1);
	expect_error("connect_timeout = 0;\n", "'connect_timeout' must be an integer between 1 and 600", 1);
	expect_error("timeout = true;\n", "'timeout' must be an integer between 1 and 3600", 1);
	expect_error("max_body_mb = 0;\n", "'max_body_mb' must be an integer between 1 and 4096", 1);
	expect_error("deploy_timeout = 1;\n", "'deploy_timeout' must be an integer between 10 and 86400", 1);
	expect_error("page_size = 0;\n", "'page_size' must be an integer between 1 and 10000", 1);
	expect_error("mouse = 1;\n", "'mouse' must be true or false", 1);
	expect_error("utc = \"yes\";\n", "'utc' must be true or false", 1);
	expect_error("bell = 0;\n", "'bell' must be true or false", 1);
	expect_error("theme = 3;\n", "'theme' must be a string (in double quotes)", 1);
	expect_error("theme = \"\";\n", "'theme' must not be empty", 1);
	expect_error("context = 1;\n", "'context' must be a string (in double quotes)", 1);
	expect_error("contexts = { name = \"a\"; };\n",
		     "'contexts' must be a list of groups: contexts = ( { name = \"...\"; ... } );", 1);
	expect_error("contexts = ( \"a\" );\n",
		     "each entry of 'contexts' must be a group: { name = \"...\"; url = \"...\"; }", 1);
	expect_error("contexts = (\n { url = \"http://x\"; }\n);\n", "a context needs a 'name'", 2);
	expect_error("contexts = (\n { name = \"a b\"; }\n);\n",
		     "context name 'a b' must be one word (it is typed after :ctx)", 2);
	expect_error("contexts = (\n { name = \"a\"; },\n { name = \"a\"; }\n);\n", "context 'a' is defined twice", 3);
	expect_error("contexts = ( {\n name = \"a\";\n url = \"ftp://x\";\n} );\n",
		     "'url' must start with http:// or https://", 3);
	expect_error("contexts = ( {\n name = \"a\";\n url = \"https:///data-jobs\";\n} );\n", "'url' has no host name",
		     3);
	expect_error("contexts = ( {\n name = \"a\";\n url = \"http://x y\";\n} );\n",
		     "'url' must not contain spaces or control characters", 3);
	expect_error("contexts = ( { name = \"a\";\n read_only = \"yes\"; } );\n", "'read_only' must be true or false",
		     2);
	expect_error("contexts = ( { name = \"a\";\n confirm = \"always\"; } );\n",
		     "'confirm' must be \"normal\" or \"typed\"", 2);
	expect_error("contexts = ( { name = \"a\";\n team = 7; } );\n", "'team' must be a string (in double quotes)", 2);
	expect_error("contexts = ( { name = \"a\";\n insecure = 1; } );\n", "'insecure' must be true or false", 2);
	expect_error("contexts = ( { name = \"a\";\n authorization_url = \"auth\"; } );\n",
		     "'authorization_url' must start with http:// or https://; did you mean https://auth ?", 2);
	expect_error("contexts = ( {\n name = \"a\";\n url = \"http://x:99999\";\n} );\n",
		     "'url' has an invalid port (a number from 1 to 65535)", 3);
	expect_error("contexts = ( {\n name = \"a\";\n url = \"http://x:/data-jobs\";\n} );\n",
		     "'url' has an invalid port (a number from 1 to 65535)", 3);
	expect_error("contexts = ( {\n name = \"a\";\n url = \"http://u:p@x:8o\";\n} );\n",
		     "'url' has an invalid port (a number from 1 to 65535)", 3);
	expect_error("contexts = ( { name = \"a\";\n team = \"a\\nb\"; } );\n", "'team' contains a control character", 2);
	expect_error("keys = ( \"q\" );\n", "'keys' must be a group: keys = { quit = \"Q\"; };", 1);
	expect_error("keys = {\n quit = 3;\n};\n",
		     "keys for 'quit' must be a string (\"j Down\") or a list ([\"j\", \"Down\"])", 2);
	expect_error("keys = {\n quit = (\"Q\", 3);\n};\n", "keys for 'quit' must be strings", 2);
	expect_error("contexts = ( { name = \"a\"; } );\n\ncontext = \"b\";\n", "unknown context 'b' (known: a)", 3);
}

static void test_syntax_errors(void **state)
{
	expect_error("refresh = 10;\ntheme = \"x\";\nbell = = true;\n", "syntax error", 3);
	expect_error("refresh = 10;\n\n\nrefresh = 11;\n", "duplicate setting name", 4);
	expect_error("contexts = (\n { name = \"a\" }\n", "syntax error", 3);
	/* Hostile bytes: a clear error, never a crash. */
	expect_error("theme = \"\x1b[31m\";\n", "'theme' contains a control character", 1);
}

static void test_not_a_text_file(void **state)
{
	mkdirs(".config/vdktop");
	char *p = xasprintf("%s/.config/vdktop/config", tmp_home);
	FILE *f = fopen(p, "w");
	fwrite("refresh = 1;\0garbage", 1, 20, f);
	fclose(f);
	struct config cfg;
	char *err = NULL;
	setenv("VDKTOP_URL", "http://127.0.0.1:1", 1);
	assert_int_equal(config_load(&cfg, &no_ov, &err), -1);
	config_free(&cfg);
	assert_non_null(strstr(err, "NUL byte"));
	free(err);
	unlink(p);
	mkdir(p, 0700); /* a directory where the file should be */
	assert_int_equal(config_load(&cfg, &no_ov, &err), -1);
	config_free(&cfg);
	assert_non_null(strstr(err, "not a regular file"));
	free(err);
	rmdir(p);
	free(p);
}

static void test_unknown_keys_warn(void **state)
{
	char *path = write_config("refresh = 5;\nfoo = 1;\ncontexts = ( { name = \"a\"; url = \"http://h\";\n"
				  " colour = \"red\"; } );\n",
				  0600);
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.refresh_s, 5);
	assert_int_equal(cfg.warnings.n, 2);
	char *w1 = xasprintf("%s:2: unknown key 'foo'", path);
	char *w2 = xasprintf("%s:4: unknown key 'colour' in a context", path);
	assert_string_equal(cfg.warnings.v[0], w1);
	assert_string_equal(cfg.warnings.v[1], w2);
	free(w1);
	free(w2);
	config_free(&cfg);
	free(path);
}

static void test_token_permission_warning(void **state)
{
	const char *text = "contexts = ( { name = \"a\"; url = \"https://h\"; token = \"s3cret-value\"; } );\n";
	char *path = write_config(text, 0644);
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.warnings.n, 1);
	assert_non_null(strstr(cfg.warnings.v[0], "contains a token and is readable by others; chmod 600"));
	assert_non_null(strstr(cfg.warnings.v[0], path));
	assert_null(strstr(cfg.warnings.v[0], "s3cret"));
	assert_string_equal(config_context(&cfg)->token, "s3cret-value");
	config_free(&cfg);

	chmod(path, 0600);
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.warnings.n, 0);
	config_free(&cfg);

	/* Readable by others but no secret in it: nothing to say. */
	free(write_config("contexts = ( { name = \"a\"; url = \"https://h\"; token_file = \"~/tok\"; } );\n", 0644));
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.warnings.n, 0);
	config_free(&cfg);

	/* api_token counts too. */
	free(write_config("contexts = ( { name = \"a\"; url = \"https://h\"; api_token = \"x\"; } );\n", 0640));
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.warnings.n, 1);
	config_free(&cfg);
	free(path);
}

/* The files around the config: an included file others can change (it
 * can say where the token goes) or read (with a token in the
 * configuration), and a token cache others can read, each get a warning;
 * the config's own mode is checked for others' writes too. */
static void test_include_and_cache_permission_warnings(void **state)
{
	mkdirs(".config/vdktop");
	char *inc = write_file(".config/vdktop/secrets.cfg",
			       "contexts = ( { name = \"a\"; url = \"https://h\"; token = \"s3cret-value\"; } );\n", 0644);
	char *path = write_config("@include \"secrets.cfg\"\n", 0600);
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.warnings.n, 1);
	assert_non_null(strstr(cfg.warnings.v[0], "included config file"));
	assert_non_null(strstr(cfg.warnings.v[0], inc));
	assert_non_null(strstr(cfg.warnings.v[0], "readable by others"));
	assert_null(strstr(cfg.warnings.v[0], "s3cret"));
	config_free(&cfg);

	/* Changeable by others is worse, token or not; nested includes too. */
	char *inner = write_file(".config/vdktop/inner.cfg", "refresh = 5;\n", 0666);
	chmod(inner, 0666);
	free(write_file(".config/vdktop/secrets.cfg",
			"  @include \"inner.cfg\"\ncontexts = ( { name = \"a\"; url = \"https://h\"; } );\n", 0600));
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.warnings.n, 1);
	assert_non_null(strstr(cfg.warnings.v[0], inner));
	assert_non_null(strstr(cfg.warnings.v[0], "can be changed by other users (mode 0666)"));
	config_free(&cfg);
	chmod(inner, 0600);

	/* The main file writable by the group. */
	chmod(path, 0620);
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.warnings.n, 1);
	assert_non_null(strstr(cfg.warnings.v[0], "can be changed by other users"));
	config_free(&cfg);
	chmod(path, 0600);

	/* The context takes its token from the vdk CLI's cache: a cache
	 * others can read is named. */
	mkdirs(".vdk.internal");
	char *cred = write_file(".vdk.internal/vdk-cred.json", "{}", 0644);
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.warnings.n, 1);
	assert_non_null(strstr(cfg.warnings.v[0], "token cache"));
	assert_non_null(strstr(cfg.warnings.v[0], cred));
	assert_non_null(strstr(cfg.warnings.v[0], "chmod 600"));
	config_free(&cfg);
	chmod(cred, 0600);
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.warnings.n, 0);
	config_free(&cfg);
	unlink(cred);
	unlink(inner);
	unlink(inc);
	free(cred);
	free(inner);
	free(inc);
	free(path);
}

static const char *two_contexts = "context = \"b\";\n"
				  "theme = \"light\";\n"
				  "refresh = 20;\n"
				  "contexts = (\n"
				  " { name = \"a\"; url = \"https://a.example.com\"; team = \"ta\"; },\n"
				  " { name = \"b\"; url = \"https://b.example.com/\"; team = \"tb\"; theme = \"solarized-dark\"; }\n"
				  ");\n";

static void test_env_overrides(void **state)
{
	free(write_config(two_contexts, 0600));
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_string_equal(config_context(&cfg)->name, "b");
	assert_string_equal(config_context(&cfg)->url, "https://b.example.com");
	assert_string_equal(config_theme_name(&cfg), "solarized-dark");
	assert_false(cfg.no_color);
	config_free(&cfg);

	setenv("VDKTOP_CONTEXT", "a", 1);
	setenv("VDKTOP_URL", "http://127.0.0.1:5000/data-jobs", 1);
	setenv("VDKTOP_TEAM", "envteam", 1);
	setenv("VDKTOP_TOKEN", "envtoken", 1);
	setenv("NO_COLOR", "1", 1);
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	const struct context *c = config_context(&cfg);
	assert_string_equal(c->name, "a");
	assert_string_equal(c->url, "http://127.0.0.1:5000");
	assert_string_equal(c->team, "envteam");
	assert_string_equal(c->token, "envtoken");
	assert_true(cfg.no_color);
	assert_string_equal(config_theme_name(&cfg), "light");
	/* Only the current context takes the environment's values. */
	assert_string_equal(cfg.contexts[1].url, "https://b.example.com");
	assert_null(cfg.contexts[1].token);
	config_free(&cfg);

	/* An empty NO_COLOR does not count (no-color.org). */
	setenv("NO_COLOR", "", 1);
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_false(cfg.no_color);
	config_free(&cfg);

	setenv("VDKTOP_CONTEXT", "zzz", 1);
	assert_int_equal(config_load(&cfg, &no_ov, &err), -1);
	config_free(&cfg);
	assert_string_equal(err, "VDKTOP_CONTEXT: unknown context 'zzz' (known: a, b)");
	free(err);

	unsetenv("VDKTOP_CONTEXT");
	setenv("VDKTOP_URL", "localhost:8092", 1);
	assert_int_equal(config_load(&cfg, &no_ov, &err), -1);
	config_free(&cfg);
	assert_string_equal(err, "VDKTOP_URL: the Control Service URL must start with http:// or https://; "
				 "did you mean https://localhost:8092 ?");
	free(err);
}

static void test_command_line_wins(void **state)
{
	free(write_config(two_contexts, 0600));
	setenv("VDKTOP_CONTEXT", "b", 1);
	setenv("VDKTOP_URL", "http://127.0.0.1:5000", 1);
	setenv("VDKTOP_TEAM", "envteam", 1);
	struct config_overrides ov = no_ov;
	ov.context = "a";
	ov.url = "https://cli.example.com//";
	ov.team = "cliteam";
	ov.theme = "monochrome";
	ov.no_color = 1;
	ov.read_only = 1;
	ov.refresh_s = 3;
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &ov, &err), 0);
	const struct context *c = config_context(&cfg);
	assert_string_equal(c->name, "a");
	assert_string_equal(c->url, "https://cli.example.com");
	assert_string_equal(c->team, "cliteam");
	assert_true(cfg.no_color);
	assert_true(cfg.read_only);
	assert_int_equal(cfg.refresh_s, 3);
	assert_string_equal(config_theme_name(&cfg), "monochrome");
	/* --theme beats the other context's own theme as well */
	assert_int_equal(config_use_context(&cfg, "b"), 0);
	assert_string_equal(config_theme_name(&cfg), "monochrome");
	assert_true(config_read_only(&cfg));
	config_free(&cfg);

	ov.refresh_s = 0;
	assert_int_equal(config_load(&cfg, &ov, &err), -1);
	config_free(&cfg);
	assert_string_equal(err, "--refresh must be an integer between 1 and 3600");
	free(err);
	ov.refresh_s = -1;
	ov.context = "c";
	assert_int_equal(config_load(&cfg, &ov, &err), -1);
	config_free(&cfg);
	assert_string_equal(err, "--context: unknown context 'c' (known: a, b)");
	free(err);
	ov.context = NULL;
	ov.url = "https://";
	assert_int_equal(config_load(&cfg, &ov, &err), -1);
	config_free(&cfg);
	assert_string_equal(err, "--url: the Control Service URL has no host name");
	free(err);
}

static void test_explicit_config_path(void **state)
{
	struct config_overrides ov = no_ov;
	char *missing = xasprintf("%s/nope.conf", tmp_home);
	ov.config_path = missing;
	ov.url = "http://127.0.0.1:1";
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &ov, &err), -1);
	/* --paths still has something to show after an error. */
	assert_int_equal(cfg.n_contexts, 0);
	assert_true(cfg.paths_read.n >= 3);
	assert_non_null(strstr(cfg.paths_read.v[0], "nope.conf (not found)"));
	config_free(&cfg);
	char *want = xasprintf("%s: No such file or directory", missing);
	assert_string_equal(err, want);
	free(want);
	free(err);

	/* VDKTOP_CONFIG is explicit too; --config beats it. */
	setenv("VDKTOP_CONFIG", missing, 1);
	ov.config_path = NULL;
	assert_int_equal(config_load(&cfg, &ov, &err), -1);
	config_free(&cfg);
	free(err);
	ov.config_path = "/dev/null";
	assert_int_equal(config_load(&cfg, &ov, &err), 0);
	assert_null(cfg.path);
	config_free(&cfg);

	mkdirs("c");
	char *p = write_file("c/c2", "refresh = 42;\n", 0600);
	ov.config_path = p;
	assert_int_equal(config_load(&cfg, &ov, &err), 0);
	assert_int_equal(cfg.refresh_s, 42);
	assert_string_equal(cfg.path, p);
	config_free(&cfg);
	free(p);
	free(missing);
}

static void test_xdg_config_home(void **state)
{
	mkdirs("c/vdktop");
	free(write_file("c/vdktop/config", "refresh = 7;\n", 0600));
	char *xdg = xasprintf("%s/c", tmp_home);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	char *p = config_default_path();
	char *want = xasprintf("%s/vdktop/config", xdg);
	assert_string_equal(p, want);
	struct config cfg;
	char *err = NULL;
	setenv("VDKTOP_URL", "http://127.0.0.1:1", 1);
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.refresh_s, 7);
	config_free(&cfg);
	free(want);
	free(p);
	free(xdg);
}

static void test_url_normalisation(void **state)
{
	static const char *cases[][2] = {
		{"https://h.example.com", "https://h.example.com"},
		{"https://h.example.com/", "https://h.example.com"},
		{"https://h.example.com///", "https://h.example.com"},
		{"https://h.example.com/data-jobs", "https://h.example.com"},
		{"https://h.example.com/data-jobs/", "https://h.example.com"},
		{"https://h.example.com/api/data-jobs", "https://h.example.com/api"},
		{"HTTP://127.0.0.1:8092/", "HTTP://127.0.0.1:8092"},
		{"https://h/data-jobs-x", "https://h/data-jobs-x"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct config_overrides ov = no_ov;
		ov.url = cases[i][0];
		struct config cfg;
		char *err = NULL;
		if (config_load(&cfg, &ov, &err) != 0)
			fail_msg("%s: %s", cases[i][0], err);
		assert_string_equal(config_context(&cfg)->url, cases[i][1]);
		config_free(&cfg);
	}
}

static void test_paths(void **state)
{
	setenv("VDKTOP_URL", "http://127.0.0.1:1", 1);
	free(write_config("refresh = 9;\n", 0600));
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	char *buf = NULL;
	size_t len = 0;
	unsetenv("VDKTOP_DATADIR");
	FILE *f = open_memstream(&buf, &len);
	config_print_paths(&cfg, f);
	fclose(f);
	char *want = xasprintf("%s/.config/vdktop/config (read)", tmp_home);
	assert_non_null(strstr(buf, want));
	free(want);
	want = xasprintf("%s/.vdk.internal/vdk-configuration.ini (not found)", tmp_home);
	assert_non_null(strstr(buf, want));
	free(want);
	want = xasprintf("%s/.vdk.internal/vdk-cred.json (not found)", tmp_home);
	assert_non_null(strstr(buf, want));
	free(want);
	want = xasprintf("%s/.config/vdktop/themes", tmp_home);
	assert_non_null(strstr(buf, want));
	free(want);
	assert_non_null(strstr(buf, VDKTOP_DATADIR "/themes"));
	/* themes come from those two places only */
	assert_null(strstr(buf, "./themes"));
	free(buf);
	config_free(&cfg);
}

static void test_keys_section(void **state)
{
	free(write_config("keys = {\n quit = \"Q  C-q\";\n help = [\"?\", \"F1\"];\n sort-reverse = \"\";\n};\n",
			  0600));
	setenv("VDKTOP_URL", "http://127.0.0.1:1", 1);
	struct config cfg;
	char *err = NULL;
	assert_int_equal(config_load(&cfg, &no_ov, &err), 0);
	assert_int_equal(cfg.n_keys, 3);
	assert_string_equal(cfg.keys[0].action, "quit");
	assert_int_equal(cfg.keys[0].keys.n, 2);
	assert_string_equal(cfg.keys[0].keys.v[1], "C-q");
	assert_string_equal(cfg.keys[1].keys.v[0], "?");
	assert_string_equal(cfg.keys[2].action, "sort-reverse");
	assert_int_equal(cfg.keys[2].keys.n, 0);
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults_with_vdktop_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vdk_cli_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_vdk_ini_is_a_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_loads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example_documents_every_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_type_and_range_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_text_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_keys_warn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_permission_warning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_and_cache_permission_warnings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_overrides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_line_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_config_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xdg_config_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_normalisation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_section, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
