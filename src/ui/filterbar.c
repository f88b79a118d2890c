#include "ui/filterbar.h"

#include <stdlib.h>
#include <string.h>

#include "ui/cell.h"
#include "ui/keys.h"
#include "ui/theme.h"
#include "ui/view.h"
#include "util.h"

enum filterbar_edit filterbar_edit_key(struct lineedit *text, int key, bool is_char)
{
	/* function keys come wrapped in KEY_FN or as raw curses codes */
	bool fn = KEY_IS_FN(key) || !is_char;
	int k = fn ? key & ~0x1000000 : key;
	if ((fn && k == KEY_ENTER) || (!fn && (k == '\n' || k == '\r')))
		return FILTERBAR_DONE;
	if (!fn && k == 0x1b)
		return FILTERBAR_CANCEL;
	size_t len = text->len, cursor = text->cursor;
	char *before = xstrndup(text->buf ? text->buf : "", len);
	bool taken = lineedit_handle_key(text, k, !fn);
	bool changed = text->len != len || memcmp(before, text->buf, len) != 0;
	free(before);
	if (changed)
		return FILTERBAR_CHANGED;
	if (text->cursor != cursor)
		return FILTERBAR_MOVED;
	/* Every character belongs to the prompt (q is text, a control the
	 * editor refuses is dropped); only keys like Up or PgDn move the list. */
	return taken || !fn ? FILTERBAR_IGNORED : FILTERBAR_UNHANDLED;
}

int filterbar_key(struct lineedit *text, int key, bool is_char, const struct filterbar_ops *ops, void *ctx)
{
	switch (filterbar_edit_key(text, key, is_char)) {
	case FILTERBAR_CHANGED:
		return ops->changed(ctx);
	case FILTERBAR_DONE:
		ops->stop(ctx);
		return R_REDRAW | R_LAYOUT;
	case FILTERBAR_MOVED:
		return R_REDRAW;
	case FILTERBAR_CANCEL: {
		lineedit_set(text, NULL);
		int bits = ops->changed(ctx);
		ops->stop(ctx);
		return bits;
	}
	case FILTERBAR_IGNORED:
		return R_NONE;
	case FILTERBAR_UNHANDLED:
	default:
		return R_UNHANDLED;
	}
}

void filterbar_draw(WINDOW *win, int y, int width, const struct lineedit *text, bool editing, bool unicode)
{
	filterbar_draw_fields(win, y, width, NULL, text, editing, unicode);
}

void filterbar_draw_fields(WINDOW *win, int y, int width, const char *fields, const struct lineedit *le,
			      bool editing, bool unicode)
{
	const char *text = le && le->buf ? le->buf : "";
	char *label = fields ? xasprintf("filter (%s): ", fields) : xstrdup("");
	char *line = xasprintf("%s/%s", label, text);
	struct strbuf sb = STRBUF_INIT;
	cell_fit(line, width, CELL_LEFT, unicode, &sb);
	wattrset(win, theme_attr(editing ? EL_INPUT : EL_DIM));
	mvwaddstr(win, y, 0, sb.buf ? sb.buf : "");
	wattrset(win, theme_attr(EL_NORMAL));
	strbuf_free(&sb);
	free(line);
	if (editing) {
		/* the terminal cursor where the editor's is, not after the text */
		char *head = xstrndup(text, le && le->cursor <= le->len ? le->cursor : strlen(text));
		int x = cell_width(label, unicode) + 1 + cell_width(head, unicode);
		free(head);
		wmove(win, y, x < width ? x : width - 1);
	}
	free(label);
}
