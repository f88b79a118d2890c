/* The logs view's viewport: which rows of the log are on screen, and
 * whether the view follows the end of a growing log.
 *
 * The top of the screen is kept as (sequence number of the top line, row
 * within that line), not as a global row number: a wrapped log's total row
 * count would need every line sanitised and wrapped, which a
 * 1,000,000-line log cannot afford per keypress. Every operation here
 * asks only for the rows of the lines it walks over, so its cost grows
 * with the screen height (or the distance scrolled), never with the log.
 *
 * Sequence numbers survive old lines being dropped by the scrollback cap:
 * a top line that was dropped clamps to the first line kept. */
#ifndef VDKTOP_UI_LOGS_VP_H
#define VDKTOP_UI_LOGS_VP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the viewport looks at: the log's lines and the screen's height. */
struct logs_vp_src {
	size_t count;        /* lines in the log */
	uint64_t first_seq;  /* sequence number of line 0 */
	size_t height;       /* body rows on screen (0 is taken as 1) */
	/* Rows line i takes on screen (at least 1; 0 is taken as 1). NULL:
	 * every line is one row (unwrapped). */
	size_t (*rows)(void *ctx, size_t i);
	void *ctx;
};

struct logs_vp {
	uint64_t seq;  /* the top line */
	size_t row;    /* its first row on screen */
	bool follow;   /* stay at the end as lines arrive */
};

/* At the first line, following or not. */
void logs_vp_init(struct logs_vp *vp, bool follow);

/* Index of the top line (clamped into the log; 0 for an empty log). */
size_t logs_vp_index(const struct logs_vp *vp, const struct logs_vp_src *s);

/* The top position that shows the log's last row on the screen's last row
 * (or the first line at the top, when the whole log fits). */
void logs_vp_bottom(const struct logs_vp_src *s, size_t *index, size_t *row);
bool logs_vp_at_bottom(const struct logs_vp *vp, const struct logs_vp_src *s);

/* After the log or the layout changed: a following viewport goes to the
 * bottom; any other is clamped into the log (a dropped top line becomes
 * the first line, a row past its line's end the line's last row, and a
 * position past the bottom the bottom). */
void logs_vp_sync(struct logs_vp *vp, const struct logs_vp_src *s);

/* Scrolls by delta rows (negative: up), stopping at either end. Scrolling
 * up pauses following. Returns whether the top moved. */
bool logs_vp_scroll(struct logs_vp *vp, const struct logs_vp_src *s, long delta);

/* First line, paused. Returns whether anything changed. */
bool logs_vp_home(struct logs_vp *vp, const struct logs_vp_src *s);
/* Bottom, following. Returns whether anything changed. */
bool logs_vp_end(struct logs_vp *vp, const struct logs_vp_src *s);

/* Whether line index's first row is on screen. */
bool logs_vp_visible(const struct logs_vp *vp, const struct logs_vp_src *s, size_t index);

/* Brings line index into view for a jump (search, error): nothing moves
 * when its first row is already on screen; otherwise it is put on the
 * screen's row at_row (context above it stays visible), clamped at the
 * ends. Pauses following. Returns whether the top moved. */
bool logs_vp_show(struct logs_vp *vp, const struct logs_vp_src *s, size_t index, size_t at_row);

/* The screen row where line index starts, or -1 when it is not on it. */
long logs_vp_row_of(const struct logs_vp *vp, const struct logs_vp_src *s, size_t index);

#endif
