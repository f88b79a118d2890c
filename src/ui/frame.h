/* The box drawn around every modal window (forms, dialogs). */
#ifndef VDKTOP_UI_FRAME_H
#define VDKTOP_UI_FRAME_H

#include <curses.h>

/* A frame around win in attr with title on its top edge; Unicode lines
 * on UTF-8 terminals, ASCII otherwise. */
void frame_draw(WINDOW *win, int attr, const char *title);

#endif
