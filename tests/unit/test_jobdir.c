// deps: jobdir jobdir_ini cron jobname util
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "jobdir.h"

/* ---- config.ini ---- */

static struct jobdir_config parse_ok(const char *text)
{
	struct jobdir_config c;
	char *err = NULL;
	if (jobdir_parse_config_ini(text, strlen(text), &c, &err) != 0)
		fail_msg("should parse: %s\n---\n%s", err, text);
	assert_null(err);
	return c;
}

static void parse_bad(const char *text, size_t len, const char *want)
{
	struct jobdir_config c;
	char *err = NULL;
	if (jobdir_parse_config_ini(text, len, &c, &err) == 0)
		fail_msg("should be refused:\n%s", text);
	assert_non_null(err);
	if (strcmp(err, want) != 0)
		fail_msg("got \"%s\", want \"%s\"", err, want);
	assert_null(c.team);
	assert_int_equal(c.notified_on_job_success.n, 0);
	free(err);
}

static void assert_list(const struct strlist *l, const char *joined)
{
	char *j = strlist_join(l, "|");
	if (strcmp(j, joined) != 0)
		fail_msg("list is \"%s\", want \"%s\"", j, joined);
	free(j);
}

static void test_config_basic(void **state)
{
	struct jobdir_config c = parse_ok(
		"; sample job\n"
		"[owner]\n"
		"team = taxi-analytics\n"
		"\n"
		"[job]\n"
		"# every hour\n"
		"schedule_cron = 11 * * * *\n"
		"python_version = 3.9\n"
		"description = Loads rides\n"
		"\n"
		"[contacts]\n"
		"notified_on_job_failure_user_error = a@x.com; b@x.com\n"
		"notified_on_job_failure_platform_error = ops@x.com,  dev@x.com ,\n"
		"notified_on_job_success =\n"
		"notified_on_job_deploy = one@x.com\n"
		"[vdk]\n"
		"some_option = 1\n");
	assert_string_equal(c.team, "taxi-analytics");
	assert_string_equal(c.schedule_cron, "11 * * * *");
	assert_string_equal(c.python_version, "3.9");
	assert_string_equal(c.description, "Loads rides");
	assert_list(&c.notified_on_job_failure_user_error, "a@x.com|b@x.com");
	assert_list(&c.notified_on_job_failure_platform_error, "ops@x.com|dev@x.com");
	assert_list(&c.notified_on_job_success, "");
	assert_list(&c.notified_on_job_deploy, "one@x.com");
	assert_true(c.enable_execution_notifications);
	assert_int_equal(c.notification_delay_period_minutes, 240);
	jobdir_config_free(&c);
}

static void test_config_odd_whitespace_bom_crlf(void **state)
{
	struct jobdir_config c = parse_ok(
		"\xef\xbb\xbf[owner]\r\n"
		"  \r\n"
		"TEAM\t=\t  spaced team  \r\n"
		"[job]\r\n"
		"schedule_cron:0 3 * * MON\r\n"
		"Python_Version =3.11   \r\n"
		"[contacts]\r\n"
		"notified_on_job_success = \t;; a@x.com ;;; ,b@x.com ; \r\n"
		"notified_on_job_deploy = x@y.z");
	assert_string_equal(c.team, "spaced team");
	assert_string_equal(c.schedule_cron, "0 3 * * MON");
	assert_string_equal(c.python_version, "3.11");
	/* ';' after a space is not a comment: both contacts stay */
	assert_list(&c.notified_on_job_success, "a@x.com|b@x.com");
	assert_list(&c.notified_on_job_deploy, "x@y.z");
	jobdir_config_free(&c);
}

static void test_config_missing_sections(void **state)
{
	struct jobdir_config c = parse_ok("[owner]\nteam = t\n");
	assert_string_equal(c.team, "t");
	assert_null(c.schedule_cron);
	assert_null(c.python_version);
	assert_null(c.description);
	assert_int_equal(c.notified_on_job_deploy.n, 0);
	jobdir_config_free(&c);

	c = parse_ok("");
	assert_null(c.team);
	jobdir_config_free(&c);

	/* section names are case-sensitive, as in configparser */
	c = parse_ok("[Owner]\nteam = t\n[job]\nschedule_cron =\n");
	assert_null(c.team);
	assert_string_equal(c.schedule_cron, "");
	jobdir_config_free(&c);
}

