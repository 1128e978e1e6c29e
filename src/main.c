/* smtpdbg: an interactive SMTP session debugger. The command-line layer
 * (src/cli) does everything; main only sets up the locale. */
#include <locale.h>

#include "smtpdbg/cli.h"
#include "smtpdbg/startup.h"

int main(int argc, char **argv)
{
	startup_mark();
	setlocale(LC_ALL, "");
	return cli_main(argc, argv);
}
