/* Pane geometry (see ui_layout.h). */
#include "ui_layout.h"

#include <string.h>

/* The explanation's share of the width side by side (percent): the
 * transcript leads a live session, the lesson table leads STEP mode, and a
 * presenter's class reads the explanation from the back of the room. */
static int explain_share(unsigned flags)
{
	if (flags & UI_LAYOUT_PRESENTER)
		return 67;
	return flags & UI_LAYOUT_STEP ? 60 : 45;
}

void ui_layout(int cols, int rows, enum ui_orient pinned, bool zoom, bool explain_focused,
	       unsigned flags, struct ui_rects *out)
{
	memset(out, 0, sizeof *out);
	out->msg_y = out->status_y = out->input_y = -1;
	if (cols < 1 || rows < 1) {
		out->mode = LAYOUT_TINY;
		return;
	}
	out->input_y = rows - 1;
	if (cols < UI_TINY_COLS || rows < UI_TINY_ROWS) {
		out->mode = LAYOUT_TINY;
		return;
	}
	bool presenter = flags & UI_LAYOUT_PRESENTER;
	/* A presenter has no status bar: its row goes to the panes, and the
	 * step counter to the message line. */
	int bottom = presenter ? 1 : 2; /* input, status */
	if (!presenter)
		out->status_y = rows - 2;
	/* A message line of its own when there is room; else messages share
	 * the input line while nobody types. */
	if (rows >= UI_SPLIT_MIN_ROWS)
		out->msg_y = rows - bottom - 1;
	int ph = out->msg_y >= 0 ? rows - bottom - 1 : rows - bottom; /* the pane area */
	struct ui_box all = {0, 0, ph, cols};
	bool single = cols < UI_SPLIT_MIN_COLS || rows < UI_SPLIT_MIN_ROWS;
	if (single || zoom) {
		out->mode = single ? LAYOUT_SINGLE : (cols >= UI_SIDE_MIN_COLS ? LAYOUT_SIDE
										 : LAYOUT_STACKED);
		if (explain_focused)
			out->explain = all;
		else
			out->transcript = all;
		if (single)
			out->mode = LAYOUT_SINGLE;
		return;
	}
	int side_from = presenter ? UI_PRESENTER_SIDE_MIN_COLS : UI_SIDE_MIN_COLS;
	bool side = pinned == ORIENT_SIDE || (pinned == ORIENT_AUTO && cols >= side_from);
	int share = explain_share(flags);
	if (side) {
		out->mode = LAYOUT_SIDE;
		int tw = cols * (100 - share) / 100; /* then one column for the divider */
		out->transcript = (struct ui_box){0, 0, ph, tw};
		out->explain = (struct ui_box){0, tw + 1, ph, cols - tw - 1};
	} else {
		out->mode = LAYOUT_STACKED;
		int th = ph * (presenter ? 100 - share : 60) / 100;
		out->transcript = (struct ui_box){0, 0, th, cols};
		out->explain = (struct ui_box){th, 0, ph - th, cols};
	}
}
