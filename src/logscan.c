/* The streaming reader of the logs answer; see logscan.h. One state
 * machine over bytes: every state can stop at the end of a piece and go
 * on with the next, so where the transport splits the answer never
 * changes what is read. */
#include "logscan.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* As json-c's reader: deeper answers are refused, not recursed into. */
#define MAX_DEPTH 64

enum {
	ST_VALUE,       /* a value is due */
	ST_ARRAY_FIRST, /* after '[': a value or ']' */
	ST_OBJ_FIRST,   /* after '{': a key or '}' */
	ST_OBJ_KEY,     /* after ',' in an object: a key */
	ST_COLON,       /* after a key */
	ST_AFTER,       /* after a value: ',' or the closing bracket */
	ST_STRING,
	ST_ESC,         /* after a backslash */
	ST_HEX,         /* the four digits of \u */
	ST_NUM_MINUS,   /* "-": a digit is due */
	ST_NUM_ZERO,    /* a leading 0: no more digits before '.' or 'e' */
	ST_NUM_INT,
	ST_NUM_DOT,     /* "1.": a digit is due */
	ST_NUM_FRAC,
	ST_NUM_E,       /* "1e": a sign or a digit is due */
	ST_NUM_ESIGN,   /* "1e-": a digit is due */
	ST_NUM_EXP,
	ST_LIT,         /* true, false, null */
	ST_END,         /* the answer's value is complete: white space only */
	ST_FAILED,
};

enum { T_SKIP, T_KEY, T_LOGS };

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

void logscan_init(struct logscan *s, const struct logscan_sink *sink)
{
	memset(s, 0, sizeof(*s));
	s->sink = *sink;
	s->state = ST_VALUE;
}

void logscan_free(struct logscan *s)
{
	free(s->message);
	s->message = NULL;
}

static bool fail(struct logscan *s, enum logscan_error e, const char *fmt, ...) PRINTF_LIKE(3, 4);

static bool fail(struct logscan *s, enum logscan_error e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(s->message);
	s->message = xvasprintf(fmt, ap);
	va_end(ap);
	s->error = e;
	s->state = ST_FAILED;
	return false;
}

static bool syntax(struct logscan *s, size_t at, const char *what)
{
	return fail(s, LOGSCAN_NOT_JSON, "not JSON: %s at offset %zu", what, s->off + at);
}

/* Decoded string bytes, to where the string being read goes. */
static void emit(struct logscan *s, const char *p, size_t n)
{
	if (s->target == T_LOGS) {
		s->sink.put(s->sink.ud, p, n);
		s->put_any = true;
		return;
	}
	if (s->target != T_KEY)
		return;
	/* json-c keeps a key as a C string: a NUL ends it. */
	for (size_t i = 0; i < n && !s->key_nul; i++) {
		if (p[i] == '\0')
			s->key_nul = true;
		else if (s->key_n < 4 && p[i] == "logs"[s->key_n])
			s->key_n++;
		else
			s->key_logs = false;
	}
}

static void emit_cp(struct logscan *s, unsigned cp)
{
	char u[4];
	size_t n = utf8_encode((long)cp, u);
	emit(s, u, n);
}

/* A high surrogate not followed by its low half stands for U+FFFD. */
static void flush_high(struct logscan *s)
{
	if (s->high) {
		s->high = 0;
		emit(s, replacement, 3);
	}
}

static void unicode_escape(struct logscan *s, unsigned code)
{
	if (s->high && code >= 0xDC00 && code <= 0xDFFF) {
		unsigned cp = 0x10000 + ((s->high - 0xD800) << 10) + (code - 0xDC00);
		s->high = 0;
		emit_cp(s, cp);
		return;
	}
	flush_high(s);
	if (code >= 0xD800 && code <= 0xDBFF)
		s->high = code;
	else if (code >= 0xDC00 && code <= 0xDFFF)
		emit(s, replacement, 3);
	else
		emit_cp(s, code);
}

static bool in_object(const struct logscan *s)
{
	return s->depth > 0 && (s->objects >> (s->depth - 1) & 1);
}

static void value_done(struct logscan *s)
{
	s->state = s->depth == 0 ? ST_END : ST_AFTER;
}

