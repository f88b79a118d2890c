// deps: ui/keys util
/* The action table, key names and the keymap: the one table must be
 * consistent (unique names, parseable default keys, no key bound twice in
 * one view), and config bindings must replace defaults or be reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keys.h"

static const unsigned view_bits[] = {VM_JOBS, VM_JOB, VM_LOGS, VM_HELP, VM_OTHER};

static void test_table_names_unique_and_found(void **state)
{
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const struct action_info *ai = action_info((enum action)a);
		assert_non_null(ai);
		assert_int_equal(ai->id, a);
		assert_true(ai->name[0] != '\0');
		assert_true(ai->help[0] != '\0');
		assert_true(ai->views != 0);
		assert_int_equal(action_by_name(ai->name), a);
		for (int b = a + 1; b < ACT_COUNT; b++)
			assert_string_not_equal(ai->name, action_info((enum action)b)->name);
		/* Command-only actions have no keys; every other has some. */
		if (ai->flags & AF_NOKEY)
			assert_string_equal(ai->keys, "");
		else
			assert_true(ai->keys[0] != '\0');
	}
	assert_null(action_info(ACT_NONE));
	assert_null(action_info(ACT_COUNT));
	assert_int_equal(action_by_name("no-such-action"), ACT_NONE);
	assert_int_equal(action_by_name(""), ACT_NONE);
	assert_int_equal(action_by_name(NULL), ACT_NONE);
}

/* In any one view, a key must mean one action. */
static void test_no_default_key_conflicts(void **state)
{
	for (size_t v = 0; v < sizeof view_bits / sizeof view_bits[0]; v++) {
		for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
			const struct action_info *ai = action_info((enum action)a);
			if (!(ai->views & view_bits[v]) || !ai->keys[0])
				continue;
			char *keys = strdup(ai->keys), *save = NULL;
			for (char *k = strtok_r(keys, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
				int code = key_parse(k);
				assert_true(code >= 0);
				for (int b = a + 1; b < ACT_COUNT; b++) {
					const struct action_info *bi = action_info((enum action)b);
					if (!(bi->views & view_bits[v]) || !bi->keys[0])
						continue;
					char *other = strdup(bi->keys), *s2 = NULL;
					for (char *o = strtok_r(other, " ", &s2); o; o = strtok_r(NULL, " ", &s2))
						if (key_parse(o) == code)
							fail_msg("key %s is both %s and %s in view mask %#x", k, ai->name,
								 bi->name, view_bits[v]);
					free(other);
				}
			}
			free(keys);
		}
	}
}

static void test_key_names_round_trip(void **state)
{
	static const char *names[] = {"j", "G", "?", ":", "/", "[", "C-r", "C-b", "Enter", "Esc", "Tab", "Space",
		"Up", "Down", "Left", "Right", "PgUp", "PgDn", "Home", "End", "F1", "F5", "F12", "Del",
		"Backspace", "S-Tab", "é"};
	char buf[32];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int k = key_parse(names[i]);
		assert_true(k >= 0);
		assert_string_equal(keycode_name(k, buf, sizeof buf), names[i]);
	}
	assert_int_equal(key_parse("c-R"), 0x12);
	assert_int_equal(key_parse("return"), '\n');
	assert_int_equal(key_parse("F5"), KEY_FN(KEY_F(5)));
	assert_int_equal(key_parse("Up"), KEY_FN(KEY_UP));
	/* Unknown names. */
	assert_int_equal(key_parse(""), -1);
	assert_int_equal(key_parse(NULL), -1);
	assert_int_equal(key_parse("F13"), -1);
	assert_int_equal(key_parse("C-1"), -1);
	assert_int_equal(key_parse("jj"), -1);
	assert_int_equal(key_parse("Hyper-x"), -1);
	assert_int_equal(key_parse("\x01"), -1);
}

static void test_key_from_curses(void **state)
{
	assert_int_equal(key_from_curses('\r', true), '\n');
	assert_int_equal(key_from_curses('\n', true), '\n');
	assert_int_equal(key_from_curses(KEY_ENTER, false), '\n');
	assert_int_equal(key_from_curses(0x7f, true), KEY_FN(KEY_BACKSPACE));
	assert_int_equal(key_from_curses(0x08, true), KEY_FN(KEY_BACKSPACE));
	assert_int_equal(key_from_curses(KEY_BACKSPACE, false), KEY_FN(KEY_BACKSPACE));
	assert_int_equal(key_from_curses('j', true), 'j');
	assert_int_equal(key_from_curses(KEY_UP, false), KEY_FN(KEY_UP));
	/* A code point that equals a curses key code stays a character. */
	assert_int_equal(key_from_curses(KEY_UP, true), KEY_UP);
	assert_int_not_equal(key_from_curses(KEY_UP, true), key_from_curses(KEY_UP, false));
}