static void test_config_multiline_and_long_lines(void **state)
{
	struct jobdir_config c = parse_ok(
		"[job]\n"
		"description = first line\n"
		"   second line\n"
		"[contacts]\n"
		"notified_on_job_deploy = a@x.com\n"
		"    b@x.com;\n"
		"    c@x.com\n");
	assert_string_equal(c.description, "first line\nsecond line");
	assert_list(&c.notified_on_job_deploy, "a@x.com|b@x.com|c@x.com");
	jobdir_config_free(&c);

	/* A 40-address line (far beyond inih's 200-byte line buffer), with a
	 * long comment line and a long description after it. */
	struct strbuf sb = STRBUF_INIT;
	struct strbuf want = STRBUF_INIT;
	strbuf_puts(&sb, "[contacts]\nnotified_on_job_failure_user_error = ");
	for (int i = 0; i < 40; i++) {
		strbuf_printf(&sb, "%sperson.number%02d@example.com", i ? " ; " : "", i);
		strbuf_printf(&want, "%sperson.number%02d@example.com", i ? "|" : "", i);
	}
	strbuf_puts(&sb, "\n; ");
	for (int i = 0; i < 100; i++)
		strbuf_puts(&sb, "comment ");
	strbuf_puts(&sb, "\n[job]\ndescription = ");
	struct strbuf desc = STRBUF_INIT;
	for (int i = 0; i < 60; i++)
		strbuf_printf(&desc, "%sword%d;x #y [z]", i ? " " : "", i);
	strbuf_puts(&sb, desc.buf);
	strbuf_puts(&sb, "\nschedule_cron = 0 0 * * *\n");
	c = parse_ok(sb.buf);
	assert_int_equal(c.notified_on_job_failure_user_error.n, 40);
	assert_list(&c.notified_on_job_failure_user_error, want.buf);
	assert_string_equal(c.description, desc.buf);
	assert_string_equal(c.schedule_cron, "0 0 * * *");
	jobdir_config_free(&c);
	strbuf_free(&sb);
	strbuf_free(&want);
	strbuf_free(&desc);
}

static void test_config_notifications(void **state)
{
	struct jobdir_config c = parse_ok("[contacts]\nenable_execution_notifications = No\n"
					  "notification_delay_period_minutes = 15\n");
	assert_false(c.enable_execution_notifications);
	assert_int_equal(c.notification_delay_period_minutes, 15);
	jobdir_config_free(&c);
	const char *t = "[contacts]\nenable_execution_notifications = maybe\n";
	parse_bad(t, strlen(t),
		  "config.ini: [contacts] enable_execution_notifications must be true or false");
	t = "[contacts]\nnotification_delay_period_minutes = 5m\n";
	parse_bad(t, strlen(t),
		  "config.ini: [contacts] notification_delay_period_minutes must be a whole "
		  "number of minutes");
}

static void test_config_errors(void **state)
{
	const char *t = "team = x\n[owner]\n";
	parse_bad(t, strlen(t), "config.ini line 1: 'team' comes before any [section]");
	t = "[owner]\nteam = a\n\n[job]\n[owner]\nteam = b\n";
	parse_bad(t, strlen(t), "config.ini line 6: 'team' appears twice in [owner]");
	t = "[owner]\nteam = a\nthis line has no equals sign\n";
	parse_bad(t, strlen(t),
		  "config.ini line 3: expected 'key = value', a [section] or a comment");
	t = "[owner\nteam = a\n";
	parse_bad(t, strlen(t),
		  "config.ini line 1: expected 'key = value', a [section] or a comment");
	/* line numbers stay right after a line that had to be cut */
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "[job]\ndescription = ");
	for (int i = 0; i < 200; i++)
		strbuf_puts(&sb, "abc ");
	strbuf_puts(&sb, "\n\nnot valid\n");
	parse_bad(sb.buf, sb.len,
		  "config.ini line 4: expected 'key = value', a [section] or a comment");
	strbuf_free(&sb);
	static const char nul[] = "[owner]\nteam = a\0b\n";
	parse_bad(nul, sizeof(nul) - 1,
		  "config.ini line 2: contains a NUL byte (is it a text file?)");
	/* err may be NULL */
	struct jobdir_config c;
	assert_int_equal(jobdir_parse_config_ini("x\n", 2, &c, NULL), -1);
}

/* ---- directories ---- */

static char tmp_root[64];

static void put(const char *rel, const char *text, mode_t mode)
{
	char *p = xasprintf("%s/%s", tmp_root, rel);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(p, mode);
	free(p);
}

static void mkd(const char *rel)
{
	char *p = xasprintf("%s/%s", tmp_root, rel);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p);
}

