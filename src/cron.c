#include "cron.h"

#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct field_spec {
	const char *name;
	int min, max;
	const char *const *names; /* index 0 = value `min` (NULL if none) */
	int nnames;
};

static const char *const month_names[] = {
	"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
	"JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
};
static const char *const weekday_names[] = {
	"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT",
};

/* Day of week accepts 7 (Sunday again), folded into bit 0 after parsing. */
static const struct field_spec fields[5] = {
	{"minute", 0, 59, NULL, 0},
	{"hour", 0, 23, NULL, 0},
	{"day of month", 1, 31, NULL, 0},
	{"month", 1, 12, month_names, 12},
	{"day of week", 0, 7, weekday_names, 7},
};

/* The offending text of an item, bounded so a hostile expression cannot make
 * an error message arbitrarily long. */
static char *excerpt(const char *s, size_t len)
{
	if (len > 24)
		return xasprintf("%.*s...", 21, s);
	return xstrndup(s, len);
}

static void set_why(char **why, int idx, char *msg)
{
	if (why)
		*why = xasprintf("field %d (%s): %s", idx + 1, fields[idx].name, msg);
	free(msg);
}

/* Reads one value (number or name) from [*p, end). Returns 0 and advances *p,
 * or -1 with a message in *msg. */
static int parse_value(const struct field_spec *f, const char **p, const char *end,
		       int *val, char **msg)
{
	const char *s = *p;
	if (s < end && isdigit((unsigned char)*s)) {
		long v = 0;
		const char *q = s;
		while (q < end && isdigit((unsigned char)*q)) {
			if (v < 100000)
				v = v * 10 + (*q - '0');
			q++;
		}
		if (v < f->min || v > f->max) {
			char *t = excerpt(s, (size_t)(q - s));
			*msg = xasprintf("%s is out of range %d-%d", t, f->min, f->max);
			free(t);
			return -1;
		}
		*val = (int)v;
		*p = q;
		return 0;
	}
	const char *q = s;
	while (q < end && isalpha((unsigned char)*q))
		q++;
	if (q == s) {
		if (s == end)
			*msg = xstrdup("a value is missing");
		else
			*msg = xasprintf("unexpected '%c'", *s);
		return -1;
	}
	for (int i = 0; i < f->nnames; i++) {
		if ((size_t)(q - s) == 3 && strncasecmp(s, f->names[i], 3) == 0) {
			*val = f->min + i;
			*p = q;
			return 0;
		}
	}
	char *t = excerpt(s, (size_t)(q - s));
	if (f->names == month_names)
		*msg = xasprintf("'%s' is not a number or month name (JAN-DEC)", t);
	else if (f->names == weekday_names)
		*msg = xasprintf("'%s' is not a number or weekday name (SUN-SAT)", t);
	else
		*msg = xasprintf("'%s' is not a number", t);
	free(t);
	return -1;
}

