/* The status bar: mode, peer, TLS, auth, session state, focus, position
 * and key hints, left to right in order of importance, so a narrow
 * terminal cuts the least important ones. */
#include <curses.h>
#include <stdio.h>

#include "ui.h"
#include "ui_colors.h"

void ui_draw_status(struct ui *u)
{
	if (u->r.status_y < 0)
		return;
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
