/* The command line of `smtpdbg run`, parsed and checked. Private to
 * src/cli. */
#ifndef SMTPDBG_RUN_OPTS_H
#define SMTPDBG_RUN_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "smtpdbg/conn_opts.h"
#include "smtpdbg/message.h"
#include "smtpdbg/opt.h"
#include "smtpdbg/run_plan.h"
#include "smtpdbg/safefile.h"

struct run_cli {
	struct conn_opts conn;
	const char *auth, *pw_env, *pw_file, *tok_env, *tok_file;
	const char *body_path, *output_path, *script_path, *quit_after;
	const char *drop_after, *drop_after_send;
	const char *subject, *body_text;
	struct opt_list headers, add_headers, attach, attach_inline;
	bool dump_message;
	struct message *msg;     /* the message to send, when there is one */
	int ir;                  /* enum sasl_ir */
	struct opt_list to, mail_params, rcpt_params;
	bool json, show_secrets, explain_auth, force, quiet;
	bool check;              /* --check: a monitoring plugin's line and codes */
	int warn_days, crit_days, warn_time, crit_time;
	struct safefile output;  /* --output when output.fd >= 0 */
	FILE *body;              /* the message to send after 354 (msg's stream) */
	char *password;          /* wiped on free */
	char *token;             /* wiped on free */
	const char *xclient;     /* --xclient as given */
	char *xclient_line;      /* the XCLIENT command built from it */
	char **script;
	size_t nscript;
	struct cli_args args;
	struct run_opts opts;    /* what the plan needs */
};

extern const struct cli_cmd cli_cmd_run;

/* Parse argv. Returns -1 when the run should go ahead, else the exit
 * status to return at once (help, version, usage error). */
int run_cli_parse(struct run_cli *cli, int argc, char **argv);
void run_cli_free(struct run_cli *cli);

#endif
