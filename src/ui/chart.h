/* The duration chart of a job's last runs: one bar per execution, oldest
 * on the left, height = duration relative to the longest, colour and a
 * glyph row below the bars = status.
 *
 * The level arithmetic is pure (unit-tested); chart_draw puts it into a
 * curses window. Block characters ▁▂▃▄▅▆▇█ in UTF-8, ".:|#" otherwise. */
#ifndef VDKTOP_CHART_H
#define VDKTOP_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

#include "model.h"

struct chart_bar {
	long long seconds; /* < 0: unknown, drawn as nothing */
	enum exec_status status;
};

/* Sub-steps per character cell: 8 with block characters, 4 in ASCII. */
int chart_steps(bool unicode);
/* Fill of a bar of value v in a chart of rows cells, in sub-steps. Any
 * positive value gets at least one step, so a 2-second run among hour-long
 * ones is still visible. */
int chart_level(long long v, long long max, int rows, int steps);
/* The character of cell row (0 = bottom) of a bar filled to level: a
 * static string, " " when empty. */
const char *chart_cell(int level, int row, bool unicode);
/* Columns one bar takes for n bars in width: 2 (bar and gap) when that
 * fits, else 1; the number of bars shown is then min(n, width / stride). */
int chart_stride(size_t n, int width);
/* Draws the newest bars that fit (bars[] oldest first) into height rows
 * by width columns at y,x; the last row holds the status glyphs when
 * height >= 3. */
void chart_draw(WINDOW *win, int y, int x, int height, int width, const struct chart_bar *bars, size_t n,
		bool unicode);

#endif
