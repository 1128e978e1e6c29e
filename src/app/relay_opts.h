/* The command line of `smtpdbg relay-test`, parsed and checked. Private to
 * src/app. */
#ifndef SMTPDBG_RELAY_OPTS_H
#define SMTPDBG_RELAY_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "smtpdbg/relay_plan.h"

struct relay_cli {
	char *host, *port;
	int family;              /* AF_UNSPEC, AF_INET (-4), AF_INET6 (-6) */
	const char *cafile;
	bool insecure;
	int timeout_s;
	bool json, quiet;
	FILE *output;            /* --output, or NULL */
	char date[64], tag[64];  /* for the --data message */
	struct relay_opts opts;  /* what the plan needs */
};

/* Parse argv. Returns -1 when the test should go ahead, else the exit
 * status to return at once (help, version, usage error). */
int relay_cli_parse(struct relay_cli *cli, int argc, char **argv);
void relay_cli_free(struct relay_cli *cli);

#endif
