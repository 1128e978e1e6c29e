/* The status bar: mode, peer, TLS, auth, session state, focus, position
 * and key hints, left to right in order of importance, so a narrow
 * terminal cuts the least important ones. */
#include <curses.h>
#include <stdio.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/stepper.h"
#include "ui.h"
#include "ui_colors.h"
#include "ui_watch.h"

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

/* Where the keys go: the panes or the input line. */
static const char *const focus_names[] = {N_("NAV"), N_("NAV"), N_("INPUT"), N_("LIST")};

/* STEP n/m first: what a presenter glances at. */
static void draw_step_status(struct ui *u)
{
	bool lesson = stepper_kind(u->step) == STEPPER_LESSON;
	char bar[1024];
	/* TRANSLATORS: the status bar in STEP and REPLAY mode: the mode, the
	 * step, the lesson's title, the focus, the secrets, the key hints. */
	snprintf(bar, sizeof bar,
		 _(" %s | step %zu/%zu | %s | %s | %s | Space/PgDn: next  Backspace/PgUp: back%s | ?:help q:quit :save "),
		 lesson ? _("STEP") : _("REPLAY"), stepper_step(u->step), stepper_steps(u->step),
		 stepper_title(u->step), _(focus_names[u->focus]),
		 u->reveal ? _("SECRETS SHOWN") : _("secrets masked"), lesson ? _("  i: type") : "");
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
	if (u->watch) {
		ui_watch_draw_status(u, _(focus_names[u->focus]));
		return;
	}
	struct session_status st;
	session_status(u->s, &st);
	const struct transcript *t = session_transcript(u->s);
	char bar[1024], search[96] = "";
	if (u->search)
		snprintf(search, sizeof search, " [/%.80s]", u->search);
	/* TRANSLATORS: the status bar of a live session: connected or not, the
	 * peer, the link and TLS, AUTH, the session state, the focus, the line,
	 * the search, the secrets, the key hints. */
	snprintf(bar, sizeof bar, _(" %s | %s | %s%s%s | %s%sstate %s | %s | %zu/%zu%s | %s | ?:help q:quit :cmd "),
		 st.connected ? _("LIVE") : _("OFFLINE"), st.peer, st.link, *st.tls ? " " : "", st.tls,
		 st.auth, *st.auth ? " | " : "", st.state, _(focus_names[u->focus]),
		 t->n ? u->cur + 1 : 0, t->n, search,
		 u->reveal ? _("SECRETS SHOWN") : _("secrets masked"));
	int cols = COLS;
	attr_t a = ui_attr(THEME_STATUS);
	move(u->r.status_y, 0);
	attrset(a);
	for (int k = 0; k < cols; k++)
		addch(' ');
	attrset(A_NORMAL);
	ui_put(u->r.status_y, 0, cols, bar, a);
}
