/* A crash while a password is in memory must not write it to a core file,
 * and another process of the same user must not read it with ptrace. */
#include <sys/prctl.h>
#include <sys/resource.h>

#include "smtpdbg/secret_guard.h"

int secret_guard(void)
{
	int rc = 0;
	struct rlimit none = {0, 0};
	if (setrlimit(RLIMIT_CORE, &none) != 0)
		rc = -1;
	/* Also covers core handlers that ignore RLIMIT_CORE (a pipe in
	 * core_pattern, e.g. systemd-coredump). */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		rc = -1;
	return rc;
}
