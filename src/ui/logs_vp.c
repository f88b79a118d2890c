/* Viewport arithmetic for the logs view; see logs_vp.h. */
#include "ui/logs_vp.h"

static size_t height_of(const struct logs_vp_src *s)
{
	return s->height ? s->height : 1;
}

static size_t rows_of(const struct logs_vp_src *s, size_t i)
{
	if (!s->rows)
		return 1;
	size_t r = s->rows(s->ctx, i);
	return r ? r : 1;
}

void logs_vp_init(struct logs_vp *vp, bool follow)
{
	vp->seq = 0;
	vp->row = 0;
	vp->follow = follow;
}

size_t logs_vp_index(const struct logs_vp *vp, const struct logs_vp_src *s)
{
	if (!s->count || vp->seq < s->first_seq)
		return 0;
	uint64_t i = vp->seq - s->first_seq;
	return i >= s->count ? s->count - 1 : (size_t)i;
}

void logs_vp_bottom(const struct logs_vp_src *s, size_t *index, size_t *row)
{
	size_t h = height_of(s), sum = 0;
	*index = 0;
	*row = 0;
	for (size_t i = s->count; i > 0; i--) {
		size_t r = rows_of(s, i - 1);
		if (sum + r >= h) {
			*index = i - 1;
			*row = sum + r - h;
			return;
		}
		sum += r;
	}
}

static bool after(size_t i1, size_t r1, size_t i2, size_t r2)
{
	return i1 > i2 || (i1 == i2 && r1 > r2);
}

static void set_pos(struct logs_vp *vp, const struct logs_vp_src *s, size_t index, size_t row)
{
	vp->seq = s->first_seq + index;
	vp->row = row;
}

bool logs_vp_at_bottom(const struct logs_vp *vp, const struct logs_vp_src *s)
{
	size_t bi, br;
	logs_vp_bottom(s, &bi, &br);
	size_t i = logs_vp_index(vp, s);
	size_t row = vp->seq < s->first_seq ? 0 : vp->row;
	return !after(bi, br, i, row);
}

void logs_vp_sync(struct logs_vp *vp, const struct logs_vp_src *s)
{
	size_t bi, br;
	logs_vp_bottom(s, &bi, &br);
	if (vp->follow || !s->count) {
		set_pos(vp, s, bi, br);
		return;
	}
	size_t i = logs_vp_index(vp, s);
	size_t row = vp->seq < s->first_seq ? 0 : vp->row;
	size_t r = rows_of(s, i);
	if (row >= r)
		row = r - 1;
	if (after(i, row, bi, br)) {
		i = bi;
		row = br;
	}
	set_pos(vp, s, i, row);
}

/* Moves (i, row) up by n rows, stopping at the first row of the log. */
static void walk_up(const struct logs_vp_src *s, size_t *pi, size_t *prow, size_t n)
{
	size_t i = *pi, row = *prow;
	while (n > 0) {
		if (row >= n) {
			row -= n;
			break;
		}
		n -= row;
		row = 0;
		if (i == 0)
			break;
		i--;
		row = rows_of(s, i) - 1;
		n--;
	}
	*pi = i;
	*prow = row;
}

bool logs_vp_scroll(struct logs_vp *vp, const struct logs_vp_src *s, long delta)
{
	if (delta < 0)
		vp->follow = false;
	logs_vp_sync(vp, s);
	if (!s->count || delta == 0)
		return false;
	size_t i = logs_vp_index(vp, s), row = vp->row;
	size_t oi = i, orow = row;
	if (delta > 0) {
		size_t bi, br;
		logs_vp_bottom(s, &bi, &br);
		size_t n = (size_t)delta;
		/* Stepping line by line stops at the bottom, so a huge delta
		 * costs no more than the distance to the end. */
		while (n > 0 && after(bi, br, i, row)) {
			size_t left = rows_of(s, i) - row; /* rows of i from row on */
			if (n < left && (i < bi || row + n <= br)) {
				row += n;
				n = 0;
			} else if (i == bi) {
				row = br;
				n = 0;
			} else {
				n -= left < n ? left : n;
				i++;
				row = 0;
			}
		}
	} else {
		walk_up(s, &i, &row, (size_t)(-(delta + 1)) + 1);
	}
	set_pos(vp, s, i, row);
	return i != oi || row != orow;
}

bool logs_vp_home(struct logs_vp *vp, const struct logs_vp_src *s)
{
	bool changed = vp->follow || logs_vp_index(vp, s) != 0 || vp->row != 0 || vp->seq != s->first_seq;
	vp->follow = false;
	set_pos(vp, s, 0, 0);
	return changed;
}

bool logs_vp_end(struct logs_vp *vp, const struct logs_vp_src *s)
{
	uint64_t seq = vp->seq;
	size_t row = vp->row;
	bool was = vp->follow;
	vp->follow = true;
	logs_vp_sync(vp, s);
	return !was || seq != vp->seq || row != vp->row;
}

long logs_vp_row_of(const struct logs_vp *vp, const struct logs_vp_src *s, size_t index)
{
	if (index >= s->count)
		return -1;
	size_t i = logs_vp_index(vp, s), h = height_of(s);
	size_t row = vp->seq < s->first_seq ? 0 : vp->row;
	if (index < i || (index == i && row > 0))
		return -1;
	size_t y = 0;
	if (index > i) {
		y = rows_of(s, i) - row;
		for (size_t k = i + 1; k < index && y < h; k++)
			y += rows_of(s, k);
	}
	return y < h ? (long)y : -1;
}

bool logs_vp_visible(const struct logs_vp *vp, const struct logs_vp_src *s, size_t index)
{
	return logs_vp_row_of(vp, s, index) >= 0;
}

bool logs_vp_show(struct logs_vp *vp, const struct logs_vp_src *s, size_t index, size_t at_row)
{
	vp->follow = false;
	logs_vp_sync(vp, s);
	if (index >= s->count || logs_vp_visible(vp, s, index))
		return false;
	uint64_t old_seq = vp->seq;
	size_t old_row = vp->row;
	size_t h = height_of(s), i = index, row = 0;
	walk_up(s, &i, &row, at_row >= h ? h - 1 : at_row);
	set_pos(vp, s, i, row);
	logs_vp_sync(vp, s);
	return old_seq != vp->seq || old_row != vp->row;
}
