/* vdktop logs, and the following of a run that logs -f and run --wait
 * share.
 *
 * Following polls the tail of the log (log_tail_lines lines every
 * log_poll_ms) and merges it by overlap in a logbuf (logbuf.h), as the
 * log view does; only lines the merge appends are printed, so no line is
 * lost or printed twice. The logbuf keeps a window of lines a few tails
 * long, whatever the log's length: memory stays constant while a run logs
 * for days. A tail that does not overlap what was printed (more lines
 * arrived than a tail holds) is repaired from the whole log, from the
 * first line not printed yet. The service joins whole lines with '\n'
 * and ends the text without one (api-notes §5.3), so the last line is
 * printed as soon as it is there. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli_priv.h"
#include "logbuf.h"

#define BACKOFF_MAX_MS 30000

struct follow {
	struct cli *c;
	const char *job, *id;
	struct logbuf *lb;
	long tail_lines;   /* per poll */
	uint64_t next_seq; /* first stored line not printed yet */
	/* Lines of the server's log printed so far, when known: the store
	 * started from the whole log and never lost its place. */
	bool aligned;
	size_t printed;
	bool said_waiting, said_gap;
};

static void emit(struct follow *f, const char *s, size_t n)
{
	struct cli *c = f->c;
	if (c->no_timestamps) {
		/* The K8s prefix: an RFC 3339 time and one space. */
		const char *sp = memchr(s, ' ', n);
		if (sp && sp - s >= 20 && sp - s <= 40 && s[4] == '-' && s[10] == 'T') {
			n -= (size_t)(sp + 1 - s);
			s = sp + 1;
		}
	}
	if (c->out_tty) {
		cli_put_safe(c, stdout, s, n);
	} else {
		cli_put_raw(c, s, n);
	}
	cli_put_raw(c, "\n", 1);
}

/* Prints the lines of text (a whole log, or a tail that is the whole log)
 * from line skip on. Returns the number of lines in text. */
static size_t print_text(struct follow *f, const char *text, size_t len, size_t skip)
{
	size_t i = 0, pos = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		if (i >= skip)
			emit(f, text + pos, end - pos);
		i++;
		pos = end + 1;
	}
	return i;
}

/* Where printing goes on after the store was (re)loaded: all of it was
 * printed. */
static void settle(struct follow *f)
{
	f->next_seq = logbuf_first_seq(f->lb) + logbuf_count(f->lb);
}

/* Prints what the last merge appended. A last line that grew (the
 * service sent it unfinished) keeps its place and is not printed again. */
static void print_new(struct follow *f)
{
	uint64_t first = logbuf_first_seq(f->lb), end = first + logbuf_count(f->lb);
	if (f->next_seq < first)
		f->next_seq = first;
	for (uint64_t s = f->next_seq; s < end; s++) {
		struct logbuf_line l;
		if (!logbuf_line(f->lb, (size_t)(s - first), &l))
			break;
		f->next_seq = s + 1;
		if (l.flags & LOGBUF_MARKER) {
			cli_say(f->c, "%s %s: more than %ld lines arrived between two reads; some may be missing",
				f->job, f->id, f->tail_lines);
			continue;
		}
		emit(f, l.text, l.len);
		f->printed++;
	}
}

/* One read of the log: tail_lines lines (0: the whole log). 0 with *text
 * ("" while the pod does not exist yet), 1 when there is nothing to read
 * yet (503: the pod exists, its log is not readable yet), or -1 with e
 * filled. */
static int read_log(struct follow *f, long tail_lines, char **text, size_t *len, struct api_error *e)
{
	*text = NULL;
	*len = 0;
	if (api_logs(f->c->http, &f->c->t, f->job, f->id, tail_lines, text, len, e) == 0) {
		f->said_waiting = false;
		return 0;
	}
	if (e->http_status == 503) {
		if (!f->said_waiting)
			cli_say(f->c, "%s %s: the pod is starting: retrying", f->job, f->id);
		f->said_waiting = true;
		return 1;
	}
	return -1;
}