/* One list item: '*' | value ['-' value], then optional '/' step. */
static int parse_item(const struct field_spec *f, const char *s, const char *end,
		      uint64_t *bits, bool *any, char **msg)
{
	if (s == end) {
		*msg = xstrdup("empty list element (stray ',')");
		return -1;
	}
	const char *p = s;
	int lo, hi;
	bool star = false, single = false;
	if (*p == '*') {
		star = true;
		lo = f->min;
		hi = f->max;
		p++;
	} else {
		if (parse_value(f, &p, end, &lo, msg) < 0)
			return -1;
		hi = lo;
		single = true;
		if (p < end && *p == '-') {
			p++;
			if (parse_value(f, &p, end, &hi, msg) < 0)
				return -1;
			single = false;
			if (hi < lo) {
				char *t = excerpt(s, (size_t)(p - s));
				if (f->names == weekday_names)
					*msg = xasprintf("range %s goes backwards (Sunday is also 7: "
							 "write e.g. FRI-7)", t);
				else
					*msg = xasprintf("range %s goes backwards", t);
				free(t);
				return -1;
			}
		}
	}
	int step = 1;
	if (p < end && *p == '/') {
		p++;
		const char *q = p;
		long v = 0;
		while (q < end && isdigit((unsigned char)*q)) {
			if (v < 100000)
				v = v * 10 + (*q - '0');
			q++;
		}
		if (q == p) {
			*msg = xstrdup("'/' must be followed by a step number");
			return -1;
		}
		if (v == 0) {
			*msg = xstrdup("a step of 0 is not allowed");
			return -1;
		}
		if (v > f->max - f->min + 1) {
			*msg = xasprintf("step %ld is larger than the field's range %d-%d",
					 v, f->min, f->max);
			return -1;
		}
		step = (int)v;
		p = q;
		/* "a/n" means from a to the end of the field, every n. */
		if (single)
			hi = f->max;
	}
	if (p < end) {
		char *t = excerpt(s, (size_t)(end - s));
		if (*p == '*' || star)
			*msg = xasprintf("'%s' is not a valid item", t);
		else
			*msg = xasprintf("unexpected '%c' in '%s'", *p, t);
		free(t);
		return -1;
	}
	for (int v = lo; v <= hi; v += step)
		*bits |= (uint64_t)1 << v;
	if (star && step == 1)
		*any = true;
	return 0;
}

static int parse_field(int idx, const char *s, const char *end, uint64_t *bits, bool *any,
		       char **why)
{
	const struct field_spec *f = &fields[idx];
	*bits = 0;
	*any = false;
	if (*s == '@' || memchr(s, '?', (size_t)(end - s)) ||
	    (idx >= 2 && (memchr(s, '#', (size_t)(end - s))))) {
		char *t = excerpt(s, (size_t)(end - s));
		set_why(why, idx, xasprintf("'%s' uses a non-standard cron extension "
					    "(only * , - / and names are understood)", t));
		free(t);
		return -1;
	}
	const char *item = s;
	for (;;) {
		const char *comma = memchr(item, ',', (size_t)(end - item));
		const char *iend = comma ? comma : end;
		char *msg = NULL;
		if (parse_item(f, item, iend, bits, any, &msg) < 0) {
			set_why(why, idx, msg);
			return -1;
		}
		if (!comma)
			break;
		item = comma + 1;
	}
	return 0;
}

int cron_parse(const char *expr, struct cron *out, char **why)
{
	if (why)
		*why = NULL;
	const char *start[6], *end[6];
	int n = 0;
	const char *p = expr ? expr : "";
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n == 6)
			break; /* too many; counted below */
		start[n] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		end[n++] = p;
	}
	if (n == 0) {
		if (why) {
			if (expr && expr[0] == '@')
				*why = xstrdup("macros like @daily are not supported: use 5 fields");
			else
				*why = xstrdup("empty schedule");
		}
		return -1;
	}
	for (const char *q = expr; *q; q++) {
		if ((unsigned char)*q < 0x20 && *q != '\t') {
			if (why)
				*why = xstrdup("control character in the schedule");
			return -1;
		}
	}
	if (n != 5) {
		if (why) {
			if (n == 1 && start[0][0] == '@')
				*why = xstrdup("macros like @daily are not supported: use 5 fields "
					       "(minute hour day-of-month month day-of-week)");
			else if (n == 6)
				*why = xstrdup("too many fields: expected 5 (minute hour "
					       "day-of-month month day-of-week); seconds and years "
					       "are not supported");
			else
				*why = xasprintf("expected 5 fields (minute hour day-of-month "
						 "month day-of-week), got %d", n);
		}
		return -1;
	}
	uint64_t bits[5];
	bool any[5];
	for (int i = 0; i < 5; i++)
		if (parse_field(i, start[i], end[i], &bits[i], &any[i], why) < 0)
			return -1;
	struct cron c;
	c.minutes = bits[0];
	c.hours = (uint32_t)bits[1];
	c.days = (uint32_t)bits[2];
	c.months = (uint16_t)bits[3];
	uint64_t wd = bits[4];
	if (wd & (1u << 7))
		wd = (wd | 1u) & ~(uint64_t)(1u << 7);
	c.weekdays = (uint8_t)wd;
	c.days_any = any[2];
	c.weekdays_any = any[4];
	*out = c;
	return 0;
}

