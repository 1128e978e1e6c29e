/* HOST[:PORT] and the TLS choice of the connecting commands, checked
 * together. Private to src/app. */
#ifndef SMTPDBG_CLI_TARGET_H
#define SMTPDBG_CLI_TARGET_H

#include <stdbool.h>

#include "smtpdbg/run_plan.h"

/* target may be NULL (not given). The port defaults to 465 with --tls,
 * else 25; port 465 means implicit TLS unless --no-tls. Returns -1 when
 * all is well (*host and *port are the caller's to free), else the exit
 * status of the usage error it reported for cmd. */
int cli_target(const char *cmd, const char *target, bool starttls, bool tls, bool no_tls,
	       char **host, char **port, enum run_tls *mode);

#endif
