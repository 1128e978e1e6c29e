/* serve --watch: the TUI drawn on the server's loop, so the sessions go on
 * being served between frames (the UI is one more user of the loop, as in
 * a live session: the keyboard, signals, a hook before poll sleeps). */
#include <stdlib.h>

#include "smtpdbg/i18n.h"
#include "smtpdbg/serve_watch.h"
#include "smtpdbg/tui_watch.h"
#include "ui.h"

int tui_watch(struct loop *l, struct serve_watch *w, const struct tui_watch_opts *o)
{
	struct ui u;
	ui_prepare(&u, o->theme, o->no_color, o->reveal);
	u.loop = l;
	u.watch = w;
	u.focus = FOCUS_LIST;
	u.watch_follow = true;
	u.watch_proxy = o->proxy;
	if (!ui_open(&u))
		return -1;
	if (o->proxy && u.reveal)
		ui_message(&u, "%s", _("SECRETS SHOWN (--show-secrets): the mail program's password is "
				       "on the screen (S masks it)"));
	else if (o->proxy)
		ui_message(&u, _("Watching the proxy: mail programs connect to %s; passwords are "
				 "masked (S shows them; ? for help)"),
			   o->listen ? o->listen : "");
	else if (u.reveal)
		ui_message(&u, _("SECRETS SHOWN (--show-secrets): every student's password is on the "
				 "screen; on a projector the whole class can read them (S masks them)"));
	else
		ui_message(&u, _("Watching: students connect to %s; passwords are masked (S shows "
				 "them, but not on a projector; ? for help)"),
			   o->listen ? o->listen : "");
	loop_run(l);
	ui_close(&u);
	return 0;
}
