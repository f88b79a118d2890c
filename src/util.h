/* Small allocation and string helpers shared by every module.
 *
 * The x* allocators abort on out-of-memory: a dashboard that cannot
 * allocate a few bytes has no useful way to continue, and checking every
 * call site would bury the real logic. */
#ifndef VDKTOP_UTIL_H
#define VDKTOP_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define UNUSED __attribute__((unused))
#else
#define PRINTF_LIKE(f, a)
#define UNUSED
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Called once before an allocation failure aborts: gives the terminal
 * back (set by the screen while curses has it; NULL for none). */
void util_set_fatal_hook(void (*fn)(void));

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Arrays of n elements of size bytes, where n may come from outside:
 * n * size is checked, and an overflow aborts like an allocation that
 * failed instead of wrapping to a short buffer. n = 0 gives a minimal
 * allocation, never NULL. */
void *xreallocarray(void *p, size_t n, size_t size);
/* Zeroed; calloc checks the product itself, this only names the intent. */
void *xcallocarray(size_t n, size_t size);
/* n * size, or false when it does not fit a size_t. */
bool size_mul(size_t n, size_t size, size_t *out);
/* NULL in, NULL out. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
char *xvasprintf(const char *fmt, va_list ap) PRINTF_LIKE(1, 0);

/* Growable byte string; always NUL-terminated once anything was added. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_append(struct strbuf *sb, const void *data, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
void strbuf_reset(struct strbuf *sb);
/* Hands the buffer to the caller (never NULL) and resets sb. */
char *strbuf_steal(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

/* A list of owned strings. */
struct strlist {
	char **v;
	size_t n;
};

void strlist_push(struct strlist *l, const char *s);
void strlist_clear(struct strlist *l);
/* Joins with sep into a new string ("" for an empty list). */
char *strlist_join(const struct strlist *l, const char *sep);

bool str_empty(const char *s);
bool str_eq(const char *a, const char *b); /* NULL-safe */
bool str_starts_with(const char *s, const char *prefix);
/* Case-insensitive substring search, ASCII folding; NULL-safe. */
bool str_contains_ci(const char *haystack, const char *needle);

/* UTF-8, independent of the locale: server text, config files and typed
 * keys are UTF-8 whatever LANG says. */
/* Decodes the sequence at s (n > 0 bytes left): returns its length and
 * the code point in *cp, or 1 with *cp = -1 for a malformed, overlong,
 * surrogate or out-of-range sequence, so that any input advances. */
size_t utf8_next(const unsigned char *s, size_t n, long *cp);
/* Encodes a valid code point (at most U+10FFFF, no surrogate) into out;
 * returns its length, 1 to 4. */
size_t utf8_encode(long cp, char out[4]);
/* The offset where the character before off starts in valid UTF-8 text
 * (0 at the start). */
size_t utf8_prev(const char *s, size_t off);
/* The value of one hexadecimal digit (either case), -1 for any other byte. */
int hex_digit(char c);

/* $HOME, else the password database's home, else "/". Owned. */
char *home_dir(void);

/* Monotonic clock in milliseconds, for timers and traces. */
long long now_ms(void);

#endif
