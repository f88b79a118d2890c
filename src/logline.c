#include "logline.h"

#include "util.h"

#include <string.h>

static inline bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_word(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

size_t logline_ts_prefix(const char *s, size_t n)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;
	if (n < 21)
		return 0;
	for (i = 0; pat[i]; i++) {
		if (pat[i] == 'd' ? !is_digit(s[i]) : pat[i] == 'T' ? (s[i] != 'T' && s[i] != 't') : s[i] != pat[i])
			return 0;
	}
	if (i < n && s[i] == '.') {
		size_t d = ++i;
		while (i < n && i - d < 9 && is_digit(s[i]))
			i++;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
		i++;
	} else if (i + 6 <= n && (s[i] == '+' || s[i] == '-') && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
		   s[i + 3] == ':' && is_digit(s[i + 4]) && is_digit(s[i + 5])) {
		i += 6;
	} else {
		return 0;
	}
	return i < n && s[i] == ' ' ? i + 1 : 0;
}

size_t logline_ts_pad(const char *s, size_t n, char *out)
{
	if (n < 21 || n > LOGLINE_TS_PADDED_MAX) { /* not a prefix logline_ts_prefix measured */
		size_t k = n < LOGLINE_TS_PADDED_MAX ? n : LOGLINE_TS_PADDED_MAX;
		memcpy(out, s, k);
		return k;
	}
	size_t i = 19, o = 19, digits = 0;
	memcpy(out, s, 19);
	out[o++] = '.';
	if (i < n && s[i] == '.')
		for (i++; i < n && digits < 9 && is_digit(s[i]); i++, digits++)
			out[o++] = s[i];
	for (; digits < 9; digits++)
		out[o++] = '0';
	/* the zone and the space: "Z " or "+hh:mm " */
	size_t rest = n - i < 7 ? n - i : 7;
	memcpy(out + o, s + i, rest);
	return o + rest;
}

/* The literal word at s[i]; its length is known where it is written, so
 * a line costs no strlen per marker (a million lines are flagged while a
 * log downloads). */
#define has_at(s, n, i, word) has_at_len(s, n, i, word, sizeof(word) - 1)
#define word_at(s, n, i, word) word_at_len(s, n, i, word, sizeof(word) - 1)

static inline bool has_at_len(const char *s, size_t n, size_t i, const char *word, size_t w)
{
	return n - i >= w && memcmp(s + i, word, w) == 0;
}

/* A whole word (not part of a longer identifier) at s[i]. */
static inline bool word_at_len(const char *s, size_t n, size_t i, const char *word, size_t w)
{
	return has_at_len(s, n, i, word, w) && (i == 0 || !is_word((unsigned char)s[i - 1])) &&
	       (i + w == n || !is_word((unsigned char)s[i + w]));
}

/* "[ERROR]", "[CRITI]" (VDK pads and cuts level names to five letters),
 * "[error ]", "[FATAL]"… at s[i] == '['. */
static bool level_at(const char *s, size_t n, size_t i)
{
	static const struct {
		const char *name;
		size_t len;
	} levels[] = {{"error", 5}, {"err", 3}, {"critical", 8}, {"criti", 5}, {"crit", 4}, {"fatal", 5}};
	size_t j = i + 1;
	while (j < n && j - i <= 8 && ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z'))
		j++;
	if (j >= n || (s[j] != ']' && s[j] != ' '))
		return false;
	/* Most levels are INFO, WARN, DEBUG: no level of ours starts so. */
	int first = lower((unsigned char)s[i + 1]);
	if (first != 'e' && first != 'c' && first != 'f')
		return false;
	for (size_t k = 0; k < ARRAY_SIZE(levels); k++) {
		size_t w = levels[k].len;
		if (w != j - i - 1)
			continue;
		size_t c = 0;
		while (c < w && lower((unsigned char)s[i + 1 + c]) == levels[k].name[c])
			c++;
		if (c == w)
			return true;
	}
	return false;
}

/* Python's last traceback line: "ValueError: …", "pkg.mod.UserCodeError: …". */
static bool exception_head(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (is_word((unsigned char)s[i]) || s[i] == '.'))
		i++;
	if (i < n && s[i] != ':')
		return false;
	return (i >= 5 && memcmp(s + i - 5, "Error", 5) == 0) || (i >= 9 && memcmp(s + i - 9, "Exception", 9) == 0);
}

bool logline_is_error(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (has_at(s, n, i, "Traceback (most recent call last)") || exception_head(s + i, n - i))
		return true;
	/* Most bytes cannot start a marker: skip them through a table. */
	static const bool starts_marker[256] = {['['] = true, ['E'] = true, ['C'] = true, ['F'] = true};
	const unsigned char *u = (const unsigned char *)s;
	for (; i < n; i++) {
		while (i + 4 <= n && !(starts_marker[u[i]] | starts_marker[u[i + 1]] | starts_marker[u[i + 2]] |
				       starts_marker[u[i + 3]]))
			i += 4;
		if (i >= n)
			break;
		switch (s[i]) {
		case '[':
			if (level_at(s, n, i))
				return true;
			break;
		case 'E':
			if (word_at(s, n, i, "ERROR"))
				return true;
			if (has_at(s, n, i, "Exception:"))
				return true;
			break;
		case 'C':
			if (word_at(s, n, i, "CRITICAL"))
				return true;
			break;
		case 'F':
			if (word_at(s, n, i, "FATAL"))
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

bool logline_has_own_ts(const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd";
	size_t k = sizeof shape - 1;
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';
		if (shape[i] == 'd' ? !digit : (s[i] != shape[i] && !(i == 10 && s[i] == 'T')))
			return false;
	}
	return true;
}
