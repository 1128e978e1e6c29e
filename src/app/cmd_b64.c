#include "smtpdbg/cli.h"

int cmd_b64(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("b64", "not built yet");
}
