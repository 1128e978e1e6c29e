/* serve --watch in the TUI: the session list above the live session's
 * panes, which draw the selected session. */
#ifndef SMTPDBG_UI_WATCH_H
#define SMTPDBG_UI_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "ui_layout.h"

/* Draw at most this often while students type (a key or a resize draws
 * at once): the server keeps serving however busy the class is. */
#define UI_WATCH_FRAME_MS 40

/* ui_watch_layout.c (pure): the list above the panes, sessions + 2 rows
 * (its title and column heads), at least 3 and at most a third of the screen; the panes
 * below are laid out as usual (ui_layout). Where there is no room for the
 * list and two panes, one pane is shown at a time: the list while it has
 * focus (list_focused), as with zoom. *list has h 0 when not shown. */
void ui_watch_layout(int cols, int rows, size_t sessions, bool list_focused,
		     bool explain_focused, bool zoom, enum ui_orient pinned, unsigned flags,
		     struct ui_rects *out, struct ui_box *list);

struct ui;
struct buf;

/* ui_watch.c */
/* Point the panes at the selected session (the newest while following). */
void ui_watch_sync(struct ui *u);
void ui_watch_draw_list(struct ui *u);
void ui_watch_draw_status(struct ui *u, const char *focus);
/* The input row while nobody types: what the keys do here. */
void ui_watch_draw_hint(struct ui *u);
/* A key the watch handles itself (the list, focus, S, keys that would
 * type at a student's prompt); false for the rest. */
bool ui_watch_key(struct ui *u, int key);
void ui_watch_quit(struct ui *u, bool ask);
/* The keys of the list for the help, from the one key table. */
void ui_watch_help(struct buf *b);
/* Before poll() sleeps: 0 to draw now, else how long to wait for it. */
int ui_watch_frame_due(struct ui *u);

#endif