/* Proleptic Gregorian calendar arithmetic on plain integers, so the result
 * never depends on TZ or on the C library's time_t range handling. */
static bool is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days since 1970-01-01 of y-m-d (m 1..12). Shifts the year to start in
 * March so the leap day is the last day of the shifted year. */
static long days_from_civil(long y, int m, int d)
{
	if (m <= 2)
		y--;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static long floor_div(long a, long b)
{
	long q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static bool day_matches(const struct cron *c, long y, int m, int d)
{
	bool dom = c->days & (1u << d);
	long z = days_from_civil(y, m, d) + 4; /* 1970-01-01 was a Thursday */
	int dow = (int)(z - floor_div(z, 7) * 7);
	bool dowm = c->weekdays & (1u << dow);
	if (c->days_any || c->weekdays_any)
		return dom && dowm;
	return dom || dowm;
}

/* Valid years for input; keeps every intermediate in range of a long. */
#define YEAR_MIN 1
#define YEAR_MAX 9000

time_t cron_next(const struct cron *c, time_t after)
{
	if (!c->minutes || !c->hours || !c->months || !(c->days || c->weekdays))
		return -1;
	long t = (long)after;
	if ((time_t)t != after)
		return -1;
	long days = floor_div(t, 86400);
	long secs = t % 86400;
	if (secs < 0)
		secs += 86400;
	long y;
	int mo, d;
	civil_from_days(days, &y, &mo, &d);
	if (y < YEAR_MIN || y > YEAR_MAX)
		return -1;
	int h = (int)(secs / 3600);
	int mi = (int)(secs % 3600 / 60) + 1; /* strictly after: next whole minute */
	long limit = y + CRON_HORIZON_YEARS;

	/* Advance the coarsest mismatching field and reset the finer ones; every
	 * step moves forward, and the year bound ends schedules that never fire. */
	for (;;) {
		if (mi > 59) {
			mi = 0;
			h++;
		}
		if (h > 23) {
			h = 0;
			mi = 0;
			d++;
		}
		if (mo > 12) {
			mo = 1;
			y++;
		}
		if (d > days_in_month(y, mo)) {
			d = 1;
			h = mi = 0;
			mo++;
		}
		if (mo > 12) {
			mo = 1;
			d = 1;
			h = mi = 0;
			y++;
		}
		if (y > limit)
			return -1;
		if (!(c->months & (1u << mo))) {
			mo++;
			d = 1;
			h = mi = 0;
			continue;
		}
		if (!day_matches(c, y, mo, d)) {
			d++;
			h = mi = 0;
			continue;
		}
		if (!(c->hours & (1u << h))) {
			h++;
			mi = 0;
			continue;
		}
		if (!(c->minutes & ((uint64_t)1 << mi))) {
			mi++;
			continue;
		}
		long r = days_from_civil(y, mo, d) * 86400 + h * 3600L + mi * 60L;
		return (time_t)r;
	}
}

int cron_next_n(const struct cron *c, time_t after, time_t *out, int n)
{
	int i;
	for (i = 0; i < n; i++) {
		time_t t = cron_next(c, after);
		if (t < 0)
			break;
		out[i] = t;
		after = t;
	}
	return i;
}

bool cron_matches(const struct cron *c, time_t t)
{
	/* The minute containing t matches iff the next match after the end of
	 * the previous minute is this minute. */
	long lt = (long)t;
	long minute = floor_div(lt, 60) * 60;
	return cron_next(c, (time_t)(minute - 1)) == (time_t)minute;
}
