/* The command line of `smtpdbg run`, parsed and checked. Private to
 * src/app. */
#ifndef SMTPDBG_RUN_OPTS_H
#define SMTPDBG_RUN_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "smtpdbg/run_plan.h"

struct run_cli {
	char *host, *port;
	int family;              /* AF_UNSPEC, AF_INET (-4), AF_INET6 (-6) */
	enum run_tls tls;
	const char *cafile, *cert, *key, *sni;
	bool insecure;
	int timeout_s;
	bool json, show_secrets, explain_auth;
	FILE *output;            /* --output, or NULL */
	FILE *body;              /* the message to send after 354 */
	char *password;          /* wiped on free */
	char *token;             /* wiped on free */
	char **to;
	char **script;
	size_t nscript;
	struct run_opts opts;    /* what the plan needs */
};

/* Parse argv. Returns -1 when the run should go ahead, else the exit
 * status to return at once (help, version, usage error). */
int run_cli_parse(struct run_cli *cli, int argc, char **argv);
void run_cli_free(struct run_cli *cli);

#endif
