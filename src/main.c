/* smtpdbg: an interactive SMTP session debugger. The command-line layer
 * (src/cli) does everything, the language first. */
#include "smtpdbg/cli.h"
#include "smtpdbg/startup.h"

int main(int argc, char **argv)
{
	startup_mark();
	return cli_main(argc, argv);
}