/* The first read: the whole log, or its last `tail` lines. */
static int first_read(struct follow *f, long tail, struct api_error *e)
{
	char *text;
	size_t len;
	long want = tail > 0 ? tail : tail == 0 ? 1 : 0;
	int rc = read_log(f, want, &text, &len, e);
	if (rc != 0)
		return rc;
	size_t lines = len ? 1 : 0;
	for (size_t i = 0; i + 1 < len; i++)
		lines += text[i] == '\n';
	/* Fewer lines than asked for: the whole log, so its place is known. */
	f->aligned = want == 0 || lines < (size_t)want;
	f->printed = tail != 0 ? print_text(f, text, len, 0) : lines;
	logbuf_merge_tail(f->lb, text, len, (size_t)want);
	settle(f);
	free(text);
	cli_flush(f->c);
	return 0;
}

/* One poll of the tail, printing what is new. */
static int poll_log(struct follow *f, struct api_error *e)
{
	char *text;
	size_t len;
	int rc = read_log(f, f->tail_lines, &text, &len, e);
	if (rc != 0)
		return rc;
	enum logbuf_merge_result m = logbuf_merge_tail(f->lb, text, len, (size_t)f->tail_lines);
	if ((m == LOGBUF_GAP || m == LOGBUF_RESET) && f->aligned) {
		/* Repair from the whole log: print from the first line not
		 * printed, then hold its last lines. */
		free(text);
		if ((rc = read_log(f, 0, &text, &len, e)) != 0)
			return rc;
		size_t total = print_text(f, text, len, f->printed);
		f->printed = total > f->printed ? total : f->printed;
		logbuf_clear(f->lb);
		logbuf_merge(f->lb, text, len, true);
		settle(f);
	} else if (m == LOGBUF_RESET) {
		if (!f->said_gap)
			cli_say(f->c, "%s %s: the log changed on the server; going on from its end", f->job, f->id);
		f->said_gap = true;
		settle(f);
	} else {
		print_new(f);
	}
	free(text);
	cli_flush(f->c);
	return 0;
}

static bool transient(const struct api_error *e)
{
	return e->http_status == 0 || e->http_status >= 500 || e->http_status == 429;
}

/* Waits out an error that may pass (no answer, 5xx): says so once, backs
 * off. Returns false for an error that will not pass, after saying it. */
static bool backoff(struct follow *f, const struct api_error *e, long *delay, bool *down, int *rc)
{
	if (!transient(e)) {
		*rc = cli_fail(f->c, e, "cannot follow %s %s", f->job, f->id);
		return false;
	}
	long base = f->c->cfg.log_poll_ms > 0 ? f->c->cfg.log_poll_ms : 1500;
	*delay = *down ? *delay * 2 : base;
	if (*delay > BACKOFF_MAX_MS)
		*delay = BACKOFF_MAX_MS;
	cli_say(f->c, "%s %s: %s; retrying in %.1f s", f->job, f->id, e->message ? e->message : "no answer",
		(double)*delay / 1000.0);
	*down = true;
	cli_sleep_ms(*delay);
	return true;
}

int cli_follow(struct cli *c, const char *job, const char *id, bool print_log, long tail)
{
	struct follow f = {.c = c, .job = job, .id = id};
	f.tail_lines = c->cfg.log_tail_lines > 0 ? c->cfg.log_tail_lines : 2000;
	/* A window of a few tails: enough to align every poll, never the log. */
	f.lb = logbuf_new((size_t)f.tail_lines * 3);
	long poll = c->cfg.log_poll_ms > 0 ? c->cfg.log_poll_ms : 1500, delay = poll;
	bool started = !print_log, down = false;
	int rc = -1;
	while (rc < 0 && !c->out_gone) {
		struct api_error e = {0};
		struct execution *x = NULL;
		if (api_execution_get(c->http, &c->t, job, id, &x, &e) < 0) {
			if (!backoff(&f, &e, &delay, &down, &rc))
				break;
			api_error_clear(&e);
			continue;
		}
		enum exec_status st = x->status;
		bool final = st != EXEC_UNKNOWN && !exec_status_is_active(st);
		int lr = 0;
		if (print_log && !started) {
			lr = first_read(&f, tail, &e);
			started = lr == 0;
		} else if (print_log) {
			lr = poll_log(&f, &e);
		}
		if (lr < 0) {
			execution_clear(x);
			free(x);
			if (!backoff(&f, &e, &delay, &down, &rc))
				break;
			api_error_clear(&e);
			continue;
		}
		if (down)
			cli_say(c, "%s %s: the service answers again", job, id);
		down = false;
		if (final && (started || !print_log || lr == 1)) {
			rc = cli_outcome(st);
			if (rc != CLI_OK)
				cli_say(c, "%s %s ended in %s%s%s", job, id, exec_status_name(st),
					x->message ? ": " : "", x->message ? x->message : "");
		}
		execution_clear(x);
		free(x);
		api_error_clear(&e);
		if (rc < 0)
			cli_sleep_ms(poll);
	}
	cli_flush(c);
	logbuf_free(f.lb);
	return rc < 0 ? CLI_OK : rc;
}

