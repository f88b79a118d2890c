/* vdktop properties and vdktop secrets: a job's map read as a table or
 * JSON, or changed by a read-modify-write of the whole map (the service
 * has no other way). Every argument is checked before anything is sent;
 * a change that changes nothing sends nothing. Secret values are printed
 * only with --reveal and never in a message; a prompted value is read
 * without echo. */
#include <errno.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli_priv.h"
#include "cli_table.h"
#include "propmap.h"

/* Largest --overwrite document read (the service's own secrets limit is
 * 1 MiB; properties have none, but a map this size is a mistake). */
#define OVERWRITE_MAX (16L * 1024 * 1024)

static const char *what(bool secret)
{
	return secret ? "secrets" : "properties";
}

static int read_map(struct cli *c, const char *job, bool secret, struct propmap **out)
{
	char *json = NULL;
	struct api_error e = {0};
	*out = NULL;
	int rc = secret ? api_secrets_get(c->http, &c->t, job, &json, &e)
			: api_properties_get(c->http, &c->t, job, &json, &e);
	if (rc < 0) {
		rc = cli_fail(c, &e, "cannot read the %s of %s", what(secret), job);
		api_error_clear(&e);
		return rc;
	}
	char *err = NULL;
	rc = CLI_OK;
	if (propmap_parse(json, strlen(json), secret, out, &err) < 0 || !*out) {
		cli_say(c, "cannot read the %s of %s: %s", what(secret), job, err ? err : "no answer");
		rc = CLI_CONNECTION;
	}
	free(err);
	if (secret)
		propmap_wipe_free(json);
	else
		free(json);
	return rc;
}

static int print_map(struct cli *c, const struct propmap *m, bool secret)
{
	if (c->json) {
		if (secret && !c->reveal) {
			/* keys only: a script that wants values says --reveal */
			struct json_object *a = json_object_new_array();
			for (size_t i = 0; i < m->n; i++)
				json_object_array_add(a, json_object_new_string(m->v[i].key));
			cli_json_print(c, a);
			json_object_put(a);
			return CLI_OK;
		}
		char *s = propmap_to_json(m);
		cli_put_raw(c, s, strlen(s));
		cli_put_raw(c, "\n", 1);
		if (secret)
			propmap_wipe_free(s);
		else
			free(s);
		return CLI_OK;
	}
	static const char *const titles[] = {"KEY", "VALUE", "TYPE"};
	struct cli_table t;
	cli_table_init(&t, 3, titles, NULL);
	for (size_t i = 0; i < m->n; i++) {
		bool plain = !secret || c->reveal;
		char *v = plain ? propmap_display(&m->v[i]) : xstrdup("******");
		char *cells[3] = {m->v[i].key, v, (char *)(plain ? propmap_type_name(m->v[i].type) : "-")};
		cli_table_add(&t, cells);
		if (secret)
			propmap_wipe_free(v);
		else
			free(v);
	}
	cli_table_print(c, &t);
	cli_table_free(&t);
	return CLI_OK;
}

static int print_one(struct cli *c, const char *job, const struct propmap *m)
{
	long i = propmap_find(m, c->get);
	if (i < 0) {
		cli_say(c, "%s has no property %s", job, c->get);
		return CLI_NOT_FOUND;
	}
	const struct prop *p = &m->v[i];
	char *v = c->json ? xstrdup(p->json) : propmap_display(p);
	/* the value itself to a pipe; harmless on a terminal */
	if (c->out_tty)
		cli_put_safe(c, stdout, v, strlen(v));
	else
		cli_put_raw(c, v, strlen(v));
	cli_put_raw(c, "\n", 1);
	free(v);
	return CLI_OK;
}

/* One line of a secret from the terminal without echo, or from stdin
 * when that is not a terminal. NULL after saying why. */
static char *ask_secret(struct cli *c, const char *key)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "value for %s (not shown): ", key);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		} else {
			tty = false;
		}
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n = getline(&line, &cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (n < 0) {
		free(line);
		cli_say(c, "--set-prompt %s: no value was given", key);
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (n == 0) {
		propmap_wipe_free(line);
		cli_say(c, "--set-prompt %s: the value is empty", key);
		return NULL;
	}
	return line;
}

static char *read_all(struct cli *c, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		cli_say(c, "--overwrite %s: %s", path, strerror(errno));
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		strbuf_append(&sb, buf, n);
		if ((long)sb.len > OVERWRITE_MAX)
			break;
	}
	bool bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad || (long)sb.len > OVERWRITE_MAX) {
		cli_say(c, "--overwrite %s: %s", path, bad ? "cannot be read" : "larger than 16 MiB");
		strbuf_free(&sb);
		return NULL;
	}
	strbuf_puts(&sb, "");
	return strbuf_steal(&sb);
}

