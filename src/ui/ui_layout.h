/* Where the panes go, from the terminal size alone: side by side when wide,
 * stacked when narrow, one pane when small, a notice when tiny. Pure, so
 * every size (1x1 included) is unit-tested. */
#ifndef SMTPDBG_UI_LAYOUT_H
#define SMTPDBG_UI_LAYOUT_H

#include <stdbool.h>

#define UI_SIDE_MIN_COLS 100 /* side by side from this width */
#define UI_SPLIT_MIN_COLS 60 /* below: one pane at a time */
#define UI_SPLIT_MIN_ROWS 16
#define UI_TINY_COLS 40      /* below either: only a notice */
#define UI_TINY_ROWS 10
/* A presenter's terminal is zoomed in, so it has fewer columns: side by
 * side from this width. */
#define UI_PRESENTER_SIDE_MIN_COLS 80

enum ui_orient { ORIENT_AUTO, ORIENT_SIDE, ORIENT_STACKED };

enum ui_mode { LAYOUT_SIDE, LAYOUT_STACKED, LAYOUT_SINGLE, LAYOUT_TINY };

struct ui_box {
	int y, x, h, w; /* h or w 0: not shown */
};

struct ui_rects {
	enum ui_mode mode;
	struct ui_box transcript, explain; /* with their one-line titles */
	int msg_y, status_y, input_y;      /* -1: not shown */
};

enum {
	UI_LAYOUT_STEP = 1u << 0,      /* STEP and REPLAY mode: the lesson table leads */
	UI_LAYOUT_PRESENTER = 1u << 1, /* --presenter: the explanation gets two thirds,
					* no status bar */
};

/* cols x rows; pinned overrides the orientation; zoom gives the whole
 * pane area to the focused pane (explain_focused says which); flags:
 * UI_LAYOUT_*. */
void ui_layout(int cols, int rows, enum ui_orient pinned, bool zoom, bool explain_focused,
	       unsigned flags, struct ui_rects *out);

#endif