/* The id of the job's newest execution (owned), or NULL with *rc after
 * saying why. */
static char *newest(struct cli *c, const char *job, int *rc)
{
	struct execution_list *l = NULL;
	struct api_error e = {0};
	char *id = NULL;
	if (api_job_executions(c->http, &c->t, job, 1, 1, &l, &e) < 0) {
		*rc = cli_fail(c, &e, "cannot list the executions of %s", job);
	} else if (l->n > 0 && l->v[0].id) {
		id = xstrdup(l->v[0].id);
	} else {
		/* No execution: tell an unknown job from a job never run. */
		struct job *j = NULL;
		api_error_clear(&e);
		if (api_job_get(c->http, &c->t, job, &j, &e) < 0) {
			*rc = e.http_status == 404 ? CLI_NOT_FOUND : cli_error_status(&e);
			if (e.http_status == 404)
				cli_say(c, "no job %s in team %s", job, c->t.team);
			else
				cli_fail(c, &e, "cannot read job %s", job);
		} else {
			cli_say(c, "%s has no executions", job);
			*rc = CLI_NOT_FOUND;
		}
		if (j) {
			job_clear(j);
			free(j);
		}
	}
	execution_list_free(l);
	api_error_clear(&e);
	return id;
}

/* An empty log says nothing by itself (api-notes §5.3): before the pod
 * exists a run's log is "", and so is a finished run's once the service
 * has dropped it. The run's status tells which; logs_url, when the
 * service has one, is where older logs live. */
static void say_empty(struct cli *c, const char *job, const char *id)
{
	struct execution *x = NULL;
	struct api_error e = {0};
	if (api_execution_get(c->http, &c->t, job, id, &x, &e) < 0 || x->status == EXEC_UNKNOWN) {
		cli_say(c, "%s %s: the log is empty", job, id);
	} else if (exec_status_is_active(x->status)) {
		cli_say(c, "%s %s: waiting for the pod: the log is empty until it starts", job, id);
	} else if (!str_empty(x->logs_url)) {
		cli_say(c, "%s %s: the logs have expired: the service no longer keeps them; older logs: %s", job, id,
			x->logs_url);
	} else {
		cli_say(c, "%s %s: the logs have expired: the service no longer keeps them", job, id);
	}
	if (x) {
		execution_clear(x);
		free(x);
	}
	api_error_clear(&e);
}

int cli_logs(struct cli *c)
{
	const char *job = c->args[0];
	int rc = cli_job_team(c, job);
	if (rc != CLI_OK)
		return rc;
	char *id = c->nargs > 1 ? xstrdup(c->args[1]) : newest(c, job, &rc);
	if (!id)
		return rc;
	if (c->follow) {
		rc = cli_follow(c, job, id, true, c->tail);
		free(id);
		return rc;
	}
	char *text = NULL;
	size_t len = 0;
	struct api_error e = {0};
	if (api_logs(c->http, &c->t, job, id, c->tail >= 0 ? (c->tail ? c->tail : 1) : 0, &text, &len, &e) < 0) {
		if (e.http_status == 404)
			cli_say(c, "no execution %s of %s in team %s", id, job, c->t.team);
		rc = e.http_status == 404 ? CLI_NOT_FOUND : cli_fail(c, &e, "cannot read the log of %s %s", job, id);
	} else if (c->tail != 0 && len == 0) {
		say_empty(c, job, id);
	} else if (c->tail != 0) {
		struct follow f = {.c = c, .job = job, .id = id};
		print_text(&f, text, len, 0);
	}
	free(text);
	api_error_clear(&e);
	free(id);
	return rc;
}
