#include "smtpdbg/cli.h"

int cmd_sasl(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_usage_error("sasl", "not built yet");
}
