/* serve --watch's geometry at every size: the list above the panes, never
 * overlapping them, at most a third of the screen; one pane at a time
 * where there is no room, the list's while it has focus. */
#include <criterion/criterion.h>

#include "../../src/ui/ui_watch.h"

static bool inside(const struct ui_box *b, int cols, int rows)
{
	return b->h == 0 || b->w == 0 ||
	       (b->y >= 0 && b->x >= 0 && b->y + b->h <= rows && b->x + b->w <= cols);
}

static bool apart(const struct ui_box *a, const struct ui_box *b)
{
	if (!a->h || !a->w || !b->h || !b->w)
		return true;
	return a->y + a->h <= b->y || b->y + b->h <= a->y || a->x + a->w <= b->x ||
	       b->x + b->w <= a->x;
}

Test(ui_watch_layout, a_classroom_terminal)
{
	struct ui_rects r;
	struct ui_box l;
	ui_watch_layout(150, 45, 4, true, false, false, ORIENT_AUTO, 0, &r, &l);
	cr_assert_eq(l.y, 0);
	cr_assert_eq(l.h, 6, "title, heads, four rows");
	cr_assert_eq(l.w, 150);
	cr_assert_eq(r.mode, LAYOUT_SIDE);
	cr_assert_eq(r.transcript.y, 6);
	cr_assert_eq(r.input_y, 44);
	cr_assert_eq(r.status_y, 43);
	/* Many sessions: a third of the screen, the list scrolls. */
	ui_watch_layout(150, 45, 400, false, false, false, ORIENT_AUTO, 0, &r, &l);
	cr_assert_eq(l.h, 15);
	/* Zoomed or small: one pane, the list's while it has focus. */
	ui_watch_layout(150, 45, 4, true, false, true, ORIENT_AUTO, 0, &r, &l);
	cr_assert_gt(l.h, 20);
	cr_assert_eq(r.transcript.h, 0);
	cr_assert_eq(r.explain.h, 0);
	ui_watch_layout(150, 45, 4, false, true, true, ORIENT_AUTO, 0, &r, &l);
	cr_assert_eq(l.h, 0);
	cr_assert_gt(r.explain.h, 20);
	ui_watch_layout(50, 18, 4, true, false, false, ORIENT_AUTO, 0, &r, &l);
	cr_assert_eq(r.mode, LAYOUT_SINGLE);
	cr_assert_gt(l.h, 0);
}

Test(ui_watch_layout, every_size)
{
	for (int cols = 1; cols <= 220; cols += 3)
		for (int rows = 1; rows <= 70; rows++)
			for (size_t n = 1; n < 40; n += 7)
				for (int f = 0; f < 3; f++)
					for (int zoom = 0; zoom < 2; zoom++) {
						struct ui_rects r;
						struct ui_box l;
						ui_watch_layout(cols, rows, n, f == 0, f == 2, zoom,
								ORIENT_AUTO, 0, &r, &l);
						cr_assert(inside(&l, cols, rows), "%dx%d", cols, rows);
						cr_assert(inside(&r.transcript, cols, rows));
						cr_assert(inside(&r.explain, cols, rows));
						cr_assert(apart(&l, &r.transcript), "%dx%d", cols, rows);
						cr_assert(apart(&l, &r.explain), "%dx%d", cols, rows);
						if (l.h && r.transcript.h)
							cr_assert_leq(l.h, rows / 3);
						cr_assert_lt(r.input_y, rows);
						if (r.mode != LAYOUT_TINY && f == 0)
							cr_assert_gt(l.h, 0, "%dx%d: the list can always be shown", cols, rows);
					}
}
