/* Force-included by tests/lint/run.sh into every file clang-tidy checks
 * (except src/util.c, which defines these helpers). The static analyzer
 * sees one file at a time, so it cannot know that str_empty(s) being
 * false means s is not NULL, and reports a NULL dereference after every
 * `if (!str_empty(s)) use(s)`. These macros give it the helpers' exact
 * meaning (same body as src/util.c, as an inline function so arguments
 * are evaluated once); util.h is included first, so its prototypes stay
 * untouched. */
#ifndef VDKTOP_LINT_ANALYZER_MODELS_H
#define VDKTOP_LINT_ANALYZER_MODELS_H
#include "util.h"
static inline bool lint_model_str_empty(const char *s)
{
	return !s || !*s;
}
#define str_empty lint_model_str_empty
#endif
