/* The modal frame: a widget of its own so that dialogs and forms draw the
 * same box without one depending on the other. */
#include "ui/frame.h"

#include <stdlib.h>

#include "util.h"
#include "ui/chrome.h"
#include "ui/theme.h"

void frame_draw(WINDOW *w, int attr, const char *title)
{
	int H = getmaxy(w), W = getmaxx(w);
	if (H < 2 || W < 2)
		return;
	bool u = theme_unicode();
	const char *h = u ? "\u2500" : "-", *vl = u ? "\u2502" : "|";
	wattrset(w, attr);
	for (int x = 1; x < W - 1; x++) {
		mvwaddstr(w, 0, x, h);
		mvwaddstr(w, H - 1, x, h);
	}
	for (int y = 1; y < H - 1; y++) {
		mvwaddstr(w, y, 0, vl);
		mvwaddstr(w, y, W - 1, vl);
	}
	mvwaddstr(w, 0, 0, u ? "\u250c" : "+");
	mvwaddstr(w, 0, W - 1, u ? "\u2510" : "+");
	mvwaddstr(w, H - 1, 0, u ? "\u2514" : "+");
	/* The bottom-right cell last: writing it may not move the cursor. */
	mvwaddstr(w, H - 1, W - 1, u ? "\u2518" : "+");
	if (title && W > 6) {
		char *t = xasprintf(" %s ", title);
		wattrset(w, attr | A_BOLD);
		wmove(w, 0, 2);
		chrome_put(w, t, W - 4);
		free(t);
	}
}
