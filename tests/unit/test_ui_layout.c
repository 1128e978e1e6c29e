#include <criterion/criterion.h>

#include "../../src/ui/ui_layout.h"

Test(ui_layout, wide_is_side_by_side)
{
	struct ui_rects r;
	ui_layout(120, 40, ORIENT_AUTO, false, false, &r);
	cr_assert_eq(r.mode, LAYOUT_SIDE);
	cr_assert_eq(r.transcript.h, 37);
	cr_assert_eq(r.explain.x, r.transcript.w + 1);
	cr_assert_eq(r.msg_y, 37);
	cr_assert_eq(r.status_y, 38);
	cr_assert_eq(r.input_y, 39);
}

Test(ui_layout, narrow_is_stacked_small_is_single_tiny_is_notice)
{
	struct ui_rects r;
	ui_layout(80, 24, ORIENT_AUTO, false, false, &r);
	cr_assert_eq(r.mode, LAYOUT_STACKED);
	cr_assert_eq(r.explain.y, r.transcript.h);
	ui_layout(50, 14, ORIENT_AUTO, false, false, &r);
	cr_assert_eq(r.mode, LAYOUT_SINGLE);
	cr_assert_gt(r.transcript.h, 0);
	cr_assert_eq(r.explain.h, 0);
	ui_layout(50, 14, ORIENT_AUTO, false, true, &r);
	cr_assert_eq(r.transcript.h, 0);
	cr_assert_gt(r.explain.h, 0);
	ui_layout(30, 8, ORIENT_AUTO, false, false, &r);
	cr_assert_eq(r.mode, LAYOUT_TINY);
	cr_assert_eq(r.input_y, 7);
	ui_layout(0, 0, ORIENT_AUTO, false, false, &r);
	cr_assert_eq(r.mode, LAYOUT_TINY);
	cr_assert_eq(r.input_y, -1);
}

Test(ui_layout, pinned_and_zoomed)
{
	struct ui_rects r;
	ui_layout(120, 40, ORIENT_STACKED, false, false, &r);
	cr_assert_eq(r.mode, LAYOUT_STACKED);
	ui_layout(80, 24, ORIENT_SIDE, false, false, &r);
	cr_assert_eq(r.mode, LAYOUT_SIDE);
	ui_layout(120, 40, ORIENT_AUTO, true, true, &r);
	cr_assert_eq(r.transcript.w, 0);
	cr_assert_eq(r.explain.w, 120);
}

/* Every size: every box inside the screen, none over the bottom rows. */
Test(ui_layout, every_size_fits)
{
	for (int c = 1; c <= 260; c++) {
		for (int rws = 1; rws <= 90; rws++) {
			for (int z = 0; z < 2; z++) {
				struct ui_rects r;
				ui_layout(c, rws, ORIENT_AUTO, z, false, &r);
				const struct ui_box *b[2] = {&r.transcript, &r.explain};
				for (int k = 0; k < 2; k++) {
					if (b[k]->h == 0 || b[k]->w == 0)
						continue;
					cr_assert(b[k]->x >= 0 && b[k]->x + b[k]->w <= c, "%dx%d", c, rws);
					cr_assert(b[k]->y >= 0 && b[k]->y + b[k]->h <= rws - 2,
						  "%dx%d", c, rws);
				}
				cr_assert(r.input_y < rws);
			}
		}
	}
}
