#include "jdoc.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "timefmt.h"

/* As deep as jsonread allows: about 8 levels are ever used, and the
 * descent is recursive. */
#define JDOC_MAX_DEPTH 64

struct parser {
	struct jdoc *d;
	char *t; /* d->text: NUL-terminated, so one byte of look-ahead is always safe */
	size_t i, len;
	char *err;
};

static bool fail_at(struct parser *ps, size_t at, const char *what)
{
	if (!ps->err)
		ps->err = at >= ps->len ? xstrdup("not JSON: the answer ends early")
					: xasprintf("not JSON: %s at offset %zu", what, at);
	return false;
}

static void skip_space(struct parser *ps)
{
	const char *t = ps->t;
	size_t i = ps->i;
	while (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')
		i++;
	ps->i = i;
}

/* A new node; NULL once the document holds JDOC_MAX_NODES. The array may
 * move: callers keep indices, not pointers, while parsing. */
static struct jnode *push(struct parser *ps, enum jd_type type, const char *key)
{
	struct jdoc *d = ps->d;
	if (d->n >= JDOC_MAX_NODES) {
		if (!ps->err)
			ps->err = xasprintf("too many values (more than %u) at offset %zu", JDOC_MAX_NODES, ps->i);
		return NULL;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->nodes = xreallocarray(d->nodes, d->cap, sizeof(*d->nodes));
	}
	struct jnode *n = &d->nodes[d->n++];
	memset(n, 0, sizeof(*n));
	n->type = (uint8_t)type;
	n->skip = 1;
	n->key = key;
	return n;
}

static int hex4(const char *s)
{
	int v = 0;
	for (int k = 0; k < 4; k++) {
		int h = hex_digit(s[k]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* The string whose opening quote is at ps->i, decoded in place: escapes
 * only ever shrink, so the writer never overtakes the reader. Returns its
 * start (NUL-terminated where the closing quote was), or NULL. */
static char *read_string(struct parser *ps, uint32_t *len)
{
	char *t = ps->t;
	size_t r = ps->i + 1, w = r;
	for (;;) {
		/* The common run: nothing to decode, nothing to move. */
		while (w == r && t[r] != '"' && t[r] != '\\' && t[r] != '\0') {
			r++;
			w++;
		}
		char c = t[r];
		if (c == '"')
			break;
		if (c == '\0')
			return fail_at(ps, r, "a NUL byte in a string"), NULL;
		if (c != '\\') {
			t[w++] = t[r++];
			continue;
		}
		size_t at = r;
		char e = t[r + 1];
		r += 2;
		switch (e) {
		case '"': t[w++] = '"'; break;
		case '\\': t[w++] = '\\'; break;
		case '/': t[w++] = '/'; break;
		case 'b': t[w++] = '\b'; break;
		case 'f': t[w++] = '\f'; break;
		case 'n': t[w++] = '\n'; break;
		case 'r': t[w++] = '\r'; break;
		case 't': t[w++] = '\t'; break;
		case 'u': {
			if (r + 4 > ps->len)
				return fail_at(ps, ps->len, NULL), NULL;
			long cp = hex4(t + r);
			if (cp < 0)
				return fail_at(ps, at, "invalid escape in a string"), NULL;
			r += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				int lo = t[r] == '\\' && t[r + 1] == 'u' && r + 6 <= ps->len ? hex4(t + r + 2) : -1;
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					r += 6;
				} else {
					cp = 0xFFFD;
				}
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				cp = 0xFFFD;
			}
			char u[4];
			size_t n = utf8_encode(cp, u);
			memcpy(t + w, u, n);
			w += n;
			break;
		}
		case '\0':
			return fail_at(ps, r - 1 >= ps->len ? ps->len : at, "invalid escape in a string"), NULL;
		default:
			return fail_at(ps, at, "invalid escape in a string"), NULL;
		}
	}
	if (w - (ps->i + 1) > UINT32_MAX)
		return fail_at(ps, ps->i, "a string too long"), NULL;
	t[w] = '\0';
	char *s = t + ps->i + 1;
	*len = (uint32_t)(w - (ps->i + 1));
	ps->i = r + 1;
	return s;
}

/* JSON's decimal point is always '.', whatever LC_NUMERIC the user has
 * (main sets the locale from the environment). */
static locale_t c_numeric;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void c_numeric_make(void)
{
	c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

static double c_strtod(const char *s)
{
	pthread_once(&c_numeric_once, c_numeric_make);
	return c_numeric ? strtod_l(s, NULL, c_numeric) : strtod(s, NULL);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; a whole number that fits
 * a long long is JD_INT, every other one a double (an overflowing one
 * then reads as "not an integer", as with jsonread). */
static bool read_number(struct parser *ps, const char *key)
{
	const char *t = ps->t;
	size_t start = ps->i, i = start;
	bool whole = true;
	if (t[i] == '-')
		i++;
	if (t[i] == '0')
		i++;
	else if (is_digit(t[i]))
		while (is_digit(t[i]))
			i++;
	else
		return fail_at(ps, i, "a number without digits");
	if (t[i] == '.') {
		whole = false;
		if (!is_digit(t[++i]))
			return fail_at(ps, i, "a number without digits");
		while (is_digit(t[i]))
			i++;
	}
	if (t[i] == 'e' || t[i] == 'E') {
		whole = false;
		i++;
		if (t[i] == '+' || t[i] == '-')
			i++;
		if (!is_digit(t[i]))
			return fail_at(ps, i, "a number without digits");
		while (is_digit(t[i]))
			i++;
	}
	struct jnode *n = push(ps, JD_INT, key);
	if (!n)
		return false;
	errno = 0;
	if (whole) {
		long long v = strtoll(t + start, NULL, 10);
		if (errno == 0) {
			n->v.i = v;
			ps->i = i;
			return true;
		}
		errno = 0;
	}
	n->type = JD_DOUBLE;
	n->v.d = c_strtod(t + start); /* ±HUGE_VAL when it overflows: not finite, so "unknown" */
	ps->i = i;
	return true;
}

static bool read_literal(struct parser *ps, const char *key)
{
	static const struct {
		const char *word;
		enum jd_type type;
		bool b;
	} lit[] = {{"true", JD_BOOL, true}, {"false", JD_BOOL, false}, {"null", JD_NULL, false}};
	for (size_t k = 0; k < sizeof(lit) / sizeof(lit[0]); k++) {
		size_t n = strlen(lit[k].word);
		if (strncmp(ps->t + ps->i, lit[k].word, n) != 0)
			continue;
		struct jnode *v = push(ps, lit[k].type, key);
		if (!v)
			return false;
		v->v.b = lit[k].b;
		ps->i += n;
		return true;
	}
	/* A cut "tru" is an early end, anything else a wrong word. */
	size_t rest = ps->len - ps->i;
	for (size_t k = 0; k < sizeof(lit) / sizeof(lit[0]); k++)
		if (rest < strlen(lit[k].word) && strncmp(ps->t + ps->i, lit[k].word, rest) == 0)
			return fail_at(ps, ps->len, NULL);
	return fail_at(ps, ps->i, "unexpected character");
}

static bool read_value(struct parser *ps, const char *key, int depth);

/* An array or an object: its members follow its node, and its skip is
 * known once they are all read. */
static bool read_container(struct parser *ps, const char *key, int depth)
{
	bool object = ps->t[ps->i] == '{';
	char close = object ? '}' : ']';
	if (depth >= JDOC_MAX_DEPTH)
		return fail_at(ps, ps->i, "nesting too deep");
	struct jnode *c = push(ps, object ? JD_OBJECT : JD_ARRAY, key);
	if (!c)
		return false;
	size_t at = (size_t)(c - ps->d->nodes);
	uint32_t count = 0;
	ps->i++;
	skip_space(ps);
	if (ps->t[ps->i] == close) {
		ps->i++;
		return true;
	}
	for (;;) {
		const char *name = NULL;
		if (object) {
			if (ps->t[ps->i] != '"')
				return fail_at(ps, ps->i, "a member name was expected");
			uint32_t nlen;
			if (!(name = read_string(ps, &nlen)))
				return false;
			skip_space(ps);
			if (ps->t[ps->i] != ':')
				return fail_at(ps, ps->i, "a colon was expected");
			ps->i++;
		}
		if (!read_value(ps, name, depth + 1))
			return false;
		if (count == UINT32_MAX)
			return fail_at(ps, ps->i, "too many members");
		count++;
		skip_space(ps);
		char c2 = ps->t[ps->i];
		if (c2 == close)
			break;
		if (c2 != ',')
			return fail_at(ps, ps->i, object ? "a comma or } was expected" : "a comma or ] was expected");
		ps->i++;
		skip_space(ps);
	}
	ps->i++;
	struct jnode *done = &ps->d->nodes[at];
	done->len = count;
	done->skip = (uint32_t)(ps->d->n - at);
	return true;
}

static bool read_value(struct parser *ps, const char *key, int depth)
{
	skip_space(ps);
	char c = ps->t[ps->i];
	if (c == '{' || c == '[')
		return read_container(ps, key, depth);
	if (c == '"') {
		uint32_t len;
		char *s = read_string(ps, &len);
		struct jnode *n = s ? push(ps, JD_STRING, key) : NULL;
		if (!n)
			return false;
		n->v.s = s;
		n->len = len;
		return true;
	}
	if (c == '-' || is_digit(c))
		return read_number(ps, key);
	if (c >= 'a' && c <= 'z')
		return read_literal(ps, key);
	if (c == '\0' && ps->i < ps->len)
		return fail_at(ps, ps->i, "a NUL byte");
	return fail_at(ps, ps->i, "unexpected character");
}

struct jdoc *jdoc_parse(const char *buf, size_t len, char **err)
{
	*err = NULL;
	if (!buf || len == 0) {
		*err = xstrdup("empty answer where JSON was expected");
		return NULL;
	}
	struct jdoc *d = xcalloc(1, sizeof(*d));
	d->text = xmalloc(len + 1);
	memcpy(d->text, buf, len);
	d->text[len] = '\0';
	struct parser ps = {.d = d, .t = d->text, .len = len};
	bool ok = read_value(&ps, NULL, 0);
	if (ok) {
		skip_space(&ps);
		if (ps.i < len) {
			ok = false;
			ps.err = xasprintf("not JSON: unexpected data after the value at offset %zu", ps.i);
		}
	}
	if (!ok) {
		*err = ps.err ? ps.err : xstrdup("not JSON");
		jdoc_free(d);
		return NULL;
	}
	return d;
}

void jdoc_free(struct jdoc *d)
{
	if (!d)
		return;
	free(d->nodes);
	free(d->text);
	free(d);
}

/* ---- readers ---- */

bool jd_is(const struct jnode *v, enum jd_type t)
{
	return v && v->type == t;
}

const struct jnode *jd_get(const struct jnode *o, const char *key)
{
	if (!jd_is(o, JD_OBJECT) || !key)
		return NULL;
	const struct jnode *found = NULL, *m = o + 1;
	for (uint32_t k = 0; k < o->len; k++, m += m->skip)
		if (m->key[0] == key[0] && strcmp(m->key, key) == 0)
			found = m;
	return found && found->type != JD_NULL ? found : NULL;
}

const struct jnode *jd_obj(const struct jnode *o, const char *key)
{
	const struct jnode *v = jd_get(o, key);
	return jd_is(v, JD_OBJECT) ? v : NULL;
}

const struct jnode *jd_arr(const struct jnode *o, const char *key)
{
	const struct jnode *v = jd_get(o, key);
	return jd_is(v, JD_ARRAY) ? v : NULL;
}

const struct jnode *jd_first(const struct jnode *a)
{
	return jd_is(a, JD_ARRAY) && a->len ? a + 1 : NULL;
}

const struct jnode *jd_next(const struct jnode *a, const struct jnode *e)
{
	const struct jnode *n = e + e->skip;
	return n < a + a->skip ? n : NULL;
}

const char *jd_str(const struct jnode *o, const char *key)
{
	const struct jnode *v = jd_get(o, key);
	return jd_is(v, JD_STRING) ? v->v.s : NULL;
}

char *jd_strdup(const struct jnode *o, const char *key)
{
	return xstrdup(jd_str(o, key));
}

long long jd_int(const struct jnode *o, const char *key, long long dflt)
{
	const struct jnode *v = jd_get(o, key);
	if (jd_is(v, JD_INT))
		return v->v.i;
	if (jd_is(v, JD_DOUBLE)) {
		double d = v->v.d;
		/* Converting an out-of-range double is undefined behaviour:
		 * check first. 2^63 is exactly representable. */
		if (!isfinite(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0 || d != floor(d))
			return dflt;
		return (long long)d;
	}
	return dflt;
}

double jd_double(const struct jnode *o, const char *key, double dflt)
{
	const struct jnode *v = jd_get(o, key);
	if (jd_is(v, JD_INT))
		return (double)v->v.i;
	if (jd_is(v, JD_DOUBLE) && isfinite(v->v.d))
		return v->v.d;
	return dflt;
}

int jd_bool(const struct jnode *o, const char *key)
{
	const struct jnode *v = jd_get(o, key);
	return jd_is(v, JD_BOOL) ? v->v.b : -1;
}

time_t jd_time(const struct jnode *o, const char *key)
{
	time_t t;
	if (timefmt_parse(jd_str(o, key), &t, NULL) != 0)
		return 0;
	return t;
}

void jd_strlist(const struct jnode *o, const char *key, struct strlist *out)
{
	const struct jnode *a = jd_arr(o, key);
	for (const struct jnode *e = jd_first(a); e; e = jd_next(a, e))
		if (e->type == JD_STRING)
			strlist_push(out, e->v.s);
}
