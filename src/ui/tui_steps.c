/* smtpdbg (no arguments), smtpdbg demo and smtpdbg replay on a terminal:
 * the TUI in STEP or REPLAY mode. The stepper is the whole model: no
 * socket, no session; the loop only waits for keys and signals. */
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
	/* The step keys work at once; i or Enter types a line instead. */
	u.focus = FOCUS_TRANSCRIPT;
	if (!ui_open(&u))
		return -1;
	if (stepper_kind(s) == STEPPER_LESSON)
		ui_message(&u, _("STEP mode: Space or PgDn for the next row, Backspace or PgUp "
			       "back, i to type the client's line yourself, ? for help"));
	else
		ui_message(&u, _("REPLAY mode: Space or PgDn for the next line, Backspace or PgUp "
			       "back, ? for help"));
	loop_run(u.loop);
	ui_close(&u);
	loop_free(u.loop);
	return EXIT_OK;
}
