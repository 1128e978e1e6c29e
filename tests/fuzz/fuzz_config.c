/* The config file is the user's, but it may be copied from anywhere:
 * whatever the bytes, checking it stays in bounds, and what it accepts
 * applies to a command without error. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/opt.h"
#include "smtpdbg/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (cli_config_check("fuzz", (const char *)data, size, true) < 0)
		return 0;
	/* Accepted: the interactive mode's parse must take it (host section
	 * included) and either go ahead or refuse with a usage error. */
	struct session_opts o;
	struct cli_args a;
	char *argv[] = {"smtpdbg", "mx.example:587", NULL};
	int rc = tui_cli_parse(&o, &a, 2, argv);
	if (rc != -1 && rc != 2)
		abort();
	conn_opts_free(&o.conn);
	free(a.operands);
	return 0;
}