static void test_default_keymap(void **state)
{
	char *err = (char *)"unset";
	struct keymap *km = keymap_new(NULL, &err);
	assert_null(err);
	assert_int_equal(keymap_lookup(km, VM_JOBS, 'j'), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, VM_JOBS, KEY_FN(KEY_DOWN)), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, VM_JOBS, '/'), ACT_FILTER);
	assert_int_equal(keymap_lookup(km, VM_LOGS, '/'), ACT_SEARCH);
	assert_int_equal(keymap_lookup(km, VM_HELP, '/'), ACT_SEARCH);
	assert_int_equal(keymap_lookup(km, VM_JOBS, 'w'), ACT_WATCH);
	assert_int_equal(keymap_lookup(km, VM_LOGS, 'w'), ACT_WRAP);
	assert_int_equal(keymap_lookup(km, VM_JOBS, 0x1b), ACT_BACK);
	assert_int_equal(keymap_lookup(km, VM_OTHER, 'q'), ACT_BACK);
	assert_int_equal(keymap_lookup(km, VM_JOBS, 0x12), ACT_REFRESH);
	assert_int_equal(keymap_lookup(km, VM_LOGS, KEY_FN(KEY_F(5))), ACT_REFRESH);
	assert_int_equal(keymap_lookup(km, VM_JOBS, '\n'), ACT_OPEN);
	/* Not bound in that view. */
	assert_int_equal(keymap_lookup(km, VM_LOGS, 'c'), ACT_NONE);
	assert_int_equal(keymap_lookup(km, VM_OTHER, 's'), ACT_NONE);
	assert_int_equal(keymap_lookup(km, VM_JOBS, 'z'), ACT_NONE);
	char *keys = keymap_keys_of(km, VM_JOBS, ACT_DOWN);
	assert_string_equal(keys, "j Down");
	free(keys);
	keys = keymap_keys_of(km, VM_JOBS, ACT_NEXT_ERROR);
	assert_string_equal(keys, "");
	free(keys);
	keymap_free(km);
}

static void bind(struct key_binding *kb, const char *action, const char *k1, const char *k2)
{
	memset(kb, 0, sizeof *kb);
	kb->action = strdup(action);
	strlist_push(&kb->keys, k1);
	if (k2)
		strlist_push(&kb->keys, k2);
}

static void unbind(struct key_binding *kb)
{
	free(kb->action);
	strlist_clear(&kb->keys);
}

static void test_config_overrides(void **state)
{
	struct key_binding kb[3];
	bind(&kb[0], "down", "n", "Down");
	bind(&kb[1], "refresh", "F9", NULL);
	bind(&kb[2], "quit", "C-q", NULL);
	struct config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.keys = kb;
	cfg.n_keys = 3;
	char *err = NULL;
	struct keymap *km = keymap_new(&cfg, &err);
	assert_null(err);
	/* The binding replaces the defaults of that action. */
	assert_int_equal(keymap_lookup(km, VM_JOBS, 'n'), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, VM_JOBS, KEY_FN(KEY_DOWN)), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, VM_JOBS, 'j'), ACT_NONE);
	/* A user binding beats another action's default on the same key. */
	assert_int_equal(keymap_lookup(km, VM_LOGS, 'n'), ACT_DOWN);
	assert_int_equal(keymap_lookup(km, VM_LOGS, KEY_FN(KEY_F(9))), ACT_REFRESH);
	assert_int_equal(keymap_lookup(km, VM_LOGS, 0x12), ACT_NONE);
	assert_int_equal(keymap_lookup(km, VM_JOBS, 0x11), ACT_QUIT);
	assert_int_equal(keymap_lookup(km, VM_JOBS, 'Q'), ACT_NONE);
	/* Help shows what is really bound. */
	char *keys = keymap_keys_of(km, VM_LOGS, ACT_SEARCH_NEXT);
	assert_string_equal(keys, "");
	free(keys);
	keys = keymap_keys_of(km, VM_JOBS, ACT_DOWN);
	assert_string_equal(keys, "n Down");
	free(keys);
	keymap_free(km);
	for (int i = 0; i < 3; i++)
		unbind(&kb[i]);
}

static void test_config_errors_keep_defaults(void **state)
{
	struct key_binding kb[2];
	bind(&kb[0], "frobnicate", "x", NULL);
	bind(&kb[1], "up", "Hyper-k", NULL);
	struct config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.keys = kb;
	cfg.n_keys = 2;
	char *err = NULL;
	struct keymap *km = keymap_new(&cfg, &err);
	assert_non_null(km);
	assert_non_null(err);
	assert_non_null(strstr(err, "unknown action \"frobnicate\""));
	assert_non_null(strstr(err, "unknown key \"Hyper-k\" for up"));
	/* The message lists what is valid. */
	assert_non_null(strstr(err, "page-down"));
	assert_non_null(strstr(err, "PgDn"));
	/* An action whose only key was bad keeps its defaults. */
	assert_int_equal(keymap_lookup(km, VM_JOBS, 'k'), ACT_UP);
	assert_int_equal(keymap_lookup(km, VM_JOBS, 'x'), ACT_NONE);
	free(err);
	keymap_free(km);
	unbind(&kb[0]);
	unbind(&kb[1]);
}

static void test_groups(void **state)
{
	assert_int_equal(action_group(ACT_DOWN), AG_NAVIGATION);
	assert_int_equal(action_group(ACT_DELETE), AG_WRITE);
	assert_int_equal(action_group(ACT_TEAM), AG_COMMAND);
	assert_int_equal(action_group(ACT_HELP), AG_COMMAND);
	assert_int_equal(action_group(ACT_FILTER), AG_VIEW);
	for (int g = 0; g < AG_COUNT; g++)
		assert_true(action_group_title((enum action_group)g)[0] != '\0');
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_names_unique_and_found),
		cmocka_unit_test(test_no_default_key_conflicts),
		cmocka_unit_test(test_key_names_round_trip),
		cmocka_unit_test(test_key_from_curses),
		cmocka_unit_test(test_default_keymap),
		cmocka_unit_test(test_config_overrides),
		cmocka_unit_test(test_config_errors_keep_defaults),
		cmocka_unit_test(test_groups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
