/* demo and replay on a terminal: the TUI's step mode, or the printed form
 * when the terminal cannot be drawn on. */
#include <stdlib.h>
#include <unistd.h>

#include "cli_teach.h"
#include "smtpdbg/cli.h"
#include "smtpdbg/safefile.h"
#include "smtpdbg/tui.h"

bool teach_on_terminal(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

int teach_steps(struct teach_opts *o, struct stepper *(*make)(const struct teach_opts *, int *),
		int (*print)(const struct teach_opts *))
{
	int rc;
	struct stepper *s = make(o, &rc);
	if (!s)
		return rc;
	tui_set_presenter(o->presenter);
	int ui = tui_steps(s, o);
	if (ui < 0) {
		stepper_free(s);
		return print(o);
	}
	if (o->output && demo_save(s, o->output, o->force) < 0)
		rc = SMTPDBG_EXIT_WRITE;
	stepper_free(s);
	return ui != EXIT_OK ? ui : rc;
}

void teach_opts_free(struct teach_opts *o)
{
	free(o->args.operands);
	o->args.operands = NULL;
	o->args.n = 0;
}
