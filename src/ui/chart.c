#include "ui/chart.h"

#include "ui/rowfmt.h"
#include "ui/theme.h"

static const char *const blocks[9] = {
	" ", "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588",
};
static const char *const ascii[5] = {" ", ".", ":", "|", "#"};

int chart_steps(bool unicode)
{
	return unicode ? 8 : 4;
}

int chart_level(long long v, long long max, int rows, int steps)
{
	if (v <= 0 || max <= 0 || rows <= 0 || steps <= 0)
		return 0;
	if (v > max)
		v = max;
	/* in double: durations come from the server and may be huge */
	long long lv = (long long)((double)v / (double)max * rows * steps + 0.5);
	if (lv < 1)
		lv = 1;
	return (int)lv;
}

const char *chart_cell(int level, int row, bool unicode)
{
	int steps = chart_steps(unicode);
	int in = level - row * steps;
	if (in <= 0)
		return " ";
	if (in > steps)
		in = steps;
	return unicode ? blocks[in] : ascii[in];
}

int chart_stride(size_t n, int width)
{
	if (width <= 0)
		return 0;
	return (long)n * 2 <= width ? 2 : 1;
}

void chart_draw(WINDOW *win, int y, int x, int height, int width, const struct chart_bar *bars, size_t n,
		bool unicode)
{
	if (height <= 0 || width <= 0 || n == 0)
		return;
	int stride = chart_stride(n, width);
	size_t fit = (size_t)(width / stride);
	size_t first = n > fit ? n - fit : 0;
	bool glyphs = height >= 3;
	int rows = glyphs ? height - 1 : height;
	long long max = 0;
	for (size_t i = first; i < n; i++)
		if (bars[i].seconds > max)
			max = bars[i].seconds;
	int steps = chart_steps(unicode);
	for (size_t i = first; i < n; i++) {
		int col = x + (int)(i - first) * stride;
		int level = chart_level(bars[i].seconds, max, rows, steps);
		int attr = theme_attr(rowfmt_status_el(bars[i].status));
		wattrset(win, attr);
		for (int r = 0; r < rows; r++)
			mvwaddstr(win, y + rows - 1 - r, col, chart_cell(level, r, unicode));
		if (glyphs)
			mvwaddstr(win, y + rows, col, rowfmt_status_glyph(bars[i].status, unicode));
	}
	wattrset(win, theme_attr(EL_NORMAL));
}
