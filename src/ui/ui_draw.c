/* One frame: lay out, draw every part into curses' buffer, then one
 * refresh, called once per loop iteration before poll() sleeps. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/serve_watch.h"
#include "smtpdbg/stepper.h"
#include "ui.h"
#include "ui_colors.h"
#include "ui_watch.h"

static void draw_tiny(void)
{
	char m[256];
	snprintf(m, sizeof m, _("Terminal too small: need %dx%d, have %dx%d"), UI_TINY_COLS,
		 UI_TINY_ROWS, COLS, LINES);
	char **lines;
	size_t n = ui_wrap(m, COLS, &lines);
	int y0 = (LINES - 1 - (int)n) / 2;
	for (size_t i = 0; i < n; i++)
		ui_put(y0 < 0 ? (int)i : y0 + (int)i, 0, COLS, lines[i], ui_attr(THEME_WARNING));
	ui_wrap_free(lines, n);
}

/* --presenter has no status bar: what a presenter glances at (the step,
 * and that secrets are on screen) stands at the message line's right end.
 * Returns the columns it took. */
static int draw_presenter_facts(struct ui *u)
{
	if (!u->presenter || u->r.msg_y < 0)
		return 0;
	char facts[160] = "";
	size_t n = 0;
	if (u->reveal)
		n += (size_t)snprintf(facts + n, sizeof facts - n, " %s ", _("SECRETS SHOWN"));
	if (u->step && n < sizeof facts)
		snprintf(facts + n, sizeof facts - n, _(" step %zu/%zu "), stepper_step(u->step),
			 stepper_steps(u->step));
	int w = ui_width(facts);
	if (!w || w >= COLS)
		return 0;
	ui_put(u->r.msg_y, COLS - w, w, facts, ui_attr(u->reveal ? THEME_WARNING : THEME_STATUS_MODE));
	return w + 1;
}

static void draw_message(struct ui *u)
{
	if (u->r.msg_y < 0)
		return;
	move(u->r.msg_y, 0);
	clrtoeol();
	int facts = draw_presenter_facts(u);
	const char *label;
	enum session_prompt p = u->s ? session_prompt(u->s, &label) : SESSION_PROMPT_SMTP;
	if (!u->msg[0])
		return;
	attr_t a = ui_attr(u->ask != ASK_NONE || p == SESSION_PROMPT_CONFIRM ? THEME_WARNING
									      : THEME_INFO);
	/* A long message is wrapped upwards over the panes' last rows, up to
	 * MSG_ROWS of them, rather than cut at the edge; past that it ends in
	 * the cut marker. */
	enum { MSG_ROWS = 4 };
	char **lines;
	int width = COLS - facts; /* the presenter's facts keep the right end */
	size_t n = ui_wrap(u->msg, width, &lines);
	size_t rows = n < MSG_ROWS ? n : MSG_ROWS;
	if ((int)rows > u->r.msg_y + 1)
		rows = (size_t)u->r.msg_y + 1;
	int y0 = u->r.msg_y - (int)rows + 1;
	for (size_t i = 0; i < rows; i++) {
		if (y0 + (int)i != u->r.msg_y) { /* the message row is cleared, its facts drawn */
			move(y0 + (int)i, 0);
			clrtoeol();
		}
		bool cut = i + 1 == rows && rows < n;
		ui_put(y0 + (int)i, 0, width - cut, lines[i], a);
		if (cut)
			ui_put(y0 + (int)i, width - 1, 1, ui_cut_marker(), a);
	}
	ui_wrap_free(lines, n);
}

void ui_draw(struct ui *u)
{
	char *m = u->s ? session_take_message(u->s) : NULL;
	if (m) {
		ui_message(u, "%s", m);
		free(m);
	}
	if (u->watch)
		ui_watch_sync(u); /* the selected session's panes */
	if (u->step) {
		/* The lesson's prompt; a field does not take the keys from the
		 * step keys (Space types only once i was pressed). */
		enum ui_focus f = u->focus;
		ui_step_sync_prompt(u);
		ui_input_sync_prompt(u);
		u->focus = f;
	} else {
		ui_input_sync_prompt(u);
	}
	/* In STEP and REPLAY mode the lesson table is the main pane. */
	unsigned flags = (u->step ? UI_LAYOUT_STEP : 0) | (u->presenter ? UI_LAYOUT_PRESENTER : 0);
	if (u->watch)
		ui_watch_layout(COLS, LINES, serve_watch_count(u->watch), u->focus == FOCUS_LIST,
				u->focus == FOCUS_EXPLAIN, u->zoom, u->pinned, flags, &u->r, &u->list);
	else
		ui_layout(COLS, LINES, u->pinned, u->zoom, u->focus == FOCUS_EXPLAIN, flags, &u->r);
	/* One pane at a time: the input keeps the transcript in view. */
	ui_clamp(u);
	u->cursor_y = u->r.input_y, u->cursor_x = 0;
	erase();
	if (u->help) {
		ui_draw_help(u);
	} else if (u->r.mode == LAYOUT_TINY) {
		draw_tiny();
		ui_input_draw(u);
	} else if (u->step) {
		ui_draw_step_lines(u);
		if (u->r.mode == LAYOUT_SIDE && u->r.explain.w > 0 && u->r.transcript.w > 0)
			for (int y = u->r.transcript.y; y < u->r.transcript.y + u->r.transcript.h; y++)
				mvaddch(y, u->r.transcript.w, '|');
		ui_draw_step_table(u);
		draw_message(u);
		ui_draw_status(u);
		ui_input_draw(u);
	} else {
		if (u->watch)
			ui_watch_draw_list(u);
		ui_draw_transcript(u);
		if (u->r.mode == LAYOUT_SIDE && u->r.explain.w > 0 && u->r.transcript.w > 0)
			for (int y = u->r.transcript.y; y < u->r.transcript.y + u->r.transcript.h; y++)
				mvaddch(y, u->r.transcript.w, '|');
		ui_draw_explain(u);
		draw_message(u);
		ui_draw_status(u);
		if (u->watch && u->focus != FOCUS_INPUT)
			ui_watch_draw_hint(u);
		else
			ui_input_draw(u);
	}
	if (u->cursor_y >= 0 && u->cursor_y < LINES && u->cursor_x >= 0 && u->cursor_x < COLS)
		move(u->cursor_y, u->cursor_x);
	refresh();
}
