#include <criterion/criterion.h>

#include "../../src/ui/ui_layout.h"

Test(ui_layout, wide_is_side_by_side)
{
	struct ui_rects r;
	ui_layout(120, 40, ORIENT_AUTO, false, false, 0, &r);
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
	ui_layout(80, 24, ORIENT_AUTO, false, false, 0, &r);
	cr_assert_eq(r.mode, LAYOUT_STACKED);
	cr_assert_eq(r.explain.y, r.transcript.h);
	ui_layout(50, 14, ORIENT_AUTO, false, false, 0, &r);
	cr_assert_eq(r.mode, LAYOUT_SINGLE);
	cr_assert_gt(r.transcript.h, 0);
	cr_assert_eq(r.explain.h, 0);
	ui_layout(50, 14, ORIENT_AUTO, false, true, 0, &r);
	cr_assert_eq(r.transcript.h, 0);
	cr_assert_gt(r.explain.h, 0);
	ui_layout(30, 8, ORIENT_AUTO, false, false, 0, &r);
	cr_assert_eq(r.mode, LAYOUT_TINY);
	cr_assert_eq(r.input_y, 7);
	ui_layout(0, 0, ORIENT_AUTO, false, false, 0, &r);
	cr_assert_eq(r.mode, LAYOUT_TINY);
	cr_assert_eq(r.input_y, -1);
}

Test(ui_layout, pinned_and_zoomed)
{
	struct ui_rects r;
	ui_layout(120, 40, ORIENT_STACKED, false, false, 0, &r);
	cr_assert_eq(r.mode, LAYOUT_STACKED);
	ui_layout(80, 24, ORIENT_SIDE, false, false, 0, &r);
	cr_assert_eq(r.mode, LAYOUT_SIDE);
	ui_layout(120, 40, ORIENT_AUTO, true, true, 0, &r);
	cr_assert_eq(r.transcript.w, 0);
	cr_assert_eq(r.explain.w, 120);
}

Test(ui_layout, step_mode_gives_the_lesson_table_sixty_percent)
{
	struct ui_rects r;
	ui_layout(120, 40, ORIENT_AUTO, false, false, UI_LAYOUT_STEP, &r);
	cr_assert_eq(r.mode, LAYOUT_SIDE);
	cr_assert_eq(r.transcript.w, 48);
	cr_assert_eq(r.explain.x, 49);
	cr_assert_eq(r.explain.w, 71);
	cr_assert_eq(r.status_y, 38);
}

/* --presenter: the explanation two thirds of the width, no status bar
 * (its row goes to the panes), side by side on a zoomed-in terminal. */
Test(ui_layout, presenter_gives_the_explanation_two_thirds)
{
	const unsigned flags[] = {UI_LAYOUT_PRESENTER, UI_LAYOUT_PRESENTER | UI_LAYOUT_STEP};
	for (size_t k = 0; k < 2; k++) {
		struct ui_rects r;
		ui_layout(120, 40, ORIENT_AUTO, false, false, flags[k], &r);
		cr_assert_eq(r.mode, LAYOUT_SIDE);
		cr_assert_eq(r.status_y, -1);
		cr_assert_eq(r.input_y, 39);
		cr_assert_eq(r.msg_y, 38);
		cr_assert_eq(r.explain.h, 38, "the status bar's row is the panes'");
		cr_assert_eq(r.explain.x, r.transcript.w + 1);
		cr_assert_eq(r.explain.x + r.explain.w, 120);
		/* two thirds, give or take the divider */
		cr_assert(r.explain.w * 3 >= 120 * 2 - 3 && r.explain.w * 3 <= 120 * 2 + 3,
			  "explain %d of 120", r.explain.w);
		/* 80 columns (a zoomed terminal) are still side by side */
		ui_layout(80, 24, ORIENT_AUTO, false, false, flags[k], &r);
		cr_assert_eq(r.mode, LAYOUT_SIDE);
		cr_assert(r.explain.w * 3 >= 80 * 2 - 3, "explain %d of 80", r.explain.w);
		/* narrower: stacked, the explanation two thirds of the height */
		ui_layout(70, 30, ORIENT_AUTO, false, false, flags[k], &r);
		cr_assert_eq(r.mode, LAYOUT_STACKED);
		cr_assert_eq(r.transcript.h + r.explain.h, 28);
		cr_assert_geq(r.explain.h * 3, 28 * 2 - 3);
		cr_assert_eq(r.status_y, -1);
	}
}

/* Every size: every box inside the screen, none over the bottom rows. */
Test(ui_layout, every_size_fits)
{
	const unsigned flags[] = {0, UI_LAYOUT_STEP, UI_LAYOUT_PRESENTER,
				  UI_LAYOUT_PRESENTER | UI_LAYOUT_STEP};
	for (int c = 1; c <= 260; c++) {
		for (int rws = 1; rws <= 90; rws++) {
			for (int z = 0; z < 8; z++) {
				struct ui_rects r;
				unsigned fl = flags[z / 2];
				ui_layout(c, rws, ORIENT_AUTO, z & 1, false, fl, &r);
				/* the rows below the panes: input, message, status */
				int below = fl & UI_LAYOUT_PRESENTER ? 1 : 2;
				const struct ui_box *b[2] = {&r.transcript, &r.explain};
				for (int k = 0; k < 2; k++) {
					if (b[k]->h == 0 || b[k]->w == 0)
						continue;
					cr_assert(b[k]->x >= 0 && b[k]->x + b[k]->w <= c, "%dx%d", c, rws);
					cr_assert(b[k]->y >= 0 && b[k]->y + b[k]->h <= rws - below,
						  "%dx%d", c, rws);
				}
				cr_assert(r.input_y < rws);
				cr_assert(r.msg_y < 0 || (r.msg_y < rws - 1 && r.msg_y != r.status_y));
				if (r.mode != LAYOUT_TINY && r.msg_y >= 0)
					cr_assert(r.explain.y + r.explain.h <= r.msg_y &&
						  r.transcript.y + r.transcript.h <= r.msg_y, "%dx%d", c, rws);
			}
		}
	}
}
