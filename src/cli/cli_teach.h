/* What demo and replay share in the command-line layer. Private to
 * src/cli. */
#ifndef SMTPDBG_CLI_TEACH_H
#define SMTPDBG_CLI_TEACH_H

#include <stdbool.h>

#include "smtpdbg/opt.h"
#include "smtpdbg/teach_cli.h"

extern const struct opt teach_display_opts[];
extern const struct cli_cmd cli_cmd_demo, cli_cmd_replay;

/* Both standard input and output are terminals. */
bool teach_on_terminal(void);
/* The TUI's step mode on what make builds; printed with print instead
 * when this terminal cannot be drawn on. Returns the exit status. */
int teach_steps(struct teach_opts *o, struct stepper *(*make)(const struct teach_opts *, int *),
		int (*print)(const struct teach_opts *));

#endif