static int setup_dir(void **state)
{
	strcpy(tmp_root, "/tmp/vdktop-jobdir-XXXXXX");
	if (!mkdtemp(tmp_root))
		return -1;
	mkd("my-test-job");
	put("my-test-job/config.ini", "[owner]\nteam = team-a\n[job]\nschedule_cron = 5 4 * * *\n"
				      "python_version = 3.9\n[contacts]\nnotified_on_job_deploy = d@x.com\n",
	    0644);
	put("my-test-job/10_step.sql", "select 1;\n", 0644);
	put("my-test-job/20_step.py", "def run(job_input):\n    pass\n", 0755);
	put("my-test-job/requirements.txt", "", 0644);
	mkd("my-test-job/lib");
	put("my-test-job/lib/util.py", "X = 1\n", 0644);
	mkd("my-test-job/lib/__pycache__");
	put("my-test-job/lib/__pycache__/util.cpython-39.pyc", "bytecode", 0644);
	mkd("my-test-job/empty");
	mkd("my-test-job/.git");
	put("my-test-job/.git/HEAD", "ref: refs/heads/main\n", 0644);
	put("outside-secret.txt", "do not upload\n", 0600);
	char *l = xasprintf("%s/my-test-job/link-out", tmp_root);
	assert_int_equal(symlink("../outside-secret.txt", l), 0);
	free(l);
	l = xasprintf("%s/my-test-job/link-in.sql", tmp_root);
	assert_int_equal(symlink("10_step.sql", l), 0);
	free(l);
	l = xasprintf("%s/my-test-job/link-loop", tmp_root);
	assert_int_equal(symlink(".", l), 0);
	free(l);
	return 0;
}

