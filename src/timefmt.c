#include "timefmt.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Reads exactly n decimal digits. */
static bool digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
 * timegm gives the same, but through the time-zone machinery and its
 * lock, and a page of jobs holds thousands of dates. Years count from
 * March, so the leap day ends a year: 400-year eras of 146097 days,
 * each year of 365 days plus its leap days so far. */
static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;                                  /* 0 … 399 */
	long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0 … 365 */
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* 0 … 146096 */
	return era * 146097 + doe - 719468;
}

int timefmt_parse(const char *s, time_t *out, long *nanos)
{
	if (!s)
		return -1;
	const char *p = s;
	int y, mo, d, h, mi, sec = 0;
	long ns = 0;
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
	    !digits(&p, 2, &d))
		return -1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
		return -1;
	/* Java's OffsetDateTime.toString() drops ":00" seconds. */
	if (*p == ':') {
		p++;
		if (!digits(&p, 2, &sec))
			return -1;
		if (*p == '.' || *p == ',') {
			p++;
			int n = 0;
			while (*p >= '0' && *p <= '9') {
				/* Beyond nanoseconds the digits carry no information. */
				if (n < 9)
					ns = ns * 10 + (*p - '0');
				n++;
				p++;
			}
			if (n == 0 || n > 9)
				return -1;
			for (; n < 9; n++)
				ns *= 10;
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60)
		return -1;
	long off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
		if (!digits(&p, 2, &oh))
			return -1;
		if (*p == ':') {
			p++;
			if (!digits(&p, 2, &om))
				return -1;
		} else if (*p != '\0' && !digits(&p, 2, &om)) {
			return -1;
		}
		if (oh > 23 || om > 59)
			return -1;
		off = sign * (oh * 3600L + om * 60L);
	} else {
		return -1;
	}
	if (*p != '\0')
		return -1;
	/* A leap second is folded into the next minute, as timegm does. */
	time_t t = (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600L + mi * 60L + sec);
	if (out)
		*out = t - off;
	if (nanos)
		*nanos = ns;
	return 0;
}

static char *put(char *buf, size_t n, const char *fmt, ...) PRINTF_LIKE(3, 4);

static char *put(char *buf, size_t n, const char *fmt, ...)
{
	if (!buf || n == 0)
		return buf;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return buf;
}

char *timefmt_duration(long long s, char *buf, size_t n)
{
	if (s < 0)
		return put(buf, n, "-");
	if (s < 60)
		return put(buf, n, "%llds", s);
	if (s < 3600)
		return put(buf, n, "%lldm %02llds", s / 60, s % 60);
	if (s < 86400)
		return put(buf, n, "%lldh %02lldm", s / 3600, (s % 3600) / 60);
	return put(buf, n, "%lldd %02lldh", s / 86400, (s % 86400) / 3600);
}

/* The largest unit only: "5m", "3h", "2d". */
static void coarse(long long s, char *buf, size_t n)
{
	if (s < 60)
		snprintf(buf, n, "%llds", s);
	else if (s < 3600)
		snprintf(buf, n, "%lldm", s / 60);
	else if (s < 86400)
		snprintf(buf, n, "%lldh", s / 3600);
	else
		snprintf(buf, n, "%lldd", s / 86400);
}

char *timefmt_ago(time_t t, time_t now, char *buf, size_t n)
{
	if (t == 0)
		return put(buf, n, "-");
	/* Both come from untrusted data in the worst case; keep the
	 * subtraction in a range that cannot overflow. */
	long long a = (long long)t, b = (long long)now;
	if (a > INT64_MAX / 4 || a < INT64_MIN / 4 || b > INT64_MAX / 4 || b < INT64_MIN / 4)
		return put(buf, n, "-");
	long long d = b - a;
	char unit[32];
	if (d >= 0) {
		if (d < 10)
			return put(buf, n, "just now");
		coarse(d, unit, sizeof(unit));
		return put(buf, n, "%s ago", unit);
	}
	if (-d < 10)
		return put(buf, n, "just now");
	coarse(-d, unit, sizeof(unit));
	return put(buf, n, "in %s", unit);
}

/* t through strftime; "-" when it cannot be broken down, "" when the
 * text does not fit. */
static char *format_tm(time_t t, bool utc, const char *fmt, char *buf, size_t n)
{
	struct tm tm;
	if (!(utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)))
		return put(buf, n, "-");
	if (!buf || n == 0)
		return buf;
	if (strftime(buf, n, fmt, &tm) == 0)
		buf[0] = '\0';
	return buf;
}

char *timefmt_clock(time_t t, bool utc, char *buf, size_t n)
{
	if (t == 0)
		return put(buf, n, "-");
	return format_tm(t, utc, "%Y-%m-%d %H:%M", buf, n);
}

char *timefmt_iso(time_t t, char *buf, size_t n)
{
	return format_tm(t, true, "%Y-%m-%dT%H:%M:%SZ", buf, n);
}

long long timefmt_parse_age(const char *s)
{
	if (!s)
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || errno || v <= 0 || !*end || end[1])
		return -1;
	long long unit;
	switch (tolower((unsigned char)*end)) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return -1;
	}
	/* Ten years is more than any service keeps. */
	return v > 10LL * 366 * 86400 / unit ? -1 : v * unit;
}
