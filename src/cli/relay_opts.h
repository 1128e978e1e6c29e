/* The command line of `smtpdbg relay-test`, parsed and checked. Private to
 * src/cli. */
#ifndef SMTPDBG_RELAY_OPTS_H
#define SMTPDBG_RELAY_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "smtpdbg/conn_opts.h"
#include "smtpdbg/opt.h"
#include "smtpdbg/relay_plan.h"
#include "smtpdbg/safefile.h"

struct relay_cli {
	struct conn_opts conn;
	bool json, quiet, force;
	const char *output_path;
	struct safefile output;  /* --output when output.fd >= 0 */
	char date[64], tag[64];  /* for the --data message */
	struct cli_args args;
	struct relay_opts opts;  /* what the plan needs */
};

extern const struct cli_cmd cli_cmd_relay_test;

/* Parse argv. Returns -1 when the test should go ahead, else the exit
 * status to return at once (help, version, usage error). */
int relay_cli_parse(struct relay_cli *cli, int argc, char **argv);
void relay_cli_free(struct relay_cli *cli);

#endif
