/* smtpdbg (no arguments), smtpdbg demo and smtpdbg replay on a terminal:
 * the TUI in STEP or REPLAY mode. The stepper is the whole model: no
 * socket; the session has no connection and only holds the prompt the
 * stepper wants (and :b64); the loop only waits for keys and signals. */
#include <signal.h>
#include <stdbool.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/i18n.h"
#include "smtpdbg/startup.h"
#include "smtpdbg/stepper.h"
#include "smtpdbg/teach_cli.h"
#include "smtpdbg/tui.h"
#include "ui.h"

int tui_steps(struct stepper *s, const struct teach_opts *o)
{
	signal(SIGPIPE, SIG_IGN);
	startup_report_to(o->startup_time);
	struct ui u;
	ui_prepare(&u, o->theme, o->no_color, o->reveal);
	u.step = s;
	static const struct session_opts none;
	u.s = session_new(&none, NULL);
	/* The step keys work at once; i or Enter types a line instead; j, k
	 * and the like scroll the lesson. */
	u.focus = FOCUS_EXPLAIN;
	if (!ui_open(&u)) {
		session_free(u.s);
		return -1;
	}
	if (stepper_kind(s) == STEPPER_LESSON)
		ui_message(&u, _("STEP mode: Space or PgDn for the next row, Backspace or PgUp "
			       "back, i to type the client's line yourself, ? for help"));
	else
		ui_message(&u, _("REPLAY mode: Space or PgDn for the next line, Backspace or PgUp "
			       "back, ? for help"));
	loop_run(u.loop);
	ui_close(&u);
	loop_free(u.loop);
	session_free(u.s);
	return EXIT_OK;
}
