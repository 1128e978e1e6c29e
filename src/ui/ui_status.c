/* The status bar: mode, peer, TLS, auth, session state, focus, position
 * and key hints, left to right in order of importance, so a narrow
 * terminal cuts the least important ones. */
#include <curses.h>
#include <stdio.h>

#include "smtpdbg/stepper.h"
#include "ui.h"
#include "ui_colors.h"

static void fill(int y, const char *bar)
{
	int cols = COLS;
	attr_t a = ui_attr(THEME_STATUS);
	move(y, 0);
	attrset(a);
	for (int k = 0; k < cols; k++)
		addch(' ');
	attrset(A_NORMAL);
	ui_put(y, 0, cols, bar, a);
}

/* STEP n/m first: what a presenter glances at. */
static void draw_step_status(struct ui *u)
{
	static const char *focus_names[] = {"NAV", "NAV", "INPUT"};
	bool lesson = stepper_kind(u->step) == STEPPER_LESSON;
	char bar[1024];
	snprintf(bar, sizeof bar,
		 " %s | step %zu/%zu | %s | %s | %s | Space/PgDn: next  Backspace/PgUp: back%s | ?:help q:quit :save ",
		 lesson ? "STEP" : "REPLAY", stepper_step(u->step), stepper_steps(u->step),
		 stepper_title(u->step), focus_names[u->focus],
		 u->reveal ? "SECRETS SHOWN" : "secrets masked", lesson ? "  i: type" : "");
	fill(u->r.status_y, bar);
}

void ui_draw_status(struct ui *u)
{
	if (u->r.status_y < 0)
		return;
	if (u->step) {
		draw_step_status(u);
		return;
	}
	struct session_status st;
	session_status(u->s, &st);
	const struct transcript *t = session_transcript(u->s);
	static const char *focus_names[] = {"NAV", "NAV", "INPUT"};
	char bar[1024], search[96] = "";
	if (u->search)
		snprintf(search, sizeof search, " [/%.80s]", u->search);
	snprintf(bar, sizeof bar, " %s | %s | %s%s%s | %s%sstate %s | %s | %zu/%zu%s | %s | ?:help q:quit :cmd ",
		 st.connected ? "LIVE" : "OFFLINE", st.peer, st.link, *st.tls ? " " : "", st.tls,
		 st.auth, *st.auth ? " | " : "", st.state, focus_names[u->focus],
		 t->n ? u->cur + 1 : 0, t->n, search,
		 u->reveal ? "SECRETS SHOWN" : "secrets masked");
	int cols = COLS;
	attr_t a = ui_attr(THEME_STATUS);
	move(u->r.status_y, 0);
	attrset(a);
	for (int k = 0; k < cols; k++)
		addch(' ');
	attrset(A_NORMAL);
	ui_put(u->r.status_y, 0, cols, bar, a);
}