static bool push(struct logscan *s, size_t at, bool object)
{
	if (s->depth == MAX_DEPTH)
		return syntax(s, at, "nesting too deep");
	if (object)
		s->objects |= (uint64_t)1 << s->depth;
	else
		s->objects &= ~((uint64_t)1 << s->depth);
	s->depth++;
	s->state = object ? ST_OBJ_FIRST : ST_ARRAY_FIRST;
	return true;
}

static void string_start(struct logscan *s, int target)
{
	s->target = target;
	s->high = 0;
	s->in_key = false;
	s->state = ST_STRING;
}

static void key_start(struct logscan *s)
{
	s->key_n = 0;
	s->key_logs = true;
	s->key_nul = false;
	string_start(s, s->depth == 1 ? T_KEY : T_SKIP);
	s->in_key = true;
}

/* The closing quote: a key wants its ':', a value is complete. */
static void string_end(struct logscan *s)
{
	flush_high(s);
	if (s->in_key) {
		s->in_key = false;
		s->value_logs = s->target == T_KEY && s->key_logs && s->key_n == 4;
		s->state = ST_COLON;
	} else {
		value_done(s);
	}
	s->target = T_SKIP;
}

/* The first byte of a value. */
static bool value_start(struct logscan *s, size_t at, char c)
{
	if (s->depth == 0 && c != '{')
		return fail(s, LOGSCAN_NOT_OBJECT, "a JSON object was expected");
	bool logs = s->value_logs;
	s->value_logs = false;
	if (logs) {
		/* A later "logs" key replaces what an earlier one held. */
		if (s->put_any && s->sink.reset)
			s->sink.reset(s->sink.ud);
		s->put_any = false;
		s->other = c != '"' && c != 'n';
	}
	switch (c) {
	case '{':
		return push(s, at, true);
	case '[':
		return push(s, at, false);
	case '"':
		string_start(s, logs ? T_LOGS : T_SKIP);
		return true;
	case '-':
		s->state = ST_NUM_MINUS;
		return true;
	case '0':
		s->state = ST_NUM_ZERO;
		return true;
	case 't':
	case 'f':
	case 'n':
		s->lit_text = c == 't' ? "true" : c == 'f' ? "false" : "null";
		s->lit = 1;
		s->state = ST_LIT;
		return true;
	default:
		if (c >= '1' && c <= '9') {
			s->state = ST_NUM_INT;
			return true;
		}
		return syntax(s, at, "unexpected character");
	}
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* The first '"', '\\' or NUL in [p, end), or end: a word at a time,
 * since a log string is nearly all of the answer. */
static const char *string_span(const char *p, const char *end)
{
	while (end - p >= 8) {
		uint64_t w, q, b;
		memcpy(&w, p, 8);
		q = w ^ ('"' * ONES);
		b = w ^ ('\\' * ONES);
		if (((q - ONES) & ~q & HIGHS) | ((b - ONES) & ~b & HIGHS) | ((w - ONES) & ~w & HIGHS))
			break;
		p += 8;
	}
	while (p < end && *p != '"' && *p != '\\' && *p)
		p++;
	return p;
}

/* One byte outside the fast path of a string; returns false on failure.
 * *again: the byte ended a number and must be read once more. */
static bool step(struct logscan *s, const char *data, size_t i, bool *again)
{
	char c = data[i];
	*again = false;
	switch (s->state) {
	case ST_VALUE:
		return is_ws(c) || value_start(s, i, c);
	case ST_ARRAY_FIRST:
		if (is_ws(c))
			return true;
		if (c == ']') {
			s->depth--;
			value_done(s);
			return true;
		}
		return value_start(s, i, c);
	case ST_OBJ_FIRST:
	case ST_OBJ_KEY:
		if (is_ws(c))
			return true;
		if (c == '"') {
			key_start(s);
			return true;
		}
		if (c == '}' && s->state == ST_OBJ_FIRST) {
			s->depth--;
			value_done(s);
			return true;
		}
		return syntax(s, i, "a quoted key was expected");
	case ST_COLON:
		if (is_ws(c))
			return true;
		if (c != ':')
			return syntax(s, i, "':' was expected");
		s->state = ST_VALUE;
		return true;
	case ST_AFTER:
		if (is_ws(c))
			return true;
		if (c == ',') {
			s->state = in_object(s) ? ST_OBJ_KEY : ST_VALUE;
			return true;
		}
		if (c == (in_object(s) ? '}' : ']')) {
			s->depth--;
			value_done(s);
			return true;
		}
		return syntax(s, i, in_object(s) ? "',' or '}' was expected" : "',' or ']' was expected");
	case ST_ESC: {
		static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
		const char *e = c ? strchr(from, c) : NULL;
		if (c == 'u') {
			s->hex = s->hex_n = 0;
			s->state = ST_HEX;
			return true;
		}
		if (!e)
			return syntax(s, i, "invalid escape in a string");
		flush_high(s);
		emit(s, &to[e - from], 1);
		s->state = ST_STRING;
		return true;
	}
	case ST_HEX: {
		int d = hex_digit(c);
		if (d < 0)
			return syntax(s, i, "invalid \\u escape in a string");
		s->hex = s->hex << 4 | (unsigned)d;
		if (++s->hex_n == 4) {
			unicode_escape(s, s->hex);
			s->state = ST_STRING;
		}
		return true;
	}
	case ST_NUM_MINUS:
		if (c == '0')
			s->state = ST_NUM_ZERO;
		else if (is_digit(c))
			s->state = ST_NUM_INT;
		else
			return syntax(s, i, "a digit was expected");
		return true;
	case ST_NUM_INT:
		if (is_digit(c))
			return true;
		/* fall through */
	case ST_NUM_ZERO:
		if (c == '.')
			s->state = ST_NUM_DOT;
		else if (c == 'e' || c == 'E')
			s->state = ST_NUM_E;
		else
			break;
		return true;
	case ST_NUM_DOT:
		if (!is_digit(c))
			return syntax(s, i, "a digit was expected");
		s->state = ST_NUM_FRAC;
		return true;
	case ST_NUM_FRAC:
		if (is_digit(c))
			return true;
		if (c == 'e' || c == 'E') {
			s->state = ST_NUM_E;
			return true;
		}
		break;
	case ST_NUM_E:
		if (c == '+' || c == '-') {
			s->state = ST_NUM_ESIGN;
			return true;
		}
		/* fall through */
	case ST_NUM_ESIGN:
		if (!is_digit(c))
			return syntax(s, i, "a digit was expected");
		s->state = ST_NUM_EXP;
		return true;
	case ST_NUM_EXP:
		if (is_digit(c))
			return true;
		break;
	case ST_LIT:
		if (c != s->lit_text[s->lit])
			return syntax(s, i, "true, false or null was expected");
		if (!s->lit_text[++s->lit])
			value_done(s);
		return true;
	case ST_END:
		if (is_ws(c))
			return true;
		return syntax(s, i, "unexpected data after the value");
	default:
		return false;
	}
	/* A byte that is not part of the number ends it. */
	value_done(s);
	*again = true;
	return true;
}

bool logscan_feed(struct logscan *s, const char *data, size_t len)
{
	if (s->state == ST_FAILED)
		return false;
	size_t i = 0;
	while (i < len) {
		if (s->state == ST_STRING) {
			const char *q = string_span(data + i, data + len);
			size_t n = (size_t)(q - (data + i));
			if (n) {
				flush_high(s);
				emit(s, data + i, n);
				i += n;
			}
			if (i == len)
				break;
			if (data[i] == '\\')
				s->state = ST_ESC;
			else if (data[i] == '"')
				string_end(s);
			else /* json-c ends the answer at a NUL */
				return syntax(s, i, "a NUL byte in a string");
			i++;
			continue;
		}
		bool again;
		if (!s->any && !is_ws(data[i]))
			s->any = true;
		if (!step(s, data, i, &again))
			return false;
		if (!again)
			i++;
	}
	s->off += len;
	return true;
}

bool logscan_finish(struct logscan *s)
{
	if (s->state == ST_FAILED)
		return false;
	if (!s->any)
		return fail(s, LOGSCAN_NOT_JSON, "%s",
			    s->off ? "not JSON: the answer ends early" : "empty answer where JSON was expected");
	if (s->state != ST_END)
		return fail(s, LOGSCAN_NOT_JSON, "not JSON: the answer ends early");
	if (s->other)
		return fail(s, LOGSCAN_NOT_STRING, "logs is not a string");
	return true;
}
