/* The logs view's prompts (search, save) and saving the whole log.
 *
 * A saved log is the server's text byte for byte. The stored lines are
 * that text only while nothing was dropped by the scrollback cap and no
 * poll left a gap; otherwise the whole log is fetched again and that is
 * saved. Files are written with mode 0600, since job logs can carry
 * credentials and customer data, atomically and never over an existing
 * file unless the user said "y" for that very name. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safefile.h"
#include "ui/logs_priv.h"
#include "ui/logs_text.h"

#define LOG_FILE_MODE 0600

/* The name as typed, trimmed, with a leading "~/" for $HOME. Owned. */
static char *expand_name(const char *name)
{
	while (*name == ' ')
		name++;
	size_t n = strlen(name);
	while (n && name[n - 1] == ' ')
		n--;
	char *s = xstrndup(name, n);
	const char *home = getenv("HOME");
	if (s[0] == '~' && s[1] == '/' && !str_empty(home)) {
		char *full = xasprintf("%s%s", home, s + 1);
		free(s);
		s = full;
	}
	return s;
}

static int write_log(struct lv *p, const char *path, const char *data, size_t len, bool overwrite)
{
	struct app *a = p->v->app;
	if (len == 0) {
		app_message(a, MSG_WARN, "nothing to save: the service sent an empty log");
		return R_REDRAW;
	}
	char *err = NULL;
	/* A text file ends with a newline, whether or not the server's last
	 * line had one (tools such as wc and cat count on it). */
	char *copy = NULL;
	if (data[len - 1] != '\n') {
		copy = xmalloc(len + 1);
		memcpy(copy, data, len);
		copy[len] = '\n';
		data = copy;
		len++;
	}
	int rc = safefile_write(path, data, len, LOG_FILE_MODE, overwrite, &err);
	char n[32];
	logs_fmt_count(logs_count_lines(data, len), n, sizeof n);
	free(copy);
	if (rc < 0) {
		app_message(a, MSG_ERROR, "%s", err ? err : "cannot save the log");
		free(err);
		return R_REDRAW;
	}
	/* The full path: "saved to x.log" leaves open where the cwd was. */
	char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0);
	app_message(a, MSG_OK, "saved %s lines to %s%s%s", n, cwd ? cwd : "", cwd ? "/" : "", path);
	free(cwd);
	return R_REDRAW;
}

static int start_save(struct lv *p, const char *path, bool overwrite)
{
	struct app *a = p->v->app;
	lv_set_prompt(p, LP_NONE);
	if (!p->loaded || p->gap || p->head_missing || p->lines_cut || logbuf_dropped(p->lb) > 0) {
		if (p->save_req) {
			app_message(a, MSG_WARN, "already fetching the log for saving");
			return R_REDRAW;
		}
		free(p->save_pending);
		p->save_pending = xstrdup(path);
		p->save_overwrite = overwrite;
		p->save_req = lv_fetch_whole(p);
		app_message(a, MSG_INFO, "fetching the whole log from the service to save it\u2026");
		return R_REDRAW;
	}
	size_t len;
	char *text = logbuf_raw_text(p->lb, &len);
	int bits = write_log(p, path, text, len, overwrite);
	free(text);
	return bits;
}

int lv_save_named(struct lv *p, const char *name)
{
	struct app *a = p->v->app;
	char *path = expand_name(name);
	int bits;
	struct stat st;
	if (!*path) {
		lv_set_prompt(p, LP_NONE);
		app_message(a, MSG_WARN, "not saved: no file name");
		bits = R_REDRAW;
	} else if (lstat(path, &st) == 0) {
		/* Never overwrite silently: ask, for this name only. */
		free(p->save_path);
		p->save_path = xstrdup(path);
		lineedit_set(&p->le, NULL);
		lv_set_prompt(p, LP_OVERWRITE);
		app_message(a, MSG_WARN, "%s already exists: y overwrites it, another name saves there, Esc cancels",
			    path);
		bits = R_REDRAW;
	} else {
		bits = start_save(p, path, false);
	}
	free(path);
	return bits;
}

int lv_prompt_submit(struct lv *p)
{
	char *text = xstrdup(lineedit_text(&p->le));
	enum lv_prompt pr = p->prompt;
	int bits;
	if (pr == LP_SEARCH) {
		lv_set_prompt(p, LP_NONE);
		bits = lv_search_set(p, text);
	} else if (pr == LP_OVERWRITE && (str_eq(text, "y") || str_eq(text, "Y"))) {
		char *path = p->save_path;
		p->save_path = NULL;
		bits = start_save(p, path, true);
		free(path);
	} else if (pr == LP_OVERWRITE && str_empty(text)) {
		lv_set_prompt(p, LP_NONE);
		app_message(p->v->app, MSG_INFO, "not saved");
		bits = R_REDRAW;
	} else {
		bits = lv_save_named(p, text);
	}
	free(text);
	return bits;
}

int lv_save_result(struct lv *p, struct wresult *r)
{
	p->save_req = 0;
	char *path = p->save_pending;
	p->save_pending = NULL;
	int bits;
	if (!path) {
		bits = R_NONE;
	} else if (!r->ok && r->err.message && strstr(r->err.message, "too large")) {
		/* The view holds the last lines only; the whole log is above
		 * the body cap, which the user can raise. */
		app_message(p->v->app, MSG_ERROR,
			    "not saved: the whole log is larger than max_body_mb allows (%s); raise max_body_mb in "
			    "the configuration to save it", r->err.message);
		bits = R_REDRAW;
	} else if (!r->ok) {
		app_message(p->v->app, MSG_ERROR, "not saved: cannot fetch the whole log: %s",
			    r->err.message ? r->err.message : "request failed");
		bits = R_REDRAW;
	} else {
		/* the chunks in a row are the server's text */
		struct strbuf text = STRBUF_INIT;
		strbuf_puts(&text, "");
		for (size_t i = 0; r->u.log && i < r->u.log->n; i++)
			strbuf_append(&text, r->u.log->chunks[i].data, r->u.log->chunks[i].len);
		bits = write_log(p, path, text.buf, text.len, p->save_overwrite);
		strbuf_free(&text);
	}
	free(path);
	return bits;
}