static int teardown_dir(void **state)
{
	return nftw(tmp_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static bool has_warning(const struct strlist *w, const char *needle)
{
	for (size_t i = 0; i < w->n; i++)
		if (strstr(w->v[i], needle))
			return true;
	return false;
}

static void test_inspect(void **state)
{
	char *path = xasprintf("%s/my-test-job/", tmp_root);
	struct jobdir_info info;
	char *err = NULL;
	if (jobdir_inspect(path, &info, &err) != 0)
		fail_msg("inspect: %s", err);
	assert_string_equal(info.name, "my-test-job");
	assert_string_equal(info.config.team, "team-a");
	assert_string_equal(info.config.schedule_cron, "5 4 * * *");
	assert_string_equal(info.config.python_version, "3.9");
	assert_list(&info.config.notified_on_job_deploy, "d@x.com");
	/* config.ini, 2 steps, requirements, lib/util.py, the .pyc, link-in.sql */
	assert_int_equal(info.file_count, 7);
	size_t want = strlen("[owner]\nteam = team-a\n[job]\nschedule_cron = 5 4 * * *\n"
			     "python_version = 3.9\n[contacts]\nnotified_on_job_deploy = d@x.com\n") +
		      2 * strlen("select 1;\n") + strlen("def run(job_input):\n    pass\n") +
		      strlen("X = 1\n") + strlen("bytecode");
	assert_int_equal(info.total_size, want);
	assert_true(has_warning(&info.warnings, "skipped link-out: a symbolic link to outside"));
	assert_true(has_warning(&info.warnings, "skipped link-loop: a symbolic link to a directory"));
	assert_false(has_warning(&info.warnings, "schedule"));
	jobdir_info_free(&info);
	free(path);

	/* "." names the directory by its real name */
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	path = xasprintf("%s/my-test-job", tmp_root);
	assert_int_equal(chdir(path), 0);
	assert_int_equal(jobdir_inspect(".", &info, &err), 0);
	assert_string_equal(info.name, "my-test-job");
	jobdir_info_free(&info);
	assert_int_equal(chdir(cwd), 0);
	free(path);
}

static void test_inspect_errors(void **state)
{
	struct jobdir_info info;
	char *err = NULL;
	char *path = xasprintf("%s/outside-secret.txt", tmp_root);
	assert_int_equal(jobdir_inspect(path, &info, &err), -1);
	assert_non_null(strstr(err, "is not a directory"));
	free(err);
	free(path);

	path = xasprintf("%s/does-not-exist", tmp_root);
	assert_int_equal(jobdir_inspect(path, &info, &err), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	free(err);
	free(path);

	mkd("no_config");
	put("no_config/a.sql", "select 1", 0644);
	path = xasprintf("%s/no_config", tmp_root);
	assert_int_equal(jobdir_inspect(path, &info, &err), -1);
	assert_non_null(strstr(err, "has no config.ini"));
	free(err);
	free(path);

	/* a broken config.ini is reported with its line; warnings for the rest */
	mkd("Bad_Name");
	put("Bad_Name/config.ini", "[job]\nschedule_cron = 0 25 * * *\n", 0644);
	path = xasprintf("%s/Bad_Name", tmp_root);
	assert_int_equal(jobdir_inspect(path, &info, &err), 0);
	assert_true(has_warning(&info.warnings, "no [owner] team"));
	assert_true(has_warning(&info.warnings, "field 2 (hour): 25 is out of range 0-23"));
	assert_true(has_warning(&info.warnings, "not a valid job name (must start with a lowercase"));
	jobdir_info_free(&info);
	put("Bad_Name/config.ini", "[job]\nschedule_cron\n", 0644);
	assert_int_equal(jobdir_inspect(path, &info, &err), -1);
	assert_string_equal(err, "config.ini line 2: expected 'key = value', a [section] or a comment");
	free(err);
	free(path);
}

static void test_keytab_refused(void **state)
{
	mkd("kt-job");
	put("kt-job/config.ini", "[owner]\nteam = t\n", 0644);
	mkd("kt-job/deep");
	mkd("kt-job/deep/er");
	put("kt-job/deep/er/Team.KEYTAB", "secret", 0600);
	char *path = xasprintf("%s/kt-job", tmp_root);
	struct jobdir_info info;
	char *err = NULL;
	assert_int_equal(jobdir_inspect(path, &info, &err), -1);
	assert_non_null(strstr(err, "refusing to deploy: deep/er/Team.KEYTAB is a keytab"));
	free(err);
	void *zip = NULL;
	size_t len = 0;
	assert_int_equal(jobdir_zip(path, &zip, &len, &err), -1);
	assert_null(zip);
	assert_non_null(strstr(err, "deep/er/Team.KEYTAB"));
	free(err);
	free(path);
}

static char *read_entry(zip_t *za, zip_int64_t i)
{
	zip_stat_t st;
	assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
	zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
	assert_non_null(f);
	char *buf = xmalloc(st.size + 1);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(f);
	return buf;
}

struct prog {
	int calls;
	double last;
	int cancel_after;
};

static bool on_progress(double f, void *ud)
{
	struct prog *p = ud;
	assert_true(f >= p->last);
	assert_true(f >= 0 && f <= 1.0);
	p->last = f;
	p->calls++;
	return !(p->cancel_after && p->calls >= p->cancel_after);
}

static void test_zip_layout(void **state)
{
	char *path = xasprintf("%s/my-test-job", tmp_root);
	void *zip = NULL;
	size_t len = 0;
	char *err = NULL;
	struct prog pr = {0};
	if (jobdir_zip_ex(path, on_progress, &pr, &zip, &len, &err) != 0)
		fail_msg("zip: %s", err);
	assert_true(pr.calls > 1);
	assert_true(pr.last == 1.0);

	zip_error_t ze;
	zip_source_t *src = zip_source_buffer_create(zip, len, 0, &ze);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	assert_non_null(za);
	static const char *want[] = {
		"my-test-job/",
		"my-test-job/10_step.sql",
		"my-test-job/20_step.py",
		"my-test-job/config.ini",
		"my-test-job/empty/",
		"my-test-job/lib/",
		"my-test-job/lib/__pycache__/",
		"my-test-job/lib/__pycache__/util.cpython-39.pyc",
		"my-test-job/lib/util.py",
		"my-test-job/link-in.sql",
		"my-test-job/requirements.txt",
	};
	zip_int64_t n = zip_get_num_entries(za, 0);
	for (zip_int64_t i = 0; i < n && i < (zip_int64_t)ARRAY_SIZE(want); i++)
		if (strcmp(zip_get_name(za, (zip_uint64_t)i, 0), want[i]) != 0)
			fail_msg("entry %ld is %s, want %s", (long)i, zip_get_name(za, (zip_uint64_t)i, 0), want[i]);
	assert_int_equal(n, ARRAY_SIZE(want));

	char *s = read_entry(za, 1);
	assert_string_equal(s, "select 1;\n");
	free(s);
	s = read_entry(za, 9); /* the link inside is packed as a copy */
	assert_string_equal(s, "select 1;\n");
	free(s);
	s = read_entry(za, 3);
	assert_non_null(strstr(s, "team = team-a"));
	free(s);
	/* permissions are kept: the step script stays executable */
	zip_uint8_t os;
	zip_uint32_t attr;
	assert_int_equal(zip_file_get_external_attributes(za, 2, 0, &os, &attr), 0);
	assert_int_equal(os, ZIP_OPSYS_UNIX);
	assert_int_equal((attr >> 16) & 0777, 0755);
	zip_close(za);
	/* nothing from outside made it in */
	assert_null(memmem(zip, len, "do not upload", 13));

	/* the same tree gives the same bytes */
	void *zip2 = NULL;
	size_t len2 = 0;
	assert_int_equal(jobdir_zip(path, &zip2, &len2, &err), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(zip, zip2, len);
	free(zip);
	free(zip2);

	/* cancelling stops it */
	struct prog cancel = {.cancel_after = 1};
	assert_int_equal(jobdir_zip_ex(path, on_progress, &cancel, &zip, &len, &err), -1);
	assert_null(zip);
	assert_string_equal(err, "cancelled");
	free(err);
	free(path);
}

/* Between the walk and the packing, sub/ becomes a link to a directory
 * outside the job holding a file of the same name: packing must not read
 * it (opened below the walked directory, never through a link). */
static void swap_in_link(const char *path)
{
	char *sub = xasprintf("%s/sub", path), *moved = xasprintf("%s/sub-moved", path);
	char *out = xasprintf("%s/elsewhere", tmp_root);
	assert_int_equal(rename(sub, moved), 0);
	assert_int_equal(symlink(out, sub), 0);
	free(sub);
	free(moved);
	free(out);
}

static void test_zip_link_swapped_in_after_walk(void **state)
{
	mkd("race-job");
	put("race-job/config.ini", "[owner]\nteam = t\n", 0644);
	mkd("race-job/sub");
	put("race-job/sub/data.txt", "inside", 0644);
	mkd("elsewhere");
	put("elsewhere/data.txt", "OUTSIDE-SECRET", 0644);
	char *path = xasprintf("%s/race-job", tmp_root);
	void *zip = NULL;
	size_t len = 0;
	char *err = NULL;
	jobdir_after_walk_hook = swap_in_link;
	int rc = jobdir_zip(path, &zip, &len, &err);
	jobdir_after_walk_hook = NULL;
	if (rc == 0) {
		zip_error_t ze;
		zip_source_t *src = zip_source_buffer_create(zip, len, 0, &ze);
		zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
		assert_non_null(za);
		zip_int64_t i = zip_name_locate(za, "race-job/sub/data.txt", 0);
		char *got = i >= 0 ? read_entry(za, i) : xstrdup("");
		fail_msg("packed after the swap; sub/data.txt holds \"%s\"", got);
	}
	assert_null(zip);
	assert_non_null(err);
	assert_non_null(strstr(err, "sub/data.txt"));
	assert_null(strstr(err, "OUTSIDE"));
	free(err);
	free(path);
}

/* More than JOBDIR_TOTAL_MAX bytes (a sparse file costs nothing) is refused
 * by the inspection already, with what to do about it. */
static void test_total_size_cap(void **state)
{
	mkd("big-job");
	put("big-job/config.ini", "[owner]\nteam = t\n", 0644);
	put("big-job/blob.bin", "", 0644);
	char *blob = xasprintf("%s/big-job/blob.bin", tmp_root);
	assert_int_equal(truncate(blob, (off_t)JOBDIR_TOTAL_MAX + 1), 0);
	char *path = xasprintf("%s/big-job", tmp_root);
	struct jobdir_info info;
	char *err = NULL;
	assert_int_equal(jobdir_inspect(path, &info, &err), -1);
	assert_non_null(strstr(err, "more than the 256 MiB a deploy uploads"));
	assert_non_null(strstr(err, "move data"));
	free(err);
	void *zip = NULL;
	size_t len = 0;
	assert_int_equal(jobdir_zip(path, &zip, &len, &err), -1);
	assert_null(zip);
	assert_non_null(strstr(err, "256 MiB"));
	free(err);
	assert_int_equal(truncate(blob, 10), 0);
	assert_int_equal(jobdir_inspect(path, &info, &err), 0);
	jobdir_info_free(&info);
	free(blob);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_basic),
		cmocka_unit_test(test_config_odd_whitespace_bom_crlf),
		cmocka_unit_test(test_config_missing_sections),
		cmocka_unit_test(test_config_multiline_and_long_lines),
		cmocka_unit_test(test_config_notifications),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_inspect),
		cmocka_unit_test(test_inspect_errors),
		cmocka_unit_test(test_keytab_refused),
		cmocka_unit_test(test_zip_layout),
		cmocka_unit_test(test_zip_link_swapped_in_after_walk),
		cmocka_unit_test(test_total_size_cap),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
