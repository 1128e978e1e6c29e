#include "smtpdbg/cli.h"

int cmd_explain(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("explain", "not built yet");
}