/* The new map from old and the command line; NULL after saying why. */
static struct propmap *changed_map(struct cli *c, const char *job, const struct propmap *old, bool secret,
				   struct propmap *overwrite, char **prompted, int *why)
{
	*why = CLI_USAGE;
	struct propmap *m = overwrite ? propmap_dup(overwrite) : propmap_dup(old);
	for (size_t i = 0; i < c->sets.n; i++) {
		const char *eq = strchr(c->sets.v[i], '=');
		char *key = xstrndup(c->sets.v[i], (size_t)(eq - c->sets.v[i]));
		long at = propmap_find(m, key);
		enum jsonarg_kind t;
		char *json = NULL, *err = NULL;
		if (propmap_value_keep_type(eq + 1, at >= 0, at >= 0 ? m->v[at].type : JSONARG_NULL, &t, &json, &err) < 0) {
			cli_say(c, "--set %s: %s", key, err);
			free(err);
			free(key);
			propmap_free(m);
			return NULL;
		}
		propmap_set(m, key, t, json);
		free(json);
		free(key);
	}
	for (size_t i = 0; i < c->prompts.n; i++) {
		char *json = propmap_string_json(prompted[i]);
		propmap_set(m, c->prompts.v[i], JSONARG_STRING, json);
		propmap_wipe_free(json);
	}
	for (size_t i = 0; i < c->deletes.n; i++) {
		if (!propmap_delete(m, c->deletes.v[i])) {
			cli_say(c, "%s has no %s %s: nothing was changed", job, secret ? "secret" : "property",
				c->deletes.v[i]);
			propmap_free(m);
			*why = CLI_NOT_FOUND;
			return NULL;
		}
	}
	return m;
}

static int write_map(struct cli *c, const char *job, bool secret, struct propmap *overwrite, char **prompted)
{
	struct propmap *old = NULL;
	int rc = read_map(c, job, secret, &old);
	if (rc != CLI_OK || !old)
		return rc != CLI_OK ? rc : CLI_CONNECTION;
	int why;
	struct propmap *m = changed_map(c, job, old, secret, overwrite, prompted, &why);
	if (!m) {
		propmap_free(old);
		return why;
	}
	if (propmap_equal(old, m)) {
		cli_say(c, "the %s of %s already are so: nothing sent", what(secret), job);
		propmap_free(old);
		propmap_free(m);
		return CLI_OK;
	}
	struct strlist diff = {0};
	propmap_diff(old, m, secret, &diff);
	char *json = propmap_to_json(m);
	struct api_error e = {0};
	int prc = secret ? api_secrets_put(c->http, &c->t, job, json, &e)
			 : api_properties_put(c->http, &c->t, job, json, &e);
	if (prc < 0) {
		rc = cli_fail(c, &e, "cannot change the %s of %s", what(secret), job);
	} else {
		for (size_t i = 0; i < diff.n; i++)
			cli_say(c, "%s %s", job, diff.v[i]);
	}
	api_error_clear(&e);
	strlist_clear(&diff);
	if (secret)
		propmap_wipe_free(json);
	else
		free(json);
	propmap_free(old);
	propmap_free(m);
	return rc;
}

int cli_properties(struct cli *c, bool secret)
{
	const char *job = c->args[0];
	bool writes = c->sets.n || c->deletes.n || c->overwrite || c->prompts.n;
	if (writes && (c->get || c->json || c->reveal)) {
		cli_say(c, "--get, --json and --reveal only read: not with a change");
		return CLI_USAGE;
	}
	if (c->overwrite && (c->sets.n || c->deletes.n)) {
		cli_say(c, "--overwrite replaces the whole map: not with --set or --delete");
		return CLI_USAGE;
	}
	for (size_t i = 0; i < c->sets.n; i++) {
		const char *eq = strchr(c->sets.v[i], '=');
		if (!eq || eq == c->sets.v[i]) {
			cli_say(c, "--set wants KEY=VALUE, not \"%s\"", c->sets.v[i]);
			return CLI_USAGE;
		}
	}
	int rc = writes ? cli_writable(c, secret ? "change secrets" : "change properties") : CLI_OK;
	if (rc != CLI_OK)
		return rc;
	/* Everything from the user first: nothing is sent for a bad file. */
	struct propmap *over = NULL;
	char **prompted = xcalloc(c->prompts.n + 1, sizeof *prompted);
	if (c->overwrite) {
		char *text = read_all(c, c->overwrite);
		char *err = NULL;
		if (!text) {
			rc = CLI_USAGE;
		} else if (propmap_parse(text, strlen(text), secret, &over, &err) < 0) {
			cli_say(c, "--overwrite %s: %s", c->overwrite,
				strstr(err, "object") ? "a JSON object is needed" : "not valid JSON");
			rc = CLI_USAGE;
		}
		free(err);
		free(text);
	}
	for (size_t i = 0; rc == CLI_OK && i < c->prompts.n; i++) {
		prompted[i] = ask_secret(c, c->prompts.v[i]);
		if (!prompted[i])
			rc = CLI_USAGE;
	}
	if (rc == CLI_OK)
		rc = cli_job_team(c, job);
	if (rc == CLI_OK && writes) {
		rc = write_map(c, job, secret, over, prompted);
	} else if (rc == CLI_OK) {
		struct propmap *m = NULL;
		rc = read_map(c, job, secret, &m);
		if (rc == CLI_OK && m)
			rc = c->get ? print_one(c, job, m) : print_map(c, m, secret);
		propmap_free(m);
	}
	for (size_t i = 0; i < c->prompts.n; i++)
		propmap_wipe_free(prompted[i]);
	free(prompted);
	propmap_free(over);
	return rc;
}
