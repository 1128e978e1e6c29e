/* serve --watch's geometry: the session list above the usual panes (see
 * ui_watch.h). Pure, so every size is unit-tested. */
#include <string.h>

#include "ui_watch.h"

#define LIST_MIN 3 /* the title, the server's row, one session */

static void shift(struct ui_rects *r, int dy)
{
	r->transcript.y += dy;
	r->explain.y += dy;
	if (r->msg_y >= 0)
		r->msg_y += dy;
	if (r->status_y >= 0)
		r->status_y += dy;
	if (r->input_y >= 0)
		r->input_y += dy;
}

void ui_watch_layout(int cols, int rows, size_t sessions, bool list_focused,
		     bool explain_focused, bool zoom, enum ui_orient pinned, unsigned flags,
		     struct ui_rects *out, struct ui_box *list)
{
	memset(list, 0, sizeof *list);
	/* The title, the heads, a row each. */
	int lh = sessions + 2 < (size_t)rows ? (int)sessions + 2 : rows;
	if (lh < LIST_MIN)
		lh = LIST_MIN;
	if (lh > rows / 3)
		lh = rows / 3;
	if (rows - lh < UI_SPLIT_MIN_ROWS)
		lh = rows - UI_SPLIT_MIN_ROWS;
	bool split = !zoom && lh >= LIST_MIN && cols >= UI_SPLIT_MIN_COLS;
	if (split) {
		ui_layout(cols, rows - lh, pinned, false, explain_focused, flags, out);
		shift(out, lh);
		*list = (struct ui_box){0, 0, lh, cols};
		return;
	}
	/* One pane at a time: the list's is the focused pane's. */
	ui_layout(cols, rows, pinned, zoom, explain_focused && !list_focused, flags, out);
	if (!list_focused || out->mode == LAYOUT_TINY)
		return;
	*list = out->transcript.h ? out->transcript : out->explain;
	memset(&out->transcript, 0, sizeof out->transcript);
	memset(&out->explain, 0, sizeof out->explain);
}
