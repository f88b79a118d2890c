#include "ui/rowfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cron.h"
#include "timefmt.h"
#include "util.h"

struct status_look {
	const char *word;
	const char *glyph;
	const char *ascii;
	enum theme_element el;
};

/* Indexed by enum exec_status. The words are the REST spellings, so what
 * the user reads is what they would type in :status or see in the API. */
static const struct status_look looks[EXEC_STATUS_COUNT] = {
	[EXEC_UNKNOWN] = {"unknown", "?", "?", EL_STATUS_UNKNOWN},
	[EXEC_SUBMITTED] = {"submitted", "\u2026", ".", EL_STATUS_PENDING},
	[EXEC_RUNNING] = {"running", "\u25b6", ">", EL_STATUS_RUNNING},
	[EXEC_SUCCEEDED] = {"succeeded", "\u2714", "+", EL_STATUS_OK},
	[EXEC_CANCELLED] = {"cancelled", "\u25a0", "#", EL_STATUS_CANCELLED},
	[EXEC_SKIPPED] = {"skipped", "\u21b7", "~", EL_STATUS_CANCELLED},
	[EXEC_USER_ERROR] = {"user_error", "\u2718", "x", EL_STATUS_FAILED},
	[EXEC_PLATFORM_ERROR] = {"platform_error", "\u2718", "x", EL_STATUS_FAILED},
};

static const struct status_look *look(enum exec_status st)
{
	if ((int)st < 0 || st >= EXEC_STATUS_COUNT)
		st = EXEC_UNKNOWN;
	return &looks[st];
}

const char *rowfmt_status_glyph(enum exec_status st, bool unicode)
{
	return unicode ? look(st)->glyph : look(st)->ascii;
}

const char *rowfmt_status_word(enum exec_status st)
{
	return look(st)->word;
}

char *rowfmt_status(enum exec_status st, bool known, bool unicode, char *buf, size_t n)
{
	if (st == EXEC_UNKNOWN && !known)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%s %s", rowfmt_status_glyph(st, unicode), rowfmt_status_word(st));
	return buf;
}

enum theme_element rowfmt_status_el(enum exec_status st)
{
	return look(st)->el;
}

bool rowfmt_status_matches(enum exec_status st, const char *needle)
{
	if (str_empty(needle))
		return true;
	const char *w = look(st)->word;
	if (str_contains_ci(w, needle))
		return true;
	/* "user error" as typed, against "user_error" */
	char *spaced = xstrdup(w);
	for (char *p = spaced; *p; p++)
		if (*p == '_')
			*p = ' ';
	bool m = str_contains_ci(spaced, needle);
	free(spaced);
	if (m)
		return true;
	if (st == EXEC_USER_ERROR || st == EXEC_PLATFORM_ERROR)
		return str_contains_ci("failed", needle) || str_contains_ci("failure", needle);
	return false;
}

const char *rowfmt_state(const struct deployment *d)
{
	if (!d)
		return "not deployed";
	if (d->enabled == 0)
		return "disabled";
	if (d->enabled == 1)
		return "enabled";
	return "deployed";
}

enum theme_element rowfmt_state_el(const struct deployment *d)
{
	if (!d)
		return EL_NOT_DEPLOYED;
	if (d->enabled == 0)
		return EL_DISABLED;
	return EL_NORMAL;
}

char *rowfmt_duration(long long seconds, char *buf, size_t n)
{
	if (seconds < 0) {
		snprintf(buf, n, "-");
		return buf;
	}
	return timefmt_duration(seconds, buf, n);
}

char *rowfmt_ago(time_t t, time_t now, char *buf, size_t n)
{
	if (t <= 0) {
		snprintf(buf, n, "-");
		return buf;
	}
	return timefmt_ago(t, now, buf, n);
}

char *rowfmt_rate(int percent, char *buf, size_t n)
{
	if (percent < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%d%%", percent > 100 ? 100 : percent);
	return buf;
}

static void break_down(time_t t, bool utc, struct tm *tm)
{
	if (utc)
		gmtime_r(&t, tm);
	else
		localtime_r(&t, tm);
}

static bool same_day(const struct tm *a, const struct tm *b)
{
	return a->tm_year == b->tm_year && a->tm_yday == b->tm_yday;
}

char *rowfmt_next_run(time_t t, time_t now, bool utc, bool unicode, char *buf, size_t n)
{
	if (t <= 0) {
		snprintf(buf, n, "-");
		return buf;
	}
	struct tm tt, tn;
	break_down(t, utc, &tt);
	break_down(now, utc, &tn);
	char when[32];
	if (same_day(&tt, &tn))
		strftime(when, sizeof when, "%H:%M", &tt);
	else if (t > now && t - now < 6 * 86400)
		strftime(when, sizeof when, "%a %H:%M", &tt);
	else
		strftime(when, sizeof when, "%Y-%m-%d", &tt);
	snprintf(buf, n, "%s %s", unicode ? "\u2192" : "->", when);
	return buf;
}

enum rowfmt_sched rowfmt_schedule_state(const char *cron, const struct deployment *d)
{
	if (str_empty(cron))
		return SCHED_NONE;
	struct cron c;
	if (cron_parse(cron, &c, NULL) < 0)
		return SCHED_INVALID;
	if (!d)
		return SCHED_UNDEPLOYED;
	return d->enabled == 0 ? SCHED_DISABLED : SCHED_ACTIVE;
}

char *rowfmt_schedule(const struct job *j, time_t now, bool utc, bool unicode)
{
	switch (rowfmt_schedule_state(j->schedule_cron, j->deployment)) {
	case SCHED_NONE:
		return xstrdup("-");
	case SCHED_INVALID:
		return xasprintf("%s invalid", j->schedule_cron);
	case SCHED_ACTIVE:
		if (j->next_run > 0) {
			char next[64];
			return xasprintf("%s %s", j->schedule_cron,
					 rowfmt_next_run((time_t)j->next_run, now, utc, unicode, next, sizeof next));
		}
		return xstrdup(j->schedule_cron);
	default:
		return xstrdup(j->schedule_cron);
	}
}

char *rowfmt_when(time_t t, time_t now, bool utc, char *buf, size_t n)
{
	if (t <= 0) {
		snprintf(buf, n, "-");
		return buf;
	}
	struct tm tt, tn;
	break_down(t, utc, &tt);
	break_down(now, utc, &tn);
	if (same_day(&tt, &tn))
		strftime(buf, n, "%H:%M:%S", &tt);
	else if (tt.tm_year == tn.tm_year)
		strftime(buf, n, "%m-%d %H:%M", &tt);
	else
		strftime(buf, n, "%Y-%m-%d %H:%M", &tt);
	return buf;
}
