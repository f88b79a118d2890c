/* A wrapped detail block: label, then the text in full. */
#include "ui/detail.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "ui/chrome.h"
#include "util.h"

int detail_draw(WINDOW *w, int y, int max, int cols, const char *label, const char *text, enum theme_element el)
{
	if (max < 2 || cols < 4)
		return 0;
	char *head = sanitize_str(label ? label : "");
	chrome_put_at(w, y, 0, cols, EL_LABEL, head);
	free(head);
	char *clean = sanitize_str(text ? text : "");
	size_t len = strlen(clean), starts[DETAIL_MAX + 1];
	int width = cols - 2;
	size_t rows = len ? sanitize_wrap(clean, len, (size_t)width, starts, DETAIL_MAX) : 0;
	size_t shown = rows < (size_t)(max - 1) ? rows : (size_t)(max - 1);
	if (shown > DETAIL_MAX)
		shown = DETAIL_MAX;
	for (size_t i = 0; i < shown; i++) {
		size_t end = i + 1 < rows && i + 1 < DETAIL_MAX ? starts[i + 1] : len;
		size_t from = starts[i];
		/* a row after a break starts at its word, not at the blank */
		while (i > 0 && from < end && clean[from] == ' ')
			from++;
		char *part = xstrndup(clean + from, end - from);
		bool cut = i + 1 == shown && shown < rows;
		char *line = cut ? xasprintf("%s\u2026", part) : xstrdup(part);
		chrome_put_at(w, y + 1 + (int)i, 2, width, el, line);
		free(line);
		free(part);
	}
	free(clean);
	wattrset(w, theme_attr(EL_NORMAL));
	return 1 + (int)shown;
}
